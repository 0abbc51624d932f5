#include "jtree.h"

#include <limits.h>
#include <locale.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "text.h"

/* Room for a typical element and its strings, so that a load of small
 * elements allocates once. */
#define FIRST_CHUNK (64u << 10)
/* Chunks for a large element double up to this, so that 16 MiB of tiny
 * values is not thousands of allocations nor one huge one kept. */
#define LARGEST_CHUNK (8u << 20)

struct jtree_chunk {
    struct jtree_chunk *next; /* older */
    size_t size;              /* bytes of data */
    alignas(max_align_t) char data[];
};

void jtree_init(jtree_arena *a)
{
    a->chunks = NULL;
    a->at = a->end = NULL;
    a->string_made = NULL;
    a->user = NULL;
}

/* A chunk at least need bytes long, in front of the others. */
static void add_chunk(jtree_arena *a, size_t need)
{
    need += sizeof(max_align_t); /* room to align the first block */
    size_t size = a->chunks ? a->chunks->size * 2 : FIRST_CHUNK;
    if (size > LARGEST_CHUNK)
        size = LARGEST_CHUNK;
    if (size < need)
        size = need;
    struct jtree_chunk *c = mem_alloc(sizeof *c + size);
    c->next = a->chunks;
    c->size = size;
    a->chunks = c;
    a->at = c->data;
    a->end = c->data + size;
}

void *jtree_take_more(jtree_arena *a, size_t n, size_t align)
{
    add_chunk(a, n);
    return jtree_take(a, n, align);
}

/* The first chunk is all that most loads ever need: it stays. */
void jtree_reset(jtree_arena *a)
{
    struct jtree_chunk *c = a->chunks;
    if (!c)
        return;
    while (c->next) {
        struct jtree_chunk *older = c->next;
        free(c);
        c = older;
    }
    a->chunks = c;
    a->at = c->data;
    a->end = c->data + c->size;
}

void jtree_free(jtree_arena *a)
{
    jtree_reset(a);
    free(a->chunks);
    a->chunks = NULL;
    a->at = a->end = NULL;
}

/* ---- the nodes: their bytes are valid, so they are only decoded ---- */

/* The high bit of the bytes of w that are '"' or '\\' (and perhaps of bytes
 * above the first such one). */
static inline uint64_t quotes_or_backslashes(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
    return (((quote - ones) & ~quote) | ((slash - ones) & ~slash)) & high;
}

/* Where the first '"' or '\\' from s is, or end. */
static const char *quote_or_backslash(const char *s, const char *end)
{
    for (; s + 8 <= end; s += 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        uint64_t found = quotes_or_backslashes(w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (found) /* a borrow marks only bytes above a true one: the lowest is exact */
            return s + (__builtin_ctzll(found) >> 3);
#else
        if (found)
            break;
#endif
    }
    while (s < end && *s != '"' && *s != '\\')
        s++;
    return s;
}

static unsigned hex4(const char *s)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char h = s[k];
        v = v << 4 | (unsigned)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    return v;
}

/* An escape is never shorter than what it decodes to, so the bytes as
 * written are room enough. */
char *jtree_unescape(jtree_arena *a, const char *s, size_t n, size_t *len)
{
    const char *close = s + n - 1;
    s++;
    char *out = jtree_take(a, (size_t)(close - s) + 1, 1), *o = out;
    while (s < close) {
        const char *stop = quote_or_backslash(s, close);
        memcpy(o, s, (size_t)(stop - s));
        o += stop - s;
        s = stop;
        if (s >= close)
            break;
        char e = s[1];
        if (e != 'u') {
            *o++ = e == 'b' ? '\b' : e == 'f' ? '\f' : e == 'n' ? '\n' : e == 'r' ? '\r'
                 : e == 't' ? '\t' : e;
            s += 2;
            continue;
        }
        uint32_t cp = hex4(s + 2);
        s += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) { /* jstream has checked its low half follows */
            cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(s + 2) - 0xDC00);
            s += 6;
        }
        o += text_encode(cp, o);
    }
    *o = 0;
    *len = (size_t)(o - out);
    return out;
}

/* As cJSON gives a number: strtod's double, valueint saturated. Whole numbers
 * of up to 15 digits (every count and amount of a report) are exact as a
 * double and need no strtod. */
cJSON *jtree_number(jtree_arena *a, const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    bool minus = *p == '-';
    p += minus;
    uint64_t whole = 0;
    const char *digits = p;
    while (p < end && *p >= '0' && *p <= '9')
        whole = whole * 10 + (uint64_t)(*p++ - '0');
    bool digits_only = p == end;
    double d;
    if (digits_only && p - digits <= 15) {
        d = minus ? -(double)whole : (double)whole;
    } else {
        /* strtod reads the locale's decimal point, as cJSON arranges for */
        char *copy = jtree_take(a, n + 1, 1);
        char point = localeconv()->decimal_point[0];
        for (size_t i = 0; i < n; i++)
            copy[i] = s[i] == '.' ? point : s[i];
        copy[n] = 0;
        d = strtod(copy, NULL);
    }
    cJSON *node = jtree_node(a, cJSON_Number | (digits_only ? JTREE_DIGITS_ONLY : 0));
    node->valuedouble = d;
    node->valueint = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
    return node;
}

/* Members and elements are chained as cJSON chains them: child's prev is the last. */
void jtree_append(cJSON *container, cJSON *item)
{
    if (container->child) {
        cJSON *last = container->child->prev;
        last->next = item;
        item->prev = last;
    } else {
        container->child = item;
    }
    container->child->prev = item;
}

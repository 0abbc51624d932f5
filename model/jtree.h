/* The loader's view of one element: a tree of cJSON nodes, so that it is
 * inspected with cJSON's own API, but built by jstream as it validates the
 * bytes (jstream_tree), into an arena that is emptied before the next element.
 * cJSON's parser checked every byte again and paid a malloc and a free for
 * each node and each string; a million records made that half the load. */
#ifndef ZJDASH_JTREE_H
#define ZJDASH_JTREE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Chunks of memory the nodes and their strings are cut from. */
typedef struct jtree_arena {
    struct jtree_chunk *chunks; /* the newest first; the last is kept across resets */
    char *at, *end;             /* the room left in the newest chunk */
    /* if set, told of each string node as soon as it is made (while the rest
     * of its element is still being read), with user */
    void (*string_made)(void *user, cJSON *node);
    void *user;
} jtree_arena;

/* An empty arena, with no string_made. */
void jtree_init(jtree_arena *a);
/* Forgets every tree built so far; large elements give their extra room back. */
void jtree_reset(jtree_arena *a);
void jtree_free(jtree_arena *a);

/* A number node's type has this flag (beside cJSON_Number, which cJSON's
 * tests mask with 0xFF) when the number is written as digits alone, with no
 * fraction nor exponent: whole as written, with no need to look again. */
#define JTREE_DIGITS_ONLY (1 << 12)

/* A string node's valueint is the length of its valuestring in bytes (cJSON
 * leaves it 0); its valuedouble is the caller's to use. */

/* The nodes, one at a time, for the scanner that has just checked the bytes
 * of each (jstream_tree): they are trusted, only decoded. Never fails:
 * memory runs out the way mem_alloc says. Nodes live until jtree_reset;
 * cJSON_Delete must never be called on them. The ones made for every token
 * of a file are inline: as calls they were a twentieth of a load. */

/* n bytes aligned to align (a power of 2), from the newest chunk or a new one. */
void *jtree_take_more(jtree_arena *a, size_t n, size_t align);
static inline void *jtree_take(jtree_arena *a, size_t n, size_t align)
{
    uintptr_t at = ((uintptr_t)a->at + (align - 1)) & ~(uintptr_t)(align - 1);
    if (!a->at || at + n > (uintptr_t)a->end)
        return jtree_take_more(a, n, align);
    a->at = (char *)at + n;
    return (void *)at;
}

/* A node of a type with nothing more to it (true, false, null, a container
 * before its members are appended). */
static inline cJSON *jtree_node(jtree_arena *a, int type)
{
    cJSON *n = jtree_take(a, sizeof *n, _Alignof(cJSON));
    memset(n, 0, sizeof *n);
    n->type = type;
    return n;
}

/* The n bytes at s of a string literal that holds a backslash, quotes
 * included, decoded and NUL-terminated; its length in *len. */
char *jtree_unescape(jtree_arena *a, const char *s, size_t n, size_t *len);

/* The same of any string literal (escaped: whether it holds a backslash). */
static inline char *jtree_string(jtree_arena *a, const char *s, size_t n, bool escaped,
                                 size_t *len)
{
    if (escaped)
        return jtree_unescape(a, s, n, len);
    char *out = jtree_take(a, n - 1, 1);
    memcpy(out, s + 1, n - 2);
    out[n - 2] = 0;
    *len = n - 2;
    return out;
}

/* A string node of such a literal. */
static inline cJSON *jtree_string_node(jtree_arena *a, const char *s, size_t n, bool escaped)
{
    cJSON *node = jtree_node(a, cJSON_String);
    size_t len;
    node->valuestring = jtree_string(a, s, n, escaped, &len);
    node->valueint = (int)len; /* jstream allows at most 1 MiB */
    if (a->string_made)
        a->string_made(a->user, node);
    return node;
}
/* A number node of the n bytes at s, as cJSON would read them. */
cJSON *jtree_number(jtree_arena *a, const char *s, size_t n);
/* Adds item after the last member or element of container. */
void jtree_append(cJSON *container, cJSON *item);

#endif

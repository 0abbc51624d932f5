#include "jstream.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jtree.h"
#include "mem.h"
#include "text.h"

#define FIRST_WINDOW (1u << 20)
#define KEY_KEPT 48

struct frame {
    bool array;
    bool first;     /* nothing read inside yet */
    bool inside;    /* a member or element is being read: it belongs in the path */
    size_t index;   /* the element being read */
    uint64_t key_at;              /* file offset of the current member's key */
    uint64_t line, col;           /* where an object of the outer structure began */
    char key[KEY_KEPT];           /* the key as written, perhaps cut short */
    size_t key_len;
};

struct jstream {
    int fd;
    char *store;          /* the window, for a file; NULL for memory */
    const char *data;     /* the window's bytes */
    size_t len, cap;      /* bytes in the window, room for them */
    size_t pos;           /* next byte to read */
    size_t keep;          /* bytes before this are done with */
    bool eof;
    uint64_t origin;      /* file offset of data[0] */
    uint64_t origin_line, origin_col;
    struct frame frames[JSTREAM_MAX_DEPTH];
    size_t depth;
    size_t value_start, value_len;
    size_t value_depth;   /* frames outside the value being read */
    bool reading_value;
    jtree_arena *build;   /* while jstream_tree reads a value: where its nodes go */
    cJSON *built;         /* the node of the value scan_value read last */
    bool escaped;         /* the string scan_string read last holds a backslash */
    uint64_t closed_line, closed_col; /* where the object last closed began */
    buf key;
    buf err;
    bool failed;
    bool unreadable; /* the failure was the file's, not its contents' */
    bool (*wait)(void *user); /* jstream_on_wait's, for a descriptor that may stall */
    void *wait_user;
    char *name;
};

/* Decodes the JSON string literal at s (which must be valid) into out. */
static void unescape(buf *out, const char *s, size_t len);

uint64_t jstream_bytes_read(const jstream *js)
{
    return js->origin + js->len;
}

void jstream_on_wait(jstream *js, bool (*wait)(void *user), void *user)
{
    struct stat st;
    if (js->fd < 0 || (fstat(js->fd, &st) == 0 && S_ISREG(st.st_mode)))
        return;
    js->wait = wait;
    js->wait_user = user;
}

/* A file and a buffer in memory are read the same way; only the window differs. */
static jstream *open_common(const char *name)
{
    jstream *js = mem_calloc(1, sizeof *js);
    buf safe;
    buf_init(&safe);
    text_sanitize(&safe, name, strlen(name));
    js->name = buf_take(&safe);
    js->origin_line = 1;
    js->origin_col = 1;
    buf_init(&js->key);
    buf_init(&js->err);
    return js;
}

/* Files are read through a window that grows only while one element needs it. */
jstream *jstream_open_fd(int fd, const char *name)
{
    jstream *js = open_common(name);
    js->fd = fd;
    js->cap = FIRST_WINDOW;
    js->store = mem_alloc(js->cap);
    js->data = js->store;
    return js;
}

/* The built-in dataset is already in memory: the whole of it is the window. */
jstream *jstream_open_mem(const char *data, size_t len, const char *name)
{
    jstream *js = open_common(name);
    js->fd = -1;
    js->data = data;
    js->len = len;
    js->cap = len;
    js->eof = true;
    return js;
}

/* One teardown, whether reading ended well or not; NULL is let through. */
void jstream_free(jstream *js)
{
    if (!js)
        return;
    free(js->store);
    free(js->name);
    buf_free(&js->key);
    buf_free(&js->err);
    free(js);
}

/* A file that cannot be read exits differently from one that says something wrong. */
bool jstream_unreadable(const jstream *js)
{
    return js->unreadable;
}

/* The message is read once, after the loader has stopped. */
const char *jstream_error(const jstream *js)
{
    return js->err.data ? js->err.data : "";
}

/* ---- where we are ---- */

/* Line and column are counted only when a message needs them, or the window
 * slides. A file of one element a line has as many newlines as elements:
 * they are counted 8 bytes at a time (a call to memchr each was 2% of a
 * load), then the column from the last one. */
static void advance_position(const char *s, size_t n, uint64_t *line, uint64_t *col)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Fu, newlines = 0x0A0A0A0A0A0A0A0Au;
    uint64_t count = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t x = w ^ newlines; /* a zero byte where w has '\n' */
        /* exact: the high bit of each byte that is zero, and of no other */
        uint64_t zero = ~(((x & low7) + low7) | x | low7) >> 7;
        /* their sum lands in the top byte (no popcount instruction is assumed) */
        count += (zero * 0x0101010101010101u) >> 56;
    }
    for (; i < n; i++)
        count += s[i] == '\n';
    const char *p = s + n;
    if (count) {
        *line += count;
        *col = 1;
        while (p[-1] != '\n')
            p--;
    } else {
        p = s;
    }
    for (const char *end = s + n; p < end; p++)
        *col += ((unsigned char)*p & 0xC0) != 0x80;
}

/* Keys that are plain words are shown as .key in a path, others as ["key"]. */
static bool identifier(const char *s, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (i && s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

/* A path must say which member even when its key is odd, long or hostile. */
static void append_key(buf *out, const char *key, size_t n, bool cut)
{
    if (identifier(key, n) && !cut) {
        if (out->len)
            buf_putc(out, '.');
        buf_put(out, key, n);
        return;
    }
    buf safe;
    buf_init(&safe);
    text_sanitize(&safe, key, n);
    buf_puts(out, "[\"");
    for (size_t i = 0; i < safe.len; i++) {
        if (safe.data[i] == '"' || safe.data[i] == '\\')
            buf_putc(out, '\\');
        buf_putc(out, safe.data[i]);
    }
    buf_free(&safe);
    buf_puts(out, cut ? "…\"]" : "\"]");
}

/* Every message names where it is, as themes[1].records[3].money, not only line:column. */
static void append_path(jstream *js, buf *out, const jstream_step *steps, size_t nsteps)
{
    buf part;
    buf_init(&part);
    for (size_t d = 0; d < js->depth; d++) {
        const struct frame *f = &js->frames[d];
        if (!f->inside)
            break;
        if (f->array) {
            buf_printf(&part, "[%zu]", f->index);
        } else {
            bool cut = f->key_len > KEY_KEPT - 2;
            /* the key is kept as written; decode it when it is whole */
            buf key;
            buf_init(&key);
            if (!cut) {
                buf quoted;
                buf_init(&quoted);
                buf_putc(&quoted, '"');
                buf_put(&quoted, f->key, f->key_len);
                buf_putc(&quoted, '"');
                unescape(&key, quoted.data, quoted.len);
                buf_free(&quoted);
            } else { /* cut where a character starts */
                size_t n = KEY_KEPT - 2;
                while (n > 0 && ((unsigned char)f->key[n] & 0xC0) == 0x80)
                    n--;
                buf_put(&key, f->key, n);
            }
            append_key(&part, key.data ? key.data : "", key.len, cut);
            buf_free(&key);
        }
    }
    for (size_t i = 0; i < nsteps; i++) {
        if (steps[i].key)
            append_key(&part, steps[i].key, strlen(steps[i].key), false);
        else
            buf_printf(&part, "[%zu]", steps[i].index);
    }
    buf_puts(out, part.len ? part.data : "(top level)");
    buf_free(&part);
}

/* Messages give line and column, which the reader counts only from the window's start. */
static void where(jstream *js, uint64_t offset, uint64_t *line, uint64_t *col)
{
    *line = js->origin_line;
    *col = js->origin_col;
    if (offset >= js->origin) {
        size_t upto = (size_t)(offset - js->origin);
        advance_position(js->data, upto < js->len ? upto : js->len, line, col);
    }
}

/* The first failure is the one told: later ones follow from it. */
static void vfail_line(jstream *js, uint64_t line, uint64_t col, const jstream_step *steps,
                       size_t nsteps, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
static void vfail_line(jstream *js, uint64_t line, uint64_t col, const jstream_step *steps,
                       size_t nsteps, const char *fmt, va_list ap)
{
    if (js->failed)
        return;
    js->failed = true;
    buf_clear(&js->err);
    buf_printf(&js->err, "%s:%llu:%llu: ", js->name, (unsigned long long)line,
               (unsigned long long)col);
    append_path(js, &js->err, steps, nsteps);
    buf_puts(&js->err, ": ");
    buf_vprintf(&js->err, fmt, ap);
}

/* Most failures know a byte offset, not yet a line and column. */
static void vfail(jstream *js, uint64_t offset, const jstream_step *steps, size_t nsteps,
                  const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
static void vfail(jstream *js, uint64_t offset, const jstream_step *steps, size_t nsteps,
                  const char *fmt, va_list ap)
{
    uint64_t line, col;
    where(js, offset, &line, &col);
    vfail_line(js, line, col, steps, nsteps, fmt, ap);
}

/* A missing member is noticed at the closing brace but belongs to the object's start. */
void jstream_fail_at_closed(jstream *js, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail_line(js, js->closed_line, js->closed_col, NULL, 0, fmt, ap);
    va_end(ap);
}

/* The scanner's own failures point at a byte in the window. */
static void fail(jstream *js, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(jstream *js, size_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(js, js->origin + at, NULL, 0, fmt, ap);
    va_end(ap);
}

/* The value being read is too big: said of the value itself, at its start. */
static void fail_too_big(jstream *js)
{
    if (js->failed)
        return;
    js->depth = js->value_depth;
    fail(js, js->value_start, "expected an element of at most %u MiB, found a larger one",
         JSTREAM_MAX_VALUE >> 20);
}

/* The loader's failures point inside a value it has already been handed. */
void jstream_fail_at(jstream *js, const char *at, const jstream_step *steps, size_t nsteps,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(js, js->origin + (uint64_t)(at - js->data), steps, nsteps, fmt, ap);
    va_end(ap);
}

/* Unknown, repeated or misplaced members are told at their key. */
void jstream_fail_at_key(jstream *js, const char *fmt, ...)
{
    uint64_t at = js->origin + js->pos;
    if (js->depth && !js->frames[js->depth - 1].array)
        at = js->frames[js->depth - 1].key_at;
    va_list ap;
    va_start(ap, fmt);
    vfail(js, at, NULL, 0, fmt, ap);
    va_end(ap);
}

/* ---- the window ---- */

/* Until the descriptor has bytes (or its end, or an error), the waiter is
 * asked every JSTREAM_WAIT_MS whether to go on. */
static bool wait_for_bytes(jstream *js)
{
    if (!js->wait)
        return true;
    for (;;) {
        struct pollfd p = {js->fd, POLLIN, 0};
        int r = poll(&p, 1, JSTREAM_WAIT_MS);
        if (r > 0 || (r < 0 && errno != EINTR))
            return true; /* the read says what came */
        if (!js->wait(js->wait_user)) {
            fail(js, js->len, "the read was stopped");
            return false;
        }
    }
}

/* Reads more of the file; false at its end or on an error (then failed). */
static bool fill(jstream *js)
{
    if (js->eof || js->failed)
        return false;
    if (js->reading_value && js->len - js->value_start > JSTREAM_MAX_VALUE) {
        fail_too_big(js);
        return false;
    }
    if (js->len == js->cap) {
        js->cap *= 2;
        js->store = mem_realloc(js->store, js->cap);
        js->data = js->store;
    }
    if (!wait_for_bytes(js))
        return false;
    for (;;) {
        ssize_t n = read(js->fd, js->store + js->len, js->cap - js->len);
        if (n > 0) {
            js->len += (size_t)n;
            return true;
        }
        if (n == 0) {
            js->eof = true;
            return false;
        }
        if (errno != EINTR) {
            fail(js, js->len, "cannot read: %s", strerror(errno));
            js->unreadable = true;
            return false;
        }
    }
}

/* Makes byte i of the window available: false at the end of the file. */
static inline bool have(jstream *js, size_t i)
{
    while (i >= js->len)
        if (!fill(js))
            return false;
    return true;
}

/* Forgetting what is done lets a file of any size be read in a window of a few MiB. */
void jstream_release(jstream *js)
{
    js->keep = js->pos;
    if (!js->store || js->pos < js->cap / 2)
        return;
    advance_position(js->data, js->pos, &js->origin_line, &js->origin_col);
    memmove(js->store, js->store + js->pos, js->len - js->pos);
    js->origin += js->pos;
    js->len -= js->pos;
    js->pos = 0;
    js->keep = 0;
}

/* ---- describing what was found ---- */

/* "found" must show what is there, even if it is a byte that is not text or cannot be seen. */
static void describe_at(jstream *js, size_t i, buf *out)
{
    if (!have(js, i)) {
        buf_puts(out, "end of file");
        return;
    }
    while (i + 4 > js->len && fill(js))
        ;
    const unsigned char c = (unsigned char)js->data[i];
    uint32_t cp;
    size_t n = text_decode(js->data + i, js->len - i, &cp);
    if (!n)
        buf_printf(out, "byte 0x%02X", c);
    else if (text_class_of(cp) == TEXT_UNSAFE || cp == 0xA0 || cp == 0x3000 ||
             (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F)
        buf_printf(out, "U+%04X", (unsigned)cp); /* a space no one can see */
    else if (c == '\'')
        buf_puts(out, "\"'\"");
    else
        buf_printf(out, "'%.*s'", (int)n, js->data + i);
}

/* Most syntax errors are "expected X, found Y", worded alike. */
static void fail_found(jstream *js, size_t i, const char *expected)
{
    buf found;
    buf_init(&found);
    describe_at(js, i, &found);
    fail(js, i, "expected %s, found %s", expected, found.data);
    buf_free(&found);
}

/* GBK is the likeliest wrong encoding of a Chinese file: say so when the bytes look like it. */
static void fail_not_utf8(jstream *js, size_t i)
{
    while (i + 2 > js->len && fill(js))
        ;
    const unsigned char *u = (const unsigned char *)js->data + i;
    bool two = i + 1 < js->len;
    if (two && text_looks_gbk(js->data + i, js->len - i))
        fail(js, i, "expected UTF-8 text, found bytes 0x%02X 0x%02X: not UTF-8 (GBK?)", u[0], u[1]);
    else
        fail(js, i, "expected UTF-8 text, found byte 0x%02X: not UTF-8", u[0]);
}

/* A control character in the data could drive the terminal: refused, and shown as its code. */
static void fail_control(jstream *js, size_t i, uint32_t cp, const char *written)
{
    if (written)
        fail(js, i, "expected text without control characters, found %s (U+%04X)", written,
             (unsigned)cp);
    else
        fail(js, i, "expected text without control characters, found U+%04X", (unsigned)cp);
}

/* ---- scanning ---- */

/* White space between tokens never matters: skip it once, here. Most tokens
 * follow no white space, so that case costs one comparison. */
static inline int peek(jstream *js)
{
    if (js->pos < js->len && (unsigned char)js->data[js->pos] > ' ')
        return (unsigned char)js->data[js->pos];
    /* Between elements, with nothing read since the last release, white
     * space is done with as it is passed: 400 MB of spaces between two
     * members slide through the window instead of growing it. Inside a
     * value it counts towards JSTREAM_MAX_VALUE like any byte. */
    bool between = js->pos == js->keep && !js->reading_value;
    for (;;) {
        if (between && js->pos == js->len)
            jstream_release(js);
        if (!have(js, js->pos))
            return -1;
        char c = js->data[js->pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return (unsigned char)c;
        js->pos++;
        if (between)
            js->keep = js->pos;
    }
}

/* \u escapes are read when checking and again when decoding. */
static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads the 4 hex digits of a \u escape starting at the backslash at i. */
static bool read_u_escape(jstream *js, size_t i, uint32_t *cp)
{
    if (!have(js, i + 5))
        return false;
    uint32_t v = 0;
    for (size_t k = i + 2; k < i + 6; k++) {
        int d = hex_digit(js->data[k]);
        if (d < 0)
            return false;
        v = v << 4 | (uint32_t)d;
    }
    *cp = v;
    return true;
}

/* C1 controls (0x80-0x9F) steer terminals as C0 ones do: both are refused. */
static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* The escape whose backslash is at *i; moves *i past it. */
static bool scan_escape(jstream *js, size_t *i)
{
    size_t at = *i;
    if (!have(js, at + 1)) {
        fail(js, at, "expected an escape after \\, found end of file");
        return false;
    }
    char e = js->data[at + 1];
    switch (e) {
    case '"':
    case '\\':
    case '/':
        *i = at + 2;
        return true;
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't': {
        static const char from[] = "bfnrt";
        static const uint32_t to[] = {8, 12, 10, 13, 9};
        char written[3] = {'\\', e, 0};
        fail_control(js, at, to[strchr(from, e) - from], written);
        return false;
    }
    case 'u':
        break;
    default:
        fail_found(js, at + 1, "an escape (\\\" \\\\ \\/ \\uXXXX) after \\");
        return false;
    }
    uint32_t cp;
    if (!read_u_escape(js, at, &cp)) {
        size_t bad = at + 2;
        while (bad < at + 6 && have(js, bad) && hex_digit(js->data[bad]) >= 0)
            bad++;
        fail_found(js, bad, "four hex digits after \\u");
        return false;
    }
    char written[7];
    snprintf(written, sizeof written, "\\u%04X", (unsigned)cp);
    if (is_control(cp)) {
        fail_control(js, at, cp, written);
        return false;
    }
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
        fail(js, at, "expected a high surrogate before the low surrogate %s, found none", written);
        return false;
    }
    *i = at + 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t low;
        if (!have(js, at + 7) || js->data[at + 6] != '\\' || js->data[at + 7] != 'u' ||
            !read_u_escape(js, at + 6, &low) || low < 0xDC00 || low > 0xDFFF) {
            fail(js, at, "expected a low surrogate \\uDC00-\\uDFFF after %s, found none", written);
            return false;
        }
        *i = at + 12;
    }
    return true;
}

/* Whether bytes are the start of a UTF-8 character the file ended inside. */
static bool cut_short(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t need = u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : (u[0] & 0xF0) == 0xE0 ? 3 : u[0] >= 0xC2 && u[0] <= 0xDF ? 2 : 0;
    if (!need || n >= need)
        return false;
    for (size_t k = 1; k < n; k++)
        if ((u[k] & 0xC0) != 0x80)
            return false;
    return true;
}

/* The high bit of each of the 8 bytes of w that is '"', '\\', below 0x20 or
 * at least 0x7F: the bytes a string's plain ASCII runs never hold (SWAR, no
 * branch a byte). A borrow or carry can mark a byte above a marked one, never
 * below it, so the lowest mark is exact. */
static inline uint64_t special_bytes(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
    uint64_t zero = ((quote - ones) & ~quote) | ((slash - ones) & ~slash);
    uint64_t low = w - ones * 0x20;       /* a byte below 0x20 borrows its high bit */
    uint64_t del = w + ones * 0x01;       /* 0x7F and above carry into (or have) the high bit */
    return (zero | low | del | w) & high;
}

/* Lead bytes E1-EC, EE and EF: three-byte characters (U+1000-U+FFFF but the
 * surrogates) that leave no room for an overlong form or a control, so that
 * two well-formed continuation bytes are all they need. */
#define CJK_LEADS 0xDFFEu

/* Whether the 3 bytes at u are one such character. */
static inline bool plain_three(const unsigned char *u)
{
    return (u[0] & 0xF0) == 0xE0 && (CJK_LEADS >> (u[0] & 0x0F) & 1) && (u[1] & 0xC0) == 0x80 &&
           (u[2] & 0xC0) == 0x80;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORDS_LITTLE_ENDIAN 1
#else
#define WORDS_LITTLE_ENDIAN 0
#endif

/* Whether the bytes of w (byte k at bits 8k) marked 0xFF in lead are lead
 * bytes of plain_three and those marked in cont continuation bytes: whole
 * runs of Chinese text checked a word at a time, with no byte's check
 * waiting for the one before. */
static inline bool plain_threes(uint64_t w, uint64_t lead, uint64_t cont)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    if ((w & ((lead & ones * 0xF0) | (cont & ones * 0xC0))) !=
        ((lead & ones * 0xE0) | (cont & ones * 0x80)))
        return false;
    /* a lead byte E0 or ED becomes a zero byte; cont bytes never do, so no
     * borrow reaches a lead byte from below */
    uint64_t e0 = w ^ ones * 0xE0, ed = w ^ ones * 0xED;
    return !((((e0 - ones) & ~e0) | ((ed - ones) & ~ed)) & lead & high);
}

/* Eight characters, 24 bytes in three words, each word with its own phase. */
static inline bool eight_plain_threes(const char *s)
{
    uint64_t w[3];
    memcpy(w, s, sizeof w);
    return plain_threes(w[0], 0x00FF0000FF0000FFu, 0xFF00FFFF00FFFF00u) &&
           plain_threes(w[1], 0xFF0000FF0000FF00u, 0x00FFFF00FFFF00FFu) &&
           plain_threes(w[2], 0x0000FF0000FF0000u, 0xFFFF00FFFF00FFFFu);
}

/* Two characters, the first 6 bytes of a word. */
static inline bool two_plain_threes(const char *s)
{
    uint64_t w;
    memcpy(&w, s, sizeof w);
    return plain_threes(w, 0x00000000FF0000FFu, 0x0000FFFF00FFFF00u);
}

/* The bytes of a string that need no second look: runs of plain ASCII (8 at
 * a time, the run before the first other byte at once) and of the
 * three-byte characters of Chinese text (plain_three, 8 or 2 at a time where
 * the word order allows). Returns where the first byte that needs
 * scan_string's full checks is. */
static inline size_t skip_plain(const char *data, size_t i, size_t len)
{
    for (;;) {
        if (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, data + i, 8);
            uint64_t special = special_bytes(w);
            if (!special) {
                i += 8;
                continue;
            }
            if (WORDS_LITTLE_ENDIAN) {
                i += (size_t)__builtin_ctzll(special) >> 3; /* the lowest byte is the first */
                if ((unsigned char)data[i] < 0x80) /* '"', '\\' or a control: for scan_string */
                    return i;
                while (i + 24 <= len && eight_plain_threes(data + i))
                    i += 24;
                if (i + 8 <= len && two_plain_threes(data + i)) {
                    i += 6;
                    continue;
                }
            }
        }
        const unsigned char *u = (const unsigned char *)data + i;
        if (i + 3 <= len && plain_three(u)) {
            i += 3;
            continue;
        }
        if (i < len && u[0] >= 0x20 && u[0] < 0x7F && u[0] != '"' && u[0] != '\\') {
            i++;
            continue;
        }
        return i;
    }
}

/* Strings are where bad bytes hide: UTF-8, controls, escapes and length are all checked here. */
static bool scan_string(jstream *js)
{
    size_t start = js->pos, i = start + 1;
    js->escaped = false;
    for (;;) {
        i = skip_plain(js->data, i, js->len);
        if (i >= js->len) {
            if (i - start > JSTREAM_MAX_STRING) {
                fail(js, start, "expected a string of at most %u MiB, found a longer one",
                     JSTREAM_MAX_STRING >> 20);
                return false;
            }
            if (!have(js, i)) {
                if (!js->failed)
                    fail(js, start, "expected a closing \" for this string, found end of file");
                return false;
            }
        }
        unsigned char c = (unsigned char)js->data[i];
        if (c == '"')
            break;
        if (c == '\\') {
            if (!scan_escape(js, &i))
                return false;
            js->escaped = true;
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            fail_control(js, i, c, NULL);
            return false;
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        while (i + 4 > js->len && fill(js))
            ;
        uint32_t cp;
        size_t n = text_decode(js->data + i, js->len - i, &cp);
        if (!n && js->eof && js->len - i < 4 && cut_short(js->data + i, js->len - i)) {
            fail(js, start, "expected a closing \" for this string, found end of file");
            return false;
        }
        if (!n) {
            fail_not_utf8(js, i);
            return false;
        }
        if (is_control(cp)) {
            fail_control(js, i, cp, NULL);
            return false;
        }
        i += n;
    }
    if (i - start > JSTREAM_MAX_STRING) {
        fail(js, start, "expected a string of at most %u MiB, found a longer one",
             JSTREAM_MAX_STRING >> 20);
        return false;
    }
    js->pos = i + 1;
    return true;
}

/* The number grammar asks this at every step, and the window may end anywhere. */
static bool digit_at(jstream *js, size_t i)
{
    return have(js, i) && js->data[i] >= '0' && js->data[i] <= '9';
}

/* A dataset is JSON for other tools too: numbers follow the grammar to the letter (no 01, no 1.). */
static bool scan_number(jstream *js)
{
    size_t i = js->pos;
    if (js->data[i] == '-')
        i++;
    if (!digit_at(js, i)) {
        fail_found(js, i, "a digit");
        return false;
    }
    if (js->data[i] == '0') {
        i++;
        if (digit_at(js, i)) {
            size_t end = i;
            while (digit_at(js, end) && end - js->pos < 40)
                end++;
            fail(js, js->pos, "expected a number without leading zeros, found '%.*s'",
                 (int)(end - js->pos), js->data + js->pos);
            return false;
        }
    } else {
        while (digit_at(js, i))
            i++;
    }
    if (have(js, i) && js->data[i] == '.') {
        i++;
        if (!digit_at(js, i)) {
            fail_found(js, i, "a digit after the decimal point");
            return false;
        }
        while (digit_at(js, i))
            i++;
    }
    if (have(js, i) && (js->data[i] == 'e' || js->data[i] == 'E')) {
        i++;
        if (have(js, i) && (js->data[i] == '+' || js->data[i] == '-'))
            i++;
        if (!digit_at(js, i)) {
            fail_found(js, i, "a digit in the exponent");
            return false;
        }
        while (digit_at(js, i))
            i++;
    }
    js->pos = i;
    return !js->failed;
}

/* true, false and null are checked whole, so that "tru" is told as what it is. */
static bool scan_literal(jstream *js, const char *word)
{
    size_t n = strlen(word);
    for (size_t k = 0; k < n; k++) {
        if (!have(js, js->pos + k) || js->data[js->pos + k] != word[k]) {
            size_t end = js->pos;
            while (have(js, end) && end - js->pos < 16 && js->data[end] >= 'a' && js->data[end] <= 'z')
                end++;
            fail(js, js->pos, "expected a value, found '%.*s'", (int)(end - js->pos),
                 js->data + js->pos);
            return false;
        }
    }
    js->pos += n;
    return true;
}

/* The path in messages is the stack of containers being read; its depth is bounded. */
static struct frame *push(jstream *js, bool array)
{
    if (js->depth == JSTREAM_MAX_DEPTH) {
        fail(js, js->pos, "expected at most %d levels of nesting, found a %dth level",
             JSTREAM_MAX_DEPTH, JSTREAM_MAX_DEPTH + 1);
        return NULL;
    }
    struct frame *f = &js->frames[js->depth++];
    f->array = array;
    f->first = true;
    f->inside = false;
    f->index = 0;
    f->key_len = 0;
    return f;
}

/* Leaving a container shortens the path in messages. */
static void pop(jstream *js)
{
    js->depth--;
}

/* A member's key goes into the path, kept as written, cut to a few dozen bytes. */
static void remember_key(jstream *js, struct frame *f, size_t start)
{
    size_t n = js->pos - start - 2;
    f->key_at = js->origin + start;
    f->key_len = n;
    memcpy(f->key, js->data + start + 1, n < KEY_KEPT ? n : KEY_KEPT);
}

static bool scan_value(jstream *js);

/* An object or array inside an element is checked in the same pass that reads it. */
static bool scan_container(jstream *js, bool array)
{
    char close = array ? ']' : '}';
    struct frame *f = push(js, array);
    if (!f)
        return false;
    cJSON *node = js->build ? jtree_node(js->build, array ? cJSON_Array : cJSON_Object) : NULL;
    js->pos++;
    int c = peek(js);
    if (c == close) {
        js->pos++;
        pop(js);
        js->built = node;
        return true;
    }
    for (;;) {
        char *key = NULL;
        if (!array) {
            f->inside = false;
            if (c != '"') {
                fail_found(js, js->pos, f->first ? "a member name in double quotes or }"
                                                 : "a member name in double quotes");
                return false;
            }
            size_t key_start = js->pos;
            if (!scan_string(js))
                return false;
            remember_key(js, f, key_start);
            if (node) {
                size_t key_len;
                key = jtree_string(js->build, js->data + key_start, js->pos - key_start,
                                   js->escaped, &key_len);
            }
            f->inside = true;
            if (peek(js) != ':') {
                fail_found(js, js->pos, "':' after the member name");
                return false;
            }
            js->pos++;
        }
        f->inside = true;
        f->first = false;
        if (!scan_value(js))
            return false;
        if (node) {
            js->built->string = key;
            jtree_append(node, js->built);
        }
        c = peek(js);
        if (c == ',') {
            js->pos++;
            c = peek(js);
            f->index++;
            f->inside = array; /* a member belongs in the path once its key is read */
            continue;
        }
        if (c == close) {
            js->pos++;
            pop(js);
            js->built = node;
            return true;
        }
        fail_found(js, js->pos, array ? "',' or ']'" : "',' or '}'");
        return false;
    }
}

/* true, false and null are nodes of their type alone, when a tree is built. */
static bool built(jstream *js, int type)
{
    if (js->build)
        js->built = jtree_node(js->build, type);
    return true;
}

/* Every value of the file passes here once, and nothing reaches the loader unchecked. */
static bool scan_value(jstream *js)
{
    int c = peek(js);
    switch (c) {
    case '{':
        return scan_container(js, false);
    case '[':
        return scan_container(js, true);
    case '"': {
        size_t start = js->pos;
        if (!scan_string(js))
            return false;
        if (js->build)
            js->built = jtree_string_node(js->build, js->data + start, js->pos - start, js->escaped);
        return true;
    }
    case 't':
        return scan_literal(js, "true") && built(js, cJSON_True);
    case 'f':
        return scan_literal(js, "false") && built(js, cJSON_False);
    case 'n':
        return scan_literal(js, "null") && built(js, cJSON_NULL);
    default:
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t start = js->pos;
            if (!scan_number(js))
                return false;
            if (js->build)
                js->built = jtree_number(js->build, js->data + start, js->pos - start);
            return true;
        }
        if (c >= 0x80) {
            uint32_t cp;
            while (js->pos + 4 > js->len && fill(js))
                ;
            if (!text_decode(js->data + js->pos, js->len - js->pos, &cp)) {
                fail_not_utf8(js, js->pos);
                return false;
            }
        }
        if (!js->failed)
            fail_found(js, js->pos, "a value");
        return false;
    }
}

/* ---- walking the outer structure ---- */

/* A file saved as UTF-16 or UTF-32 gets a message that says how to fix it, not a byte. */
static bool check_start_of_file(jstream *js)
{
    if (js->origin != 0 || js->pos != 0)
        return true;
    have(js, 3);
    const unsigned char *u = (const unsigned char *)js->data;
    if (js->len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        js->pos = 3; /* a UTF-8 byte-order mark says nothing harmful, and is no column */
        js->origin_col = 0;
        return true;
    }
    if (js->len >= 2 && (!u[0]) != (!u[1])) {
        fail(js, 0, "expected UTF-8, found UTF-16 without a byte-order mark: save the file as UTF-8");
        return false;
    }
    if (js->len >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && !u[2] && !u[3]) ||
                         (!u[0] && !u[1] && u[2] == 0xFE && u[3] == 0xFF))) {
        fail(js, 0, "expected UTF-8, found a UTF-32 byte-order mark: save the file as UTF-8");
        return false;
    }
    if (js->len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        fail(js, 0, "expected UTF-8, found a UTF-16 byte-order mark: save the file as UTF-8");
        return false;
    }
    return true;
}

/* The outer structure found a value of the wrong kind: say what it is. */
static void fail_kind(jstream *js, const char *expected)
{
    if (js->failed)
        return;
    size_t from = js->pos;
    int c = peek(js);
    /* a value that reads whole is described; anything else, its first character */
    if (c >= 0 && !(c >= 0x80) && scan_value(js)) {
        buf what;
        buf_init(&what);
        jstream_describe(&what, js->data + from, js->pos - from);
        fail(js, from, "expected %s, found %s", expected, what.data);
        buf_free(&what);
        return;
    }
    js->failed = false;
    fail_found(js, from, expected);
}

/* Whether nothing read since the last release is held: the outer structure's
 * brackets, commas and colons are then done with as soon as they are passed,
 * and the white space after them slides through the window (see peek). */
static bool released(const jstream *js)
{
    return js->pos == js->keep && !js->reading_value;
}

/* The loader walks the top level and each theme as objects, one member at a time. */
bool jstream_begin_object(jstream *js)
{
    if (js->failed || !check_start_of_file(js))
        return false;
    int c = peek(js);
    if (c != '{') {
        fail_kind(js, "an object");
        return false;
    }
    bool done = released(js);
    struct frame *f = push(js, false);
    if (!f)
        return false;
    where(js, js->origin + js->pos, &f->line, &f->col);
    js->pos++;
    if (done)
        js->keep = js->pos;
    return true;
}

/* Figures, places, organisations and records are arrays read one element at a time. */
bool jstream_begin_array(jstream *js)
{
    if (js->failed)
        return false;
    int c = peek(js);
    if (c != '[') {
        fail_kind(js, "an array");
        return false;
    }
    bool done = released(js);
    if (!push(js, true))
        return false;
    js->pos++;
    if (done)
        js->keep = js->pos;
    return true;
}

/* Steps over the separator before the next member or element: 1 if one follows,
 * 0 at the closing bracket (the frame is popped). */
static int next_item(jstream *js, struct frame *f, char close)
{
    bool done = released(js);
    int c = peek(js);
    if (c == close) { /* an empty container, or the end after its last item: the loader releases after it */
        js->pos++;
        js->closed_line = f->line;
        js->closed_col = f->col;
        pop(js);
        return 0;
    }
    if (!f->first) {
        if (c != ',') {
            fail_found(js, js->pos, close == ']' ? "',' or ']'" : "',' or '}'");
            return -1;
        }
        js->pos++;
        f->index++;
        if (done)
            js->keep = js->pos;
    }
    f->first = false;
    f->inside = close == ']'; /* a member once its key is read */
    return 1;
}

/* The loader gets each key decoded and dispatches on it before reading its value. */
int jstream_next_member(jstream *js, const char **key, size_t *key_len)
{
    if (js->failed)
        return -1;
    struct frame *f = &js->frames[js->depth - 1];
    bool first = f->first, done = released(js);
    int r = next_item(js, f, '}');
    if (r <= 0)
        return r;
    if (peek(js) != '"') {
        fail_found(js, js->pos, first ? "a member name in double quotes or }"
                                      : "a member name in double quotes");
        return -1;
    }
    size_t start = js->pos;
    if (!scan_string(js))
        return -1;
    remember_key(js, f, start);
    f->inside = true;
    buf_clear(&js->key);
    unescape(&js->key, js->data + start, js->pos - start);
    if (done) /* the key is copied: nothing in the window is held */
        js->keep = js->pos;
    if (peek(js) != ':') {
        if (!js->failed)
            fail_found(js, js->pos, "':' after the member name");
        return -1;
    }
    js->pos++;
    *key = js->key.data ? js->key.data : ""; /* an empty key leaves the buffer unmade */
    *key_len = js->key.len;
    if (done)
        js->keep = js->pos;
    return 1;
}

/* Elements stream: the loader reads and releases one before the next is scanned. */
int jstream_next_element(jstream *js)
{
    if (js->failed)
        return -1;
    return next_item(js, &js->frames[js->depth - 1], ']');
}

/* One element at a time is checked and handed over whole (or passed over:
 * an unknown member of a newer minor version). */
bool jstream_value(jstream *js, const char **start, size_t *len)
{
    if (js->failed)
        return false;
    if (peek(js) < 0) {
        if (!js->failed)
            fail(js, js->pos, "expected a value, found end of file");
        return false;
    }
    size_t from = js->pos;
    js->value_start = from;
    js->value_depth = js->depth;
    js->reading_value = true;
    bool ok = scan_value(js);
    js->reading_value = false;
    if (!ok)
        return false;
    js->value_len = js->pos - from;
    if (js->value_len > JSTREAM_MAX_VALUE) { /* however the bytes arrived */
        js->reading_value = true;
        fail_too_big(js);
        return false;
    }
    *start = js->data + from;
    *len = js->value_len;
    return true;
}

/* jstream_value and cJSON's parse in one pass: each token becomes its node
 * right after it is checked, while its bytes are in the cache. */
bool jstream_tree(jstream *js, jtree_arena *a, cJSON **tree)
{
    const char *s;
    size_t n;
    js->build = a;
    js->built = NULL;
    bool ok = jstream_value(js, &s, &n);
    js->build = NULL;
    *tree = ok ? js->built : NULL;
    return ok;
}

/* Anything after the top-level object, {}x say, is a mistake, not to be ignored. */
bool jstream_end(jstream *js)
{
    if (js->failed)
        return false;
    if (peek(js) >= 0) {
        fail_found(js, js->pos, "end of file after the top-level object");
        return false;
    }
    return !js->failed;
}

/* ---- inside a value already read (valid JSON) ---- */

/* Locating a step walks valid JSON, where skipping white space is all the grammar needed. */
static size_t skip_space(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
    return i;
}

/* Locating a step passes over the values before it without parsing them. */
static size_t skip_value(const char *s, size_t i, size_t n)
{
    if (s[i] == '"') {
        for (i++; i < n && s[i] != '"'; i++)
            if (s[i] == '\\')
                i++;
        return i + 1;
    }
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        for (; i < n; i++) {
            if (s[i] == '"') {
                i = skip_value(s, i, n) - 1;
            } else if (s[i] == '{' || s[i] == '[') {
                depth++;
            } else if (s[i] == '}' || s[i] == ']') {
                if (--depth == 0)
                    return i + 1;
            }
        }
        return n;
    }
    while (i < n && !strchr(" \n\r\t,]}", s[i]))
        i++;
    return i;
}

/* The loader checks cJSON trees, which know no positions: this finds a step's bytes again. */
bool jstream_locate(jstream *js, const jstream_step *steps, size_t nsteps, bool at_key,
                    const char **at, size_t *len)
{
    const char *s = js->data + js->value_start;
    size_t n = js->value_len, i = skip_space(s, 0, n);
    size_t key_start = i, key_end = i;
    buf key;
    buf_init(&key);
    for (size_t k = 0; k < nsteps; k++) {
        i = skip_space(s, i, n);
        if (steps[k].key) {
            if (i >= n || s[i] != '{')
                goto nowhere;
            size_t seen = 0;
            i = skip_space(s, i + 1, n);
            for (;;) {
                if (i >= n || s[i] != '"')
                    goto nowhere;
                key_start = i;
                key_end = skip_value(s, i, n);
                buf_clear(&key);
                unescape(&key, s + key_start, key_end - key_start);
                i = skip_space(s, skip_space(s, key_end, n) + 1, n);
                if (key.data && !strcmp(key.data, steps[k].key) && ++seen == steps[k].index)
                    break;
                i = skip_space(s, skip_value(s, i, n), n);
                if (i >= n || s[i] != ',')
                    goto nowhere;
                i = skip_space(s, i + 1, n);
            }
        } else {
            if (i >= n || s[i] != '[')
                goto nowhere;
            i = skip_space(s, i + 1, n);
            for (size_t e = 0; e < steps[k].index; e++) {
                i = skip_space(s, skip_value(s, i, n), n);
                if (i >= n || s[i] != ',')
                    goto nowhere;
                i = skip_space(s, i + 1, n);
            }
            if (i >= n || s[i] == ']')
                goto nowhere;
        }
    }
    buf_free(&key);
    if (at_key && nsteps && steps[nsteps - 1].key) {
        *at = s + key_start;
        *len = key_end - key_start;
    } else {
        *at = s + i;
        *len = skip_value(s, i, n) - i;
    }
    return true;
nowhere:
    buf_free(&key);
    return false;
}

/* ---- strings ---- */

/* Keys and strings are compared and shown decoded; the file holds them escaped. */
static void unescape(buf *out, const char *s, size_t len)
{
    size_t i = 1, end = len ? len - 1 : 0;
    while (i < end) {
        size_t run = i;
        while (run < end && s[run] != '\\')
            run++;
        buf_put(out, s + i, run - i);
        i = run;
        if (i >= end)
            break;
        char e = i + 1 < end ? s[i + 1] : 0;
        static const char simple_from[] = "\"\\/bfnrt";
        static const char simple_to[] = "\"\\/\b\f\n\r\t";
        const char *k = e ? strchr(simple_from, e) : NULL;
        if (k) {
            buf_putc(out, simple_to[k - simple_from]);
            i += 2;
            continue;
        }
        uint32_t cp = 0;
        bool ok = e == 'u' && i + 6 <= end;
        for (size_t d = i + 2; ok && d < i + 6; d++) {
            int h = hex_digit(s[d]);
            ok = h >= 0;
            cp = cp << 4 | (uint32_t)(h < 0 ? 0 : h);
        }
        if (!ok) {
            buf_putc(out, '\\');
            i++;
            continue;
        }
        i += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= end && s[i] == '\\' && s[i + 1] == 'u') {
            uint32_t low = 0;
            for (size_t d = i + 2; d < i + 6; d++)
                low = low << 4 | (uint32_t)(hex_digit(s[d]) < 0 ? 0 : hex_digit(s[d]));
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF)
            cp = 0xFFFD;
        char u[4];
        buf_put(out, u, text_encode(cp, u));
    }
}

/* "found" shows a short, safe description of a value, never a whole record. */
void jstream_describe(buf *out, const char *s, size_t len)
{
    if (!len) {
        buf_puts(out, "nothing");
        return;
    }
    switch (s[0]) {
    case '{':
    case '[': {
        size_t k = 1;
        while (k < len && strchr(" \t\r\n", s[k]))
            k++;
        bool empty = k < len && (s[k] == '}' || s[k] == ']');
        buf_puts(out, s[0] == '{' ? (empty ? "an empty object" : "an object")
                                  : (empty ? "an empty array" : "an array"));
        return;
    }
    case 't':
    case 'f':
    case 'n':
        buf_put(out, s, len);
        return;
    case '"': {
        buf text;
        buf_init(&text);
        unescape(&text, s, len);
        buf_puts(out, "a string \"");
        text_fit(out, text.data ? text.data : "", text.len, 40, TEXT_NO_PAD);
        buf_putc(out, '"');
        buf_free(&text);
        return;
    }
    default:
        buf_puts(out, "the number ");
        buf_put(out, s, len < 40 ? len : 40);
    }
}

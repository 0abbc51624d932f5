#include "text.h"

#include <string.h>

struct text_range {
    uint32_t first, last;
};

#include "width_table.inc"

/* The Unicode tables are sorted ranges: a binary search answers for any code point. */
static bool in_ranges(uint32_t cp, const struct text_range *r, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].first)
            hi = mid;
        else if (cp > r[mid].last)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

#define IN(cp, table) in_ranges(cp, table, sizeof table / sizeof table[0])

/* Widths must come from the Unicode data, not the locale: servers often have only C.UTF-8. */
enum text_class text_class_of(uint32_t cp)
{
    if (cp >= 0x20 && cp < 0x7F)
        return TEXT_NARROW;
    if (cp > 0x10FFFF || IN(cp, text_unsafe_ranges))
        return TEXT_UNSAFE;
    if (IN(cp, text_zero_ranges))
        return TEXT_ZERO;
    if (IN(cp, text_wide_ranges))
        return TEXT_WIDE;
    return TEXT_NARROW;
}

/* Strict UTF-8 everywhere: an overlong or surrogate form could smuggle a control past a check. */
size_t text_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len;
    uint32_t c, min;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    } else if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        len = 2, c = u[0] & 0x1Fu, min = 0x80;
    } else if ((u[0] & 0xF0) == 0xE0) {
        len = 3, c = u[0] & 0x0Fu, min = 0x800;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        len = 4, c = u[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (u[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* \u escapes are decoded into UTF-8 to be stored like any other text. */
size_t text_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A file saved in GBK is a common mistake in China: the loader names it when it sees one. */
bool text_looks_gbk(const char *s, size_t n)
{
    /* Common Chinese text in GBK (and GB 2312) uses lead and trail bytes from
     * 0xA1 up; asking only for that keeps Latin-1 accents out of the guess. */
    const unsigned char *u = (const unsigned char *)s;
    return n >= 2 && u[0] >= 0xA1 && u[0] <= 0xFE && u[1] >= 0xA1 && u[1] <= 0xFE;
}

/* An unsafe character is shown as something a user can read and report: ^[ or <U+202E>. */
static void placeholder(buf *out, uint32_t cp)
{
    if (cp < 0x20)
        buf_printf(out, "^%c", (char)(cp + 0x40));
    else if (cp == 0x7F)
        buf_puts(out, "^?");
    else
        buf_printf(out, "<U+%04X>", (unsigned)cp);
}

/* Marks beyond the limit are counted, so that text never silently loses anything. */
static void flush_dropped_marks(buf *out, size_t *dropped)
{
    if (*dropped)
        buf_printf(out, "<+%zu marks>", *dropped);
    *dropped = 0;
}

/* Data never reaches the terminal raw: one place makes any text safe to draw. */
void text_sanitize(buf *out, const char *s, size_t n)
{
    size_t i = 0, dropped = 0;
    int marks = 0;
    bool has_base = false;
    while (i < n) {
        uint32_t cp;
        size_t len = text_decode(s + i, n - i, &cp);
        if (!len) {
            flush_dropped_marks(out, &dropped);
            buf_printf(out, "\\x%02X", (unsigned)(unsigned char)s[i]);
            has_base = false;
            i++;
            continue;
        }
        enum text_class c = text_class_of(cp);
        if (c == TEXT_ZERO && has_base) {
            if (marks < TEXT_MAX_COMBINING) {
                buf_put(out, s + i, len);
                marks++;
            } else {
                dropped++;
            }
        } else {
            flush_dropped_marks(out, &dropped);
            marks = 0;
            /* A mark with nothing to sit on would land on whatever the terminal
             * drew before it: a border, or the previous cell. */
            has_base = c != TEXT_UNSAFE && c != TEXT_ZERO;
            if (has_base)
                buf_put(out, s + i, len);
            else
                placeholder(out, cp);
        }
        i += len;
    }
    flush_dropped_marks(out, &dropped);
}

/* Cutting and padding go character by character, each one, two or no cells wide. */
static int cells_of(uint32_t cp)
{
    switch (text_class_of(cp)) {
    case TEXT_WIDE:
        return 2;
    case TEXT_ZERO:
        return 0;
    default:
        return 1;
    }
}

/* Most text on screen is plain ASCII, whose width is its length: no need to sanitise it. */
static bool printable_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F)
            return false;
    return true;
}

/* Width of text that is already sanitised. */
static int safe_width(const char *s, size_t n)
{
    int w = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = text_decode(s + i, n - i, &cp);
        w += cells_of(cp);
        i += len;
    }
    return w;
}

/* Layout needs widths in cells, never bytes: 湛江 is four cells, not six bytes. */
int text_width(const char *s, size_t n)
{
    if (printable_ascii(s, n))
        return (int)n;
    buf safe;
    buf_init(&safe);
    text_sanitize(&safe, s, n);
    int w = safe_width(safe.data, safe.len);
    buf_free(&safe);
    return w;
}

/* Columns line up only if every cell is filled. */
static void pad(buf *out, int cells)
{
    for (int i = 0; i < cells; i++)
        buf_putc(out, ' ');
}

/* Table cells, headers and status lines all cut and pad by width, never splitting a character. */
int text_fit(buf *out, const char *s, size_t n, int width, int flags)
{
    if (width <= 0)
        return 0;
    buf safe;
    buf_init(&safe);
    const char *t = s;
    size_t tn = n;
    if (!printable_ascii(s, n)) {
        text_sanitize(&safe, s, n);
        t = safe.data;
        tn = safe.len;
    }
    int total = tn == n && t == s ? (int)n : safe_width(t, tn);
    size_t keep = tn;
    int used = total;
    const char *mark = "";
    if (total > width) {
        int budget = width - 1; /* both cut marks take one cell */
        mark = flags & TEXT_ASCII ? "~" : "\xE2\x80\xA6";
        used = 0;
        keep = 0;
        while (keep < tn) {
            uint32_t cp;
            size_t len = text_decode(t + keep, tn - keep, &cp);
            int w = cells_of(cp);
            if (used + w > budget)
                break;
            used += w;
            keep += len;
        }
        used += 1;
    }
    int fill = flags & TEXT_NO_PAD ? 0 : width - used;
    if (flags & TEXT_ALIGN_RIGHT)
        pad(out, fill);
    buf_put(out, t, keep);
    buf_puts(out, mark);
    if (!(flags & TEXT_ALIGN_RIGHT))
        pad(out, fill);
    buf_free(&safe);
    return used + fill;
}

/* Long quotes on a record page wrap by cells, at a space where one is near. */
size_t text_wrap(const char *s, size_t n, int width)
{
    size_t i = 0, space = 0;
    int used = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = text_decode(s + i, n - i, &cp);
        if (!len) { /* not sanitised after all: count the byte as one cell */
            len = 1;
            cp = '?';
        }
        int w = cells_of(cp);
        if (used + w > width && i > 0)
            break;
        used += w;
        i += len;
        if (cp == ' ' && used * 3 >= width * 2)
            space = i;
    }
    /* marks belong with the character before them */
    while (i < n) {
        uint32_t cp;
        size_t len = text_decode(s + i, n - i, &cp);
        if (!len || text_class_of(cp) != TEXT_ZERO)
            break;
        i += len;
    }
    return i < n && space ? space : i;
}

/* JSON written for people and scripts must not carry a terminal escape to whoever prints it. */
void text_json_string(buf *out, const char *s)
{
    buf_putc(out, '"');
    size_t n = strlen(s), i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = text_decode(s + i, n - i, &cp);
        if (!len) {
            buf_puts(out, "\\uFFFD");
            i++;
            continue;
        }
        if (cp == '"' || cp == '\\') {
            buf_putc(out, '\\');
            buf_putc(out, (char)cp);
        } else if (text_class_of(cp) != TEXT_UNSAFE) {
            buf_put(out, s + i, len);
        } else if (cp < 0x10000) {
            buf_printf(out, "\\u%04X", (unsigned)cp);
        } else {
            buf_printf(out, "\\u%04X\\u%04X", (unsigned)(0xD800 + ((cp - 0x10000) >> 10)),
                       (unsigned)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
        }
        i += len;
    }
    buf_putc(out, '"');
}

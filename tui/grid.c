#include "grid.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "text.h"

/* A grid starts blank, so a view that draws only part of it leaves no garbage behind. */
void grid_init(grid *g, int w, int h, bool ascii)
{
    g->w = g->h = 0;
    g->cells = NULL;
    g->ascii = ascii;
    grid_resize(g, w, h);
}

/* On SIGWINCH the old picture is useless, so nothing is kept; negative sizes clamp to empty. */
void grid_resize(grid *g, int w, int h)
{
    g->w = w > 0 ? w : 0;
    g->h = h > 0 ? h : 0;
    free(g->cells);
    g->cells = mem_calloc((size_t)g->w * (size_t)g->h + 1, sizeof *g->cells);
    grid_clear(g, ST_NORMAL);
}

/* Leaves an empty grid, so freeing twice or drawing after is harmless. */
void grid_free(grid *g)
{
    free(g->cells);
    g->cells = NULL;
    g->w = g->h = 0;
}

/* A blank is a real space of width 1, so every output copies it like any other character. */
static void set_blank(grid_cell *c, enum style st)
{
    c->text[0] = ' ';
    c->text[1] = 0;
    c->width = 1;
    c->style = (uint8_t)st;
}

/* Each frame is drawn whole from blank, so nothing of the last one can linger. */
void grid_clear(grid *g, enum style st)
{
    for (size_t i = 0; i < (size_t)g->w * (size_t)g->h; i++)
        set_blank(&g->cells[i], st);
}

/* A picture is drawn before its height is known: the cells drawn stay put
 * (rows are whole runs of the array, so a realloc keeps them). */
void grid_set_height(grid *g, int h)
{
    h = h > 0 ? h : 0;
    size_t old = (size_t)g->w * (size_t)g->h, cells = (size_t)g->w * (size_t)h;
    g->cells = mem_realloc(g->cells, (cells + 1) * sizeof *g->cells);
    for (size_t i = old; i < cells; i++)
        set_blank(&g->cells[i], ST_NORMAL);
    g->h = h;
}

/* Doubling: a table of many rows is not copied once per row. */
void grid_reserve(grid *g, int h)
{
    if (h > g->h)
        grid_set_height(g, h > 2 * g->h ? h : 2 * g->h);
}

/* Before (y, x) is overwritten: a wide character that half lies there is
 * blanked whole, so no half of one is left behind. */
static void unsplit(grid *g, int y, int x)
{
    grid_cell *c = grid_at(g, y, x);
    if (c->width == 0 && x > 0)
        set_blank(grid_at(g, y, x - 1), (enum style)grid_at(g, y, x - 1)->style);
    if (c->width == 2 && x + 1 < g->w)
        set_blank(grid_at(g, y, x + 1), (enum style)grid_at(g, y, x + 1)->style);
}

/* Clipped here, once, so callers can blank a region without checking the edges. */
void grid_blank(grid *g, int y, int x, int width, enum style st)
{
    if (y < 0 || y >= g->h)
        return;
    for (int i = 0; i < width && x + i < g->w; i++) {
        if (x + i < 0)
            continue;
        unsplit(g, y, x + i);
        set_blank(grid_at(g, y, x + i), st);
    }
}

/* The one way text gets on screen, so every view measures, cuts and sanitises it alike. */
int grid_text(grid *g, int y, int x, int width, const char *s, size_t n, enum style st, int flags)
{
    if (y < 0 || y >= g->h || x < 0 || x >= g->w || width <= 0)
        return 0;
    if (width > g->w - x)
        width = g->w - x;
    buf fitted;
    buf_init(&fitted);
    text_fit(&fitted, s, n, width, flags | (g->ascii ? TEXT_ASCII : 0));
    /* fitted is safe text: every character is printable, marks follow a base */
    int col = x;
    size_t i = 0;
    while (i < fitted.len && col < x + width) {
        uint32_t cp;
        size_t len = text_decode(fitted.data + i, fitted.len - i, &cp);
        enum text_class k = text_class_of(cp);
        if (k == TEXT_ZERO) {
            /* sanitised text has no mark without a character before it */
            int base = col - 1;
            if (base > x && grid_at(g, y, base)->width == 0)
                base--;
            grid_cell *prev = base >= x ? grid_at(g, y, base) : NULL;
            size_t used = prev ? strlen(prev->text) : GRID_CELL_BYTES;
            if (used + len < GRID_CELL_BYTES) {
                memcpy(prev->text + used, fitted.data + i, len);
                prev->text[used + len] = 0;
            }
            i += len;
            continue;
        }
        int w = k == TEXT_WIDE ? 2 : 1;
        if (col + w > x + width)
            break;
        unsplit(g, y, col);
        if (w == 2)
            unsplit(g, y, col + 1);
        grid_cell *c = grid_at(g, y, col);
        memcpy(c->text, fitted.data + i, len);
        c->text[len] = 0;
        c->width = (uint8_t)w;
        c->style = (uint8_t)st;
        if (w == 2) {
            grid_cell *right = grid_at(g, y, col + 1);
            right->text[0] = 0;
            right->width = 0;
            right->style = (uint8_t)st;
        }
        col += w;
        i += len;
    }
    buf_free(&fitted);
    return col - x;
}

/* Most text drawn is NUL-terminated; this spares every caller the strlen. */
int grid_puts(grid *g, int y, int x, int width, const char *s, enum style st, int flags)
{
    return grid_text(g, y, x, width, s, strlen(s), st, flags);
}

/* Chinese typesetting keeps closing marks off the start of a line (、 and
 * 。 stay with the word they follow) and opening marks off its end (“ and
 * 《 go down with the word they open). */
static bool keeps_off(uint32_t cp, bool start)
{
    static const uint32_t closing[] = {0x3001, 0x3002, 0xFF0C, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F,
                                       0xFF09, 0x300B, 0x300D, 0x300F, 0x3009, 0x201D, 0x2019,
                                       0x2026, ',', '.', ':', ';', '!', '?', ')', ']', '%'};
    static const uint32_t opening[] = {0x201C, 0x2018, 0xFF08, 0x300A, 0x300C, 0x300E, 0x3008,
                                       '(', '['};
    const uint32_t *set = start ? closing : opening;
    size_t n = start ? sizeof closing / sizeof *closing : sizeof opening / sizeof *opening;
    for (size_t i = 0; i < n; i++)
        if (set[i] == cp)
            return true;
    return false;
}

/* The start of the UTF-8 character before byte i (> 0) of t. */
static size_t char_before(const char *t, size_t i)
{
    do
        i--;
    while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80);
    return i;
}

/* text_wrap, and the marks kept where Chinese typesetting keeps them: one
 * more character goes down with a mark that may not start a line. */
size_t grid_line_break(const char *t, size_t n, int width)
{
    size_t len = width > 0 ? text_wrap(t, n, width) : n;
    for (int k = 0; k < 2 && len > 0 && len < n; k++) {
        uint32_t next = 0, last = 0;
        size_t before = char_before(t, len);
        text_decode(t + len, n - len, &next);
        text_decode(t + before, len - before, &last);
        if (before == 0 || (!keeps_off(next, true) && !keeps_off(last, false)))
            break;
        len = before;
    }
    return len;
}

/* The bytes of the next line of sanitised t (of n bytes) in width cells,
 * and how many of them to draw: the space a line breaks at is not drawn, or
 * it would push a right-aligned line left. */
static size_t next_line(const char *t, size_t n, int width, size_t *shown)
{
    size_t len = grid_line_break(t, n, width);
    *shown = len;
    while (*shown > 0 && t[*shown - 1] == ' ')
        (*shown)--;
    return len;
}

/* A picture shows a name whole: a cut mark would hide what a briefing quotes. */
int grid_wrap(grid *g, int y, int x, int width, const char *s, enum style st, int flags)
{
    buf safe;
    buf_init(&safe);
    text_sanitize(&safe, s, strlen(s));
    const char *t = safe.data ? safe.data : "";
    int lines = 0;
    size_t i = 0;
    do {
        size_t shown, n = next_line(t + i, safe.len - i, width, &shown);
        grid_reserve(g, y + lines + 1);
        grid_text(g, y + lines, x, width, t + i, shown, st, flags);
        lines++;
        i += n;
    } while (i < safe.len);
    buf_free(&safe);
    return lines;
}

/* A row of a table is as tall as its tallest cell: known before drawing. */
int grid_wrap_lines(const char *s, int width)
{
    buf safe;
    buf_init(&safe);
    text_sanitize(&safe, s, strlen(s));
    int lines = 0;
    size_t i = 0, shown;
    do {
        i += next_line(safe.data ? safe.data + i : "", safe.len - i, width, &shown);
        lines++;
    } while (i < safe.len);
    buf_free(&safe);
    return lines;
}

/* Highlights (selection, matches) go over text already cut and placed, not drawn again. */
void grid_restyle(grid *g, int y, int x, int width, enum style st)
{
    if (y < 0 || y >= g->h)
        return;
    for (int i = x < 0 ? -x : 0; i < width && x + i < g->w; i++)
        grid_at(g, y, x + i)->style = (uint8_t)st;
}

/* Some terminals draw box and arrow characters two cells wide: --ascii swaps them in one place. */
const char *grid_glyph(const grid *g, const char *unicode, const char *ascii)
{
    return g->ascii ? ascii : unicode;
}

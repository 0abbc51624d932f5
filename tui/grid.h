/* A screen's worth of cells, each one character (with its combining marks)
 * and a semantic style. Every view draws into a grid; the terminal (and any
 * other output) only ever copies a finished grid, so what is drawn does not
 * depend on where it goes. Text is sanitised on the way in. */
#ifndef ZJDASH_GRID_H
#define ZJDASH_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum style {
    ST_NORMAL,
    ST_TITLE,          /* the header line */
    ST_TAB,            /* a tab that is not current */
    ST_TAB_CURRENT,
    ST_HEADING,        /* the current theme's heading, a screen's title */
    ST_FIGURE_VALUE,
    ST_FIGURE_LABEL,
    ST_COLUMN,         /* a table's column headings */
    ST_COLUMN_SORTED,
    ST_SELECTED,       /* the selected row or link */
    ST_MATCH,          /* search text inside a row */
    ST_DIM,            /* quotes, hints, separators */
    ST_LINK,           /* a line that opens something */
    ST_STATUS,
    ST_STATUS_KEY,
    ST_PROMPT,
    ST_ERROR,
    ST_BAR,            /* the bars of a chart */
    ST_COUNT
};

#define GRID_CELL_BYTES 24 /* a character and up to four combining marks */

typedef struct cell {
    char text[GRID_CELL_BYTES]; /* "" for the right half of a wide character */
    uint8_t width;              /* 1, 2, or 0 for the right half */
    uint8_t style;
} grid_cell;

typedef struct grid {
    int w, h;
    grid_cell *cells;
    bool ascii; /* cut marks and glyphs in ASCII */
} grid;

/* A blank grid of w x h cells (none if either is not positive). */
void grid_init(grid *g, int w, int h, bool ascii);
/* A blank grid of the new size: what was drawn is dropped. */
void grid_resize(grid *g, int w, int h);
/* Another height, keeping what is drawn on the rows that remain; new rows
 * are blank: a picture of unknown length grows as it is drawn, then is cut
 * to what it holds. */
void grid_set_height(grid *g, int h);
/* At least h rows (growing by doubling, so drawing row by row stays cheap),
 * what is drawn kept. */
void grid_reserve(grid *g, int h);
void grid_free(grid *g);
/* Inline because every cell drawn or copied goes through it; the caller checks bounds. */
static inline grid_cell *grid_at(const grid *g, int y, int x)
{
    return &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
}

/* Fills the grid with blanks of a style. */
void grid_clear(grid *g, enum style st);
/* Blanks width cells from (y, x). */
void grid_blank(grid *g, int y, int x, int width, enum style st);
/* Writes text at (y, x) in at most width cells (clipped to the grid), cut
 * with a marker if it does not fit, never splitting a character; with
 * TEXT_NO_PAD unset the rest of the width is blanked. Flags are text_fit's.
 * Returns the number of cells written. */
int grid_text(grid *g, int y, int x, int width, const char *s, size_t n, enum style st, int flags);
/* Writes text from (y, x) as lines of at most width cells, wrapped where
 * grid_text would cut it (model/text.h text_wrap), growing the grid to hold
 * them. Returns the lines taken, at least 1. */
int grid_wrap(grid *g, int y, int x, int width, const char *s, enum style st, int flags);
/* The bytes of sanitised s (n bytes) that make its next line of at most
 * width cells: text_wrap's break, moved so that no line starts with a
 * closing mark (、 , 。 ”) nor ends with an opening one (“ 《). */
size_t grid_line_break(const char *s, size_t n, int width);
/* The lines grid_wrap would take, drawing nothing. */
int grid_wrap_lines(const char *s, int width);
/* grid_text for a NUL-terminated string. */
int grid_puts(grid *g, int y, int x, int width, const char *s, enum style st, int flags);
/* Gives width cells from (y, x) another style, text unchanged. */
void grid_restyle(grid *g, int y, int x, int width, enum style st);
/* A glyph, or its ASCII stand-in when the grid is ASCII. */
const char *grid_glyph(const grid *g, const char *unicode, const char *ascii);

#endif

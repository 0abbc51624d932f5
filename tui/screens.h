/* The screens, one file each, and the helpers they share with the app. Only
 * app.c and the screens include this. */
#ifndef ZJDASH_SCREENS_H
#define ZJDASH_SCREENS_H

#include "app.h"
#include "text.h"

extern const struct screen table_screen;    /* table.c */
extern const struct screen places_screen;   /* tree.c */
extern const struct screen record_screen;   /* record.c */
extern const struct screen entity_screen;   /* entity.c */
extern const struct screen unplaced_screen; /* entity.c */
extern const struct screen help_screen;     /* help.c */
extern const struct screen money_screen;    /* parts.c */

extern const struct keymap global_keys;     /* app.c */
extern const struct keymap table_keys;      /* table.c */
extern const struct keymap places_keys;     /* tree.c */
extern const struct keymap page_keys;       /* page.c */
extern const struct keymap prompt_keys;     /* prompt.c */

/* A picture (struct screen's picture) holds at most this many rows of a
 * table or the places, or lines of a page, and says how many it left out:
 * a report of a million records would make a picture no slide, no memory
 * and no image format can hold. */
#define PICTURE_MAX_ROWS 1000
/* The line that says so: "the first 1000 of 41234 rows ...". */
int picture_more(grid *g, int y, long shown, long all, const char *what);

/* page.c: a scrolling page of lines, for every document screen. */
void page_layout(app *a);
void page_draw(const app *a, grid *g);
/* The whole page for a briefing (struct screen's picture). */
void page_picture(const app *a, grid *g, int *y);
void page_move(app *a, long by, bool absolute);
long page_find(app *a, const char *needle, long from, int dir);
long page_get_cursor(const app *a);
long page_row_at(const app *a, int x, int y);
void page_scroll(app *a, long lines);
void page_set_cursor(app *a, long row);
extern const uint32_t page_hints[];
void page_heading(const app *a, const grid *g, buf *out);
/* Whether the tab under page p holds something of it (a record of its
 * theme, an entity with a record there): else the path does not name it. */
bool page_of_tab(const app *a, const struct page *p);

/* prompt.c */
void prompt_start(app *a, enum prompt_kind kind);
/* Typed text that no row of the prompt's keymap takes. */
void prompt_type(app *a, uint32_t key);
/* Draws the prompt over the status line; returns the cursor's column. */
int prompt_draw(const app *a, grid *g);
/* The filter or search that typing ahead left to do (a->prompt_stale). */
void prompt_settle(app *a);

/* app.c: the search behind / n N, on whatever screen is on top. */
void app_search(app *a, const char *needle, long from, int dir, bool quiet);

/* Keys that tables and places share. */
void app_quit_key(app *a, uint32_t key);
/* < > r: the next sort of a table of ncolumns columns. */
void app_sort_step(uint32_t key, int ncolumns, int *by, bool *descending);

/* A page that is a document: its lines, its status and its name on the path
 * are its own; the rest is page.c's. */
#define PAGE_SCREEN(build_fn, status_fn, crumb_fn)                                               \
    {                                                                                            \
        .keys = &page_keys, .hints = page_hints, .build = build_fn, .layout = page_layout,      \
        .draw = page_draw, .picture = page_picture, .heading = page_heading,                    \
        .status = status_fn, .crumb = crumb_fn,                                                  \
        .move = page_move, .find = page_find, .get_cursor = page_get_cursor,                    \
        .set_cursor = page_set_cursor, .row_at = page_row_at, .scroll = page_scroll,            \
    }

/* Shared drawing. */
static inline int app_put(grid *g, int y, int x, int width, const char *s, enum style st)
{
    return grid_puts(g, y, x, width, s, st, TEXT_NO_PAD);
}
/* A sort mark after a column's heading. */
const char *app_sort_mark(const grid *g, bool descending);

#endif

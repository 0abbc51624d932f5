/* The dashboard's state and what each key does to it. Knows nothing about
 * curses: keys come in as code points or K_ values, and the screen is drawn
 * into a grid (see draw.h), so all of it runs headless in tests. */
#ifndef ZJDASH_APP_H
#define ZJDASH_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "dataset.h"
#include "link.h"
#include "places.h"
#include "view.h"

/* Keys that are not characters; characters are their code points. */
enum key {
    K_UP = 0x110000,
    K_DOWN,
    K_LEFT,
    K_RIGHT,
    K_PGUP,
    K_PGDN,
    K_HOME,
    K_END,
    K_ENTER,
    K_ESC,
    K_BACKSPACE,
    K_TAB,
    K_BACKTAB,
    K_CTRL_C,
};

struct tab {
    view *view;
    long cursor; /* row in view->rows */
    long top;    /* first row shown */
    int *widths; /* natural column widths, measured once */
};

enum page_kind {
    PAGE_TABLE,    /* a theme's table */
    PAGE_PLACES,   /* the place tree, the tab after the themes */
    PAGE_RECORD,
    PAGE_ENTITY,
    PAGE_UNPLACED, /* the records that name no place */
    PAGE_HELP,
};

/* A line of a record, entity or help page: text, and what Enter opens. */
struct line {
    char *text;
    int style;            /* enum style */
    int indent;
    bool opens;           /* Enter on it opens target */
    link_target target;
    char *aside;          /* shown at the right: kind, totals */
};

struct page {
    enum page_kind kind;
    link_target target;   /* of a record or entity page */
    long cursor, top;     /* a line; for the table the tab keeps its own */
};

enum prompt_kind { PROMPT_NONE, PROMPT_SEARCH, PROMPT_FILTER };

#define APP_MAX_DEPTH 64

typedef struct app {
    const dataset *ds;
    struct tab *tabs;
    uint32_t tab;         /* a theme, or ds->nthemes for the places */

    places *places;       /* made when the places tab is first shown */
    long places_cursor, places_top;
    bool charts;          /* bars beside the figures; c toggles */

    struct page stack[APP_MAX_DEPTH]; /* stack[0] is the current tab's table */
    int depth;                        /* pages on the stack */

    /* the lines of the page on top, built for a width */
    struct line *lines;
    long nlines;
    int lines_width;

    enum prompt_kind prompt;
    buf input;            /* what is typed at the prompt */
    long prompt_from;     /* the row the search started from */
    char *prompt_saved;   /* the filter before f was pressed */
    char *last_search;

    char message[512];    /* one-off news for the status line */
    bool want_snapshot;   /* s was pressed: the screen saves the picture it shows */
    bool light_snapshots; /* t toggles: snapshots in the light theme */
    const unsigned char *picture_font; /* --embed-font: a TrueType file for pictures */
    size_t picture_font_len;
    int page_rows;        /* rows of the table or page shown, from the last draw */
    bool ascii;
    bool quit;
} app;

struct app_options {
    bool ascii;
    const char *tab, *sort, *filter; /* as on the command line; may be NULL */
};

app *app_new(const dataset *ds, const struct app_options *o);
void app_free(app *a);
/* Does what the key means on the current page. */
void app_key(app *a, uint32_t key);
/* The tab named on the command line: a theme's id, title or number, or
 * "places" (or the number after the themes); -1 if none. */
int app_find_tab(const dataset *ds, const char *name);
static inline bool app_in_places(const app *a)
{
    return a->tab == a->ds->nthemes;
}
/* The places tree, made on first use. */
places *app_places(app *a);
/* Opens a record or entity page on top of the current one. */
void app_open(app *a, link_target target);
/* The page on top of the stack. */
static inline struct page *app_page(app *a)
{
    return &a->stack[a->depth - 1];
}
/* Builds the lines of the page on top for a width, if not built for it. */
void app_lines(app *a, int width);

#endif

/* The dashboard's state: the tabs, the stack of pages opened from them, the
 * prompt, and the one small set of operations every screen has. A key changes
 * state through a screen's keymap; app_layout then fits that state to the
 * screen's size (keys move within the rows, layout keeps them in sight), and
 * app_draw draws it from a const app. Nothing here knows curses, so all of it
 * runs headless. */
#ifndef ZJDASH_APP_H
#define ZJDASH_APP_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "dataset.h"
#include "doc.h"
#include "grid.h"
#include "input.h"
#include "keymap.h"
#include "link.h"
#include "places.h"
#include "view.h"

/* Below this the dashboard shows only a notice. */
#define APP_MIN_WIDTH 60
#define APP_MIN_HEIGHT 16

/* A theme's table: its view, where the cursor is, and its layout. */
struct tab {
    view *view;
    long cursor;     /* row in view->rows */
    long top;        /* first row shown */
    int *widths;     /* natural column widths, then the least, measured once */
    int chart_lines; /* from the last layout: the chart, or the figures' strip */
    bool chart;      /* the chart (else the strip) */
};

enum page_kind {
    PAGE_TABLE,    /* a theme's table */
    PAGE_PLACES,   /* the place tree, the tab after the themes */
    PAGE_RECORD,
    PAGE_ENTITY,
    PAGE_UNPLACED, /* the records that name no place */
    PAGE_HELP,
    PAGE_MONEY,    /* what a money total is made of */
    PAGE_KINDS
};

struct page {
    enum page_kind kind;
    link_target target;   /* of a record or entity page; a money page's place */
    bool of_tab;          /* a money page of the tab's rows (else of target's place) */
    long cursor, top;     /* a line of the page; tables and places keep their own */
};

enum prompt_kind { PROMPT_NONE, PROMPT_SEARCH, PROMPT_FILTER };

struct prompt {
    enum prompt_kind kind;
    buf input;           /* what is typed */
    long from;           /* the cursor when it opened: Esc goes back there */
    char *saved;         /* the filter before f was pressed */
};

#define APP_MAX_DEPTH 64
/* What one turn of the wheel moves, as in most terminals' own scrolling. */
#define APP_WHEEL_LINES 3

/* The pages a tab has open, kept while another tab is shown. */
struct tab_pages {
    struct page stack[APP_MAX_DEPTH];
    int depth; /* 0: never shown */
};

/* Where the screen on top draws, from the last app_layout. */
struct layout {
    int w, h;
    bool too_small;
    int y, rows;          /* the screen's lines, between the heading and the status line */
    int page;             /* rows the screen shows at once: PgDn moves one less */
};

typedef struct app {
    const dataset *ds;
    dataset *owned;       /* ds, when the app frees it (after a reload, or given by main) */
    const char *source;   /* the file ds was read from, for R; NULL: nothing to read again */
    const char *data_name; /* what the data came from, as said: a file, standard input... */
    struct tab *tabs;
    uint32_t tab;         /* a theme, or ds->nthemes for the places */

    places *places;       /* made when the places tab is first shown, or beside the dashboard */
    pthread_t places_thread; /* app_prepare's, making the places while the user looks */
    bool places_pending;  /* places_thread runs: app_places waits for it */
    long places_cursor, places_top;
    bool charts;          /* c toggles */

    struct page stack[APP_MAX_DEPTH]; /* stack[0] is the current tab's table */
    int depth;
    struct tab_pages *kept; /* each tab's pages, nthemes + 1 of them */

    doc doc;              /* the lines of the page on top, if it is a document */
    bool doc_built;

    struct prompt prompt;
    char *last_search;

    char message[512];    /* one-off news for the status line */
    bool want_snapshot;   /* s: the terminal saves the picture it shows */
    bool want_repaint;    /* Ctrl-L: the terminal paints every cell again */
    bool want_reload;     /* R: the terminal reads source again */
    bool rereading;       /* ... and is reading it: the status line says so until it is done */
    bool want_copy;       /* y, Y: the terminal sends copy to the clipboard */
    enum msg copy_what;   /* what copy holds, as the status line names it: the row, the quote... */
    buf copy;             /* the text y or Y took, as shown */
    /* The terminal has more keys waiting: a prompt takes the typed text and
     * leaves the filter or search to the last of them (app_settle), so keys
     * typed while a big table was being filtered are not each filtered. */
    bool typing_ahead;
    bool prompt_stale;    /* the prompt's text is newer than its filter or search */
    bool click_opened;    /* the last press opened a page: its double click's second does not */
    bool dark_pictures;   /* t: pictures (s) in the dark theme, not the light one that prints */
    struct layout layout;
    bool ascii;
    bool quit;
} app;

/* What every screen does; a screen is one file that fills one of these. */
struct screen {
    const struct keymap *keys;
    /* the keys the status line names, in order, 0-terminated; their words
     * are their rows' hints, in this keymap or the global one */
    const uint32_t *hints;
    /* the lines of a document page (record, entity, help), or NULL */
    void (*build)(const app *a, const struct page *p, doc *d);
    /* fits cursor and scroll to a->layout, once, before drawing */
    void (*layout)(app *a);
    void (*draw)(const app *a, grid *g);
    /* for a briefing (briefing.c): the whole page, every row or line, from
     * line *y of g, which grows to hold it; no selection; *y ends below it */
    void (*picture)(const app *a, grid *g, int *y);
    /* the line under the tabs, and the status line's left part */
    void (*heading)(const app *a, const grid *g, buf *out);
    void (*status)(const app *a, buf *out);
    /* this page's name in the path of pages (NULL: not on the path) */
    void (*crumb)(const app *a, const struct page *p, buf *out);
    /* absolute: by < 0 the first row, else the last */
    void (*move)(app *a, long by, bool absolute);
    /* search: the row after from (dir > 0) or before it that matches, or -1
     * (a screen may bring a hidden row into view to find it); with the
     * cursor's get and set, so a search can go back where it began */
    long (*find)(app *a, const char *needle, long from, int dir);
    long (*get_cursor)(const app *a);
    void (*set_cursor)(app *a, long row);
    /* the mouse: the row (as get_cursor counts them) at (x, y) of the
     * screen's own lines, y from 0 at layout.y, or -1; NULL: no rows to
     * click. On a document page the rows are its names, and a click opens. */
    long (*row_at)(const app *a, int x, int y);
    void (*scroll)(app *a, long lines);
};

struct app_options {
    bool ascii;
    const char *tab, *sort, *filter; /* as on the command line; may be NULL */
};

app *app_new(const dataset *ds, const struct app_options *o);
void app_free(app *a);
/* A reload: ds (now the app's, to free) in place of the dataset shown, with
 * pl its places tree if one was made beside it (else NULL). Every tab keeps
 * its sort, filter, selected record and the pages opened over it, and the
 * places their open places and selection, found by id where they still
 * exist; the status line says so, and what could not be kept. name is the
 * file's, as the status line shows it. views may be NULL. */
void app_adopt(app *a, dataset *ds, places *pl, view **views, const char *name);
/* What each table shows, by name (nthemes of them, malloc'ed): for a reload
 * to make the same tables of the new data beside the dashboard, which
 * app_adopt takes as views (by the new data's theme, each may be NULL; the
 * array and what it holds are app_adopt's). */
struct view_spec *app_view_specs(const app *a);
/* Does what the key means on the current page. */
void app_key(app *a, uint32_t key);
/* A sequence from the terminal that is no key we know: said, not acted on. */
void app_unknown_key(app *a);
/* The keys that were waiting have all been read: what they left to do now. */
void app_settle(app *a);
/* A click or the wheel, at a cell of the whole screen. */
void app_mouse(app *a, const struct mouse_event *m);
/* Fits the state to a screen of w x h; then app_draw draws it. */
void app_layout(app *a, int w, int h);
/* Draws the app into g. Returns the prompt's cursor column, or -1. */
int app_draw(const app *a, grid *g);
/* Both, as the terminal does for every frame. */
int app_frame(app *a, grid *g);
/* The page on top of the stack and its screen. */
static inline struct page *app_page(app *a)
{
    return &a->stack[a->depth - 1];
}
static inline const struct page *app_top(const app *a)
{
    return &a->stack[a->depth - 1];
}
const struct screen *app_screen(const app *a);
static inline bool app_in_places(const app *a)
{
    return a->tab == a->ds->nthemes;
}
/* The places tree, made on first use. */
places *app_places(app *a);
/* Starts what may take a while and is needed later (the places tree) on a
 * thread of its own, once the dashboard shows: the key that needs it then
 * finds it made. */
void app_prepare(app *a);
/* Opens a record or entity page on top of the current one. */
void app_open(app *a, link_target target);
/* Pushes a page of a kind; returns it to be filled in, or NULL when too deep. */
struct page *app_push(app *a, enum page_kind kind);
/* Goes back one page; false on a tab's first page. */
bool app_back(app *a);
/* Goes to a tab (a theme, or nthemes for the places). */
void app_switch_tab(app *a, uint32_t tab);
/* A message for the status line until the next key. */
void app_say(app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same, in the language set: message m of the catalogues (tui/lang.h),
 * a format whose arguments are numbers or sanitised text. */
void app_say_msg(app *a, enum msg m, ...);
/* The path of pages: 组织凝心 › 文章村. */
void app_crumbs(const app *a, buf *out);
/* What a picture of the screen is called: zjdash, the page, the report. */
void app_title(const app *a, buf *out);
/* Every keymap, the global one first, NULL-terminated: for help, --help and
 * the tests that hold the docs to the keys. */
extern const struct keymap *const app_keymaps[];

#endif

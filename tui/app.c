#include "app.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "lang.h"
#include "mem.h"
#include "options.h"
#include "screens.h"
#include "text.h"

/* ---- the page stack ---- */

/* The screen of each kind of page: the one table dispatch goes through. */
static const struct screen *screen_of(enum page_kind kind)
{
    static const struct screen *const by_kind[PAGE_KINDS] = {
        [PAGE_TABLE] = &table_screen,       [PAGE_PLACES] = &places_screen,
        [PAGE_RECORD] = &record_screen,     [PAGE_ENTITY] = &entity_screen,
        [PAGE_UNPLACED] = &unplaced_screen, [PAGE_HELP] = &help_screen,
        [PAGE_MONEY] = &money_screen,
    };
    return by_kind[kind];
}

/* What the keys, the layout and the drawing of the page on top go through. */
const struct screen *app_screen(const app *a)
{
    return screen_of(app_top(a)->kind);
}

/* A new page on top has no lines yet: the next layout builds them. */
static void forget_doc(app *a)
{
    doc_free(&a->doc);
    a->doc_built = false;
}

/* Every page is pushed here, so the depth limit is checked once. */
static struct page *push(app *a, enum page_kind kind)
{
    if (a->depth == APP_MAX_DEPTH) {
        app_say_msg(a, MSG_MSG_TOO_DEEP);
        return NULL;
    }
    struct page *p = &a->stack[a->depth++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->cursor = -1;
    forget_doc(a);
    return p;
}

/* Help and the unplaced records need only a kind; a money page fills in
 * what it is the money of. */
struct page *app_push(app *a, enum page_kind kind)
{
    return push(a, kind);
}

/* Drill-down: a record or an entity on top of what is open. */
void app_open(app *a, link_target target)
{
    struct page *p = push(a, target.kind == LINK_RECORD ? PAGE_RECORD : PAGE_ENTITY);
    if (p)
        p->target = target;
}

/* The page under it is exactly as it was left. */
bool app_back(app *a)
{
    if (a->depth <= 1)
        return false;
    a->depth--;
    forget_doc(a);
    return true;
}

/* A tab keeps its table and the pages opened over it: coming back returns
 * to the page that was left. */
void app_switch_tab(app *a, uint32_t t)
{
    if (t > a->ds->nthemes)
        return;
    struct tab_pages *from = &a->kept[a->tab], *to = &a->kept[t];
    memcpy(from->stack, a->stack, (size_t)a->depth * sizeof *a->stack);
    from->depth = a->depth;
    a->tab = t;
    if (to->depth) {
        memcpy(a->stack, to->stack, (size_t)to->depth * sizeof *a->stack);
        a->depth = to->depth;
    } else {
        a->depth = 1;
        memset(a->stack, 0, sizeof *a->stack);
        a->stack[0].kind = app_in_places(a) ? PAGE_PLACES : PAGE_TABLE;
    }
    a->prompt.kind = PROMPT_NONE;
    forget_doc(a);
}

/* The tree costs a pass over every record and its places, 0.6 s at a
 * million records: made beside the dashboard, or else when first asked for. */
places *app_places(app *a)
{
    if (a->places_pending) {
        void *made = NULL;
        pthread_join(a->places_thread, &made);
        a->places = made;
        a->places_pending = false;
    }
    if (!a->places)
        a->places = places_new(a->ds);
    return a->places;
}

/* places_new reads only the dataset, which nothing changes while it runs. */
static void *make_places(void *ds)
{
    return places_new(ds);
}

void app_prepare(app *a)
{
    if (!a->places && !a->places_pending)
        a->places_pending = !pthread_create(&a->places_thread, NULL, make_places, (void *)a->ds);
}

/* Only ever called with literal formats; data is passed as %s. */
void app_say(app *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->message, sizeof a->message, fmt, ap);
    va_end(ap);
}

/* test_lang holds both languages' conversions to the same order: that is
 * what lets a format come from the catalogues. */
void app_say_msg(app *a, enum msg m, ...)
{
    va_list ap;
    va_start(ap, m);
    vsnprintf(a->message, sizeof a->message, tr(m), ap);
    va_end(ap);
}

/* ---- searching: one path for every screen, each with its own rows ---- */

/* quiet: while typing, an empty needle is not a failed search. A match
 * says which of how many it is, and when the search went round the end, so
 * that n tells the reader when everything has been seen. */
void app_search(app *a, const char *needle, long from, int dir, bool quiet)
{
    const struct screen *s = app_screen(a);
    long row = s->find(a, needle, from, dir);
    if (row >= 0) {
        long count = 0, before = 0, r = row;
        do { /* every match once, from this one round to it again */
            count++;
            before += r < row;
            r = s->find(a, needle, r, 1);
        } while (r >= 0 && r != row);
        s->set_cursor(a, row);
        bool wrapped = dir > 0 ? row <= from : row >= from;
        buf said;
        buf_init(&said);
        lang_printf(&said, MSG_MSG_MATCH, before + 1, count);
        if (wrapped)
            buf_puts(&said, tr(count == 1 ? MSG_MSG_MATCH_ONLY
                               : dir > 0  ? MSG_MSG_MATCH_FROM_TOP
                                          : MSG_MSG_MATCH_FROM_BOTTOM));
        app_say(a, "%s", said.data);
        buf_free(&said);
    } else if (!quiet || *needle) {
        buf safe;
        buf_init(&safe);
        text_sanitize(&safe, needle, strlen(needle));
        app_say_msg(a, MSG_MSG_NO_MATCH, safe.data ? safe.data : "");
        buf_free(&safe);
    }
}

/* ---- the keys that mean the same on every screen ---- */

/* Quit at once, from anywhere; and q on a tab's own page. */
void app_quit_key(app *a, uint32_t key)
{
    (void)key;
    a->quit = true;
}

/* Tables and places step through their columns alike, through "no sort"
 * (-1) between the last and the first. */
void app_sort_step(uint32_t key, int ncolumns, int *by, bool *descending)
{
    if (key == '<')
        *by = *by - 1 < -1 ? ncolumns - 1 : *by - 1;
    else if (key == '>')
        *by = *by + 1 >= ncolumns ? -1 : *by + 1;
    else
        *descending = !*descending;
}

/* Back is the reader's undo: every page remembers where it was. */
static void back(app *a, uint32_t key)
{
    (void)key;
    app_back(a);
}

/* Movement means rows on a table and links on a page: the screen decides. */
static void move_key(app *a, uint32_t key)
{
    const struct screen *s = app_screen(a);
    long page = a->layout.page > 1 ? a->layout.page - 1 : 1;
    switch (key) {
    case K_UP: case 'k': s->move(a, -1, false); break;
    case K_DOWN: case 'j': s->move(a, 1, false); break;
    case K_PGUP: s->move(a, -page, false); break;
    case K_PGDN: s->move(a, page, false); break;
    case K_HOME: case 'g': s->move(a, -1, true); break;
    case K_END: case 'G': s->move(a, 1, true); break;
    default: break;
    }
}

/* A tab by name (its number, p, a click): another tab shows the page it
 * was left on; the tab already shown goes back to its table, as a tab bar
 * on a phone does, so its table is always one key away. */
static void go_to_tab(app *a, uint32_t tab)
{
    if (tab != a->tab) {
        app_switch_tab(a, tab);
    } else if (a->depth > 1) {
        a->depth = 1;
        forget_doc(a);
    }
}

/* 1-9: the tabs by number, as in a browser. */
static void tab_key(app *a, uint32_t key)
{
    uint32_t tab = key - '1';
    if (tab > a->ds->nthemes)
        app_say_msg(a, MSG_MSG_NO_TAB, tab + 1, a->ds->nthemes + 1);
    else
        go_to_tab(a, tab);
}

/* Tab and Shift-Tab cycle through the themes and the places. */
static void cycle_tab(app *a, uint32_t key)
{
    uint32_t n = a->ds->nthemes + 1;
    app_switch_tab(a, (a->tab + (key == K_TAB ? 1 : n - 1)) % n);
}

/* The places have a letter as well as a number: p is easier to remember. */
static void places_key(app *a, uint32_t key)
{
    (void)key;
    go_to_tab(a, a->ds->nthemes);
}

/* Ctrl-L: another program may have written over the screen. */
static void repaint_key(app *a, uint32_t key)
{
    (void)key;
    a->want_repaint = true;
}

/* R: the terminal reads the file again; data that came from a pipe or
 * from zjdash itself has nothing to read again, and says so. */
static void reload_key(app *a, uint32_t key)
{
    (void)key;
    if (a->source) {
        a->want_reload = true;
        return;
    }
    buf safe;
    buf_init(&safe);
    const char *name = a->data_name ? a->data_name : "";
    text_sanitize(&safe, name, strlen(name));
    app_say_msg(a, MSG_MSG_RELOAD_NOTHING, safe.data ? safe.data : "");
    buf_free(&safe);
}

/* The chart costs rows that a reader of the table may want back. */
static void toggle_charts(app *a, uint32_t key)
{
    (void)key;
    a->charts = !a->charts;
    app_say(a, "%s", tr(a->charts ? MSG_MSG_CHARTS_ON : MSG_MSG_CHARTS_OFF));
}

/* Help over whatever page is open, so Esc comes back to it. */
static void help_key(app *a, uint32_t key)
{
    (void)key;
    if (app_page(a)->kind != PAGE_HELP)
        app_push(a, PAGE_HELP);
}

/* The terminal takes the picture: only it knows the grid it showed. */
static void snapshot_key(app *a, uint32_t key)
{
    (void)key;
    a->want_snapshot = true;
}

/* Slides and paper want a light picture; a dark one suits a dark slide. */
static void theme_key(app *a, uint32_t key)
{
    (void)key;
    a->dark_pictures = !a->dark_pictures;
    app_say(a, "%s", tr(a->dark_pictures ? MSG_MSG_PICTURES_DARK : MSG_MSG_PICTURES_LIGHT));
}

/* / searches whatever the screen shows. */
static void search_key(app *a, uint32_t key)
{
    (void)key;
    prompt_start(a, PROMPT_SEARCH);
}

/* n N repeat the last search from the cursor. */
static void next_match(app *a, uint32_t key)
{
    if (!a->last_search) {
        app_say_msg(a, MSG_MSG_NO_SEARCH);
        return;
    }
    const struct screen *s = app_screen(a);
    app_search(a, a->last_search, s->get_cursor(a), key == 'n' ? 1 : -1, false);
}

/* f is a table's: elsewhere say where it works rather than do nothing. */
static void filter_elsewhere(app *a, uint32_t key)
{
    (void)key;
    app_say_msg(a, MSG_MSG_FILTER_ELSEWHERE, a->ds->nthemes);
}

static const struct keydef global_defs[] = {
    {{'1', '2', '3', '4', '5', '6', '7', '8', '9'}, tab_key, "key.global.tab", NULL, NULL},
    {{K_TAB}, cycle_tab, "key.global.next_tab", "hint.global.next_tab", NULL},
    {{K_BACKTAB}, cycle_tab, "key.global.previous_tab", NULL, NULL},
    {{'p'}, places_key, "key.global.places", NULL, NULL},
    {{K_UP, K_DOWN, 'k', 'j'}, move_key, "key.global.move", NULL, NULL},
    {{K_PGUP, K_PGDN}, move_key, "key.global.page", NULL, NULL},
    {{K_HOME, K_END, 'g', 'G'}, move_key, "key.global.ends", NULL, NULL},
    {{K_LEFT, 'h', K_BACKSPACE}, back, "key.global.back", NULL, NULL},
    {{'/'}, search_key, "key.global.search", "hint.global.search", NULL},
    {{'n', 'N'}, next_match, "key.global.next_match", NULL, NULL},
    {{'f'}, filter_elsewhere, "key.global.filter", NULL, NULL},
    {{'c'}, toggle_charts, "key.global.charts", NULL, NULL},
    {{'s'}, snapshot_key, "key.global.snapshot", NULL, NULL},
    {{'t'}, theme_key, "key.global.theme", NULL, NULL},
    {{'?', K_F1}, help_key, "key.global.help", "hint.global.help", NULL},
    {{K_CTRL_L}, repaint_key, "key.global.repaint", NULL, NULL},
    {{'R'}, reload_key, "key.global.reload", NULL, NULL},
    {{'Q', K_CTRL_C, K_F10}, app_quit_key, "key.global.quit", NULL, NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

/* The words of each row are catalogue keys: the help, the hints and --help
 * say them in the language chosen. */
const struct keymap global_keys = {"keymap.global", global_defs};

const struct keymap *const app_keymaps[] = {&global_keys, &table_keys, &places_keys,
                                            &page_keys,   &prompt_keys, NULL};

/* The screen's own keys first, so it can give a global key its own meaning
 * (Left closes a place in the places). */
void app_key(app *a, uint32_t key)
{
    if (a->prompt.kind != PROMPT_NONE) {
        const struct keydef *d = keymap_find(&prompt_keys, key);
        if (d)
            d->action(a, key);
        else
            prompt_type(a, key);
        return;
    }
    a->message[0] = 0;
    a->click_opened = false;
    const struct keydef *d = keymap_find(app_screen(a)->keys, key);
    if (!d)
        d = keymap_find(&global_keys, key);
    if (d) {
        d->action(a, key);
        return;
    }
    char name[8];
    buf safe;
    buf_init(&safe);
    const char *raw = keymap_key_name(key, name);
    text_sanitize(&safe, raw, strlen(raw));
    app_say_msg(a, MSG_MSG_KEY_DOES_NOTHING, safe.data ? safe.data : "");
    buf_free(&safe);
}

/* Typing ahead left the prompt's filter or search to the last key. */
void app_settle(app *a)
{
    a->typing_ahead = false;
    prompt_settle(a);
}

/* Said once, so a user who pressed a key zjdash cannot read knows it was
 * read and dropped, not lost on the way. */
void app_unknown_key(app *a)
{
    if (a->prompt.kind == PROMPT_NONE)
        app_say_msg(a, MSG_MSG_KEY_UNKNOWN);
}

/* ---- the mouse ---- */

/* A press on a row: on a document page a name opens at once, as a link
 * does; on a table the first press selects, a press on the selected row
 * opens it (so a double click on an unselected row opens it too). */
static void click_row(app *a, const struct mouse_event *m)
{
    const struct screen *s = app_screen(a);
    if (m->count == 2 && a->click_opened)
        return;
    long row = s->row_at ? s->row_at(a, m->x, m->y - a->layout.y) : -1;
    if (row < 0)
        return;
    bool open = s->build != NULL || row == s->get_cursor(a);
    s->set_cursor(a, row);
    if (open) {
        int depth = a->depth;
        app_key(a, K_ENTER);
        a->click_opened = a->depth != depth;
    }
}

/* Only presses and the wheel act: a release or a drag would act twice. */
void app_mouse(app *a, const struct mouse_event *m)
{
    if (a->prompt.kind != PROMPT_NONE || a->layout.too_small)
        return;
    const struct screen *s = app_screen(a);
    if (m->action == MOUSE_WHEEL_UP || m->action == MOUSE_WHEEL_DOWN) {
        long lines = m->action == MOUSE_WHEEL_UP ? -APP_WHEEL_LINES : APP_WHEEL_LINES;
        if (s->scroll)
            s->scroll(a, lines);
        else
            s->move(a, lines, false);
        return;
    }
    if (m->action != MOUSE_PRESS)
        return;
    a->message[0] = 0;
    if (m->y == FRAME_TABS_Y) {
        int t = frame_tab_at(a, m->x);
        if (t >= 0)
            go_to_tab(a, (uint32_t)t);
        a->click_opened = false;
    } else if (m->y >= a->layout.y && m->y < a->layout.y + a->layout.rows) {
        click_row(a, m);
    }
}

/* ---- layout and drawing ---- */

/* The only place sizes meet state: after it, drawing only reads. */
void app_layout(app *a, int w, int h)
{
    struct layout *l = &a->layout;
    l->w = w;
    l->h = h;
    l->too_small = w < APP_MIN_WIDTH || h < APP_MIN_HEIGHT;
    l->y = FRAME_BODY_Y;
    l->rows = h - FRAME_BODY_Y - 1;
    if (l->too_small)
        return;
    const struct screen *s = app_screen(a);
    if (s->build && !a->doc_built) {
        doc_free(&a->doc);
        doc_init(&a->doc, w - 2, a->ascii);
        s->build(a, app_top(a), &a->doc);
        a->doc_built = true;
    } else if (s->build && a->doc.width != w - 2) {
        a->doc_built = false;
        app_layout(a, w, h);
        return;
    }
    s->layout(a);
}

/* Draws what the last layout fitted; a grid of another size gets the
 * notice rather than a frame laid out for a different one. */
int app_draw(const app *a, grid *g)
{
    if (a->layout.too_small || a->layout.w != g->w || a->layout.h != g->h) {
        frame_too_small(g);
        return -1;
    }
    const struct screen *s = app_screen(a);
    frame_draw(a, g, s);
    s->draw(a, g);
    frame_draw_message_above(a, g);
    return a->prompt.kind != PROMPT_NONE ? prompt_draw(a, g) : -1;
}

/* What the terminal does each time something changed. */
int app_frame(app *a, grid *g)
{
    app_layout(a, g->w, g->h);
    return app_draw(a, g);
}

/* Where the reader is, in the heading of a page and the title of a picture. */
void app_crumbs(const app *a, buf *out)
{
    const dataset *ds = a->ds;
    /* the tab only when it holds something of the page opened over it */
    bool tab = a->depth < 2 || page_of_tab(a, &a->stack[1]);
    if (tab)
        buf_puts(out, app_in_places(a) ? tr(MSG_PAGE_PLACES) : ds_str(ds, ds->themes[a->tab].title));
    for (int d = 1; d < a->depth; d++) {
        if (tab || d > 1)
            buf_puts(out, a->ascii ? " > " : " › ");
        const struct page *p = &a->stack[d];
        screen_of(p->kind)->crumb(a, p, out);
    }
}

/* A picture's title says what it shows and where it comes from. */
void app_title(const app *a, buf *out)
{
    buf crumbs;
    buf_init(&crumbs);
    app_crumbs(a, &crumbs);
    lang_printf(out, MSG_PICTURE_TITLE, crumbs.data ? crumbs.data : "", ds_str(a->ds, a->ds->meta.title));
    buf_free(&crumbs);
}

/* Tables and places mark their sort column the same way. */
const char *app_sort_mark(const grid *g, bool descending)
{
    return descending ? grid_glyph(g, "▾", "v") : grid_glyph(g, "▴", "^");
}

/* ---- setting up ---- */

/* The command line's --tab, --sort and --filter set where the dashboard starts. */
app *app_new(const dataset *ds, const struct app_options *o)
{
    app *a = mem_calloc(1, sizeof *a);
    a->ds = ds;
    a->ascii = o->ascii;
    a->tabs = mem_calloc(ds->nthemes, sizeof *a->tabs);
    a->kept = mem_calloc(ds->nthemes + 1, sizeof *a->kept);
    struct sort_spec sort = {NULL, false};
    if (o->sort)
        options_parse_sort(o->sort, &sort);
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        a->tabs[t].view = view_new(ds, t);
        int c = sort.column ? view_find_column(ds, t, sort.column) : -1;
        if (c >= 0)
            view_sort(a->tabs[t].view, c, sort.descending);
        if (o->filter)
            view_filter(a->tabs[t].view, o->filter);
    }
    options_free_sort(&sort);
    int t = o->tab ? options_find_tab(ds, o->tab) : 0;
    a->depth = 1;
    app_switch_tab(a, t > 0 ? (uint32_t)t : 0);
    a->charts = true;
    buf_init(&a->prompt.input);
    buf_init(&a->copy);
    /* keys may come before the first frame (scripts, tests): a page then
     * has the size of the smallest terminal that shows everything */
    app_layout(a, 80, 24);
    return a;
}

/* Every exit path frees through here. */
void app_free(app *a)
{
    if (!a)
        return;
    for (uint32_t t = 0; t < a->ds->nthemes; t++) {
        view_free(a->tabs[t].view);
        free(a->tabs[t].widths);
    }
    free(a->tabs);
    free(a->kept);
    if (a->places_pending)
        app_places(a); /* the thread's tree is freed with the rest */
    places_free(a->places);
    doc_free(&a->doc);
    buf_free(&a->copy);
    buf_free(&a->prompt.input);
    free(a->prompt.saved);
    free(a->last_search);
    dataset_free(a->owned); /* last: everything above points into it */
    free(a);
}

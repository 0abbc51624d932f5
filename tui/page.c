/* A page of lines that scrolls: what the record, entity, help and unplaced
 * screens share. The cursor moves from link to link (a line that opens
 * something); a page without links scrolls. */
#include <string.h>

#include "screens.h"
#include "text.h"
#include "view.h"

/* Whether any line opens something: then the cursor moves, else the page. */
static bool has_links(const doc *d)
{
    return doc_first_link(d) >= 0;
}

/* The cursor stays on a link and in sight, and the page never scrolls past
 * its end; built lines are a->doc (app_layout builds them first). */
void page_layout(app *a)
{
    struct page *p = app_page(a);
    const doc *d = &a->doc;
    int rows = a->layout.rows;
    a->layout.page = rows;
    if (p->cursor < 0 || p->cursor >= d->n || !d->lines[p->cursor].opens)
        p->cursor = doc_first_link(d);
    if (p->cursor >= 0) {
        if (p->cursor < p->top)
            p->top = p->cursor;
        if (p->cursor >= p->top + rows)
            p->top = p->cursor - rows + 1;
    }
    if (p->top > d->n - rows)
        p->top = d->n - rows;
    if (p->top < 0)
        p->top = 0;
}

/* A line: indent, text, and its aside at the right edge in dim. */
static void draw_line(grid *g, int y, const struct line *l, bool selected)
{
    enum style st = selected ? ST_SELECTED : l->style;
    grid_blank(g, y, 0, g->w, st == ST_SELECTED ? st : ST_NORMAL);
    int x = 1 + l->indent;
    int aside_width = 0;
    if (l->aside) {
        aside_width = text_width(l->aside, strlen(l->aside));
        if (aside_width > (g->w - x) / 2)
            aside_width = (g->w - x) / 2;
    }
    int room = g->w - x - 1 - (aside_width ? aside_width + 2 : 0);
    app_put(g, y, x, room, l->text, st);
    if (aside_width)
        grid_puts(g, y, g->w - 1 - aside_width, aside_width, l->aside, selected ? st : ST_DIM,
                  TEXT_NO_PAD);
}

/* The lines in sight, the cursor's highlighted. */
void page_draw(const app *a, grid *g)
{
    const struct page *p = app_top(a);
    for (int i = 0; i < a->layout.rows; i++) {
        long k = p->top + i;
        if (k < a->doc.n)
            draw_line(g, a->layout.y + i, &a->doc.lines[k], k == p->cursor);
        else
            grid_blank(g, a->layout.y + i, 0, g->w, ST_NORMAL);
    }
}

/* On a page without links the keys scroll it. */
static void scroll(app *a, long by, bool absolute)
{
    struct page *p = app_page(a);
    long n = a->doc.n;
    p->top = absolute ? (by < 0 ? 0 : n) : p->top + by;
    if (p->top > n - a->layout.rows)
        p->top = n - a->layout.rows;
    if (p->top < 0)
        p->top = 0;
}

/* The link nearest target in direction dir, else the nearest the other way. */
static long nearest_link(const doc *d, long target, int dir)
{
    long i = target;
    while (i >= 0 && i < d->n && !d->lines[i].opens)
        i += dir;
    if (i >= 0 && i < d->n)
        return i;
    for (i = target; i >= 0 && i < d->n && !d->lines[i].opens; i -= dir)
        ;
    return i >= 0 && i < d->n ? i : -1;
}

/* Going up, the heading above the first link of a section comes into view. */
static void show_heading_above(app *a)
{
    struct page *p = app_page(a);
    const doc *d = &a->doc;
    if (p->top == 0 || p->cursor != p->top)
        return;
    long k = p->cursor - 1;
    while (k >= 0 && !d->lines[k].opens && d->lines[k].text[0])
        k--;
    if (k < p->cursor - 1 && k + 1 < p->top)
        p->top = k + 1 < 0 ? 0 : k + 1;
}

/* Up and Down go from name to name, as Tab does between links in a browser. */
void page_move(app *a, long by, bool absolute)
{
    struct page *p = app_page(a);
    const doc *d = &a->doc;
    if (!has_links(d)) {
        scroll(a, by, absolute);
        return;
    }
    long target = absolute ? (by < 0 ? 0 : d->n - 1) : p->cursor + by;
    target = target < 0 ? 0 : target >= d->n ? d->n - 1 : target;
    int dir = absolute ? (by < 0 ? 1 : -1) : (by < 0 ? -1 : 1);
    long i = nearest_link(d, target, dir);
    if (i >= 0)
        p->cursor = i;
    if (p->cursor < p->top)
        p->top = p->cursor;
    if (p->cursor >= p->top + a->layout.rows)
        p->top = p->cursor - a->layout.rows + 1;
    if (!absolute && by < 0)
        show_heading_above(a);
}

/* The same matcher as the tables: pinyin finds a name on a page too. */
long page_find(app *a, const char *needle, long from, int dir)
{
    const doc *d = &a->doc;
    size_t at, to;
    for (long k = 1; k <= d->n; k++) {
        long i = ((from + dir * k) % d->n + d->n) % d->n;
        if ((d->lines[i].opens || !has_links(d)) && view_text_match(d->lines[i].text, needle, &at, &to))
            return i;
    }
    return -1;
}

/* Where a search on a page starts: the link, or the first line shown. */
long page_get_cursor(const app *a)
{
    const struct page *p = app_top(a);
    return p->cursor >= 0 ? p->cursor : p->top;
}

/* A search lands on a link, or scrolls a page without links. */
void page_set_cursor(app *a, long row)
{
    struct page *p = app_page(a);
    if (has_links(&a->doc))
        p->cursor = row;
    else
        p->top = row;
}

/* The heading of every page is the path that led to it. */
void page_heading(const app *a, const grid *g, buf *out)
{
    (void)g;
    app_crumbs(a, out);
}

/* Enter opens the name under the cursor. */
static void open_line(app *a, uint32_t key)
{
    (void)key;
    const struct page *p = app_top(a);
    if (p->cursor >= 0 && p->cursor < a->doc.n && a->doc.lines[p->cursor].opens)
        app_open(a, a->doc.lines[p->cursor].target);
}

/* Esc and q both go back from a page; only a tab's own page quits. */
static void back(app *a, uint32_t key)
{
    (void)key;
    app_back(a);
}

/* m on a page that shows a total (a place's, an organisation's, the
 * unplaced records'): what that total is made of. */
static void money_key(app *a, uint32_t key)
{
    (void)key;
    const struct page *p = app_top(a);
    uint32_t of;
    if (p->kind == PAGE_ENTITY)
        of = p->target.index;
    else if (p->kind == PAGE_UNPLACED)
        of = PLACES_UNPLACED;
    else {
        app_say(a, "no total on this page: m works on a table, a place or an organisation");
        return;
    }
    struct page *money = app_push(a, PAGE_MONEY);
    if (money)
        money->target = (link_target){LINK_ENTITY, of};
}

static const struct keydef page_defs[] = {
    {{K_ENTER, K_RIGHT, 'l'}, open_line, "open the place, organisation or record under the cursor",
     "open", NULL},
    {{K_ESC}, back, "back to exactly where you were", "back", NULL},
    {{'m'}, money_key, "on a place's or organisation's page: what its money is made of", NULL,
     NULL},
    {{'q'}, back, "back", "back", NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const uint32_t page_hints[] = {K_ENTER, K_ESC, K_TAB, '?', 'q', 0};

const struct keymap page_keys = {"On a record, place, organisation or help page", page_defs};

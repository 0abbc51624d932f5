/* A page of lines that scrolls: what the record, entity, help and unplaced
 * screens share. It opens at its top; the selection is a link (a line that
 * opens something) in sight, or none; Up and Down go from link to link while
 * the next one shows, and scroll a line when it does not. */
#include <stdlib.h>
#include <string.h>

#include "copy.h"
#include "frame.h"
#include "lang.h"
#include "screens.h"
#include "text.h"
#include "view.h"

/* The link shown nearest line near, or -1 when no link shows: a selection
 * never lies outside what the reader sees. */
static long link_in_sight(const doc *d, long top, int rows, long near)
{
    long best = -1;
    for (long i = top < 0 ? 0 : top; i < top + rows && i < d->n; i++)
        if (d->lines[i].opens && (best < 0 || labs(i - near) < labs(best - near)))
            best = i;
    return best;
}

/* How far down a page can scroll: its last line at the bottom. */
static long last_top(const app *a)
{
    long top = a->doc.n - a->layout.rows;
    return top > 0 ? top : 0;
}

/* A page opens at its top, so the lines above its first name (a record's
 * fields, a place's path) are read first; the selection is a name in sight,
 * or none. A name chosen out of sight (a search, a smaller terminal) is
 * scrolled to. Built lines are a->doc (app_layout builds them first). */
void page_layout(app *a)
{
    struct page *p = app_page(a);
    const doc *d = &a->doc;
    int rows = a->layout.rows;
    a->layout.page = rows;
    bool link = p->cursor >= 0 && p->cursor < d->n && d->lines[p->cursor].opens;
    if (link && p->cursor < p->top)
        p->top = p->cursor;
    if (link && p->cursor >= p->top + rows)
        p->top = p->cursor - rows + 1;
    p->top = p->top > last_top(a) ? last_top(a) : p->top < 0 ? 0 : p->top;
    if (!link)
        p->cursor = link_in_sight(d, p->top, rows, p->top);
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

/* A line of a briefing: its text whole, wrapped in the room its aside
 * leaves, the aside at the right; links look like any text, since nothing
 * on paper opens. Returns the lines it took. */
static int picture_line(grid *g, int y, const struct line *l)
{
    int x = 1 + l->indent;
    int aside_width = 0;
    if (l->aside) {
        aside_width = text_width(l->aside, strlen(l->aside));
        if (aside_width > (g->w - x) / 2)
            aside_width = (g->w - x) / 2;
    }
    int room = g->w - x - 1 - (aside_width ? aside_width + 2 : 0);
    grid_reserve(g, y + 1);
    int lines = grid_wrap(g, y, x, room, l->text, l->style == ST_LINK ? ST_NORMAL : l->style,
                          TEXT_NO_PAD);
    if (aside_width) {
        int n = grid_wrap(g, y, g->w - 1 - aside_width, aside_width, l->aside, ST_DIM,
                          TEXT_ALIGN_RIGHT);
        lines = n > lines ? n : lines;
    }
    return lines;
}

/* A picture that leaves rows out says so, in words: a cut mark would not
 * say how much is missing. what is what was counted, in words of the
 * language set (行, 个地点). Returns the lines it took. */
int picture_more(grid *g, int y, long shown, long all, const char *what)
{
    if (shown >= all)
        return 0;
    buf line;
    buf_init(&line);
    lang_printf(&line, MSG_PICTURE_MORE, shown, all, what);
    int lines = grid_wrap(g, y, 1, g->w - 2, line.data, ST_DIM, TEXT_NO_PAD);
    buf_free(&line);
    return lines;
}

/* Every line of the page, built at the picture's width (a copy: the app's
 * own lines stay as the screen laid them out), none selected. */
void page_picture(const app *a, grid *g, int *y)
{
    doc d;
    doc_init(&d, g->w - 2, a->ascii);
    d.still = true;
    app_screen(a)->build(a, app_top(a), &d);
    long n = d.n < PICTURE_MAX_ROWS ? d.n : PICTURE_MAX_ROWS;
    for (long i = 0; i < n; i++)
        *y += picture_line(g, *y, &d.lines[i]);
    *y += picture_more(g, *y, n, d.n, tr(MSG_PICTURE_LINES));
    doc_free(&d);
}

/* Scrolls by lines; a selection scrolled out of sight goes to the name in
 * sight nearest it. */
static void scroll_by(app *a, long by)
{
    struct page *p = app_page(a);
    p->top += by;
    p->top = p->top > last_top(a) ? last_top(a) : p->top < 0 ? 0 : p->top;
    if (p->cursor < p->top || p->cursor >= p->top + a->layout.rows)
        p->cursor = link_in_sight(&a->doc, p->top, a->layout.rows, p->cursor);
}

/* Up and Down go to the next name when it shows, as Tab does between links
 * in a browser; else they scroll a line, so every line can be read and the
 * page's top is always one key away. */
static void step(app *a, int dir)
{
    struct page *p = app_page(a);
    const doc *d = &a->doc;
    long next = p->cursor >= 0 ? p->cursor : dir > 0 ? p->top - 1 : p->top + a->layout.rows;
    do
        next += dir;
    while (next >= 0 && next < d->n && !d->lines[next].opens);
    if (next < p->top || next >= p->top + a->layout.rows)
        scroll_by(a, dir);
    if (next >= p->top && next < p->top + a->layout.rows && next < d->n)
        p->cursor = next;
}

/* One line at a time, a page at a time (at either end: to the first or last
 * name), or to the top or bottom. */
void page_move(app *a, long by, bool absolute)
{
    struct page *p = app_page(a);
    int rows = a->layout.rows;
    if (absolute) {
        p->top = by < 0 ? 0 : last_top(a);
        p->cursor = link_in_sight(&a->doc, p->top, rows, by < 0 ? 0 : a->doc.n);
    } else if (by == 1 || by == -1) {
        step(a, (int)by);
    } else {
        long top = p->top;
        scroll_by(a, by);
        if (p->top == top)
            p->cursor = link_in_sight(&a->doc, p->top, rows, by < 0 ? 0 : a->doc.n);
    }
}

/* A click opens a name, as a link in a browser does: other lines are no
 * rows to click. */
long page_row_at(const app *a, int x, int y)
{
    (void)x;
    long line = app_top(a)->top + y;
    return y >= 0 && y < a->layout.rows && line < a->doc.n && a->doc.lines[line].opens ? line : -1;
}

/* The wheel reads on, a few lines at a time, wherever the names are. */
void page_scroll(app *a, long lines)
{
    scroll_by(a, lines);
}

/* The same matcher as the tables: pinyin finds a name on a page too. */
long page_find(app *a, const char *needle, long from, int dir)
{
    const doc *d = &a->doc;
    bool links = doc_first_link(d) >= 0; /* then only the links are searched */
    size_t at, to;
    for (long k = 1; k <= d->n; k++) {
        long i = ((from + dir * k) % d->n + d->n) % d->n;
        if ((d->lines[i].opens || !links) && view_text_match(d->lines[i].text, needle, &at, &to))
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

/* A search lands on a link; any other line (a page without links, or where
 * a search began with no name in sight) is scrolled to the top. */
void page_set_cursor(app *a, long row)
{
    struct page *p = app_page(a);
    if (row >= 0 && row < a->doc.n && a->doc.lines[row].opens) {
        p->cursor = row;
    } else {
        p->top = row;
        p->cursor = -1;
    }
}

/* A path names the tab under a page only when the tab holds something of
 * it: a record of its theme, or an entity one of whose records is there
 * (组织凝心 › 文章村 would send a reader to a tab without 文章村). The places
 * hold every place; help and money pages belong to what they are over. */
bool page_of_tab(const app *a, const struct page *p)
{
    const dataset *ds = a->ds;
    if (app_in_places(a) || (p->kind != PAGE_RECORD && p->kind != PAGE_ENTITY))
        return true;
    if (p->kind == PAGE_RECORD)
        return ds->records[p->target.index].theme == a->tab;
    uint32_t *recs, n = link_entity_records(ds, p->target.index, &recs);
    bool found = false;
    for (uint32_t i = 0; i < n && !found; i++)
        found = ds->records[recs[i]].theme == a->tab;
    free(recs);
    return found;
}

/* The heading of every page is the path that led to it, cut to the line so
 * that it still ends with the page's own name. */
void page_heading(const app *a, const grid *g, buf *out)
{
    frame_crumbs(a, g->w - 2, out);
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
        app_say_msg(a, MSG_MSG_NO_TOTAL);
        return;
    }
    struct page *money = app_push(a, PAGE_MONEY);
    if (money)
        money->target = (link_target){LINK_ENTITY, of};
}

/* y Y: what a briefing quotes, to the clipboard (copy.c). */
static void copy_key(app *a, uint32_t key)
{
    copy_page(a, key == 'Y');
}

static const struct keydef page_defs[] = {
    {{K_ENTER, K_RIGHT, 'l'}, open_line, "key.page.open", "hint.page.open", NULL},
    {{K_ESC}, back, "key.global.back", "hint.page.back", NULL},
    {{'m'}, money_key, "key.page.money", NULL, NULL},
    {{'y'}, copy_key, "key.page.copy_line", NULL, NULL},
    {{'Y'}, copy_key, "key.page.copy_quote", NULL, NULL},
    {{'q'}, back, "key.page.quit_back", "hint.page.back", NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const uint32_t page_hints[] = {K_ENTER, K_ESC, K_TAB, '?', 'q', 0};

/* The words are catalogue keys, said in the language chosen. */
const struct keymap page_keys = {"keymap.page", page_defs};

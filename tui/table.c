/* The table screen: a theme's headline figures (chart.c) over its records,
 * sorted and filtered by the view, with the selected row marked and what a
 * search or filter found highlighted. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "copy.h"
#include "export.h"
#include "frame.h"
#include "lang.h"
#include "mem.h"
#include "money.h"
#include "screens.h"
#include "table.h"
#include "text.h"
#include "value.h"

#define MEASURED_ROWS 2000  /* column widths come from this many rows at most */
#define MAX_TEXT_WIDTH 40
#define MIN_TABLE_ROWS 10   /* a chart shows only above this many rows of table */
#define MIN_TEXT_WIDTH 10
#define FIRST_TEXT_WIDTH 20 /* the first column names the row */

/* The table of the tab on screen. */
static struct tab *current(app *a)
{
    return &a->tabs[a->tab];
}

/* The same, for drawing, which only reads. */
const struct tab *table_tab(const app *a)
{
    return &a->tabs[a->tab];
}

/* Numbers align right and keep their width when the screen is narrow. */
bool table_numeric(const column *c)
{
    return c->type == COL_MONEY || c->type == COL_COUNT || c->type == COL_DATE;
}

/* Natural widths from the first rows, capped (a big table must not pay for
 * every row on every key); and the least a column may shrink to: a
 * number's widest value, a name a readable part. malloc'ed: the widths by
 * column, then the least. */
int *table_measure_widths(const dataset *ds, uint32_t theme_index)
{
    const theme *t = &ds->themes[theme_index];
    int *widths = mem_calloc(2 * (size_t)t->ncolumns + 1, sizeof *widths);
    int *least = widths + t->ncolumns;
    buf cell;
    buf_init(&cell);
    uint32_t n = t->nrecords < MEASURED_ROWS ? t->nrecords : MEASURED_ROWS;
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        const char *label = ds_str(ds, t->columns[c].label);
        int content = 0;
        for (uint32_t r = 0; r < n; r++) {
            buf_clear(&cell);
            view_cell_text(&cell, ds, t->first_record + r, c);
            int cw = text_width(cell.data ? cell.data : "", cell.len);
            content = cw > content ? cw : content;
        }
        int w = text_width(label, strlen(label)) + 2; /* room for the sort mark */
        w = content > w ? content : w;
        widths[c] = w > MAX_TEXT_WIDTH ? MAX_TEXT_WIDTH : w;
        least[c] = table_numeric(&t->columns[c]) ? (content > 4 ? content : 4)
                   : c == 0                ? FIRST_TEXT_WIDTH
                                           : MIN_TEXT_WIDTH;
        if (least[c] > widths[c])
            least[c] = widths[c];
    }
    buf_free(&cell);
    return widths;
}

/* Measured once per tab, when it is first laid out. */
static void measure(const dataset *ds, struct tab *tab)
{
    if (!tab->widths)
        tab->widths = table_measure_widths(ds, tab->view->theme);
}

/* Shrinks the widest column of a kind (text or numbers) until used fits. */
static int shrink(const theme *t, const int *least, int *w, int n, int used, int width,
                  bool numbers)
{
    while (used > width) {
        int widest = -1;
        for (int c = 0; c < n; c++)
            if (table_numeric(&t->columns[c]) == numbers && w[c] > least[c] &&
                (widest < 0 || w[c] - least[c] > w[widest] - least[widest]))
                widest = c;
        if (widest < 0)
            break;
        w[widest]--;
        used--;
    }
    return used;
}

/* Fits the columns into width: text shrinks first, then numbers, then
 * columns go from the right, but never the sorted one, nor does it shrink
 * below its heading and mark: the column that orders the rows is on screen
 * at every width, not only named in the status line. The last one shown
 * takes what is left. Returns the number of columns shown; cols[] gets them
 * in order, w[] (by column) their widths. */
int table_fit_columns(const dataset *ds, const view *v, const int *widths, int width, int *w,
                      int *cols)
{
    const theme *t = &ds->themes[v->theme];
    const int *least = widths + t->ncolumns;
    int n = (int)t->ncolumns, used = 0, sorted = v->sort_column;
    for (int c = 0; c < n; c++) {
        w[c] = widths[c];
        cols[c] = c;
        used += w[c] + 2; /* a space before, a border after */
    }
    /* the sorted column keeps room for its heading and the sort mark */
    int *floor = mem_alloc(((size_t)n + 1) * sizeof *floor);
    memcpy(floor, least, (size_t)n * sizeof *floor);
    if (sorted >= 0) {
        const char *label = ds_str(ds, t->columns[sorted].label);
        int heading = text_width(label, strlen(label)) + 2;
        floor[sorted] = heading > floor[sorted] ? heading : floor[sorted];
        floor[sorted] = floor[sorted] > w[sorted] ? w[sorted] : floor[sorted];
    }
    used = shrink(t, floor, w, n, used, width, false);
    used = shrink(t, floor, w, n, used, width, true);
    free(floor);
    while (used > width && n > 1) {
        int drop = cols[n - 1] == sorted ? n - 2 : n - 1;
        if (drop == 0 && sorted > 0)
            break; /* the name and the sorted column: the latter narrows below */
        used -= w[cols[drop]] + 2;
        memmove(cols + drop, cols + drop + 1, (size_t)(n - drop - 1) * sizeof *cols);
        n--;
    }
    int last = cols[n - 1];
    w[last] += width - used; /* what is left, or (too wide) what is missing */
    if (w[last] < 1)
        w[last] = 1;
    return n;
}

static void *add_up_money(void *v)
{
    view_money(v);
    return NULL;
}

/* The heading's money and the chart each read every row shown: after a
 * filter's keystroke (half a million rows) the money is added up on another
 * core while the chart is made here. They share nothing they write. */
static int money_and_chart(view *v, bool charts)
{
    pthread_t thread;
    bool beside = charts && !view_money_made(v) && !chart_made(v) &&
                  !pthread_create(&thread, NULL, add_up_money, v);
    int lines = charts ? chart_lines(v) : 0;
    if (beside)
        pthread_join(thread, NULL);
    return lines;
}

/* The chart when it leaves the table MIN_TABLE_ROWS, else the strip; then
 * the cursor is kept in sight. */
static void layout(app *a)
{
    struct tab *t = current(a);
    const struct layout *l = &a->layout;
    measure(a->ds, t);
    int chart = money_and_chart(t->view, a->charts);
    t->chart = chart && chart <= l->h - 1 - l->y - 1 - MIN_TABLE_ROWS;
    if (t->chart) {
        t->chart_lines = chart;
    } else {
        int max = l->h >= 24 ? 2 : 1;
        grid scratch;
        grid_init(&scratch, l->w, max, a->ascii);
        t->chart_lines = chart_strip(&scratch, t->view, l->w, 0, max);
        grid_free(&scratch);
    }
    int rows = l->rows - t->chart_lines - 1;
    a->layout.page = rows;
    long n = (long)t->view->nrows;
    t->cursor = t->cursor >= n ? n - 1 : t->cursor;
    t->cursor = t->cursor < 0 ? 0 : t->cursor;
    if (t->cursor < t->top)
        t->top = t->cursor;
    if (t->cursor >= t->top + rows)
        t->top = t->cursor - rows + 1;
    if (t->top > n - rows)
        t->top = n - rows;
    if (t->top < 0)
        t->top = 0;
}

/* What to show found in the rows: the search being typed, else the filter,
 * else the last search. */
static const char *shown_needle(const app *a, const view *v)
{
    if (a->prompt.kind == PROMPT_SEARCH && a->prompt.input.len)
        return a->prompt.input.data;
    if (v->filter)
        return v->filter;
    return a->last_search;
}

/* Marks where needle finds the (left-aligned) text of a cell drawn at x. */
static void highlight(grid *g, int y, int x, int width, const char *text, const char *needle)
{
    size_t from, to;
    if (!needle || !*needle || !view_text_match(text, needle, &from, &to))
        return;
    int start = text_width(text, from), end = text_width(text, to);
    if (text_width(text, strlen(text)) > width && end > width - 1)
        end = width - 1; /* the cut mark is not part of the match */
    if (start < end)
        grid_restyle(g, y, x + start, end - start, ST_MATCH);
}

/* The column headings, the sorted one marked. */
static void draw_headings(const app *a, grid *g, int y, const int *w, const int *cols, int shown)
{
    const dataset *ds = a->ds;
    const theme *t = &ds->themes[a->tab];
    const view *v = table_tab(a)->view;
    grid_blank(g, y, 0, g->w, ST_COLUMN);
    buf text;
    buf_init(&text);
    for (int i = 0, x = 0; i < shown; i++) {
        int c = cols[i];
        bool sorted = c == v->sort_column;
        buf_clear(&text);
        buf_puts(&text, ds_str(ds, t->columns[c].label));
        if (sorted)
            buf_printf(&text, " %s", app_sort_mark(g, v->descending));
        grid_text(g, y, x + 1, w[c], text.data, text.len, sorted ? ST_COLUMN_SORTED : ST_COLUMN,
                  table_numeric(&t->columns[c]) ? TEXT_ALIGN_RIGHT : 0);
        x += w[c] + 1;
        if (i + 1 < shown)
            app_put(g, y, x, 1, grid_glyph(g, "│", "|"), ST_COLUMN);
        x += 1;
    }
    buf_free(&text);
}

/* The selected row is marked across the whole width, so the eye finds it
 * and follows it to the figures at its right end. */
static void draw_row(const app *a, grid *g, int y, long row, const int *w, const int *cols, int shown,
                     buf *text)
{
    const dataset *ds = a->ds;
    const theme *t = &ds->themes[a->tab];
    const struct tab *tab = table_tab(a);
    const char *needle = shown_needle(a, tab->view);
    bool selected = row == tab->cursor;
    enum style st = selected ? ST_SELECTED : ST_NORMAL;
    grid_blank(g, y, 0, g->w, st);
    for (int i = 0, x = 0; i < shown; i++) {
        int c = cols[i];
        buf_clear(text);
        view_cell_text(text, ds, tab->view->rows[row], (uint32_t)c);
        grid_text(g, y, x + 1, w[c], text->data ? text->data : "", text->len, st,
                  table_numeric(&t->columns[c]) ? TEXT_ALIGN_RIGHT : 0);
        if (!table_numeric(&t->columns[c]) && text->data)
            highlight(g, y, x + 1, w[c], text->data, needle);
        x += w[c] + 1;
        if (i + 1 < shown)
            app_put(g, y, x, 1, grid_glyph(g, "│", "|"), st);
        x += 1;
    }
    if (selected)
        app_put(g, y, 0, 1, grid_glyph(g, "▸", ">"), ST_SELECTED);
}

/* The figures above, then the headings and the rows in sight. */
static void draw(const app *a, grid *g)
{
    const struct tab *tab = table_tab(a);
    view *v = tab->view; /* the chart it keeps is made at most once per set of its rows */
    int y0 = a->layout.y;
    if (tab->chart)
        chart_draw(g, v, y0, tab->chart_lines);
    else
        chart_strip(g, v, g->w, y0, tab->chart_lines);
    y0 += tab->chart_lines;
    size_t ncolumns = a->ds->themes[a->tab].ncolumns;
    int *w = mem_calloc(2 * ncolumns + 1, sizeof *w), *cols = w + ncolumns;
    int shown = table_fit_columns(a->ds, v, tab->widths, g->w, w, cols);
    draw_headings(a, g, y0, w, cols, shown);
    buf text;
    buf_init(&text);
    for (int i = 0; i < a->layout.page; i++) {
        long row = tab->top + i;
        if (row < (long)v->nrows)
            draw_row(a, g, y0 + 1 + i, row, w, cols, shown, &text);
        else
            grid_blank(g, y0 + 1 + i, 0, g->w, ST_NORMAL);
    }
    if (!v->nrows && a->layout.page > 0)
        app_put(g, y0 + 1, 2, g->w - 4, tr(v->filter ? MSG_TABLE_NO_FILTERED_ROWS : MSG_TABLE_NO_ROWS),
                ST_DIM);
    buf_free(&text);
    free(w);
}

/* The theme's title and heading, how many records, and their money. */
static void heading(const app *a, const grid *g, buf *out)
{
    const dataset *ds = a->ds;
    const theme *t = &ds->themes[a->tab];
    view *v = table_tab(a)->view; /* its money is kept until its rows change */
    if (t->heading != NONE)
        buf_printf(out, "%s %s ", ds_str(ds, t->title), ds_str(ds, t->heading));
    else
        buf_printf(out, "%s ", ds_str(ds, t->title));
    buf_printf(out, "%s ", grid_glyph(g, "·", "-"));
    lang_printf(out, v->nrows == 1 ? MSG_TABLE_COUNT_ONE : MSG_TABLE_COUNT, v->nrows);
    buf_printf(out, " %s ", grid_glyph(g, "·", "-"));
    money_text(out, view_money(v), a->ascii);
}

/* Where the cursor is, and what sort and filter make the rows what they are. */
static void status(const app *a, buf *out)
{
    const dataset *ds = a->ds;
    const struct tab *tab = table_tab(a);
    const view *v = tab->view;
    const char *dot = a->ascii ? " - " : " · ";
    if (v->nrows)
        lang_printf(out, MSG_STATUS_ROW, tab->cursor + 1, v->nrows);
    else
        buf_puts(out, tr(MSG_STATUS_NO_ROWS));
    if (v->nrows != v->total)
        lang_printf(out, MSG_STATUS_OF_ALL, v->total);
    if (v->sort_column >= 0) {
        buf_puts(out, dot);
        frame_status_sort(out, ds_str(ds, ds->themes[a->tab].columns[v->sort_column].label),
                        v->descending, a->ascii);
    } else if (v->descending) {
        buf_printf(out, "%s%s", dot, tr(MSG_STATUS_REPORT_ORDER_REVERSED));
    }
    if (v->filter) {
        buf_puts(out, dot);
        lang_printf(out, MSG_STATUS_FILTER, v->filter);
    }
}

/* Tables are tabs, never pages on the path. */
static void crumb(const app *a, const struct page *p, buf *out)
{
    (void)a;
    (void)p;
    (void)out;
}

/* absolute: by < 0 is the first row, else the last. */
static void move(app *a, long by, bool absolute)
{
    struct tab *t = current(a);
    long n = (long)t->view->nrows;
    t->cursor = absolute ? (by < 0 ? 0 : n - 1) : t->cursor + by;
    t->cursor = t->cursor >= n ? n - 1 : t->cursor;
    t->cursor = t->cursor < 0 ? 0 : t->cursor;
}

/* The view's search: every column as shown, pinyin too. */
static long find(app *a, const char *needle, long from, int dir)
{
    return view_search(table_tab(a)->view, needle, from, dir);
}

/* A search starts from the selected row. */
static long get_cursor(const app *a)
{
    return table_tab(a)->cursor;
}

/* A search lands on its row. */
static void set_cursor(app *a, long row)
{
    current(a)->cursor = row;
}

/* A click: the rows start under the chart and the column headings. */
static long row_at(const app *a, int x, int y)
{
    (void)x;
    const struct tab *tab = table_tab(a);
    long i = y - tab->chart_lines - 1;
    long row = tab->top + i;
    return i >= 0 && i < a->layout.page && row < (long)tab->view->nrows ? row : -1;
}

/* ---- keys ---- */

/* The record under the cursor, or NONE in an empty table. */
static uint32_t selected_record(app *a)
{
    struct tab *t = current(a);
    return t->view->nrows ? t->view->rows[t->cursor] : NONE;
}

/* Drill-down from a row to its record. */
static void open_row(app *a, uint32_t key)
{
    (void)key;
    if (current(a)->view->nrows)
        app_open(a, (link_target){LINK_RECORD, selected_record(a)});
}

/* Esc on a table undoes the filter: the quickest way back to every row. */
static void clear_filter(app *a, uint32_t key)
{
    (void)key;
    struct tab *t = current(a);
    if (!t->view->filter)
        return;
    uint32_t rec = selected_record(a);
    view_filter(t->view, NULL);
    set_cursor(a, 0);
    for (uint32_t i = 0; rec != NONE && i < t->view->nrows; i++)
        if (t->view->rows[i] == rec)
            set_cursor(a, i);
    app_say(a, "%s", tr(MSG_MSG_TABLE_FILTER_CLEARED));
}

/* The sort changes the order, never which record is selected. */
static void sort_to(app *a, int by, bool descending)
{
    struct tab *t = current(a);
    uint32_t rec = selected_record(a);
    view_sort(t->view, by, descending);
    t->cursor = 0;
    for (uint32_t i = 0; rec != NONE && i < t->view->nrows; i++)
        if (t->view->rows[i] == rec) {
            t->cursor = i;
            break;
        }
}

/* < > r: the selected record stays selected whatever the order. */
static void sort_key(app *a, uint32_t key)
{
    const view *v = current(a)->view;
    int by = v->sort_column;
    bool descending = v->descending;
    app_sort_step(key, (int)a->ds->themes[a->tab].ncolumns, &by, &descending);
    sort_to(a, by, descending);
}

/* m: how the money in the heading is made, figure by figure. */
static void money_key(app *a, uint32_t key)
{
    (void)key;
    struct page *p = app_push(a, PAGE_MONEY);
    if (p)
        p->of_tab = true;
}

/* e: the rows as shown, to a spreadsheet. */
static void export_key(app *a, uint32_t key)
{
    (void)key;
    export_table(a);
}

/* y and Y: the selected row's first cell, or all of it, to the clipboard. */
static void copy_key(app *a, uint32_t key)
{
    copy_selection(a, key == 'Y');
}

/* f: the rows that contain the text, as it is typed. */
static void filter_key(app *a, uint32_t key)
{
    (void)key;
    prompt_start(a, PROMPT_FILTER);
}

static const struct keydef table_defs[] = {
    {{K_ENTER, K_RIGHT, 'l'}, open_row, "key.table.open", "hint.table.open", NULL},
    {{'f'}, filter_key, "key.table.filter", "hint.table.filter", NULL},
    {{K_ESC}, clear_filter, "key.table.clear_filter", NULL, NULL},
    {{'<', '>'}, sort_key, "key.table.sort", "hint.table.sort", "<>"},
    {{'r'}, sort_key, "key.table.reverse", "hint.table.reverse", NULL},
    {{'e'}, export_key, "key.table.export", NULL, NULL},
    {{'y'}, copy_key, "key.table.copy_cell", NULL, NULL},
    {{'Y'}, copy_key, "key.table.copy_row", NULL, NULL},
    {{'m'}, money_key, "key.table.money", "hint.table.money", NULL},
    {{'q'}, app_quit_key, "key.table.quit", "hint.table.quit", NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const struct keymap table_keys = {"key.table.title", table_defs};

/* What the status line names, in the order a newcomer needs them. */
static const uint32_t hints[] = {K_ENTER, '/', 'f', '<', 'r', '?', 'q', 0};

const struct screen table_screen = {
    .keys = &table_keys,
    .hints = hints,
    .layout = layout,
    .draw = draw,
    .picture = table_picture,
    .heading = heading,
    .status = status,
    .crumb = crumb,
    .move = move,
    .find = find,
    .get_cursor = get_cursor,
    .set_cursor = set_cursor,
    .row_at = row_at,
};

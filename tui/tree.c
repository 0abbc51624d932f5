/* The places screen: 湛江市 → counties → towns → villages as a tree to open
 * and close, each place with its records per theme, all its records and
 * the money named there, and a bar of the sort's measure. */
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "export.h"
#include "frame.h"
#include "lang.h"
#include "mem.h"
#include "money.h"
#include "screens.h"
#include "text.h"
#include "value.h"

#define PLACES_NAME 18
#define PLACES_BAR 12
#define PLACES_BAR_MIN 5

/* A column's heading: Place, a theme's title, records, money. */
static const char *column_label(const places *p, uint32_t c)
{
    return c == 0                          ? tr(MSG_PLACES_COL_PLACE)
           : c == places_column_total(p)   ? tr(MSG_PLACES_COL_RECORDS)
           : c == places_column_money(p)   ? tr(MSG_PLACES_COL_MONEY)
                                           : ds_str(p->ds, p->ds->themes[c - 1].title);
}

/* A cell as shown: a count, or money as the report words it; empty for none. */
static void cell_text(buf *out, const places *p, uint32_t place, uint32_t c)
{
    const struct place_stats *st = places_stats(p, place);
    if (c == places_column_money(p)) {
        if (st->money.how != TOTAL_EMPTY)
            money_cell(out, &st->money);
    } else {
        uint32_t n = c == places_column_total(p) ? st->total : places_count(p, place, c - 1);
        if (n)
            buf_printf(out, "%u", n);
    }
}

/* What a bar measures: the cell's number. */
static double measure_of(const places *p, uint32_t place, uint32_t c)
{
    if (c == places_column_money(p))
        return (double)places_stats(p, place)->money.value;
    if (c == places_column_total(p))
        return places_stats(p, place)->total;
    return places_count(p, place, c - 1);
}

/* How the columns share the width. */
struct columns {
    int *w;        /* by column; w[0] is the name */
    bool *hidden;
    int bar;       /* the bars' width, 0 for none */
    uint32_t n;
};

/* Numbers as wide as their heading or widest value; returns their total. */
static int number_widths(const places *p, struct columns *cols)
{
    buf text;
    buf_init(&text);
    int widths = 0;
    for (uint32_t c = 1; c < cols->n; c++) {
        const char *label = column_label(p, c);
        cols->w[c] = text_width(label, strlen(label)) + 2;
        for (uint32_t r = 0; r < p->nrows; r++) {
            buf_clear(&text);
            cell_text(&text, p, p->rows[r].place, c);
            int cw = text_width(text.data ? text.data : "", text.len);
            cols->w[c] = cw > cols->w[c] ? cw : cols->w[c];
        }
        widths += cols->w[c] + 2;
    }
    buf_free(&text);
    return widths;
}

/* The name keeps 18 cells and the bars 12: when they do not fit, the bars
 * shrink to 5 (a count by theme says more than a longer bar), then the
 * themes' columns go, from the right, but not the sorted one; records and
 * money stay. Without bars (c), the name takes their room. */
static void fit_columns(const places *p, int width, bool bars, struct columns *cols)
{
    cols->n = places_column_count(p);
    cols->w = mem_calloc(cols->n + 1, sizeof *cols->w);
    cols->hidden = mem_calloc(cols->n + 1, sizeof *cols->hidden);
    int bar = bars ? PLACES_BAR : 0, *w = cols->w;
    w[0] = width - number_widths(p, cols) - 2 - (bar + 2);
    if (!bars)
        w[0] += 2; /* no bars, and no space before them */
    if (w[0] < PLACES_NAME && bars) {
        int give = PLACES_NAME - w[0] < bar - PLACES_BAR_MIN ? PLACES_NAME - w[0] : bar - PLACES_BAR_MIN;
        bar -= give;
        w[0] += give;
    }
    for (uint32_t c = places_column_total(p) - 1; w[0] < PLACES_NAME && c >= 1; c--) {
        if ((int)c == p->sort_column)
            continue;
        cols->hidden[c] = true;
        w[0] += w[c] + 2;
    }
    if (w[0] < PLACES_NAME && bars) { /* still too narrow: no bars */
        w[0] += bar + 2;
        bar = 0;
    } else if (bars && w[0] > PLACES_NAME + 24) { /* room to spare: longer bars */
        int more = w[0] - PLACES_NAME - 24;
        more = more > CHART_BAR_MAX - bar ? CHART_BAR_MAX - bar : more;
        bar += more;
        w[0] -= more;
    }
    cols->bar = bar;
}

/* The widths are made per draw: the tree changes with every key. */
static void free_columns(struct columns *cols)
{
    free(cols->w);
    free(cols->hidden);
}

/* The sort's column in words: the first column is the places themselves. */
static const char *sort_label(const places *p)
{
    return p->sort_column == 0 ? tr(MSG_PLACES_SORT_PLACE) : column_label(p, (uint32_t)p->sort_column);
}

/* The bars show the sort column if it is a number, else records. */
static uint32_t bar_column(const places *p)
{
    return p->sort_column > 0 ? (uint32_t)p->sort_column : places_column_total(p);
}

/* One scale for the whole tree, shown rows or not: a village's bar is
 * measured against the city's, so opening a place never rescales the bars
 * and 林屋村 with 3 records never gets the bar of 湛江市 with 51. */
static double column_max(const places *p)
{
    uint32_t c = bar_column(p);
    double max = measure_of(p, PLACES_UNPLACED, c);
    for (uint32_t e = 0; e < p->ds->nentities; e++)
        if (p->ds->entities[e].type == ENTITY_PLACE && measure_of(p, e, c) > max)
            max = measure_of(p, e, c);
    return max;
}

/* The column headings, the sorted one marked. */
static void draw_headings(const places *p, grid *g, int y, const struct columns *cols)
{
    grid_blank(g, y, 0, g->w, ST_COLUMN);
    buf text;
    buf_init(&text);
    for (uint32_t c = 0, x = 0; c < cols->n; c++) {
        if (cols->hidden[c])
            continue;
        bool sorted = (int)c == p->sort_column;
        buf_clear(&text);
        buf_puts(&text, column_label(p, c));
        if (sorted)
            buf_printf(&text, " %s", app_sort_mark(g, p->descending));
        grid_text(g, y, (int)x + 1, cols->w[c], text.data, text.len,
                  sorted ? ST_COLUMN_SORTED : ST_COLUMN, c ? TEXT_ALIGN_RIGHT : 0);
        x += (uint32_t)cols->w[c] + 1;
        app_put(g, y, (int)x, 1, grid_glyph(g, "│", "|"), ST_COLUMN);
        x += 1;
        if (c + 1 == cols->n && cols->bar)
            /* the bars say what they measure */
            grid_puts(g, y, (int)x + 1, cols->bar, column_label(p, bar_column(p)), ST_COLUMN, TEXT_NO_PAD);
    }
    buf_free(&text);
}

/* The name, indented by depth, with + or - for a place that has places inside. */
static void name_text(const app *a, const place_row *row, buf *text)
{
    for (uint32_t d = 0; d < row->depth; d++)
        buf_puts(text, "  ");
    if (row->place == PLACES_UNPLACED) {
        buf_puts(text, "  ");
        buf_puts(text, tr(MSG_PLACES_UNPLACED));
    } else {
        /* plain + and -: the selection's ▸ is beside them */
        buf_puts(text, !row->has_children ? "  " : row->open ? "- " : "+ ");
        buf_puts(text, ds_str(a->ds, a->ds->entities[row->place].name));
    }
}

/* The unplaced records' row is dim: it is no place. */
static enum style name_style(const place_row *row, enum style st)
{
    return st == ST_NORMAL && row->place == PLACES_UNPLACED ? ST_DIM : st;
}

/* The name in its column, cut to it on a screen. */
static void draw_name(const app *a, grid *g, int y, const place_row *row, int width, enum style st)
{
    buf text;
    buf_init(&text);
    name_text(a, row, &text);
    grid_text(g, y, 1, width, text.data, text.len, name_style(row, st), 0);
    buf_free(&text);
}

/* A place's row: name, counts, money and its bar; the selected one marked
 * across the whole width. */
static void draw_row(const app *a, const places *p, grid *g, int y, long r, const struct columns *cols,
                     double max, bool selected)
{
    const place_row *row = &p->rows[r];
    enum style st = selected ? ST_SELECTED : ST_NORMAL;
    const char *border = grid_glyph(g, "│", "|");
    grid_blank(g, y, 0, g->w, st);
    draw_name(a, g, y, row, cols->w[0], st);
    int x = cols->w[0] + 1;
    app_put(g, y, x++, 1, border, st);
    buf text;
    buf_init(&text);
    for (uint32_t c = 1; c < cols->n; c++) {
        if (cols->hidden[c])
            continue;
        buf_clear(&text);
        cell_text(&text, p, row->place, c);
        grid_text(g, y, x + 1, cols->w[c], text.data ? text.data : "", text.len,
                  !selected && c == places_column_money(p) ? ST_FIGURE_VALUE : st, TEXT_ALIGN_RIGHT);
        x += cols->w[c] + 1;
        app_put(g, y, x++, 1, border, st);
    }
    buf_free(&text);
    if (cols->bar)
        chart_bar(g, y, x + 1, cols->bar, measure_of(p, row->place, bar_column(p)), max);
    if (selected) {
        grid_restyle(g, y, x, g->w - x, ST_SELECTED); /* the bar too */
        app_put(g, y, 0, 1, grid_glyph(g, "▸", ">"), ST_SELECTED);
    }
}

/* The headings and the places in sight. */
static void draw(const app *a, grid *g)
{
    const places *p = a->places;
    struct columns cols;
    fit_columns(p, g->w, a->charts, &cols);
    double max = column_max(p);
    draw_headings(p, g, a->layout.y, &cols);
    for (int i = 0; i < a->layout.page; i++) {
        int y = a->layout.y + 1 + i;
        long r = a->places_top + i;
        if (r < (long)p->nrows)
            draw_row(a, p, g, y, r, &cols, max, r == a->places_cursor);
        else
            grid_blank(g, y, 0, g->w, ST_NORMAL);
    }
    free_columns(&cols);
}

/* ---- a briefing (briefing.c) ---- */

/* The sort in words at the left (a picture has no status line), and what
 * the bars measure when their heading has no room; 单位 at the right: the
 * money column's amounts are in 元. */
static int picture_view_line(const places *p, grid *g, int y, const struct columns *cols)
{
    buf text;
    buf_init(&text);
    if (p->sort_column >= 0)
        lang_printf(&text, MSG_BRIEFING_SORTED_BY, sort_label(p),
                    tr(p->descending ? MSG_BRIEFING_DESCENDING : MSG_BRIEFING_ASCENDING));
    else
        buf_puts(&text, tr(MSG_BRIEFING_REPORT_ORDER));
    const char *bars = column_label(p, bar_column(p));
    if (cols->bar && text_width(bars, strlen(bars)) > cols->bar) {
        buf_puts(&text, grid_glyph(g, " · ", " - "));
        lang_printf(&text, MSG_BRIEFING_BARS, bars);
    }
    buf unit;
    buf_init(&unit);
    lang_printf(&unit, MSG_BRIEFING_UNIT, "元");
    int uw = text_width(unit.data, unit.len);
    int lines = grid_wrap(g, y, 1, g->w - 4 - uw, text.data, ST_DIM, TEXT_NO_PAD);
    app_put(g, y, g->w - 1 - uw, uw, unit.data, ST_NORMAL);
    buf_free(&text);
    buf_free(&unit);
    return lines;
}

/* The headings; the bars' own, where it would be cut, is left to the view
 * line: a picture cuts nothing. */
static void picture_headings(const places *p, grid *g, int y, const struct columns *cols)
{
    grid_reserve(g, y + 1);
    draw_headings(p, g, y, cols);
    const char *bars = column_label(p, bar_column(p));
    int x = 0; /* after the last border, as draw_headings counts */
    for (uint32_t c = 0; c < cols->n; c++)
        x += cols->hidden[c] ? 0 : cols->w[c] + 2;
    if (cols->bar && text_width(bars, strlen(bars)) > cols->bar)
        grid_blank(g, y, x, g->w - x, ST_COLUMN);
}

/* A picture narrower than the tree says which columns it leaves out. */
static int picture_hidden(const places *p, grid *g, int y, const struct columns *cols)
{
    buf text;
    buf_init(&text);
    for (uint32_t c = 0, n = 0; c < cols->n; c++)
        if (cols->hidden[c])
            buf_printf(&text, "%s%s", tr(n++ ? MSG_BRIEFING_LIST_SEP : MSG_BRIEFING_NOT_SHOWN),
                       column_label(p, c));
    int lines = text.len ? grid_wrap(g, y, 1, g->w - 2, text.data, ST_DIM, TEXT_NO_PAD) : 0;
    buf_free(&text);
    return lines;
}

/* A money cell's +N, which the screen explains one key away (m). */
static int picture_money_note(const places *p, grid *g, int y)
{
    bool more = false;
    for (uint32_t r = 0; r < p->nrows && !more; r++) {
        const total *t = &places_stats(p, p->rows[r].place)->money;
        more = (t->how == TOTAL_LARGEST && t->nmore) || t->other_kinds;
    }
    if (!more)
        return 0;
    return grid_wrap(g, y, 1, g->w - 2, tr(MSG_PLACES_MONEY_NOTE), ST_DIM, TEXT_NO_PAD);
}

/* A place's row with its name whole: wrapped in its column when deep
 * indents make it longer, the borders drawn down the extra lines. */
static int picture_row(const app *a, const places *p, grid *g, int y, long r,
                       const struct columns *cols, double max)
{
    const place_row *row = &p->rows[r];
    grid_reserve(g, y + 1);
    draw_row(a, p, g, y, r, cols, max, false);
    buf text;
    buf_init(&text);
    name_text(a, row, &text);
    int lines = grid_wrap_lines(text.data, cols->w[0]);
    if (lines > 1) {
        grid_wrap(g, y, 1, cols->w[0], text.data, name_style(row, ST_NORMAL), 0);
        for (int k = 1; k < lines; k++)
            for (uint32_t c = 0, x = 0; c < cols->n; c++) {
                if (cols->hidden[c])
                    continue;
                x += (uint32_t)cols->w[c] + 1;
                app_put(g, y + k, (int)x++, 1, grid_glyph(g, "│", "|"), ST_NORMAL);
            }
    }
    buf_free(&text);
    return lines;
}

/* The tree as it is opened, every row of it, none selected; made here when
 * the places were never shown (a picture only reads the app). */
static void picture(const app *a, grid *g, int *y)
{
    places *made = a->places ? NULL : places_new(a->ds);
    const places *p = a->places ? a->places : made;
    struct columns cols;
    fit_columns(p, g->w, a->charts, &cols);
    double max = column_max(p);
    *y += picture_view_line(p, g, *y, &cols);
    picture_headings(p, g, (*y)++, &cols);
    long n = p->nrows < PICTURE_MAX_ROWS ? (long)p->nrows : PICTURE_MAX_ROWS;
    for (long r = 0; r < n; r++)
        *y += picture_row(a, p, g, *y, r, &cols, max);
    *y += picture_more(g, *y, n, p->nrows, tr(MSG_PLACES_PICTURE_PLACES));
    *y += picture_hidden(p, g, *y, &cols);
    *y += picture_money_note(p, g, *y);
    free_columns(&cols);
    places_free(made);
}

static long position_of_row(places *p, long row);

/* A click: the rows start under the column headings; the place is counted
 * as get_cursor and set_cursor count it. */
static long row_at(const app *a, int x, int y)
{
    (void)x;
    long row = a->places_top + y - 1;
    return y >= 1 && y - 1 < a->layout.page && a->places && row < (long)a->places->nrows
               ? position_of_row(a->places, row)
               : -1;
}

/* The tree is made here, before the first draw, and the cursor kept in sight. */
static void layout(app *a)
{
    places *p = app_places(a);
    int rows = a->layout.rows - 1;
    a->layout.page = rows;
    if (a->places_cursor >= (long)p->nrows)
        a->places_cursor = (long)p->nrows - 1;
    if (a->places_cursor < 0)
        a->places_cursor = 0;
    if (a->places_cursor < a->places_top)
        a->places_top = a->places_cursor;
    if (a->places_cursor >= a->places_top + rows)
        a->places_top = a->places_cursor - rows + 1;
    if (a->places_top > (long)p->nrows - rows)
        a->places_top = (long)p->nrows - rows;
    if (a->places_top < 0)
        a->places_top = 0;
}

/* How many places there are, and how many records name none. */
static void heading(const app *a, const grid *g, buf *out)
{
    const dataset *ds = a->ds;
    /* a briefing may ask before the places were ever laid out */
    places *made = a->places ? NULL : places_new(ds);
    uint32_t nplaces = 0, unplaced = (a->places ? a->places : made)->nunplaced;
    places_free(made);
    for (uint32_t e = 0; e < ds->nentities; e++)
        nplaces += ds->entities[e].type == ENTITY_PLACE;
    const char *dot = grid_glyph(g, "·", "-");
    buf_printf(out, "%s %s ", tr(MSG_FRAME_TAB_PLACES), dot);
    lang_printf(out, nplaces == 1 ? MSG_PLACES_COUNT_ONE : MSG_PLACES_COUNT, nplaces);
    buf_printf(out, " %s ", dot);
    lang_printf(out, unplaced == 1 ? MSG_PLACES_UNPLACED_ONE : MSG_PLACES_UNPLACED_MANY, unplaced);
}

/* Where the cursor is, and the sort. */
static void status(const app *a, buf *out)
{
    const places *p = a->places;
    lang_printf(out, MSG_STATUS_PLACE, a->places_cursor + 1, p->nrows);
    if (p->sort_column >= 0) {
        buf_puts(out, a->ascii ? " - " : " · ");
        frame_status_sort(out, sort_label(p), p->descending, a->ascii);
    }
}

/* The places are a tab, never a page on the path. */
static void crumb(const app *a, const struct page *pg, buf *out)
{
    (void)a;
    (void)pg;
    (void)out;
}

/* absolute: by < 0 is the first row, else the last. */
static void move(app *a, long by, bool absolute)
{
    long n = (long)app_places(a)->nrows;
    a->places_cursor = absolute ? (by < 0 ? 0 : n - 1) : a->places_cursor + by;
    a->places_cursor = a->places_cursor >= n ? n - 1 : a->places_cursor;
    a->places_cursor = a->places_cursor < 0 ? 0 : a->places_cursor;
}

/* Whether a place's name matches, with the tables' matcher (pinyin too). */
static bool place_matches(const dataset *ds, uint32_t e, const char *needle)
{
    size_t at, to;
    return e != PLACES_UNPLACED && ds->entities[e].type == ENTITY_PLACE &&
           view_text_match(ds_str(ds, ds->entities[e].name), needle, &at, &to);
}

/* Every place in the order of the whole tree, as the rows would be with
 * every place open (the last row the records that name none): a search goes
 * through the places in this order, open or not, so that n reaches a
 * village inside a closed county as surely as one in sight. The rows are
 * left as they were. */
static uint32_t *whole_tree(places *p, long *n)
{
    size_t nentities = p->ds->nentities;
    uint8_t *was_open = mem_alloc(nentities + 1);
    memcpy(was_open, p->open, nentities);
    places_open_all(p, true);
    uint32_t *order = mem_alloc(((size_t)p->nrows + 1) * sizeof *order);
    for (uint32_t i = 0; i < p->nrows; i++)
        order[i] = p->rows[i].place;
    *n = p->nrows;
    memcpy(p->open, was_open, nentities);
    places_sort(p, p->sort_column, p->descending); /* the rows again, as they were */
    free(was_open);
    return order;
}

/* A search counts in the whole tree's order: the place after from (dir > 0)
 * or before it whose name matches, going round the end; -1 if none. Nothing
 * opens until set_cursor lands on it. */
static long find(app *a, const char *needle, long from, int dir)
{
    long n, found = -1;
    uint32_t *order = whole_tree(app_places(a), &n);
    for (long k = 1; k <= n && found < 0; k++) {
        long i = ((from + dir * k) % n + n) % n;
        if (place_matches(a->ds, order[i], needle))
            found = i;
    }
    free(order);
    return found;
}

/* A row shown, counted as the search counts: in the whole tree's order. */
static long position_of_row(places *p, long row)
{
    long n, at = 0;
    uint32_t *order = whole_tree(p, &n);
    while (at < n - 1 && order[at] != p->rows[row].place)
        at++;
    free(order);
    return at;
}

/* Where a search starts: the selected place. Rows shown move as places open
 * and close; a place's position in the whole tree does not, so a search
 * that opened places still goes back (Esc) to the place it began on. */
static long get_cursor(const app *a)
{
    /* no tree yet: the places were never laid out (a terminal too small) */
    return a->places && a->places->nrows ? position_of_row(a->places, a->places_cursor) : 0;
}

/* A search lands on a place: the places around it open to show it. */
static void set_cursor(app *a, long at)
{
    places *p = app_places(a);
    long n;
    uint32_t *order = whole_tree(p, &n);
    if (at >= 0 && at < n) {
        long row = places_reveal(p, order[at]);
        a->places_cursor = row >= 0 ? row : a->places_cursor;
    }
    free(order);
}

/* ---- keys ---- */

/* After the rows change: the cursor stays on the place, or on the nearest
 * place around it that still shows. */
static void keep(app *a, uint32_t place)
{
    long row = places_find(app_places(a), place);
    for (uint32_t up = place; row < 0 && up != PLACES_UNPLACED && up != NONE;) {
        up = a->ds->entities[up].parent;
        if (up != NONE)
            row = places_find(app_places(a), up);
    }
    a->places_cursor = row >= 0 ? row : 0;
}

/* The place under the cursor. */
static const place_row *selected(app *a)
{
    places *p = app_places(a);
    return p->nrows ? &p->rows[a->places_cursor] : NULL;
}

/* Enter opens a closed place's row first, then its page. */
static void open_key(app *a, uint32_t key)
{
    (void)key;
    const place_row *row = selected(a);
    if (!row)
        return;
    uint32_t here = row->place;
    if (row->has_children && !row->open) {
        places_set_open(a->places, here, true);
        keep(a, here);
    } else if (here == PLACES_UNPLACED) {
        app_push(a, PAGE_UNPLACED);
    } else {
        app_open(a, (link_target){LINK_ENTITY, here});
    }
}

/* Left closes an open place, else goes up to the place it lies in. */
static void close_key(app *a, uint32_t key)
{
    (void)key;
    const place_row *row = selected(a);
    if (!row)
        return;
    uint32_t here = row->place;
    if (row->open) {
        places_set_open(a->places, here, false);
        keep(a, here);
    } else if (here != PLACES_UNPLACED && a->ds->entities[here].parent != NONE) {
        keep(a, a->ds->entities[here].parent);
    }
}

/* + and -: the whole tree at once. */
static void all_key(app *a, uint32_t key)
{
    const place_row *row = selected(a);
    if (!row)
        return;
    uint32_t here = row->place;
    places_open_all(a->places, key == '+');
    keep(a, here);
}

/* < > r, as on a table; places sort among their siblings. */
static void sort_key(app *a, uint32_t key)
{
    const place_row *row = selected(a);
    if (!row)
        return;
    places *p = a->places;
    uint32_t here = row->place;
    int by = p->sort_column;
    bool descending = p->descending;
    app_sort_step(key, (int)places_column_count(p), &by, &descending);
    places_sort(p, by, descending);
    keep(a, here);
}

/* c: the bars are the places' chart, and go with the themes' charts. */
static void bars_key(app *a, uint32_t key)
{
    (void)key;
    a->charts = !a->charts;
    app_say(a, "%s", tr(a->charts ? MSG_MSG_PLACES_BARS_ON : MSG_MSG_PLACES_BARS_OFF));
}

/* m: how a place's money is made, figure by figure. */
static void money_key(app *a, uint32_t key)
{
    (void)key;
    const place_row *row = selected(a);
    if (!row)
        return;
    uint32_t place = row->place;
    struct page *p = app_push(a, PAGE_MONEY);
    if (p)
        p->target = (link_target){LINK_ENTITY, place};
}

/* y Y: the place's name, or its row as shown (the name, then each column),
 * between tabs, as a table's y and Y (copy.c sends it). */
static void copy_key(app *a, uint32_t key)
{
    const place_row *row = selected(a);
    buf_clear(&a->copy);
    a->want_copy = false;
    if (!row) {
        app_say_msg(a, MSG_MSG_COPY_NOTHING);
        return;
    }
    const places *p = a->places;
    const char *name = row->place == PLACES_UNPLACED ? tr(MSG_PLACES_UNPLACED)
                                                     : ds_str(a->ds, a->ds->entities[row->place].name);
    text_sanitize(&a->copy, name, strlen(name));
    for (uint32_t c = 1; key == 'Y' && c < places_column_count(p); c++) {
        buf_putc(&a->copy, '\t');
        cell_text(&a->copy, p, row->place, c);
    }
    buf_puts(&a->copy, "");
    a->copy_what = key == 'Y' ? MSG_MSG_COPY_ROW : MSG_MSG_COPY_CELL;
    a->want_copy = true;
}

/* e: the rows shown, for a spreadsheet (export.c). */
static void export_key(app *a, uint32_t key)
{
    (void)key;
    export_table(a);
}

static const struct keydef places_defs[] = {
    {{K_ENTER, K_RIGHT, 'l'}, open_key, "key.places.open", "hint.places.open", NULL},
    {{K_LEFT, 'h'}, close_key, "key.places.close", "hint.places.close", "Left"},
    {{'+', '-'}, all_key, "key.places.all", "hint.places.all", "+-"},
    {{'<', '>'}, sort_key, "key.places.sort", "hint.places.sort", "<>"},
    {{'r'}, sort_key, "key.places.reverse", "hint.places.reverse", NULL},
    {{'c'}, bars_key, "key.places.bars", NULL, NULL},
    {{'m'}, money_key, "key.places.money", "hint.places.money", NULL},
    {{'e'}, export_key, "key.places.export", NULL, NULL},
    {{'y'}, copy_key, "key.places.copy_name", NULL, NULL},
    {{'Y'}, copy_key, "key.places.copy_row", NULL, NULL},
    {{'q'}, app_quit_key, "key.places.quit", "hint.places.quit", NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const struct keymap places_keys = {"key.places.title", places_defs};

/* What the status line names, in the order a newcomer needs them. */
static const uint32_t hints[] = {K_ENTER, K_LEFT, '+', '<', 'r', '?', 'q', 0};

const struct screen places_screen = {
    .keys = &places_keys,
    .hints = hints,
    .layout = layout,
    .draw = draw,
    .picture = picture,
    .heading = heading,
    .status = status,
    .crumb = crumb,
    .move = move,
    .find = find,
    .get_cursor = get_cursor,
    .set_cursor = set_cursor,
    .row_at = row_at,
};

#include "draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "text.h"
#include "value.h"

#define MEASURED_ROWS 2000  /* column widths come from this many rows at most */
#define MAX_TEXT_WIDTH 40
#define MIN_TABLE_ROWS 10 /* a chart shows only above this many rows of table */
#define MIN_TEXT_WIDTH 10
#define FIRST_TEXT_WIDTH 20 /* the first column names the row */

static int put(grid *g, int y, int x, int width, const char *s, enum style st)
{
    return grid_puts(g, y, x, width, s, st, TEXT_NO_PAD);
}

/* ---- header, tabs, status ---- */

static void draw_header(app *a, grid *g)
{
    const dataset *ds = a->ds;
    grid_blank(g, 0, 0, g->w, ST_TITLE);
    buf source;
    buf_init(&source);
    buf_printf(&source, "%s %s ", ds_str(ds, ds->meta.publisher), grid_glyph(g, "·", "-"));
    const char *published = ds_str(ds, ds->meta.published);
    buf_put(&source, published, strlen(published) > 10 ? 10 : strlen(published));
    int sw = text_width(source.data, source.len);
    int room = g->w - 2;
    if (sw + 12 <= room) {
        put(g, 0, g->w - sw - 1, sw, source.data, ST_TITLE);
        room -= sw + 2;
    }
    put(g, 0, 1, room, ds_str(ds, ds->meta.title), ST_TITLE);
    buf_free(&source);
}

static void draw_tabs(app *a, grid *g, int y)
{
    const dataset *ds = a->ds;
    grid_blank(g, y, 0, g->w, ST_TAB);
    int x = 0;
    buf label;
    buf_init(&label);
    for (uint32_t t = 0; t < ds->nthemes && x < g->w; t++) {
        buf_clear(&label);
        buf_printf(&label, " %u %s ", t + 1, ds_str(ds, ds->themes[t].title));
        x += put(g, y, x, g->w - x, label.data, t == a->tab ? ST_TAB_CURRENT : ST_TAB);
        if (x < g->w)
            x += put(g, y, x, 1, grid_glyph(g, "│", "|"), ST_TAB);
    }
    if (x < g->w) {
        buf_clear(&label);
        buf_printf(&label, " %u Places ", ds->nthemes + 1);
        x += put(g, y, x, g->w - x, label.data, app_in_places(a) ? ST_TAB_CURRENT : ST_TAB);
    }
    buf_free(&label);
}

struct key_hint {
    const char *key, *what;
};

static void draw_status(app *a, grid *g, const char *left, const struct key_hint *keys)
{
    int y = g->h - 1;
    grid_blank(g, y, 0, g->w, ST_STATUS);
    int x = 1;
    if (a->message[0])
        x += put(g, y, x, g->w - x, a->message, ST_ERROR);
    else
        x += put(g, y, x, g->w - x, left, ST_STATUS);
    x += 2;
    /* keys from the right end, as many as fit */
    int widths = 0, n = 0;
    for (; keys[n].key; n++) {
        int w = text_width(keys[n].key, strlen(keys[n].key)) + 1 +
                text_width(keys[n].what, strlen(keys[n].what)) + 2;
        if (x + widths + w > g->w)
            break;
        widths += w;
    }
    int k = g->w - widths;
    for (int i = 0; i < n; i++) {
        k += put(g, y, k, g->w - k, keys[i].key, ST_STATUS_KEY);
        k += 1;
        k += put(g, y, k, g->w - k, keys[i].what, ST_STATUS);
        k += 2;
    }
}

static int draw_prompt(app *a, grid *g)
{
    int y = g->h - 1;
    grid_blank(g, y, 0, g->w, ST_PROMPT);
    const char *label = a->prompt == PROMPT_SEARCH ? "/" : "filter: ";
    int x = put(g, y, 0, g->w, label, ST_PROMPT);
    const char *text = a->input.data ? a->input.data : "";
    int w = text_width(text, strlen(text));
    int room = g->w - x - 1;
    if (w > room) { /* show the end of what is typed */
        size_t skip = 0;
        while (w > room && text[skip]) {
            uint32_t cp;
            size_t len = text_decode(text + skip, strlen(text + skip), &cp);
            if (!len)
                len = 1;
            w -= text_width(text + skip, len);
            skip += len;
        }
        text += skip;
    }
    x += put(g, y, x, room, text, ST_PROMPT);
    const char *hint = a->prompt == PROMPT_SEARCH ? "Enter keep  Esc back" : "Enter keep  Esc undo";
    int hw = text_width(hint, strlen(hint));
    if (x + hw + 3 < g->w)
        put(g, y, g->w - hw - 1, hw, hint, ST_DIM);
    if (a->message[0] && x + 2 + (int)strlen(a->message) + hw + 4 < g->w)
        put(g, y, x + 2, g->w - x - hw - 4, a->message, ST_ERROR);
    return x;
}

/* ---- headline figures ---- */

/* Lays out the headline figures in at most max_lines lines from y; returns
 * the lines used. */
static int draw_figures(app *a, grid *g, int y, int max_lines)
{
    const dataset *ds = a->ds;
    const theme *t = &ds->themes[a->tab];
    int line = 0, x = 1;
    buf value;
    buf_init(&value);
    bool any = false;
    for (uint32_t f = t->first_figure; f < t->first_figure + t->nfigures; f++) {
        if (!ds->figures[f].headline)
            continue;
        if (!any)
            for (int i = 0; i < max_lines; i++)
                grid_blank(g, y + i, 0, g->w, ST_NORMAL);
        any = true;
        buf_clear(&value);
        view_figure_text(&value, ds, f);
        const char *label = ds_str(ds, ds->figures[f].label);
        int vw = text_width(value.data, value.len), lw = text_width(label, strlen(label));
        int need = vw + 1 + (lw < 14 ? lw : 14);
        if (x > 1 && x + need > g->w - 1) {
            if (++line >= max_lines)
                break;
            x = 1;
        }
        x += put(g, y + line, x, g->w - x - 1, value.data, ST_FIGURE_VALUE) + 1;
        int room = g->w - x - 1;
        int lwidth = lw < room ? lw : room;
        x += grid_text(g, y + line, x, lwidth, label, strlen(label), ST_FIGURE_LABEL, TEXT_NO_PAD);
        x += 3;
    }
    buf_free(&value);
    return any ? (line < max_lines ? line + 1 : max_lines) : 0;
}

/* ---- the table ---- */

static bool numeric(const column *c)
{
    return c->type == COL_MONEY || c->type == COL_COUNT || c->type == COL_DATE;
}

/* Natural widths: the widest cell of the first rows, capped; and the least a
 * column may shrink to: a number's widest value, a name a readable part. */
static void measure(app *a, struct tab *tab)
{
    if (tab->widths)
        return;
    const dataset *ds = a->ds;
    const theme *t = &ds->themes[tab->view->theme];
    tab->widths = mem_calloc(2 * (size_t)t->ncolumns + 1, sizeof *tab->widths);
    int *least = tab->widths + t->ncolumns;
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
        tab->widths[c] = w > MAX_TEXT_WIDTH ? MAX_TEXT_WIDTH : w;
        if (numeric(&t->columns[c]))
            least[c] = content > 4 ? content : 4;
        else
            least[c] = c == 0 ? FIRST_TEXT_WIDTH : MIN_TEXT_WIDTH;
        if (least[c] > tab->widths[c])
            least[c] = tab->widths[c];
    }
    buf_free(&cell);
}

/* Fits the columns into width: shrinks the widest text columns down to their
 * least, then numbers down to theirs, then drops columns from the right; the
 * last one shown takes what is left. Returns the number of columns shown; w[]
 * gets their widths. */
static int fit_columns(app *a, struct tab *tab, int width, int *w)
{
    const theme *t = &a->ds->themes[tab->view->theme];
    const int *least = tab->widths + t->ncolumns;
    int n = (int)t->ncolumns;
    int total = 0;
    for (int c = 0; c < n; c++) {
        w[c] = tab->widths[c];
        total += w[c] + 2; /* a space before, a border after */
    }
    for (int pass = 0; pass < 2 && total > width; pass++) {
        bool numbers = pass == 1;
        while (total > width) {
            int widest = -1;
            for (int c = 0; c < n; c++)
                if (numeric(&t->columns[c]) == numbers && w[c] > least[c] &&
                    (widest < 0 || w[c] - least[c] > w[widest] - least[widest]))
                    widest = c;
            if (widest < 0)
                break;
            w[widest]--;
            total--;
        }
    }
    while (total > width && n > 1) {
        n--;
        total -= w[n] + 2;
    }
    if (total < width)
        w[n - 1] += width - total;
    if (w[n - 1] + 2 > width) /* one column wider than the screen */
        w[n - 1] = width - 2;
    return n;
}

/* What to show found in the rows: the search being typed, else the filter,
 * else the last search. */
static const char *shown_needle(const app *a, const view *v)
{
    if (a->prompt == PROMPT_SEARCH && a->input.len)
        return a->input.data;
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

static void draw_table(app *a, grid *g, int y0, int rows)
{
    const dataset *ds = a->ds;
    struct tab *tab = &a->tabs[a->tab];
    view *v = tab->view;
    const theme *t = &ds->themes[a->tab];
    measure(a, tab);
    int *w = mem_calloc(t->ncolumns + 1, sizeof *w);
    int shown = fit_columns(a, tab, g->w, w);
    const char *border = grid_glyph(g, "│", "|");
    const char *needle = shown_needle(a, v);
    /* headings */
    grid_blank(g, y0, 0, g->w, ST_COLUMN);
    int x = 0;
    buf text;
    buf_init(&text);
    for (int c = 0; c < shown; c++) {
        bool sorted = c == v->sort_column;
        buf_clear(&text);
        buf_puts(&text, ds_str(ds, t->columns[c].label));
        if (sorted)
            buf_printf(&text, " %s", v->descending ? grid_glyph(g, "▾", "v") : grid_glyph(g, "▴", "^"));
        grid_text(g, y0, x + 1, w[c], text.data, text.len, sorted ? ST_COLUMN_SORTED : ST_COLUMN,
                  numeric(&t->columns[c]) ? TEXT_ALIGN_RIGHT : 0);
        x += w[c] + 1;
        if (c + 1 < shown)
            put(g, y0, x, 1, border, ST_COLUMN);
        x += 1;
    }
    /* rows: keep the cursor in view */
    if (tab->cursor < tab->top)
        tab->top = tab->cursor;
    if (tab->cursor >= tab->top + rows)
        tab->top = tab->cursor - rows + 1;
    if (tab->top > (long)v->nrows - rows)
        tab->top = (long)v->nrows - rows;
    if (tab->top < 0)
        tab->top = 0;
    for (int i = 0; i < rows; i++) {
        int y = y0 + 1 + i;
        long row = tab->top + i;
        if (row >= (long)v->nrows) {
            grid_blank(g, y, 0, g->w, ST_NORMAL);
            continue;
        }
        /* Only the marker and the first column show the selection, and borders
         * take no colour: moving the cursor then rewrites two names, not two
         * whole rows with their colour changes, which over a slow link is the
         * difference between instant and not. */
        bool selected = row == tab->cursor;
        grid_blank(g, y, 0, g->w, ST_NORMAL);
        x = 0;
        for (int c = 0; c < shown; c++) {
            enum style st = selected && c == 0 ? ST_SELECTED : ST_NORMAL;
            buf_clear(&text);
            view_cell_text(&text, ds, v->rows[row], (uint32_t)c);
            if (st == ST_SELECTED)
                grid_blank(g, y, x, w[c] + 1, st);
            grid_text(g, y, x + 1, w[c], text.data ? text.data : "", text.len, st,
                      numeric(&t->columns[c]) ? TEXT_ALIGN_RIGHT : 0);
            if (!numeric(&t->columns[c]) && text.data)
                highlight(g, y, x + 1, w[c], text.data, needle);
            x += w[c] + 1;
            if (c + 1 < shown)
                put(g, y, x, 1, border, ST_NORMAL);
            x += 1;
        }
        if (selected)
            put(g, y, 0, 1, grid_glyph(g, "▸", ">"), ST_SELECTED);
    }
    if (!v->nrows && rows > 0)
        put(g, y0 + 1, 2, g->w - 4, v->filter ? "no row contains the filter text (Esc clears it)"
                                              : "this table has no rows",
            ST_DIM);
    buf_free(&text);
    free(w);
}

static void table_status(app *a, buf *out)
{
    const dataset *ds = a->ds;
    struct tab *tab = &a->tabs[a->tab];
    view *v = tab->view;
    if (v->nrows)
        buf_printf(out, "row %ld of %u", tab->cursor + 1, v->nrows);
    else
        buf_printf(out, "no rows");
    if (v->nrows != v->total)
        buf_printf(out, " (of %u)", v->total);
    if (v->sort_column >= 0)
        buf_printf(out, "%ssort %s %s", a->ascii ? " - " : " · ",
                   ds_str(ds, ds->themes[a->tab].columns[v->sort_column].label),
                   v->descending ? (a->ascii ? "v" : "▾") : (a->ascii ? "^" : "▴"));
    else if (v->descending)
        buf_puts(out, a->ascii ? " - report order, reversed" : " · report order, reversed");
    if (v->filter)
        buf_printf(out, "%sfilter \"%s\"", a->ascii ? " - " : " · ", v->filter);
}

/* ---- pages ---- */

static void draw_page(app *a, grid *g, int y0, int rows)
{
    struct page *p = app_page(a);
    app_lines(a, g->w - 2);
    if (p->cursor >= 0) {
        if (p->cursor < p->top)
            p->top = p->cursor;
        if (p->cursor >= p->top + rows)
            p->top = p->cursor - rows + 1;
    }
    if (p->top > a->nlines - rows)
        p->top = a->nlines - rows;
    if (p->top < 0)
        p->top = 0;
    for (int i = 0; i < rows; i++) {
        int y = y0 + i;
        long k = p->top + i;
        grid_blank(g, y, 0, g->w, ST_NORMAL);
        if (k >= a->nlines)
            continue;
        const struct line *l = &a->lines[k];
        enum style st = k == p->cursor ? ST_SELECTED : (enum style)l->style;
        if (st == ST_SELECTED)
            grid_blank(g, y, 0, g->w, st);
        int x = 1 + l->indent;
        int aside_width = 0;
        if (l->aside) {
            aside_width = text_width(l->aside, strlen(l->aside));
            if (aside_width > (g->w - x) / 2)
                aside_width = (g->w - x) / 2;
        }
        int room = g->w - x - 1 - (aside_width ? aside_width + 2 : 0);
        put(g, y, x, room, l->text, st);
        if (aside_width)
            grid_puts(g, y, g->w - 1 - aside_width, aside_width, l->aside,
                      st == ST_SELECTED ? st : ST_DIM, TEXT_NO_PAD);
    }
}

static void page_heading(app *a, buf *out)
{
    const dataset *ds = a->ds;
    const char *sep = a->ascii ? " > " : " › ";
    buf_puts(out, app_in_places(a) ? "Places" : ds_str(ds, ds->themes[a->tab].title));
    for (int d = 1; d < a->depth; d++) {
        const struct page *p = &a->stack[d];
        buf_puts(out, sep);
        if (p->kind == PAGE_HELP)
            buf_puts(out, "help");
        else if (p->kind == PAGE_UNPLACED)
            buf_puts(out, "records that name no place");
        else if (p->target.kind == LINK_RECORD)
            buf_puts(out, ds_str(ds, ds->records[p->target.index].name));
        else
            buf_puts(out, ds_str(ds, ds->entities[p->target.index].name));
    }
}

/* ---- bars ---- */

/* A bar of value/max of width cells, in eighths of a cell (in ASCII, whole
 * cells of #). Returns the cells drawn. */
static int draw_bar(grid *g, int y, int x, int width, double value, double max)
{
    if (width <= 0 || max <= 0 || value <= 0)
        return 0;
    double fraction = value >= max ? 1.0 : value / max;
    if (g->ascii) {
        int cells = (int)(fraction * width + 0.5);
        for (int i = 0; i < cells; i++)
            put(g, y, x + i, 1, "#", ST_BAR);
        return cells;
    }
    static const char *const eighths[8] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    long total = (long)(fraction * width * 8 + 0.5);
    int full = (int)(total / 8), rest = (int)(total % 8), i = 0;
    for (; i < full; i++)
        put(g, y, x + i, 1, "█", ST_BAR);
    if (rest)
        put(g, y, x + i++, 1, eighths[rest], ST_BAR);
    return i;
}

#define CHART_LABEL 18 /* at the least */
#define CHART_VALUE 12
#define CHART_BAR_MAX 48
#define PLACES_NAME 18
#define PLACES_BAR 12
#define PLACES_BAR_MIN 6

/* The chart shows each headline figure that can be measured (dates cannot). */
static bool charted(const figure *f)
{
    return f->headline && f->unit != UNIT_DATE;
}

/* How many lines the theme's chart takes. */
static int chart_lines(const app *a)
{
    const theme *t = &a->ds->themes[a->tab];
    int n = 0;
    for (uint32_t f = t->first_figure; f < t->first_figure + t->nfigures; f++)
        n += charted(&a->ds->figures[f]);
    return n;
}

/* The headline figures as bars, those of one unit measured against each
 * other (money with money, people with people), in at most lines lines. */
static void draw_chart(app *a, grid *g, int y, int lines)
{
    const dataset *ds = a->ds;
    const theme *t = &ds->themes[a->tab];
    /* Labels as wide as the widest, up to two fifths of the screen: two
     * labels cut to the same first words would read as one figure twice. */
    int label_width = CHART_LABEL;
    for (uint32_t f = t->first_figure; f < t->first_figure + t->nfigures; f++) {
        const char *label = ds_str(ds, ds->figures[f].label);
        int lw = text_width(label, strlen(label));
        if (charted(&ds->figures[f]) && lw > label_width)
            label_width = lw;
    }
    int label_cap = (g->w - 4) * 2 / 5 > CHART_LABEL ? (g->w - 4) * 2 / 5 : CHART_LABEL;
    if (label_width > label_cap)
        label_width = label_cap;
    int bar_width = g->w - 2 - label_width - CHART_VALUE - 4;
    if (bar_width > CHART_BAR_MAX)
        bar_width = CHART_BAR_MAX;
    buf value;
    buf_init(&value);
    int line = 0;
    for (int unit = 0; unit < UNIT_COUNT && line < lines; unit++) {
        if (unit == UNIT_DATE)
            continue;
        double max = 0;
        for (uint32_t f = t->first_figure; f < t->first_figure + t->nfigures; f++)
            if (ds->figures[f].headline && ds->figures[f].unit == unit && ds->figures[f].value > max)
                max = (double)ds->figures[f].value;
        for (uint32_t f = t->first_figure; f < t->first_figure + t->nfigures && line < lines; f++) {
            const figure *fig = &ds->figures[f];
            if (!fig->headline || fig->unit != unit)
                continue;
            int yy = y + line++;
            grid_blank(g, yy, 0, g->w, ST_NORMAL);
            grid_puts(g, yy, 2, label_width, ds_str(ds, fig->label), ST_FIGURE_LABEL, 0);
            int x = 2 + label_width + 1;
            draw_bar(g, yy, x, bar_width, (double)fig->value, max);
            buf_clear(&value);
            view_figure_text(&value, ds, f);
            grid_text(g, yy, x + bar_width + 1, CHART_VALUE, value.data, value.len, ST_FIGURE_VALUE,
                      TEXT_ALIGN_RIGHT);
        }
    }
    buf_free(&value);
}

/* ---- the places ---- */

static void places_value(buf *out, const places *p, uint32_t place, uint32_t c)
{
    const struct place_stats *st = places_stats(p, place);
    if (c == places_column_money(p)) {
        if (st->money.parts)
            value_format(out, st->money.value, UNIT_YUAN, st->money.qualifier, NULL, VALUE_WORDS);
    } else {
        uint32_t n = c == places_column_total(p) ? st->total : places_count(p, place, c - 1);
        if (n)
            buf_printf(out, "%u", n);
    }
}

static double place_measure(const places *p, uint32_t place, uint32_t c)
{
    if (c == places_column_money(p))
        return (double)places_stats(p, place)->money.value;
    if (c == places_column_total(p))
        return places_stats(p, place)->total;
    return places_count(p, place, c - 1);
}

static void draw_places(app *a, grid *g, int y0, int rows)
{
    const dataset *ds = a->ds;
    places *p = app_places(a);
    uint32_t ncolumns = places_column_count(p);
    int *w = mem_calloc(ncolumns + 1, sizeof *w);
    buf text;
    buf_init(&text);
    /* numbers as wide as their heading or widest value; the name and the bar share the rest */
    int numbers = 0;
    for (uint32_t c = 1; c < ncolumns; c++) {
        const char *label = c == places_column_total(p) ? "records"
                            : c == places_column_money(p) ? "money"
                                                          : ds_str(ds, ds->themes[c - 1].title);
        w[c] = text_width(label, strlen(label)) + 2;
        for (uint32_t r = 0; r < p->nrows; r++) {
            buf_clear(&text);
            places_value(&text, p, p->rows[r].place, c);
            int cw = text_width(text.data ? text.data : "", text.len);
            w[c] = cw > w[c] ? cw : w[c];
        }
        numbers += w[c] + 2;
    }
    /* the name keeps 18 cells and the bars 12: when they do not fit, the
     * bars shrink to 6 (a count by theme says more than a longer bar), then
     * the themes' columns go, from the right; records and money stay */
    int bar = PLACES_BAR;
    w[0] = g->w - numbers - 2 - (bar + 2);
    if (w[0] < PLACES_NAME) {
        int give = PLACES_NAME - w[0] < bar - PLACES_BAR_MIN ? PLACES_NAME - w[0] : bar - PLACES_BAR_MIN;
        bar -= give;
        w[0] += give;
    }
    bool *hidden = mem_calloc(ncolumns + 1, sizeof *hidden);
    for (uint32_t c = places_column_total(p) - 1; w[0] < PLACES_NAME && c >= 1; c--) {
        hidden[c] = true;
        w[0] += w[c] + 2;
    }
    if (w[0] < PLACES_NAME) { /* still too narrow: no bars */
        w[0] += bar + 2;
        bar = 0;
    } else if (w[0] > PLACES_NAME + 24) { /* room to spare: longer bars */
        int more = w[0] - PLACES_NAME - 24;
        more = more > CHART_BAR_MAX - bar ? CHART_BAR_MAX - bar : more;
        bar += more;
        w[0] -= more;
    }
    /* the measure the bars show: the sort column if it is a number, else
     * records; measured against the places of the same level, so the
     * counties are compared with each other and not with the city */
    uint32_t measure = p->sort_column > 0 ? (uint32_t)p->sort_column : places_column_total(p);
    double max_at[64] = {0};
    for (uint32_t r = 0; r < p->nrows; r++) {
        double v = place_measure(p, p->rows[r].place, measure);
        int d = p->rows[r].depth < 63 ? p->rows[r].depth : 63;
        max_at[d] = v > max_at[d] ? v : max_at[d];
    }
    const char *border = grid_glyph(g, "│", "|");
    grid_blank(g, y0, 0, g->w, ST_COLUMN);
    int x = 0;
    for (uint32_t c = 0; c < ncolumns; c++) {
        if (hidden[c])
            continue;
        const char *label = c == 0 ? "Place" : c == places_column_total(p) ? "records"
                            : c == places_column_money(p) ? "money"
                                                          : ds_str(ds, ds->themes[c - 1].title);
        bool sorted = (int)c == p->sort_column;
        buf_clear(&text);
        buf_puts(&text, label);
        if (sorted)
            buf_printf(&text, " %s", p->descending ? grid_glyph(g, "▾", "v") : grid_glyph(g, "▴", "^"));
        grid_text(g, y0, x + 1, w[c], text.data, text.len, sorted ? ST_COLUMN_SORTED : ST_COLUMN,
                  c ? TEXT_ALIGN_RIGHT : 0);
        x += w[c] + 1;
        put(g, y0, x, 1, border, ST_COLUMN);
        x += 1;
    }
    if (a->places_cursor >= (long)p->nrows)
        a->places_cursor = (long)p->nrows - 1;
    if (a->places_cursor < a->places_top)
        a->places_top = a->places_cursor;
    if (a->places_cursor >= a->places_top + rows)
        a->places_top = a->places_cursor - rows + 1;
    if (a->places_top > (long)p->nrows - rows)
        a->places_top = (long)p->nrows - rows;
    if (a->places_top < 0)
        a->places_top = 0;
    for (int i = 0; i < rows; i++) {
        int y = y0 + 1 + i;
        long r = a->places_top + i;
        grid_blank(g, y, 0, g->w, ST_NORMAL);
        if (r >= (long)p->nrows)
            continue;
        const place_row *row = &p->rows[r];
        bool selected = r == a->places_cursor;
        enum style first = selected ? ST_SELECTED : ST_NORMAL;
        if (selected)
            grid_blank(g, y, 0, w[0] + 1, ST_SELECTED);
        buf_clear(&text);
        for (int d = 0; d < row->depth; d++)
            buf_puts(&text, "  ");
        if (row->place == PLACES_UNPLACED) {
            buf_puts(&text, "  (no place named)");
        } else {
            /* plain + and -: the selection's ▸ is beside them */
            buf_puts(&text, !row->has_children ? "  " : row->open ? "- " : "+ ");
            buf_puts(&text, ds_str(ds, ds->entities[row->place].name));
        }
        grid_text(g, y, 1, w[0], text.data, text.len,
                  row->place == PLACES_UNPLACED && !selected ? ST_DIM : first, 0);
        x = w[0] + 1;
        put(g, y, x++, 1, border, ST_NORMAL);
        for (uint32_t c = 1; c < ncolumns; c++) {
            if (hidden[c])
                continue;
            buf_clear(&text);
            places_value(&text, p, row->place, c);
            grid_text(g, y, x + 1, w[c], text.data ? text.data : "", text.len,
                      c == places_column_money(p) ? ST_FIGURE_VALUE : ST_NORMAL, TEXT_ALIGN_RIGHT);
            x += w[c] + 1;
            put(g, y, x++, 1, border, ST_NORMAL);
        }
        if (bar)
            draw_bar(g, y, x + 1, bar, place_measure(p, row->place, measure),
                     max_at[row->depth < 63 ? row->depth : 63]);
        if (selected)
            put(g, y, 0, 1, grid_glyph(g, "▸", ">"), ST_SELECTED);
    }
    buf_free(&text);
    free(hidden);
    free(w);
}

static void places_status(app *a, buf *out)
{
    places *p = app_places(a);
    buf_printf(out, "place %ld of %u", a->places_cursor + 1, p->nrows);
    if (p->sort_column >= 0) {
        uint32_t c = (uint32_t)p->sort_column;
        const char *label = c == 0 ? "place" : c == places_column_total(p) ? "records"
                            : c == places_column_money(p) ? "money"
                                                          : ds_str(a->ds, a->ds->themes[c - 1].title);
        buf_printf(out, "%ssort %s %s", a->ascii ? " - " : " · ", label,
                   p->descending ? (a->ascii ? "v" : "▾") : (a->ascii ? "^" : "▴"));
    }
}

/* ---- the whole screen ---- */

static void too_small(grid *g)
{
    grid_clear(g, ST_NORMAL);
    char notice[96];
    snprintf(notice, sizeof notice, "terminal too small: need %d×%d, have %d×%d", DRAW_MIN_WIDTH,
             DRAW_MIN_HEIGHT, g->w, g->h);
    if (g->ascii)
        snprintf(notice, sizeof notice, "terminal too small: need %dx%d, have %dx%d",
                 DRAW_MIN_WIDTH, DRAW_MIN_HEIGHT, g->w, g->h);
    int w = text_width(notice, strlen(notice));
    int x = w < g->w ? (g->w - w) / 2 : 0;
    grid_puts(g, g->h / 2, x, g->w - x, notice, ST_ERROR, TEXT_NO_PAD);
}

int draw_app(app *a, grid *g)
{
    if (g->w < DRAW_MIN_WIDTH || g->h < DRAW_MIN_HEIGHT) {
        too_small(g);
        return -1;
    }
    static const struct key_hint table_keys[] = {
        {"Enter", "open"}, {"/", "search"}, {"f", "filter"}, {"<>", "sort"},
        {"r", "reverse"}, {"?", "help"}, {"q", "quit"}, {NULL, NULL}};
    static const struct key_hint page_keys[] = {
        {"Enter", "open"}, {"Esc", "back"}, {"Tab", "next tab"}, {"?", "help"}, {"q", "back"},
        {NULL, NULL}};
    static const struct key_hint help_keys[] = {{"Esc", "back"}, {"q", "back"}, {NULL, NULL}};
    static const struct key_hint places_keys[] = {
        {"Enter", "open"}, {"Left", "close"}, {"+-", "all"}, {"<>", "sort"}, {"r", "reverse"},
        {"?", "help"}, {"q", "quit"}, {NULL, NULL}};
    const dataset *ds = a->ds;
    draw_header(a, g);
    draw_tabs(a, g, 1);
    buf line;
    buf_init(&line);
    struct page *p = app_page(a);
    int y = 2;
    grid_blank(g, y, 0, g->w, ST_HEADING);
    if (p->kind == PAGE_PLACES) {
        places *pl = app_places(a);
        uint32_t nplaces = 0;
        for (uint32_t e = 0; e < ds->nentities; e++)
            nplaces += ds->entities[e].type == ENTITY_PLACE;
        buf_printf(&line, "Places %s %u places %s %u record%s no place", grid_glyph(g, "·", "-"),
                   nplaces, grid_glyph(g, "·", "-"), pl->nunplaced,
                   pl->nunplaced == 1 ? " names" : "s name");
        put(g, y, 1, g->w - 2, line.data, ST_HEADING);
        y++;
        int rows = g->h - 1 - y - 1;
        a->page_rows = rows;
        draw_places(a, g, y, rows);
        buf_clear(&line);
        places_status(a, &line);
        draw_status(a, g, line.data, places_keys);
    } else if (p->kind == PAGE_TABLE) {
        const theme *t = &ds->themes[a->tab];
        if (t->heading != NONE)
            buf_printf(&line, "%s %s ", ds_str(ds, t->title), ds_str(ds, t->heading));
        else
            buf_printf(&line, "%s ", ds_str(ds, t->title));
        struct tab *tab = &a->tabs[a->tab];
        buf_printf(&line, "%s %u record%s %s ", grid_glyph(g, "·", "-"), tab->view->nrows,
                   tab->view->nrows == 1 ? "" : "s", grid_glyph(g, "·", "-"));
        qsum money = link_money(ds, tab->view->rows, tab->view->nrows);
        if (money.parts)
            value_format(&line, money.value, UNIT_YUAN, money.qualifier, NULL, VALUE_WORDS);
        else
            buf_puts(&line, "no money named");
        put(g, y, 1, g->w - 2, line.data, ST_HEADING);
        y++;
        /* the chart shows the headline figures with bars; it gives way to the
         * table, which keeps at least MIN_TABLE_ROWS, and then the figures
         * are a strip of one or two lines */
        int room = g->h - 1 - y - 1 - MIN_TABLE_ROWS;
        int chart = a->charts ? chart_lines(a) : 0;
        if (chart && chart <= room) {
            draw_chart(a, g, y, chart);
            y += chart;
        } else {
            y += draw_figures(a, g, y, g->h >= 24 ? 2 : 1);
        }
        int rows = g->h - 1 - y - 1;
        a->page_rows = rows;
        draw_table(a, g, y, rows);
        buf_clear(&line);
        table_status(a, &line);
        draw_status(a, g, line.data, table_keys);
    } else {
        page_heading(a, &line);
        put(g, y, 1, g->w - 2, line.data, ST_HEADING);
        y++;
        int rows = g->h - 1 - y;
        a->page_rows = rows;
        draw_page(a, g, y, rows);
        buf_clear(&line);
        if (p->kind != PAGE_HELP)
            buf_printf(&line, "%s", p->kind == PAGE_RECORD ? "record" : "entity");
        draw_status(a, g, line.data, p->kind == PAGE_HELP ? help_keys : page_keys);
    }
    buf_free(&line);
    return a->prompt != PROMPT_NONE ? draw_prompt(a, g) : -1;
}

void draw_title(app *a, buf *out)
{
    buf_puts(out, "zjdash: ");
    page_heading(a, out);
    buf_printf(out, " (%s)", ds_str(a->ds, a->ds->meta.title));
}

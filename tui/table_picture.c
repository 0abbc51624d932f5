/* A theme's table as a briefing shows it (briefing.c): every row, each
 * cell whole (wrapped, never cut), the columns fitted as on the screen, the
 * view in words, the chart or the strip, and the columns left out named.
 * Nothing of the terminal: no selection, no status. */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "frame.h"
#include "lang.h"
#include "mem.h"
#include "money.h"
#include "screens.h"
#include "text.h"
#include "value.h"

#define PICTURE_STRIP_LINES 4  /* the figures' strip when the chart is off */
#define PICTURE_QUOTE_WIDTH 30 /* a quote's column in a picture: this wide, or none */

/* The columns of a picture: the screen's fitting, at the picture's width. */
struct fitted {
    int *w, *cols; /* w by column; cols the ones shown, in order */
    int shown, ncolumns;
};

/* Whether column c holds the records' quotes (the report's own words). */
static bool quote_column(const dataset *ds, const theme *t, int c)
{
    return t->nrecords && t->columns[c].type == COL_TEXT &&
           ds_cell(ds, t->first_record, (uint32_t)c) == ds->records[t->first_record].quote;
}

/* The screen gives the width left over to its last column; in a picture
 * text wraps, so the text columns shown share it instead: each from its
 * least, a cell at a time up to its natural width, and the name what
 * remains. Which columns show is fit_columns' choice. */
static void share_text_width(const app *a, const int *widths, struct fitted *f, int width)
{
    const theme *t = &a->ds->themes[a->tab];
    const int *least = widths + f->ncolumns;
    int spare = width;
    for (int i = 0; i < f->shown; i++) {
        int c = f->cols[i];
        int from = table_numeric(&t->columns[c]) ? widths[c] : least[c];
        if (from < f->w[c])
            f->w[c] = from;
        spare -= f->w[c] + 2;
    }
    /* numbers first, so that their headings need not wrap; then the text */
    for (int pass = 0; pass < 2; pass++)
        for (bool grew = true; spare > 0 && grew;) {
            grew = false;
            for (int i = 0; i < f->shown && spare > 0; i++) {
                int c = f->cols[i];
                if (table_numeric(&t->columns[c]) == !pass && f->w[c] < widths[c]) {
                    f->w[c]++;
                    spare--;
                    grew = true;
                }
            }
        }
    if (spare > 0)
        f->w[table_numeric(&t->columns[f->cols[0]]) ? f->cols[f->shown - 1] : f->cols[0]] += spare;
}

/* A tab never shown has no widths yet: they are measured for the picture
 * without touching the app, which a picture only reads. */
static void fit_picture(const app *a, int width, struct fitted *f)
{
    const struct tab *tab = table_tab(a);
    const theme *t = &a->ds->themes[a->tab];
    f->ncolumns = (int)t->ncolumns;
    int *widths = table_measure_widths(a->ds, a->tab);
    if (tab->widths)
        memcpy(widths, tab->widths, 2 * (size_t)f->ncolumns * sizeof *widths);
    /* a quote in a narrow column would make every row ten lines tall: it
     * keeps a readable width or goes, as columns go on a narrow screen */
    for (int c = 0; c < f->ncolumns; c++)
        if (quote_column(a->ds, t, c) && widths[f->ncolumns + c] < widths[c])
            widths[f->ncolumns + c] = widths[c] < PICTURE_QUOTE_WIDTH ? widths[c] : PICTURE_QUOTE_WIDTH;
    f->w = mem_calloc(2 * (size_t)f->ncolumns + 1, sizeof *f->w);
    f->cols = f->w + f->ncolumns;
    f->shown = table_fit_columns(a->ds, tab->view, widths, width, f->w, f->cols);
    share_text_width(a, widths, f, width);
    free(widths);
}

/* What makes the rows what they are, in words: a picture has no status line. */
static void describe_view(const app *a, const view *v, buf *out)
{
    if (v->sort_column >= 0)
        lang_printf(out, MSG_BRIEFING_SORTED_BY,
                    ds_str(a->ds, a->ds->themes[a->tab].columns[v->sort_column].label),
                    tr(v->descending ? MSG_BRIEFING_DESCENDING : MSG_BRIEFING_ASCENDING));
    else
        buf_puts(out, tr(v->descending ? MSG_BRIEFING_REPORT_ORDER_REVERSED : MSG_BRIEFING_REPORT_ORDER));
    if (v->filter) {
        buf_puts(out, a->ascii ? " - " : " · ");
        lang_printf(out, MSG_BRIEFING_ONLY_FILTERED, v->nrows, v->total, v->filter);
    }
}

/* The view at the left; at the right 单位, where Chinese statistical tables
 * put it, when a column of amounts is shown. */
static int picture_view_line(const app *a, grid *g, int y, const struct fitted *f)
{
    const theme *t = &a->ds->themes[a->tab];
    buf text, unit;
    buf_init(&text);
    buf_init(&unit);
    for (int i = 0; i < f->shown && !unit.len; i++)
        if (t->columns[f->cols[i]].type == COL_MONEY)
            lang_printf(&unit, MSG_BRIEFING_UNIT, unit_default_measure((enum unit)t->columns[f->cols[i]].unit));
    describe_view(a, table_tab(a)->view, &text);
    int uw = unit.len ? text_width(unit.data, unit.len) : 0;
    int lines = grid_wrap(g, y, 1, g->w - 2 - (uw ? uw + 2 : 0), text.data, ST_DIM, TEXT_NO_PAD);
    if (uw)
        app_put(g, y, g->w - 1 - uw, uw, unit.data, ST_NORMAL);
    buf_free(&text);
    buf_free(&unit);
    return lines;
}

/* The borders between the columns, on lines of a row. */
static void picture_borders(grid *g, int y, int lines, const struct fitted *f, const char *glyph,
                            enum style st)
{
    for (int k = 0; k < lines; k++)
        for (int i = 0, x = 0; i + 1 < f->shown; i++) {
            x += f->w[f->cols[i]] + 1;
            app_put(g, y + k, x, 1, glyph, st);
            x += 1;
        }
}

/* A column's heading as the screen words it: its label, and the sort mark. */
static void heading_text(const app *a, const grid *g, int c, buf *out)
{
    const view *v = table_tab(a)->view;
    buf_clear(out);
    buf_puts(out, ds_str(a->ds, a->ds->themes[a->tab].columns[c].label));
    if (c == v->sort_column)
        buf_printf(out, " %s", app_sort_mark(g, v->descending));
}

/* The headings, wrapped rather than cut (组织数, not 组织…). */
static int picture_headings(const app *a, grid *g, int y, const struct fitted *f)
{
    const theme *t = &a->ds->themes[a->tab];
    buf text;
    buf_init(&text);
    int lines = 1;
    for (int i = 0; i < f->shown; i++) {
        heading_text(a, g, f->cols[i], &text);
        int n = grid_wrap_lines(text.data, f->w[f->cols[i]]);
        lines = n > lines ? n : lines;
    }
    grid_reserve(g, y + lines);
    for (int k = 0; k < lines; k++)
        grid_blank(g, y + k, 0, g->w, ST_COLUMN);
    for (int i = 0, x = 0; i < f->shown; i++) {
        int c = f->cols[i];
        heading_text(a, g, c, &text);
        grid_wrap(g, y, x + 1, f->w[c], text.data,
                  c == table_tab(a)->view->sort_column ? ST_COLUMN_SORTED : ST_COLUMN,
                  table_numeric(&t->columns[c]) ? TEXT_ALIGN_RIGHT : 0);
        x += f->w[c] + 2;
    }
    picture_borders(g, y, lines, f, grid_glyph(g, "│", "|"), ST_COLUMN);
    buf_free(&text);
    return lines;
}

/* The lines a record's row takes: its tallest cell's. */
static int row_lines(const app *a, uint32_t rec, const struct fitted *f, buf *text)
{
    int lines = 1;
    for (int i = 0; i < f->shown; i++) {
        buf_clear(text);
        view_cell_text(text, a->ds, rec, (uint32_t)f->cols[i]);
        int n = grid_wrap_lines(text->data ? text->data : "", f->w[f->cols[i]]);
        lines = n > lines ? n : lines;
    }
    return lines;
}

/* A record's row, every cell whole, wrapped in its column; numbers at the
 * right, on the row's first line. */
static int picture_row(const app *a, grid *g, int y, uint32_t rec, const struct fitted *f, buf *text)
{
    const theme *t = &a->ds->themes[a->tab];
    int lines = 1;
    for (int i = 0, x = 0; i < f->shown; i++) {
        int c = f->cols[i];
        buf_clear(text);
        view_cell_text(text, a->ds, rec, (uint32_t)c);
        int n = grid_wrap(g, y, x + 1, f->w[c], text->data ? text->data : "", ST_NORMAL,
                          table_numeric(&t->columns[c]) ? TEXT_ALIGN_RIGHT : 0);
        lines = n > lines ? n : lines;
        x += f->w[c] + 2;
    }
    picture_borders(g, y, lines, f, grid_glyph(g, "│", "|"), ST_DIM);
    return lines;
}

/* Where rows take several lines, a rule between them shows where each ends. */
static void picture_rule(grid *g, int y, const struct fitted *f)
{
    grid_reserve(g, y + 1);
    for (int x = 0; x < g->w; x++)
        app_put(g, y, x, 1, grid_glyph(g, "─", "-"), ST_DIM);
    picture_borders(g, y, 1, f, grid_glyph(g, "┼", "+"), ST_DIM);
}

/* Every row of the view, in its order; ruled apart when any takes more
 * than a line. */
static int picture_rows(const app *a, grid *g, int y, const struct fitted *f)
{
    const view *v = table_tab(a)->view;
    uint32_t n = v->nrows < PICTURE_MAX_ROWS ? v->nrows : PICTURE_MAX_ROWS;
    buf text;
    buf_init(&text);
    bool ruled = false;
    for (uint32_t r = 0; r < n && !ruled; r++)
        ruled = row_lines(a, v->rows[r], f, &text) > 1;
    int start = y;
    for (uint32_t r = 0; r < n; r++) {
        if (ruled && r)
            picture_rule(g, y++, f);
        y += picture_row(a, g, y, v->rows[r], f, &text);
    }
    y += picture_more(g, y, n, v->nrows, tr(MSG_TABLE_PICTURE_ROWS));
    if (!v->nrows) {
        grid_reserve(g, y + 1);
        app_put(g, y++, 2, g->w - 4,
                tr(v->filter ? MSG_TABLE_PICTURE_NO_FILTERED_ROWS : MSG_TABLE_NO_ROWS), ST_DIM);
    }
    buf_free(&text);
    return y - start;
}

/* A picture narrower than the table says which columns it leaves out. */
static int picture_hidden(const app *a, grid *g, int y, const struct fitted *f)
{
    if (f->shown == f->ncolumns)
        return 0;
    buf text;
    buf_init(&text);
    buf_puts(&text, tr(MSG_BRIEFING_NOT_SHOWN));
    for (int c = 0, n = 0; c < f->ncolumns; c++) {
        bool shown = false;
        for (int i = 0; i < f->shown && !shown; i++)
            shown = f->cols[i] == c;
        if (!shown)
            buf_printf(&text, "%s%s", n++ ? tr(MSG_BRIEFING_LIST_SEP) : "",
                       ds_str(a->ds, a->ds->themes[a->tab].columns[c].label));
    }
    int lines = grid_wrap(g, y, 1, g->w - 2, text.data, ST_DIM, TEXT_NO_PAD);
    buf_free(&text);
    return lines;
}

/* The view in words, the chart (or the strip, as c left it), then every
 * row, each cell whole, columns fitted as on the screen. */
void table_picture(const app *a, grid *g, int *y)
{
    view *v = table_tab(a)->view; /* its chart is kept in it */
    struct fitted f;
    fit_picture(a, g->w, &f);
    *y += picture_view_line(a, g, *y, &f);
    int chart;
    if (a->charts) {
        chart = chart_picture(g, v, *y);
    } else {
        grid_reserve(g, *y + PICTURE_STRIP_LINES);
        chart = chart_strip(g, v, g->w, *y, PICTURE_STRIP_LINES);
    }
    *y += chart + (chart > 0); /* and a blank line under it */
    *y += picture_headings(a, g, *y, &f);
    *y += picture_rows(a, g, *y, &f);
    *y += picture_hidden(a, g, *y, &f);
    free(f.w);
}

#include "chart.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lang.h"
#include "mem.h"
#include "money.h"
#include "text.h"

#define CHART_LABEL 18 /* at the least */
#define CHART_VALUE 12

/* Bars let the eye compare what the numbers say. */
int chart_bar(grid *g, int y, int x, int width, double value, double max)
{
    if (width <= 0 || max <= 0 || value <= 0)
        return 0;
    double fraction = value >= max ? 1.0 : value / max;
    if (g->ascii) {
        int cells = (int)(fraction * width + 0.5);
        for (int i = 0; i < cells; i++)
            grid_puts(g, y, x + i, 1, "#", ST_BAR, TEXT_NO_PAD);
        return cells;
    }
    static const char *const eighths[8] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    long eighths_in_all = (long)(fraction * width * 8 + 0.5);
    int full = (int)(eighths_in_all / 8), rest = (int)(eighths_in_all % 8), i = 0;
    for (; i < full; i++)
        grid_puts(g, y, x + i, 1, "█", ST_BAR, TEXT_NO_PAD);
    if (rest)
        grid_puts(g, y, x + i++, 1, eighths[rest], ST_BAR, TEXT_NO_PAD);
    return i;
}

/* Whether a column holds figures (money, counts, dates), not text. */
static bool figure_column(const column *c)
{
    return c->type == COL_MONEY || c->type == COL_COUNT || c->type == COL_DATE;
}

/* Marks the figures the rows shown name: what their total is made of. */
static uint8_t *named_by_rows(const view *v)
{
    const dataset *ds = v->ds;
    const theme *t = &ds->themes[v->theme];
    uint8_t *named = mem_calloc((size_t)ds->nfigures + 1, 1);
    uint32_t n, *recs = view_rows_in_file_order(v, &n);
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t c = 0; c < t->ncolumns; c++) {
            uint32_t f = figure_column(&t->columns[c]) ? ds_cell(ds, recs[i], c) : NONE;
            if (f != NONE)
                named[f] = 1;
        }
    free(recs);
    return named;
}

/* A filtered table's heading totals the rows shown: a chart of the whole
 * theme's headline figures above it would contradict it. */
static uint32_t *pick_figures(const view *v, uint32_t *n)
{
    const dataset *ds = v->ds;
    const theme *t = &ds->themes[v->theme];
    uint8_t *named = v->filter ? named_by_rows(v) : NULL;
    uint32_t from = named ? 0 : t->first_figure, to = named ? ds->nfigures : t->first_figure + t->nfigures;
    uint32_t *figs = mem_alloc(((size_t)(to - from) + 1) * sizeof *figs);
    *n = 0;
    for (uint32_t f = from; f < to; f++)
        if (named ? named[f] : ds->figures[f].headline)
            figs[(*n)++] = f;
    free(named);
    return figs;
}

/* Everything a chart of a view needs that depends on all its rows: made
 * once per set of rows (a sort changes nothing here) and kept in the view,
 * so that a frame costs what it draws (a filter of half a million rows
 * names as many figures). */
struct chart {
    const dataset *ds;
    const view *v;
    uint32_t *figs, n;     /* pick_figures: the strip shows them all */
    uint32_t nscales;      /* scales in the order each first appears */
    uint32_t *members;     /* indices of figs, scale by scale, each in figs' order */
    uint32_t *scale_start; /* where each scale's members start; nscales + 1 */
    double *scale_max;     /* the largest value of each scale */
    int natural_label;     /* the widest charted label, at least CHART_LABEL */
    bool any_charted;
    int lines;             /* chart_lines */
};

/* The memo's release: the view frees what chart_of made. */
static void chart_release(void *data)
{
    struct chart *c = data;
    if (!c)
        return;
    free(c->figs);
    free(c->members);
    free(c->scale_start);
    free(c->scale_max);
    free(c);
}

static bool charted(const struct chart *c, uint32_t i);
static void group_scales(struct chart *c);

/* The view's chart, made again only when its rows have changed. */
static const struct chart *chart_of(view *v)
{
    if (v->chart.data && v->chart.version == v->set_version)
        return v->chart.data;
    if (v->chart.release)
        v->chart.release(v->chart.data);
    struct chart *c = mem_calloc(1, sizeof *c);
    c->ds = v->ds;
    c->v = v;
    c->figs = pick_figures(v, &c->n);
    group_scales(c);
    c->lines = c->v->filter && c->v->nrows;
    c->lines += (int)(c->nscales + (c->scale_start[c->nscales] - c->scale_start[0]));
    v->chart = (struct view_memo){v->set_version, c, chart_release};
    return c;
}

bool chart_made(const view *v)
{
    return v->chart.data && v->chart.version == v->set_version;
}

/* The caller's copy of the figures the chart of v shows. */
uint32_t *chart_figures(view *v, uint32_t *n)
{
    const struct chart *c = chart_of(v);
    uint32_t *figs = mem_alloc(((size_t)c->n + 1) * sizeof *figs);
    memcpy(figs, c->figs, (size_t)c->n * sizeof *figs);
    *n = c->n;
    return figs;
}

/* Dates cannot be measured against anything: they are not charted. */
static bool charted(const struct chart *c, uint32_t i)
{
    return c->ds->figures[c->figs[i]].unit != UNIT_DATE;
}

/* The measure word a figure is shown with: 元, 人, 名, 家, 个. */
static const char *measure_of(const dataset *ds, const figure *f)
{
    return f->measure != NONE ? ds_str(ds, f->measure) : unit_default_measure((enum unit)f->unit);
}

/* Bars share a scale only when what they count is alike: the same unit, the
 * same measure word (7家 firms are not measured against 271场 events) and the
 * same kind (a household's yearly income is not measured against a project's
 * investment). */
bool chart_same_scale(const dataset *ds, uint32_t f1, uint32_t f2)
{
    const figure *a = &ds->figures[f1], *b = &ds->figures[f2];
    return a->unit == b->unit && a->kind == b->kind && !strcmp(measure_of(ds, a), measure_of(ds, b));
}

/* Two figures whose unit, kind and measure word are the same string share a
 * scale without comparing the words. */
static bool same_fields(const figure *a, const figure *b)
{
    return a->unit == b->unit && a->kind == b->kind && a->measure == b->measure;
}

/* Each charted figure goes to the scale of the first figure like it: one
 * pass over the figures, each compared with the few scales, not with every
 * figure before it. Also the scales' largest values and the widest label. */
static void group_scales(struct chart *c)
{
    uint32_t *scale = mem_alloc(((size_t)c->n + 1) * sizeof *scale);
    uint32_t *leader = mem_alloc(((size_t)c->n + 1) * sizeof *leader);
    c->natural_label = CHART_LABEL;
    uint32_t last = UINT32_MAX;       /* the previous charted figure: most are like it */
    /* labels repeat (投入资金, 党员 ...) and measuring one costs far more than
     * looking it up: the widths of the labels seen last, by where they are */
    struct {
        str_ref label;
        int width;
    } measured[64];
    for (size_t k = 0; k < sizeof measured / sizeof measured[0]; k++)
        measured[k].label = NONE;
    for (uint32_t i = 0; i < c->n; i++) {
        scale[i] = UINT32_MAX;
        if (!charted(c, i))
            continue;
        c->any_charted = true;
        const figure *f = &c->ds->figures[c->figs[i]];
        uint32_t s = 0;
        if (last != UINT32_MAX && same_fields(&c->ds->figures[c->figs[last]], f)) {
            s = scale[last];
        } else {
            while (s < c->nscales && !chart_same_scale(c->ds, c->figs[leader[s]], c->figs[i]))
                s++;
            if (s == c->nscales)
                leader[c->nscales++] = i;
        }
        scale[i] = s;
        last = i;
        size_t slot = f->label % (sizeof measured / sizeof measured[0]);
        if (measured[slot].label != f->label) {
            const char *label = ds_str(c->ds, f->label);
            measured[slot].label = f->label;
            measured[slot].width = text_width(label, strlen(label));
        }
        if (measured[slot].width > c->natural_label)
            c->natural_label = measured[slot].width;
    }
    c->scale_start = mem_calloc((size_t)c->nscales + 2, sizeof *c->scale_start);
    c->scale_max = mem_calloc((size_t)c->nscales + 1, sizeof *c->scale_max);
    for (uint32_t i = 0; i < c->n; i++)
        if (scale[i] != UINT32_MAX) {
            c->scale_start[scale[i] + 1]++;
            double value = (double)c->ds->figures[c->figs[i]].value;
            c->scale_max[scale[i]] = value > c->scale_max[scale[i]] ? value : c->scale_max[scale[i]];
        }
    for (uint32_t s = 0; s < c->nscales; s++)
        c->scale_start[s + 1] += c->scale_start[s];
    c->members = mem_alloc(((size_t)c->scale_start[c->nscales] + 1) * sizeof *c->members);
    memcpy(leader, c->scale_start, ((size_t)c->nscales + 1) * sizeof *leader); /* where each goes next */
    for (uint32_t i = 0; i < c->n; i++)
        if (scale[i] != UINT32_MAX)
            c->members[leader[scale[i]]++] = i;
    free(scale);
    free(leader);
}

/* A filtered chart says first whose figures it shows. */
static bool has_filter_line(const struct chart *c)
{
    return c->v->filter && c->v->nrows;
}

/* The table asks how many lines the chart would take before giving them:
 * one per charted figure, a heading per scale, and the filter's line. */
int chart_lines(view *v)
{
    return chart_of(v)->lines;
}

/* Labels as wide as the widest, up to two fifths of the screen: two labels
 * cut to the same first words would read as one figure twice. */
static int label_width(const grid *g, const struct chart *c)
{
    int cap = (g->w - 4) * 2 / 5 > CHART_LABEL ? (g->w - 4) * 2 / 5 : CHART_LABEL;
    return c->natural_label > cap ? cap : c->natural_label;
}

/* The line that says a filtered chart is of the rows shown, not the report's
 * headline figures. */
static void draw_filter_line(grid *g, const struct chart *c, int y)
{
    buf line;
    buf_init(&line);
    uint32_t rows = c->v->nrows;
    enum msg m = c->any_charted ? (rows == 1 ? MSG_CHART_FIGURES_ONE : MSG_CHART_FIGURES)
                                : (rows == 1 ? MSG_CHART_NO_FIGURES_ONE : MSG_CHART_NO_FIGURES);
    lang_printf(&line, m, rows, c->v->filter);
    grid_blank(g, y, 0, g->w, ST_NORMAL);
    grid_puts(g, y, 2, g->w - 4, line.data, ST_DIM, TEXT_NO_PAD);
    buf_free(&line);
}

/* A scale's heading says what its bars measure, so no reader compares
 * bars across two scales. */
static void draw_scale_heading(grid *g, const dataset *ds, int y, uint32_t leader)
{
    buf line;
    buf_init(&line);
    static const enum msg counted[UNIT_COUNT] = {
        [UNIT_YUAN] = MSG_CHART_UNIT_MONEY, [UNIT_PERSON] = MSG_CHART_UNIT_PEOPLE,
        [UNIT_PERSON_TIME] = MSG_CHART_UNIT_PERSON_TIMES, [UNIT_ITEM] = MSG_CHART_UNIT_THINGS,
        [UNIT_DATE] = MSG_CHART_UNIT_DATES};
    const figure *f = &ds->figures[leader];
    const char *rule = grid_glyph(g, "──", "--");
    const char *dot = grid_glyph(g, " · ", " - ");
    buf_printf(&line, "%s %s%s%s", rule, measure_of(ds, f), dot, f->unit < UNIT_COUNT ? tr(counted[f->unit]) : "");
    if (f->kind != FIGURE_KIND_UNKNOWN)
        buf_printf(&line, "%s%s", dot, money_kind_word((enum figure_kind)f->kind));
    buf_printf(&line, " %s", rule);
    grid_blank(g, y, 0, g->w, ST_NORMAL);
    grid_puts(g, y, 2, g->w - 4, line.data, ST_DIM, TEXT_NO_PAD);
    buf_free(&line);
}

/* How the bars are laid out on a grid, and whether labels wrap (a
 * briefing) or are cut (a screen). */
struct bars {
    int lw, bar_width;
    bool wrap;
};

/* One figure: its label, its bar against its scale, its value. Returns the
 * lines it took: one, or for a wrapped label as many as it needs. */
static int draw_figure_bar(grid *g, const dataset *ds, int y, uint32_t f, const struct bars *b,
                           double max)
{
    const figure *fig = &ds->figures[f];
    grid_blank(g, y, 0, g->w, ST_NORMAL);
    int lines = 1;
    if (b->wrap)
        lines = grid_wrap(g, y, 2, b->lw, ds_str(ds, fig->label), ST_FIGURE_LABEL, 0);
    else
        grid_puts(g, y, 2, b->lw, ds_str(ds, fig->label), ST_FIGURE_LABEL, 0);
    int x = 2 + b->lw + 1;
    chart_bar(g, y, x, b->bar_width, (double)fig->value, max);
    buf value;
    buf_init(&value);
    view_figure_text(&value, ds, f);
    grid_text(g, y, x + b->bar_width + 1, CHART_VALUE, value.data, value.len, ST_FIGURE_VALUE,
              TEXT_ALIGN_RIGHT);
    buf_free(&value);
    return lines;
}

/* Scale by scale, in the order each first appears; each under its heading.
 * Stops at max lines; a wrapping chart grows the grid. Returns the lines. */
static int draw_chart(grid *g, const struct chart *c, int y, int max, bool wrap)
{
    struct bars b = {label_width(g, c), 0, wrap};
    b.bar_width = g->w - 2 - b.lw - CHART_VALUE - 4;
    b.bar_width = b.bar_width > CHART_BAR_MAX ? CHART_BAR_MAX : b.bar_width;
    int line = 0;
    if (has_filter_line(c) && line < max) {
        if (wrap)
            grid_reserve(g, y + line + 1);
        draw_filter_line(g, c, y + line++);
    }
    for (uint32_t s = 0; s < c->nscales && line < max; s++) {
        if (wrap)
            grid_reserve(g, y + line + 1);
        draw_scale_heading(g, c->ds, y + line++, c->figs[c->members[c->scale_start[s]]]);
        for (uint32_t k = c->scale_start[s]; k < c->scale_start[s + 1] && line < max; k++) {
            if (wrap)
                grid_reserve(g, y + line + 1);
            line += draw_figure_bar(g, c->ds, y + line, c->figs[c->members[k]], &b, c->scale_max[s]);
        }
    }
    return line;
}

/* The screen gives the chart the lines chart_lines asked for. */
void chart_draw(grid *g, view *v, int y, int lines)
{
    draw_chart(g, chart_of(v), y, lines, false);
}

/* A briefing has room for every label whole. */
int chart_picture(grid *g, view *v, int y)
{
    return draw_chart(g, chart_of(v), y, INT_MAX, true);
}

/* One figure of the strip: its value, then as much label as fits. */
static int strip_item(grid *g, int y, int x, int width, const buf *value, const char *label)
{
    int start = x;
    x += grid_puts(g, y, x, width - x - 1, value->data, ST_FIGURE_VALUE, TEXT_NO_PAD) + 1;
    int room = width - x - 1;
    int lw = text_width(label, strlen(label));
    x += grid_text(g, y, x, lw < room ? lw : room, label, strlen(label), ST_FIGURE_LABEL,
                   TEXT_NO_PAD);
    return x - start;
}

/* When the chart does not fit, the figures still show, packed; a filtered
 * strip says first that they are the rows'. */
int chart_strip(grid *g, view *v, int width, int y, int max_lines)
{
    const struct chart *cp = chart_of(v), c = *cp;
    int line = 0, x = 1;
    if (c.n && max_lines > 0) {
        for (int i = 0; i < max_lines; i++)
            grid_blank(g, y + i, 0, g->w, ST_NORMAL);
        if (v->filter)
            x += grid_puts(g, y, x, width - x - 1, tr(MSG_CHART_ROWS_SHOWN), ST_DIM, TEXT_NO_PAD) + 1;
    }
    buf value;
    buf_init(&value);
    for (uint32_t i = 0; i < c.n && max_lines > 0; i++) {
        uint32_t f = c.figs[i];
        buf_clear(&value);
        view_figure_text(&value, c.ds, f);
        const char *label = ds_str(c.ds, c.ds->figures[f].label);
        int vw = text_width(value.data, value.len), lw = text_width(label, strlen(label));
        int need = vw + 1 + (lw < 14 ? lw : 14);
        if (x > 1 && x + need > width - 1) {
            if (++line >= max_lines)
                break;
            x = 1;
        }
        x += strip_item(g, y + line, x, width, &value, label) + 3;
    }
    buf_free(&value);
    return c.n && max_lines > 0 ? (line < max_lines ? line + 1 : max_lines) : 0;
}

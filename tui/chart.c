#include "chart.h"

#include <string.h>

#include "buf.h"
#include "text.h"
#include "view.h"

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
    long total = (long)(fraction * width * 8 + 0.5);
    int full = (int)(total / 8), rest = (int)(total % 8), i = 0;
    for (; i < full; i++)
        grid_puts(g, y, x + i, 1, "█", ST_BAR, TEXT_NO_PAD);
    if (rest)
        grid_puts(g, y, x + i++, 1, eighths[rest], ST_BAR, TEXT_NO_PAD);
    return i;
}

/* Dates cannot be measured against anything: they are not charted. */
static bool charted(const figure *f)
{
    return f->headline && f->unit != UNIT_DATE;
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

/* The first charted figure of f's scale: the scale's name in the chart. */
static uint32_t scale_leader(const dataset *ds, const theme *t, uint32_t f)
{
    for (uint32_t g = t->first_figure; g < f; g++)
        if (charted(&ds->figures[g]) && chart_same_scale(ds, g, f))
            return g;
    return f;
}

/* The table asks how many lines the chart would take before giving them. */
int chart_lines(const dataset *ds, uint32_t th)
{
    const theme *t = &ds->themes[th];
    int n = 0;
    for (uint32_t f = t->first_figure; f < t->first_figure + t->nfigures; f++)
        if (charted(&ds->figures[f]))
            n += 1 + (scale_leader(ds, t, f) == f); /* a scale's first figure brings its heading */
    return n;
}

/* Labels as wide as the widest, up to two fifths of the screen: two labels
 * cut to the same first words would read as one figure twice. */
static int label_width(const grid *g, const dataset *ds, const theme *t)
{
    int width = CHART_LABEL;
    for (uint32_t f = t->first_figure; f < t->first_figure + t->nfigures; f++) {
        const char *label = ds_str(ds, ds->figures[f].label);
        int lw = text_width(label, strlen(label));
        if (charted(&ds->figures[f]) && lw > width)
            width = lw;
    }
    int cap = (g->w - 4) * 2 / 5 > CHART_LABEL ? (g->w - 4) * 2 / 5 : CHART_LABEL;
    return width > cap ? cap : width;
}

/* The longest bar of a scale belongs to its largest figure. */
static double scale_max(const dataset *ds, const theme *t, uint32_t leader)
{
    double max = 0;
    for (uint32_t f = t->first_figure; f < t->first_figure + t->nfigures; f++)
        if (charted(&ds->figures[f]) && chart_same_scale(ds, f, leader) &&
            ds->figures[f].value > max)
            max = (double)ds->figures[f].value;
    return max;
}

/* A scale's heading says what its bars measure, so no reader compares
 * bars across two scales. */
static void draw_scale_heading(grid *g, const dataset *ds, int y, uint32_t leader)
{
    buf line;
    buf_init(&line);
    static const char *const counted[UNIT_COUNT] = {
        [UNIT_YUAN] = "money", [UNIT_PERSON] = "people", [UNIT_PERSON_TIME] = "person-times",
        [UNIT_ITEM] = "things", [UNIT_DATE] = "dates"};
    const figure *f = &ds->figures[leader];
    const char *rule = grid_glyph(g, "──", "--");
    const char *dot = grid_glyph(g, " · ", " - ");
    buf_printf(&line, "%s %s%s%s", rule, measure_of(ds, f), dot, f->unit < UNIT_COUNT ? counted[f->unit] : "");
    if (f->kind != FIGURE_KIND_UNKNOWN)
        buf_printf(&line, "%s%s", dot, figure_kind_name((enum figure_kind)f->kind));
    buf_printf(&line, " %s", rule);
    grid_blank(g, y, 0, g->w, ST_NORMAL);
    grid_puts(g, y, 2, g->w - 4, line.data, ST_DIM, TEXT_NO_PAD);
    buf_free(&line);
}

/* One figure: its label, its bar against its scale, its value. */
static void draw_figure_bar(grid *g, const dataset *ds, int y, uint32_t f, int lw, int bar_width,
                            double max)
{
    const figure *fig = &ds->figures[f];
    grid_blank(g, y, 0, g->w, ST_NORMAL);
    grid_puts(g, y, 2, lw, ds_str(ds, fig->label), ST_FIGURE_LABEL, 0);
    int x = 2 + lw + 1;
    chart_bar(g, y, x, bar_width, (double)fig->value, max);
    buf value;
    buf_init(&value);
    view_figure_text(&value, ds, f);
    grid_text(g, y, x + bar_width + 1, CHART_VALUE, value.data, value.len, ST_FIGURE_VALUE,
              TEXT_ALIGN_RIGHT);
    buf_free(&value);
}

/* Scale by scale, in the order each first appears; each under its heading. */
void chart_draw(grid *g, const dataset *ds, uint32_t th, int y, int lines)
{
    const theme *t = &ds->themes[th];
    int lw = label_width(g, ds, t);
    int bar_width = g->w - 2 - lw - CHART_VALUE - 4;
    bar_width = bar_width > CHART_BAR_MAX ? CHART_BAR_MAX : bar_width;
    int line = 0;
    uint32_t end = t->first_figure + t->nfigures;
    for (uint32_t leader = t->first_figure; leader < end && line < lines; leader++) {
        if (!charted(&ds->figures[leader]) || scale_leader(ds, t, leader) != leader)
            continue;
        draw_scale_heading(g, ds, y + line++, leader);
        double max = scale_max(ds, t, leader);
        for (uint32_t f = leader; f < end && line < lines; f++)
            if (charted(&ds->figures[f]) && chart_same_scale(ds, f, leader))
                draw_figure_bar(g, ds, y + line++, f, lw, bar_width, max);
    }
}

/* One headline figure of the strip: its value, then as much label as fits. */
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

/* When the chart does not fit, the figures still show, packed. */
int chart_strip(grid *g, const dataset *ds, uint32_t th, int width, int y, int max_lines)
{
    const theme *t = &ds->themes[th];
    int line = 0, x = 1;
    bool any = false;
    buf value;
    buf_init(&value);
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
        if (x > 1 && x + need > width - 1) {
            if (++line >= max_lines)
                break;
            x = 1;
        }
        x += strip_item(g, y + line, x, width, &value, label) + 3;
    }
    buf_free(&value);
    return any ? (line < max_lines ? line + 1 : max_lines) : 0;
}

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

/* The table asks how many rows the chart would take before it gives them. */
int chart_lines(const dataset *ds, uint32_t th)
{
    const theme *t = &ds->themes[th];
    int n = 0;
    for (uint32_t f = t->first_figure; f < t->first_figure + t->nfigures; f++)
        n += charted(&ds->figures[f]);
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

/* A scale per unit: money is measured against money, people against people. */
static double unit_max(const dataset *ds, const theme *t, int unit)
{
    double max = 0;
    for (uint32_t f = t->first_figure; f < t->first_figure + t->nfigures; f++)
        if (ds->figures[f].headline && (int)ds->figures[f].unit == unit &&
            ds->figures[f].value > max)
            max = (double)ds->figures[f].value;
    return max;
}

/* The headline figures as bars, in at most lines lines. */
void chart_draw(grid *g, const dataset *ds, uint32_t th, int y, int lines)
{
    const theme *t = &ds->themes[th];
    int lw = label_width(g, ds, t);
    int bar_width = g->w - 2 - lw - CHART_VALUE - 4;
    bar_width = bar_width > CHART_BAR_MAX ? CHART_BAR_MAX : bar_width;
    buf value;
    buf_init(&value);
    int line = 0;
    for (int unit = 0; unit < UNIT_COUNT && line < lines; unit++) {
        if (unit == UNIT_DATE)
            continue;
        double max = unit_max(ds, t, unit);
        for (uint32_t f = t->first_figure; f < t->first_figure + t->nfigures && line < lines; f++) {
            const figure *fig = &ds->figures[f];
            if (!fig->headline || (int)fig->unit != unit)
                continue;
            int yy = y + line++;
            grid_blank(g, yy, 0, g->w, ST_NORMAL);
            grid_puts(g, yy, 2, lw, ds_str(ds, fig->label), ST_FIGURE_LABEL, 0);
            int x = 2 + lw + 1;
            chart_bar(g, yy, x, bar_width, (double)fig->value, max);
            buf_clear(&value);
            view_figure_text(&value, ds, f);
            grid_text(g, yy, x + bar_width + 1, CHART_VALUE, value.data, value.len,
                      ST_FIGURE_VALUE, TEXT_ALIGN_RIGHT);
        }
    }
    buf_free(&value);
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

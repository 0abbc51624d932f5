/* A theme's headline figures above its table: as bars, those of one unit
 * measured against each other, or, when the table needs the rows, as a strip
 * of values. And the bar itself, which the places use too. */
#ifndef ZJDASH_CHART_H
#define ZJDASH_CHART_H

#include "dataset.h"
#include "grid.h"

/* Whether two figures may share a scale: the same unit and measure word. */
bool chart_same_scale(const dataset *ds, uint32_t f1, uint32_t f2);
/* Lines the chart of a theme takes: one per charted figure, and a heading
 * per scale. */
int chart_lines(const dataset *ds, uint32_t th);
void chart_draw(grid *g, const dataset *ds, uint32_t th, int y, int lines);
/* Draws the strip at y in at most max_lines; returns the lines it took (a
 * layout measures it by drawing into a scratch grid). */
int chart_strip(grid *g, const dataset *ds, uint32_t th, int width, int y, int max_lines);
/* A bar of value/max in width cells, in eighths of a cell (whole cells of #
 * in ASCII). Returns the cells drawn. */
int chart_bar(grid *g, int y, int x, int width, double value, double max);

#define CHART_BAR_MAX 48

#endif

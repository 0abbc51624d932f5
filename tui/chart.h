/* A theme's figures above its table: as bars, those of one unit measured
 * against each other, or, when the table needs the rows, as a strip of
 * values. Which figures: the theme's headline figures; with a filter on,
 * the figures named in the rows shown, so that the chart speaks of the same
 * records as the heading's total does. And the bar itself, which the places
 * use too. What depends on every row is made once per set of rows shown
 * (view->set_version) and kept in the view: a frame costs what it draws. */
#ifndef ZJDASH_CHART_H
#define ZJDASH_CHART_H

#include "dataset.h"
#include "grid.h"
#include "view.h"

/* Whether two figures may share a scale: the same unit and measure word. */
bool chart_same_scale(const dataset *ds, uint32_t f1, uint32_t f2);
/* The figures the chart of v shows (see above), in the report's order;
 * malloc'ed, *n how many. */
uint32_t *chart_figures(view *v, uint32_t *n);
/* Whether what the chart of v needs from every row is made for the rows shown now. */
bool chart_made(const view *v);
/* Lines the chart of v takes: one per charted figure, a heading per scale,
 * and with a filter on a first line that says the figures are the rows'. */
int chart_lines(view *v);
void chart_draw(grid *g, view *v, int y, int lines);
/* The whole chart for a briefing, labels wrapped rather than cut, from line
 * y of g (which grows); returns the lines it took. */
int chart_picture(grid *g, view *v, int y);
/* Draws the strip at y in at most max_lines; returns the lines it took (a
 * layout measures it by drawing into a scratch grid). */
int chart_strip(grid *g, view *v, int width, int y, int max_lines);
/* A bar of value/max in width cells, in eighths of a cell (whole cells of #
 * in ASCII). Returns the cells drawn. */
int chart_bar(grid *g, int y, int x, int width, double value, double max);

#define CHART_BAR_MAX 48

#endif

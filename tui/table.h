/* What the table screen (table.c) shares with its picture (table_picture.c):
 * the tab shown and how its columns are measured and fitted, so a briefing
 * fits its columns exactly as the screen does. Only those two files include
 * this. */
#ifndef ZJDASH_TABLE_H
#define ZJDASH_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"

/* The table of the tab on screen. */
const struct tab *table_tab(const app *a);
/* Numbers align right and keep their width when the screen is narrow. */
bool table_numeric(const column *c);
/* Natural widths from the first rows, then the least each may shrink to;
 * malloc'ed, 2 x ncolumns. */
int *table_measure_widths(const dataset *ds, uint32_t theme_index);
/* Fits the columns into width (the sorted one always shown); returns how
 * many are shown, cols[] which, w[] (by column) their widths. */
int table_fit_columns(const dataset *ds, const view *v, const int *widths, int width, int *w,
                      int *cols);
/* The table as a briefing draws it, from line *y on (table_picture.c). */
void table_picture(const app *a, grid *g, int *y);

#endif

/* Draws the whole dashboard into a grid: header, tabs, headline figures, the
 * table or page, status line. The same drawing serves the terminal and
 * anything else that wants the screen (tests, snapshots). */
#ifndef ZJDASH_DRAW_H
#define ZJDASH_DRAW_H

#include "app.h"
#include "grid.h"

/* Below this the dashboard shows only a notice. */
#define DRAW_MIN_WIDTH 60
#define DRAW_MIN_HEIGHT 16

/* Draws the app into g (its size is the terminal's). Returns the column of
 * the prompt's cursor when a prompt is open, else -1. */
int draw_app(app *a, grid *g);

/* What a picture of the screen is called: zjdash, the page, the report. */
void draw_title(app *a, buf *out);

#endif

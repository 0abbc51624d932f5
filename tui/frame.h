/* What surrounds every screen: the header with the report's title and
 * source, the tabs, the screen's heading line, and the status line with the
 * keys that matter there (read from the screen's keymap). */
#ifndef ZJDASH_FRAME_H
#define ZJDASH_FRAME_H

#include "app.h"
#include "grid.h"

/* The first line a screen draws on: after the header, tabs and heading. */
#define FRAME_BODY_Y 3

void frame_draw(const app *a, grid *g, const struct screen *s);
/* After the screen has drawn: the start of a message too wide for the status
 * line, on the line above it. */
void frame_draw_message_above(const app *a, grid *g);
/* The line the tabs are on, and the tab under column x of it, or -1. */
#define FRAME_TABS_Y 1
int frame_tab_at(const app *a, int x);
/* The path of pages (app_crumbs) in width cells: cut in the middle, so that
 * the page shown is always named. */
void frame_crumbs(const app *a, int width, buf *out);
/* The status line's words for a sort by the column named: "sort 投入资金 ▾",
 * "按投入资金降序". */
void frame_status_sort(buf *out, const char *label, bool descending, bool ascii);
/* The notice a terminal below the minimum size gets instead. */
void frame_too_small(grid *g);

#endif

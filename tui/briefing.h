/* What a picture shows, laid out for a slide or a printed page rather than
 * for a terminal: a caption (the report's title, the tab's or page's
 * heading, what the view is: sort, filter, opened entity; 单位 where amounts
 * are shown), the whole content (every row, names and quotes wrapped inside
 * their cells instead of cut with …), and a footer with the source from the
 * dataset's meta. No status line, key hints or selection. Pure: a grid out,
 * which every picture format draws.
 *
 * And a briefing pack: every theme's table, the places opened to the
 * counties, then the page of each record or entity asked for. */
#ifndef ZJDASH_BRIEFING_H
#define ZJDASH_BRIEFING_H

#include "app.h"
#include "grid.h"
#include "link.h"

/* The narrowest and widest a briefing may be, in cells. */
#define BRIEFING_MIN_WIDTH APP_MIN_WIDTH
#define BRIEFING_MAX_WIDTH 400

/* The page on top of a's stack, as a briefing width cells wide (clamped to
 * the limits above): out is resized to exactly the height its content
 * takes, and drawn in a's look (ASCII or not). a is only read. */
void briefing_draw(const app *a, int width, grid *out);

/* The pages of a pack with nopens opened pages: one per theme, the places,
 * and one per record or entity opened. */
int briefing_pack_count(const dataset *ds, int nopens);
/* Sets a up to show page i of a pack (0 <= i < briefing_pack_count): the
 * themes' tables in order, the places opened to the counties, then opens[i
 * - nthemes - 1] opened from its home tab. Then briefing_draw draws it and
 * app_title names it. */
void briefing_pack_page(app *a, int i, const link_target *opens, int nopens);
/* The tab a page opened by name belongs on: a record's own theme; an
 * entity's first theme that has a record about it, else the places. */
uint32_t briefing_home_tab(const dataset *ds, link_target t);
/* Every page of a pack, drawn: *pages is malloc'ed, *npages long; each
 * grid is freed with grid_free, then the array with free. */
void briefing_pack(app *a, int width, const link_target *opens, int nopens, grid **pages,
                   int *npages);

#endif

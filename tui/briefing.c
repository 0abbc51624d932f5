#include "briefing.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "mem.h"
#include "money.h"
#include "screens.h"
#include "text.h"

/* A line of the caption: centred when it fits, as a table's title is, else
 * wrapped from the left. Returns the lines it took. */
static int centred(grid *g, int y, const char *s, enum style st)
{
    int w = text_width(s, strlen(s));
    grid_reserve(g, y + 1);
    if (w <= g->w - 2) {
        grid_puts(g, y, (g->w - w) / 2, w, s, st, TEXT_NO_PAD);
        return 1;
    }
    return grid_wrap(g, y, 1, g->w - 2, s, st, TEXT_NO_PAD);
}

/* The report's title, then the page's heading as its screen words it (a
 * theme's title and heading with its records and money; the places' count;
 * a page's path), but whole: the screen cuts it to the terminal. */
static int draw_caption(const app *a, grid *g, int y)
{
    int start = y;
    y += centred(g, y, ds_str(a->ds, a->ds->meta.title), ST_HEADING);
    grid wide = {INT_MAX / 2, 0, NULL, g->ascii}; /* only its width and look are read */
    buf heading;
    buf_init(&heading);
    app_screen(a)->heading(a, &wide, &heading);
    if (heading.len)
        y += centred(g, y, heading.data, ST_NORMAL);
    buf_free(&heading);
    return y - start;
}

/* A row as its text, for the footer's look at what the picture shows. */
static bool row_has(const grid *g, int y, const char *needle, buf *text)
{
    buf_clear(text);
    for (int x = 0; x < g->w; x++)
        if (grid_at(g, y, x)->width)
            buf_puts(text, grid_at(g, y, x)->text);
    return text->data && strstr(text->data, needle);
}

/* Whether the picture shows a computed number, with the marks tui/money.c
 * gives one (money_text, money_cell), Σ or in ASCII its word: the note
 * follows what is drawn, so it cannot be missing nor stray. The mark
 * found goes to mark, without the space that follows a word. */
static bool sum_shown(const grid *g, int h, buf *mark)
{
    buf text;
    buf_init(&text);
    const char *word = money_sum_mark(true), *found = NULL;
    for (int y = 0; y < h && !found; y++)
        found = row_has(g, y, money_sum_mark(false), &text)  ? money_sum_mark(false)
                : g->ascii && row_has(g, y, word, &text) ? word
                                                         : NULL;
    buf_free(&text);
    size_t n = found ? strlen(found) : 0;
    while (n && found[n - 1] == ' ')
        n--;
    buf_put(mark, found ? found : "", n);
    return found != NULL;
}

/* 数据来源:南方日报 2024-02-01《…》, as Chinese statistical tables name
 * their source, from the dataset's meta: another report names its own. */
static void source_text(const dataset *ds, buf *out)
{
    const char *publisher = ds_str(ds, ds->meta.publisher);
    const char *published = ds_str(ds, ds->meta.published);
    const char *title = ds_str(ds, ds->meta.title);
    size_t date = strlen(published) > 10 ? 10 : strlen(published); /* the day, not the time */
    lang_printf(out, MSG_BRIEFING_SOURCE, publisher);
    if (date)
        buf_printf(out, "%s%.*s", *publisher ? " " : "", (int)date, published);
    if (*title)
        buf_printf(out, "《%s》", title);
}

/* Under a rule: the source, and a note when the picture shows a computed
 * number. Returns the line after it. */
static int draw_footer(const app *a, grid *g, int y)
{
    buf mark;
    buf_init(&mark);
    bool sum = sum_shown(g, y, &mark);
    grid_reserve(g, y + 1);
    for (int x = 0; x < g->w; x++)
        grid_puts(g, y, x, 1, grid_glyph(g, "─", "-"), ST_DIM, TEXT_NO_PAD);
    y++;
    buf line;
    buf_init(&line);
    source_text(a->ds, &line);
    y += grid_wrap(g, y, 1, g->w - 2, line.data, ST_DIM, TEXT_NO_PAD);
    if (sum) {
        buf_clear(&line);
        lang_printf(&line, MSG_BRIEFING_SUM_NOTE, mark.data);
        y += grid_wrap(g, y, 1, g->w - 2, line.data, ST_DIM, TEXT_NO_PAD);
    }
    buf_free(&line);
    buf_free(&mark);
    return y;
}

/* Caption, a blank line, the page whole (its screen's picture), footer. */
void briefing_draw(const app *a, int width, grid *out)
{
    width = width < BRIEFING_MIN_WIDTH ? BRIEFING_MIN_WIDTH
            : width > BRIEFING_MAX_WIDTH ? BRIEFING_MAX_WIDTH
                                         : width;
    out->ascii = a->ascii;
    grid_resize(out, width, 8);
    int y = draw_caption(a, out, 0) + 1;
    app_screen(a)->picture(a, out, &y);
    y = draw_footer(a, out, y);
    grid_set_height(out, y);
}

/* ---- a pack ---- */

/* The integrator numbers the files or PDF pages of a pack by it. */
int briefing_pack_count(const dataset *ds, int nopens)
{
    return (int)ds->nthemes + 1 + (nopens > 0 ? nopens : 0);
}

/* Where a page opened by name is read from: a path must never name a tab
 * that holds nothing of it. */
uint32_t briefing_home_tab(const dataset *ds, link_target t)
{
    if (t.kind == LINK_RECORD)
        return ds->records[t.index].theme;
    uint32_t *recs, n = link_entity_records(ds, t.index, &recs), home = ds->nthemes;
    for (uint32_t i = 0; i < n; i++)
        if (ds->records[recs[i]].theme < home)
            home = ds->records[recs[i]].theme;
    free(recs);
    return home;
}

/* A tab's own page, whatever pages were left open over it. */
static void show_tab(app *a, uint32_t tab)
{
    app_switch_tab(a, tab);
    while (app_back(a))
        ;
}

/* Each page set up as a reader would reach it, so its caption says so. */
void briefing_pack_page(app *a, int i, const link_target *opens, int nopens)
{
    uint32_t nthemes = a->ds->nthemes;
    if (i < 0 || i >= briefing_pack_count(a->ds, nopens))
        return;
    if ((uint32_t)i < nthemes) {
        show_tab(a, (uint32_t)i);
    } else if ((uint32_t)i == nthemes) {
        show_tab(a, nthemes);
        places_open_to_depth(app_places(a), 1);
    } else {
        link_target t = opens[(uint32_t)i - nthemes - 1];
        show_tab(a, briefing_home_tab(a->ds, t));
        app_open(a, t);
    }
}

/* For a caller that wants the grids only (the titles: app_title per page). */
void briefing_pack(app *a, int width, const link_target *opens, int nopens, grid **pages,
                   int *npages)
{
    int n = briefing_pack_count(a->ds, nopens);
    *pages = mem_calloc((size_t)n + 1, sizeof **pages);
    for (int i = 0; i < n; i++) {
        briefing_pack_page(a, i, opens, nopens);
        grid_init(&(*pages)[i], width, 1, a->ascii);
        briefing_draw(a, width, &(*pages)[i]);
    }
    *npages = n;
}

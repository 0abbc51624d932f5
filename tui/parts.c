/* The money page: what a total is made of. Every figure it considered, with
 * the report's words, under what happened to it: counted, or left out
 * because it may overlap another, or because it is another kind of money.
 * A number pasted into a briefing can be checked here, figure by figure. */
#include <stdlib.h>

#include "lang.h"
#include "money.h"
#include "screens.h"
#include "view.h"

/* How the number was made, in a sentence a reader can repeat. */
static const char *how_text(const total *t)
{
    switch (t->how) {
    case TOTAL_EMPTY:
        return tr(MSG_MONEY_HOW_EMPTY);
    case TOTAL_ONE:
        return tr(MSG_MONEY_HOW_ONE);
    case TOTAL_SUM:
        return tr(MSG_MONEY_HOW_SUM);
    case TOTAL_LARGEST:
        return tr(MSG_MONEY_HOW_LARGEST);
    }
    return "";
}

/* A section per role, each figure with its value, label, kind and words. */
static void add_role(doc *d, const dataset *ds, const total *t, enum total_role role)
{
    buf line;
    buf_init(&line);
    bool any = false;
    for (uint32_t i = 0; i < t->nitems; i++) {
        if (t->items[i].role != role)
            continue;
        if (!any)
            doc_heading(d, tr(role == TOTAL_COUNTED    ? MSG_MONEY_COUNTED
                              : role == TOTAL_OVERLAPS ? MSG_MONEY_LEFT_OVERLAP
                                                       : MSG_MONEY_LEFT_OTHER));
        any = true;
        uint32_t f = t->items[i].figure;
        buf_clear(&line);
        view_figure_text(&line, ds, f);
        buf_printf(&line, "  %s", ds_str(ds, ds->figures[f].label));
        if (ds->figures[f].kind != FIGURE_KIND_UNKNOWN)
            buf_printf(&line, "%s%s", doc_dot(d), money_kind_word((enum figure_kind)ds->figures[f].kind));
        doc_wrap(d, line.data, ST_FIGURE_VALUE, 2, 0);
        buf_clear(&line);
        buf_printf(&line, "“%s”", ds_str(ds, ds->figures[f].quote));
        doc_wrap(d, line.data, ST_DIM, 4, 0);
    }
    buf_free(&line);
}

/* One description of a total, for its page and for a picture of it. */
void doc_money(doc *d, const dataset *ds, const uint32_t *recs, uint32_t n, const char *what)
{
    total t;
    total_of_records(&t, ds, recs, n, UNIT_YUAN);
    buf line;
    buf_init(&line);
    lang_printf(&line, n == 1 ? MSG_MONEY_NAMED_BY_ONE : MSG_MONEY_NAMED_BY, n);
    buf_printf(&line, "%s%s", doc_dot(d), what);
    doc_add(d, line.data, ST_DIM, 0);
    buf_clear(&line);
    money_text(&line, &t, d->ascii);
    doc_add(d, line.data, ST_FIGURE_VALUE, 0);
    doc_wrap(d, how_text(&t), ST_NORMAL, 0, 0);
    add_role(d, ds, &t, TOTAL_COUNTED);
    add_role(d, ds, &t, TOTAL_OVERLAPS);
    add_role(d, ds, &t, TOTAL_OTHER_KIND);
    buf_free(&line);
    total_free(&t);
}

/* The tab's rows as filtered, or a place's records, as the page was opened. */
static void build(const app *a, const struct page *p, doc *d)
{
    const dataset *ds = a->ds;
    if (p->of_tab) {
        const view *v = a->tabs[a->tab].view;
        doc_money(d, ds, v->rows, v->nrows, ds_str(ds, ds->themes[a->tab].title));
        return;
    }
    uint32_t place = p->target.index;
    if (place == PLACES_UNPLACED) {
        doc_money(d, ds, a->places->unplaced, a->places->nunplaced, tr(MSG_MONEY_NO_PLACE));
        return;
    }
    uint32_t *recs;
    uint32_t n = link_entity_records(ds, place, &recs);
    doc_money(d, ds, recs, n, ds_str(ds, ds->entities[place].name));
    free(recs);
}

/* On the path of pages it is the money of what it was opened from. */
static void crumb(const app *a, const struct page *p, buf *out)
{
    (void)a;
    (void)p;
    buf_puts(out, tr(MSG_MONEY_CRUMB));
}

/* The status line says what kind of page this is. */
static void status(const app *a, buf *out)
{
    (void)a;
    buf_puts(out, tr(MSG_MONEY_STATUS));
}

const struct screen money_screen = PAGE_SCREEN(build, status, crumb);

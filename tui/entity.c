/* The entity page: a place or organisation, where it lies, what lies inside
 * it, and every record of every tab that is about it; and the page of the
 * records that name no place. --dump txt --open prints the same lines. */
#include <stdlib.h>

#include "lang.h"
#include "money.h"
#include "screens.h"
#include "view.h"

/* The money of records, worded as everywhere else (tui/money.c). */
static void records_money(buf *out, const doc *d, const dataset *ds, const uint32_t *recs, uint32_t n)
{
    total t;
    total_of_records(&t, ds, recs, n, UNIT_YUAN);
    money_text(out, &t, d->ascii);
    total_free(&t);
}
/* What a record line carries at the right: its figures. */
static void record_aside(buf *out, const dataset *ds, uint32_t r)
{
    const theme *t = &ds->themes[ds->records[r].theme];
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        uint32_t f = ds_cell(ds, r, c);
        if (t->columns[c].type < COL_MONEY || f == NONE)
            continue;
        if (out->len)
            buf_puts(out, "  ");
        doc_figure_text(out, ds, f);
    }
}

/* Records under a heading per theme (its number, title and count: the
 * number is the key that goes there), each line opening its record. */
static void add_records_by_theme(doc *d, const dataset *ds, const uint32_t *recs, uint32_t nrecs)
{
    buf line, aside;
    buf_init(&line);
    buf_init(&aside);
    for (uint32_t i = 0; i < nrecs;) {
        uint32_t t = ds->records[recs[i]].theme, j = i;
        while (j < nrecs && ds->records[recs[j]].theme == t)
            j++;
        buf_clear(&line);
        lang_printf(&line, MSG_PAGE_THEME_RECORDS, t + 1, ds_str(ds, ds->themes[t].title), j - i);
        doc_heading(d, line.data);
        for (; i < j; i++) {
            buf_clear(&aside);
            record_aside(&aside, ds, recs[i]);
            doc_link(d, ds_str(ds, ds->records[recs[i]].name), 2,
                     (link_target){LINK_RECORD, recs[i]}, aside.data);
        }
    }
    buf_free(&line);
    buf_free(&aside);
}

/* The count and money of an entity's records, for its page and its parent's. */
static void records_and_money(buf *out, const doc *d, const dataset *ds, uint32_t e)
{
    uint32_t *recs;
    uint32_t n = link_entity_records(ds, e, &recs);
    doc_records(out, n);
    buf_puts(out, doc_dot(d));
    records_money(out, d, ds, recs, n);
    free(recs);
}

/* Up and down the tree: the parent, then what lies inside. */
static void add_around(doc *d, const dataset *ds, uint32_t e)
{
    const entity *en = &ds->entities[e];
    buf aside;
    buf_init(&aside);
    if (en->parent != NONE) {
        doc_heading(d, tr(en->type == ENTITY_PLACE ? MSG_PAGE_ENTITY_LIES_IN
                                                    : MSG_PAGE_ENTITY_LOCATED_IN));
        doc_entity_aside(&aside, d, ds, en->parent);
        doc_link(d, ds_str(ds, ds->entities[en->parent].name), 2,
                 (link_target){LINK_ENTITY, en->parent}, aside.data);
    }
    uint32_t n;
    const uint32_t *children = link_children(ds, e, &n);
    if (n)
        doc_heading(d, tr(MSG_PAGE_ENTITY_INSIDE));
    for (uint32_t i = 0; i < n; i++) {
        buf_clear(&aside);
        records_and_money(&aside, d, ds, children[i]);
        doc_link(d, ds_str(ds, ds->entities[children[i]].name), 2,
                 (link_target){LINK_ENTITY, children[i]}, aside.data);
    }
    buf_free(&aside);
}

/* Everything the report says about a place or organisation, in one page:
 * its kind as a word, where it lies, its records. Its id is no word of a
 * reader's and is not shown. */
void doc_entity(doc *d, const dataset *ds, uint32_t e)
{
    buf line;
    buf_init(&line);
    doc_entity_aside(&line, d, ds, e);
    doc_add(d, line.data, ST_DIM, 0);
    buf_clear(&line);
    doc_path(&line, ds, e, doc_crumb(d));
    doc_wrap(d, line.data, ST_NORMAL, 0, 0);
    buf_clear(&line);
    records_and_money(&line, d, ds, e);
    doc_add(d, line.data, ST_FIGURE_VALUE, 0);
    add_around(d, ds, e);
    uint32_t *recs;
    uint32_t nrecs = link_entity_records(ds, e, &recs);
    add_records_by_theme(d, ds, recs, nrecs);
    free(recs);
    buf_free(&line);
}

/* The records a places tree cannot show under any place still have a page. */
void doc_unplaced(doc *d, const dataset *ds, const uint32_t *recs, uint32_t n)
{
    buf line;
    buf_init(&line);
    lang_printf(&line, n == 1 ? MSG_PAGE_UNPLACED_COUNT_ONE : MSG_PAGE_UNPLACED_COUNT, n);
    doc_add(d, line.data, ST_DIM, 0);
    buf_clear(&line);
    records_money(&line, d, ds, recs, n);
    doc_add(d, line.data, ST_FIGURE_VALUE, 0);
    add_records_by_theme(d, ds, recs, n);
    buf_free(&line);
}

/* The screen builds its lines from the entity its page names. */
static void build_entity(const app *a, const struct page *p, doc *d)
{
    doc_entity(d, a->ds, p->target.index);
}

/* The places tab made the tree that knows which records name no place. */
static void build_unplaced(const app *a, const struct page *p, doc *d)
{
    (void)p;
    const places *pl = a->places;
    doc_unplaced(d, a->ds, pl->unplaced, pl->nunplaced);
}

/* An entity is known by its name on the path of pages. */
static void crumb_entity(const app *a, const struct page *p, buf *out)
{
    buf_puts(out, ds_str(a->ds, a->ds->entities[p->target.index].name));
}

/* The unplaced records' page has no entity to be named after. */
static void crumb_unplaced(const app *a, const struct page *p, buf *out)
{
    (void)a;
    (void)p;
    buf_puts(out, tr(MSG_PAGE_UNPLACED_CRUMB));
}

/* The status line says what kind of page this is: a place's or an
 * organisation's. */
static void status_entity(const app *a, buf *out)
{
    bool place = a->ds->entities[app_top(a)->target.index].type == ENTITY_PLACE;
    buf_puts(out, tr(place ? MSG_KIND_PLACE : MSG_KIND_ORGANISATION));
}

/* The records of no place are a list of records, as its name on the path says. */
static void status_unplaced(const app *a, buf *out)
{
    (void)a;
    buf_puts(out, tr(MSG_PAGE_UNPLACED_CRUMB));
}

const struct screen entity_screen = PAGE_SCREEN(build_entity, status_entity, crumb_entity);

const struct screen unplaced_screen = PAGE_SCREEN(build_unplaced, status_unplaced, crumb_unplaced);

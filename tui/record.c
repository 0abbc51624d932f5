/* The record page: every field of a record, the report's words, its figures
 * with their own words, and the places and organisations it names, each of
 * which opens. --dump txt --open prints the same lines. */
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "screens.h"
#include "text.h"
#include "view.h"

/* A name's kind at the right of its line, as a word (村, 党支部): the
 * data's identifier means nothing to a reader. A kind the catalogues do not
 * know, or none, says place or organisation. */
void doc_entity_aside(buf *out, const doc *d, const dataset *ds, uint32_t e)
{
    (void)d;
    const entity *en = &ds->entities[e];
    buf_puts(out, lang_kind(en->kind != NONE ? ds_str(ds, en->kind) : NULL, en->type == ENTITY_PLACE));
}

/* Labels line up in a column as wide as the widest, so values line up too. */
static int label_width(const dataset *ds, const theme *t)
{
    int width = 0;
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        const char *label = ds_str(ds, t->columns[c].label);
        int w = text_width(label, strlen(label));
        width = w > width ? w : width;
    }
    return width;
}

/* The fields, label and value; the quote has a section of its own. */
static void add_fields(doc *d, const dataset *ds, uint32_t r)
{
    const theme *t = &ds->themes[ds->records[r].theme];
    int lw = label_width(ds, t);
    buf line, text;
    buf_init(&line);
    buf_init(&text);
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        buf_clear(&text);
        if (t->columns[c].type == COL_DATE && ds_cell(ds, r, c) != NONE)
            doc_figure_text(&text, ds, ds_cell(ds, r, c));
        else
            view_cell_text(&text, ds, r, c);
        if (!text.len ||
            (t->columns[c].type == COL_TEXT && ds_cell(ds, r, c) == ds->records[r].quote))
            continue;
        buf_clear(&line);
        const char *label = ds_str(ds, t->columns[c].label);
        text_fit(&line, label, strlen(label), lw + 2, 0);
        buf_puts(&line, text.data);
        doc_wrap(d, line.data, ST_NORMAL, 0, lw + 2);
    }
    buf_free(&line);
    buf_free(&text);
}

/* Each figure with the words it comes from: a briefing quotes both. */
static void add_figures(doc *d, const dataset *ds, uint32_t r)
{
    const theme *t = &ds->themes[ds->records[r].theme];
    buf line;
    buf_init(&line);
    bool any = false;
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        uint32_t f = ds_cell(ds, r, c);
        if (t->columns[c].type < COL_MONEY || f == NONE)
            continue;
        if (!any)
            doc_heading(d, tr(MSG_PAGE_RECORD_FIGURES));
        any = true;
        buf_clear(&line);
        doc_figure_text(&line, ds, f);
        buf_printf(&line, "  %s", ds_str(ds, ds->figures[f].label));
        doc_wrap(d, line.data, ST_FIGURE_VALUE, 2, 0);
        buf_clear(&line);
        buf_printf(&line, "“%s”", ds_str(ds, ds->figures[f].quote));
        doc_wrap(d, line.data, ST_DIM, 4, 0);
    }
    buf_free(&line);
}

/* The names are the way on: each opens everything said about it. */
static void add_names(doc *d, const dataset *ds, uint32_t r)
{
    uint32_t *ents;
    uint32_t n = link_record_entities(ds, r, &ents);
    if (n)
        doc_heading(d, tr(d->still ? MSG_PAGE_RECORD_NAMED : MSG_PAGE_RECORD_NAMED_OPENS));
    buf line, aside;
    buf_init(&line);
    buf_init(&aside);
    for (uint32_t i = 0; i < n; i++) {
        buf_clear(&line);
        doc_path(&line, ds, ents[i], doc_crumb(d));
        buf_clear(&aside);
        doc_entity_aside(&aside, d, ds, ents[i]);
        doc_link(d, line.data, 2, (link_target){LINK_ENTITY, ents[i]}, aside.data);
    }
    free(ents);
    buf_free(&line);
    buf_free(&aside);
}

/* Everything about one record, in the order a reader checks it. */
void doc_record(doc *d, const dataset *ds, uint32_t r)
{
    add_fields(d, ds, r);
    doc_heading(d, tr(MSG_PAGE_RECORD_QUOTE));
    buf line;
    buf_init(&line);
    buf_printf(&line, "“%s”", ds_str(ds, ds->records[r].quote));
    doc_wrap(d, line.data, ST_DIM, 2, 0);
    buf_free(&line);
    add_figures(d, ds, r);
    add_names(d, ds, r);
}

/* The screen builds its lines from the record its page names. */
static void build(const app *a, const struct page *p, doc *d)
{
    doc_record(d, a->ds, p->target.index);
}

/* A record is known by its name on the path of pages. */
static void crumb(const app *a, const struct page *p, buf *out)
{
    buf_puts(out, ds_str(a->ds, a->ds->records[p->target.index].name));
}

/* The status line says what kind of page this is. */
static void status(const app *a, buf *out)
{
    (void)a;
    buf_puts(out, tr(MSG_PAGE_RECORD_STATUS));
}

const struct screen record_screen = PAGE_SCREEN(build, status, crumb);

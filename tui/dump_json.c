/* --dump json: everything the dashboard knows, for programs, totals with
 * their parts by id. */
#include "dump_formats.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "link.h"
#include "mem.h"
#include "money.h"
#include "text.h"
#include "value.h"
#include "view.h"

struct json {
    FILE *out;
    int depth;
    bool first;
};

/* Indented output, so a JSON dump is also readable and diffable. */
static void json_newline(struct json *j)
{
    fputc('\n', j->out);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->out);
}

/* Commas are written before an item, not after, so no trailing comma can slip in. */
static void json_separator(struct json *j)
{
    if (!j->first)
        fputc(',', j->out);
    j->first = false;
    if (j->depth)
        json_newline(j);
}

/* One escaper for every string, so no name can break the document. */
static void json_string(struct json *j, const char *s)
{
    buf b;
    buf_init(&b);
    text_json_string(&b, s);
    fwrite(b.data, 1, b.len, j->out);
    buf_free(&b);
}

/* Keys and values are separate calls, so any value (string, number, object) can follow a key. */
static void json_key(struct json *j, const char *key)
{
    json_separator(j);
    json_string(j, key);
    fputs(": ", j->out);
    j->first = true; /* the value follows on this line */
}

/* Depth is tracked here, so nesting and indentation cannot disagree. */
static void json_open(struct json *j, char c)
{
    fputc(c, j->out);
    j->depth++;
    j->first = true;
}

/* An empty object or array closes at once as {} or [], not spread over two lines. */
static void json_close(struct json *j, char c)
{
    j->depth--;
    if (!j->first)
        json_newline(j);
    fputc(c, j->out);
    j->first = false;
}

/* Most members are strings; this saves a key, a value and a flag at every one. */
static void json_member_string(struct json *j, const char *key, const char *value)
{
    json_key(j, key);
    json_string(j, value);
    j->first = false;
}

/* Numbers and booleans go out unquoted, so consumers get JSON types, not strings. */
static void json_member_raw(struct json *j, const char *key, const char *raw)
{
    json_key(j, key);
    fputs(raw, j->out);
    j->first = false;
}

/* Arrays of plain strings (the article's section path) need no key. */
static void json_element_string(struct json *j, const char *value)
{
    json_separator(j);
    json_string(j, value);
}

/* The exact value, its unit and qualifier, and the shown text, so a consumer need not re-derive any. */
static void json_figure(struct json *j, const dataset *ds, uint32_t fi)
{
    const figure *f = &ds->figures[fi];
    json_open(j, '{');
    json_member_string(j, "id", ds_str(ds, f->id));
    json_member_string(j, "label", ds_str(ds, f->label));
    if (f->unit == UNIT_DATE) {
        buf d;
        buf_init(&d);
        value_format_date(&d, f->value);
        json_member_string(j, "value", d.data);
        buf_free(&d);
    } else {
        char number[24];
        snprintf(number, sizeof number, "%lld", (long long)f->value);
        json_member_raw(j, "value", number);
    }
    json_member_string(j, "unit", unit_name(f->unit));
    json_member_string(j, "qualifier", qualifier_name(f->qualifier));
    buf shown;
    buf_init(&shown);
    view_figure_text(&shown, ds, fi);
    json_member_string(j, "shown", shown.data);
    buf_free(&shown);
    if (f->measure != NONE)
        json_member_string(j, "measure", ds_str(ds, f->measure));
    json_member_raw(j, "headline", f->headline ? "true" : "false");
    json_member_string(j, "quote", ds_str(ds, f->quote));
    json_close(j, '}');
}

/* The whole report's figures and each tab's are one contiguous run of the pool. */
static void json_figures(struct json *j, const dataset *ds, uint32_t first, uint32_t n)
{
    json_key(j, "figures");
    json_open(j, '[');
    for (uint32_t f = first; f < first + n; f++) {
        json_separator(j);
        json_figure(j, ds, f);
    }
    json_close(j, ']');
}

/* A reference carries the id to look it up by and the name to read it by. */
static void json_entity_ref(struct json *j, const dataset *ds, uint32_t e)
{
    const entity *en = &ds->entities[e];
    json_open(j, '{');
    json_member_string(j, "id", ds_str(ds, en->id));
    json_member_string(j, "name", ds_str(ds, en->name));
    json_member_string(j, "type", en->type == ENTITY_PLACE ? "place" : "organization");
    if (en->kind != NONE)
        json_member_string(j, "kind", ds_str(ds, en->kind));
    json_close(j, '}');
}

/* Names appear in four places of a dump, always as the same list of references. */
static void json_entity_refs(struct json *j, const char *key, const dataset *ds, const uint32_t *ids,
                             uint32_t n)
{
    json_key(j, key);
    json_open(j, '[');
    for (uint32_t i = 0; i < n; i++) {
        json_separator(j);
        json_entity_ref(j, ds, ids[i]);
    }
    json_close(j, ']');
}

/* A total with how it was made and its parts by id, so a reader (or a
 * program) can tell the report's own figure from a computed one and check
 * a sum against its parts. */
static void json_total(struct json *j, const char *key, const dataset *ds, const total *t)
{
    json_key(j, key);
    json_open(j, '{');
    json_member_string(j, "how", dump_total_how(t->how));
    json_member_raw(j, "computed", t->how == TOTAL_SUM ? "true" : "false");
    char number[24];
    if (t->how != TOTAL_EMPTY) {
        snprintf(number, sizeof number, "%lld", (long long)t->value);
        json_member_raw(j, "value", number);
        json_member_string(j, "unit", "yuan");
        json_member_string(j, "qualifier", qualifier_name((enum qualifier)t->qualifier));
        json_member_string(j, "kind", figure_kind_name((enum figure_kind)t->kind));
    }
    buf text;
    buf_init(&text);
    money_text(&text, t, false);
    json_member_string(j, "text", text.data);
    buf_free(&text);
    json_key(j, "parts");
    json_open(j, '[');
    for (uint32_t i = 0; i < t->nitems; i++) {
        json_separator(j);
        json_open(j, '{');
        json_member_string(j, "figure", ds_str(ds, ds->figures[t->items[i].figure].id));
        json_member_string(j, "role", dump_total_role(t->items[i].role));
        json_close(j, '}');
    }
    json_close(j, ']');
    json_close(j, '}');
}

/* The money of records, as a total with its parts. */
static void json_money(struct json *j, const char *key, const dataset *ds, const uint32_t *recs,
                       uint32_t n)
{
    total t;
    total_of_records(&t, ds, recs, n, UNIT_YUAN);
    json_total(j, key, ds, &t);
    total_free(&t);
}

/* Cells keyed by column key and typed by column, and the quote that backs the record. */
static void json_record(struct json *j, const dataset *ds, uint32_t r)
{
    const record *rec = &ds->records[r];
    const theme *t = &ds->themes[rec->theme];
    json_open(j, '{');
    json_member_string(j, "id", ds_str(ds, rec->id));
    json_member_string(j, "theme", ds_str(ds, t->id));
    json_member_string(j, "name", ds_str(ds, rec->name));
    json_key(j, "cells");
    json_open(j, '{');
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        uint32_t cell = ds_cell(ds, r, c);
        const char *key = ds_str(ds, t->columns[c].key);
        if (cell == NONE)
            continue;
        switch (t->columns[c].type) {
        case COL_TEXT:
            json_member_string(j, key, ds_str(ds, cell));
            break;
        case COL_REFS:
            json_entity_refs(j, key, ds, &ds->refs[cell + 1], ds->refs[cell]);
            break;
        default:
            json_key(j, key);
            json_figure(j, ds, cell);
        }
    }
    json_close(j, '}');
    json_member_string(j, "quote", ds_str(ds, rec->quote));
    json_close(j, '}');
}

/* A tab and an opened place list their records the same way. */
static void json_records(struct json *j, const dataset *ds, const uint32_t *recs, uint32_t n)
{
    json_key(j, "records");
    json_open(j, '[');
    for (uint32_t i = 0; i < n; i++) {
        json_separator(j);
        json_record(j, ds, recs[i]);
    }
    json_close(j, ']');
}

/* A tab with its columns, and the sort and filter applied, so the dump can be reproduced. */
static void json_theme(struct json *j, const dataset *ds, const view *v)
{
    const theme *t = &ds->themes[v->theme];
    json_open(j, '{');
    json_member_string(j, "id", ds_str(ds, t->id));
    json_member_string(j, "title", ds_str(ds, t->title));
    if (t->heading != NONE)
        json_member_string(j, "heading", ds_str(ds, t->heading));
    json_key(j, "columns");
    json_open(j, '[');
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        const column *col = &t->columns[c];
        json_separator(j);
        json_open(j, '{');
        json_member_string(j, "key", ds_str(ds, col->key));
        json_member_string(j, "label", ds_str(ds, col->label));
        json_member_string(j, "type", column_type_name(col->type));
        if (dump_numeric(col))
            json_member_string(j, "unit", unit_name(col->unit));
        json_close(j, '}');
    }
    json_close(j, ']');
    if (v->sort_column >= 0) {
        json_key(j, "sort");
        json_open(j, '{');
        json_member_string(j, "column", ds_str(ds, t->columns[v->sort_column].key));
        json_member_raw(j, "descending", v->descending ? "true" : "false");
        json_close(j, '}');
    }
    if (v->filter)
        json_member_string(j, "filter", v->filter);
    char number[24];
    snprintf(number, sizeof number, "%u", v->total);
    json_member_raw(j, "records_total", number);
    snprintf(number, sizeof number, "%u", v->nrows);
    json_member_raw(j, "records_shown", number);
    json_money(j, "money", ds, v->rows, v->nrows);
    json_figures(j, ds, t->first_figure, t->nfigures);
    json_records(j, ds, v->rows, v->nrows);
    json_close(j, '}');
}

/* The source's title, publisher and date travel with the data that comes from it. */
static void json_meta(struct json *j, const dataset *ds)
{
    json_key(j, "meta");
    json_open(j, '{');
    json_member_string(j, "title", ds_str(ds, ds->meta.title));
    json_member_string(j, "publisher", ds_str(ds, ds->meta.publisher));
    json_member_string(j, "published", ds_str(ds, ds->meta.published));
    json_key(j, "section");
    json_open(j, '[');
    for (uint32_t i = 0; i < ds->meta.nsection; i++)
        json_element_string(j, ds_str(ds, ds->meta.section[i]));
    json_close(j, ']');
    json_close(j, '}');
}

/* What the dashboard's page for a record or a place shows, as data: links, the path, the records. */
static void json_open_target(struct json *j, const dataset *ds, link_target target)
{
    json_key(j, "open");
    json_open(j, '{');
    if (target.kind == LINK_RECORD) {
        json_member_string(j, "type", "record");
        json_key(j, "record");
        json_record(j, ds, target.index);
        uint32_t *ents;
        uint32_t n = link_record_entities(ds, target.index, &ents);
        json_entity_refs(j, "names", ds, ents, n);
        free(ents);
    } else {
        uint32_t e = target.index, n;
        const entity *en = &ds->entities[e];
        json_member_string(j, "type", en->type == ENTITY_PLACE ? "place" : "organization");
        json_key(j, "entity");
        json_entity_ref(j, ds, e);
        uint32_t *path = doc_path_ids(ds, e, &n);
        json_entity_refs(j, "path", ds, path, n);
        free(path);
        const uint32_t *inside = link_children(ds, e, &n);
        json_entity_refs(j, "inside", ds, inside, n);
        uint32_t *recs;
        n = link_entity_records(ds, e, &recs);
        json_money(j, "money", ds, recs, n);
        json_records(j, ds, recs, n);
        free(recs);
    }
    json_close(j, '}');
}

/* The tree as JSON: each place with its parent, counts and money. */
static void json_places(FILE *out, const dataset *ds, const places *p)
{
    struct json j = {out, 0, true};
    json_open(&j, '{');
    json_member_string(&j, "format", "zjdash-dump/1");
    json_key(&j, "places");
    json_open(&j, '[');
    char number[24];
    for (uint32_t r = 0; r < p->nrows; r++) {
        uint32_t place = p->rows[r].place;
        const struct place_stats *st = places_stats(p, place);
        bool real = place != PLACES_UNPLACED;
        uint32_t parent = real ? ds->entities[place].parent : NONE;
        json_separator(&j);
        json_open(&j, '{');
        if (real)
            json_member_string(&j, "id", ds_str(ds, ds->entities[place].id));
        json_member_string(&j, "name", dump_place_name(ds, place));
        if (parent != NONE)
            json_member_string(&j, "parent", ds_str(ds, ds->entities[parent].id));
        snprintf(number, sizeof number, "%u", st->total);
        json_member_raw(&j, "records", number);
        json_key(&j, "by_theme");
        json_open(&j, '{');
        for (uint32_t t = 0; t < ds->nthemes; t++) {
            snprintf(number, sizeof number, "%u", places_count(p, place, t));
            json_member_raw(&j, ds_str(ds, ds->themes[t].id), number);
        }
        json_close(&j, '}');
        uint32_t n;
        const uint32_t *recs = places_records(p, place, &n);
        json_money(&j, "money", ds, recs, n); /* with its parts, which the tree does not keep */
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_close(&j, '}');
    fputc('\n', out);
}

/* The report's meta and figures, then each tab shown. */
static void json_views(FILE *out, const dataset *ds, view *const *views, bool whole)
{
    (void)whole;
    struct json j = {out, 0, true};
    json_open(&j, '{');
    json_member_string(&j, "format", "zjdash-dump/1");
    json_meta(&j, ds);
    json_figures(&j, ds, ds->report_first_figure, ds->report_nfigures);
    json_key(&j, "themes");
    json_open(&j, '[');
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        if (!views[t])
            continue;
        json_separator(&j);
        json_theme(&j, ds, views[t]);
    }
    json_close(&j, ']');
    json_close(&j, '}');
    fputc('\n', out);
}

/* One record or entity and what the report links to it. */
static void json_open_page(FILE *out, const dataset *ds, link_target target)
{
    struct json j = {out, 0, true};
    json_open(&j, '{');
    json_member_string(&j, "format", "zjdash-dump/1");
    json_open_target(&j, ds, target);
    json_close(&j, '}');
    fputc('\n', out);
}

const struct dump_format_ops dump_json = {json_views, json_open_page, json_places};

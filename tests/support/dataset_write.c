/* See dataset_write.h. */
#include "dataset_write.h"

#include <string.h>

#include "text.h"
#include "value.h"

/* Members are separated by commas: the first of an object has none. */
static void member(buf *out, bool *first, const char *key)
{
    buf_puts(out, *first ? "" : ", ");
    *first = false;
    text_json_string(out, key);
    buf_puts(out, ": ");
}

/* An optional text left out (NONE) is not written at all. */
static void text_member(buf *out, bool *first, const char *key, const dataset *ds, str_ref s)
{
    if (s == NONE)
        return;
    member(out, first, key);
    text_json_string(out, ds_str(ds, s));
}

/* part_of or overlaps (how) of figure i: the earlier figures it lists, in the
 * file's order; nothing when it lists none. */
static void write_relations(buf *out, bool *first, const dataset *ds, uint32_t i,
                            enum figure_relation how)
{
    uint32_t n, written = 0;
    const figure_link *links = dataset_figure_relations(ds, i, &n);
    for (uint32_t k = 0; k < n; k++) {
        /* the figure that lists a relation is always the later one */
        if (links[k].figure > i || links[k].how != how)
            continue;
        if (!written++) {
            member(out, first, how == REL_PART_OF ? "part_of" : "overlaps");
            buf_putc(out, '[');
        } else {
            buf_puts(out, ", ");
        }
        text_json_string(out, ds_str(ds, ds->figures[links[k].figure].id));
    }
    if (written)
        buf_putc(out, ']');
}

/* Every member the model keeps of a figure; the value as the file spells it. */
static void write_figure(buf *out, const dataset *ds, uint32_t i)
{
    const figure *f = &ds->figures[i];
    bool first = true;
    buf_putc(out, '{');
    text_member(out, &first, "id", ds, f->id);
    text_member(out, &first, "label", ds, f->label);
    member(out, &first, "value");
    if (f->unit == UNIT_DATE) {
        buf date;
        buf_init(&date);
        value_format_date(&date, f->value);
        text_json_string(out, date.data);
        buf_free(&date);
    } else {
        buf_printf(out, "%lld", (long long)f->value);
    }
    member(out, &first, "unit");
    text_json_string(out, unit_name(f->unit));
    member(out, &first, "qualifier");
    text_json_string(out, qualifier_name(f->qualifier));
    text_member(out, &first, "measure", ds, f->measure);
    if (f->headline) {
        member(out, &first, "headline");
        buf_puts(out, "true");
    }
    if (f->kind != FIGURE_KIND_UNKNOWN) {
        member(out, &first, "kind");
        text_json_string(out, figure_kind_name(f->kind));
    }
    write_relations(out, &first, ds, i, REL_PART_OF);
    write_relations(out, &first, ds, i, REL_OVERLAPS);
    text_member(out, &first, "quote", ds, f->quote);
    buf_putc(out, '}');
}

/* The report's figures and each theme's are written alike. */
static void write_figures(buf *out, const dataset *ds, uint32_t from, uint32_t n, const char *indent)
{
    buf_puts(out, "[");
    for (uint32_t i = 0; i < n; i++) {
        buf_printf(out, "%s\n%s  ", i ? "," : "", indent);
        write_figure(out, ds, from + i);
    }
    buf_printf(out, "%s]", n ? "\n" : "");
    if (n)
        buf_puts(out, indent);
}

/* Places and organisations are written alike, but for what their parent is called. */
static void write_entities(buf *out, const dataset *ds, enum entity_type type)
{
    bool any = false;
    buf_puts(out, "[");
    for (uint32_t e = 0; e < ds->nentities; e++) {
        const entity *en = &ds->entities[e];
        if (en->type != type)
            continue;
        buf_printf(out, "%s\n  {", any ? "," : "");
        any = true;
        bool first = true;
        text_member(out, &first, "id", ds, en->id);
        text_member(out, &first, "name", ds, en->name);
        text_member(out, &first, "kind", ds, en->kind);
        if (en->parent != NONE)
            text_member(out, &first, type == ENTITY_PLACE ? "parent" : "place", ds,
                        ds->entities[en->parent].id);
        buf_putc(out, '}');
    }
    buf_puts(out, any ? "\n]" : "]");
}

/* id, name and quote are the record's own members, written once, not as cells. */
static bool own_member(const dataset *ds, const column *c)
{
    const char *key = ds_str(ds, c->key);
    return !strcmp(key, "id") || !strcmp(key, "name") || !strcmp(key, "quote");
}

/* A record's own members and its cells; empty cells are left out. */
static void write_record(buf *out, const dataset *ds, const theme *t, uint32_t r)
{
    bool first = true;
    buf_putc(out, '{');
    text_member(out, &first, "id", ds, ds->records[r].id);
    text_member(out, &first, "name", ds, ds->records[r].name);
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        uint32_t cell = ds_cell(ds, r, c);
        if (cell == NONE || own_member(ds, &t->columns[c]))
            continue;
        member(out, &first, ds_str(ds, t->columns[c].key));
        switch (t->columns[c].type) {
        case COL_TEXT:
            text_json_string(out, ds_str(ds, cell));
            break;
        case COL_REFS:
            buf_putc(out, '[');
            for (uint32_t k = 1; k <= ds->refs[cell]; k++) {
                if (k > 1)
                    buf_puts(out, ", ");
                text_json_string(out, ds_str(ds, ds->entities[ds->refs[cell + k]].id));
            }
            buf_putc(out, ']');
            break;
        default:
            text_json_string(out, ds_str(ds, ds->figures[cell].id));
        }
    }
    text_member(out, &first, "quote", ds, ds->records[r].quote);
    buf_putc(out, '}');
}

/* A theme with its columns, its figures and its records, in the order the loader reads. */
static void write_theme(buf *out, const dataset *ds, uint32_t ti)
{
    const theme *t = &ds->themes[ti];
    bool first = true;
    buf_puts(out, "  {");
    text_member(out, &first, "id", ds, t->id);
    text_member(out, &first, "title", ds, t->title);
    text_member(out, &first, "heading", ds, t->heading);
    member(out, &first, "columns");
    buf_putc(out, '[');
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        const column *col = &t->columns[c];
        bool cf = true;
        buf_puts(out, c ? ",\n    {" : "\n    {");
        text_member(out, &cf, "key", ds, col->key);
        text_member(out, &cf, "label", ds, col->label);
        member(out, &cf, "type");
        text_json_string(out, column_type_name(col->type));
        if (col->type == COL_COUNT) {
            member(out, &cf, "unit");
            text_json_string(out, unit_name(col->unit));
        }
        buf_putc(out, '}');
    }
    buf_puts(out, "],\n  ");
    first = true;
    member(out, &first, "figures");
    write_figures(out, ds, t->first_figure, t->nfigures, "  ");
    buf_puts(out, ",\n  \"records\": [");
    for (uint32_t i = 0; i < t->nrecords; i++) {
        buf_puts(out, i ? ",\n    " : "\n    ");
        write_record(out, ds, t, t->first_record + i);
    }
    buf_puts(out, t->nrecords ? "\n  ]}" : "]}");
}

/* The version that knows kind, part_of and overlaps, whether the model has any or not. */
void dataset_write(const dataset *ds, buf *out)
{
    buf_puts(out, "{\n\"format\": \"zjdash/1.1\",\n\"meta\": {");
    bool first = true;
    text_member(out, &first, "title", ds, ds->meta.title);
    text_member(out, &first, "publisher", ds, ds->meta.publisher);
    text_member(out, &first, "published", ds, ds->meta.published);
    if (ds->meta.section) {
        member(out, &first, "section");
        buf_putc(out, '[');
        for (uint32_t i = 0; i < ds->meta.nsection; i++) {
            if (i)
                buf_puts(out, ", ");
            text_json_string(out, ds_str(ds, ds->meta.section[i]));
        }
        buf_putc(out, ']');
    }
    buf_puts(out, "},\n\"figures\": ");
    write_figures(out, ds, ds->report_first_figure, ds->report_nfigures, "");
    buf_puts(out, ",\n\"places\": ");
    write_entities(out, ds, ENTITY_PLACE);
    buf_puts(out, ",\n\"organizations\": ");
    write_entities(out, ds, ENTITY_ORG);
    buf_puts(out, ",\n\"themes\": [\n");
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        if (t)
            buf_puts(out, ",\n");
        write_theme(out, ds, t);
    }
    buf_puts(out, "\n]\n}\n");
}

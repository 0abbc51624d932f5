#include "dump.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "link.h"
#include "mem.h"
#include "money.h"
#include "options.h"
#include "places.h"
#include "text.h"
#include "value.h"
#include "view.h"

#define TXT_MAX_COLUMN 40
#define OPEN_CANDIDATES 8

/* Formats are named in full and exactly, so a typo is an error and not a guess. */
bool dump_parse_format(const char *s, enum dump_format *out)
{
    static const char *const names[] = {"txt", "csv", "json"};
    for (int i = 0; i < 3; i++)
        if (!strcmp(s, names[i])) {
            *out = (enum dump_format)i;
            return true;
        }
    return false;
}

/* Data and user input may hold escapes or bidi overrides; nothing reaches a terminal unsanitised. */
static void put_safe(FILE *out, const char *s)
{
    buf b;
    buf_init(&b);
    text_sanitize(&b, s, strlen(s));
    if (b.len)
        fwrite(b.data, 1, b.len, out);
    buf_free(&b);
}

/* --check's proof of a good load: counts a maintainer can hold against the article. */
void dump_summary(const dataset *ds, const char *name, FILE *out)
{
    uint32_t nplaces = 0;
    for (uint32_t e = 0; e < ds->nentities; e++)
        nplaces += ds->entities[e].type == ENTITY_PLACE;
    put_safe(out, name);
    fprintf(out, ": ok: %u themes, %u records, %u entities (%u places, %u organisations), %u figures\n",
            ds->nthemes, ds->nrecords, ds->nentities, nplaces, ds->nentities - nplaces, ds->nfigures);
}

/* ---- choosing what to show ---- */

/* Every complaint quotes what the user typed the same way, sanitised. */
static void safe_fprintf_name(FILE *err, const char *what, const char *name)
{
    fprintf(err, "zjdash: %s \"", what);
    put_safe(err, name);
    fputs("\"", err);
}

/* Sets up a view per theme shown, sorted and filtered as asked. */
static int choose(const dataset *ds, const struct dump_options *o, view **views, FILE *err)
{
    int only = -1;
    if (o->tab) {
        only = dataset_find_theme(ds, o->tab);
        if (only < 0) {
            safe_fprintf_name(err, "--tab: no tab", o->tab);
            fputs(" (give an id, a title or a number; the tabs are:", err);
            for (uint32_t t = 0; t < ds->nthemes; t++) {
                fprintf(err, " %u ", t + 1);
                put_safe(err, ds_str(ds, ds->themes[t].id));
            }
            fputs(")\n", err);
            fputs(TRY_HELP, err);
            return EXIT_USAGE;
        }
    }
    struct sort_spec sort = {NULL, false};
    if (o->sort)
        options_parse_sort(o->sort, &sort);
    const char *sort_by = sort.column;
    bool descending = sort.descending;
    bool sorted_somewhere = false;
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        views[t] = NULL;
        if (only >= 0 && (uint32_t)only != t)
            continue;
        views[t] = view_new(ds, t);
        if (sort_by) {
            int c = view_find_column(ds, t, sort_by);
            if (c >= 0) {
                view_sort(views[t], c, descending);
                sorted_somewhere = true;
            }
        }
        view_filter(views[t], o->filter);
    }
    if (sort_by && !sorted_somewhere) {
        safe_fprintf_name(err, "--sort: no column", sort_by);
        fputs(only >= 0 ? " in this tab (give a column's key or label)\n"
                        : " in any tab (give a column's key or label)\n",
              err);
        fputs(TRY_HELP, err);
        options_free_sort(&sort);
        return EXIT_USAGE;
    }
    options_free_sort(&sort);
    return EXIT_OK;
}

/* ---- text ---- */

/* Plain hyphens, not box drawing, so the rule is one cell wide in every terminal and file. */
static void txt_rule(FILE *out, int width)
{
    for (int i = 0; i < width; i++)
        fputc('-', out);
    fputc('\n', out);
}

/* Values right-aligned in one column so they can be compared down the page; no heading if none. */
static void txt_figures(FILE *out, const dataset *ds, uint32_t first, uint32_t n, bool headline_only,
                        const char *heading)
{
    buf line;
    buf_init(&line);
    bool any = false;
    for (uint32_t f = first; f < first + n; f++) {
        if (headline_only && !ds->figures[f].headline)
            continue;
        if (!any)
            fprintf(out, "%s\n", heading);
        any = true;
        buf value;
        buf_init(&value);
        view_figure_text(&value, ds, f);
        buf_clear(&line);
        buf_puts(&line, "  ");
        text_fit(&line, value.data, value.len, 16, TEXT_ALIGN_RIGHT);
        buf_puts(&line, "  ");
        const char *label = ds_str(ds, ds->figures[f].label);
        text_sanitize(&line, label, strlen(label));
        fprintf(out, "%s\n", line.data);
        buf_free(&value);
    }
    if (any)
        fputc('\n', out);
    buf_free(&line);
}

/* Numbers are right-aligned and carry a qualifier; this decides which columns, in every format. */
static bool numeric(const column *c)
{
    return c->type == COL_MONEY || c->type == COL_COUNT || c->type == COL_DATE;
}

/* The records as an aligned table: columns as wide as their widest cell, at most
 * TXT_MAX_COLUMN, cuts marked. */
static void txt_table(FILE *out, const dataset *ds, uint32_t ti, const uint32_t *recs, uint32_t n,
                      int sort_column, bool descending)
{
    const theme *t = &ds->themes[ti];
    int *width = mem_calloc(t->ncolumns, sizeof *width);
    buf cell, line;
    buf_init(&cell);
    buf_init(&line);
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        const char *label = ds_str(ds, t->columns[c].label);
        width[c] = text_width(label, strlen(label)) + ((int)c == sort_column ? 2 : 0);
        for (uint32_t i = 0; i < n; i++) {
            buf_clear(&cell);
            view_cell_text(&cell, ds, recs[i], c);
            int w = text_width(cell.data ? cell.data : "", cell.len);
            if (w > width[c])
                width[c] = w;
        }
        if (width[c] > TXT_MAX_COLUMN)
            width[c] = TXT_MAX_COLUMN;
    }
    int rule_width = 0;
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        const column *col = &t->columns[c];
        buf_clear(&cell);
        buf_puts(&cell, ds_str(ds, col->label));
        if ((int)c == sort_column)
            buf_puts(&cell, descending ? " v" : " ^");
        if (c)
            buf_puts(&line, "  ");
        text_fit(&line, cell.data, cell.len, width[c], numeric(col) ? TEXT_ALIGN_RIGHT : 0);
        rule_width += width[c] + (c ? 2 : 0);
    }
    fprintf(out, "%s\n", line.data);
    txt_rule(out, rule_width);
    for (uint32_t i = 0; i < n; i++) {
        buf_clear(&line);
        for (uint32_t c = 0; c < t->ncolumns; c++) {
            buf_clear(&cell);
            view_cell_text(&cell, ds, recs[i], c);
            if (c)
                buf_puts(&line, "  ");
            bool last = c + 1 == t->ncolumns;
            text_fit(&line, cell.data ? cell.data : "", cell.len, width[c],
                     (numeric(&t->columns[c]) ? TEXT_ALIGN_RIGHT : 0) | (last ? TEXT_NO_PAD : 0));
        }
        while (line.len && line.data[line.len - 1] == ' ')
            line.data[--line.len] = 0;
        fprintf(out, "%s\n", line.data);
    }
    buf_free(&cell);
    buf_free(&line);
    free(width);
}

/* The money of records as the dashboard words it: a sum marked as computed,
 * amounts that may overlap never added. */
static void txt_money(FILE *out, const dataset *ds, const uint32_t *recs, uint32_t n)
{
    total t;
    total_of_records(&t, ds, recs, n, UNIT_YUAN);
    buf b;
    buf_init(&b);
    money_text(&b, &t, false);
    fprintf(out, "money %s", b.data);
    buf_free(&b);
    total_free(&t);
}

/* The tab's number, title and id, so a reader can ask for the same tab with --tab. */
static void txt_theme_title(FILE *out, const dataset *ds, uint32_t t)
{
    const theme *th = &ds->themes[t];
    fprintf(out, "== %u ", t + 1);
    put_safe(out, ds_str(ds, th->title));
    if (th->heading != NONE) {
        fputs(" · ", out);
        put_safe(out, ds_str(ds, th->heading));
    }
    fputs(" (", out);
    put_safe(out, ds_str(ds, th->id));
    fputs(") ==\n", out);
}

/* A printed tab says how it was cut (count, sort, filter), so a pasted copy is not misread. */
static void txt_view(FILE *out, const dataset *ds, const view *v)
{
    const theme *t = &ds->themes[v->theme];
    txt_theme_title(out, ds, v->theme);
    fprintf(out, "%u of %u records · ", v->nrows, v->total);
    txt_money(out, ds, v->rows, v->nrows);
    fputs(" · sorted by ", out);
    if (v->sort_column < 0)
        fputs("the report's order", out);
    else
        put_safe(out, ds_str(ds, t->columns[v->sort_column].label));
    if (v->sort_column >= 0)
        fputs(v->descending ? ", descending" : ", ascending", out);
    if (v->filter) {
        fputs(" · filter \"", out);
        put_safe(out, v->filter);
        fputs("\"", out);
    }
    fputs("\n\n", out);
    txt_figures(out, ds, t->first_figure, t->nfigures, true, "Headline figures");
    txt_table(out, ds, v->theme, v->rows, v->nrows, v->sort_column, v->descending);
    fputc('\n', out);
}

/* The source first, as a briefing must name where its figures come from. */
static void txt_header(FILE *out, const dataset *ds)
{
    put_safe(out, ds_str(ds, ds->meta.title));
    fputc('\n', out);
    put_safe(out, ds_str(ds, ds->meta.publisher));
    fputs(" · ", out);
    put_safe(out, ds_str(ds, ds->meta.published));
    for (uint32_t i = 0; i < ds->meta.nsection; i++) {
        fputs(i ? " › " : " · ", out);
        put_safe(out, ds_str(ds, ds->meta.section[i]));
    }
    fputs("\n\n", out);
}

/* The page the dashboard shows, as text: one description serves both. */
static void txt_open(FILE *out, const dataset *ds, link_target target)
{
    doc d;
    doc_init(&d, DOC_UNWRAPPED, false);
    buf text;
    buf_init(&text);
    if (target.kind == LINK_RECORD) {
        const record *rec = &ds->records[target.index];
        buf_printf(&text, "== %s › %s ==", ds_str(ds, ds->themes[rec->theme].title), ds_str(ds, rec->name));
        doc_add(&d, text.data, ST_HEADING, 0);
        buf_clear(&text);
        buf_printf(&text, "id: %s", ds_str(ds, rec->id));
        doc_add(&d, text.data, ST_DIM, 0);
        doc_record(&d, ds, target.index);
    } else {
        buf_printf(&text, "== %s ==", ds_str(ds, ds->entities[target.index].name));
        doc_add(&d, text.data, ST_HEADING, 0);
        doc_entity(&d, ds, target.index);
    }
    buf_clear(&text);
    doc_print(&d, &text);
    fputs(text.data ? text.data : "", out);
    buf_free(&text);
    doc_free(&d);
}

/* ---- CSV ---- */

/* RFC 4180 quoting, and edge spaces quoted too, since spreadsheets trim them. */
static void csv_field(FILE *out, const char *s)
{
    buf b;
    buf_init(&b);
    text_sanitize(&b, s, strlen(s));
    const char *t = b.data ? b.data : "";
    if (strpbrk(t, ",\"\r\n") || (t[0] == ' ' || (b.len && t[b.len - 1] == ' '))) {
        fputc('"', out);
        for (; *t; t++) {
            if (*t == '"')
                fputc('"', out);
            fputc(*t, out);
        }
        fputc('"', out);
    } else {
        fputs(t, out);
    }
    buf_free(&b);
}

/* The CSV's columns: every column key of the themes shown, in first-seen order. */
struct csv_columns {
    str_ref *keys;
    uint32_t n;
};

/* Tabs share keys (name, money): one CSV column per key lets the tabs' rows stack in one table. */
static void csv_collect(const dataset *ds, const bool *shown, struct csv_columns *cols)
{
    cols->n = 0;
    size_t ncolumns = 0;
    for (uint32_t t = 0; t < ds->nthemes; t++)
        ncolumns += ds->themes[t].ncolumns;
    cols->keys = mem_alloc((ncolumns + 1) * sizeof *cols->keys);
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        if (!shown[t])
            continue;
        for (uint32_t c = 0; c < ds->themes[t].ncolumns; c++) {
            str_ref k = ds->themes[t].columns[c].key;
            uint32_t i = 0;
            while (i < cols->n && cols->keys[i] != k)
                i++;
            if (i == cols->n)
                cols->keys[cols->n++] = k;
        }
    }
}

/* A CSV column is a key; each row's theme says where (and whether) it holds that key. */
static const column *column_by_key(const dataset *ds, uint32_t t, str_ref key, uint32_t *index)
{
    for (uint32_t c = 0; c < ds->themes[t].ncolumns; c++)
        if (ds->themes[t].columns[c].key == key) {
            *index = c;
            return &ds->themes[t].columns[c];
        }
    return NULL;
}

/* A CSV column's label and type come from the first tab shown that has it. */
static const column *first_column(const dataset *ds, const bool *shown, str_ref key)
{
    uint32_t c;
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        const column *col = shown[t] ? column_by_key(ds, t, key, &c) : NULL;
        if (col)
            return col;
    }
    return NULL;
}

/* Amounts get a qualifier column beside them, so a sheet's sums can keep "over" and "about" apart. */
static void csv_header(FILE *out, const dataset *ds, const bool *shown, const struct csv_columns *cols)
{
    fputs("theme,id", out);
    for (uint32_t i = 0; i < cols->n; i++) {
        const column *col = first_column(ds, shown, cols->keys[i]);
        fputc(',', out);
        csv_field(out, ds_str(ds, col->label));
        if (numeric(col) && col->type != COL_DATE) {
            fputc(',', out);
            buf q;
            buf_init(&q);
            buf_printf(&q, "%s qualifier", ds_str(ds, col->label));
            csv_field(out, q.data);
            buf_free(&q);
        }
    }
    fputs("\r\n", out);
}

/* Numbers go out bare, not as shown, so a spreadsheet can add them; empty fields keep the columns. */
static void csv_row(FILE *out, const dataset *ds, const bool *shown, const struct csv_columns *cols,
                    uint32_t r)
{
    uint32_t t = ds->records[r].theme;
    csv_field(out, ds_str(ds, ds->themes[t].id));
    fputc(',', out);
    csv_field(out, ds_str(ds, ds->records[r].id));
    buf b;
    buf_init(&b);
    for (uint32_t i = 0; i < cols->n; i++) {
        uint32_t c;
        const column *mine = column_by_key(ds, t, cols->keys[i], &c);
        const column *col = first_column(ds, shown, cols->keys[i]);
        uint32_t cell = mine ? ds_cell(ds, r, c) : NONE;
        buf_clear(&b);
        fputc(',', out);
        bool numbers = numeric(col) && col->type != COL_DATE;
        if (mine && numeric(mine) && cell != NONE) {
            const figure *f = &ds->figures[cell];
            if (f->unit == UNIT_DATE)
                value_format_date(&b, f->value);
            else
                buf_printf(&b, "%lld", (long long)f->value);
            csv_field(out, b.data);
            if (numbers)
                fprintf(out, ",%s", f->unit == UNIT_DATE ? "" : qualifier_name(f->qualifier));
        } else {
            if (mine && cell != NONE)
                view_cell_text(&b, ds, r, c);
            csv_field(out, b.data ? b.data : "");
            if (numbers)
                fputc(',', out);
        }
    }
    buf_free(&b);
    fputs("\r\n", out);
}

/* A whole dump and --open print the same table from different records. */
static void csv_table(FILE *out, const dataset *ds, const bool *shown, const uint32_t *recs, uint32_t n)
{
    struct csv_columns cols;
    csv_collect(ds, shown, &cols);
    csv_header(out, ds, shown, &cols);
    for (uint32_t i = 0; i < n; i++)
        csv_row(out, ds, shown, &cols, recs[i]);
    free(cols.keys);
}

/* ---- JSON ---- */

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

/* The words a total's role and way of being made have in a dump. */
static const char *const total_how_names[] = {"none", "one", "sum", "largest"};
static const char *const total_role_names[] = {"counted", "overlaps", "other_kind"};

/* A total with how it was made and its parts by id, so a reader (or a
 * program) can tell the report's own figure from a computed one and check
 * a sum against its parts. */
static void json_total(struct json *j, const char *key, const dataset *ds, const total *t)
{
    json_key(j, key);
    json_open(j, '{');
    json_member_string(j, "how", total_how_names[t->how]);
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
        json_member_string(j, "role", total_role_names[t->items[i].role]);
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
        if (numeric(col))
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

/* ---- the places ---- */

/* A place's name, or the row of the records that name none. */
static const char *place_name(const dataset *ds, uint32_t place)
{
    return place == PLACES_UNPLACED ? "(no place named)" : ds_str(ds, ds->entities[place].name);
}

/* The tree as text, every place open, with the dashboard's columns. */
static void txt_places(FILE *out, const dataset *ds, const places *p)
{
    int name_width = 5;
    for (uint32_t r = 0; r < p->nrows; r++) {
        const char *name = place_name(ds, p->rows[r].place);
        int w = 2 * p->rows[r].depth + text_width(name, strlen(name));
        name_width = w > name_width ? w : name_width;
    }
    buf line, cell;
    buf_init(&line);
    buf_init(&cell);
    text_fit(&line, "Place", 5, name_width, 0);
    for (uint32_t t = 0; t < ds->nthemes; t++)
        buf_printf(&line, "  %s", ds_str(ds, ds->themes[t].title));
    buf_puts(&line, "  records  money");
    fprintf(out, "%s\n", line.data);
    for (uint32_t r = 0; r < p->nrows; r++) {
        uint32_t place = p->rows[r].place;
        const struct place_stats *st = places_stats(p, place);
        buf_clear(&line);
        buf_clear(&cell);
        buf_repeat(&cell, " ", 2 * p->rows[r].depth);
        buf_puts(&cell, place_name(ds, place));
        text_fit(&line, cell.data, cell.len, name_width, 0);
        for (uint32_t t = 0; t < ds->nthemes; t++) {
            const char *title = ds_str(ds, ds->themes[t].title);
            buf_clear(&cell);
            buf_printf(&cell, "%u", places_count(p, place, t));
            buf_puts(&line, "  ");
            text_fit(&line, cell.data, cell.len, text_width(title, strlen(title)), TEXT_ALIGN_RIGHT);
        }
        buf_printf(&line, "  %7u  ", st->total);
        money_text(&line, &st->money, false);
        put_safe(out, line.data);
        fputc('\n', out);
    }
    buf_free(&line);
    buf_free(&cell);
}

/* One row per place, with the parts of its money by figure id and role. */
static void csv_places(FILE *out, const dataset *ds, const places *p)
{
    fputs("id,name,parent,depth", out);
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        fputc(',', out);
        csv_field(out, ds_str(ds, ds->themes[t].id));
    }
    fputs(",records,money,money_how,money_value,money_qualifier,money_kind,money_parts\r\n", out);
    buf cell;
    buf_init(&cell);
    for (uint32_t r = 0; r < p->nrows; r++) {
        uint32_t place = p->rows[r].place;
        const struct place_stats *st = places_stats(p, place);
        bool real = place != PLACES_UNPLACED;
        uint32_t parent = real ? ds->entities[place].parent : NONE;
        csv_field(out, real ? ds_str(ds, ds->entities[place].id) : "");
        fputc(',', out);
        csv_field(out, place_name(ds, place));
        fputc(',', out);
        csv_field(out, parent != NONE ? ds_str(ds, ds->entities[parent].id) : "");
        fprintf(out, ",%u", p->rows[r].depth);
        for (uint32_t t = 0; t < ds->nthemes; t++)
            fprintf(out, ",%u", places_count(p, place, t));
        fprintf(out, ",%u,", st->total);
        buf_clear(&cell);
        money_text(&cell, &st->money, false);
        csv_field(out, cell.data);
        fprintf(out, ",%s,", total_how_names[st->money.how]);
        if (st->money.how != TOTAL_EMPTY)
            fprintf(out, "%lld,%s,%s", (long long)st->money.value,
                    qualifier_name((enum qualifier)st->money.qualifier),
                    figure_kind_name((enum figure_kind)st->money.kind));
        else
            fputs(",,", out);
        buf_clear(&cell);
        for (uint32_t i = 0; i < st->money.nitems; i++)
            buf_printf(&cell, "%s%s:%s", i ? " " : "", ds_str(ds, ds->figures[st->money.items[i].figure].id),
                       total_role_names[st->money.items[i].role]);
        fputc(',', out);
        csv_field(out, cell.data ? cell.data : "");
        fputs("\r\n", out);
    }
    buf_free(&cell);
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
        json_member_string(&j, "name", place_name(ds, place));
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
        json_total(&j, "money", ds, &st->money);
        json_close(&j, '}');
    }
    json_close(&j, ']');
    json_close(&j, '}');
    fputc('\n', out);
}

/* --tab places: the whole tree, every place open, as the places tab counts it. */
static int dump_places(FILE *out, const dataset *ds, const struct dump_options *o, FILE *err)
{
    if (o->sort || o->filter) {
        fputs("zjdash: --sort and --filter are for a theme's table, not for --tab places\n" TRY_HELP, err);
        return EXIT_USAGE;
    }
    places *p = places_new(ds);
    places_open_all(p, true);
    if (o->format == DUMP_TXT)
        txt_places(out, ds, p);
    else if (o->format == DUMP_CSV)
        csv_places(out, ds, p);
    else
        json_places(out, ds, p);
    places_free(p);
    return EXIT_OK;
}

/* ---- putting it together ---- */

/* A name that fits several lists them with their ids, so the user can say which one. */
static int find_target(const dataset *ds, const char *name, link_target *target, FILE *err)
{
    link_target found[OPEN_CANDIDATES];
    uint32_t n = link_find(ds, name, found, OPEN_CANDIDATES);
    if (n == 1) {
        *target = found[0];
        return EXIT_OK;
    }
    safe_fprintf_name(err, "--open:", name);
    if (!n) {
        fputs(" names no record, place or organisation\n", err);
        return EXIT_USAGE;
    }
    fprintf(err, " could be any of %u; give an id:", n);
    for (uint32_t i = 0; i < n && i < OPEN_CANDIDATES; i++) {
        bool rec = found[i].kind == LINK_RECORD;
        fputs(i ? ", " : " ", err);
        put_safe(err, ds_str(ds, rec ? ds->records[found[i].index].id : ds->entities[found[i].index].id));
        fputs(" (", err);
        put_safe(err, ds_str(ds, rec ? ds->records[found[i].index].name : ds->entities[found[i].index].name));
        fputs(")", err);
    }
    fputs(n > OPEN_CANDIDATES ? ", ...\n" : "\n", err);
    return EXIT_USAGE;
}

/* --open prints one page, not tabs: its CSV holds the record, or every record of the place. */
static void dump_open(FILE *out, const dataset *ds, const struct dump_options *o, link_target target)
{
    uint32_t *recs = NULL, n = 0;
    switch (o->format) {
    case DUMP_TXT:
        txt_open(out, ds, target);
        break;
    case DUMP_JSON: {
        struct json j = {out, 0, true};
        json_open(&j, '{');
        json_member_string(&j, "format", "zjdash-dump/1");
        json_open_target(&j, ds, target);
        json_close(&j, '}');
        fputc('\n', out);
        break;
    }
    case DUMP_CSV: {
        if (target.kind == LINK_RECORD) {
            recs = mem_alloc(sizeof *recs);
            recs[0] = target.index;
            n = 1;
        } else {
            n = link_entity_records(ds, target.index, &recs);
        }
        bool *shown = mem_calloc(ds->nthemes, sizeof *shown);
        for (uint32_t i = 0; i < n; i++)
            shown[ds->records[recs[i]].theme] = true;
        csv_table(out, ds, shown, recs, n);
        free(shown);
        free(recs);
    }
    }
}

/* Options are checked against the data before any output, so a mistake prints only its error. */
int dump_run(const dataset *ds, const struct dump_options *o, FILE *out, FILE *err)
{
    if (o->tab && !o->open && options_find_tab(ds, o->tab) == (int)ds->nthemes)
        return dump_places(out, ds, o, err);
    if (o->open) {
        link_target target;
        int st = find_target(ds, o->open, &target, err);
        if (st == EXIT_OK)
            dump_open(out, ds, o, target);
        return st;
    }
    view **views = mem_calloc(ds->nthemes, sizeof *views);
    int st = choose(ds, o, views, err);
    if (st == EXIT_OK) {
        switch (o->format) {
        case DUMP_TXT:
            txt_header(out, ds);
            if (!o->tab)
                txt_figures(out, ds, ds->report_first_figure, ds->report_nfigures, false,
                            "Figures of the whole report");
            for (uint32_t t = 0; t < ds->nthemes; t++)
                if (views[t])
                    txt_view(out, ds, views[t]);
            break;
        case DUMP_CSV: {
            bool *shown = mem_calloc(ds->nthemes, sizeof *shown);
            size_t n = 0;
            for (uint32_t t = 0; t < ds->nthemes; t++)
                if (views[t]) {
                    shown[t] = true;
                    n += views[t]->nrows;
                }
            uint32_t *recs = mem_alloc((n + 1) * sizeof *recs);
            n = 0;
            for (uint32_t t = 0; t < ds->nthemes; t++)
                for (uint32_t i = 0; views[t] && i < views[t]->nrows; i++)
                    recs[n++] = views[t]->rows[i];
            csv_table(out, ds, shown, recs, (uint32_t)n);
            free(recs);
            free(shown);
            break;
        }
        case DUMP_JSON: {
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
            break;
        }
        }
    }
    for (uint32_t t = 0; t < ds->nthemes; t++)
        view_free(views[t]);
    free(views);
    return st;
}

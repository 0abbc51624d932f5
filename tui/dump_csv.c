/* --dump csv: one table of every record shown, one column per key. */
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

/* Excel and WPS run a cell that starts with one of these as a formula
 * (=HYPERLINK(...), +cmd|...): OWASP's advice is a leading apostrophe,
 * which they show as text, inside quotes. A text's own leading apostrophe
 * would be taken for that mark and hidden, so it gets one too. Tabs and
 * carriage returns, also on OWASP's list, are ^I and ^M by then. */
static bool formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\'';
}

/* RFC 4180 quoting, and edge spaces quoted too, since spreadsheets trim them. */
static void csv_field(FILE *out, const char *s)
{
    buf b;
    buf_init(&b);
    if (formula_start(s[0]))
        buf_putc(&b, '\'');
    text_sanitize(&b, s, strlen(s));
    const char *t = b.data ? b.data : "";
    if (strpbrk(t, ",\"\r\n") || (t[0] == ' ' || (b.len && t[b.len - 1] == ' ')) || t[0] == '\'') {
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
        if (dump_numeric(col) && col->type != COL_DATE) {
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
        bool numbers = dump_numeric(col) && col->type != COL_DATE;
        if (mine && dump_numeric(mine) && cell != NONE) {
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
        csv_field(out, dump_place_name(ds, place));
        fputc(',', out);
        csv_field(out, parent != NONE ? ds_str(ds, ds->entities[parent].id) : "");
        fprintf(out, ",%u", p->rows[r].depth);
        for (uint32_t t = 0; t < ds->nthemes; t++)
            fprintf(out, ",%u", places_count(p, place, t));
        fprintf(out, ",%u,", st->total);
        buf_clear(&cell);
        money_text(&cell, &st->money, false);
        csv_field(out, cell.data);
        fprintf(out, ",%s,", dump_total_how(st->money.how));
        if (st->money.how != TOTAL_EMPTY)
            fprintf(out, "%lld,%s,%s", (long long)st->money.value,
                    qualifier_name((enum qualifier)st->money.qualifier),
                    figure_kind_name((enum figure_kind)st->money.kind));
        else
            fputs(",,", out);
        buf_clear(&cell);
        uint32_t n;
        const uint32_t *recs = places_records(p, place, &n);
        total parts;
        total_of_records(&parts, ds, recs, n, UNIT_YUAN);
        for (uint32_t i = 0; i < parts.nitems; i++)
            buf_printf(&cell, "%s%s:%s", i ? " " : "", ds_str(ds, ds->figures[parts.items[i].figure].id),
                       dump_total_role(parts.items[i].role));
        total_free(&parts);
        fputc(',', out);
        csv_field(out, cell.data ? cell.data : "");
        fputs("\r\n", out);
    }
    buf_free(&cell);
}

/* Every tab's rows stacked in one table, in each tab's order. */
static void csv_views(FILE *out, const dataset *ds, view *const *views, bool whole)
{
    (void)whole;
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
}

/* --open prints one page, not tabs: its CSV holds the record, or every record of the place. */
static void csv_open(FILE *out, const dataset *ds, link_target target)
{
    uint32_t *recs = NULL, n = 0;
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

const struct dump_format_ops dump_csv = {csv_views, csv_open, csv_places};

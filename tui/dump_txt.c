/* --dump txt: the tables, a page and the places as a person reads them. */
#include "dump_formats.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "lang.h"
#include "link.h"
#include "mem.h"
#include "money.h"
#include "text.h"
#include "value.h"
#include "view.h"

#define TXT_MAX_COLUMN 40

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
        text_fit(&line, cell.data, cell.len, width[c], dump_numeric(col) ? TEXT_ALIGN_RIGHT : 0);
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
                     (dump_numeric(&t->columns[c]) ? TEXT_ALIGN_RIGHT : 0) | (last ? TEXT_NO_PAD : 0));
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
    fprintf(out, "%s%s", tr(MSG_DUMP_MONEY), b.data);
    buf_free(&b);
    total_free(&t);
}

/* The tab's number and title, so a reader can ask for the same tab with
 * --tab; its id is no word of a reader's. */
static void txt_theme_title(FILE *out, const dataset *ds, uint32_t t)
{
    const theme *th = &ds->themes[t];
    fprintf(out, "== %u ", t + 1);
    dump_put_safe(out, ds_str(ds, th->title));
    if (th->heading != NONE) {
        fputs(" · ", out);
        dump_put_safe(out, ds_str(ds, th->heading));
    }
    fputs(" ==\n", out);
}

/* A printed tab says how it was cut (count, sort, filter), so a pasted copy is not misread. */
static void txt_view(FILE *out, const dataset *ds, const view *v)
{
    const theme *t = &ds->themes[v->theme];
    txt_theme_title(out, ds, v->theme);
    buf line;
    buf_init(&line);
    lang_printf(&line, MSG_DUMP_SHOWN, v->nrows, v->total);
    fprintf(out, "%s · ", line.data);
    txt_money(out, ds, v->rows, v->nrows);
    fputs(tr(MSG_DUMP_SORTED_BY), out);
    if (v->sort_column < 0)
        fputs(tr(MSG_DUMP_REPORT_ORDER), out);
    else
        dump_put_safe(out, ds_str(ds, t->columns[v->sort_column].label));
    if (v->sort_column >= 0)
        fputs(tr(v->descending ? MSG_DUMP_DESCENDING : MSG_DUMP_ASCENDING), out);
    if (v->filter) {
        buf_clear(&line);
        text_sanitize(&line, v->filter, strlen(v->filter));
        char *filter = buf_take(&line);
        lang_printf(&line, MSG_DUMP_FILTER, filter ? filter : "");
        fputs(line.data, out);
        free(filter);
    }
    buf_free(&line);
    fputs("\n\n", out);
    txt_figures(out, ds, t->first_figure, t->nfigures, true, tr(MSG_DUMP_HEADLINE_FIGURES));
    txt_table(out, ds, v->theme, v->rows, v->nrows, v->sort_column, v->descending);
    fputc('\n', out);
}

/* The source first, as a briefing must name where its figures come from. */
static void txt_header(FILE *out, const dataset *ds)
{
    dump_put_safe(out, ds_str(ds, ds->meta.title));
    fputc('\n', out);
    dump_put_safe(out, ds_str(ds, ds->meta.publisher));
    fputs(" · ", out);
    dump_put_safe(out, ds_str(ds, ds->meta.published));
    for (uint32_t i = 0; i < ds->meta.nsection; i++) {
        fputs(i ? " › " : " · ", out);
        dump_put_safe(out, ds_str(ds, ds->meta.section[i]));
    }
    fputs("\n\n", out);
}

/* The page the dashboard shows, as text: one description serves both.
 * Under its heading, the page; ids are no words of a reader's. */
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

/* A place's name, or the words for the records that name none. */
static const char *txt_place_name(const dataset *ds, uint32_t place)
{
    return place == PLACES_UNPLACED ? tr(MSG_DUMP_NO_PLACE) : dump_place_name(ds, place);
}

/* The tree as text, every place open, with the dashboard's columns. */
static void txt_places(FILE *out, const dataset *ds, const places *p)
{
    const char *place_word = tr(MSG_DUMP_PLACE), *records = tr(MSG_DUMP_RECORDS);
    int name_width = text_width(place_word, strlen(place_word));
    int records_width = text_width(records, strlen(records));
    records_width = records_width > 7 ? records_width : 7;
    for (uint32_t r = 0; r < p->nrows; r++) {
        const char *name = txt_place_name(ds, p->rows[r].place);
        int w = 2 * p->rows[r].depth + text_width(name, strlen(name));
        name_width = w > name_width ? w : name_width;
    }
    buf line, cell;
    buf_init(&line);
    buf_init(&cell);
    text_fit(&line, place_word, strlen(place_word), name_width, 0);
    for (uint32_t t = 0; t < ds->nthemes; t++)
        buf_printf(&line, "  %s", ds_str(ds, ds->themes[t].title));
    buf_puts(&line, "  ");
    text_fit(&line, records, strlen(records), records_width, TEXT_ALIGN_RIGHT);
    buf_printf(&line, "  %s", tr(MSG_DUMP_MONEY_COLUMN));
    fprintf(out, "%s\n", line.data);
    for (uint32_t r = 0; r < p->nrows; r++) {
        uint32_t place = p->rows[r].place;
        const struct place_stats *st = places_stats(p, place);
        buf_clear(&line);
        buf_clear(&cell);
        buf_repeat(&cell, " ", 2 * p->rows[r].depth);
        buf_puts(&cell, txt_place_name(ds, place));
        text_fit(&line, cell.data, cell.len, name_width, 0);
        for (uint32_t t = 0; t < ds->nthemes; t++) {
            const char *title = ds_str(ds, ds->themes[t].title);
            buf_clear(&cell);
            buf_printf(&cell, "%u", places_count(p, place, t));
            buf_puts(&line, "  ");
            text_fit(&line, cell.data, cell.len, text_width(title, strlen(title)), TEXT_ALIGN_RIGHT);
        }
        buf_clear(&cell);
        buf_printf(&cell, "%u", st->total);
        buf_puts(&line, "  ");
        text_fit(&line, cell.data, cell.len, records_width, TEXT_ALIGN_RIGHT);
        buf_puts(&line, "  ");
        money_text(&line, &st->money, false);
        dump_put_safe(out, line.data);
        fputc('\n', out);
    }
    buf_free(&line);
    buf_free(&cell);
}

/* The tabs shown, after the report's own figures when every tab is. */
static void txt_views(FILE *out, const dataset *ds, view *const *views, bool whole)
{
    txt_header(out, ds);
    if (whole)
        txt_figures(out, ds, ds->report_first_figure, ds->report_nfigures, false,
                    tr(MSG_DUMP_REPORT_FIGURES));
    for (uint32_t t = 0; t < ds->nthemes; t++)
        if (views[t])
            txt_view(out, ds, views[t]);
}

const struct dump_format_ops dump_txt = {txt_views, txt_open, txt_places};

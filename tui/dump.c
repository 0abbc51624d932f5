#include "dump.h"
#include "dump_formats.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "doc.h"
#include "link.h"
#include "mem.h"
#include "money.h"
#include "options.h"
#include "places.h"
#include "text.h"
#include "value.h"
#include "view.h"

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
void dump_put_safe(FILE *out, const char *s)
{
    buf b;
    buf_init(&b);
    text_sanitize(&b, s, strlen(s));
    if (b.len)
        fwrite(b.data, 1, b.len, out);
    buf_free(&b);
}

/* Numbers are right-aligned and carry a qualifier; this decides which columns, in every format. */
bool dump_numeric(const column *c)
{
    return c->type == COL_MONEY || c->type == COL_COUNT || c->type == COL_DATE;
}

/* CSV and JSON name a total's way of being made and its parts' roles alike. */
const char *dump_total_how(enum total_how how)
{
    static const char *const names[] = {"none", "one", "sum", "largest"};
    return names[how];
}

/* As dump_total_how, for a figure's role in a total. */
const char *dump_total_role(enum total_role role)
{
    static const char *const names[] = {"counted", "overlaps", "other_kind"};
    return names[role];
}

/* --check's proof of a good load: counts a maintainer can hold against the article. */
void dump_summary(const dataset *ds, const char *name, FILE *out)
{
    uint32_t nplaces = 0;
    for (uint32_t e = 0; e < ds->nentities; e++)
        nplaces += ds->entities[e].type == ENTITY_PLACE;
    dump_put_safe(out, name);
    buf line;
    buf_init(&line);
    lang_printf(&line, MSG_CLI_SUMMARY, ds->nthemes, ds->nrecords, ds->nentities, nplaces,
            ds->nentities - nplaces, ds->nfigures);
    fputs(line.data, out);
    buf_free(&line);
}

/* ---- choosing what to show ---- */

/* Every complaint quotes what the user typed the same way, sanitised:
 * "zjdash: " and message m, a format of the name and then a count n (the
 * messages that have no use for n leave it). */
static void complain(FILE *err, enum msg m, const char *name, uint32_t n)
{
    buf safe, line;
    buf_init(&safe);
    buf_init(&line);
    text_sanitize(&safe, name, strlen(name));
    buf_puts(&line, "zjdash: ");
    lang_printf(&line, m, safe.data ? safe.data : "", n);
    fputs(line.data, err);
    buf_free(&safe);
    buf_free(&line);
}

/* Sets up a view per theme shown, sorted and filtered as asked. */
static int choose(const dataset *ds, const struct dump_options *o, view **views, FILE *err)
{
    int only = -1;
    if (o->tab) {
        only = dataset_find_theme(ds, o->tab);
        if (only < 0) {
            complain(err, MSG_CLI_DUMP_NO_TAB, o->tab, 0);
            for (uint32_t t = 0; t < ds->nthemes; t++) {
                fprintf(err, " %u ", t + 1);
                dump_put_safe(err, ds_str(ds, ds->themes[t].id));
            }
            fprintf(err, "%s\n%s", tr(MSG_CLI_DUMP_TABS_END), TRY_HELP);
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
        complain(err, only >= 0 ? MSG_CLI_DUMP_NO_COLUMN_HERE : MSG_CLI_DUMP_NO_COLUMN, sort_by, 0);
        fprintf(err, "\n%s", TRY_HELP);
        options_free_sort(&sort);
        return EXIT_USAGE;
    }
    options_free_sort(&sort);
    return EXIT_OK;
}

/* A place's name, or the row of the records that name none: in the
 * machine formats (csv, json), whose values programs read, in English
 * whatever the language; --dump txt says it in the language set. */
const char *dump_place_name(const dataset *ds, uint32_t place)
{
    return place == PLACES_UNPLACED ? "(no place named)" : ds_str(ds, ds->entities[place].name);
}

/* Each format is a file of its own (dump_txt.c, dump_csv.c, dump_json.c). */
static const struct dump_format_ops *format_of(const struct dump_options *o)
{
    static const struct dump_format_ops *const by_format[] = {
        [DUMP_TXT] = &dump_txt, [DUMP_CSV] = &dump_csv, [DUMP_JSON] = &dump_json};
    return by_format[o->format];
}

/* Excel and WPS take a CSV without a byte order mark for the system's code
 * page (GBK on a Chinese Windows): csv-bom in the configuration file puts
 * one first, for e and --dump csv alike. */
static void csv_bom(FILE *out)
{
    if (config_in_use()->csv_bom)
        fputs("\xEF\xBB\xBF", out);
}

/* The format's output starts here, once nothing can go wrong any more. */
static const struct dump_format_ops *begin(FILE *out, const struct dump_options *o)
{
    if (o->format == DUMP_CSV)
        csv_bom(out);
    return format_of(o);
}

/* --tab places: the whole tree, every place open, as the places tab counts it. */
static int dump_places(FILE *out, const dataset *ds, const struct dump_options *o, FILE *err)
{
    if (o->sort || o->filter) {
        fprintf(err, "zjdash: %s\n%s", tr(MSG_CLI_DUMP_PLACES_SORT), TRY_HELP);
        return EXIT_USAGE;
    }
    places *p = places_new(ds);
    places_open_all(p, true);
    begin(out, o)->places(out, ds, p);
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
    if (!n) {
        complain(err, MSG_CLI_DUMP_OPEN_NONE, name, 0);
        fputc('\n', err);
        return EXIT_USAGE;
    }
    complain(err, MSG_CLI_DUMP_OPEN_SEVERAL, name, n);
    for (uint32_t i = 0; i < n && i < OPEN_CANDIDATES; i++) {
        bool rec = found[i].kind == LINK_RECORD;
        fputs(i ? ", " : " ", err);
        dump_put_safe(err, ds_str(ds, rec ? ds->records[found[i].index].id : ds->entities[found[i].index].id));
        fputs(" (", err);
        dump_put_safe(err, ds_str(ds, rec ? ds->records[found[i].index].name : ds->entities[found[i].index].name));
        fputs(")", err);
    }
    fputs(n > OPEN_CANDIDATES ? ", ...\n" : "\n", err);
    return EXIT_USAGE;
}

void dump_view_csv(FILE *out, const dataset *ds, view *v)
{
    view **views = mem_calloc(ds->nthemes, sizeof *views);
    views[v->theme] = v;
    csv_bom(out);
    dump_csv.views(out, ds, views, false);
    free(views);
}

void dump_places_csv(FILE *out, const dataset *ds, const places *p)
{
    csv_bom(out);
    dump_csv.places(out, ds, p);
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
            begin(out, o)->open(out, ds, target);
        return st;
    }
    view **views = mem_calloc(ds->nthemes, sizeof *views);
    int st = choose(ds, o, views, err);
    if (st == EXIT_OK)
        begin(out, o)->views(out, ds, views, !o->tab);
    for (uint32_t t = 0; t < ds->nthemes; t++)
        view_free(views[t]);
    free(views);
    return st;
}

/* See exercise.h. Every operation here is one the dashboard or the command
 * line can reach; every check is a promise of a header in model/ or tui/ (or
 * of data/SCHEMA.md), tested against a brute-force answer computed from the
 * dataset's own arrays where there is one. */
#include "exercise.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"
#include "dataset.h"
#include "dump.h"
#include "link.h"
#include "load.h"
#include "text.h"
#include "total.h"
#include "value.h"
#include "view.h"

#include "../support/dataset_write.h"
#include "../support/model_extra.h"
#include "../support/oracle.h"

/* Text sorts in pinyin order where the model has it (model/pinyin.h), else by
 * code point. */
#if defined(__has_include)
#if __has_include("pinyin.h")
#include "pinyin.h"
#define EXERCISE_PINYIN 1
#endif
#endif
#ifndef EXERCISE_PINYIN
#define EXERCISE_PINYIN 0
#endif

/* As big as the command line's (tui/main.c). */
#define EXERCISE_ERRLEN 2048
#define EXERCISE_MAX_NEEDLES 14
#define EXERCISE_NEEDLE 320 /* bytes, with the NUL */
#define EXERCISE_FIND_MAX 16

static exercise_fail_fn exercise_fail;

/* One line naming the check's line, so that a finding points at the promise it broke. */
static __attribute__((format(printf, 2, 3))) void failed(int line, const char *fmt, ...)
{
    char what[1024], message[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(message, sizeof message, "exercise.c:%d: %s", line, what);
    exercise_fail(message);
    abort(); /* the callback must not return */
}

#define CHECK(cond, ...)                                                                              \
    do {                                                                                              \
        if (!(cond))                                                                                  \
            failed(__LINE__, __VA_ARGS__);                                                            \
    } while (0)

/* A string made safe to quote in a report, in a static buffer. */
static const char *shown(const char *s, size_t n)
{
    static char outs[4][512];
    static unsigned next;
    char *out = outs[next++ % 4];
    buf b;
    buf_init(&b);
    text_sanitize(&b, s, n < 400 ? n : 400);
    snprintf(out, sizeof outs[0], "%s%s", b.data ? b.data : "", n < 400 ? "" : "...");
    buf_free(&b);
    return out;
}

/* Short: nearly every message names a string of the dataset. */
static const char *S(const dataset *ds, str_ref s)
{
    return ds_str(ds, s);
}

/* ---- a refused input ---- */

/* LINE and COLUMN must be numbers as people write them: digits, no leading 0. */
static const char *digits(const char *p)
{
    const char *start = p;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > start && *start != '0' ? p : NULL;
}

/* load.h promises a refusal as one terminal-safe line NAME:LINE:COLUMN: what, and no dataset. */
static void check_refusal(enum dataset_status st, const dataset *ds, const char *err)
{
    size_t len = strlen(err);
    CHECK(st == DATASET_INVALID, "refused from memory with status %d, expected DATASET_INVALID", (int)st);
    CHECK(ds == NULL, "refused but *out is not NULL");
    CHECK(len > 0, "refused with an empty message");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)err[i];
        CHECK(c != '\n', "message is more than one line: %s", shown(err, len));
        CHECK(c != 0x1B, "message has a raw ESC at byte %zu: %s", i, shown(err, len));
        CHECK(c >= 0x20 && c != 0x7F, "message has control byte 0x%02X at byte %zu: %s", c, i,
              shown(err, len));
    }
    /* NAME:LINE:COLUMN: what */
    const char *p = err;
    size_t name_len = strlen(EXERCISE_NAME);
    CHECK(!strncmp(p, EXERCISE_NAME ":", name_len + 1), "message does not start with \"%s:\": %s",
          EXERCISE_NAME, shown(err, len));
    p += name_len + 1;
    p = digits(p);
    CHECK(p && *p == ':', "message has no LINE: after the name: %s", shown(err, len));
    p = digits(p + 1);
    CHECK(p && *p == ':', "message has no COLUMN: after the line: %s", shown(err, len));
    CHECK(p[1] == ' ' && p[2] && p[2] != ' ', "message has nothing after NAME:LINE:COLUMN: %s",
          shown(err, len));
    /* Terminal-safe throughout (a message cut at the buffer's end may end in
     * half a character, so only a whole one is checked for that). */
    if (len + 1 < EXERCISE_ERRLEN) {
        size_t bad = text_invalid_at(err, len);
        CHECK(bad == len, "message is not UTF-8 at byte %zu: %s", bad, shown(err, len));
        for (size_t i = 0; i < len;) {
            uint32_t cp;
            size_t k = text_decode(err + i, len - i, &cp);
            CHECK(k > 0, "message is not UTF-8 at byte %zu", i);
            CHECK(text_class_of(cp) != TEXT_UNSAFE, "message has U+%04X raw at byte %zu: %s", (unsigned)cp, i,
                  shown(err, len));
            i += k;
        }
    }
}

/* ---- what a loaded dataset promises ---- */

/* What the dashboard draws must be in the pool, terminated, UTF-8 and free of controls. */
static void check_text(const dataset *ds, str_ref s, const char *what)
{
    CHECK(s < ds->strings_len, "%s: string offset %u beyond the pool (%zu)", what, (unsigned)s, ds->strings_len);
    const char *t = ds->strings + s;
    size_t n = strnlen(t, ds->strings_len - s);
    CHECK(n < ds->strings_len - s, "%s: string at %u is not terminated", what, (unsigned)s);
    size_t bad = text_invalid_at(t, n);
    CHECK(bad == n, "%s: not UTF-8 at byte %zu: %s", what, bad, shown(t, n));
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = text_decode(t + i, n - i, &cp);
        CHECK(k > 0, "%s: not UTF-8", what);
        CHECK(!(cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)), "%s: control character U+%04X: %s", what,
              (unsigned)cp, shown(t, n));
        i += k;
    }
}

/* A figure's relations name other figures of its unit, each once, and hold
 * both ways (data/SCHEMA.md, Relations). */
static void check_relations(const dataset *ds, uint32_t f)
{
    uint32_t n;
    const figure_link *links = dataset_figure_relations(ds, f, &n);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t o = links[k].figure;
        CHECK(o < ds->nfigures && o != f && links[k].how <= REL_OVERLAPS,
              "figure %u: relation %u to figure %u (how %u)", f, k, o, links[k].how);
        CHECK(ds->figures[o].unit == ds->figures[f].unit, "figure %u is related to %u of another unit", f, o);
        CHECK(dataset_figures_related(ds, f, o) && dataset_figures_related(ds, o, f),
              "figure %u: relation to %u does not hold both ways", f, o);
        for (uint32_t j = 0; j < k; j++)
            CHECK(links[j].figure != o, "figure %u: related to %u twice", f, o);
    }
}

/* Every index the views and pages follow must land in its array, whatever the input. */
static void check_structure(const dataset *ds)
{
    CHECK(ds->nthemes >= 1 || ds->nrecords == 0, "records without themes");
    check_text(ds, ds->meta.title, "meta.title");
    check_text(ds, ds->meta.publisher, "meta.publisher");
    check_text(ds, ds->meta.published, "meta.published");
    for (uint32_t i = 0; i < ds->meta.nsection; i++)
        check_text(ds, ds->meta.section[i], "meta.section");
    uint32_t next_record = 0;
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        const theme *th = &ds->themes[t];
        check_text(ds, th->id, "theme id");
        check_text(ds, th->title, "theme title");
        if (th->heading != NONE)
            check_text(ds, th->heading, "theme heading");
        CHECK(th->ncolumns >= 1, "theme %u has no columns", t);
        CHECK(th->first_record == next_record, "theme %u starts at record %u, expected %u", t,
              th->first_record, next_record);
        next_record += th->nrecords;
        CHECK(next_record <= ds->nrecords, "theme %u's records run past the end", t);
        CHECK((size_t)th->first_figure + th->nfigures <= ds->nfigures, "theme %u's figures run past the end", t);
        for (uint32_t c = 0; c < th->ncolumns; c++) {
            check_text(ds, th->columns[c].key, "column key");
            check_text(ds, th->columns[c].label, "column label");
            CHECK(th->columns[c].type <= COL_DATE, "theme %u column %u has type %u", t, c, th->columns[c].type);
        }
        for (uint32_t r = th->first_record; r < th->first_record + th->nrecords && r < ds->nrecords; r++) {
            CHECK(ds->records[r].theme == t, "record %u is in theme %u, expected %u", r, ds->records[r].theme, t);
            for (uint32_t c = 0; c < th->ncolumns; c++) {
                uint32_t cell = ds_cell(ds, r, c);
                if (cell == NONE)
                    continue;
                switch (th->columns[c].type) {
                case COL_TEXT:
                    check_text(ds, cell, "text cell");
                    break;
                case COL_REFS:
                    CHECK(cell < ds->nrefs && (size_t)cell + ds->refs[cell] < ds->nrefs,
                          "record %u column %u: refs cell %u beyond the refs (%zu)", r, c, cell, ds->nrefs);
                    for (uint32_t k = 1; k <= ds->refs[cell]; k++)
                        CHECK(ds->refs[cell + k] < ds->nentities, "record %u names entity %u of %u", r,
                              ds->refs[cell + k], ds->nentities);
                    break;
                default:
                    CHECK(cell < ds->nfigures, "record %u column %u: figure %u of %u", r, c, cell, ds->nfigures);
                    CHECK(ds->figures[cell].unit == th->columns[c].unit ||
                              (th->columns[c].type == COL_MONEY && ds->figures[cell].unit == UNIT_YUAN) ||
                              (th->columns[c].type == COL_DATE && ds->figures[cell].unit == UNIT_DATE),
                          "record %u column %u: figure of unit %u in a column of unit %u", r, c,
                          ds->figures[cell].unit, th->columns[c].unit);
                }
            }
        }
    }
    CHECK(next_record == ds->nrecords, "themes hold %u records, the dataset %u", next_record, ds->nrecords);
    for (uint32_t r = 0; r < ds->nrecords; r++) {
        check_text(ds, ds->records[r].id, "record id");
        check_text(ds, ds->records[r].name, "record name");
        check_text(ds, ds->records[r].quote, "record quote");
    }
    for (uint32_t e = 0; e < ds->nentities; e++) {
        const entity *en = &ds->entities[e];
        check_text(ds, en->id, "entity id");
        check_text(ds, en->name, "entity name");
        CHECK(en->parent == NONE || en->parent < ds->nentities, "entity %u has parent %u of %u", e, en->parent,
              ds->nentities);
        if (en->parent != NONE)
            CHECK(ds->entities[en->parent].type == ENTITY_PLACE, "entity %u lies in an organisation", e);
    }
    for (uint32_t f = 0; f < ds->nfigures; f++) {
        const figure *fi = &ds->figures[f];
        check_text(ds, fi->id, "figure id");
        check_text(ds, fi->label, "figure label");
        check_text(ds, fi->quote, "figure quote");
        CHECK(fi->unit < UNIT_COUNT && fi->qualifier < QUALIFIER_COUNT, "figure %u: unit %u qualifier %u", f,
              fi->unit, fi->qualifier);
        CHECK(fi->value >= 0 && fi->value <= VALUE_MAX, "figure %u has value %lld", f, (long long)fi->value);
        CHECK(fi->kind < FIGURE_KIND_COUNT, "figure %u has kind %u", f, fi->kind);
        check_relations(ds, f);
    }
    CHECK((size_t)ds->report_first_figure + ds->report_nfigures <= ds->nfigures, "report figures run past the end");
}

/* ---- views ---- */

/* Empty cells sort last both ways, and an empty list is as empty as no cell. */
static bool cell_empty(const dataset *ds, uint32_t rec, uint32_t col, enum column_type type)
{
    uint32_t cell = ds_cell(ds, rec, col);
    return cell == NONE || (type == COL_REFS && ds->refs[cell] == 0);
}

/* A comparison promises a sign, not a value: antisymmetry is a matter of signs. */
static int sign(int c)
{
    return (c > 0) - (c < 0);
}

/* Two names in the order view.h promises. */
static int compare_names(const char *a, const char *b)
{
#if EXERCISE_PINYIN
    int c = pinyin_compare(a, b), back = pinyin_compare(b, a), same = strcmp(a, b);
    CHECK(sign(c) == -sign(back), "pinyin_compare is not antisymmetric: \"%s\" and \"%s\"", shown(a, strlen(a)),
          shown(b, strlen(b)));
    CHECK((c == 0) == (same == 0), "pinyin_compare(\"%s\", \"%s\") is %d", shown(a, strlen(a)), shown(b, strlen(b)),
          c);
    uint64_t pa = pinyin_prefix(a), pb = pinyin_prefix(b);
    CHECK(pa == pb || (pa < pb) == (c < 0), "pinyin_prefix orders \"%s\" and \"%s\" unlike pinyin_compare",
          shown(a, strlen(a)), shown(b, strlen(b)));
    return c;
#else
    return strcmp(a, b);
#endif
}

/* The order view.h promises for two non-empty cells, ascending. */
static int compare_cells(const dataset *ds, uint32_t col, enum column_type type, uint32_t a, uint32_t b)
{
    uint32_t x = ds_cell(ds, a, col), y = ds_cell(ds, b, col);
    switch (type) {
    case COL_TEXT:
        return compare_names(S(ds, x), S(ds, y));
    case COL_REFS:
        for (uint32_t k = 1;; k++) {
            bool more_x = k <= ds->refs[x], more_y = k <= ds->refs[y];
            if (!more_x || !more_y)
                return (int)more_x - (int)more_y;
            int c = compare_names(S(ds, ds->entities[ds->refs[x + k]].name), S(ds, ds->entities[ds->refs[y + k]].name));
            if (c)
                return c;
        }
    default: {
        int64_t u = ds->figures[x].value, v = ds->figures[y].value;
        return (u > v) - (u < v);
    }
    }
}

/* After view_sort(v, by, descending), whatever the sort before: a permutation
 * of the theme's records, in order, empty cells last, ties in the report's
 * order. */
static void check_sorted(const view *v, int by, bool descending)
{
    const dataset *ds = v->ds;
    const theme *t = &ds->themes[v->theme];
    uint32_t n = v->total, first = t->first_record;
    bool valid = by >= 0 && (uint32_t)by < t->ncolumns;
    CHECK(v->sort_column == (valid ? by : -1), "theme %u: sort by %d gives sort_column %d", v->theme, by,
          v->sort_column);
    CHECK(v->descending == descending, "theme %u: sort direction not kept", v->theme);
    uint8_t *seen = calloc((size_t)n + 1, 1);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t r = v->order[i];
        CHECK(r >= first && r - first < n, "theme %u: sorted order holds record %u, not of the theme", v->theme, r);
        CHECK(!seen[r - first], "theme %u: sorted order holds record %u twice", v->theme, r);
        seen[r - first] = 1;
    }
    free(seen);
    CHECK(v->nrows == n, "theme %u: %u rows after a sort without a filter, expected %u", v->theme, v->nrows, n);
    for (uint32_t i = 0; i < n; i++)
        CHECK(v->rows[i] == v->order[i], "theme %u: rows differ from the order without a filter", v->theme);
    for (uint32_t i = 1; i < n; i++) {
        uint32_t a = v->order[i - 1], b = v->order[i];
        bool report_order = a < b; /* records are numbered in the report's order */
        if (!valid) {
            CHECK(descending ? a > b : a < b, "theme %u: not in the report's %s order at row %u", v->theme,
                  descending ? "reverse" : "", i);
            continue;
        }
        enum column_type type = t->columns[by].type;
        bool ea = cell_empty(ds, a, (uint32_t)by, type), eb = cell_empty(ds, b, (uint32_t)by, type);
        CHECK(!ea || eb, "theme %u column %d %s: an empty cell before a full one at row %u", v->theme, by,
              descending ? "desc" : "asc", i);
        if (ea && eb) {
            CHECK(report_order, "theme %u column %d: empty cells not in the report's order at row %u", v->theme, by,
                  i);
            continue;
        }
        if (ea || eb)
            continue;
        int c = compare_cells(ds, (uint32_t)by, type, a, b);
        if (descending)
            c = -c;
        CHECK(c <= 0, "theme %u column %d (%s) %s: rows %u and %u out of order (records %s, %s)", v->theme, by,
              column_type_name(type), descending ? "desc" : "asc", i - 1, i, S(ds, ds->records[a].id),
              S(ds, ds->records[b].id));
        CHECK(c != 0 || report_order,
              "theme %u column %d %s: equal cells not in the report's order at row %u (records %s, %s)",
              v->theme, by, descending ? "desc" : "asc", i, S(ds, ds->records[a].id), S(ds, ds->records[b].id));
    }
}

/* Which of the theme's records contain the needle, as view_record_contains says. */
static void matches_of(const view *v, const char *needle, uint8_t *match)
{
    const theme *t = &v->ds->themes[v->theme];
    for (uint32_t i = 0; i < t->nrecords; i++)
        match[i] = view_record_contains(v->ds, t->first_record + i, needle);
}

/* view.h's filter: exactly the records that contain the needle, in the sort order. */
static void check_filtered(const view *v, const char *needle, const uint8_t *match)
{
    uint32_t first = v->ds->themes[v->theme].first_record, n = 0;
    for (uint32_t i = 0; i < v->total; i++) {
        uint32_t r = v->order[i];
        if (!match[r - first])
            continue;
        CHECK(n < v->nrows && v->rows[n] == r,
              "theme %u: filter \"%s\" does not keep record %s, which contains it (or not in order)", v->theme,
              shown(needle, strlen(needle)), S(v->ds, v->ds->records[r].id));
        n++;
    }
    CHECK(n == v->nrows, "theme %u: filter \"%s\" keeps %u rows, %u records contain it", v->theme,
          shown(needle, strlen(needle)), v->nrows, n);
    CHECK(v->filter && !strcmp(v->filter, needle), "theme %u: the filter is not kept", v->theme);
}

/* n and N go round the end: from every kind of start, both ways, against a brute force. */
static void check_search(view *v, const char *needle, const uint8_t *match)
{
    uint32_t first = v->ds->themes[v->theme].first_record;
    long n = (long)v->nrows;
    long froms[] = {-1, 0, n / 2, n - 1, 3 * n + 1};
    for (size_t f = 0; f < sizeof froms / sizeof froms[0]; f++) {
        for (int dir = -1; dir <= 1; dir += 2) {
            long got = view_search(v, needle, froms[f], dir), want = -1;
            if (n && *needle) {
                long start = froms[f] < 0 ? (dir < 0 ? 0 : n - 1) : froms[f] % n;
                for (long k = 1; k <= n; k++) {
                    long row = ((start + dir * k) % n + n) % n;
                    if (match[v->rows[row] - first]) {
                        want = row;
                        break;
                    }
                }
            }
            CHECK(got == want, "theme %u: search \"%s\" from %ld dir %d gives %ld, expected %ld", v->theme,
                  shown(needle, strlen(needle)), froms[f], dir, got, want);
        }
    }
}

/* A typist takes a needle from the middle of a name: the middle third of two names' characters. */
static size_t add_name_middles(const dataset *ds, char needles[][EXERCISE_NEEDLE], size_t n)
{
    for (uint32_t k = 0; k < 2 && ds->nrecords; k++) {
        const char *name = S(ds, ds->records[k ? ds->nrecords / 2 : 0].name);
        size_t len = strlen(name), chars = 0;
        for (size_t i = 0; i < len;) {
            uint32_t cp;
            size_t step = text_decode(name + i, len - i, &cp);
            i += step ? step : 1;
            chars++;
        }
        /* the middle third of its characters, at least one */
        size_t from = chars / 3, take = chars / 3 ? chars / 3 : 1, start = 0, end = len;
        for (size_t i = 0, c = 0; i < len; c++) {
            if (c == from)
                start = i;
            if (c == from + take) {
                end = i;
                break;
            }
            uint32_t cp;
            size_t step = text_decode(name + i, len - i, &cp);
            i += step ? step : 1;
        }
        if (end > start && end - start < EXERCISE_NEEDLE) {
            memcpy(needles[n], name + start, end - start);
            needles[n++][end - start] = 0;
        }
    }
    return n;
}

/* ASCII needles, where case must not matter: a digit, a letter both ways, two letters as typed. */
static size_t add_ascii(const dataset *ds, char needles[][EXERCISE_NEEDLE], size_t n)
{
    const char *digit = NULL, *letter = NULL;
    for (size_t i = 0; i < ds->strings_len && (!digit || !letter); i++) {
        char c = ds->strings[i];
        if (!digit && c >= '0' && c <= '9')
            digit = ds->strings + i;
        if (!letter && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            letter = ds->strings + i;
    }
    snprintf(needles[n++], EXERCISE_NEEDLE, "%c", digit ? *digit : '1');
    char l = letter ? *letter : 'a';
    snprintf(needles[n++], EXERCISE_NEEDLE, "%c", l >= 'a' ? l : (char)(l + 'a' - 'A'));
    snprintf(needles[n++], EXERCISE_NEEDLE, "%c", l >= 'a' ? (char)(l - 'a' + 'A') : l);
    if (letter) { /* two letters, as typed */
        size_t m = 0;
        while (m < 2 && ((letter[m] >= 'a' && letter[m] <= 'z') || (letter[m] >= 'A' && letter[m] <= 'Z')))
            m++;
        if (m == 2)
            snprintf(needles[n++], EXERCISE_NEEDLE, "%c%c", letter[0] ^ 0x20, letter[1]);
    }
    return n;
}

#if EXERCISE_PINYIN
/* What one types for Chinese: the initials of a name's first characters
 * that have a reading (lwc for 林屋村), and the syllables of two. */
static size_t add_pinyin(const dataset *ds, char needles[][EXERCISE_NEEDLE], size_t n)
{
    for (uint32_t r = 0; r < ds->nrecords && r < 8; r++) {
        const char *name = S(ds, ds->records[r].name);
        size_t len = strlen(name), ni = 0, ns = 0;
        char initials[8], syllables[32];
        for (size_t i = 0; i < len && ni < 4;) {
            uint32_t cp;
            int tone;
            size_t step = text_decode(name + i, len - i, &cp);
            const char *py = step ? pinyin_of(cp, &tone) : NULL;
            i += step ? step : 1;
            if (!py || !*py) {
                if (ni)
                    break;
                continue;
            }
            initials[ni++] = py[0];
            if (ni <= 2 && ns + strlen(py) < sizeof syllables) {
                memcpy(syllables + ns, py, strlen(py));
                ns += strlen(py);
            }
        }
        if (ni >= 2) {
            snprintf(needles[n++], EXERCISE_NEEDLE, "%.*s", (int)ni, initials);
            snprintf(needles[n++], EXERCISE_NEEDLE, "%.*s", (int)ns, syllables);
            break;
        }
    }
    return n;
}
#endif

/* Figures are searched as shown (1.3亿, 4,170), not as stored: one figure of each theme, shown. */
static size_t add_figures(const dataset *ds, char needles[][EXERCISE_NEEDLE], size_t n)
{
    for (uint32_t t = 0; t < ds->nthemes && n < EXERCISE_MAX_NEEDLES - 2; t++) {
        const theme *th = &ds->themes[t];
        bool done = false;
        for (uint32_t c = 0; c < th->ncolumns && !done; c++) {
            if (th->columns[c].type < COL_MONEY)
                continue;
            for (uint32_t r = 0; r < th->nrecords && !done; r++) {
                uint32_t cell = th->cells[(size_t)r * th->ncolumns + c];
                if (cell == NONE)
                    continue;
                buf b;
                buf_init(&b);
                view_figure_text(&b, ds, cell);
                if (b.len && b.len < EXERCISE_NEEDLE) {
                    memcpy(needles[n], b.data, b.len + 1);
                    n++;
                }
                buf_free(&b);
                done = true;
            }
        }
    }
    return n;
}

/* A whole name, as one would paste it (cut at a character). */
static size_t add_whole_name(const dataset *ds, char needles[][EXERCISE_NEEDLE], size_t n)
{
    if (ds->nrecords) {
        const char *name = S(ds, ds->records[ds->nrecords - 1].name);
        size_t len = strlen(name), take = 0;
        while (take < len) {
            uint32_t cp;
            size_t step = text_decode(name + take, len - take, &cp);
            if (!step || take + step >= EXERCISE_NEEDLE - 20)
                break;
            take += step;
        }
        memcpy(needles[n], name, take);
        needles[n][take] = 0;
        n += take > 0;
    }
    return n;
}

/* Needles from the data: part of a record's name, a digit, an ASCII letter in
 * both cases, two letters, pinyin, a figure as shown, a whole name, and one
 * that nothing contains. */
static size_t needles_of(const dataset *ds, char needles[][EXERCISE_NEEDLE])
{
    size_t n = add_name_middles(ds, needles, 0);
    n = add_ascii(ds, needles, n);
#if EXERCISE_PINYIN
    n = add_pinyin(ds, needles, n);
#endif
    n = add_figures(ds, needles, n);
    n = add_whole_name(ds, needles, n);
    snprintf(needles[n++], EXERCISE_NEEDLE, "%s", "qz~#\xE2\x80\x8B");
    return n;
}

/* What a table of the dashboard does: each sort, each cell shown, each needle filtered and searched. */
static void exercise_views(const dataset *ds, char needles[][EXERCISE_NEEDLE], size_t nneedles)
{
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        const theme *th = &ds->themes[t];
        view *v = view_new(ds, t);
        CHECK(v->total == th->nrecords && v->nrows == th->nrecords && v->sort_column == -1,
              "theme %u: a new view shows %u of %u rows", t, v->nrows, th->nrecords);
        uint32_t n = v->total;
        uint8_t *match = malloc((size_t)n + 1);
        uint8_t *other = malloc((size_t)n + 1);

        /* The report's order (-1), every column, and one past the last, each both ways. */
        for (int c = -1; c <= (int)th->ncolumns; c++) {
            for (int d = 0; d < 2; d++) {
                view_sort(v, c, d == 1);
                check_sorted(v, c, d == 1);
            }
        }
        /* Cells as shown. */
        buf cell;
        buf_init(&cell);
        for (uint32_t r = th->first_record; r < th->first_record + th->nrecords; r++)
            for (uint32_t c = 0; c < th->ncolumns; c++) {
                buf_clear(&cell);
                view_cell_text(&cell, ds, r, c);
                CHECK(text_invalid_at(cell.data ? cell.data : "", cell.len) == cell.len,
                      "record %u column %u is shown as bytes that are not UTF-8", r, c);
            }
        buf_free(&cell);
        for (uint32_t c = 0; c < th->ncolumns; c++) {
            int by_key = view_find_column(ds, t, S(ds, th->columns[c].key));
            CHECK(by_key >= 0 && !strcmp(S(ds, th->columns[by_key].key), S(ds, th->columns[c].key)),
                  "theme %u: column key %s not found", t, S(ds, th->columns[c].key));
            CHECK(view_find_column(ds, t, S(ds, th->columns[c].label)) >= 0, "theme %u: column label not found", t);
        }

        /* Filter and search, on a view sorted by a column. */
        view_sort(v, th->ncolumns > 1 ? 1 : 0, true);
        for (size_t k = 0; k < nneedles; k++) {
            const char *needle = needles[k];
            matches_of(v, needle, match);
            view_filter(v, NULL);
            check_search(v, needle, match);
            view_filter(v, needle);
            check_filtered(v, needle, match);
            check_search(v, needle, match);
            /* ASCII letters match either case. */
            char upper[EXERCISE_NEEDLE];
            snprintf(upper, sizeof upper, "%s", needle);
            for (char *p = upper; *p; p++)
                if (*p >= 'a' && *p <= 'z')
                    *p = (char)(*p - 'a' + 'A');
            matches_of(v, upper, other);
            CHECK(!memcmp(match, other, n), "theme %u: \"%s\" and \"%s\" match different records", t,
                  shown(needle, strlen(needle)), shown(upper, strlen(upper)));
            /* A sort keeps the filter. */
            view_sort(v, 0, false);
            check_filtered(v, needle, match);
            view_filter(v, "");
            CHECK(v->nrows == n && !v->filter, "theme %u: an empty filter shows %u of %u rows", t, v->nrows, n);
        }
        view_filter(v, needles[0]);
        view_filter(v, NULL);
        CHECK(v->nrows == n && !v->filter, "theme %u: clearing the filter shows %u of %u rows", t, v->nrows, n);
        CHECK(view_search(v, "", -1, 1) == -1 && view_search(v, NULL, 0, -1) == -1,
              "theme %u: an empty search finds something", t);
        free(match);
        free(other);
        view_free(v);
    }
}

/* ---- drill-down, totals, lookups ---- */

/* Marks within[x] 2 for every entity that is `outer` or lies inside it, 1 for
 * the others, following each chain of parents once. */
static void mark_within(const dataset *ds, uint32_t outer, uint8_t *within, uint32_t *chain)
{
    memset(within, 0, (size_t)ds->nentities + 1);
    within[outer] = 2;
    for (uint32_t x = 0; x < ds->nentities; x++) {
        uint32_t n = 0, y = x;
        while (y != NONE && !within[y] && n <= ds->nentities) {
            chain[n++] = y;
            y = ds->entities[y].parent;
        }
        uint8_t mark = y != NONE && within[y] ? within[y] : 1;
        while (n)
            within[chain[--n]] = mark;
    }
}

/* A total counts each money figure once, however many records share it. */
static void check_money(const dataset *ds, const uint32_t *recs, uint32_t n, qsum got, const char *what)
{
    uint8_t *counted = calloc((size_t)ds->nfigures + 1, 1);
    qsum want = {0, QUAL_EXACT, 0};
    for (uint32_t i = 0; i < n; i++) {
        const theme *t = &ds->themes[ds->records[recs[i]].theme];
        for (uint32_t c = 0; c < t->ncolumns; c++) {
            uint32_t cell = ds_cell(ds, recs[i], c);
            if (t->columns[c].type != COL_MONEY || cell == NONE || counted[cell])
                continue;
            counted[cell] = 1;
            qsum_add(&want, ds->figures[cell].value, ds->figures[cell].qualifier);
        }
    }
    free(counted);
    CHECK(got.parts == want.parts && got.qualifier == want.qualifier && (got.value == want.value),
          "%s: money %lld (%u parts, qualifier %d), expected %lld (%u parts, qualifier %d)", what,
          (long long)got.value, got.parts, (int)got.qualifier, (long long)want.value, want.parts,
          (int)want.qualifier);
}

/* An honest total (model/total.h) of the records' money: every distinct figure
 * once among the items; a sum only of unrelated figures of one known kind; a
 * figure shown alone with its own value and qualifier. */
static void check_total(const dataset *ds, const uint32_t *recs, uint32_t n, const char *what)
{
    total t;
    total_of_records(&t, ds, recs, n, UNIT_YUAN);
    qsum all = link_money(ds, recs, n);
    CHECK(t.nitems == all.parts && (t.nitems == 0) == (t.how == TOTAL_EMPTY),
          "%s: %u items of %u figures, how %d", what, t.nitems, all.parts, t.how);
    uint32_t counted = 0;
    for (uint32_t i = 0; i < t.nitems; i++) {
        const struct total_item *it = &t.items[i];
        CHECK(it->figure < ds->nfigures && ds->figures[it->figure].unit == UNIT_YUAN,
              "%s: item %u is figure %u", what, i, it->figure);
        CHECK((it->role == TOTAL_OTHER_KIND) == (ds->figures[it->figure].kind != t.kind),
              "%s: item %u has role %d", what, i, it->role);
        for (uint32_t j = 0; j < i; j++) {
            CHECK(t.items[j].figure != it->figure, "%s: figure %u listed twice", what, it->figure);
            CHECK(it->role != TOTAL_COUNTED || t.how != TOTAL_SUM ||
                      !dataset_figures_related(ds, it->figure, t.items[j].figure),
                  "%s: related figures %u and %u added", what, it->figure, t.items[j].figure);
        }
        counted += it->role == TOTAL_COUNTED;
    }
    if (t.how == TOTAL_ONE || t.how == TOTAL_LARGEST) {
        const figure *f = &ds->figures[t.items[0].figure];
        CHECK(counted == 1 && t.value == f->value && t.qualifier == f->qualifier,
              "%s: shows %lld, not its figure's own %lld", what, (long long)t.value, (long long)f->value);
    } else if (t.how == TOTAL_SUM) {
        CHECK(counted > 1 && t.kind != FIGURE_KIND_UNKNOWN && t.value >= 0,
              "%s: a sum of %u figures of kind %u", what, counted, t.kind);
    }
    total_free(&t);
}

/* A record's page lists what it names: each entity once, each naming the record back. */
static void check_record_entities(const dataset *ds)
{
    uint8_t *listed = calloc((size_t)ds->nentities + 1, 1);
    for (uint32_t r = 0; r < ds->nrecords; r++) {
        uint32_t *list = NULL;
        uint32_t n = link_record_entities(ds, r, &list);
        memset(listed, 0, (size_t)ds->nentities + 1);
        for (uint32_t i = 0; i < n; i++) {
            CHECK(list[i] < ds->nentities, "record %u: entity %u of %u", r, list[i], ds->nentities);
            CHECK(!listed[list[i]], "record %u: entity %u listed twice", r, list[i]);
            CHECK(record_names_entity(ds, r, list[i]), "record %u: lists entity %u, which it does not name", r,
                  list[i]);
            listed[list[i]] = 1;
            uint32_t k;
            const uint32_t *by = link_named_by(ds, list[i], &k);
            bool found = false;
            for (uint32_t j = 0; j < k && !found; j++)
                found = by[j] == r;
            CHECK(found, "record %u names entity %u, which is not named by it", r, list[i]);
        }
        const theme *t = &ds->themes[ds->records[r].theme];
        for (uint32_t c = 0; c < t->ncolumns; c++) {
            uint32_t cell = ds_cell(ds, r, c);
            if (t->columns[c].type != COL_REFS || cell == NONE)
                continue;
            for (uint32_t k = 1; k <= ds->refs[cell]; k++)
                CHECK(listed[ds->refs[cell + k]], "record %u names entity %u, not listed", r, ds->refs[cell + k]);
        }
        free(list);
    }
    free(listed);
}

/* An entity's page: the records naming it, the places in it, the path down to it, in any room. */
static void check_entity_neighbours(const dataset *ds, uint32_t e, uint32_t *path)
{
    uint32_t k;
    const uint32_t *by = link_named_by(ds, e, &k);
    for (uint32_t j = 0; j < k; j++) {
        CHECK(by[j] < ds->nrecords && record_names_entity(ds, by[j], e),
              "entity %u: named by record %u, which does not", e, by[j]);
        CHECK(j == 0 || by[j - 1] < by[j], "entity %u: named-by list not in the report's order", e);
    }
    const uint32_t *kids = link_children(ds, e, &k);
    for (uint32_t j = 0; j < k; j++)
        CHECK(kids[j] < ds->nentities && ds->entities[kids[j]].parent == e,
              "entity %u: child %u does not lie in it", e, kids[j]);

    uint32_t depth = link_path(ds, e, path, ds->nentities + 1);
    CHECK(depth >= 1 && depth <= ds->nentities, "entity %u: path of %u steps", e, depth);
    if (depth >= 1 && depth <= ds->nentities) {
        CHECK(path[depth - 1] == e && ds->entities[path[0]].parent == NONE, "entity %u: path ends wrong", e);
        for (uint32_t j = 1; j < depth; j++)
            CHECK(ds->entities[path[j]].parent == path[j - 1], "entity %u: path step %u is not inside the last", e,
                  j);
    }
    uint32_t two[2];
    CHECK(link_path(ds, e, two, 2) == depth, "entity %u: a short path buffer changes the count", e);
    CHECK(link_path(ds, e, NULL, 0) == depth, "entity %u: no path buffer changes the count", e);
}

/* Opening a place shows exactly the records about it, by brute force, and their money. */
static void check_entity_records(const dataset *ds, uint32_t e, uint8_t *about, uint8_t *within, uint32_t *chain)
{
    uint32_t *recs = NULL;
    uint32_t n = link_entity_records(ds, e, &recs);
    memset(about, 0, (size_t)ds->nrecords + 1);
    for (uint32_t i = 0; i < n; i++) {
        CHECK(recs[i] < ds->nrecords, "entity %u: record %u of %u", e, recs[i], ds->nrecords);
        CHECK(i == 0 || recs[i - 1] < recs[i], "entity %u: records not in the report's order, or twice", e);
        about[recs[i]] = 1;
    }
    /* Brute force: the records naming e or anything inside it. */
    mark_within(ds, e, within, chain);
    for (uint32_t r = 0; r < ds->nrecords; r++) {
        bool want = false;
        const theme *t = &ds->themes[ds->records[r].theme];
        for (uint32_t c = 0; c < t->ncolumns && !want; c++) {
            uint32_t cell = ds_cell(ds, r, c);
            if (t->columns[c].type != COL_REFS || cell == NONE)
                continue;
            for (uint32_t j = 1; j <= ds->refs[cell] && !want; j++)
                want = within[ds->refs[cell + j]] == 2;
        }
        CHECK(about[r] == want, "entity %s: record %s %s", S(ds, ds->entities[e].id), S(ds, ds->records[r].id),
              want ? "is about it but not listed" : "is listed but not about it");
    }
    char what[64];
    snprintf(what, sizeof what, "entity %u", e);
    check_money(ds, recs, n, link_money(ds, recs, n), what);
    check_total(ds, recs, n, what);
    free(recs);
}

/* The dashboard's pages: drill-down both ways and the totals on the way, from everything. */
static void exercise_links(const dataset *ds)
{
    check_record_entities(ds);

    uint32_t *path = malloc(((size_t)ds->nentities + 1) * sizeof *path);
    uint8_t *about = malloc((size_t)ds->nrecords + 1);
    uint8_t *within = malloc((size_t)ds->nentities + 1);
    uint32_t *chain = malloc(((size_t)ds->nentities + 2) * sizeof *chain);
    for (uint32_t e = 0; e < ds->nentities; e++) {
        check_entity_neighbours(ds, e, path);
        check_entity_records(ds, e, about, within, chain);
    }
    free(about);
    free(within);
    free(chain);
    free(path);

    for (uint32_t t = 0; t < ds->nthemes; t++) {
        const theme *th = &ds->themes[t];
        uint32_t *recs = malloc(((size_t)th->nrecords + 1) * sizeof *recs);
        for (uint32_t i = 0; i < th->nrecords; i++)
            recs[i] = th->first_record + i;
        char what[64];
        snprintf(what, sizeof what, "theme %u", t);
        check_money(ds, recs, th->nrecords, link_theme_money(ds, t), what);
        check_total(ds, recs, th->nrecords, what);
        free(recs);
    }
    check_money(ds, NULL, 0, link_money(ds, NULL, 0), "no records");
}

/* An id typed after --open must find the very thing that has it. */
static void check_id(const dataset *ds, str_ref id, enum id_kind kind, uint32_t index)
{
    uint32_t got = UINT32_MAX;
    enum id_kind k = dataset_find_id(ds, S(ds, id), &got);
    CHECK(k == kind && got == index, "id \"%s\": found kind %d index %u, expected kind %d index %u",
          shown(S(ds, id), strlen(S(ds, id))), (int)k, got, (int)kind, index);
}

/* --open, --tab and the dashboard's go-to find by id, title and name: each must find what it names. */
static void exercise_lookups(const dataset *ds)
{
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        check_id(ds, ds->themes[t].id, ID_THEME, t);
        int found = dataset_find_theme(ds, S(ds, ds->themes[t].id));
        CHECK(found >= 0 && (uint32_t)found < ds->nthemes &&
                  (!strcmp(S(ds, ds->themes[found].id), S(ds, ds->themes[t].id)) ||
                   !strcmp(S(ds, ds->themes[found].title), S(ds, ds->themes[t].id))),
              "theme %u: dataset_find_theme by its id gives %d", t, found);
    }
    for (uint32_t f = 0; f < ds->nfigures; f++)
        check_id(ds, ds->figures[f].id, ID_FIGURE, f);
    for (uint32_t e = 0; e < ds->nentities; e++)
        check_id(ds, ds->entities[e].id, ID_ENTITY, e);
    for (uint32_t r = 0; r < ds->nrecords; r++)
        check_id(ds, ds->records[r].id, ID_RECORD, r);
    uint32_t none;
    CHECK(dataset_find_id(ds, "", &none) == ID_NONE, "the empty id names something");
    CHECK(dataset_find_id(ds, "no such id \x01", &none) == ID_NONE, "an impossible id names something");
    CHECK(dataset_find_theme(ds, "0") < 0 || !strcmp(S(ds, ds->themes[dataset_find_theme(ds, "0")].id), "0") ||
              !strcmp(S(ds, ds->themes[dataset_find_theme(ds, "0")].title), "0"),
          "tab 0 names a theme");

    link_target found[EXERCISE_FIND_MAX];
    CHECK(link_find(ds, "", found, EXERCISE_FIND_MAX) == 0, "link_find of nothing finds something");
    for (uint32_t k = 0; k < 2 && ds->nrecords; k++) {
        uint32_t r = k ? ds->nrecords - 1 : 0;
        uint32_t n = link_find(ds, S(ds, ds->records[r].id), found, EXERCISE_FIND_MAX);
        CHECK(n == 1 && found[0].kind == LINK_RECORD && found[0].index == r, "link_find of record %u's id", r);
        const char *name = S(ds, ds->records[r].name);
        n = link_find(ds, name, found, EXERCISE_FIND_MAX);
        CHECK(n >= 1, "link_find of record %u's name finds nothing", r);
        uint32_t idx;
        enum id_kind kind = dataset_find_id(ds, name, &idx);
        if (kind != ID_ENTITY && kind != ID_RECORD && n <= EXERCISE_FIND_MAX) {
            bool listed = false;
            for (uint32_t i = 0; i < n; i++) {
                CHECK(found[i].kind == LINK_ENTITY ? found[i].index < ds->nentities : found[i].index < ds->nrecords,
                      "link_find gives an index out of range");
                listed |= found[i].kind == LINK_RECORD && found[i].index == r;
            }
            CHECK(listed, "link_find of record %u's name does not list it", r);
        }
    }
    for (uint32_t k = 0; k < 2 && ds->nentities; k++) {
        uint32_t e = k ? ds->nentities - 1 : 0;
        uint32_t n = link_find(ds, S(ds, ds->entities[e].id), found, EXERCISE_FIND_MAX);
        CHECK(n == 1 && found[0].kind == LINK_ENTITY && found[0].index == e, "link_find of entity %u's id", e);
        CHECK(link_find(ds, S(ds, ds->entities[e].name), found, EXERCISE_FIND_MAX) >= 1,
              "link_find of entity %u's name finds nothing", e);
    }
}

/* ---- batch output ---- */

/* Each --dump format, with --tab, --sort, --filter and --open, must succeed on a loaded dataset. */
static void exercise_dumps(const dataset *ds, const char *needle)
{
    FILE *out = fopen("/dev/null", "w"), *err = fopen("/dev/null", "w");
    CHECK(out && err, "cannot open /dev/null");
    static const enum dump_format formats[] = {DUMP_TXT, DUMP_CSV, DUMP_JSON};
    char sort[200];
    sort[0] = 0;
    if (ds->nthemes)
        snprintf(sort, sizeof sort, "%s:desc", S(ds, ds->themes[0].columns[0].key));
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        struct dump_options o = {formats[f], NULL, NULL, NULL, NULL};
        int st = dump_run(ds, &o, out, err);
        CHECK(st == EXIT_OK, "dump %zu of everything: exit %d", f, st);
        if (ds->nthemes) {
            o.tab = S(ds, ds->themes[0].id);
            o.sort = sort;
            o.filter = needle;
            dump_run(ds, &o, out, err);
            if (f == 0) {
                o.tab = "1";
                o.sort = "no such column";
                st = dump_run(ds, &o, out, err);
                CHECK(st == EXIT_USAGE || st == EXIT_OK, "dump sorted by no column: exit %d", st);
            }
        }
        o = (struct dump_options){formats[f], NULL, NULL, NULL, NULL};
        if (ds->nrecords) {
            o.open = S(ds, ds->records[0].id);
            st = dump_run(ds, &o, out, err);
            CHECK(st == EXIT_OK, "dump %zu --open %s (the first record): exit %d", f, shown(o.open, strlen(o.open)),
                  st);
        }
        if (ds->nentities) {
            o.open = S(ds, ds->entities[0].id);
            st = dump_run(ds, &o, out, err);
            CHECK(st == EXIT_OK, "dump %zu --open %s (the first entity): exit %d", f, shown(o.open, strlen(o.open)),
                  st);
        }
        if (f > 0)
            continue;
        if (ds->nrecords) {
            o.open = S(ds, ds->records[ds->nrecords - 1].name); /* may be ambiguous */
            dump_run(ds, &o, out, err);
        }
        o.open = "";
        CHECK(dump_run(ds, &o, out, err) == EXIT_USAGE, "dump --open \"\" opens something");
    }
    dump_summary(ds, EXERCISE_NAME, out);
    fclose(out);
    fclose(err);
}

/* ---- the writer ---- */

/* The tests compare models through dataset_write: it must give the same bytes again. */
static void exercise_write(const dataset *ds)
{
    buf first;
    buf_init(&first);
    dataset_write(ds, &first);
    char *copy = malloc(first.len ? first.len : 1);
    memcpy(copy, first.data, first.len);
    dataset *again = NULL;
    char err[EXERCISE_ERRLEN] = "";
    enum dataset_status st = dataset_load_memory(copy, first.len, EXERCISE_NAME, &again, err, sizeof err);
    free(copy);
    CHECK(st == DATASET_OK && again, "what dataset_write wrote does not load: %s", shown(err, strlen(err)));
    CHECK(again->nthemes == ds->nthemes && again->nrecords == ds->nrecords && again->nentities == ds->nentities &&
              again->nfigures == ds->nfigures && again->nrefs == ds->nrefs &&
              again->meta.nsection == ds->meta.nsection && again->report_nfigures == ds->report_nfigures,
          "written and loaded again: %u themes %u records %u entities %u figures %zu refs, "
          "expected %u %u %u %u %zu",
          again->nthemes, again->nrecords, again->nentities, again->nfigures, again->nrefs, ds->nthemes,
          ds->nrecords, ds->nentities, ds->nfigures, ds->nrefs);
    for (uint32_t t = 0; t < ds->nthemes; t++)
        CHECK(again->themes[t].ncolumns == ds->themes[t].ncolumns && again->themes[t].nrecords == ds->themes[t].nrecords &&
                  again->themes[t].nfigures == ds->themes[t].nfigures,
              "written and loaded again: theme %u differs", t);
    /* Loading what it writes gives the same model: writing that again gives the same bytes. */
    buf second;
    buf_init(&second);
    dataset_write(again, &second);
    size_t at = 0;
    while (at < first.len && at < second.len && first.data[at] == second.data[at])
        at++;
    CHECK(first.len == second.len && at == first.len,
          "written, loaded and written again differs at byte %zu (of %zu and %zu): %s", at, first.len, second.len,
          shown(first.data + (at > 40 ? at - 40 : 0), first.len - (at > 40 ? at - 40 : 0) < 120 ? first.len - (at > 40 ? at - 40 : 0) : 120));
    buf_free(&second);
    buf_free(&first);
    dataset_free(again);
}

/* ---- the same bytes through a descriptor ---- */

/* The loader reads a file or standard input through a window it fills with
 * read(); a pipe hands it a few bytes at a time. A socket of packets does the
 * same, deterministically: each read returns one packet, whatever the timing. */
struct feeder {
    int fd;
    const char *data;
    size_t size;
    unsigned seed;
};

/* The writer on its own thread, so that the loader reads while packets arrive. */
static void *feed(void *arg)
{
    struct feeder *f = arg;
    unsigned step = f->seed;
    for (size_t at = 0; at < f->size;) {
        step = step * 1103515245u + 12345u;
        size_t chunk = 1 + (step >> 16) % 97;
        if (chunk > f->size - at)
            chunk = f->size - at;
        ssize_t n = send(f->fd, f->data + at, chunk, MSG_NOSIGNAL);
        if (n <= 0)
            break; /* the loader stopped reading */
        at += (size_t)n;
    }
    shutdown(f->fd, SHUT_WR);
    return NULL;
}

/* Odd-sized packets reach every boundary of the window dataset_load_fd reads through. */
static enum dataset_status load_through_fd(const char *data, size_t size, dataset **out, char *err, size_t errlen)
{
    int fds[2];
    CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds) == 0, "socketpair failed");
    struct feeder f = {fds[1], data, size, (unsigned)size * 2654435761u};
    pthread_t writer;
    CHECK(pthread_create(&writer, NULL, feed, &f) == 0, "pthread_create failed");
    enum dataset_status st = dataset_load_fd(fds[0], EXERCISE_NAME, out, err, errlen);
    close(fds[0]); /* a writer still sending gets EPIPE */
    pthread_join(writer, NULL);
    close(fds[1]);
    return st;
}

/* A file or standard input must load as the same bytes in memory do. */
static void check_same_through_fd(const char *data, size_t size, enum dataset_status st, const dataset *ds,
                                  const char *err)
{
    dataset *again = NULL;
    char err2[EXERCISE_ERRLEN] = "";
    enum dataset_status st2 = load_through_fd(data, size, &again, err2, sizeof err2);
    CHECK(st2 == st, "loaded from memory: status %d (%s); through a descriptor: status %d (%s)", (int)st,
          shown(err, strlen(err)), (int)st2, shown(err2, strlen(err2)));
    if (st != DATASET_OK) {
        CHECK(!again, "refused through a descriptor but *out is not NULL");
        CHECK(!strcmp(err, err2), "refused from memory with \"%s\", through a descriptor with \"%s\"",
              shown(err, strlen(err)), shown(err2, strlen(err2)));
        return;
    }
    buf a, b;
    buf_init(&a);
    buf_init(&b);
    dataset_write(ds, &a);
    dataset_write(again, &b);
    CHECK(a.len == b.len && !memcmp(a.data, b.data, a.len),
          "loaded from memory and through a descriptor, the datasets differ (%zu and %zu bytes written)", a.len,
          b.len);
    buf_free(&a);
    buf_free(&b);
    dataset_free(again);
}

/* The promise of exercise.h: a refusal must be clean, and a loaded dataset must survive everything. */
void exercise(const char *data, size_t size, exercise_fail_fn fail)
{
    exercise_fail = fail;
    dataset *ds = (dataset *)&exercise_fail; /* not NULL: the loader must clear it */
    char err[EXERCISE_ERRLEN];
    memset(err, 0x7F, sizeof err - 1);
    err[sizeof err - 1] = 0;
    enum dataset_status st = dataset_load_memory(data, size, EXERCISE_NAME, &ds, err, sizeof err);
    if (st != DATASET_OK) {
        check_refusal(st, ds, err);
        check_same_through_fd(data, size, st, NULL, err);
        return;
    }
    CHECK(ds != NULL && ds != (dataset *)&exercise_fail, "loaded, but *out is not set");
    check_same_through_fd(data, size, st, ds, err);
    check_structure(ds);

    char needles[EXERCISE_MAX_NEEDLES][EXERCISE_NEEDLE];
    size_t nneedles = needles_of(ds, needles);
    exercise_views(ds, needles, nneedles);
    exercise_links(ds);
    exercise_lookups(ds);
    exercise_dumps(ds, needles[0]);
    exercise_write(ds);
    dataset_free(ds);
}

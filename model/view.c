#define _GNU_SOURCE /* memmem */
#include "view.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "pinyin.h"
#include "scan.h"
#include "total.h"
#include "view_rows.h"

/* Each tab keeps its own order, filter and position: one view per theme shown. */
view *view_new(const dataset *ds, uint32_t theme_index)
{
    const theme *t = &ds->themes[theme_index];
    view *v = mem_calloc(1, sizeof *v);
    v->ds = ds;
    v->theme = theme_index;
    v->total = t->nrecords;
    v->order = mem_alloc(((size_t)t->nrecords + 1) * sizeof *v->order);
    v->rows = mem_alloc(((size_t)t->nrecords + 1) * sizeof *v->rows);
    v->passes = mem_alloc((size_t)t->nrecords + 1);
    memset(v->passes, 1, (size_t)t->nrecords + 1);
    for (uint32_t i = 0; i < t->nrecords; i++)
        v->order[i] = v->rows[i] = t->first_record + i;
    v->nrows = t->nrecords;
    v->sort_column = -1;
    v->version = 1;
    v->set_version = 1;
    return v;
}

/* One teardown for what view_new and later filters made; NULL is let through. */
void view_free(view *v)
{
    if (!v)
        return;
    free(v->order);
    free(v->rows);
    free(v->passes);
    free(v->filter);
    free(v->figure_bits);
    free(v->figure_chars);
    free(v->search_text);
    free(v->search_hits);
    free(v->name_rank);
    for (uint32_t c = 0; v->text_keys && c < v->ds->themes[v->theme].ncolumns; c++)
        free(v->text_keys[c]);
    free(v->text_keys);
    for (total **t = (total *[]){v->money, v->money_all}, **end = t + 2; t < end; t++) {
        if (*t)
            total_free(*t);
        free(*t);
    }
    if (v->chart.release)
        v->chart.release(v->chart.data);
    free(v);
}

/* The heading shows the money of the rows at every frame; adding up a
 * million rows' figures each time made every key wait for it. */
bool view_money_made(const view *v)
{
    return v->filter ? v->money && v->money_version == v->set_version : v->money_all != NULL;
}

const total *view_money(view *v)
{
    if (!v->filter) {
        if (!v->money_all) {
            v->money_all = mem_calloc(1, sizeof *v->money_all);
            total_number_of_records(v->money_all, v->ds, v->rows, v->nrows, UNIT_YUAN);
            v->money_made++;
        }
        return v->money_all;
    }
    if (!v->money)
        v->money = mem_calloc(1, sizeof *v->money);
    if (v->money_version != v->set_version) {
        total_free(v->money);
        uint32_t n, *recs = view_rows_in_file_order(v, &n);
        total_number_of_records(v->money, v->ds, recs, n, UNIT_YUAN);
        free(recs);
        v->money_version = v->set_version;
        v->money_made++;
    }
    return v->money;
}

/* A total does not depend on the order of the rows, and read in the
 * order of a sort, a million rows' cells are a million cache misses. */
uint32_t *view_rows_in_file_order(const view *v, uint32_t *n)
{
    uint32_t first = v->ds->themes[v->theme].first_record;
    uint32_t *recs = mem_alloc(((size_t)v->nrows + 1) * sizeof *recs);
    *n = 0;
    for (uint32_t r = 0; r < v->total && *n < v->nrows; r++)
        if (v->passes[r])
            recs[(*n)++] = first + r;
    return recs;
}

/* Sorting and filtering are independent: the rows shown are their meeting,
 * remade after either; whether the same rows came back is the caller's to say. */
void view_rebuild_rows(view *v)
{
    uint32_t first = v->ds->themes[v->theme].first_record, n = 0;
    bool same = true; /* a keystroke that keeps every row changes nothing derived */
    for (uint32_t i = 0; i < v->total; i++)
        if (v->passes[v->order[i] - first]) {
            same = same && n < v->nrows && v->rows[n] == v->order[i];
            v->rows[n++] = v->order[i];
        }
    if (!same || n != v->nrows)
        v->version++;
    v->nrows = n;
}

/* --sort and the like name a column as people see it, by key or by label. */
int view_find_column(const dataset *ds, uint32_t theme_index, const char *name)
{
    const theme *t = &ds->themes[theme_index];
    for (uint32_t c = 0; c < t->ncolumns; c++)
        if (!strcmp(ds_str(ds, t->columns[c].key), name))
            return (int)c;
    for (uint32_t c = 0; c < t->ncolumns; c++)
        if (!strcmp(ds_str(ds, t->columns[c].label), name))
            return (int)c;
    return -1;
}

/* Between the names of a list, as shown. */
#define LIST_SEPARATOR "、"

/* ---- finding text ---- */

/* Letters match in either case, without the locale's tolower. */
static char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 'a' - 'A') : c;
}

/* Figures are searched and shown as the report writes them (约1.3亿元), not as bare numbers. */
void view_figure_text(buf *out, const dataset *ds, uint32_t fig)
{
    buf_puts(out, ds_figure_text(ds, fig));
}

/* Tables, dumps and searches all show a cell the same way. */
void view_cell_text(buf *out, const dataset *ds, uint32_t rec, uint32_t col)
{
    uint32_t cell = ds_cell(ds, rec, col);
    if (cell == NONE)
        return;
    switch (ds->themes[ds->records[rec].theme].columns[col].type) {
    case COL_TEXT:
        buf_puts(out, ds_str(ds, cell));
        break;
    case COL_REFS:
        for (uint32_t k = 1; k <= ds->refs[cell]; k++) {
            if (k > 1)
                buf_puts(out, LIST_SEPARATOR);
            buf_puts(out, ds_str(ds, ds->entities[ds->refs[cell + k]].name));
        }
        break;
    default:
        view_figure_text(out, ds, cell);
    }
}

/* Pinyin is looked for in names and short text, not in long quotes. */
#define PINYIN_MAX_BYTES 96

/* Which strings of a pool of NUL-terminated strings contain the needle: one
 * bit per byte offset, set at each matching string's start. One pass over all
 * the text, however many records name each string. */
static uint8_t *match_pool(uint8_t **keep, const char *pool, size_t len, const char *needle, size_t n)
{
    /* the bits are kept in the view from one filter to the next: fresh
     * megabytes for a million records cost more in page faults than the search */
    if (!*keep)
        *keep = mem_alloc(len / 8 + 1);
    uint8_t *bits = *keep;
    memset(bits, 0, len / 8 + 1);
    const char *end = pool + len, *p = pool;
    while (p < end) {
        const char *hit = scan_find(p, (size_t)(end - p), needle, n);
        if (!hit)
            break;
        const char *s = hit;
        while (s > pool && s[-1])
            s--;
        size_t at = (size_t)(s - pool);
        bits[at / 8] |= (uint8_t)(1u << (at % 8));
        p = hit + strlen(hit) + 1;
    }
    return bits;
}

/* Reads a bit set by match_pool. */
static bool marked(const uint8_t *bits, uint32_t at)
{
    return bits[at / 8] & (1u << (at % 8));
}

/* The characters figures are shown with: digits, signs, qualifiers, units
 * and each measure word (folded, as the needle is). Made at a view's first
 * filter, not at every keystroke: finding the measure words reads every
 * figure, 1.3 million at a million records. NULL in figures_any's case. */
static const char *figure_chars(view *v)
{
    if (v->figure_chars || v->figures_any)
        return v->figure_chars;
    const dataset *ds = v->ds;
    buf chars;
    buf_init(&chars);
    buf_puts(&chars, "0123456789,.-约超以上亿万元人次个");
    str_ref seen[32];
    size_t nseen = 0;
    for (uint32_t f = 0; f < ds->nfigures; f++) {
        str_ref m = ds->figures[f].measure;
        size_t k = 0;
        while (k < nseen && seen[k] != m)
            k++;
        if (m == NONE || k < nseen)
            continue;
        if (nseen == sizeof seen / sizeof seen[0]) {
            buf_free(&chars);
            v->figures_any = true; /* too many kinds to be worth the trouble */
            return NULL;
        }
        seen[nseen++] = m;
        for (const char *q = ds_str(ds, m); *q; q++)
            buf_putc(&chars, fold(*q));
    }
    return v->figure_chars = buf_take(&chars);
}

/* Whether the needle could occur in a formatted figure: if it has a character
 * that no figure's text has, no figure needs searching. */
static bool could_be_figure(view *v, const char *needle, size_t n)
{
    const char *chars = figure_chars(v);
    if (!chars)
        return true;
    size_t chars_len = strlen(chars);
    bool all = true;
    for (size_t i = 0; i < n && all;) {
        size_t len = 1;
        while (i + len < n && ((unsigned char)needle[i + len] & 0xC0) == 0x80)
            len++;
        all = memmem(chars, chars_len, needle + i, len) != NULL;
        i += len;
    }
    return all;
}

struct matcher {
    const dataset *ds;
    const char *needle;
    size_t n;
    bool pinyin;                 /* the needle may spell Chinese */
    struct pinyin_sieve *sieve;  /* NULL: ask pinyin_find of every short string */
    uint8_t *names;              /* by entity, whether its name matches; NULL: test each */
    bool figures;                /* figures may match at all */
    uint8_t *figure_bits;        /* NULL: test each figure */
    buf scratch;
};

static char *fold_all(const char *text);

/* One text test with the needle folded already: row by row, a filter does
 * not copy its needle for every string. */
static bool match_folded(const char *s, const char *folded, size_t n, size_t *from, size_t *to)
{
    size_t sn = strlen(s);
    const char *hit = scan_find(s, sn, folded, n);
    if (hit) {
        *from = (size_t)(hit - s);
        *to = *from + n;
        return true;
    }
    return sn <= PINYIN_MAX_BYTES && pinyin_needle(folded, n) && pinyin_find(s, sn, folded, n, from, to);
}

/* The dashboard highlights what a search found: it needs the matched bytes, not only yes/no. */
bool view_text_match(const char *s, const char *needle, size_t *from, size_t *to)
{
    size_t n = strlen(needle);
    if (!n)
        return false;
    char *folded = fold_all(needle);
    bool found = match_folded(s, folded, n, from, to);
    free(folded);
    return found;
}

/* A string as a filter tests it: where the needle is, or what it spells;
 * the sieve spares most strings the spelling out. */
static bool text_matches(struct matcher *m, const char *s)
{
    size_t len = strlen(s);
    if (!m->n)
        return false;
    if (scan_find(s, len, m->needle, m->n))
        return true;
    if (!m->pinyin || len > PINYIN_MAX_BYTES)
        return false;
    if (m->sieve && !pinyin_may_find(m->sieve, s, len))
        return false;
    size_t from, to;
    return (m->sieve && m->sieve->decides) || pinyin_find(s, len, m->needle, m->n, &from, &to);
}

/* An organisation's or place's name, through its mark when the filter made them. */
static bool name_matches(struct matcher *m, uint32_t e)
{
    if (m->names)
        return m->names[e];
    return text_matches(m, ds_str(m->ds, m->ds->entities[e].name));
}

/* Figures are matched as shown, through their bits when the filter marked them all. */
static bool figure_matches(struct matcher *m, uint32_t fig)
{
    if (!m->figures)
        return false;
    if (m->figure_bits)
        return marked(m->figure_bits, m->ds->figure_at[fig]);
    const char *shown = ds_figure_text(m->ds, fig);
    return scan_find(shown, strlen(shown), m->needle, m->n) != NULL;
}

/* A record matches if any of its cells does, each as shown: the one rule for filter and search. */
static bool record_matches(struct matcher *m, uint32_t rec)
{
    const dataset *ds = m->ds;
    const theme *t = &ds->themes[ds->records[rec].theme];
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        uint32_t cell = ds_cell(ds, rec, c);
        if (cell == NONE)
            continue;
        switch (t->columns[c].type) {
        case COL_TEXT:
            if (text_matches(m, ds_str(ds, cell)))
                return true;
            break;
        case COL_REFS:
            for (uint32_t k = 1; k <= ds->refs[cell]; k++)
                if (name_matches(m, ds->refs[cell + k]))
                    return true;
            /* a needle with (a byte of) the separator may span names: look at the
             * list as shown */
            if (ds->refs[cell] > 1 && strpbrk(m->needle, LIST_SEPARATOR)) {
                buf_clear(&m->scratch);
                view_cell_text(&m->scratch, ds, rec, c);
                size_t from, to;
                if (view_text_match(m->scratch.data, m->needle, &from, &to))
                    return true;
            }
            break;
        default:
            if (figure_matches(m, cell))
                return true;
        }
    }
    return false;
}

/* The needle is folded once, not at every comparison. */
static char *fold_all(const char *text)
{
    char *f = mem_strdup(text);
    for (char *p = f; *p; p++)
        *p = fold(*p);
    return f;
}

/* Row at a time, with no view and no shortcut: the tests and the fuzzer
 * check view_filter's marks and sieve by it. */
bool view_record_contains(const dataset *ds, uint32_t rec, const char *text)
{
    char *needle = fold_all(text);
    size_t n = strlen(needle);
    struct matcher m = {ds, needle, n, pinyin_needle(needle, n), NULL, NULL, true, NULL, {0}};
    bool r = record_matches(&m, rec);
    buf_free(&m.scratch);
    free(needle);
    return r;
}

/* One share of a filter's rows, tested on a core of its own. */
struct mark_share {
    struct matcher m; /* its own scratch; the marks are shared, read only */
    const theme *t;
    uint8_t *out;
    const uint8_t *within;
    uint32_t from, to;
    unsigned long examined;
};

static void *mark_share_run(void *arg)
{
    struct mark_share *sh = arg;
    for (uint32_t r = sh->from; r < sh->to; r++) {
        if (sh->within && !sh->within[r]) {
            sh->out[r] = 0;
            continue;
        }
        sh->examined++;
        sh->out[r] = record_matches(&sh->m, sh->t->first_record + r);
    }
    buf_free(&sh->m.scratch);
    return NULL;
}

/* Reading a million rows' text is the work of a key: each core takes a
 * share of a table of some size (two shares at least, so that the sharing
 * is the same, and tested, on a machine of one core). */
#define ROWS_FOR_A_SHARE 1024
#define MAX_SHARES 8

/* Marks, by record - first record, those of the theme that contain text;
 * with within (a filter's marks that text extends), only among those. Each
 * cell's text is read where it is: a pass over the whole pool of strings
 * read every other table's text too, and the pinyin of every name at each
 * keystroke. Names and figures, which many rows share or which are many,
 * are marked first. */
static void mark_matches(view *v, const char *text, uint8_t *out, const uint8_t *within)
{
    const dataset *ds = v->ds;
    const theme *t = &ds->themes[v->theme];
    char *needle = fold_all(text);
    size_t n = strlen(needle);
    struct matcher m = {ds, needle, n, pinyin_needle(needle, n), NULL, NULL,
                        could_be_figure(v, needle, n), NULL, {0}};
    if (m.pinyin) {
        m.sieve = mem_alloc(sizeof *m.sieve);
        pinyin_sieve_init(m.sieve, needle, n);
    }
    uint8_t *names = mem_alloc((size_t)ds->nentities + 1);
    for (uint32_t e = 0; e < ds->nentities; e++)
        names[e] = text_matches(&m, ds_str(ds, ds->entities[e].name));
    m.names = names;
    if (m.figures)
        m.figure_bits = match_pool(&v->figure_bits, ds->figure_text, ds->figure_text_len, needle, n);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    uint32_t nshares = t->nrecords / ROWS_FOR_A_SHARE + 1;
    uint32_t most = cores < 2 ? 2 : cores > MAX_SHARES ? MAX_SHARES : (uint32_t)cores;
    if (nshares > most)
        nshares = most;
    struct mark_share shares[MAX_SHARES];
    pthread_t threads[MAX_SHARES];
    bool started[MAX_SHARES] = {false};
    for (uint32_t k = 0; k < nshares; k++) {
        shares[k] = (struct mark_share){m, t, out, within, (uint32_t)((uint64_t)t->nrecords * k / nshares),
                                        (uint32_t)((uint64_t)t->nrecords * (k + 1) / nshares), 0};
        /* the first share is this thread's; a share no thread takes is done here too */
        started[k] = k > 0 && !pthread_create(&threads[k], NULL, mark_share_run, &shares[k]);
    }
    v->filter_examined = 0;
    for (uint32_t k = 0; k < nshares; k++) {
        if (started[k])
            pthread_join(threads[k], NULL);
        else
            mark_share_run(&shares[k]);
        v->filter_examined += shares[k].examined;
    }
    free(names);
    free(m.sieve);
    free(needle);
}

/* Whether every record that text finds was found by the filter before:
 * text extends it, and a longer needle finds no more (a substring of a
 * match is a match; a pinyin spelling's start spells the same characters'
 * start). */
static bool narrows(const view *v, const char *text)
{
    return v->filter && !strncmp(text, v->filter, strlen(v->filter));
}

/* f and --filter keep the rows that contain some text; an empty filter shows all again. */
void view_filter(view *v, const char *text)
{
    bool had_filter = v->filter != NULL;
    if (!text || !*text) {
        memset(v->passes, 1, (size_t)v->total + 1);
        free(v->filter);
        v->filter = NULL;
    } else {
        bool narrower = narrows(v, text);
        mark_matches(v, text, v->passes, narrower ? v->passes : NULL);
        free(v->filter);
        v->filter = mem_strdup(text);
    }
    uint64_t order_version = v->version;
    view_rebuild_rows(v);
    if (v->version != order_version) /* a filter changes the rows, never their order */
        v->set_version++;
    if (had_filter != (v->filter != NULL)) {
        v->version++; /* a chart shows the rows' figures only with a filter on */
        v->set_version++;
    }
}

/* Above this many rows a search marks every match in one pass over the text
 * rather than testing row after row. */
#define SEARCH_IN_ONE_PASS 4096

/* The records that contain text, marked in one pass and kept for the next
 * search of the same text: n, N and the count of matches ask again and
 * again, and a sort or filter does not change which records match. */
static const uint8_t *search_hits(view *v, const char *text)
{
    if (!v->search_text || strcmp(v->search_text, text)) {
        free(v->search_text);
        v->search_text = mem_strdup(text);
        if (!v->search_hits)
            v->search_hits = mem_alloc((size_t)v->total + 1);
        mark_matches(v, text, v->search_hits, NULL);
    }
    return v->search_hits;
}

/* / and n move to the next matching row, wrapping around, without hiding the others. */
long view_search(view *v, const char *text, long from, int dir)
{
    if (!v->nrows || !text || !*text)
        return -1;
    const dataset *ds = v->ds;
    uint32_t first = ds->themes[v->theme].first_record;
    const uint8_t *hits = v->nrows > SEARCH_IN_ONE_PASS ? search_hits(v, text) : NULL;
    char *needle = hits ? NULL : fold_all(text);
    size_t n_needle = needle ? strlen(needle) : 0;
    struct matcher m = {ds, needle, n_needle, needle && pinyin_needle(needle, n_needle), NULL, NULL, true, NULL, {0}};
    long n = (long)v->nrows, found = -1;
    long start = from < 0 ? (dir < 0 ? 0 : n - 1) : from % n;
    for (long k = 1; k <= n; k++) {
        long row = ((start + (dir < 0 ? -k : k)) % n + n) % n;
        uint32_t rec = v->rows[row];
        if (hits ? hits[rec - first] : record_matches(&m, rec)) {
            found = row;
            break;
        }
    }
    buf_free(&m.scratch);
    free(needle);
    return found;
}

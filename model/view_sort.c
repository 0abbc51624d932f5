/* The view's orders (view.h: view_sort): numbers by a radix sort, text by
 * pinyin keys with the full comparison for ties, lists by their names'
 * ranks; ties in the report's order; a reversal without a sort. */
#define _GNU_SOURCE /* qsort_r */
#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "pinyin.h"
#include "value.h"
#include "view_rows.h"

/* Kept to 24 bytes: the radix sort moves these about, and at a million rows
 * 32-byte items made it ten times slower here. */
struct keyed {
    uint64_t key, key2; /* key2 breaks ties of key (text sorts) */
    uint32_t rec;
    uint32_t empty;     /* text sorts: the cell is empty */
};

/* LSD radix sort by (key, key2): stable, so rows with equal keys keep their
 * order. One pass counts every byte; bytes that are the same in every key
 * take no pass of their own. */
static void radix_sort(struct keyed *a, struct keyed *tmp, uint32_t n)
{
    static const int bytes = 16;
    size_t(*count)[257] = mem_calloc((size_t)bytes, sizeof *count);
    for (uint32_t i = 0; i < n; i++)
        for (int b = 0; b < bytes; b++) {
            uint64_t k = b < 8 ? a[i].key2 : a[i].key;
            count[b][((k >> (8 * (b % 8))) & 0xFF) + 1]++;
        }
    for (int b = 0; b < bytes; b++) {
        bool one_bucket = false;
        for (int v = 1; v <= 256 && !one_bucket; v++)
            one_bucket = count[b][v] == n;
        if (one_bucket)
            continue;
        for (int v = 0; v < 256; v++)
            count[b][v + 1] += count[b][v];
        int shift = 8 * (b % 8);
        for (uint32_t i = 0; i < n; i++) {
            uint64_t k = b < 8 ? a[i].key2 : a[i].key;
            tmp[count[b][(k >> shift) & 0xFF]++] = a[i];
        }
        memcpy(a, tmp, (size_t)n * sizeof *a);
    }
    free(count);
}

struct text_order {
    const dataset *ds;
    const theme *t;
    uint32_t column;
    bool refs, descending;
    const uint32_t *rank; /* refs: each entity's name's place in pinyin order */
    const uint64_t *keys; /* text: each record's sort key (view_text_keys) */
};

/* The n-th name of a cell (the text itself for a text column), or NULL. */
static const char *cell_name(const struct text_order *o, uint32_t rec, uint32_t n)
{
    uint32_t cell = ds_cell(o->ds, rec, o->column);
    if (cell == NONE)
        return NULL;
    if (!o->refs)
        return n == 0 ? o->ds->strings + cell : NULL;
    if (n >= o->ds->refs[cell])
        return NULL;
    return ds_str(o->ds, o->ds->entities[o->ds->refs[cell + 1 + n]].name);
}

/* Lists of names compare name by name, by their ranks: a shorter list
 * before a longer one that it begins. */
static int compare_ranks(const struct text_order *o, uint32_t a, uint32_t b)
{
    const uint32_t *x = o->ds->refs + ds_cell(o->ds, a, o->column), *y = o->ds->refs + ds_cell(o->ds, b, o->column);
    for (uint32_t n = 1; n <= x[0] && n <= y[0]; n++)
        if (o->rank[x[n]] != o->rank[y[n]])
            return o->rank[x[n]] < o->rank[y[n]] ? -1 : 1;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* For rows whose sort keys are equal: empty cells last, then the full pinyin
 * comparison (of a list, by its names' ranks). Interned text that is the same
 * is the same string: a million rows that tie on one name compare as fast
 * as the pointers. */
static int compare_text(const struct text_order *o, const struct keyed *a, const struct keyed *b)
{
    if (a->empty || b->empty)
        return (int)a->empty - (int)b->empty;
    int c;
    if (o->refs) {
        c = compare_ranks(o, a->rec, b->rec);
    } else {
        const char *x = cell_name(o, a->rec, 0), *y = cell_name(o, b->rec, 0);
        c = x == y ? 0 : pinyin_compare(x, y);
    }
    return o->descending ? -c : c;
}

/* A text column's pinyin sort keys (model/pinyin.h), made when it is first
 * sorted by, not when the file is loaded: reading every quote's length for
 * keys nobody may ask for was a twelfth of a load. */
static const uint64_t *text_keys(view *v, uint32_t col)
{
    const theme *t = &v->ds->themes[v->theme];
    if (!v->text_keys)
        v->text_keys = mem_calloc((size_t)t->ncolumns + 1, sizeof *v->text_keys);
    if (v->text_keys[col])
        return v->text_keys[col];
    uint64_t *keys = mem_alloc(((size_t)t->nrecords + 1) * 2 * sizeof *keys);
    for (uint32_t r = 0; r < t->nrecords; r++) {
        uint32_t cell = t->cells[(size_t)r * t->ncolumns + col];
        if (cell == NONE)
            keys[2 * (size_t)r] = keys[2 * (size_t)r + 1] = 0;
        else
            pinyin_key(ds_str(v->ds, cell), keys + 2 * (size_t)r);
    }
    return v->text_keys[col] = keys;
}

/* qsort_r's order of entities: by name in pinyin order. */
static int by_name(const void *a, const void *b, void *ctx)
{
    const dataset *ds = ctx;
    return pinyin_compare(ds_str(ds, ds->entities[*(const uint32_t *)a].name),
                          ds_str(ds, ds->entities[*(const uint32_t *)b].name));
}

/* Every entity's place in the pinyin order of names, the same for the same
 * name: made at the first sort by a list, so that ties between rows compare
 * numbers, not strings spelt out character by character. */
static const uint32_t *name_ranks(view *v)
{
    if (v->name_rank)
        return v->name_rank;
    const dataset *ds = v->ds;
    uint32_t n = ds->nentities, *by = mem_alloc(((size_t)n + 1) * sizeof *by);
    for (uint32_t e = 0; e < n; e++)
        by[e] = e;
    qsort_r(by, n, sizeof *by, by_name, (void *)ds);
    v->name_rank = mem_alloc(((size_t)n + 1) * sizeof *v->name_rank);
    for (uint32_t i = 0, rank = 0; i < n; i++) {
        if (i && by_name(&by[i - 1], &by[i], (void *)ds))
            rank = i;
        v->name_rank[by[i]] = rank;
    }
    free(by);
    return v->name_rank;
}

static void merge_sort(const struct text_order *o, struct keyed *a, struct keyed *tmp, uint32_t n);
static void sort_runs_of_ties(const struct text_order *o, struct keyed *a, struct keyed *tmp, uint32_t n,
                              size_t skip);
static bool next_keys(const struct text_order *o, struct keyed *a, uint32_t n, size_t skip);
static bool keys_are_whole_lists(const struct text_order *o, const struct keyed *a, uint32_t n);

/* Text: a radix sort of the precomputed pinyin keys, then a stable sort of
 * each run of equal keys by the full comparison. */
static void sort_text(const struct text_order *o, struct keyed *a, struct keyed *tmp, uint32_t n)
{
    const dataset *ds = o->ds;
    const uint64_t *keys = o->keys;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t rec = a[i].rec, cell = ds_cell(ds, rec, o->column);
        const uint64_t *k = NULL;
        uint64_t ranks[2];
        if (cell != NONE && o->refs && ds->refs[cell]) {
            /* the first two names decide most lists; none second sorts first */
            ranks[0] = o->rank[ds->refs[cell + 1]];
            ranks[1] = ds->refs[cell] > 1 ? (uint64_t)o->rank[ds->refs[cell + 2]] + 1 : 0;
            k = ranks;
        } else if (cell != NONE && !o->refs) {
            k = keys + 2 * (size_t)(rec - o->t->first_record);
        }
        /* text is never empty (the loader refuses ""); a list may be */
        a[i].empty = cell == NONE || (o->refs && !ds->refs[cell]);
        if (!k || a[i].empty) {
            a[i].key = a[i].key2 = UINT64_MAX;
        } else {
            a[i].key = o->descending ? ~k[0] : k[0];
            a[i].key2 = o->descending ? ~k[1] : k[1];
        }
    }
    radix_sort(a, tmp, n);
    sort_runs_of_ties(o, a, tmp, n, 0);
}

/* Runs of rows tied on a key of 8 elements shorter than this are sorted by
 * comparing their text; longer ones by the keys of the next 8 elements first,
 * up to this many elements: texts that tie further (the same long quote in
 * many rows) are compared, which pointers do at once for the same text,
 * rather than keyed eight elements at a time from their start. */
#define TIES_FOR_A_KEY 32
#define MOST_ELEMENTS_KEYED 64

/* Sorts each run of equal keys in a, which was sorted by the keys of the
 * elements after the first skip: by the keys of the next 8 elements while
 * there are any (names that share a long start, such as 合作社 and a
 * number), then by comparing the text. */
static void sort_runs_of_ties(const struct text_order *o, struct keyed *a, struct keyed *tmp, uint32_t n,
                              size_t skip)
{
    for (uint32_t i = 0; i < n;) {
        uint32_t j = i + 1;
        while (j < n && a[j].key == a[i].key && a[j].key2 == a[i].key2)
            j++;
        if (j - i >= TIES_FOR_A_KEY && skip + 8 < MOST_ELEMENTS_KEYED && !o->refs && !a[i].empty &&
            next_keys(o, a + i, j - i, skip + 8)) {
            radix_sort(a + i, tmp, j - i);
            sort_runs_of_ties(o, a + i, tmp, j - i, skip + 8);
        } else if (j - i > 1 && !(o->refs && keys_are_whole_lists(o, a + i, j - i))) {
            merge_sort(o, a + i, tmp, j - i);
        }
        i = j;
    }
}

/* Whether a run tied on the ranks of its lists' first two names is tied
 * whole: no list is empty or has a third name. The radix sort left it in
 * the report's order, which is then its order (the rows of 2,000
 * organisations tie in runs of hundreds). */
static bool keys_are_whole_lists(const struct text_order *o, const struct keyed *a, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) {
        uint32_t cell = ds_cell(o->ds, a[k].rec, o->column);
        if (a[k].empty || o->ds->refs[cell] > 2) /* empty cells go last: compared */
            return false;
    }
    return true;
}

/* The rows' keys of the 8 elements after the first skip; false (and the
 * keys as they were) if some text's first skip elements were not all kept
 * exactly in the keys that tied, or the text ended before them all: then
 * only a full comparison can order the run. */
static bool next_keys(const struct text_order *o, struct keyed *a, uint32_t n, size_t skip)
{
    uint64_t (*next)[2] = mem_alloc((size_t)n * sizeof *next);
    bool all = true;
    for (uint32_t k = 0; k < n && all; k++) {
        const char *s = cell_name(o, a[k].rec, 0);
        all = pinyin_key_after(s, skip, next[k]) && (next[k][0] || next[k][1]);
    }
    for (uint32_t k = 0; k < n && all; k++) {
        a[k].key = o->descending ? ~next[k][0] : next[k][0];
        a[k].key2 = o->descending ? ~next[k][1] : next[k][1];
    }
    free(next);
    return all;
}

/* Ties of the sort keys need a stable sort with a comparison, and they are short runs. */
static void merge_sort(const struct text_order *o, struct keyed *a, struct keyed *tmp, uint32_t n)
{
    for (uint32_t width = 1; width < n; width *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * width) {
            uint32_t mid = lo + width < n ? lo + width : n;
            uint32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            uint32_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = compare_text(o, &a[j], &a[i]) < 0 ? a[j++] : a[i++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        memcpy(a, tmp, (size_t)n * sizeof *a);
    }
}

/* Sorting a million rows must take well under a second, whichever column: see the README.
 * Rows that tie are in the report's order, whatever the sort before: sorted
 * by one column and then by another, a reader would otherwise see the second
 * column's ties in an order that nothing on the screen explains. */
/* Whether a record's cell in the sorted column is empty: such rows are last both ways. */
static bool empty_cell(const view *v, uint32_t rec)
{
    uint32_t cell = ds_cell(v->ds, rec, (uint32_t)v->sort_column);
    const column *col = &v->ds->themes[v->theme].columns[v->sort_column];
    return cell == NONE || (col->type == COL_REFS && !v->ds->refs[cell]);
}

/* Whether two records tie in the sorted column. Text is interned, so equal
 * text is the same string; lists tie when their names do. */
static bool same_cell(view *v, uint32_t a, uint32_t b)
{
    const dataset *ds = v->ds;
    uint32_t x = ds_cell(ds, a, (uint32_t)v->sort_column), y = ds_cell(ds, b, (uint32_t)v->sort_column);
    switch (ds->themes[v->theme].columns[v->sort_column].type) {
    case COL_TEXT:
        return x == y;
    case COL_REFS: {
        struct text_order o = {ds, &ds->themes[v->theme], (uint32_t)v->sort_column, true, false, name_ranks(v),
                               NULL};
        return compare_ranks(&o, a, b) == 0;
    }
    default:
        return ds->figures[x].value == ds->figures[y].value;
    }
}

/* The other direction of the sort in place: the runs of tied rows in the
 * opposite order, each keeping the report's order inside, and the empty
 * cells still last. A comparison of neighbours, not a sort: reversing a
 * million rows by a long text column took a third of a second. */
static void reverse_sort(view *v)
{
    uint32_t n = v->total, filled = n;
    uint32_t *to = mem_alloc(((size_t)n + 1) * sizeof *to), out = 0;
    if (v->sort_column < 0) {
        for (uint32_t i = 0; i < n; i++)
            to[i] = v->order[n - 1 - i];
    } else {
        while (filled > 0 && empty_cell(v, v->order[filled - 1]))
            filled--;
        for (uint32_t end = filled; end > 0;) {
            uint32_t start = end - 1;
            while (start > 0 && same_cell(v, v->order[start - 1], v->order[start]))
                start--;
            memcpy(to + out, v->order + start, (size_t)(end - start) * sizeof *to);
            out += end - start;
            end = start;
        }
        memcpy(to + out, v->order + filled, (size_t)(n - filled) * sizeof *to);
    }
    free(v->order);
    v->order = to;
}

void view_sort(view *v, int by, bool descending)
{
    const dataset *ds = v->ds;
    const theme *t = &ds->themes[v->theme];
    int by_column = by < 0 || (uint32_t)by >= t->ncolumns ? -1 : by;
    if (by_column == v->sort_column && descending != v->descending) {
        v->descending = descending;
        reverse_sort(v);
        view_rebuild_rows(v);
        return;
    }
    v->sort_column = by_column;
    v->descending = descending;
    uint32_t n = v->total;
    struct keyed *a = mem_alloc(((size_t)n + 1) * sizeof *a);
    struct keyed *tmp = mem_alloc(((size_t)n + 1) * sizeof *tmp);
    const column *col = v->sort_column < 0 ? NULL : &t->columns[v->sort_column];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t rec = t->first_record + i; /* the report's order, which the stable sorts keep */
        a[i].rec = rec;
        a[i].key2 = 0;
        if (!col) {
            a[i].key = descending ? UINT32_MAX - rec : rec;
        } else if (col->type == COL_MONEY || col->type == COL_COUNT || col->type == COL_DATE) {
            uint32_t cell = ds_cell(ds, rec, (uint32_t)v->sort_column);
            uint64_t value = cell == NONE ? 0 : (uint64_t)ds->figures[cell].value;
            a[i].key = cell == NONE ? UINT64_MAX : descending ? (uint64_t)VALUE_MAX - value : value;
        }
    }
    if (!col || col->type == COL_MONEY || col->type == COL_COUNT || col->type == COL_DATE) {
        radix_sort(a, tmp, n);
    } else {
        bool refs = col->type == COL_REFS;
        struct text_order o = {ds, t, (uint32_t)v->sort_column, refs, descending, refs ? name_ranks(v) : NULL,
                               refs ? NULL : text_keys(v, (uint32_t)v->sort_column)};
        sort_text(&o, a, tmp, n);
    }
    for (uint32_t i = 0; i < n; i++)
        v->order[i] = a[i].rec;
    free(a);
    free(tmp);
    view_rebuild_rows(v);
}


/* ---- the same order on another dataset ---- */

void view_spec_of(const view *v, struct view_spec *out)
{
    const theme *t = &v->ds->themes[v->theme];
    out->theme_id = mem_strdup(ds_str(v->ds, t->id));
    out->column_key = v->sort_column < 0 ? NULL
                                         : mem_strdup(ds_str(v->ds, t->columns[v->sort_column].key));
    out->filter = v->filter ? mem_strdup(v->filter) : NULL;
    out->descending = v->descending;
}

void view_spec_free(struct view_spec *s)
{
    free(s->theme_id);
    free(s->column_key);
    free(s->filter);
    *s = (struct view_spec){NULL, NULL, NULL, false};
}

/* Two strings that may be NULL. */
static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

bool view_spec_shown(const view *v, const struct view_spec *s)
{
    struct view_spec now;
    view_spec_of(v, &now);
    bool same = same_text(now.theme_id, s->theme_id) && same_text(now.column_key, s->column_key) &&
                same_text(now.filter, s->filter) && (!s->column_key || now.descending == s->descending);
    view_spec_free(&now);
    return same;
}

view *view_new_as(const dataset *ds, const struct view_spec *s)
{
    uint32_t t;
    if (dataset_find_id(ds, s->theme_id, &t) != ID_THEME)
        return NULL;
    view *v = view_new(ds, t);
    int by = s->column_key ? view_find_column(ds, t, s->column_key) : -1;
    if (by >= 0)
        view_sort(v, by, s->descending);
    if (s->filter)
        view_filter(v, s->filter);
    return v;
}

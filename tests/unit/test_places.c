/* The places: the model's counts and money checked against a brute force over
 * the records and their parent chains, the tree's order under every sort, and
 * the places tab and the bars as drawn, headless: keys go into the app, the
 * screen is drawn into a grid, and the assertions are made on its cells. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "dataset.h"
#include "grid.h"
#include "link.h"
#include "load.h"
#include "pinyin.h"
#include "places.h"
#include "snapshot.h"
#include "text.h"
#include "value.h"
#include "view.h"

#include "../support/testutil.h"

static dataset *zj; /* data/zhanjiang-2024.json */
static dataset *fx; /* tests/fixtures/places/tree.json */

static dataset *load(const char *path)
{
    dataset *ds = NULL;
    char err[512];
    if (dataset_load_file(path, &ds, err, sizeof err) != DATASET_OK)
        fail_msg("%s: %s", path, err);
    return ds;
}

/* ---- what a test makes, freed after it even when an assertion fails ---- */

struct owned {
    void *p;
    void (*release)(void *);
};
static struct owned owned[64];
static int nowned;

static void *own(void *ptr, void (*release_fn)(void *))
{
    assert_true(nowned < (int)(sizeof owned / sizeof owned[0]));
    owned[nowned++] = (struct owned){ptr, release_fn};
    return ptr;
}

/* Frees something made here now, rather than after the test. */
static void release(void *ptr)
{
    for (int i = nowned - 1; i >= 0; i--)
        if (owned[i].p == ptr) {
            struct owned o = owned[i];
            memmove(owned + i, owned + i + 1, (size_t)(nowned - i - 1) * sizeof *owned);
            nowned--;
            o.release(o.p);
            return;
        }
    fail_msg("release: %p was not made by the test", ptr);
}

static int release_all(void **state)
{
    (void)state;
    while (nowned > 0)
        release(owned[nowned - 1].p);
    return 0;
}

static void release_places(void *ptr)
{
    places_free(ptr);
}

static places *new_places(const dataset *ds)
{
    return own(places_new(ds), release_places);
}

static void release_grid(void *ptr)
{
    grid_free(ptr);
    free(ptr);
}

static grid *new_grid(int w, int h, bool ascii)
{
    grid *g = malloc(sizeof *g);
    assert_non_null(g);
    grid_init(g, w, h, ascii);
    return own(g, release_grid);
}

static void release_buf(void *ptr)
{
    buf_free(ptr);
    free(ptr);
}

static buf *new_buf(void)
{
    buf *b = malloc(sizeof *b);
    assert_non_null(b);
    buf_init(b);
    return own(b, release_buf);
}

static void release_app(void *ptr)
{
    app_free(ptr);
}

static uint32_t entity_id(const dataset *ds, const char *id)
{
    uint32_t index;
    if (dataset_find_id(ds, id, &index) != ID_ENTITY)
        fail_msg("no entity with id %s", id);
    return index;
}

static bool is_place(const dataset *ds, uint32_t e)
{
    return ds->entities[e].type == ENTITY_PLACE;
}

static const char *name_of(const dataset *ds, uint32_t e)
{
    return e == PLACES_UNPLACED ? "(no place named)" : ds_str(ds, ds->entities[e].name);
}

/* ---- the brute force: what each place should count ---- */

struct truth {
    const dataset *ds;
    uint32_t **recs;    /* by entity: the records about a place, in record order */
    uint32_t *nrecs;
    uint32_t **by_theme; /* by entity: records per theme */
    total *money;
    uint32_t *unplaced; /* records that are about no place */
    uint32_t nunplaced;
    uint32_t unplaced_by_theme[64];
    total unplaced_money;
};

/* Every record, every entity it names through a refs cell, every place up
 * that entity's parent chain (an organisation's chain starts at its place). */
static void truth_fill(struct truth *t, const dataset *ds)
{
    memset(t, 0, sizeof *t);
    t->ds = ds;
    size_t n = ds->nentities;
    t->recs = calloc(n + 1, sizeof *t->recs);
    t->nrecs = calloc(n + 1, sizeof *t->nrecs);
    t->by_theme = calloc(n + 1, sizeof *t->by_theme);
    t->money = calloc(n + 1, sizeof *t->money);
    t->unplaced = calloc((size_t)ds->nrecords + 1, sizeof *t->unplaced);
    uint32_t *stamp = calloc(n + 1, sizeof *stamp);
    assert_true(ds->nthemes <= 64);
    for (uint32_t e = 0; e < n; e++) {
        t->recs[e] = calloc((size_t)ds->nrecords + 1, sizeof **t->recs);
        t->by_theme[e] = calloc((size_t)ds->nthemes + 1, sizeof **t->by_theme);
    }
    for (uint32_t r = 0; r < ds->nrecords; r++) {
        const theme *th = &ds->themes[ds->records[r].theme];
        bool placed = false;
        for (uint32_t c = 0; c < th->ncolumns; c++) {
            uint32_t cell = ds_cell(ds, r, c);
            if (th->columns[c].type != COL_REFS || cell == NONE)
                continue;
            for (uint32_t k = 1; k <= ds->refs[cell]; k++) {
                uint32_t e = ds->refs[cell + k];
                uint32_t x = is_place(ds, e) ? e : ds->entities[e].parent;
                for (uint32_t hops = 0; x != NONE; x = ds->entities[x].parent, hops++) {
                    assert_true(hops <= n); /* no cycles */
                    assert_true(is_place(ds, x));
                    placed = true;
                    if (stamp[x] == r + 1)
                        continue;
                    stamp[x] = r + 1;
                    t->recs[x][t->nrecs[x]++] = r;
                    t->by_theme[x][ds->records[r].theme]++;
                }
            }
        }
        if (!placed) {
            t->unplaced[t->nunplaced++] = r;
            t->unplaced_by_theme[ds->records[r].theme]++;
        }
    }
    /* the money of the records found by brute force; test_total proves the
     * totals themselves */
    for (uint32_t e = 0; e < n; e++)
        total_of_records(&t->money[e], ds, t->recs[e], t->nrecs[e], UNIT_YUAN);
    total_of_records(&t->unplaced_money, ds, t->unplaced, t->nunplaced, UNIT_YUAN);
    free(stamp);
}

static void truth_free(void *ptr)
{
    struct truth *t = ptr;
    for (uint32_t e = 0; e < t->ds->nentities; e++) {
        free(t->recs[e]);
        free(t->by_theme[e]);
        total_free(&t->money[e]);
    }
    total_free(&t->unplaced_money);
    free(t->recs);
    free(t->nrecs);
    free(t->by_theme);
    free(t->money);
    free(t->unplaced);
    free(t);
}

static struct truth *truth_new(const dataset *ds)
{
    struct truth *t = malloc(sizeof *t);
    assert_non_null(t);
    truth_fill(t, ds);
    return own(t, truth_free);
}

static uint32_t truth_total(const struct truth *t, uint32_t place)
{
    return place == PLACES_UNPLACED ? t->nunplaced : t->nrecs[place];
}

static uint32_t truth_theme(const struct truth *t, uint32_t place, uint32_t th)
{
    return place == PLACES_UNPLACED ? t->unplaced_by_theme[th] : t->by_theme[place][th];
}

static const total *truth_money(const struct truth *t, uint32_t place)
{
    return place == PLACES_UNPLACED ? &t->unplaced_money : &t->money[place];
}

/* The value a places column shows for a place, as a number (not for the name). */
static double truth_measure(const struct truth *t, uint32_t place, uint32_t col)
{
    uint32_t nthemes = t->ds->nthemes;
    if (col == nthemes + 2)
        return (double)truth_money(t, place)->value;
    if (col == nthemes + 1)
        return truth_total(t, place);
    return truth_theme(t, place, col - 1);
}

static uint32_t count_places(const dataset *ds, bool roots_only)
{
    uint32_t n = 0;
    for (uint32_t e = 0; e < ds->nentities; e++)
        n += is_place(ds, e) && (!roots_only || ds->entities[e].parent == NONE);
    return n;
}

/* The rows of the tree as it first opens (every root open, its first level
 * showing), once one root is closed again: every root, the places right
 * inside each other root (麻章镇's 云头下村: the report does not put 麻章镇 in
 * 麻章区, so it is a root of its own), and the unplaced row. */
static uint32_t rows_with_one_root_closed(const dataset *ds, uint32_t closed)
{
    uint32_t n = 1;
    for (uint32_t e = 0; e < ds->nentities; e++) {
        if (!is_place(ds, e))
            continue;
        uint32_t parent = ds->entities[e].parent;
        n += parent == NONE || (parent != closed && ds->entities[parent].parent == NONE);
    }
    return n;
}

/* ---- model ---- */

static void check_counts(const dataset *ds)
{
    struct truth *t = truth_new(ds);
    places *p = new_places(ds);
    for (uint32_t e = 0; e < ds->nentities; e++) {
        if (!is_place(ds, e))
            continue;
        const struct place_stats *st = places_stats(p, e);
        if (st->total != t->nrecs[e])
            fail_msg("%s: %u records counted, %u records are about it", name_of(ds, e), st->total,
                     t->nrecs[e]);
        uint32_t sum = 0;
        for (uint32_t th = 0; th < ds->nthemes; th++) {
            uint32_t got = places_count(p, e, th);
            if (got != t->by_theme[e][th])
                fail_msg("%s, theme %u: %u counted, %u expected", name_of(ds, e), th + 1, got,
                         t->by_theme[e][th]);
            sum += got;
        }
        assert_int_equal(sum, st->total);
        /* the tree keeps the number; its parts come from the place's records */
        uint32_t n;
        const uint32_t *recs = places_records(p, e, &n);
        assert_int_equal(n, st->total);
        for (uint32_t i = 1; i < n; i++)
            assert_true(recs[i - 1] < recs[i]);
        total parts;
        total_of_records(&parts, ds, recs, n, UNIT_YUAN);
        if (st->money.value != t->money[e].value || st->money.qualifier != t->money[e].qualifier ||
            st->money.how != t->money[e].how || parts.nitems != t->money[e].nitems || parts.value != st->money.value)
            fail_msg("%s: money %lld (qualifier %d, %u figures), expected %lld (%d, %u)", name_of(ds, e),
                     (long long)st->money.value, st->money.qualifier, parts.nitems,
                     (long long)t->money[e].value, t->money[e].qualifier, t->money[e].nitems);
        assert_int_equal(st->money.nitems, 0);
        total_free(&parts);
    }
    release(p);
    release(t);
}

static void each_place_should_count_the_records_about_it_and_inside_it(void **state)
{
    (void)state;
    check_counts(zj);
    check_counts(fx);
}

/* The fixture, by hand: a record naming a place and an organisation in it
 * counts once; a figure named twice counts once; an organisation without a
 * place places nothing. */
static void the_fixture_counts_should_be_the_ones_worked_out_by_hand(void **state)
{
    (void)state;
    places *p = new_places(fx);
    struct {
        const char *id;
        uint32_t total, one, two;
        int64_t money;
        enum qualifier q;
    } want[] = {
        {"city", 7, 3, 4, 300, QUAL_ABOUT},  {"alpha", 4, 2, 2, 300, QUAL_ABOUT},
        {"alpha_town", 3, 2, 1, 300, QUAL_ABOUT}, {"village", 1, 1, 0, 100, QUAL_EXACT},
        {"alpha_town2", 1, 0, 1, 0, QUAL_EXACT}, {"bay", 2, 0, 2, 100, QUAL_EXACT},
        {"bay2", 0, 0, 0, 0, QUAL_EXACT},     {"lone", 1, 0, 1, 0, QUAL_EXACT},
        {"lone2", 1, 0, 1, 0, QUAL_EXACT},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        uint32_t e = entity_id(fx, want[i].id);
        const struct place_stats *st = places_stats(p, e);
        if (st->total != want[i].total || places_count(p, e, 0) != want[i].one ||
            places_count(p, e, 1) != want[i].two || st->money.value != want[i].money ||
            (st->money.how != TOTAL_EMPTY && st->money.qualifier != want[i].q))
            fail_msg("%s: %u records (%u + %u), money %lld; expected %u (%u + %u), %lld", want[i].id,
                     st->total, places_count(p, e, 0), places_count(p, e, 1),
                     (long long)st->money.value, want[i].total, want[i].one, want[i].two,
                     (long long)want[i].money);
    }
    /* r3 names only an organisation with no place, r4 names nothing */
    assert_int_equal(p->nunplaced, 2);
    assert_string_equal(ds_str(fx, fx->records[p->unplaced[0]].id), "r3");
    assert_string_equal(ds_str(fx, fx->records[p->unplaced[1]].id), "r4");
    assert_int_equal(places_stats(p, PLACES_UNPLACED)->total, 2);
    assert_int_equal(places_stats(p, PLACES_UNPLACED)->money.value, 50);
    release(p);
}

static void check_unplaced(const dataset *ds)
{
    struct truth *t = truth_new(ds);
    places *p = new_places(ds);
    if (p->nunplaced != t->nunplaced)
        fail_msg("%u unplaced records, expected %u", p->nunplaced, t->nunplaced);
    for (uint32_t i = 0; i < t->nunplaced; i++)
        if (p->unplaced[i] != t->unplaced[i])
            fail_msg("unplaced record %u is %s, expected %s", i,
                     ds_str(ds, ds->records[p->unplaced[i]].id), ds_str(ds, ds->records[t->unplaced[i]].id));
    const struct place_stats *st = places_stats(p, PLACES_UNPLACED);
    assert_int_equal(st->total, t->nunplaced);
    uint32_t sum = 0;
    for (uint32_t th = 0; th < ds->nthemes; th++) {
        assert_int_equal(places_count(p, PLACES_UNPLACED, th), t->unplaced_by_theme[th]);
        sum += places_count(p, PLACES_UNPLACED, th);
    }
    assert_int_equal(sum, st->total);
    assert_true(st->money.value == t->unplaced_money.value);
    assert_int_equal(st->money.how, t->unplaced_money.how);
    uint32_t n;
    const uint32_t *recs = places_records(p, PLACES_UNPLACED, &n);
    assert_int_equal(n, p->nunplaced);
    total parts;
    total_of_records(&parts, ds, recs, n, UNIT_YUAN);
    assert_int_equal(parts.nitems, t->unplaced_money.nitems);
    total_free(&parts);
    assert_int_equal(st->money.qualifier, t->unplaced_money.qualifier);
    /* and a placed record and an unplaced one never overlap: every record is
     * about some root place, or unplaced, not both */
    for (uint32_t r = 0; r < ds->nrecords; r++) {
        bool in_root = false, in_unplaced = false;
        for (uint32_t e = 0; e < ds->nentities; e++)
            if (is_place(ds, e) && ds->entities[e].parent == NONE)
                for (uint32_t k = 0; k < t->nrecs[e]; k++)
                    in_root |= t->recs[e][k] == r;
        for (uint32_t k = 0; k < p->nunplaced; k++)
            in_unplaced |= p->unplaced[k] == r;
        if (in_root == in_unplaced)
            fail_msg("record %s: about a place %d, unplaced %d", ds_str(ds, ds->records[r].id), in_root,
                     in_unplaced);
    }
    release(p);
    release(t);
}

static void the_unplaced_row_should_hold_exactly_the_records_about_no_place(void **state)
{
    (void)state;
    check_unplaced(zj);
    check_unplaced(fx);
}

static void check_roots(places *p)
{
    const dataset *ds = p->ds;
    uint32_t roots = 0;
    for (uint32_t i = 0; i < p->nrows; i++) {
        const place_row *row = &p->rows[i];
        bool last = i + 1 == p->nrows;
        if (last) {
            if (row->place != PLACES_UNPLACED || row->depth != 0)
                fail_msg("sort %d%s: the last row is %s at depth %u, not the unplaced row",
                         p->sort_column, p->descending ? " desc" : "", name_of(ds, row->place),
                         row->depth);
            continue;
        }
        if (row->place == PLACES_UNPLACED)
            fail_msg("sort %d%s: the unplaced row is row %u of %u", p->sort_column,
                     p->descending ? " desc" : "", i, p->nrows);
        assert_true(is_place(ds, row->place));
        if (row->depth == 0) {
            if (ds->entities[row->place].parent != NONE)
                fail_msg("%s is a root row but lies in %s", name_of(ds, row->place),
                         name_of(ds, ds->entities[row->place].parent));
            roots++;
        } else {
            assert_true(ds->entities[row->place].parent != NONE);
        }
    }
    assert_int_equal(roots, count_places(ds, true));
}

static void root_rows_should_be_the_places_without_a_parent_then_the_unplaced_row(void **state)
{
    (void)state;
    dataset *sets[] = {zj, fx};
    for (int d = 0; d < 2; d++) {
        places *p = new_places(sets[d]);
        int ncolumns = (int)places_column_count(p);
        check_roots(p); /* as made: the top places open */
        for (int by = -1; by < ncolumns; by++)
            for (int desc = 0; desc < 2; desc++) {
                places_sort(p, by, desc);
                check_roots(p);
                places_open_all(p, true);
                check_roots(p);
                places_open_all(p, false);
                check_roots(p);
                assert_int_equal(p->nrows, count_places(sets[d], true) + 1);
            }
        release(p);
    }
}

/* Whether sibling x may come before sibling y in the sort. */
static bool in_order(const struct truth *t, const places *p, uint32_t x, uint32_t y)
{
    const dataset *ds = t->ds;
    int c = 0;
    if (p->sort_column == PLACES_COLUMN_NAME) {
        c = pinyin_compare(name_of(ds, x), name_of(ds, y));
    } else if (p->sort_column > 0) {
        double kx = truth_measure(t, x, (uint32_t)p->sort_column);
        double ky = truth_measure(t, y, (uint32_t)p->sort_column);
        c = (kx > ky) - (kx < ky);
    }
    if (p->descending)
        c = -c;
    return c ? c < 0 : x < y; /* ties (and no sort) in the file's order */
}

/* The rows are the tree, every place once, every place under its parent, and
 * the siblings in order. */
static void check_tree(const struct truth *t, const places *p, bool all_open)
{
    const dataset *ds = t->ds;
    uint32_t above[APP_MAX_DEPTH], prev[APP_MAX_DEPTH];
    uint8_t *seen = calloc((size_t)ds->nentities + 1, 1);
    for (int d = 0; d < APP_MAX_DEPTH; d++)
        prev[d] = above[d] = NONE;
    for (uint32_t i = 0; i + 1 < p->nrows; i++) {
        const place_row *row = &p->rows[i];
        uint32_t d = row->depth, e = row->place;
        assert_true(d < APP_MAX_DEPTH);
        assert_false(seen[e]);
        seen[e] = 1;
        uint32_t parent = d ? above[d - 1] : NONE;
        if (ds->entities[e].parent != parent)
            fail_msg("row %u: %s under %s, but it lies in %s", i, name_of(ds, e),
                     parent == NONE ? "nothing" : name_of(ds, parent),
                     name_of(ds, ds->entities[e].parent));
        if (prev[d] != NONE && !in_order(t, p, prev[d], e))
            fail_msg("sort %d%s: %s (%g) before its sibling %s (%g)", p->sort_column,
                     p->descending ? " desc" : "", name_of(ds, prev[d]),
                     p->sort_column > 0 ? truth_measure(t, prev[d], (uint32_t)p->sort_column) : 0.0,
                     name_of(ds, e),
                     p->sort_column > 0 ? truth_measure(t, e, (uint32_t)p->sort_column) : 0.0);
        prev[d] = e;
        for (int k = (int)d + 1; k < APP_MAX_DEPTH; k++)
            prev[k] = NONE;
        above[d] = e;
    }
    if (all_open)
        for (uint32_t e = 0; e < ds->nentities; e++)
            if (is_place(ds, e) && !seen[e])
                fail_msg("%s has no row with every place open", name_of(ds, e));
    free(seen);
}

static void sorting_should_order_siblings_and_keep_ties_in_file_order(void **state)
{
    (void)state;
    dataset *sets[] = {zj, fx};
    for (int d = 0; d < 2; d++) {
        struct truth *t = truth_new(sets[d]);
        places *p = new_places(sets[d]);
        places_open_all(p, true);
        int ncolumns = (int)places_column_count(p);
        for (int by = -1; by < ncolumns; by++)
            for (int desc = 0; desc < 2; desc++) {
                places_sort(p, by, desc);
                assert_int_equal(p->sort_column, by);
                assert_int_equal(p->descending, desc);
                check_tree(t, p, true);
            }
        release(p);
        release(t);
    }
}

/* The fixture's siblings, by hand. */
static void check_children(places *p, const char *parent, const char *const *want)
{
    long at = places_find(p, entity_id(p->ds, parent));
    assert_true(at >= 0);
    uint32_t depth = p->rows[at].depth + 1;
    size_t k = 0;
    for (uint32_t i = (uint32_t)at + 1; i < p->nrows && p->rows[i].depth >= depth; i++) {
        if (p->rows[i].depth != depth)
            continue;
        if (!want[k])
            fail_msg("%s: more children than expected", parent);
        if (strcmp(ds_str(p->ds, p->ds->entities[p->rows[i].place].id), want[k]))
            fail_msg("sort %d%s: child %zu of %s is %s, expected %s", p->sort_column,
                     p->descending ? " desc" : "", k, parent,
                     ds_str(p->ds, p->ds->entities[p->rows[i].place].id), want[k]);
        k++;
    }
    if (want[k])
        fail_msg("%s: fewer children than expected", parent);
}

static void the_fixture_should_sort_as_worked_out_by_hand(void **state)
{
    (void)state;
    places *p = new_places(fx);
    places_open_all(p, true);
    uint32_t records_column = places_column_total(p), money = places_column_money(p);
    /* records: alpha 4, bay 2, bay2 0 */
    places_sort(p, (int)records_column, false);
    check_children(p, "city", (const char *const[]){"bay2", "bay", "alpha", NULL});
    places_sort(p, (int)records_column, true);
    check_children(p, "city", (const char *const[]){"alpha", "bay", "bay2", NULL});
    /* theme one: alpha 2, bay 0, bay2 0: the tie stays in file order both ways */
    places_sort(p, 1, false);
    check_children(p, "city", (const char *const[]){"bay", "bay2", "alpha", NULL});
    places_sort(p, 1, true);
    check_children(p, "city", (const char *const[]){"alpha", "bay", "bay2", NULL});
    /* names: Alpha, Bay, Bay (the same name: file order) */
    places_sort(p, PLACES_COLUMN_NAME, false);
    check_children(p, "city", (const char *const[]){"alpha", "bay", "bay2", NULL});
    places_sort(p, PLACES_COLUMN_NAME, true);
    check_children(p, "city", (const char *const[]){"bay", "bay2", "alpha", NULL});
    check_children(p, "alpha", (const char *const[]){"alpha_town2", "alpha_town", NULL});
    /* money: alpha about 300, bay 100, bay2 none */
    places_sort(p, (int)money, true);
    check_children(p, "city", (const char *const[]){"alpha", "bay", "bay2", NULL});
    /* the roots: city 7, lone 1, lone2 1 (a tie), then the unplaced row */
    places_sort(p, (int)records_column, false);
    const char *roots[] = {"lone", "lone2", "city"};
    uint32_t k = 0;
    for (uint32_t i = 0; i + 1 < p->nrows; i++)
        if (p->rows[i].depth == 0)
            assert_string_equal(ds_str(fx, fx->entities[p->rows[i].place].id), roots[k++]);
    assert_int_equal(k, 3);
    assert_true(p->rows[p->nrows - 1].place == PLACES_UNPLACED);
    release(p);
}

static void opening_and_closing_all_should_show_every_place_or_only_the_roots(void **state)
{
    (void)state;
    dataset *sets[] = {zj, fx};
    for (int d = 0; d < 2; d++) {
        const dataset *ds = sets[d];
        struct truth *t = truth_new(ds);
        places *p = new_places(ds);
        places_open_all(p, true);
        assert_int_equal(p->nrows, count_places(ds, false) + 1);
        for (uint32_t i = 0; i + 1 < p->nrows; i++) {
            const place_row *row = &p->rows[i];
            bool kids = false;
            for (uint32_t e = 0; e < ds->nentities; e++)
                kids |= is_place(ds, e) && ds->entities[e].parent == row->place;
            assert_int_equal(row->has_children, kids);
            assert_int_equal(row->open, kids);
        }
        check_tree(t, p, true);
        places_open_all(p, false);
        assert_int_equal(p->nrows, count_places(ds, true) + 1);
        for (uint32_t i = 0; i < p->nrows; i++) {
            assert_false(p->rows[i].open);
            assert_int_equal(p->rows[i].depth, 0);
        }
        check_tree(t, p, false);
        release(p);
        release(t);
    }
}

static void revealing_a_village_should_open_the_places_around_it(void **state)
{
    (void)state;
    uint32_t buzheng = entity_named(zj, "布政村"), suixi = entity_named(zj, "遂溪县"),
             yanggan = entity_named(zj, "杨柑镇"), city = entity_named(zj, "湛江市");
    places *p = new_places(zj);
    assert_true(places_find(p, buzheng) < 0); /* as made, only the counties show */
    long row = places_reveal(p, buzheng);
    assert_true(row >= 0);
    assert_true(p->rows[row].place == buzheng);
    assert_int_equal(row, places_find(p, buzheng));
    assert_true(p->open[suixi]);
    assert_true(p->open[yanggan]);
    assert_true(p->rows[places_find(p, suixi)].open);
    assert_true(p->rows[places_find(p, yanggan)].open);
    assert_int_equal(p->rows[row].depth, 3);
    /* from everything closed, and in another order */
    places_open_all(p, false);
    places_sort(p, (int)places_column_total(p), true);
    row = places_reveal(p, buzheng);
    assert_true(row >= 0 && p->rows[row].place == buzheng);
    assert_true(p->open[city] && p->open[suixi] && p->open[yanggan]);
    /* a root needs nothing opened */
    uint32_t zurong = entity_named(zj, "足荣村");
    places_open_all(p, false);
    row = places_reveal(p, zurong);
    assert_true(row >= 0 && p->rows[row].place == zurong);
    assert_int_equal(p->nrows, count_places(zj, true) + 1);
    /* the unplaced row is always there */
    row = places_reveal(p, PLACES_UNPLACED);
    assert_int_equal(row, (long)p->nrows - 1);
    release(p);
}

/* ---- the screen ---- */

/* A row's text: the cells' texts joined, the right halves of wide characters skipped. */
static buf row_buf;

static const char *row_text(const grid *g, int y)
{
    buf *out = &row_buf;
    buf_clear(out);
    for (int x = 0; x < g->w; x++) {
        const grid_cell *c = &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
        if (c->width)
            buf_puts(out, c->text);
    }
    return out->data ? out->data : "";
}

static const grid_cell *cell(const grid *g, int y, int x)
{
    return &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
}

/* The cell at which needle starts in row y, or -1; *cells gets how many cells it spans. */
static int find_in_row(const grid *g, int y, const char *needle, int *cells)
{
    size_t n = strlen(needle);
    for (int x = 0; x < g->w; x++) {
        size_t i = 0;
        int k = x;
        while (k < g->w && i < n) {
            const grid_cell *c = cell(g, y, k++);
            if (!c->width)
                continue;
            size_t len = strlen(c->text);
            if (i + len > n ? strncmp(c->text, needle + i, n - i) : strncmp(c->text, needle + i, len))
                break;
            i += len;
        }
        if (i >= n) {
            if (cells)
                *cells = k - x;
            return x;
        }
    }
    return -1;
}

static int find_row(const grid *g, int from, int to, const char *needle)
{
    for (int y = from; y < to; y++)
        if (strstr(row_text(g, y), needle))
            return y;
    return -1;
}

static app *new_app(const dataset *ds, bool ascii)
{
    struct app_options o = {ascii, NULL, NULL, NULL};
    return own(app_new(ds, &o), release_app);
}

/* Like the terminal: a key, then the screen drawn again. */
static void press(app *a, grid *g, uint32_t key)
{
    app_key(a, key);
    app_frame(a, g);
}

static void type(app *a, grid *g, const char *keys)
{
    for (; *keys; keys++)
        press(a, g, (unsigned char)*keys);
}

/* The screen row of the selected place or table row: the one with the marker. */
static int marked_row(const grid *g)
{
    int found = -1;
    for (int y = 3; y < g->h - 1; y++) {
        const grid_cell *c = cell(g, y, 0);
        if (!strcmp(c->text, g->ascii ? ">" : "▸") && c->style == ST_SELECTED) {
            if (found >= 0)
                fail_msg("two rows are marked: %d and %d", found, y);
            found = y;
        }
    }
    return found;
}

/* The place under the cursor, from the screen's marked row: its name with
 * the tree's indent and sign taken off. */
static const char *marked_name(const grid *g)
{
    int y = marked_row(g);
    if (y < 0)
        return "";
    static char name[256];
    const char *s = row_text(g, y);
    s += strlen(g->ascii ? ">" : "▸");
    while (*s == ' ' || ((*s == '+' || *s == '-') && s[1] == ' '))
        s++;
    size_t n = 0;
    while (s[n] && strncmp(s + n, "  ", 2) && strncmp(s + n, "│", strlen("│")) && s[n] != '|' &&
           n + 1 < sizeof name)
        n++;
    memcpy(name, s, n);
    name[n] = 0;
    while (n && name[n - 1] == ' ')
        name[--n] = 0;
    return name;
}

static uint32_t cursor_place(app *a)
{
    places *p = app_places(a);
    return p->rows[a->places_cursor].place;
}

static void expect_on(app *a, const grid *g, const char *name)
{
    if (strcmp(marked_name(g), name))
        fail_msg("the cursor is on \"%s\" (row %ld, %s in the model), expected %s", marked_name(g),
                 a->places_cursor, name_of(a->ds, cursor_place(a)), name);
    assert_string_equal(name_of(a->ds, cursor_place(a)), name);
}

/* Down until the marked place is called name. */
static void down_to(app *a, grid *g, const char *name)
{
    for (uint32_t i = 0; i <= app_places(a)->nrows; i++) {
        if (!strcmp(marked_name(g), name))
            return;
        press(a, g, K_DOWN);
    }
    fail_msg("Down never reaches %s", name);
}

/* The tables' matcher in the places too, over every place, shown or not:
 * lwc finds 林屋村 inside a closed county, which then opens around it. */
static void search_in_the_places_should_find_a_hidden_village_by_pinyin(void **state)
{
    (void)state;
    grid *g = new_grid(100, 30, false);
    app *a = new_app(zj, false);
    press(a, g, 'p');
    assert_true(places_find(app_places(a), entity_named(zj, "林屋村")) < 0);
    type(a, g, "/lwc");
    press(a, g, K_ENTER);
    expect_on(a, g, "林屋村");
    type(a, g, "/linwu");
    press(a, g, K_ENTER);
    expect_on(a, g, "林屋村");
}

static void places_tab_should_open_with_p_and_5(void **state)
{
    (void)state;
    grid *g = new_grid(100, 30, false);
    app *a = new_app(zj, false);
    app_frame(a, g);
    assert_false(app_in_places(a));
    const char *keys[] = {"p", "5"};
    for (int k = 0; k < 2; k++) {
        press(a, g, '1');
        int cells, x = find_in_row(g, 1, "5 Places", &cells);
        assert_true(x >= 0);
        for (int i = 0; i < cells; i++)
            assert_int_equal(cell(g, 1, x + i)->style, ST_TAB);
        x = find_in_row(g, 1, "1 组织凝心", &cells);
        assert_true(x >= 0);
        assert_int_equal(cell(g, 1, x)->style, ST_TAB_CURRENT);
        press(a, g, (unsigned char)keys[k][0]);
        assert_true(app_in_places(a));
        x = find_in_row(g, 1, "5 Places", &cells);
        assert_true(x >= 0);
        assert_int_equal(cells, 8);
        for (int i = 0; i < cells; i++)
            if (cell(g, 1, x + i)->style != ST_TAB_CURRENT)
                fail_msg("after %s, cell %d of \"5 Places\" has style %d, not the current tab's",
                         keys[k], i, cell(g, 1, x + i)->style);
        x = find_in_row(g, 1, "1 组织凝心", &cells);
        assert_int_equal(cell(g, 1, x)->style, ST_TAB);
        assert_non_null(strstr(row_text(g, 2), "Places"));
        assert_int_equal(find_in_row(g, 3, "Place", NULL), 1);
        expect_on(a, g, "湛江市");
    }
    release(a);
    release(g);
}

static void enter_should_walk_from_the_city_down_to_a_village_and_esc_come_back(void **state)
{
    (void)state;
    grid *g = new_grid(100, 30, false);
    app *a = new_app(zj, false);
    app_frame(a, g);
    press(a, g, 'p');
    expect_on(a, g, "湛江市");
    down_to(a, g, "遂溪县");
    int y = marked_row(g);
    assert_non_null(strstr(row_text(g, y), "+ 遂溪县"));
    assert_int_equal(find_row(g, 4, g->h - 1, "杨柑镇"), -1);
    press(a, g, K_ENTER);
    expect_on(a, g, "遂溪县");
    assert_non_null(strstr(row_text(g, marked_row(g)), "- 遂溪县"));
    assert_true(find_row(g, 4, g->h - 1, "杨柑镇") > marked_row(g));
    down_to(a, g, "杨柑镇");
    press(a, g, K_ENTER);
    expect_on(a, g, "杨柑镇");
    down_to(a, g, "布政村");
    uint32_t buzheng = entity_named(zj, "布政村");
    press(a, g, K_ENTER);
    /* the village's page */
    assert_int_equal(app_page(a)->kind, PAGE_ENTITY);
    assert_true(app_page(a)->target.index == buzheng);
    assert_non_null(strstr(row_text(g, 2), "Places › 布政村"));
    struct truth *t = truth_new(zj);
    uint32_t dragon = 0;
    for (uint32_t i = 0; i < t->nrecs[buzheng]; i++) {
        const char *name = ds_str(zj, zj->records[t->recs[buzheng][i]].name);
        if (!strstr(name, "火龙果"))
            continue;
        dragon++;
        if (find_row(g, 3, g->h - 1, name) < 0)
            fail_msg("the page of 布政村 does not list %s", name);
    }
    assert_true(dragon >= 1);
    char count[64];
    snprintf(count, sizeof count, "%u record%s", t->nrecs[buzheng], t->nrecs[buzheng] == 1 ? "" : "s");
    assert_true(find_row(g, 3, g->h - 1, count) >= 0);
    release(t);
    /* and back to the same row of the tree */
    press(a, g, K_ESC);
    assert_int_equal(app_page(a)->kind, PAGE_PLACES);
    expect_on(a, g, "布政村");
    release(a);
    release(g);
}

static void left_should_close_a_place_or_go_up_to_its_parent(void **state)
{
    (void)state;
    grid *g = new_grid(100, 30, false);
    app *a = new_app(zj, false);
    press(a, g, 'p');
    down_to(a, g, "遂溪县");
    press(a, g, K_ENTER);
    down_to(a, g, "杨柑镇");
    press(a, g, K_ENTER);
    down_to(a, g, "布政村");
    /* a village: up to its town */
    press(a, g, K_LEFT);
    expect_on(a, g, "杨柑镇");
    assert_non_null(strstr(row_text(g, marked_row(g)), "- 杨柑镇"));
    /* an open town: closed, the cursor stays */
    press(a, g, K_LEFT);
    expect_on(a, g, "杨柑镇");
    assert_non_null(strstr(row_text(g, marked_row(g)), "+ 杨柑镇"));
    assert_int_equal(find_row(g, 4, g->h - 1, "布政村"), -1);
    /* closed: up to the county; h does the same */
    press(a, g, 'h');
    expect_on(a, g, "遂溪县");
    press(a, g, K_LEFT);
    expect_on(a, g, "遂溪县");
    assert_int_equal(find_row(g, 4, g->h - 1, "杨柑镇"), -1);
    press(a, g, K_LEFT);
    expect_on(a, g, "湛江市");
    press(a, g, K_LEFT);
    expect_on(a, g, "湛江市");
    assert_non_null(strstr(row_text(g, marked_row(g)), "+ 湛江市"));
    assert_int_equal(app_places(a)->nrows, rows_with_one_root_closed(zj, entity_named(zj, "湛江市")));
    /* a closed root goes nowhere, nor does the unplaced row */
    press(a, g, K_LEFT);
    expect_on(a, g, "湛江市");
    assert_int_equal(app_page(a)->kind, PAGE_PLACES);
    press(a, g, K_END);
    expect_on(a, g, "(no place named)");
    press(a, g, K_LEFT);
    expect_on(a, g, "(no place named)");
    assert_int_equal(app_page(a)->kind, PAGE_PLACES);
    assert_true(app_in_places(a));
    release(a);
    release(g);
}

static void plus_and_minus_should_open_and_close_all_and_keep_the_place(void **state)
{
    (void)state;
    grid *g = new_grid(100, 40, false);
    app *a = new_app(zj, false);
    press(a, g, 'p');
    down_to(a, g, "遂溪县");
    press(a, g, '+');
    expect_on(a, g, "遂溪县");
    assert_int_equal(app_places(a)->nrows, count_places(zj, false) + 1);
    down_to(a, g, "杨柑镇");
    press(a, g, '-');
    press(a, g, '+');
    /* 杨柑镇 was hidden by -: the cursor went somewhere; + keeps where it is */
    const char *after = name_of(zj, cursor_place(a));
    expect_on(a, g, after);
    /* a root keeps the cursor through both */
    down_to(a, g, "石滩村");
    press(a, g, '-');
    expect_on(a, g, "石滩村");
    assert_int_equal(app_places(a)->nrows, count_places(zj, true) + 1);
    press(a, g, '+');
    expect_on(a, g, "石滩村");
    assert_int_equal(app_places(a)->nrows, count_places(zj, false) + 1);
    /* and the last row */
    press(a, g, K_END);
    press(a, g, '-');
    expect_on(a, g, "(no place named)");
    press(a, g, '+');
    expect_on(a, g, "(no place named)");
    release(a);
    release(g);
}

/* '-' hides a village; the cursor should go to the place around it that is
 * left showing, not to whatever place is first. Sorted by name the first root
 * is not 湛江市, so the two differ. */
static void minus_should_leave_the_cursor_on_the_root_around_a_hidden_place(void **state)
{
    (void)state;
    grid *g = new_grid(100, 40, false);
    app *a = new_app(zj, false);
    press(a, g, 'p');
    press(a, g, '+');
    press(a, g, '>'); /* by name */
    assert_int_equal(app_places(a)->sort_column, PLACES_COLUMN_NAME);
    assert_true(app_places(a)->rows[0].place != entity_named(zj, "湛江市"));
    press(a, g, K_HOME);
    down_to(a, g, "布政村");
    press(a, g, '-');
    expect_on(a, g, "湛江市");
    release(a);
    release(g);
}

static void sorting_keys_should_keep_the_cursor_on_the_same_place(void **state)
{
    (void)state;
    grid *g = new_grid(140, 45, false);
    app *a = new_app(zj, false);
    press(a, g, 'p');
    places *p = app_places(a);
    int ncolumns = (int)places_column_count(p);
    struct truth *t = truth_new(zj);
    const char *where[] = {"杨柑镇", "湛江市", "布政村", "(no place named)"};
    for (int w = 0; w < 4; w++) {
        press(a, g, '+');
        press(a, g, K_HOME);
        down_to(a, g, where[w]);
        for (int i = 0; i <= ncolumns; i++) {
            press(a, g, '>');
            int want = i == ncolumns ? -1 : i;
            assert_int_equal(p->sort_column, want);
            expect_on(a, g, where[w]);
            check_tree(t, p, true);
            if (want >= 0) { /* the heading marks the column */
                int y = 3;
                assert_true(find_in_row(g, y, p->descending ? "▾" : "▴", NULL) >= 0);
            }
        }
        press(a, g, 'r');
        assert_true(p->descending);
        expect_on(a, g, where[w]);
        for (int i = 0; i <= ncolumns; i++) {
            press(a, g, '<');
            expect_on(a, g, where[w]);
            check_tree(t, p, true);
        }
        press(a, g, 'r');
        assert_false(p->descending);
        expect_on(a, g, where[w]);
        /* with places closed too */
        press(a, g, '-');
        const char *now = name_of(zj, cursor_place(a));
        press(a, g, '>');
        expect_on(a, g, now);
        press(a, g, 'r');
        expect_on(a, g, now);
        press(a, g, '<');
        expect_on(a, g, now);
        press(a, g, 'r');
    }
    release(t);
    release(a);
    release(g);
}

/* ---- bars ---- */

static int eighth_of(const char *s)
{
    static const char *const eighths[9] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
    for (int i = 1; i <= 8; i++)
        if (!strcmp(s, eighths[i]))
            return i;
    return 0;
}

/* The eighths a row's bar shows, and where it lies: full blocks, then at
 * most one partial, all in one run in the bar's style (the selection's, on
 * the selected row, which is marked across the whole width). */
static int bar_eighths(const grid *g, int y, int *from, int *to)
{
    int eighths = 0, first = -1, last = -1;
    bool partial = false;
    int style = cell(g, y, 0)->style == ST_SELECTED ? ST_SELECTED : ST_BAR;
    for (int x = 0; x < g->w; x++) {
        const grid_cell *c = cell(g, y, x);
        int e = g->ascii ? (!strcmp(c->text, "#") && c->style == style ? 8 : 0) : eighth_of(c->text);
        if (!e)
            continue;
        if (c->style != style)
            fail_msg("row %d: a bar cell at %d has style %d", y, x, c->style);
        if (last >= 0 && last != x - 1)
            fail_msg("row %d: the bar has a gap at %d: %s", y, x, row_text(g, y));
        if (partial)
            fail_msg("row %d: a partial cell inside the bar: %s", y, row_text(g, y));
        partial = e < 8;
        if (first < 0)
            first = x;
        last = x;
        eighths += e;
    }
    *from = first;
    *to = last + 1;
    return eighths;
}

static void check_bar(const grid *g, int y, double value, double max, int x0, int width,
                      const char *what)
{
    int from, to;
    int shown = bar_eighths(g, y, &from, &to);
    double want = max > 0 && value > 0 && width > 0 ? value / max * width * 8 : 0;
    double slack = g->ascii ? 8 : 1; /* ASCII bars are whole cells */
    if (fabs(shown - want) > slack)
        fail_msg("%s: the bar shows %d eighths, %g/%g of %d cells is %.2f eighths\n%s", what, shown,
                 value, max, width, want, row_text(g, y));
    if (shown && (from < x0 || to > x0 + width))
        fail_msg("%s: the bar lies in cells %d..%d, outside %d..%d", what, from, to, x0, x0 + width);
}

/* Checks every bar on the places screen; returns how many rows have one. */
static int check_place_bars(app *a, const grid *g, const struct truth *t)
{
    places *p = app_places(a);
    uint32_t measure = p->sort_column > 0 ? (uint32_t)p->sort_column : places_column_total(p);
    /* one scale for the whole tree, shown or not */
    double max = truth_measure(t, PLACES_UNPLACED, measure);
    for (uint32_t e = 0; e < a->ds->nentities; e++)
        if (a->ds->entities[e].type == ENTITY_PLACE && truth_measure(t, e, measure) > max)
            max = truth_measure(t, e, measure);
    /* the bar takes the cells after the last column's border, but the last */
    const char *border = g->ascii ? "|" : "│";
    int last_border = -1;
    for (int x = 0; x < g->w; x++)
        if (!strcmp(cell(g, 3, x)->text, border))
            last_border = x;
    assert_true(last_border > 0);
    int x0 = last_border + 2, width = g->w - 1 - x0;
    if (width < 1) /* no room for bars: none drawn */
        width = 0;
    int bars = 0;
    for (int y = 4; y < g->h - 1; y++) {
        long r = a->places_top + (y - 4);
        if (r >= (long)p->nrows) {
            int from, to;
            assert_int_equal(bar_eighths(g, y, &from, &to), 0);
            continue;
        }
        const place_row *row = &p->rows[r];
        char what[160];
        snprintf(what, sizeof what, "%s, sort %d%s", name_of(a->ds, row->place), p->sort_column,
                 p->descending ? " desc" : "");
        assert_non_null(strstr(row_text(g, y), row->place == PLACES_UNPLACED ? "(no place named)"
                                                                             : name_of(a->ds, row->place)));
        double v = truth_measure(t, row->place, measure);
        check_bar(g, y, v, max, x0, width, what);
        bars += v > 0;
    }
    return bars;
}

static void place_bars_should_share_one_scale_across_the_whole_tree(void **state)
{
    (void)state;
    struct truth *t = truth_new(zj);
    const int widths[] = {108, 120, 160};
    for (int w = 0; w < 3; w++) {
        grid *g = new_grid(widths[w], 40, false);
        app *a = new_app(zj, false);
        press(a, g, 'p');
        assert_true(check_place_bars(a, g, t) > 0);
        press(a, g, '+');
        int ncolumns = (int)places_column_count(app_places(a));
        for (int i = 0; i <= ncolumns; i++) {
            for (int r = 0; r < 2; r++) {
                int bars = check_place_bars(a, g, t);
                if (!bars)
                    fail_msg("%dx40, sort %d: no bars", g->w, app_places(a)->sort_column);
                press(a, g, 'r');
            }
            press(a, g, '>');
        }
        /* scrolled */
        grid_resize(g, widths[w], 16);
        app_frame(a, g);
        press(a, g, K_END);
        check_place_bars(a, g, t);
        press(a, g, K_PGUP);
        check_place_bars(a, g, t);
        release(a);
        release(g);
    }
    /* the fixture, with a place of nothing (no bar) and ties */
    struct truth *ft = truth_new(fx);
    grid *g = new_grid(90, 24, false);
    app *a = new_app(fx, false);
    press(a, g, 'p');
    press(a, g, '+');
    for (int i = 0; i <= (int)places_column_count(app_places(a)); i++) {
        assert_true(check_place_bars(a, g, ft) > 0);
        press(a, g, '>');
    }
    release(a);
    release(g);
    release(ft);
    release(t);
}

/* The measure word a figure is shown with. */
static const char *measure_word(const dataset *ds, const figure *f)
{
    return f->measure != NONE ? ds_str(ds, f->measure) : unit_default_measure((enum unit)f->unit);
}

/* Whether two figures are counted alike: the same unit, measure word and
 * kind (the dataset gives money its kind: 投入资金 an investment, 捐资捐物 a
 * donation; they are not measured on one scale). */
static bool alike(const dataset *ds, const figure *a, const figure *b)
{
    return a->unit == b->unit && a->kind == b->kind && !strcmp(measure_word(ds, a), measure_word(ds, b));
}

/* What a theme's chart shows, line by line: each scale (figures counted
 * alike) in the order it first appears, as its heading (NONE) and then its
 * figures in the file's order; dates have no bar. */
static uint32_t chart_figures(const dataset *ds, uint32_t th, uint32_t *out)
{
    const theme *t = &ds->themes[th];
    uint32_t n = 0, end = t->first_figure + t->nfigures;
    bool *done = calloc(end, sizeof *done);
    for (uint32_t f = t->first_figure; f < end; f++) {
        const figure *lead = &ds->figures[f];
        if (!lead->headline || lead->unit == UNIT_DATE || done[f])
            continue;
        out[n++] = NONE;
        for (uint32_t g = f; g < end; g++)
            if (ds->figures[g].headline && alike(ds, &ds->figures[g], lead)) {
                out[n++] = g;
                done[g] = true;
            }
    }
    free(done);
    return n;
}

/* The longest bar of a scale: its largest figure. */
static double scale_max(const dataset *ds, uint32_t th, const figure *of)
{
    const theme *t = &ds->themes[th];
    double max = 0;
    for (uint32_t f = t->first_figure; f < t->first_figure + t->nfigures; f++)
        if (ds->figures[f].headline && alike(ds, &ds->figures[f], of) && ds->figures[f].value > max)
            max = (double)ds->figures[f].value;
    return max;
}

static bool any_bar(const grid *g)
{
    for (int y = 0; y < g->h; y++)
        for (int x = 0; x < g->w; x++)
            if (cell(g, y, x)->style == ST_BAR)
                return true;
    return false;
}

/* Checks the chart of the current theme; returns its lines. */
static int check_chart(app *a, const grid *g)
{
    const dataset *ds = a->ds;
    uint32_t figs[256];
    uint32_t n = chart_figures(ds, a->tab, figs);
    /* labels as wide as the widest, from 18 cells up to two fifths of the
     * screen; values 12 cells; bars the rest, up to 48 */
    int label = 18;
    for (uint32_t i = 0; i < n; i++) {
        if (figs[i] == NONE)
            continue;
        const char *l = ds_str(ds, ds->figures[figs[i]].label);
        int lw = text_width(l, strlen(l));
        label = lw > label ? lw : label;
    }
    int cap = (g->w - 4) * 2 / 5 > 18 ? (g->w - 4) * 2 / 5 : 18;
    if (label > cap)
        label = cap;
    int width = g->w - 2 - label - 12 - 4;
    if (width > 48)
        width = 48;
    buf *value = new_buf();
    for (uint32_t i = 0; i < n; i++) {
        int y = 3 + (int)i;
        int from, to;
        if (figs[i] == NONE) { /* a scale's heading: what its bars count, and no bar */
            const figure *next = &ds->figures[figs[i + 1]];
            if (!strstr(row_text(g, y), measure_word(ds, next)))
                fail_msg("tab %u, chart line %u: the scale's heading lacks %s: \"%s\"", a->tab + 1, i,
                         measure_word(ds, next), row_text(g, y));
            if (next->kind != FIGURE_KIND_UNKNOWN &&
                !strstr(row_text(g, y), figure_kind_name((enum figure_kind)next->kind)))
                fail_msg("tab %u, chart line %u: the scale's heading lacks its kind %s: \"%s\"", a->tab + 1, i,
                         figure_kind_name((enum figure_kind)next->kind), row_text(g, y));
            assert_int_equal(bar_eighths(g, y, &from, &to), 0);
            continue;
        }
        const figure *f = &ds->figures[figs[i]];
        buf_clear(value);
        view_figure_text(value, ds, figs[i]);
        if (!strstr(row_text(g, y), value->data))
            fail_msg("tab %u, chart line %u: no %s in \"%s\"", a->tab + 1, i, value->data, row_text(g, y));
        char what[160];
        snprintf(what, sizeof what, "tab %u at %dx%d, %s", a->tab + 1, g->w, g->h, ds_str(ds, f->label));
        check_bar(g, y, (double)f->value, scale_max(ds, a->tab, f), 2 + label + 1, width, what);
        /* a label that fits is shown whole, so that two figures never read as one */
        buf *shown = new_buf();
        text_sanitize(shown, ds_str(ds, f->label), strlen(ds_str(ds, f->label)));
        if (shown->data && text_width(shown->data, shown->len) <= label && !strstr(row_text(g, y), shown->data))
            fail_msg("%s: the label is not whole in \"%s\"", what, row_text(g, y));
        release(shown);
    }
    /* nothing more: the table's heading follows */
    int from, to;
    assert_int_equal(bar_eighths(g, 3 + (int)n, &from, &to), 0);
    release(value);
    return (int)n;
}

static void chart_bars_should_measure_only_figures_counted_alike(void **state)
{
    (void)state;
    const int sizes[][2] = {{100, 30}, {80, 24}, {200, 50}, {70, 30}};
    int charts = 0;
    for (int s = 0; s < 4; s++) {
        grid *g = new_grid(sizes[s][0], sizes[s][1], false);
        app *a = new_app(zj, false);
        app_frame(a, g);
        for (uint32_t th = 0; th < zj->nthemes; th++) {
            press(a, g, '1' + th);
            assert_int_equal(a->tab, th);
            if (!any_bar(g))
                continue; /* too small for this chart: the strip (tested below) */
            int lines = check_chart(a, g);
            assert_true(lines > 0);
            charts++;
        }
        release(a);
        release(g);
    }
    /* at 200x50 every theme has room for its chart */
    assert_true(charts >= (int)zj->nthemes);
}

/* ---- ASCII ---- */

static bool forbidden(uint32_t cp)
{
    return (cp >= 0x2500 && cp <= 0x259F) || cp == 0x25B4 || cp == 0x25BE || cp == 0x25B8 ||
           cp == 0x2026;
}

/* Which cells of a Unicode screen hold drawing: borders, blocks, markers, cut marks. */
static bool drawing(const char *s)
{
    uint32_t cp;
    size_t len = text_decode(s, strlen(s), &cp);
    return len && forbidden(cp);
}

static bool ascii_text(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

static void check_ascii_screen(const grid *u, const grid *g, const char *what)
{
    assert_int_equal(u->w, g->w);
    assert_int_equal(u->h, g->h);
    for (int y = 0; y < g->h; y++)
        for (int x = 0; x < g->w; x++) {
            const char *s = cell(g, y, x)->text;
            for (size_t i = 0; s[i];) {
                uint32_t cp;
                size_t len = text_decode(s + i, strlen(s + i), &cp);
                if (!len)
                    break;
                if (forbidden(cp))
                    fail_msg("%s, ASCII: cell %d,%d holds U+%04X: %s", what, y, x, cp, row_text(g, y));
                i += len;
            }
            /* where the Unicode screen draws, the ASCII one draws in ASCII */
            if (drawing(cell(u, y, x)->text) && !ascii_text(s))
                fail_msg("%s, ASCII: cell %d,%d (\"%s\" in Unicode) is \"%s\"", what, y, x,
                         cell(u, y, x)->text, s);
            if (cell(g, y, x)->style == ST_BAR && strcmp(s, "#") && strcmp(s, " "))
                fail_msg("%s, ASCII: bar cell %d,%d is \"%s\"", what, y, x, s);
        }
    int y = marked_row(g);
    if (y >= 0)
        assert_string_equal(cell(g, y, 0)->text, ">");
}

/* The same keys on a Unicode and an ASCII app, at a size; then both screens. */
static void ascii_case(const dataset *ds, int w, int h, const char *keys, const uint32_t *more)
{
    grid *u = new_grid(w, h, false), *g = new_grid(w, h, true);
    app *ua = new_app(ds, false), *aa = new_app(ds, true);
    app_frame(ua, u);
    app_frame(aa, g);
    type(ua, u, keys);
    type(aa, g, keys);
    for (; more && *more; more++) {
        press(ua, u, *more);
        press(aa, g, *more);
    }
    char what[128];
    snprintf(what, sizeof what, "%dx%d after \"%s\"", w, h, keys);
    check_ascii_screen(u, g, what);
    /* the ASCII bars are as long, in whole cells */
    if (app_in_places(aa) && app_page(aa)->kind == PAGE_PLACES) {
        struct truth *t = truth_new(ds);
        check_place_bars(aa, g, t);
        release(t);
    } else if (app_page(aa)->kind == PAGE_TABLE && aa->charts && find_row(g, 3, 4, "#") == 3) {
        check_chart(aa, g);
    }
    release(ua);
    release(aa);
    release(u);
    release(g);
}

static void ascii_screens_should_draw_bars_borders_and_marks_in_ascii(void **state)
{
    (void)state;
    const uint32_t down3[] = {K_DOWN, K_DOWN, K_DOWN, 0};
    const uint32_t enter[] = {K_ENTER, 0};
    const uint32_t page[] = {K_DOWN, K_ENTER, K_DOWN, K_ENTER, 0};
    for (int t = 1; t <= 4; t++) {
        char keys[32];
        snprintf(keys, sizeof keys, "%d", t);
        ascii_case(zj, 100, 30, keys, down3);
        ascii_case(zj, 80, 24, keys, NULL);
        ascii_case(zj, 60, 16, keys, NULL);
        snprintf(keys, sizeof keys, "%d>", t); /* sorted: ^ */
        ascii_case(zj, 100, 30, keys, NULL);
        snprintf(keys, sizeof keys, "%d>r", t); /* v */
        ascii_case(zj, 100, 30, keys, NULL);
        snprintf(keys, sizeof keys, "%dc", t); /* the strip of figures */
        ascii_case(zj, 100, 30, keys, NULL);
    }
    ascii_case(zj, 100, 30, "p", NULL);
    ascii_case(zj, 140, 45, "p+", NULL);
    ascii_case(zj, 140, 45, "p+>", NULL);
    ascii_case(zj, 140, 45, "p+>>>>>>r", NULL);
    ascii_case(zj, 60, 16, "p+", NULL);
    ascii_case(zj, 80, 24, "p+", down3);
    ascii_case(zj, 100, 30, "1", enter);          /* a record */
    ascii_case(zj, 100, 30, "1", page);           /* a record, then a name in it */
    ascii_case(zj, 60, 16, "1", enter);
    ascii_case(zj, 100, 30, "p+", down3);
    ascii_case(zj, 100, 30, "?", NULL);
    ascii_case(zj, 59, 15, "", NULL);             /* too small */
    ascii_case(fx, 100, 30, "p+", NULL);
    ascii_case(fx, 120, 30, "p+", NULL);
}

/* The key hints and separators of the status line are the program's, not
 * the data's: with --ascii they should be ASCII too (README: "borders,
 * arrows and cut marks in ASCII"). */
static void ascii_places_status_line_should_be_ascii(void **state)
{
    (void)state;
    grid *g = new_grid(100, 30, true);
    app *a = new_app(zj, true);
    press(a, g, 'p');
    const char *keys[] = {"", ">", "r"}, *so_far[] = {"p", "p>", "p>r"};
    buf *bad = new_buf();
    for (int k = 0; k < 3; k++) {
        type(a, g, keys[k]);
        const char *status = row_text(g, g->h - 1);
        if (!ascii_text(status))
            buf_printf(bad, "\n  after \"%s\": \"%s\"", so_far[k], status);
    }
    release(a);
    if (bad->len) {
        fprintf(stderr, "the ASCII status line is not ASCII:%s\n", bad->data);
        fail();
    }
    release(bad);
    release(g);
}

/* ---- small terminals ---- */

/* The row of a table's column headings. */
static int heading_row(const grid *g)
{
    for (int y = 3; y < g->h - 1; y++) {
        uint8_t st = cell(g, y, 1)->style;
        if (st == ST_COLUMN || st == ST_COLUMN_SORTED)
            return y;
    }
    return -1;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ')
            return false;
    return true;
}

static int table_rows(const grid *g, int heading)
{
    int n = 0;
    for (int y = heading + 1; y < g->h - 1; y++)
        n += !blank(row_text(g, y));
    return n;
}

static void small_terminals_should_keep_the_table_and_drop_the_chart(void **state)
{
    (void)state;
    grid *g = new_grid(60, 16, false);
    app *a = new_app(zj, false);
    for (uint32_t th = 0; th < zj->nthemes; th++) {
        press(a, g, '1' + th);
        int y = heading_row(g);
        if (y < 0)
            fail_msg("tab %u at 60x16: no column headings", th + 1);
        const char *first_label = ds_str(zj, zj->themes[th].columns[0].label);
        assert_true(find_in_row(g, y, first_label, NULL) >= 0);
        assert_true(table_rows(g, y) >= 1);
        /* the first record's name, or its start */
        const char *name = ds_str(zj, zj->records[a->tabs[th].view->rows[0]].name);
        char start[32];
        size_t n = 0;
        for (int k = 0; k < 3 && name[n]; k++) { /* three characters */
            uint32_t cp;
            size_t len = text_decode(name + n, strlen(name + n), &cp);
            assert_true(len > 0);
            n += len;
        }
        memcpy(start, name, n);
        start[n] = 0;
        assert_true(find_row(g, y + 1, g->h - 1, start) == y + 1);
        assert_false(any_bar(g));
        assert_int_equal(find_row(g, 0, g->h, "terminal too small"), -1);
    }
    const int sizes[][2] = {{59, 15}, {59, 16}, {60, 15}, {20, 5}};
    for (int s = 0; s < 4; s++) {
        grid_resize(g, sizes[s][0], sizes[s][1]);
        app_frame(a, g);
        if (find_row(g, 0, g->h, "terminal too small") < 0)
            fail_msg("%dx%d: no notice", g->w, g->h);
        press(a, g, 'p');
        assert_true(find_row(g, 0, g->h, "terminal too small") >= 0);
    }
    release(a);
    release(g);
}

/* At 100 columns, a common width for a window beside notes, every theme's
 * count stays: the bars give way before the counts do. */
static void at_100_columns_the_places_should_keep_every_theme(void **state)
{
    (void)state;
    grid *g = new_grid(100, 30, false);
    app *a = new_app(zj, false);
    press(a, g, 'p');
    for (uint32_t th = 0; th < zj->nthemes; th++)
        if (find_in_row(g, 3, ds_str(zj, zj->themes[th].title), NULL) < 0)
            fail_msg("no column for %s in \"%s\"", ds_str(zj, zj->themes[th].title), row_text(g, 3));
    assert_true(any_bar(g));
    release(a);
    release(g);
}

static void at_80x24_the_chart_should_leave_the_table_ten_rows(void **state)
{
    (void)state;
    grid *g = new_grid(80, 24, false);
    app *a = new_app(zj, false);
    app_frame(a, g);
    for (uint32_t th = 0; th < zj->nthemes; th++) {
        press(a, g, '1' + th);
        assert_true(a->charts);
        uint32_t figs[256];
        /* the chart where it leaves ten rows: 24 less header, tabs, heading,
         * status, the table's heading and its ten rows */
        bool fits = chart_figures(zj, th, figs) <= 24 - 5 - 10;
        if (any_bar(g) != fits)
            fail_msg("tab %u at 80x24: the chart %s, and it %s", th + 1, any_bar(g) ? "shows" : "does not",
                     fits ? "fits" : "does not fit");
        int y = heading_row(g);
        assert_true(y > 3);
        int rows = table_rows(g, y);
        int want = zj->themes[th].nrecords < 10 ? (int)zj->themes[th].nrecords : 10;
        if (rows < want)
            fail_msg("tab %u at 80x24: %d table rows", th + 1, rows);
    }
    /* and at every height: the chart only where ten rows of table remain */
    for (int h = APP_MIN_HEIGHT; h <= 40; h++) {
        grid_resize(g, 80, h);
        for (uint32_t th = 0; th < zj->nthemes; th++) {
            press(a, g, '1' + th);
            int y = heading_row(g);
            assert_true(y > 3);
            int rows = table_rows(g, y);
            int want = zj->themes[th].nrecords < 10 ? (int)zj->themes[th].nrecords : 10;
            if (any_bar(g) && rows < want)
                fail_msg("tab %u at 80x%d with the chart: %d table rows", th + 1, h, rows);
            if (any_bar(g))
                check_chart(a, g);
        }
    }
    release(a);
    release(g);
}

static void c_should_swap_the_chart_for_the_strip_of_figures(void **state)
{
    (void)state;
    grid *g = new_grid(100, 40, false);
    app *a = new_app(zj, false);
    buf *value = new_buf();
    for (uint32_t th = 0; th < zj->nthemes; th++) {
        press(a, g, '1' + th);
        assert_true(any_bar(g));
        int with_chart = table_rows(g, heading_row(g));
        press(a, g, 'c');
        assert_false(a->charts);
        assert_false(any_bar(g));
        /* the strip: the first headline figure, value then label, on the line below the heading */
        const theme *t = &zj->themes[th];
        uint32_t f = t->first_figure;
        while (!zj->figures[f].headline)
            f++;
        buf_clear(value);
        view_figure_text(value, zj, f);
        int x = find_in_row(g, 3, value->data, NULL);
        if (x < 0)
            fail_msg("tab %u, chart off: no %s on line 3: %s", th + 1, value->data, row_text(g, 3));
        assert_int_equal(cell(g, 3, x)->style, ST_FIGURE_VALUE);
        int y = heading_row(g);
        assert_true(y == 4 || y == 5);
        assert_true(table_rows(g, y) >= with_chart);
        press(a, g, 'c');
        assert_true(a->charts);
        assert_true(any_bar(g));
        assert_int_equal(table_rows(g, heading_row(g)), with_chart);
    }
    release(value);
    release(a);
    release(g);
}

/* ---- snapshots ---- */

static void check_snapshot(const grid *g)
{
    buf *svg = new_buf(), *txt = new_buf(), *run = new_buf();
    snapshot_render(svg, g, SNAP_SVG, SNAP_DARK, "test");
    snapshot_render(txt, g, SNAP_TXT, SNAP_DARK, "test");
    int bars = 0;
    for (int y = 0; y < g->h; y++)
        for (int x = 0; x < g->w;) {
            if (cell(g, y, x)->style != ST_BAR) {
                x++;
                continue;
            }
            buf_clear(run);
            buf_putc(run, '>');
            while (x < g->w && cell(g, y, x)->style == ST_BAR)
                buf_puts(run, cell(g, y, x++)->text);
            buf_puts(run, "</text>");
            const char *at = strstr(svg->data, run->data);
            if (!at)
                fail_msg("row %d: the SVG has no text %s", y, run->data);
            /* in an element of the bar's class */
            const char *open = at;
            while (open > svg->data && strncmp(open, "<text ", 6))
                open--;
            char cls[32];
            snprintf(cls, sizeof cls, "class=\"s%d\"", ST_BAR);
            assert_true(!strncmp(open + 6, cls, strlen(cls)));
            bars++;
        }
    assert_true(bars > 0);
    /* the text: the grid's rows, trailing blanks cut */
    const char *line = txt->data;
    for (int y = 0; y < g->h; y++) {
        const char *end = strchr(line, '\n');
        assert_non_null(end);
        buf_clear(run);
        buf_puts(run, row_text(g, y));
        while (run->len && run->data[run->len - 1] == ' ')
            run->data[--run->len] = 0;
        if ((size_t)(end - line) != run->len || memcmp(line, run->data ? run->data : "", run->len))
            fail_msg("txt line %d: \"%.*s\", the grid's row: \"%s\"", y, (int)(end - line), line,
                     run->data ? run->data : "");
        line = end + 1;
    }
    assert_int_equal(*line, 0);
    release(svg);
    release(txt);
    release(run);
}

static void snapshots_should_carry_the_bars_as_text(void **state)
{
    (void)state;
    grid *g = new_grid(100, 30, false);
    app *a = new_app(zj, false);
    for (uint32_t th = 0; th < zj->nthemes; th++) {
        press(a, g, '1' + th);
        check_snapshot(g);
    }
    grid_resize(g, 140, 45);
    press(a, g, 'p');
    press(a, g, '+');
    check_snapshot(g);
    release(a);
    release(g);
    /* and in ASCII */
    g = new_grid(140, 45, true);
    a = new_app(zj, true);
    press(a, g, 'p');
    check_snapshot(g);
    press(a, g, '1');
    check_snapshot(g);
    release(a);
    release(g);
}

static int group_setup(void **state)
{
    (void)state;
    zj = load("data/zhanjiang-2024.json");
    fx = load("tests/fixtures/places/tree.json");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    dataset_free(zj);
    dataset_free(fx);
    buf_free(&row_buf);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(each_place_should_count_the_records_about_it_and_inside_it, release_all),
        cmocka_unit_test_teardown(the_fixture_counts_should_be_the_ones_worked_out_by_hand, release_all),
        cmocka_unit_test_teardown(the_unplaced_row_should_hold_exactly_the_records_about_no_place, release_all),
        cmocka_unit_test_teardown(root_rows_should_be_the_places_without_a_parent_then_the_unplaced_row, release_all),
        cmocka_unit_test_teardown(sorting_should_order_siblings_and_keep_ties_in_file_order, release_all),
        cmocka_unit_test_teardown(the_fixture_should_sort_as_worked_out_by_hand, release_all),
        cmocka_unit_test_teardown(opening_and_closing_all_should_show_every_place_or_only_the_roots, release_all),
        cmocka_unit_test_teardown(revealing_a_village_should_open_the_places_around_it, release_all),
        cmocka_unit_test_teardown(places_tab_should_open_with_p_and_5, release_all),
        cmocka_unit_test_teardown(search_in_the_places_should_find_a_hidden_village_by_pinyin, release_all),
        cmocka_unit_test_teardown(enter_should_walk_from_the_city_down_to_a_village_and_esc_come_back, release_all),
        cmocka_unit_test_teardown(left_should_close_a_place_or_go_up_to_its_parent, release_all),
        cmocka_unit_test_teardown(plus_and_minus_should_open_and_close_all_and_keep_the_place, release_all),
        cmocka_unit_test_teardown(minus_should_leave_the_cursor_on_the_root_around_a_hidden_place, release_all),
        cmocka_unit_test_teardown(sorting_keys_should_keep_the_cursor_on_the_same_place, release_all),
        cmocka_unit_test_teardown(place_bars_should_share_one_scale_across_the_whole_tree, release_all),
        cmocka_unit_test_teardown(chart_bars_should_measure_only_figures_counted_alike, release_all),
        cmocka_unit_test_teardown(ascii_screens_should_draw_bars_borders_and_marks_in_ascii, release_all),
        cmocka_unit_test_teardown(ascii_places_status_line_should_be_ascii, release_all),
        cmocka_unit_test_teardown(small_terminals_should_keep_the_table_and_drop_the_chart, release_all),
        cmocka_unit_test_teardown(at_100_columns_the_places_should_keep_every_theme, release_all),
        cmocka_unit_test_teardown(at_80x24_the_chart_should_leave_the_table_ten_rows, release_all),
        cmocka_unit_test_teardown(c_should_swap_the_chart_for_the_strip_of_figures, release_all),
        cmocka_unit_test_teardown(snapshots_should_carry_the_bars_as_text, release_all),
    };
    return cmocka_run_group_tests_name("test_places", tests, group_setup, group_teardown);
}

/* model/view: a theme's table as the user sees it. Sorting (by numbers, money,
 * dates, text and lists of names; ties in the report's order; empty cells
 * last), filtering and
 * searching, checked on small fixtures with known answers and against an
 * independent brute force: a row matches when the text of one of its cells,
 * as view_cell_text shows it, contains the needle, ASCII letters in either
 * case. A generated dataset of 5000 records takes search down its one-pass
 * path (more than 4096 rows). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "dataset.h"
#include "pinyin.h"
#include "view.h"

#include "../support/oracle.h"
#include "../support/testutil.h"

#define TIES_FILE "tests/fixtures/good/ties.json"
#define MONEY_FILE "tests/fixtures/good/money.json"
#define DATA_FILE "data/zhanjiang-2024.json"

#define BIG_RECORDS 5000
#define BIG_MONEY 50
#define BIG_COUNTS 10

static dataset *ties, *money, *shipped, *big;

/* What the generator put in each record of the big dataset, kept here so that
 * its sorts are checked against values that do not come from the model. */
static struct big_record {
    char name[48];
    char tag[16];
    int money; /* figure number, -1: empty */
    int count; /* figure number, -1: empty */
} big_recs[BIG_RECORDS];
static int64_t big_money_value[BIG_MONEY], big_count_value[BIG_COUNTS];

/* ------------------------------------------------------------------------ */
/* Views a test makes are freed by the teardown, even after a failed assertion. */

static view *views[16];
static size_t nviews;
static buf cell;

static view *new_view(const dataset *ds, uint32_t th)
{
    view *v = view_new(ds, th);
    assert_true(nviews < sizeof views / sizeof *views);
    views[nviews++] = v;
    return v;
}

static int setup_test(void **state)
{
    (void)state;
    buf_init(&cell);
    return 0;
}

static int free_views(void **state)
{
    (void)state;
    while (nviews)
        view_free(views[--nviews]);
    buf_free(&cell);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Helpers. */

static const char *rec_id(const dataset *ds, uint32_t rec)
{
    return ds_str(ds, ds->records[rec].id);
}

static int col(const dataset *ds, uint32_t th, const char *key)
{
    int c = view_find_column(ds, th, key);
    if (c < 0)
        fail_msg("no column \"%s\"", key);
    return c;
}

/* The rows of the view as ids "r01 r02 ..." for messages. */
static const char *rows_text(const view *v)
{
    static char text[4096];
    size_t used = 0;
    text[0] = 0;
    for (uint32_t i = 0; i < v->nrows && used + 40 < sizeof text; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%s", i ? " " : "", rec_id(v->ds, v->rows[i]));
    return text;
}

/* The view shows exactly these records, in this order ("r04 r01 ..."). */
static void assert_rows(const view *v, const char *want, const char *what)
{
    const char *got = rows_text(v);
    if (strcmp(got, want) != 0)
        fail_msg("%s:\n  got      %s\n  expected %s", what, got, want);
}

static void sort_by(view *v, const char *key, bool descending)
{
    view_sort(v, col(v->ds, v->theme, key), descending);
}

/* After a filter: the rows are those of order that the brute force keeps, in
 * the order's order, and view_record_contains agrees for every record. */
static void check_filter(const view *v, const char *needle)
{
    const dataset *ds = v->ds;
    uint32_t want = 0;
    for (uint32_t i = 0; i < v->total; i++) {
        uint32_t rec = v->order[i];
        bool in = brute_contains(ds, rec, needle, &cell);
        if (in != view_record_contains(ds, rec, needle))
            fail_msg("\"%s\": view_record_contains says %d for %s", needle, !in, rec_id(ds, rec));
        if (!in)
            continue;
        if (want >= v->nrows || v->rows[want] != rec)
            fail_msg("\"%s\": row %u should be %s, the view shows [%s]", needle, want, rec_id(ds, rec),
                     rows_text(v));
        want++;
    }
    if (want != v->nrows)
        fail_msg("\"%s\": %u rows shown, %u contain it: [%s]", needle, v->nrows, want, rows_text(v));
}

/* Every record of the theme once in order, and rows the same when unfiltered. */
static void check_permutation(const view *v)
{
    const theme *t = &v->ds->themes[v->theme];
    assert_int_equal(v->total, t->nrecords);
    uint8_t *seen = calloc(t->nrecords + 1, 1);
    assert_non_null(seen);
    uint32_t bad = UINT32_MAX;
    for (uint32_t i = 0; i < v->total && bad == UINT32_MAX; i++) {
        uint32_t r = v->order[i];
        if (r < t->first_record || r >= t->first_record + t->nrecords || seen[r - t->first_record])
            bad = i;
        else
            seen[r - t->first_record] = 1;
    }
    free(seen);
    if (bad != UINT32_MAX)
        fail_msg("order[%u] = %u is not a new record of the theme", bad, v->order[bad]);
    if (!v->filter) {
        assert_int_equal(v->nrows, v->total);
        assert_memory_equal(v->rows, v->order, (size_t)v->total * sizeof *v->order);
    }
}

/* ------------------------------------------------------------------------ */
/* Sorting by numbers, money and dates. */

#define REPORT_ORDER "r01 r02 r03 r04 r05 r06 r07 r08 r09"

static void sort_should_order_counts_ascending_and_descending(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    assert_rows(v, REPORT_ORDER, "a new view");
    sort_by(v, "people", false);
    assert_rows(v, "r05 r02 r06 r01 r03 r08 r04 r07 r09", "people ascending");
    view_sort(v, -1, false);
    sort_by(v, "people", true);
    assert_rows(v, "r01 r03 r08 r02 r06 r05 r04 r07 r09", "people descending");
    assert_int_equal(v->sort_column, col(ties, 0, "people"));
    assert_true(v->descending);
}

static void sort_should_order_money_by_yuan_across_yi_and_wan(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    /* 10万 < 3365万 < 4000万 < 1.2亿 < 123,456,789 < 1.3亿, whatever the text says */
    sort_by(v, "money", false);
    assert_rows(v, "r04 r01 r08 r06 r07 r05 r02 r03 r09", "money ascending");
    view_sort(v, -1, false);
    sort_by(v, "money", true);
    assert_rows(v, "r02 r05 r07 r06 r01 r08 r04 r03 r09", "money descending");
}

/* The rows start with these records, showing these texts in column key; every
 * other row has that cell empty, and they follow in the report's order. */
static void assert_money_rows(const view *v, const char *key, const char *const *want_ids,
                              const char *const *want_text, uint32_t nwant, const char *what)
{
    const dataset *ds = v->ds;
    int c = col(ds, v->theme, key);
    assert_int_equal(v->nrows, v->total);
    for (uint32_t i = 0; i < nwant; i++) {
        if (strcmp(rec_id(ds, v->rows[i]), want_ids[i]) != 0)
            fail_msg("%s: row %u is %s, expected %s: [%s]", what, i, rec_id(ds, v->rows[i]), want_ids[i],
                     rows_text(v));
        buf_clear(&cell);
        view_cell_text(&cell, ds, v->rows[i], (uint32_t)c);
        if (strcmp(cell.data ? cell.data : "", want_text[i]) != 0)
            fail_msg("%s: row %u shows \"%s\", expected \"%s\"", what, i, cell.data ? cell.data : "",
                     want_text[i]);
    }
    for (uint32_t i = nwant; i < v->nrows; i++) {
        if (ds_cell(ds, v->rows[i], (uint32_t)c) != NONE)
            fail_msg("%s: row %u (%s) has money but comes after the expected rows", what, i,
                     rec_id(ds, v->rows[i]));
        if (i > nwant && v->rows[i] < v->rows[i - 1])
            fail_msg("%s: empty rows out of the report's order at row %u: [%s]", what, i, rows_text(v));
    }
}

static void sort_should_order_shipped_money_by_yuan_across_yi_and_wan(void **state)
{
    (void)state;
    int org = dataset_find_theme(shipped, "organization"), ast = dataset_find_theme(shipped, "assistance");
    assert_true(org >= 0 && ast >= 0);

    /* 组织凝心: 约1.3亿元 above 超3900万元, whatever the characters say */
    view *v = new_view(shipped, (uint32_t)org);
    sort_by(v, "money", true);
    assert_money_rows(v, "money", (const char *const[]){"r_org_mechanism", "r_org_yuekai"},
                      (const char *const[]){"约1.3亿元", "超3900万元"}, 2, "组织凝心 money descending");
    sort_by(v, "money", false);
    assert_money_rows(v, "money", (const char *const[]){"r_org_yuekai", "r_org_mechanism"},
                      (const char *const[]){"超3900万元", "约1.3亿元"}, 2, "组织凝心 money ascending");

    /* 帮扶暖心: 3365万元 above 905万元 (as text, "905" would come first) */
    view *a = new_view(shipped, (uint32_t)ast);
    sort_by(a, "money", true);
    assert_money_rows(a, "money", (const char *const[]){"r_ast_meeting", "r_ast_wuchuan"},
                      (const char *const[]){"3365万元", "905万元"}, 2, "帮扶暖心 money descending");
    sort_by(a, "money", false);
    assert_money_rows(a, "money", (const char *const[]){"r_ast_wuchuan", "r_ast_meeting"},
                      (const char *const[]){"905万元", "3365万元"}, 2, "帮扶暖心 money ascending");

    /* the two 超4000万元 donations tie: the report's order, even after a sort
     * that put them the other way round (name descending puts 粤凯 before 党建) */
    view_sort(v, -1, false);
    sort_by(v, "donation", true);
    assert_money_rows(v, "donation", (const char *const[]){"r_org_mechanism", "r_org_yuekai"},
                      (const char *const[]){"超4000万元", "超4000万元"}, 2, "donation descending");
    sort_by(v, "name", true);
    long yuekai = -1, mechanism = -1;
    for (uint32_t i = 0; i < v->nrows; i++) {
        if (!strcmp(rec_id(shipped, v->rows[i]), "r_org_yuekai"))
            yuekai = i;
        if (!strcmp(rec_id(shipped, v->rows[i]), "r_org_mechanism"))
            mechanism = i;
    }
    assert_true(yuekai >= 0 && yuekai < mechanism);
    sort_by(v, "donation", true);
    assert_string_equal(rec_id(shipped, v->rows[0]), "r_org_mechanism");
    assert_string_equal(rec_id(shipped, v->rows[1]), "r_org_yuekai");

    /* one column mixing them all: 约1.3亿 > 超4000万 > 500万 > 100万 > 25万 > 10万以上 */
    view *m = new_view(money, 0);
    view_sort(m, -1, false);
    sort_by(m, "money", true);
    assert_rows(m, "a6 a5 a3 a1 a2 a4 a7 a8", "money fixture, money descending");
    buf_clear(&cell);
    for (uint32_t i = 0; i < 6; i++) {
        if (i)
            buf_puts(&cell, " ");
        view_cell_text(&cell, money, m->rows[i], (uint32_t)col(money, 0, "money"));
    }
    assert_string_equal(cell.data, "约1.3亿元 超4000万元 500万元 100万元 25万元 10万元以上");
    sort_by(m, "money", false);
    assert_rows(m, "a4 a2 a1 a3 a5 a6 a7 a8", "money fixture, money ascending");
}

static void sort_should_order_dates_year_before_month_before_day(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    /* 2022-12-31 < 2023 < 2023-09 < 2023-09-01 < 2024-01-14 */
    sort_by(v, "date", false);
    assert_rows(v, "r07 r02 r01 r06 r04 r03 r05 r08 r09", "date ascending");
    view_sort(v, -1, false);
    sort_by(v, "date", true);
    assert_rows(v, "r03 r04 r01 r06 r02 r07 r05 r08 r09", "date descending");
}

/* Sorted by one column and then by another, the second's ties are in the
 * report's order (group a: r02 r05 r07; b: r01 r03 r06; empty: r04 r08 r09),
 * not in the first sort's order. */
static void sort_should_keep_ties_in_report_order_whatever_the_sort_before(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    sort_by(v, "money", false);
    assert_rows(v, "r04 r01 r08 r06 r07 r05 r02 r03 r09", "money ascending");
    sort_by(v, "group", false);
    assert_rows(v, "r02 r05 r07 r01 r03 r06 r04 r08 r09", "money ascending, then group ascending");

    view_sort(v, -1, false);
    sort_by(v, "money", false);
    sort_by(v, "group", true);
    assert_rows(v, "r01 r03 r06 r02 r05 r07 r04 r08 r09", "money ascending, then group descending");

    view_sort(v, -1, false);
    sort_by(v, "money", true);
    sort_by(v, "people", false);
    assert_rows(v, "r05 r02 r06 r01 r03 r08 r04 r07 r09", "money descending, then people ascending");

    view_sort(v, -1, false);
    sort_by(v, "money", true);
    sort_by(v, "people", true);
    assert_rows(v, "r01 r03 r08 r02 r06 r05 r04 r07 r09", "money descending, then people descending");

    view_sort(v, -1, false);
    sort_by(v, "date", true);
    sort_by(v, "people", false);
    assert_rows(v, "r05 r02 r06 r01 r03 r08 r04 r07 r09", "date descending, then people ascending");
}

/* Whatever the column and direction: cells in order, empty ones last, rows
 * that tie in the report's order. */
static void check_sorted(const view *v, int c, bool descending)
{
    const dataset *ds = v->ds;
    const theme *t = &ds->themes[v->theme];
    bool empty_seen = false;
    for (uint32_t i = 0; i < v->total; i++) {
        uint32_t rec = v->order[i];
        bool empty = ds_cell(ds, rec, (uint32_t)c) == NONE;
        if (!empty && empty_seen) {
            fail_msg("column %d %s: %s has a value after an empty cell", c, descending ? "desc" : "asc",
                     rec_id(ds, rec));
        }
        empty_seen |= empty;
        if (i == 0)
            continue;
        uint32_t prev = v->order[i - 1];
        bool prev_empty = ds_cell(ds, prev, (uint32_t)c) == NONE;
        int cmp = 0;
        if (empty && prev_empty) {
            cmp = 0;
        } else if (!empty && !prev_empty) {
            uint32_t a = ds_cell(ds, prev, (uint32_t)c), b = ds_cell(ds, rec, (uint32_t)c);
            switch (t->columns[c].type) {
            case COL_TEXT:
                cmp = pinyin_compare(ds_str(ds, a), ds_str(ds, b));
                break;
            case COL_REFS:
                cmp = pinyin_compare(ds_str(ds, ds->entities[ds->refs[a + 1]].name),
                                     ds_str(ds, ds->entities[ds->refs[b + 1]].name));
                break;
            default: {
                int64_t x = ds->figures[a].value, y = ds->figures[b].value;
                cmp = (x > y) - (x < y);
            }
            }
            if (descending)
                cmp = -cmp;
        } else {
            continue; /* the first empty cell */
        }
        if (cmp > 0) {
            fail_msg("column %d %s: %s before %s is out of order", c, descending ? "desc" : "asc",
                     rec_id(ds, prev), rec_id(ds, rec));
        }
        bool same_cells = t->columns[c].type == COL_REFS
                              ? false /* lists tie only when equal throughout: checked below */
                              : cmp == 0;
        if (t->columns[c].type == COL_REFS && cmp == 0 && !empty) {
            buf a, b;
            buf_init(&a);
            buf_init(&b);
            view_cell_text(&a, ds, prev, (uint32_t)c);
            view_cell_text(&b, ds, rec, (uint32_t)c);
            same_cells = !strcmp(a.data, b.data);
            buf_free(&a);
            buf_free(&b);
        }
        if ((same_cells || (empty && prev_empty)) &&
            prev > rec) { /* records are numbered in the report's order */
            fail_msg("column %d %s: tied rows %s and %s changed places", c, descending ? "desc" : "asc",
                     rec_id(ds, prev), rec_id(ds, rec));
        }
    }
}

static void sort_should_put_empty_cells_last_in_both_directions(void **state)
{
    (void)state;
    const dataset *sets[] = {ties, money, shipped};
    for (size_t s = 0; s < 3; s++) {
        for (uint32_t th = 0; th < sets[s]->nthemes; th++) {
            view *v = new_view(sets[s], th);
            for (int c = 0; c < (int)sets[s]->themes[th].ncolumns; c++) {
                for (int d = 0; d < 2; d++) {
                    view_sort(v, c, d);
                    check_permutation(v);
                    check_sorted(v, c, d);
                }
            }
            view_free(views[--nviews]);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Sorting text and lists of names. */

static void sort_should_order_text_by_code_point(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    /* pinyin order: letters either case (alpha, Alpha project one, ... two
     * share a start; spaces do not count), fullwidth Ｚ as Z, then Chinese by
     * pinyin: 𠀀 (U+20000, hē) before 湛 (zhàn) */
    sort_by(v, "name", false);
    assert_rows(v, "r02 r06 r04 r09 r05 r01 r08 r07 r03", "name ascending");
    sort_by(v, "name", true);
    assert_rows(v, "r03 r07 r08 r01 r05 r09 r04 r06 r02", "name descending");
    view_sort(v, -1, false);
    sort_by(v, "group", false);
    assert_rows(v, "r02 r05 r07 r01 r03 r06 r04 r08 r09", "group ascending");
    view_sort(v, -1, false);
    sort_by(v, "group", true);
    assert_rows(v, "r01 r03 r06 r02 r05 r07 r04 r08 r09", "group descending");
}

static void sort_should_order_places_by_their_first_name(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    /* pinyin order: alpha before Alpha (lower case first), Alpha (r02, r05:
     * the same list), Beta (r01, r07), 湛江, then empty */
    sort_by(v, "where", false);
    assert_rows(v, "r06 r02 r05 r01 r07 r04 r03 r08 r09", "where ascending");
    view_sort(v, -1, false);
    sort_by(v, "where", true);
    assert_rows(v, "r04 r01 r07 r02 r05 r06 r03 r08 r09", "where descending");
}

static void sort_should_restore_the_order_when_reversed_twice(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    uint32_t first[16];
    for (int c = 0; c < (int)ties->themes[0].ncolumns; c++) {
        view_sort(v, -1, false);
        view_sort(v, c, false);
        memcpy(first, v->order, v->total * sizeof *first);
        view_sort(v, c, true);
        view_sort(v, c, false);
        if (memcmp(first, v->order, v->total * sizeof *first) != 0)
            fail_msg("column %d: ascending, descending, ascending gives [%s]", c, rows_text(v));
        view_sort(v, c, true);
        memcpy(first, v->order, v->total * sizeof *first);
        view_sort(v, c, false);
        view_sort(v, c, true);
        if (memcmp(first, v->order, v->total * sizeof *first) != 0)
            fail_msg("column %d: descending, ascending, descending gives [%s]", c, rows_text(v));
    }
}

static void sort_by_minus_one_should_restore_the_report_order(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    sort_by(v, "money", true);
    sort_by(v, "name", false);
    view_sort(v, -1, false);
    assert_rows(v, REPORT_ORDER, "sort column -1 after two sorts");
    assert_int_equal(v->sort_column, -1);
    /* while filtered too */
    sort_by(v, "date", false);
    view_filter(v, "quote");
    view_sort(v, -1, false);
    assert_rows(v, REPORT_ORDER, "sort column -1 under a filter");
    /* a column number out of range is the report's order */
    sort_by(v, "people", false);
    view_sort(v, 99, false);
    assert_int_equal(v->sort_column, -1);
    assert_rows(v, REPORT_ORDER, "sort column 99");
}

/* r with no sort column (the TUI's 'r' on a fresh tab) shows the report backwards. */
static void sort_by_minus_one_descending_should_show_the_report_backwards(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    view_sort(v, -1, true);
    assert_int_equal(v->sort_column, -1);
    assert_true(v->descending);
    assert_rows(v, "r09 r08 r07 r06 r05 r04 r03 r02 r01", "report order, descending");
    view_filter(v, "alpha");
    assert_rows(v, "r06 r05 r04 r02", "report order, descending, filtered");
    view_sort(v, -1, false);
    assert_rows(v, "r02 r04 r05 r06", "report order again, filtered");
    view_filter(v, NULL);
    assert_rows(v, REPORT_ORDER, "report order again");
}

static void sort_should_be_a_permutation_of_the_records(void **state)
{
    (void)state;
    for (uint32_t th = 0; th < shipped->nthemes; th++) {
        view *v = new_view(shipped, th);
        for (int c = -1; c < (int)shipped->themes[th].ncolumns; c++) {
            view_sort(v, c, false);
            check_permutation(v);
            view_sort(v, c, true);
            check_permutation(v);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Filtering. */

/* Measures with ASCII letters ("Boxes") are left to their own tests below, so
 * that these stay about everything else. */
static const char *const needles[] = {
    "alpha", "ALPHA", "Alpha", "gAmMa", "湛江", "项目", "1.3亿", "1.2亿", "4,170", "2,560", "999", "万元",
    "以上", "超", "约", "亿元", "2023-09", "2023", "-01-14", "quote", "QUOTE", "e", " ", "zzz", "人",
    "处", "4,170处", "Ｚeta", "ｚeta", "𠀀", "River", "town",
    "文章村", "党委", "名", "超4,170名", "约1.3亿元", "4000万", "1.6万人次", "家", "2024-01-14", "万", "0",
    ",", ".", "个",
    /* measures of the shipped report: 28次, 513人次, 38条, 271场, 超1,700名, 7家 */
    "28次", "次", "人次", "38条", "条", "271场", "超1,700名", "7家", "超250", "138", "2023-06-30",
};

static void filter_should_keep_exactly_the_rows_containing_the_text(void **state)
{
    (void)state;
    const dataset *sets[] = {ties, money, shipped};
    for (size_t s = 0; s < 3; s++) {
        for (uint32_t th = 0; th < sets[s]->nthemes; th++) {
            for (size_t i = 0; i < sizeof needles / sizeof *needles; i++) {
                /* a fresh view each time: no cache from an earlier filter */
                view *v = new_view(sets[s], th);
                view_filter(v, needles[i]);
                assert_non_null(v->filter);
                check_filter(v, needles[i]);
                view_free(views[--nviews]);
            }
        }
    }
}

static void filter_should_find_known_rows(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    view_filter(v, "ALPHA");
    assert_rows(v, "r02 r04 r05 r06", "ALPHA: names and places, either case");
    view_filter(v, "1.3亿");
    assert_rows(v, "r02", "1.3亿 (约1.3亿元)");
    view_filter(v, "4,170");
    assert_rows(v, "r01 r03 r08", "4,170 (4,170人)");
    view_filter(v, "湛江");
    assert_rows(v, "r03 r04", "湛江: a name and a place");
    view_filter(v, "万元");
    assert_rows(v, "r01 r04 r06 r08", "万元");
    view_filter(v, "2023-09");
    assert_rows(v, "r01 r04 r06", "2023-09: the month and a day in it");
    view_filter(v, "123,456,789元");
    assert_rows(v, "r05", "123,456,789元");
    view_filter(v, "nothing like this");
    assert_rows(v, "", "no match");
    assert_int_equal(v->nrows, 0);

    view *o = new_view(shipped, (uint32_t)dataset_find_theme(shipped, "organization"));
    view_filter(o, "4,170");
    assert_rows(o, "r_org_three", "the shipped 超4,170名");
    view_filter(o, "1.3亿");
    assert_rows(o, "r_org_mechanism", "the shipped 约1.3亿元");
    view_filter(o, "浙江商会");
    assert_rows(o, "r_org_zj_chamber", "浙江商会 in a list of names");
    /* 岭北镇: in r_org_suixi_activities only in its list of places */
    view_filter(o, "岭北镇");
    assert_rows(o, "r_org_zj_chamber r_org_suixi_vanguard r_org_suixi_activities", "岭北镇 in a list of names");
}

static void filter_should_match_ascii_letters_in_either_case(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    view_filter(v, "GAMMA");
    assert_rows(v, "r01", "GAMMA");
    view_filter(v, "gamma");
    assert_rows(v, "r01", "gamma");
    view_filter(v, "Ninth QUOTE");
    assert_rows(v, "r09", "Ninth QUOTE");
    /* only ASCII folds: the fullwidth Ｚ is not z */
    view_filter(v, "zeta");
    assert_rows(v, "", "zeta against Ｚeta");
}

static void filter_should_match_a_measure_in_either_case(void **state)
{
    (void)state;
    /* a6 shows its count as 7Boxes */
    view *v = new_view(money, 0);
    buf_clear(&cell);
    uint32_t a6;
    assert_int_equal(dataset_find_id(money, "a6", &a6), ID_RECORD);
    view_cell_text(&cell, money, a6, (uint32_t)col(money, 0, "boxes"));
    assert_string_equal(cell.data, "7Boxes");
    view_filter(v, "Boxes");
    assert_rows(v, "a6", "Boxes, as shown");
    view_filter(v, "boxes");
    assert_rows(v, "a6", "boxes");
    view_filter(v, "7BOXES");
    assert_rows(v, "a6", "7BOXES");
    /* and on a view that has filtered before (formatted figures are cached) */
    view_filter(v, "约");
    view_filter(v, "Boxes");
    assert_rows(v, "a6", "Boxes after another filter");
    check_filter(v, "Boxes");
}

static void filter_with_nothing_should_show_every_row(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    sort_by(v, "money", false);
    view_filter(v, "alpha");
    assert_int_equal(v->nrows, 4);
    view_filter(v, "");
    assert_null(v->filter);
    assert_rows(v, "r04 r01 r08 r06 r07 r05 r02 r03 r09", "empty filter, money order kept");
    view_filter(v, "alpha");
    view_filter(v, NULL);
    assert_null(v->filter);
    assert_rows(v, "r04 r01 r08 r06 r07 r05 r02 r03 r09", "NULL filter");
}

static void filter_should_keep_the_sort_order_and_sort_should_keep_the_filter(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    sort_by(v, "money", true);
    view_filter(v, "万元");
    assert_rows(v, "r06 r01 r08 r04", "万元 in money descending order");
    sort_by(v, "name", false);
    assert_rows(v, "r06 r04 r01 r08", "still 万元, now by name");
    sort_by(v, "people", false);
    assert_rows(v, "r06 r01 r08 r04", "still 万元, now by people");
    view_sort(v, -1, false);
    assert_rows(v, "r01 r04 r06 r08", "still 万元, report order");
    check_filter(v, "万元");
}

static void second_filter_on_a_view_should_still_be_right(void **state)
{
    (void)state;
    const dataset *sets[] = {ties, money, shipped};
    for (size_t s = 0; s < 3; s++) {
        for (uint32_t th = 0; th < sets[s]->nthemes; th++) {
            /* one view, many filters: figures formatted by the first are reused */
            view *v = new_view(sets[s], th);
            for (size_t i = 0; i < sizeof needles / sizeof *needles; i++) {
                size_t k = (i * 7 + s) % (sizeof needles / sizeof *needles);
                view_filter(v, needles[k]);
                check_filter(v, needles[k]);
                if (i % 5 == 0) {
                    view_sort(v, (int)(i % sets[s]->themes[th].ncolumns), i % 2);
                    check_filter(v, needles[k]);
                }
            }
            view_filter(v, NULL);
            check_permutation(v);
            view_free(views[--nviews]);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Searching. */

static void search_should_find_the_next_and_previous_match_with_wrap_around(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    /* rows matching alpha in report order: 1 (r02), 3 (r04), 4 (r05), 5 (r06) */
    assert_int_equal(view_search(v, "alpha", -1, 1), 1);
    assert_int_equal(view_search(v, "alpha", 1, 1), 3);
    assert_int_equal(view_search(v, "alpha", 3, 1), 4);
    assert_int_equal(view_search(v, "alpha", 4, 1), 5);
    assert_int_equal(view_search(v, "alpha", 5, 1), 1);  /* wraps to the top */
    assert_int_equal(view_search(v, "alpha", 8, 1), 1);
    assert_int_equal(view_search(v, "alpha", -1, -1), 5); /* from the bottom */
    assert_int_equal(view_search(v, "alpha", 5, -1), 4);
    assert_int_equal(view_search(v, "alpha", 1, -1), 5); /* wraps to the bottom */
    assert_int_equal(view_search(v, "alpha", 0, -1), 5);
    assert_int_equal(view_search(v, "ALPHA", 2, 1), 3);
    /* the only match, from itself: around to itself */
    assert_int_equal(view_search(v, "Gamma", 0, 1), 0);
    assert_int_equal(view_search(v, "Gamma", 0, -1), 0);
    assert_int_equal(view_search(v, "4,170", 0, 1), 2); /* a figure */
    assert_int_equal(view_search(v, "nothing like this", -1, 1), -1);
    assert_int_equal(view_search(v, "nothing like this", 3, -1), -1);
}

static void search_should_follow_the_rows_shown(void **state)
{
    (void)state;
    view *v = new_view(ties, 0);
    sort_by(v, "money", false); /* r04 r01 r08 r06 r07 r05 r02 r03 r09 */
    assert_int_equal(view_search(v, "alpha", -1, 1), 0);
    assert_int_equal(view_search(v, "alpha", 0, 1), 3);
    assert_int_equal(view_search(v, "alpha", 3, 1), 5);
    assert_int_equal(view_search(v, "alpha", 5, 1), 6);
    assert_int_equal(view_search(v, "alpha", 6, 1), 0);
    view_filter(v, "万元"); /* r04 r01 r08 r06 */
    assert_int_equal(v->nrows, 4);
    assert_int_equal(view_search(v, "alpha", -1, 1), 0);
    assert_int_equal(view_search(v, "alpha", 0, 1), 3);
    assert_int_equal(view_search(v, "alpha", 3, 1), 0);
    assert_int_equal(view_search(v, "delta", -1, 1), -1); /* filtered out */
    view_filter(v, "nothing like this");
    assert_int_equal(view_search(v, "alpha", -1, 1), -1);
}

/* The next match after from in direction dir, by the brute force. */
static long brute_search(const view *v, const char *needle, long from, int dir)
{
    long n = (long)v->nrows;
    for (long k = 1; k <= n; k++) {
        long row;
        if (from < 0)
            row = dir < 0 ? n - k : k - 1;
        else
            row = (((from + (dir < 0 ? -k : k)) % n) + n) % n;
        if (brute_contains(v->ds, v->rows[row], needle, &cell))
            return row;
    }
    return -1;
}

static void check_search(view *v, const char *needle)
{
    long n = (long)v->nrows;
    long froms[] = {-1, 0, 1, 2, 611, 612, 613, 4095, 4096, 4097, n / 2, n - 2, n - 1};
    for (size_t i = 0; i < sizeof froms / sizeof *froms; i++) {
        if (froms[i] >= n)
            continue;
        for (int dir = -1; dir <= 1; dir += 2) {
            long want = brute_search(v, needle, froms[i], dir), got = view_search(v, needle, froms[i], dir);
            if (got != want)
                fail_msg("\"%s\" from %ld dir %d over %ld rows: got %ld, expected %ld", needle, froms[i], dir,
                         n, got, want);
        }
    }
    /* walking through every match comes back to the first */
    long first = view_search(v, needle, -1, 1), row = first, steps = 0;
    if (first < 0)
        return;
    do {
        long next = view_search(v, needle, row, 1);
        long want = brute_search(v, needle, row, 1);
        if (next != want)
            fail_msg("\"%s\" after row %ld: got %ld, expected %ld", needle, row, next, want);
        row = next;
    } while (row != first && ++steps < 200);
}

static const char *const big_needles[] = {
    "needle", "NEEDLE", "4,170", "约1.3亿", "超", "以上", "万元", "件", "湛江", "item 4999",
    "item 1", "nothing like this",
};

static void search_over_4096_rows_should_agree_with_brute_force(void **state)
{
    (void)state;
    view *v = new_view(big, 0);
    assert_true(v->nrows > 4096);
    for (size_t i = 0; i < sizeof big_needles / sizeof *big_needles; i++)
        check_search(v, big_needles[i]);
    /* sorted */
    sort_by(v, "money", true);
    for (size_t i = 0; i < sizeof big_needles / sizeof *big_needles; i++)
        check_search(v, big_needles[i]);
    /* filtered, still more than 4096 rows */
    view_filter(v, "item");
    assert_true(v->nrows > 4096);
    check_filter(v, "item");
    for (size_t i = 0; i < sizeof big_needles / sizeof *big_needles; i++)
        check_search(v, big_needles[i]);
    /* filtered to fewer rows: the row-by-row path */
    view_filter(v, "needle");
    assert_true(v->nrows < 4096 && v->nrows > 2);
    check_search(v, "needle");
    check_search(v, "4,170");
}

/* Half the counts of the big dataset are shown as 7Boxes and the like. */
static void search_over_4096_rows_should_match_a_measure_in_either_case(void **state)
{
    (void)state;
    view *v = new_view(big, 0);
    assert_true(v->nrows > 4096);
    check_search(v, "Boxes");
    check_search(v, "boxes");
}

static void filter_over_many_rows_should_agree_with_brute_force(void **state)
{
    (void)state;
    view *v = new_view(big, 0);
    for (size_t i = 0; i < sizeof big_needles / sizeof *big_needles; i++) {
        view_filter(v, big_needles[i]);
        check_filter(v, big_needles[i]);
    }
}

/* Sorting 5000 records by values known independently of the model. */
static int64_t big_key(uint32_t i, const char *what, bool *empty)
{
    const struct big_record *r = &big_recs[i];
    *empty = false;
    if (!strcmp(what, "money")) {
        *empty = r->money < 0;
        return *empty ? 0 : big_money_value[r->money];
    }
    *empty = r->count < 0;
    return *empty ? 0 : big_count_value[r->count];
}

/* Each sort after another: ties in the report's order, not the last sort's. */
static void sort_should_order_5000_records_with_ties_in_report_order(void **state)
{
    (void)state;
    view *v = new_view(big, 0);
    uint32_t first = big->themes[0].first_record;
    const char *keys[] = {"count", "money", "count", "money"};
    bool desc[] = {false, true, true, false};
    for (int step = 0; step < 4; step++) {
        sort_by(v, keys[step], desc[step]);
        check_permutation(v);
        for (uint32_t i = 1; i < BIG_RECORDS; i++) {
            uint32_t a = v->order[i - 1] - first, b = v->order[i] - first;
            bool ea, eb;
            int64_t ka = big_key(a, keys[step], &ea), kb = big_key(b, keys[step], &eb);
            if (ea && !eb)
                fail_msg("step %d: an empty cell before a value at row %u", step, i);
            if (!ea && !eb && (desc[step] ? ka < kb : ka > kb))
                fail_msg("step %d: %lld before %lld at row %u", step, (long long)ka, (long long)kb, i);
            if (((ea && eb) || (!ea && !eb && ka == kb)) && a > b)
                fail_msg("step %d: tied rows not in the report's order at row %u", step, i);
        }
    }
    sort_by(v, "name", false);
    for (uint32_t i = 1; i < BIG_RECORDS; i++)
        if (pinyin_compare(big_recs[v->order[i - 1] - first].name, big_recs[v->order[i] - first].name) > 0)
            fail_msg("names out of order at row %u", i);
    view_sort(v, -1, false);
    for (uint32_t i = 0; i < BIG_RECORDS; i++)
        assert_int_equal(v->order[i], first + i);
}

/* ------------------------------------------------------------------------ */

static void find_column_should_find_by_key_and_by_label(void **state)
{
    (void)state;
    assert_int_equal(view_find_column(ties, 0, "name"), 0);
    assert_int_equal(view_find_column(ties, 0, "money"), 3);
    assert_int_equal(view_find_column(ties, 0, "Money"), 3);
    assert_int_equal(view_find_column(ties, 0, "Group"), 1);
    assert_int_equal(view_find_column(ties, 0, "quote"), 6);
    assert_int_equal(view_find_column(ties, 0, "MONEY"), -1);
    assert_int_equal(view_find_column(ties, 0, "nothing"), -1);
    assert_int_equal(view_find_column(ties, 0, ""), -1);
    int th = dataset_find_theme(shipped, "organization");
    assert_true(th >= 0);
    assert_int_equal(view_find_column(shipped, (uint32_t)th, "投入资金"), 3);
    assert_int_equal(view_find_column(shipped, (uint32_t)th, "money"), 3);
    assert_int_equal(view_find_column(shipped, (uint32_t)th, "计划/行动"), 9);
    assert_int_equal(view_find_column(shipped, (uint32_t)th, "原文"), 10);
}

static void cell_text_should_show_cells_as_the_table_does(void **state)
{
    (void)state;
    uint32_t r02, r03;
    assert_int_equal(dataset_find_id(ties, "r02", &r02), ID_RECORD);
    assert_int_equal(dataset_find_id(ties, "r03", &r03), ID_RECORD);
    static const struct {
        const char *key, *want;
    } cases[] = {
        {"name", "alpha"}, {"where", "Alpha、Beta"}, {"money", "约1.3亿元"}, {"people", "2,560人"}, {"date", "2023"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        buf_clear(&cell);
        view_cell_text(&cell, ties, r02, (uint32_t)col(ties, 0, cases[i].key));
        assert_string_equal(cell.data ? cell.data : "", cases[i].want);
    }
    buf_clear(&cell);
    view_cell_text(&cell, ties, r03, (uint32_t)col(ties, 0, "money"));
    assert_int_equal(cell.len, 0);
}

/* ------------------------------------------------------------------------ */
/* Fixtures. */

static const char *const big_tags[] = {"湛江", "Alpha", "beta", "镇", "village", "gamma", "delta"};

/* Writes and loads a dataset of BIG_RECORDS records. */
static dataset *make_big(void)
{
    static const int64_t money_values[] = {130000000, 40000000, 33650000, 9050000, 100000, 16000, 4170,
                                           123456789, 120000000, 256, 65536, 16777216, 4294967296,
                                           INT64_C(9007199254740991), 0, 1};
    static const char *const quals[] = {"exact", "about", "over", "at_least"};
    for (int k = 0; k < BIG_MONEY; k++)
        big_money_value[k] = k < 16 ? money_values[k] : (int64_t)((k * 7919) % 1000) * 10000 + (k % 3 ? 0 : 1234);
    for (int k = 0; k < BIG_COUNTS; k++)
        big_count_value[k] = k == 3 ? 4170 : (k * 13 + 5) % 37;

    const char *base = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/zjdash-test-view-XXXXXX", base && *base ? base : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(path);
        return NULL;
    }
    fprintf(f, "{\"format\": \"zjdash/1.0\",\n\"meta\": {\"title\": \"big\", \"publisher\": \"tests\", "
               "\"published\": \"2024-02-01\"},\n"
               "\"places\": [{\"id\": \"pl_a\", \"name\": \"湛江市\"}, {\"id\": \"pl_b\", \"name\": \"Beta\"}],\n"
               "\"themes\": [{\"id\": \"big\", \"title\": \"Big\",\n\"columns\": [\n"
               "{\"key\": \"name\", \"label\": \"Name\", \"type\": \"text\"},\n"
               "{\"key\": \"tag\", \"label\": \"Tag\", \"type\": \"text\"},\n"
               "{\"key\": \"where\", \"label\": \"Where\", \"type\": \"refs\"},\n"
               "{\"key\": \"money\", \"label\": \"Money\", \"type\": \"money\"},\n"
               "{\"key\": \"count\", \"label\": \"Count\", \"type\": \"count\", \"unit\": \"item\"}],\n"
               "\"figures\": [\n");
    for (int k = 0; k < BIG_MONEY; k++)
        fprintf(f, "{\"id\": \"fm%d\", \"label\": \"m\", \"value\": %lld, \"unit\": \"yuan\", \"qualifier\": \"%s\", "
                   "\"quote\": \"q\"},\n",
                k, (long long)big_money_value[k], quals[k % 4]);
    for (int k = 0; k < BIG_COUNTS; k++)
        fprintf(f, "{\"id\": \"fc%d\", \"label\": \"c\", \"value\": %lld, \"unit\": \"item\", \"qualifier\": \"%s\", "
                   "\"measure\": \"%s\", \"quote\": \"q\"}%s\n",
                k, (long long)big_count_value[k], quals[k % 3], k % 2 ? "Boxes" : "件", k + 1 < BIG_COUNTS ? "," : "");
    fprintf(f, "],\n\"records\": [\n");
    for (int i = 0; i < BIG_RECORDS; i++) {
        struct big_record *r = &big_recs[i];
        snprintf(r->name, sizeof r->name, "item %d%s", (i * 37) % BIG_RECORDS, i % 613 == 5 ? " needle" : "");
        snprintf(r->tag, sizeof r->tag, "%s", big_tags[(i / 3) % 7]);
        r->money = i % 11 == 0 ? -1 : (i * 7) % BIG_MONEY;
        r->count = i % 13 == 0 ? -1 : (i * 3) % BIG_COUNTS;
        fprintf(f, "{\"id\": \"b%d\", \"name\": \"%s\", \"quote\": \"q\"", i, r->name);
        if (i % 5)
            fprintf(f, ", \"tag\": \"%s\"", r->tag);
        else
            r->tag[0] = 0;
        if (i % 4 == 1)
            fprintf(f, ", \"where\": [\"pl_a\"]");
        else if (i % 4 == 2)
            fprintf(f, ", \"where\": [\"pl_b\", \"pl_a\"]");
        if (r->money >= 0)
            fprintf(f, ", \"money\": \"fm%d\"", r->money);
        if (r->count >= 0)
            fprintf(f, ", \"count\": \"fc%d\"", r->count);
        fprintf(f, "}%s\n", i + 1 < BIG_RECORDS ? "," : "");
    }
    fprintf(f, "]}]}\n");
    bool ok = fclose(f) == 0;
    dataset *ds = ok ? load_dataset(path) : NULL;
    unlink(path);
    return ds;
}

static int group_setup(void **state)
{
    (void)state;
    ties = load_dataset(TIES_FILE);
    money = load_dataset(MONEY_FILE);
    shipped = load_dataset(DATA_FILE);
    big = make_big();
    return ties && money && shipped && big ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    dataset_free(ties);
    dataset_free(money);
    dataset_free(shipped);
    dataset_free(big);
    return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_test, free_views)

/* The folded search keeps where it last saw each case of the needle's first
 * letter: against a plain search, over texts of few letters in both cases
 * (one case often, the other rarely), it finds the same first match. */
static void letters_should_match_either_case_wherever_they_are(void **state)
{
    (void)state;
    static const char alphabet[] = "dDyYx";
    const char *folded_needles[] = {"dy", "yd", "dd", "x", "dyx", "y"};
    uint32_t seed = 20240201;
    for (int round = 0; round < 4000; round++) {
        char hay[64];
        int len = (int)(round % 60) + 1;
        for (int i = 0; i < len; i++) {
            seed = seed * 1664525u + 1013904223u;
            /* some texts all but one case of d, to go down the long path */
            int k = (int)(seed >> 24) % (round % 3 ? 5 : 3);
            hay[i] = alphabet[round % 2 && k == 0 ? 1 : k];
        }
        hay[len] = 0;
        for (size_t nd = 0; nd < sizeof folded_needles / sizeof folded_needles[0]; nd++) {
            const char *needle = folded_needles[nd];
            size_t n = strlen(needle);
            long want = -1;
            for (int at = 0; at + (int)n <= len && want < 0; at++)
                if (!strncasecmp(hay + at, needle, n))
                    want = at;
            size_t from, to;
            bool got = view_text_match(hay, needle, &from, &to);
            if (got != (want >= 0) || (got && (long)from != want))
                fail_msg("\"%s\" in \"%s\": expected %ld, got %s %zu", needle, hay, want,
                         got ? "a match at" : "none", got ? from : 0);
        }
    }
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        T(letters_should_match_either_case_wherever_they_are),
        T(sort_should_order_counts_ascending_and_descending),
        T(sort_should_order_money_by_yuan_across_yi_and_wan),
        T(sort_should_order_shipped_money_by_yuan_across_yi_and_wan),
        T(sort_should_order_dates_year_before_month_before_day),
        T(sort_should_keep_ties_in_report_order_whatever_the_sort_before),
        T(sort_should_put_empty_cells_last_in_both_directions),
        T(sort_should_order_text_by_code_point),
        T(sort_should_order_places_by_their_first_name),
        T(sort_should_restore_the_order_when_reversed_twice),
        T(sort_by_minus_one_should_restore_the_report_order),
        T(sort_by_minus_one_descending_should_show_the_report_backwards),
        T(sort_should_be_a_permutation_of_the_records),
        T(sort_should_order_5000_records_with_ties_in_report_order),
        T(filter_should_keep_exactly_the_rows_containing_the_text),
        T(filter_should_find_known_rows),
        T(filter_should_match_ascii_letters_in_either_case),
        T(filter_should_match_a_measure_in_either_case),
        T(filter_with_nothing_should_show_every_row),
        T(filter_should_keep_the_sort_order_and_sort_should_keep_the_filter),
        T(second_filter_on_a_view_should_still_be_right),
        T(filter_over_many_rows_should_agree_with_brute_force),
        T(search_should_find_the_next_and_previous_match_with_wrap_around),
        T(search_should_follow_the_rows_shown),
        T(search_over_4096_rows_should_agree_with_brute_force),
        T(search_over_4096_rows_should_match_a_measure_in_either_case),
        T(find_column_should_find_by_key_and_by_label),
        T(cell_text_should_show_cells_as_the_table_does),
    };
    return cmocka_run_group_tests_name("test_view", tests, group_setup, group_teardown);
}

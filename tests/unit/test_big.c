/* Big tables stay instant (issue 15): what is derived from every row shown
 * (the heading's money, the chart) is made when the rows change, never per
 * frame; a filter typed a character at a time narrows the rows it kept; and
 * what it keeps is what a brute force over every record keeps, after each
 * keystroke, backspace too. Behaviour, not time: the speed is measured by
 * tests/bench/bench.c (make bench). */
#define _GNU_SOURCE /* qsort_r */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "chart.h"
#include "dataset.h"
#include "grid.h"
#include "keymap.h"
#include "load.h"
#include "pinyin.h"
#include "places.h"
#include "text.h"
#include "total.h"
#include "view.h"

#include "../support/oracle.h"
#include "../support/rng.h"

#define RECORDS 3000
#define ORGS 40

static dataset *ds;

/* Words whose pinyin initials the needles spell: 大家公园 is djgy, 林屋村 lwc. */
static const char *const words[] = {"党建", "大家", "公园", "林屋村", "红树林", "乡村", "振兴",
                                    "火龙果", "合作", "Park", "第2024期", "投入4000万"};
#define NWORDS (sizeof words / sizeof words[0])

/* A few words drawn at random: names and quotes in which the needles occur now and then. */
static void phrase(buf *out, rng *r, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        buf_puts(out, words[below(r, NWORDS)]);
}

/* Organisations and their records' money, the shape of the bench's data. */
static void write_head(buf *out, rng *r)
{
    buf_puts(out, "{\"format\": \"zjdash/1.0\", \"meta\": {\"title\": \"大表\", \"publisher\": \"p\", "
                  "\"published\": \"2024-02-01\"},\n\"places\": [{\"id\": \"p\", \"name\": \"湛江市\", "
                  "\"kind\": \"city\"}],\n\"organizations\": [");
    for (uint32_t o = 0; o < ORGS; o++) {
        buf_printf(out, "%s{\"id\": \"o%u\", \"name\": \"", o ? ",\n" : "", o);
        phrase(out, r, 2);
        buf_printf(out, "%u公司\", \"kind\": \"company\", \"place\": \"p\"}", o);
    }
    buf_puts(out, "],\n\"themes\": [{\"id\": \"organization\", \"title\": \"主题\", \"heading\": \"合成\", "
                  "\"columns\": [{\"key\": \"name\", \"label\": \"名称\", \"type\": \"text\"}, "
                  "{\"key\": \"who\", \"label\": \"参与组织\", \"type\": \"refs\"}, "
                  "{\"key\": \"money\", \"label\": \"金额\", \"type\": \"money\"}, "
                  "{\"key\": \"quote\", \"label\": \"原文\", \"type\": \"text\"}],\n\"figures\": [");
    for (uint32_t i = 0; i < RECORDS; i++)
        buf_printf(out, "%s{\"id\": \"m%u\", \"label\": \"投入资金\", \"value\": %u0000, \"unit\": \"yuan\", "
                        "\"qualifier\": \"exact\", \"quote\": \"投入资金%u万元\"%s}",
                   i ? ",\n" : "", i, 1 + below(r, 9000), i, i % 500 == 0 ? ", \"headline\": true" : "");
}

/* A dataset of RECORDS records, the same every run. */
static void write_dataset(buf *out)
{
    rng r;
    rng_seed(&r, 15);
    write_head(out, &r);
    buf_puts(out, "],\n\"records\": [");
    for (uint32_t i = 0; i < RECORDS; i++) {
        buf_printf(out, "%s{\"id\": \"r%u\", \"name\": \"", i ? ",\n" : "", i);
        phrase(out, &r, 1 + below(&r, 3));
        uint32_t org = below(&r, ORGS);
        buf_printf(out, "%u\", \"who\": [\"o%u\"", i, org);
        if (i % 2)
            buf_printf(out, ", \"o%u\"", (org + 1 + below(&r, ORGS - 1)) % ORGS);
        buf_printf(out, "], \"money\": \"m%u\", \"quote\": \"", i);
        phrase(out, &r, 2 + below(&r, 6));
        buf_puts(out, "\"}");
    }
    buf_puts(out, "]}]}\n");
}

static int setup(void **state)
{
    (void)state;
    buf json;
    buf_init(&json);
    write_dataset(&json);
    char err[512];
    int rc = dataset_load_memory(json.data, json.len, "big", &ds, err, sizeof err);
    if (rc != DATASET_OK)
        fprintf(stderr, "%s\n", err);
    buf_free(&json);
    return rc == DATASET_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    dataset_free(ds);
    return 0;
}

/* The rows of v are exactly the records brute force keeps, in the view's order. */
static void assert_rows_are_brute(const view *v, const char *needle)
{
    const theme *t = &ds->themes[v->theme];
    buf scratch;
    buf_init(&scratch);
    uint32_t n = 0;
    for (uint32_t i = 0; i < v->total; i++) {
        uint32_t rec = v->order[i];
        bool keep = !*needle || brute_contains(ds, rec, needle, &scratch);
        if (keep) {
            assert_true(n < v->nrows);
            assert_int_equal(v->rows[n], rec);
            n++;
        }
    }
    assert_int_equal(n, v->nrows);
    (void)t;
    buf_free(&scratch);
}

/* Typing then erasing: after every keystroke the rows are brute force's. */
static void typed_filter_should_keep_what_brute_force_keeps(void **state)
{
    (void)state;
    static const char *const needles[] = {"djgy", "lwc", "红树林", "2024", "4000", "park", "村、"};
    view *v = view_new(ds, 0);
    view_sort(v, 0, false);
    for (size_t k = 0; k < sizeof needles / sizeof needles[0]; k++) {
        const char *s = needles[k];
        size_t n = strlen(s);
        for (size_t len = 1; len <= n; len++) { /* whole characters only */
            if (len < n && ((unsigned char)s[len] & 0xC0) == 0x80)
                continue;
            char *typed = strndup(s, len);
            view_filter(v, typed);
            assert_rows_are_brute(v, typed);
            free(typed);
        }
        for (size_t len = n; len-- > 0;) { /* and back, a character at a time */
            if (len && ((unsigned char)s[len] & 0xC0) == 0x80)
                continue;
            char *typed = strndup(s, len);
            view_filter(v, typed);
            assert_rows_are_brute(v, typed);
            free(typed);
        }
    }
    view_free(v);
}

/* One more character tests only the rows the shorter needle kept. */
static void longer_needle_should_examine_only_the_rows_kept(void **state)
{
    (void)state;
    view *v = view_new(ds, 0);
    view_filter(v, "d");
    assert_int_equal(v->filter_examined, v->total);
    uint32_t kept = v->nrows;
    assert_true(kept > 0 && kept < v->total);
    view_filter(v, "dj");
    assert_int_equal(v->filter_examined, kept);
    kept = v->nrows;
    view_filter(v, "djg");
    assert_int_equal(v->filter_examined, kept);
    view_filter(v, "dx"); /* not an extension: every row again */
    assert_int_equal(v->filter_examined, v->total);
    view_free(v);
}

/* The total of v's rows made afresh, items and all, to hold the kept
 * number against. */
static void assert_money_is_fresh(view *v)
{
    total fresh;
    total_of_records(&fresh, ds, v->rows, v->nrows, UNIT_YUAN);
    const total *kept = view_money(v);
    assert_int_equal(kept->how, fresh.how);
    assert_true(kept->value == fresh.value);
    assert_int_equal(kept->qualifier, fresh.qualifier);
    assert_int_equal(kept->kind, fresh.kind);
    assert_int_equal(kept->nmore, fresh.nmore);
    assert_int_equal(kept->other_kinds, fresh.other_kinds);
    assert_int_equal(kept->nitems, 0); /* the parts screen makes its own, with the items */
    total_free(&fresh);
}

/* The chart's figures: the headline ones, or with a filter those the rows name. */
static void assert_chart_is_fresh(view *v)
{
    uint8_t *named = calloc((size_t)ds->nfigures + 1, 1);
    for (uint32_t i = 0; i < v->nrows; i++) {
        uint32_t f = ds_cell(ds, v->rows[i], 2);
        if (f != NONE)
            named[f] = 1;
    }
    uint32_t n, want = 0;
    uint32_t *figs = chart_figures(v, &n);
    for (uint32_t f = 0; f < ds->nfigures; f++)
        if (v->filter ? named[f] : ds->figures[f].headline) {
            assert_true(want < n);
            assert_int_equal(figs[want], f);
            want++;
        }
    assert_int_equal(want, n);
    free(figs);
    free(named);
}

/* Moving on an unchanged view totals nothing again; a filter's keystroke
 * brings a total and a chart that agree with the rows it keeps. */
static void frames_should_not_total_again_until_the_rows_change(void **state)
{
    (void)state;
    struct app_options o = {false, NULL, NULL, NULL};
    app *a = app_new(ds, &o);
    grid g;
    grid_init(&g, 120, 40, false);
    app_frame(a, &g);
    view *v = a->tabs[0].view;
    unsigned long made = v->money_made;
    uint64_t version = v->version;
    assert_true(made >= 1);
    for (int i = 0; i < 20; i++) {
        app_key(a, i < 10 ? 'j' : K_PGDN);
        app_frame(a, &g);
    }
    assert_int_equal(v->money_made, made);
    assert_true(v->version == version);
    assert_true(v->chart.version == v->set_version);
    app_key(a, 'f');
    for (const char *p = "djgy"; *p; p++) {
        app_key(a, (uint32_t)*p);
        app_frame(a, &g);
        assert_money_is_fresh(v);
        assert_chart_is_fresh(v);
        assert_true(v->chart.version == v->set_version);
    }
    made = v->money_made;
    app_key(a, K_ENTER);
    app_frame(a, &g);
    app_key(a, 'j');
    app_frame(a, &g);
    assert_int_equal(v->money_made, made);
    grid_free(&g);
    app_free(a);
}

/* A keystroke that keeps every row changes nothing derived from them, but a
 * filter coming on does: the chart shows the rows' figures only then. */
static void version_should_change_only_with_the_rows_or_the_filter(void **state)
{
    (void)state;
    view *v = view_new(ds, 0);
    uint64_t before = v->version;
    view_filter(v, "主题"); /* in no record's cells: none kept */
    assert_true(v->version != before);
    view_filter(v, NULL);
    before = v->version;
    view_filter(v, "r"); /* not in the cells either; Park is */
    view_filter(v, NULL);
    assert_true(v->version != before);
    before = v->version;
    view_sort(v, -1, false); /* the same order: the same rows */
    assert_true(v->version == before);
    view_filter(v, "火");
    before = v->version;
    view_filter(v, "火龙"); /* every 火 here is 火龙果's */
    assert_true(v->version == before);
    assert_chart_is_fresh(v);
    assert_money_is_fresh(v);
    view_free(v);
}

/* A sort changes the order of the rows, not which they are: their total and
 * chart are not made again, and the whole table's total is made once. */
static void a_sort_should_not_total_again(void **state)
{
    (void)state;
    view *v = view_new(ds, 0);
    uint32_t n;
    view_filter(v, "红");
    view_money(v);
    free(chart_figures(v, &n));
    unsigned long made = v->money_made;
    uint64_t chart = v->chart.version, order = v->version;
    view_sort(v, 2, true);
    assert_true(v->version != order);
    view_money(v);
    free(chart_figures(v, &n));
    assert_int_equal(v->money_made, made);
    assert_true(v->chart.version == chart);
    assert_money_is_fresh(v);
    assert_chart_is_fresh(v);
    view_filter(v, NULL);
    view_money(v);
    made = v->money_made;
    view_filter(v, "红");
    view_filter(v, NULL);
    view_sort(v, 0, false);
    view_money(v);
    assert_int_equal(v->money_made, made);
    assert_money_is_fresh(v);
    view_free(v);
}

/* The places made on a thread beside the dashboard are those made when
 * first asked for, and an app freed while the thread runs leaks nothing. */
static void places_made_beside_the_dashboard_should_be_the_same(void **state)
{
    (void)state;
    struct app_options o = {false, NULL, NULL, NULL};
    app *a = app_new(ds, &o);
    app_prepare(a);
    assert_true(a->places_pending);
    places *made = app_places(a), *fresh = places_new(ds);
    assert_false(a->places_pending);
    assert_int_equal(made->nrows, fresh->nrows);
    assert_int_equal(made->nunplaced, fresh->nunplaced);
    for (uint32_t e = 0; e <= ds->nentities; e++) {
        const struct place_stats *x = &made->stats[e], *y = &fresh->stats[e];
        assert_int_equal(x->total, y->total);
        assert_true(x->money.value == y->money.value);
    }
    places_free(fresh);
    app_free(a);
    a = app_new(ds, &o);
    app_prepare(a);
    app_free(a);
}

/* qsort_r's order for the oracle: pinyin, then the report's order. */
static int by_pinyin_then_record(const void *x, const void *y, void *ctx)
{
    const dataset *d = ctx;
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    int c = pinyin_compare(ds_str(d, d->records[a].name), ds_str(d, d->records[b].name));
    return c ? c : (a > b) - (a < b);
}

/* Names that share a long start (more than a sort key's 8 elements) are
 * ordered by the keys of the elements after it, then by comparing the
 * text: the order is pinyin_compare's, ties in the report's order, either
 * way; and a start with a character no key keeps exactly (★) is never
 * taken for equal. */
static void names_with_a_long_common_start_should_sort_as_compared(void **state)
{
    (void)state;
    static const char *const starts[] = {"湛江市麻章区合作社", "湛江市麻章区合作社第", "★湛江市麻章区合作", "湛江★市麻章区合作社",
                                         "湛江市麻章区合作社ABC", "☆湛江市麻章区合作"};
    buf json;
    buf_init(&json);
    buf_puts(&json, "{\"format\": \"zjdash/1.0\", \"meta\": {\"title\": \"T\", \"publisher\": \"P\", "
                    "\"published\": \"2024-02-01\"}, \"themes\": [{\"id\": \"t\", \"title\": \"T\", "
                    "\"columns\": [{\"key\": \"name\", \"label\": \"N\", \"type\": \"text\"}], \"records\": [\n");
    rng r;
    rng_seed(&r, 17);
    for (uint32_t i = 0; i < 2000; i++)
        buf_printf(&json, "%s{\"id\": \"r%u\", \"name\": \"%s%u%s\", \"quote\": \"q\"}\n", i ? "," : "", i,
                   starts[below(&r, 6)], below(&r, 3) ? below(&r, 100000) : below(&r, 30),
                   below(&r, 4) ? "" : "号");
    buf_puts(&json, "]}]}\n");
    dataset *d;
    char err[256];
    assert_int_equal(dataset_load_memory(json.data, json.len, "ties", &d, err, sizeof err), DATASET_OK);
    buf_free(&json);
    uint32_t n = d->themes[0].nrecords, *want = malloc(n * sizeof *want);
    view *v = view_new(d, 0);
    for (int desc = 0; desc < 2; desc++) {
        for (uint32_t i = 0; i < n; i++)
            want[i] = i;
        qsort_r(want, n, sizeof *want, by_pinyin_then_record, d);
        if (desc) /* the runs of equal names reversed, each kept in the report's order */
            for (uint32_t end = n; end > 0;) {
                uint32_t start = end - 1;
                while (start > 0 && !strcmp(ds_str(d, d->records[want[start - 1]].name),
                                            ds_str(d, d->records[want[start]].name)))
                    start--;
                for (uint32_t k = start; k < end; k++)
                    v->rows[n - end + k - start] = want[k]; /* rows as scratch */
                end = start;
            }
        if (desc)
            memcpy(want, v->rows, n * sizeof *want);
        view_sort(v, -1, false);
        view_sort(v, 0, desc);
        for (uint32_t i = 0; i < n; i++)
            if (v->order[i] != want[i])
                fail_msg("%s, row %u: %s, expected %s", desc ? "descending" : "ascending", i,
                         ds_str(d, d->records[v->order[i]].name), ds_str(d, d->records[want[i]].name));
    }
    view_free(v);
    free(want);
    dataset_free(d);
}

/* Rows whose long texts tie all the way (the same quote of 100,000
 * characters in 40 rows) are keyed no further than a bounded start, not
 * eight characters at a time to their end: the sort ends, in the report's
 * order, without a stack as deep as the text is long. */
static void texts_that_tie_whole_should_sort_in_bounded_work(void **state)
{
    (void)state;
    buf json, name;
    buf_init(&json);
    buf_init(&name);
    for (int i = 0; i < 100000; i++)
        buf_puts(&name, i % 2 ? "合" : "作");
    buf_puts(&json, "{\"format\": \"zjdash/1.0\", \"meta\": {\"title\": \"T\", \"publisher\": \"P\", "
                    "\"published\": \"2024-02-01\"}, \"themes\": [{\"id\": \"t\", \"title\": \"T\", "
                    "\"columns\": [{\"key\": \"name\", \"label\": \"N\", \"type\": \"text\"}], \"records\": [\n");
    for (int i = 0; i < 40; i++)
        buf_printf(&json, "%s{\"id\": \"r%d\", \"name\": \"%s%s\", \"quote\": \"q\"}\n", i ? "," : "", i,
                   name.data, i % 3 ? "" : "乙");
    buf_puts(&json, "]}]}\n");
    dataset *d;
    char err[256];
    assert_int_equal(dataset_load_memory(json.data, json.len, "long", &d, err, sizeof err), DATASET_OK);
    view *v = view_new(d, 0);
    view_sort(v, 0, false);
    /* the shorter ones first, each group in the report's order */
    for (uint32_t i = 1; i < v->total; i++) {
        uint32_t a = v->order[i - 1], b = v->order[i];
        bool la = a % 3 == 0, lb = b % 3 == 0;
        assert_true(la <= lb && (la != lb || a < b));
    }
    view_free(v);
    dataset_free(d);
    buf_free(&json);
    buf_free(&name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(typed_filter_should_keep_what_brute_force_keeps),
        cmocka_unit_test(a_sort_should_not_total_again),
        cmocka_unit_test(names_with_a_long_common_start_should_sort_as_compared),
        cmocka_unit_test(texts_that_tie_whole_should_sort_in_bounded_work),
        cmocka_unit_test(places_made_beside_the_dashboard_should_be_the_same),
        cmocka_unit_test(longer_needle_should_examine_only_the_rows_kept),
        cmocka_unit_test(frames_should_not_total_again_until_the_rows_change),
        cmocka_unit_test(version_should_change_only_with_the_rows_or_the_filter),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/* model/total: totals a briefing can quote. Worked examples by hand, on
 * tests/fixtures/good/relations.json (the report's kinds of money, a firm's
 * amount that may overlap the city's, a 其中 part) and on small datasets
 * written here; then properties over generated sets of figures with random
 * kinds (some unknown), relations, qualifiers and values (fixed seeds):
 *
 *   - no total adds two related figures, two of different kinds, or any of
 *     unknown kind;
 *   - a sum is within half its coarsest part's place of the exact sum and a
 *     multiple of that place; its qualifier is the most cautious of its parts',
 *     and "about" when rounding changed it;
 *   - one figure, or the largest of figures that may overlap, is shown with its
 *     own value and qualifier, and nmore counts the others;
 *   - the kind shown is the one whose number is largest (the first of equals);
 *   - every distinct figure considered is in items once, with a role the rules
 *     give it, in the order total.h promises;
 *   - total_of_records is the total of the distinct figures the records name.
 *
 * To look at one generated case: ZJDASH_TOTAL_CASE=N runs only case N. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dataset.h"
#include "load.h"
#include "total.h"
#include "value.h"

#include "../support/kept.h"
#include "../support/rng.h"
#include "../support/testutil.h"

#define RELATIONS_FILE "tests/fixtures/good/relations.json"
#define CASES 400
#define SETS_PER_CASE 60
#define MAX_FIGS 48
#define MAX_HAND 1100 /* figures of a hand-made case: enough to pass INT64_MAX */
#define MAX_RECS 40
#define MAX_SET 80
#define MAX_REL 3

static dataset *fixture;

/* ------------------------------------------------------------------------ */
/* Totals made by a test are freed by the teardown when an assertion fails. */

/* total_of_figures, its items kept until the test releases them or ends. */
static void figures_total(total *t, const dataset *ds, const uint32_t *figs, uint32_t n)
{
    total_of_figures(t, ds, figs, n);
    keep(t->items, free);
}

/* total_of_records, kept the same way. */
static void records_total(total *t, const dataset *ds, const uint32_t *recs, uint32_t n,
                          uint8_t unit)
{
    total_of_records(t, ds, recs, n, unit);
    keep(t->items, free);
}

/* A test done with a total gives its items back at once: loops make thousands. */
static void drop_total(total *t)
{
    release(t->items);
    t->items = NULL;
}

/* ------------------------------------------------------------------------ */
/* Worked examples on the fixture, by id. */

/* Examples name figures and records as the fixture spells them. */
static uint32_t index_of(const dataset *ds, const char *id, enum id_kind kind)
{
    uint32_t i;
    if (dataset_find_id(ds, id, &i) != kind)
        fail_msg("no %s \"%s\"", kind == ID_FIGURE ? "figure" : "record", id);
    return i;
}

static const char *const role_letter = "cok"; /* counted, overlaps, other kind */

/* "id:c id:o id:k": the items as one string, to compare with what a reader
 * of the fixture expects. */
static const char *items_text(const dataset *ds, const total *t)
{
    static char text[1024];
    size_t used = 0;
    text[0] = 0;
    for (uint32_t i = 0; i < t->nitems && used + 80 < sizeof text; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%s:%c", i ? " " : "",
                                 ds_str(ds, ds->figures[t->items[i].figure].id),
                                 role_letter[t->items[i].role]);
    return text;
}

/* What a worked example expects of a total. */
struct want {
    enum total_how how;
    const char *kind;
    int64_t value;
    enum qualifier qualifier;
    uint32_t nmore, other_kinds;
    const char *items;
};

/* One failure message for every part of a worked example. */
static void assert_total(const dataset *ds, const total *t, struct want w, const char *what)
{
    if (t->how != w.how || strcmp(figure_kind_name(t->kind), w.kind) || t->value != w.value ||
        t->qualifier != w.qualifier || t->nmore != w.nmore || t->other_kinds != w.other_kinds ||
        strcmp(items_text(ds, t), w.items))
        fail_msg("%s:\n  got      how %d %s %lld %s nmore %u other %u [%s]\n"
                 "  expected how %d %s %lld %s nmore %u other %u [%s]",
                 what, t->how, figure_kind_name(t->kind), (long long)t->value,
                 qualifier_name(t->qualifier), t->nmore, t->other_kinds, items_text(ds, t), w.how,
                 w.kind, (long long)w.value, qualifier_name(w.qualifier), w.nmore, w.other_kinds,
                 w.items);
}

/* The total of the fixture's figures named by ids (NULL-terminated). */
static void check_ids(const char *const *ids, struct want w, const char *what)
{
    uint32_t figs[16] = {0}, n = 0;
    for (; ids[n]; n++)
        figs[n] = index_of(fixture, ids[n], ID_FIGURE);
    total t;
    figures_total(&t, fixture, figs, n);
    assert_total(fixture, &t, w, what);
    if (t.unit != UNIT_YUAN && n)
        fail_msg("%s: unit %s", what, unit_name(t.unit));
    drop_total(&t);
}

#define IDS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The issue's own examples: 约1.3亿 + 超4000万 is 约1.7亿; 1500万 + 905万 is
 * 约2400万, not 2405万 (1500万 is known to the million); with 3365万 too,
 * 约5800万. */
static void sums_round_to_their_least_precise_part(void **state)
{
    (void)state;
    check_ids(IDS("r_invest", "o_fund"),
              (struct want){TOTAL_SUM, "investment", 170000000, QUAL_ABOUT, 0, 0,
                            "r_invest:c o_fund:c"},
              "约1.3亿 + 超4000万");
    check_ids(IDS("a_greenway", "a_members"),
              (struct want){TOTAL_SUM, "investment", 24000000, QUAL_ABOUT, 0, 0,
                            "a_greenway:c a_members:c"},
              "1500万 + 905万");
    check_ids(IDS("a_members", "a_firms", "a_greenway"),
              (struct want){TOTAL_SUM, "investment", 58000000, QUAL_ABOUT, 0, 0,
                            "a_firms:c a_greenway:c a_members:c"},
              "3365万 + 1500万 + 905万");
}

/* A firm's amount that may be part of the city's, or a 其中 part: the largest
 * is shown as the report gives it, the others listed as possibly overlapping
 * (an unrelated figure of the kind too: the kind is not added at all). */
static void related_figures_show_the_largest(void **state)
{
    (void)state;
    check_ids(IDS("o_village", "r_invest"),
              (struct want){TOTAL_LARGEST, "investment", 130000000, QUAL_ABOUT, 1, 0,
                            "r_invest:c o_village:o"},
              "city-wide 约1.3亿 and a firm's 3900多万");
    check_ids(IDS("a_hall", "a_greenway", "a_firms"),
              (struct want){TOTAL_LARGEST, "investment", 33650000, QUAL_EXACT, 2, 0,
                            "a_firms:c a_greenway:o a_hall:o"},
              "3365万, 其中 1200万, and 1500万");
}

/* Investment and donations are never added; the larger kind is shown, of
 * equals the first kind of the list, and a kind's number is what it shows
 * (4000万 of donations that may overlap beats 约2400万 of investment). */
static void other_kinds_are_left_out(void **state)
{
    (void)state;
    check_ids(IDS("r_donation", "r_invest"),
              (struct want){TOTAL_ONE, "investment", 130000000, QUAL_ABOUT, 0, 1,
                            "r_invest:c r_donation:k"},
              "投入 and 捐资捐物");
    check_ids(IDS("r_donation", "o_fund"),
              (struct want){TOTAL_ONE, "investment", 40000000, QUAL_OVER, 0, 1,
                            "o_fund:c r_donation:k"},
              "超4000万 of each: investment first");
    check_ids(IDS("a_greenway", "o_school", "a_members", "r_donation"),
              (struct want){TOTAL_LARGEST, "donation", 40000000, QUAL_OVER, 1, 1,
                            "r_donation:c o_school:o a_greenway:k a_members:k"},
              "donations that may overlap against a sum of investment");
    check_ids(IDS("a_income", "a_greenway", "r_donation", "a_gift_a"),
              (struct want){TOTAL_ONE, "donation", 40000000, QUAL_OVER, 0, 3,
                            "r_donation:c a_greenway:k a_gift_a:k a_income:k"},
              "four kinds");
}

/* Figures without a kind may all overlap: never added, to each other or to
 * anything else; one alone is still the report's own number. */
static void unknown_kinds_are_never_added(void **state)
{
    (void)state;
    check_ids(IDS("a_gift_a", "a_gift_b"),
              (struct want){TOTAL_LARGEST, "unknown", 3000000, QUAL_EXACT, 1, 0,
                            "a_gift_b:c a_gift_a:o"},
              "two figures of unknown kind");
    check_ids(IDS("a_income", "a_gift_b"),
              (struct want){TOTAL_ONE, "unknown", 3000000, QUAL_EXACT, 0, 1,
                            "a_gift_b:c a_income:k"},
              "unknown 300万 against income 10万");
    check_ids(IDS("a_gift_a", "a_greenway"),
              (struct want){TOTAL_ONE, "investment", 15000000, QUAL_EXACT, 0, 1,
                            "a_greenway:c a_gift_a:k"},
              "unknown 200万 against investment 1500万");
}

/* Nothing, one figure, and figures named more than once. */
static void empty_one_and_duplicates(void **state)
{
    (void)state;
    total t;
    figures_total(&t, fixture, NULL, 0);
    assert_total(fixture, &t,
                 (struct want){TOTAL_EMPTY, "unknown", 0, QUAL_EXACT, 0, 0, ""}, "no figure");
    assert_null(t.items);
    drop_total(&t);
    check_ids(IDS("a_income"),
              (struct want){TOTAL_ONE, "income", 100000, QUAL_AT_LEAST, 0, 0, "a_income:c"},
              "每户年收入10万元以上 alone");
    check_ids(IDS("a_members", "a_greenway", "a_members", "a_greenway", "a_greenway"),
              (struct want){TOTAL_SUM, "investment", 24000000, QUAL_ABOUT, 0, 0,
                            "a_greenway:c a_members:c"},
              "1500万 and 905万, each named more than once");
}

/* A theme's records, the records of a place, persons, and no record. */
static void totals_of_records(void **state)
{
    (void)state;
    const theme *assist = &fixture->themes[1];
    uint32_t recs[16], n = 0;
    for (uint32_t r = 0; r < assist->nrecords; r++)
        recs[n++] = assist->first_record + r;
    total t;
    records_total(&t, fixture, recs, n, UNIT_YUAN);
    assert_total(fixture, &t,
                 (struct want){TOTAL_LARGEST, "investment", 33650000, QUAL_EXACT, 3, 2,
                               "a_firms:c a_greenway:o a_hall:o a_members:o a_gift_b:k "
                               "a_gift_a:k a_income:k"},
                 "the assistance theme");
    drop_total(&t);
    uint32_t school = index_of(fixture, "rec_school", ID_RECORD);
    uint32_t village[] = {school, index_of(fixture, "rec_income", ID_RECORD), school};
    records_total(&t, fixture, village, 3, UNIT_YUAN);
    assert_total(fixture, &t,
                 (struct want){TOTAL_ONE, "donation", 40000000, QUAL_OVER, 0, 1,
                               "o_school:c a_income:k"},
                 "the village's records");
    drop_total(&t);
    uint32_t people[] = {index_of(fixture, "rec_city", ID_RECORD), school};
    records_total(&t, fixture, people, 2, UNIT_PERSON);
    assert_int_equal(t.unit, UNIT_PERSON);
    assert_total(fixture, &t,
                 (struct want){TOTAL_LARGEST, "unknown", 4170, QUAL_OVER, 1, 0,
                               "r_members:c o_party:o"},
                 "persons of unknown kind");
    drop_total(&t);
    records_total(&t, fixture, NULL, 0, UNIT_PERSON);
    assert_int_equal(t.how, TOTAL_EMPTY);
    assert_int_equal(t.unit, UNIT_PERSON);
    drop_total(&t);
}

/* ------------------------------------------------------------------------ */
/* Small datasets written here: the generator's and the worked examples'. */

/* One figure of a dataset to write: kind 0 leaves the member out. */
struct gfig {
    int64_t value;
    uint8_t qual, kind;
    uint32_t rel[MAX_REL]; /* earlier figures it lists */
    uint8_t rel_how[MAX_REL]; /* REL_PART_OF or REL_OVERLAPS */
    uint32_t nrel;
};

/* A case: its figures (all yuan, in the report's figures, so figure i is
 * model figure i), the records of one theme each naming one figure or none,
 * and the truth of which figures are related. */
struct gcase {
    int number;
    struct gfig figs[MAX_HAND];
    uint32_t nfigs;
    int rec_fig[MAX_RECS]; /* -1: no money */
    uint32_t nrecs;
    bool related[MAX_FIGS][MAX_FIGS];
};

/* "part_of": [...] or "overlaps": [...] of figure f, if it lists any. */
static void put_relations(buf *out, const struct gfig *f, enum figure_relation how)
{
    bool any = false;
    for (uint32_t k = 0; k < f->nrel; k++) {
        if (f->rel_how[k] != how)
            continue;
        buf_printf(out, "%s\"f%u\"", any ? ", " : how == REL_PART_OF ? ", \"part_of\": ["
                                                                        : ", \"overlaps\": [",
                   f->rel[k]);
        any = true;
    }
    if (any)
        buf_putc(out, ']');
}

/* The case as a dataset of format 1.1. */
static void put_case(buf *out, const struct gcase *c)
{
    buf_puts(out, "{\"format\": \"zjdash/1.1\",\n\"meta\": {\"title\": \"totals\", "
                  "\"publisher\": \"test_total\", \"published\": \"2024-02-01\"},\n\"figures\": [");
    for (uint32_t i = 0; i < c->nfigs; i++) {
        const struct gfig *f = &c->figs[i];
        buf_printf(out, "%s\n{\"id\": \"f%u\", \"label\": \"L\", \"value\": %lld, \"unit\": \"yuan\", "
                        "\"qualifier\": \"%s\", \"quote\": \"Q\"",
                   i ? "," : "", i, (long long)f->value, qualifier_name(f->qual));
        if (f->kind)
            buf_printf(out, ", \"kind\": \"%s\"", figure_kind_name(f->kind));
        put_relations(out, f, REL_PART_OF);
        put_relations(out, f, REL_OVERLAPS);
        buf_putc(out, '}');
    }
    buf_puts(out, "],\n\"themes\": [{\"id\": \"t\", \"title\": \"T\", \"columns\": ["
                  "{\"key\": \"name\", \"label\": \"N\", \"type\": \"text\"}, "
                  "{\"key\": \"money\", \"label\": \"M\", \"type\": \"money\"}],\n\"records\": [");
    for (uint32_t r = 0; r < c->nrecs; r++) {
        buf_printf(out, "%s\n{\"id\": \"r%u\", \"name\": \"R\", \"quote\": \"Q\"", r ? "," : "", r);
        if (c->rec_fig[r] >= 0)
            buf_printf(out, ", \"money\": \"f%d\"", c->rec_fig[r]);
        buf_putc(out, '}');
    }
    buf_puts(out, "]}]}\n");
}

/* The case loaded, kept until the test ends; the test fails if it does not load. */
static dataset *load_case(const struct gcase *c)
{
    buf json;
    buf_init(&json);
    put_case(&json, c);
    char err[1024];
    dataset *ds = NULL;
    enum dataset_status st = dataset_load_memory(json.data, json.len, "case", &ds, err, sizeof err);
    buf_free(&json);
    if (st != DATASET_OK)
        fail_msg("case %d does not load: %s", c->number, err);
    keep(ds, release_dataset);
    if (ds->nfigures != c->nfigs)
        fail_msg("case %d: %u figures loaded, %u written", c->number, ds->nfigures, c->nfigs);
    return ds;
}

/* Figure i of a hand-made case: value, qualifier, kind, no relations. */
static void hand_fig(struct gcase *c, int64_t value, enum qualifier q, enum figure_kind k)
{
    struct gfig *f = &c->figs[c->nfigs++];
    memset(f, 0, sizeof *f);
    f->value = value;
    f->qual = (uint8_t)q;
    f->kind = (uint8_t)k;
}

/* The total of every figure of a hand-made case. */
static void total_of_all(total *t, const dataset *ds)
{
    static uint32_t figs[MAX_HAND];
    for (uint32_t i = 0; i < ds->nfigures; i++)
        figs[i] = i;
    figures_total(t, ds, figs, ds->nfigures);
}

/* Half up: 15 + 10 is 25, known to the ten, so 约30; 14 + 10 is 约20; an exact
 * sum whose parts are as precise as it stays exact; 0 is no less precise
 * than anything. */
static void sums_round_half_up(void **state)
{
    (void)state;
    static const struct {
        int64_t a, b, want;
        enum qualifier qa, qb, q;
    } cases[] = {
        {15, 10, 30, QUAL_EXACT, QUAL_EXACT, QUAL_ABOUT},
        {14, 10, 20, QUAL_EXACT, QUAL_EXACT, QUAL_ABOUT},
        {10, 20, 30, QUAL_EXACT, QUAL_AT_LEAST, QUAL_AT_LEAST},
        {100, 20, 100, QUAL_OVER, QUAL_EXACT, QUAL_ABOUT},
        {1500, 70, 1600, QUAL_EXACT, QUAL_EXACT, QUAL_ABOUT},
        {150, 20, 170, QUAL_EXACT, QUAL_OVER, QUAL_OVER},
        {7, 0, 7, QUAL_EXACT, QUAL_EXACT, QUAL_EXACT},
        {130000000, 40000000, 170000000, QUAL_ABOUT, QUAL_OVER, QUAL_ABOUT},
        {33650000, 9050000, 42700000, QUAL_EXACT, QUAL_EXACT, QUAL_EXACT},
        {4000, 170, 4000, QUAL_AT_LEAST, QUAL_OVER, QUAL_ABOUT},
    };
    static struct gcase c;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        memset(&c, 0, sizeof c);
        c.number = (int)i;
        hand_fig(&c, cases[i].a, cases[i].qa, FIGURE_KIND_FUNDING);
        hand_fig(&c, cases[i].b, cases[i].qb, FIGURE_KIND_FUNDING);
        dataset *ds = load_case(&c);
        total t;
        total_of_all(&t, ds);
        if (t.how != TOTAL_SUM || t.value != cases[i].want || t.qualifier != cases[i].q)
            fail_msg("%lld %s + %lld %s: how %d, %lld %s; expected %lld %s", (long long)cases[i].a,
                     qualifier_name(cases[i].qa), (long long)cases[i].b, qualifier_name(cases[i].qb),
                     t.how, (long long)t.value, qualifier_name(t.qualifier),
                     (long long)cases[i].want, qualifier_name(cases[i].q));
        drop_total(&t);
        release(ds);
    }
}

/* 1100 figures of 9007199254740991 add up beyond an int64: the total says "at
 * least" the most it can count, never a number that wrapped round. */
static void a_sum_beyond_int64_says_at_least(void **state)
{
    (void)state;
    static struct gcase c;
    memset(&c, 0, sizeof c);
    c.number = -1;
    for (uint32_t i = 0; i < MAX_HAND; i++)
        hand_fig(&c, VALUE_MAX, QUAL_EXACT, FIGURE_KIND_OUTPUT);
    dataset *ds = load_case(&c);
    total t;
    total_of_all(&t, ds);
    assert_int_equal(t.how, TOTAL_SUM);
    assert_true(t.value == INT64_MAX);
    assert_int_equal(t.qualifier, QUAL_AT_LEAST);
    assert_int_equal(t.nitems, MAX_HAND);
    drop_total(&t);
}

/* ------------------------------------------------------------------------ */
/* The generator (tests/support/rng.h), one fixed seed per case. */

/* Values as reports give them: a few significant digits at any scale (1.3亿,
 * 3365万, 905万), some with many digits, some 0, some equal to another's. */
static int64_t gen_value(rng *r, const struct gcase *c)
{
    if (c->nfigs && chance(r, 15))
        return c->figs[below(r, c->nfigs)].value;
    if (chance(r, 3))
        return 0;
    bool many_digits = chance(r, 20);
    int64_t v = many_digits ? (int64_t)below(r, 1000000000) : 1 + (int64_t)below(r, 9999);
    for (uint32_t e = below(r, many_digits ? 4 : 10); e > 0; e--)
        v *= 10;
    return v;
}

/* Relations to earlier figures, mostly of the same kind, so that kinds with
 * related figures are common and those without are too. */
static void gen_relations(rng *r, struct gcase *c, struct gfig *f, uint32_t self)
{
    if (!self || !chance(r, 30))
        return;
    for (uint32_t want = 1 + below(r, MAX_REL); f->nrel < want;) {
        uint32_t other = below(r, self);
        for (uint32_t tries = 0; tries < 8 && c->figs[other].kind != f->kind && chance(r, 70); tries++)
            other = below(r, self);
        bool dup = false;
        for (uint32_t k = 0; k < f->nrel; k++)
            dup |= f->rel[k] == other;
        if (dup)
            break;
        f->rel[f->nrel] = other;
        f->rel_how[f->nrel++] = chance(r, 50) ? REL_PART_OF : REL_OVERLAPS;
        c->related[self][other] = c->related[other][self] = true;
    }
}

/* A case: 1 to 48 figures of two or three kinds (and unknown), relations,
 * every qualifier, and records that name some of them, some twice. */
static void gen_case(struct gcase *c, int number)
{
    rng r;
    rng_seed(&r, UINT64_C(0x7074A15) + (uint64_t)number * 7919);
    memset(c, 0, sizeof *c);
    c->number = number;
    uint8_t kinds[3];
    for (int k = 0; k < 3; k++)
        kinds[k] = (uint8_t)(1 + below(&r, FIGURE_KIND_COUNT - 1));
    uint32_t n = 1 + below(&r, MAX_FIGS);
    for (uint32_t i = 0; i < n; i++) {
        struct gfig *f = &c->figs[c->nfigs];
        f->value = gen_value(&r, c);
        f->qual = (uint8_t)below(&r, QUALIFIER_COUNT);
        f->kind = chance(&r, 20) ? FIGURE_KIND_UNKNOWN : kinds[below(&r, 1 + below(&r, 3))];
        gen_relations(&r, c, f, i);
        c->nfigs++;
    }
    c->nrecs = below(&r, MAX_RECS + 1);
    for (uint32_t k = 0; k < c->nrecs; k++)
        c->rec_fig[k] = chance(&r, 15) ? -1 : (int)below(&r, c->nfigs);
}

/* ------------------------------------------------------------------------ */
/* The properties, checked against the generator's truth. */

/* The place of the last non-zero digit, written again here without total.c. */
static int64_t place_of(int64_t v)
{
    int64_t p = 1;
    for (; v && v % 10 == 0; v /= 10)
        p *= 10;
    return p;
}

/* The distinct figures of a set, sorted: what the total must consider. */
static uint32_t distinct(const uint32_t *figs, uint32_t n, uint32_t *out)
{
    bool seen[MAX_FIGS] = {false};
    uint32_t m = 0;
    for (uint32_t i = 0; i < MAX_FIGS; i++)
        for (uint32_t k = 0; k < n; k++)
            if (figs[k] == i && !seen[i]) {
                seen[i] = true;
                out[m++] = i;
            }
    return m;
}

#define FAIL(c, ...)                                                                               \
    fail_msg("case %d: %s", (c)->number, (snprintf(why, sizeof why, __VA_ARGS__), why))
static char why[512];

/* Items: every distinct figure once, roles as the rules give them, in the
 * promised order; the counts of overlapping figures and of other kinds. */
static void check_items(const struct gcase *c, const total *t, const uint32_t *d, uint32_t m)
{
    if (t->nitems != m)
        FAIL(c, "%u items for %u distinct figures", t->nitems, m);
    bool in[MAX_FIGS] = {false}, other_kind[FIGURE_KIND_COUNT] = {false};
    uint32_t counted = 0, overlaps = 0, others = 0;
    for (uint32_t i = 0; i < m; i++) {
        const struct total_item *it = &t->items[i];
        if (it->figure >= c->nfigs || in[it->figure])
            FAIL(c, "item %u: figure %u twice or out of range", i, it->figure);
        in[it->figure] = true;
        const struct gfig *f = &c->figs[it->figure];
        if ((it->role == TOTAL_OTHER_KIND) != (f->kind != t->kind))
            FAIL(c, "f%u (kind %d) has role %d in a total of kind %d", it->figure, f->kind,
                 it->role, t->kind);
        if (it->role == TOTAL_OVERLAPS && t->how != TOTAL_LARGEST)
            FAIL(c, "f%u overlaps in a total that is not the largest", it->figure);
        counted += it->role == TOTAL_COUNTED;
        overlaps += it->role == TOTAL_OVERLAPS;
        if (it->role == TOTAL_OTHER_KIND && !other_kind[f->kind]) {
            other_kind[f->kind] = true;
            others++;
        }
        if (i) {
            const struct total_item *p = &t->items[i - 1];
            int64_t pv = c->figs[p->figure].value;
            bool later = pv < f->value || (pv == f->value && p->figure > it->figure);
            if (p->role > it->role || (p->role == it->role && later))
                FAIL(c, "items %u and %u out of order", i - 1, i);
        }
    }
    for (uint32_t i = 0; i < m; i++)
        if (!in[d[i]])
            FAIL(c, "f%u is not among the items", d[i]);
    if (others != t->other_kinds || overlaps != t->nmore)
        FAIL(c, "other_kinds %u (items say %u), nmore %u (items say %u)", t->other_kinds, others,
             t->nmore, overlaps);
    if ((t->how == TOTAL_SUM) != (counted > 1))
        FAIL(c, "how %d with %u counted", t->how, counted);
}

/* A sum: disjoint figures of one known kind, no more precise and no less
 * cautious than its parts. */
static void check_sum(const struct gcase *c, const total *t)
{
    if (t->kind == FIGURE_KIND_UNKNOWN)
        FAIL(c, "a sum of figures of unknown kind");
    int64_t exact = 0, place = 1;
    uint8_t q = QUAL_EXACT;
    for (uint32_t i = 0; i < t->nitems && t->items[i].role == TOTAL_COUNTED; i++) {
        const struct gfig *f = &c->figs[t->items[i].figure];
        for (uint32_t k = 0; k < i; k++)
            if (c->related[t->items[i].figure][t->items[k].figure])
                FAIL(c, "f%u and f%u are related, and added", t->items[i].figure, t->items[k].figure);
        exact += f->value;
        place = place_of(f->value) > place ? place_of(f->value) : place;
        q = f->qual > q ? f->qual : q;
    }
    int64_t off = t->value > exact ? t->value - exact : exact - t->value;
    if (off * 2 > place || t->value % place)
        FAIL(c, "sum %lld of exact %lld: not a multiple of %lld within half of it", (long long)t->value,
             (long long)exact, (long long)place);
    if (t->qualifier < q || (t->value != exact && t->qualifier != QUAL_ABOUT) ||
        (t->value == exact && t->qualifier != q))
        FAIL(c, "sum %lld (exact %lld) is %s, its parts at most %s", (long long)t->value, (long long)exact,
             qualifier_name(t->qualifier), qualifier_name(q));
}

/* One figure, or the largest of a kind whose figures may overlap: the
 * report's own value and qualifier. */
static void check_shown_figure(const struct gcase *c, const total *t, const uint32_t *d, uint32_t m)
{
    const struct gfig *f = &c->figs[t->items[0].figure];
    if (t->items[0].role != TOTAL_COUNTED || t->value != f->value || t->qualifier != f->qual)
        FAIL(c, "shows %lld %s, not f%u's own %lld %s", (long long)t->value, qualifier_name(t->qualifier),
             t->items[0].figure, (long long)f->value, qualifier_name(f->qual));
    bool related = false;
    uint32_t of_kind = 0;
    for (uint32_t i = 0; i < m; i++) {
        if (c->figs[d[i]].kind != t->kind)
            continue;
        of_kind++;
        if (c->figs[d[i]].value > f->value || (c->figs[d[i]].value == f->value && d[i] < t->items[0].figure))
            FAIL(c, "f%u is larger than the largest shown, or as large and first", d[i]);
        for (uint32_t k = 0; k < i; k++)
            related |= c->figs[d[k]].kind == t->kind && c->related[d[i]][d[k]];
    }
    if ((t->how == TOTAL_ONE) != (of_kind == 1))
        FAIL(c, "how %d with %u figures of the kind", t->how, of_kind);
    if (t->how == TOTAL_LARGEST && !related && t->kind != FIGURE_KIND_UNKNOWN)
        FAIL(c, "the largest is shown of %u figures none of which is related", of_kind);
}

/* The kind shown has the largest number of all kinds present (each kind's
 * number is its own total), the first kind of equals. */
static void check_kind_shown(const struct gcase *c, const dataset *ds, const total *t,
                             const uint32_t *d, uint32_t m)
{
    for (uint8_t k = 0; k < FIGURE_KIND_COUNT; k++) {
        uint32_t part[MAX_FIGS], n = 0;
        for (uint32_t i = 0; i < m; i++)
            if (c->figs[d[i]].kind == k)
                part[n++] = d[i];
        if (!n || k == t->kind)
            continue;
        total alone;
        figures_total(&alone, ds, part, n);
        int64_t v = alone.value;
        drop_total(&alone);
        if (v > t->value || (v == t->value && k < t->kind))
            FAIL(c, "kind %s shows %lld, kind %s %lld was chosen", figure_kind_name(k), (long long)v,
                 figure_kind_name(t->kind), (long long)t->value);
    }
}

/* Every property of one total of the figures d (m distinct ones). */
static void check_total(const struct gcase *c, const dataset *ds, const total *t, const uint32_t *d,
                        uint32_t m)
{
    if (!m) {
        if (t->how != TOTAL_EMPTY || t->nitems || t->value)
            FAIL(c, "no figure, but how %d, %u items, %lld", t->how, t->nitems, (long long)t->value);
        return;
    }
    if (t->unit != UNIT_YUAN)
        FAIL(c, "unit %s", unit_name(t->unit));
    check_items(c, t, d, m);
    if (t->how == TOTAL_SUM)
        check_sum(c, t);
    else if (t->how == TOTAL_ONE || t->how == TOTAL_LARGEST)
        check_shown_figure(c, t, d, m);
    else
        FAIL(c, "how %d for %u figures", t->how, m);
    check_kind_shown(c, ds, t, d, m);
}

/* Random sets of a case's figures, with repeats, and the total of each. */
static void check_sets(const struct gcase *c, const dataset *ds, rng *r)
{
    for (int s = 0; s < SETS_PER_CASE; s++) {
        uint32_t set[MAX_SET], d[MAX_FIGS];
        uint32_t n = s == 0 ? 0 : s == 1 ? c->nfigs : below(r, MAX_SET + 1);
        for (uint32_t i = 0; i < n; i++)
            set[i] = s == 1 ? i : below(r, c->nfigs);
        uint32_t m = distinct(set, n, d);
        total t;
        figures_total(&t, ds, set, n);
        check_total(c, ds, &t, d, m);
        drop_total(&t);
    }
}

/* total_of_records is the total of the distinct figures the records name:
 * the same number, made the same way, of the same items. */
static void check_records(const struct gcase *c, const dataset *ds, rng *r)
{
    for (int s = 0; s < 8; s++) {
        uint32_t recs[MAX_RECS], figs[MAX_RECS], n = below(r, c->nrecs + 1), nf = 0;
        for (uint32_t i = 0; i < n; i++) {
            recs[i] = below(r, c->nrecs);
            if (c->rec_fig[recs[i]] >= 0)
                figs[nf++] = (uint32_t)c->rec_fig[recs[i]];
        }
        total a, b;
        records_total(&a, ds, recs, n, UNIT_YUAN);
        figures_total(&b, ds, figs, nf);
        bool same = a.how == b.how && a.kind == b.kind && a.value == b.value &&
                    a.qualifier == b.qualifier && a.nmore == b.nmore && a.nitems == b.nitems &&
                    (!a.nitems || !memcmp(a.items, b.items, a.nitems * sizeof *a.items));
        if (!same)
            FAIL(c, "the total of %u records is not the total of the %u figures they name", n, nf);
        drop_total(&a);
        drop_total(&b);
    }
}

/* Every case, or only $ZJDASH_TOTAL_CASE. */
static void totals_of_generated_figures_keep_every_rule(void **state)
{
    (void)state;
    const char *only = getenv("ZJDASH_TOTAL_CASE");
    static struct gcase c;
    for (int i = 0; i < CASES; i++) {
        if (only && *only && atoi(only) != i)
            continue;
        gen_case(&c, i);
        dataset *ds = load_case(&c);
        rng r;
        rng_seed(&r, (uint64_t)i);
        check_sets(&c, ds, &r);
        check_records(&c, ds, &r);
        release(ds);
    }
}

/* ------------------------------------------------------------------------ */

/* The fixture is read once for the worked examples. */
static int group_setup(void **state)
{
    (void)state;
    fixture = load_dataset(RELATIONS_FILE);
    return fixture ? 0 : -1;
}

/* What the group setup loaded. */
static int group_teardown(void **state)
{
    (void)state;
    dataset_free(fixture);
    return 0;
}

/* The worked examples first: when a rule breaks they say which in the report's words. */
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(sums_round_to_their_least_precise_part, release_all),
        cmocka_unit_test_teardown(related_figures_show_the_largest, release_all),
        cmocka_unit_test_teardown(other_kinds_are_left_out, release_all),
        cmocka_unit_test_teardown(unknown_kinds_are_never_added, release_all),
        cmocka_unit_test_teardown(empty_one_and_duplicates, release_all),
        cmocka_unit_test_teardown(totals_of_records, release_all),
        cmocka_unit_test_teardown(sums_round_half_up, release_all),
        cmocka_unit_test_teardown(a_sum_beyond_int64_says_at_least, release_all),
        cmocka_unit_test_teardown(totals_of_generated_figures_keep_every_rule, release_all),
    };
    return cmocka_run_group_tests_name("test_total", tests, group_setup, group_teardown);
}

/* model/link: drill-down between records and the places and organisations
 * they name, paths in the place tree, totals of money that count each figure
 * once and stay honest about 约/超/以上, and what a name on the command line
 * means. Checked on the shipped report (data/zhanjiang-2024.json) with answers
 * read from the report, on small fixtures, and against brute force computed
 * from the dataset's own cells and parents. */
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
#include "link.h"
#include "value.h"

#include "../support/model_extra.h"
#include "../support/oracle.h"
#include "../support/testutil.h"

#define DATA_FILE "data/zhanjiang-2024.json"
#define PLACES_FILE "tests/fixtures/good/places.json"
#define MONEY_FILE "tests/fixtures/good/money.json"

static dataset *shipped, *places, *money;

/* Lists a test gets from the model are freed by the teardown. */
static uint32_t *lists[8];
static size_t nlists;

static uint32_t *kept(uint32_t *p)
{
    if (nlists < sizeof lists / sizeof *lists)
        lists[nlists++] = p;
    return p;
}

static void release(uint32_t *p)
{
    for (size_t i = 0; i < nlists; i++)
        if (lists[i] == p) {
            lists[i] = lists[--nlists];
            break;
        }
    free(p);
}

static int free_lists(void **state)
{
    (void)state;
    while (nlists)
        free(lists[--nlists]);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Helpers. */

static uint32_t ent(const dataset *ds, const char *id)
{
    uint32_t i;
    if (dataset_find_id(ds, id, &i) != ID_ENTITY)
        fail_msg("no entity \"%s\"", id);
    return i;
}

static uint32_t rec(const dataset *ds, const char *id)
{
    uint32_t i;
    if (dataset_find_id(ds, id, &i) != ID_RECORD)
        fail_msg("no record \"%s\"", id);
    return i;
}

static const char *entity_id(const dataset *ds, uint32_t e)
{
    return ds_str(ds, ds->entities[e].id);
}

static const char *record_id(const dataset *ds, uint32_t r)
{
    return ds_str(ds, ds->records[r].id);
}

/* "id id id" of a list of records or entities, for comparisons and messages. */
static const char *ids(const dataset *ds, const uint32_t *list, uint32_t n, bool records)
{
    static char text[2][8192];
    static int which;
    char *t = text[which ^= 1];
    size_t used = 0;
    t[0] = 0;
    for (uint32_t i = 0; i < n && used + 80 < sizeof text[0]; i++)
        used += (size_t)snprintf(t + used, sizeof text[0] - used, "%s%s", i ? " " : "",
                                 records ? record_id(ds, list[i]) : entity_id(ds, list[i]));
    return t;
}

static void assert_ids(const char *got, const char *want, const char *what)
{
    if (strcmp(got, want) != 0)
        fail_msg("%s:\n  got      %s\n  expected %s", what, got, want);
}

static bool in_list(const uint32_t *list, uint32_t n, uint32_t x)
{
    for (uint32_t i = 0; i < n; i++)
        if (list[i] == x)
            return true;
    return false;
}

/* Whether x is e or lies, through parents, inside e. */
static bool inside(const dataset *ds, uint32_t x, uint32_t e)
{
    for (uint32_t steps = 0; x != NONE && steps <= ds->nentities; x = ds->entities[x].parent, steps++)
        if (x == e)
            return true;
    return false;
}

static void assert_qsum(qsum s, int64_t value, enum qualifier q, uint32_t parts, const char *what)
{
    if (s.value != value || s.qualifier != q || s.parts != parts)
        fail_msg("%s: got %lld %s in %u parts, expected %lld %s in %u parts", what, (long long)s.value,
                 qualifier_name(s.qualifier), s.parts, (long long)value, qualifier_name(q), parts);
}

static qsum money_of(const dataset *ds, const char *const *rec_ids, uint32_t n)
{
    uint32_t recs[16];
    for (uint32_t i = 0; i < n; i++)
        recs[i] = rec(ds, rec_ids[i]);
    return link_money(ds, recs, n);
}

#define MONEY(ds, ...)                                                                                     \
    money_of(ds, (const char *const[]){__VA_ARGS__},                                                       \
             (uint32_t)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

/* ------------------------------------------------------------------------ */
/* Records and the entities they name. */

static void record_entities_should_list_each_named_entity_once_in_column_order(void **state)
{
    (void)state;
    uint32_t *list = NULL;
    uint32_t n = link_record_entities(shipped, rec(shipped, "r_org_zj_chamber"), &list);
    kept(list);
    assert_ids(ids(shipped, list, n, false), "zj_shehui zj_zhejiang yiheng xinke wanxing anpu lingbei potou_town",
               "r_org_zj_chamber: who, then where");
    release(list);

    /* who, then where, then the programmes */
    n = link_record_entities(shipped, rec(shipped, "r_intro_lxgw"), &list);
    kept(list);
    assert_ids(ids(shipped, list, n, false), "zj_lxgw zhanjiang plan126 bqw", "r_intro_lxgw: who, where, programme");
    release(list);

    /* every record of the report names something (its 6·30 day names the fund
     * it gave to): a record naming nothing is the fixture's */
    n = link_record_entities(shipped, rec(shipped, "r_ast_630"), &list);
    kept(list);
    assert_ids(ids(shipped, list, n, false), "zx_fund", "r_ast_630: its programme only");
    release(list);

    n = link_record_entities(money, rec(money, "a7"), &list);
    kept(list);
    assert_int_equal(n, 0);
    release(list);

    /* Elm Co-op is named in both of p7's columns: listed once */
    n = link_record_entities(places, rec(places, "p7"), &list);
    kept(list);
    assert_ids(ids(places, list, n, false), "elm_coop oak", "p7");
    release(list);
}

static void check_both_ways(const dataset *ds)
{
    for (uint32_t r = 0; r < ds->nrecords; r++) {
        uint32_t *list = NULL;
        uint32_t n = link_record_entities(ds, r, &list);
        kept(list);
        for (uint32_t i = 0; i < n; i++) {
            if (in_list(list, i, list[i]))
                fail_msg("%s lists %s twice", record_id(ds, r), entity_id(ds, list[i]));
            if (!record_names_entity(ds, r, list[i]))
                fail_msg("%s lists %s, which it does not name", record_id(ds, r), entity_id(ds, list[i]));
        }
        for (uint32_t e = 0; e < ds->nentities; e++) {
            uint32_t k;
            const uint32_t *by = link_named_by(ds, e, &k);
            bool listed = in_list(list, n, e), named = record_names_entity(ds, r, e), back = in_list(by, k, r);
            if (named != listed || named != back)
                fail_msg("%s and %s: names %d, listed by the record %d, listed by the entity %d",
                         record_id(ds, r), entity_id(ds, e), named, listed, back);
        }
        release(list);
    }
    for (uint32_t e = 0; e < ds->nentities; e++) {
        uint32_t k;
        const uint32_t *by = link_named_by(ds, e, &k);
        for (uint32_t i = 1; i < k; i++)
            if (by[i - 1] >= by[i])
                fail_msg("records naming %s are not in the report's order, once each", entity_id(ds, e));
    }
}

static void record_entities_and_named_by_should_agree_both_ways(void **state)
{
    (void)state;
    check_both_ways(shipped);
    check_both_ways(places);
    check_both_ways(money);
    uint32_t k;
    const uint32_t *by = link_named_by(shipped, ent(shipped, "zj_zhejiang"), &k);
    assert_ids(ids(shipped, by, k, true), "r_org_zj_chamber r_ind_demo",
               "records naming 湛江市浙江商会");
    by = link_named_by(places, ent(places, "east"), &k);
    assert_int_equal(k, 0); /* East District itself is named by nothing */
}

/* ------------------------------------------------------------------------ */
/* An entity and every record about it. */

static const char *entity_records(const dataset *ds, const char *id)
{
    uint32_t *list = NULL;
    uint32_t n = link_entity_records(ds, ent(ds, id), &list);
    kept(list);
    const char *s = ids(ds, list, n, true);
    release(list);
    return s;
}

static void entity_records_should_include_places_and_organisations_inside(void **state)
{
    (void)state;
    assert_ids(entity_records(places, "east"), "p1 p2 p4 p7 e1",
               "East District: Elm Co-op in Elm Village in Oak Town, Pine Village, East Chamber");
    assert_ids(entity_records(places, "metro"), "p1 p2 p3 p4 p5 p7 p8 e1 e2", "Metro City");
    assert_ids(entity_records(places, "elm"), "p1 p7 e1", "Elm Village and Elm Co-op");
    assert_ids(entity_records(places, "oak"), "p1 p7 e1", "Oak Town");
    assert_ids(entity_records(places, "rover"), "p4 p6 e3", "an organisation without a place");
    assert_ids(entity_records(places, "far"), "p6", "a place outside the tree");
    assert_ids(entity_records(places, "west"), "p3 e2", "West District");
}

static void entity_records_of_wenzhang_should_come_from_industry_and_governance(void **state)
{
    (void)state;
    uint32_t *list = NULL;
    uint32_t n = link_entity_records(shipped, ent(shipped, "wenzhang"), &list);
    kept(list);
    assert_ids(ids(shipped, list, n, true), "r_ind_zhibeibei r_gov_yuehai", "文章村");
    bool industry = false, governance = false;
    for (uint32_t i = 0; i < n; i++) {
        const char *t = ds_str(shipped, shipped->themes[shipped->records[list[i]].theme].id);
        industry |= !strcmp(t, "industry");
        governance |= !strcmp(t, "governance");
    }
    assert_true(industry);
    assert_true(governance);
    release(list);

    /* 赤坎区: itself, its villages, and 智贝贝 located in it */
    assert_ids(entity_records(shipped, "chikan"), "r_ind_feidi r_ind_zhibeibei r_gov_yuehai", "赤坎区");
    /* 湛江经开区 is never named itself: only its organisation is */
    assert_ids(entity_records(shipped, "jingkai"), "r_ind_yihao", "湛江经开区");
}

static void check_entity_records(const dataset *ds)
{
    for (uint32_t e = 0; e < ds->nentities; e++) {
        uint32_t *list = NULL;
        uint32_t n = link_entity_records(ds, e, &list);
        kept(list);
        uint32_t want = 0;
        for (uint32_t r = 0; r < ds->nrecords; r++) {
            bool about = false;
            for (uint32_t x = 0; x < ds->nentities && !about; x++)
                about = record_names_entity(ds, r, x) && inside(ds, x, e);
            if (!about)
                continue;
            if (want >= n || list[want] != r)
                fail_msg("%s: record %s missing or out of order in [%s]", entity_id(ds, e), record_id(ds, r),
                         ids(ds, list, n, true));
            want++;
        }
        if (want != n)
            fail_msg("%s: %u records listed, %u are about it: [%s]", entity_id(ds, e), n, want,
                     ids(ds, list, n, true));
        release(list);
    }
}

static void entity_records_should_agree_with_brute_force(void **state)
{
    (void)state;
    check_entity_records(shipped);
    check_entity_records(places);
    check_entity_records(money);
    /* the city is about nearly everything: all but the records naming only
     * places and organisations the report does not locate in it */
    uint32_t *list = NULL;
    uint32_t n = link_entity_records(shipped, ent(shipped, "zhanjiang"), &list);
    kept(list);
    assert_true(in_list(list, n, rec(shipped, "r_ind_yihao")));
    assert_true(in_list(list, n, rec(shipped, "r_gov_lawyers"))); /* 律师行业党委, located in 湛江市 */
    assert_true(in_list(list, n, rec(shipped, "r_ast_630"))); /* 乡村振兴基金, located in 湛江市 */
    /* names only 曲界镇, which the report does not locate */
    assert_false(in_list(list, n, rec(shipped, "r_ast_qujie")));
    release(list);
}

/* ------------------------------------------------------------------------ */
/* Paths and children. */

static const char *path_text(const dataset *ds, const char *id)
{
    static char text[1024];
    uint32_t path[16];
    uint32_t n = link_path(ds, ent(ds, id), path, 16);
    assert_true(n <= 16);
    size_t used = 0;
    text[0] = 0;
    for (uint32_t i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%s", i ? " › " : "",
                                 ds_str(ds, ds->entities[path[i]].name));
    return text;
}

static void path_should_run_from_the_city_down_to_the_entity(void **state)
{
    (void)state;
    assert_string_equal(path_text(shipped, "wenzhang"), "湛江市 › 赤坎区 › 文章村");
    assert_string_equal(path_text(shipped, "wenzhang_branch"), "湛江市 › 赤坎区 › 文章村 › 赤坎区文章村党支部");
    assert_string_equal(path_text(shipped, "linwu"), "湛江市 › 吴川市 › 黄坡镇 › 林屋村");
    assert_string_equal(path_text(shipped, "naliu"), "湛江市 › 麻章区 › 那柳村"); /* no town named */
    assert_string_equal(path_text(shipped, "nanji"), "南极村");   /* not located (was in 徐闻县) */
    assert_string_equal(path_text(shipped, "zhanjiang"), "湛江市");
    assert_string_equal(path_text(shipped, "zurong"), "足荣村");   /* not located */
    assert_string_equal(path_text(shipped, "yuekai"), "广东粤凯机械有限公司党支部");
    assert_string_equal(path_text(places, "elm_coop"), "Metro City › East District › Oak Town › Elm Village › Elm Co-op");
}

static void path_should_count_all_but_fill_at_most_max(void **state)
{
    (void)state;
    uint32_t out[4] = {111, 222, 333, 444};
    assert_int_equal(link_path(shipped, ent(shipped, "wenzhang"), out, 1), 3);
    assert_int_equal(out[0], ent(shipped, "zhanjiang"));
    assert_int_equal(out[1], 222);
    out[0] = 111;
    assert_int_equal(link_path(shipped, ent(shipped, "wenzhang"), out, 0), 3);
    assert_int_equal(out[0], 111);
    assert_int_equal(out[1], 222);
}

static const char *children(const dataset *ds, const char *id)
{
    uint32_t n;
    const uint32_t *c = link_children(ds, ent(ds, id), &n);
    return ids(ds, c, n, false);
}

static void children_should_be_places_then_organisations_in_file_order(void **state)
{
    (void)state;
    assert_ids(children(shipped, "chikan"), "wenzhang zhibeibei", "赤坎区");
    assert_ids(children(shipped, "zhanjiang"),
               "wuchuan lianjiang leizhou suixi xuwen chikan mazhang potou xiashan jingkai "
               "zj_lxgw zj_feigong zj_shehui zj_lvshi zj_gesi zj_zhejiang tongzhan nongye cishan "
               "plan126 lx_plan zx_fund",
               "湛江市");
    assert_ids(children(shipped, "wenzhang"), "wenzhang_branch", "文章村");
    assert_ids(children(shipped, "zurong"), "", "足荣村");
    assert_ids(children(shipped, "yuekai"), "", "an organisation");
    assert_ids(children(places, "east"), "oak pine east_chamber", "East District");
    assert_ids(children(places, "metro"), "east west metro_office", "Metro City");

    /* all of them: what names it as parent, places first, then organisations */
    const dataset *sets[] = {shipped, places};
    for (size_t s = 0; s < 2; s++) {
        const dataset *ds = sets[s];
        for (uint32_t e = 0; e < ds->nentities; e++) {
            uint32_t n, want = 0;
            const uint32_t *c = link_children(ds, e, &n);
            for (int type = ENTITY_PLACE; type <= ENTITY_ORG; type++)
                for (uint32_t x = 0; x < ds->nentities; x++) {
                    if (ds->entities[x].parent != e || ds->entities[x].type != type)
                        continue;
                    if (want >= n || c[want] != x)
                        fail_msg("children of %s: [%s], %s missing or misplaced", entity_id(ds, e),
                                 ids(ds, c, n, false), entity_id(ds, x));
                    want++;
                }
            if (want != n)
                fail_msg("children of %s: [%s], %u expected", entity_id(ds, e), ids(ds, c, n, false), want);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Money. */

static void money_should_count_each_distinct_figure_once(void **state)
{
    (void)state;
    /* the same figure named by two records, and a record named twice */
    assert_qsum(MONEY(money, "a2", "a3"), 250000 + 5000000, QUAL_EXACT, 2, "a2 and a3 share 500万");
    assert_qsum(MONEY(money, "a3", "a3", "a2"), 250000 + 5000000, QUAL_EXACT, 2, "a3 twice");
    assert_qsum(MONEY(money, "a1", "a2"), 1000000 + 250000 + 5000000, QUAL_EXACT, 3, "a1, a2: two columns");
    /* two figures with the same value are two figures */
    assert_qsum(MONEY(money, "a5", "a8"), 80000000, QUAL_OVER, 2, "超4000万 twice, different figures");
    assert_qsum(MONEY(money, "a7"), 0, QUAL_EXACT, 0, "a record without money");
    qsum none = link_money(money, NULL, 0);
    assert_qsum(none, 0, QUAL_EXACT, 0, "no records");
    /* the shared figure across themes */
    assert_qsum(MONEY(money, "a1", "b3"), 1000000, QUAL_EXACT, 1, "g_exact1 from two themes");
    /* places: Elm school and the Metro office plan share 200万 */
    uint32_t *list = NULL;
    uint32_t n = link_entity_records(places, ent(places, "metro"), &list);
    kept(list);
    assert_qsum(link_money(places, list, n), 32000000, QUAL_ABOUT, 2, "everything in Metro City");
    release(list);
}

static void money_should_stay_honest_about_qualifiers(void **state)
{
    (void)state;
    assert_qsum(MONEY(money, "a1", "a4"), 1100000, QUAL_AT_LEAST, 2, "exact + 以上");
    assert_qsum(MONEY(money, "a4", "a5"), 40100000, QUAL_OVER, 2, "以上 + 超");
    assert_qsum(MONEY(money, "a1", "a5"), 41000000, QUAL_OVER, 2, "exact + 超");
    assert_qsum(MONEY(money, "a5", "a6"), 170000000, QUAL_ABOUT, 2, "超 + 约");
    assert_qsum(MONEY(money, "a4", "a6"), 130100000, QUAL_ABOUT, 2, "以上 + 约");
    assert_qsum(MONEY(money, "a6", "a1"), 131000000, QUAL_ABOUT, 2, "约 + exact");
    assert_qsum(MONEY(money, "b1", "b2"), 5000, QUAL_AT_LEAST, 2, "small theme");
}

static void money_of_the_shipped_themes_should_be_the_report_figures(void **state)
{
    (void)state;
    /* 约1.3亿元 + 超4000万元 + 超4000万元 (the school) + 超3900万元 */
    assert_qsum(link_theme_money(shipped, (uint32_t)dataset_find_theme(shipped, "organization")), 249000000,
                QUAL_ABOUT, 4, "组织凝心");
    assert_qsum(link_theme_money(shipped, (uint32_t)dataset_find_theme(shipped, "industry")), 15000000,
                QUAL_EXACT, 1, "联建强心");
    assert_qsum(link_theme_money(shipped, (uint32_t)dataset_find_theme(shipped, "governance")), 0, QUAL_EXACT, 0,
                "治理同心");
    assert_qsum(link_theme_money(shipped, (uint32_t)dataset_find_theme(shipped, "assistance")), 42700000,
                QUAL_EXACT, 2, "帮扶暖心");
    assert_qsum(MONEY(shipped, "r_org_mechanism", "r_org_mechanism"), 170000000, QUAL_ABOUT, 2,
                "one record named twice");
    assert_qsum(link_theme_money(money, 0), 216350000, QUAL_ABOUT, 7, "the grants theme");
    assert_qsum(link_theme_money(money, 1), 1005000, QUAL_AT_LEAST, 3, "the small theme");
}

static void theme_money_should_equal_money_over_the_themes_records(void **state)
{
    (void)state;
    const dataset *sets[] = {shipped, places, money};
    for (size_t s = 0; s < 3; s++) {
        const dataset *ds = sets[s];
        for (uint32_t th = 0; th < ds->nthemes; th++) {
            uint32_t recs[64], n = 0;
            for (uint32_t r = 0; r < ds->nrecords; r++)
                if (ds->records[r].theme == th && n < 64)
                    recs[n++] = r;
            qsum a = link_theme_money(ds, th), b = link_money(ds, recs, n);
            if (a.value != b.value || a.qualifier != b.qualifier || a.parts != b.parts)
                fail_msg("theme %s: %lld %s/%u against %lld %s/%u", ds_str(ds, ds->themes[th].id),
                         (long long)a.value, qualifier_name(a.qualifier), a.parts, (long long)b.value,
                         qualifier_name(b.qualifier), b.parts);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Names on the command line. */

static const char *found(const dataset *ds, const char *name, uint32_t *count)
{
    static char text[4096];
    link_target t[64];
    uint32_t n = link_find(ds, name, t, 64);
    *count = n;
    size_t used = 0;
    text[0] = 0;
    for (uint32_t i = 0; i < n && i < 64; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%s:%s", i ? " " : "",
                                 t[i].kind == LINK_ENTITY ? "entity" : "record",
                                 t[i].kind == LINK_ENTITY ? entity_id(ds, t[i].index) : record_id(ds, t[i].index));
    return text;
}

static void find_should_take_an_id_then_an_exact_name_then_a_substring(void **state)
{
    (void)state;
    uint32_t n;
    assert_string_equal(found(shipped, "wenzhang", &n), "entity:wenzhang");
    assert_int_equal(n, 1);
    assert_string_equal(found(shipped, "r_org_plan", &n), "record:r_org_plan");
    assert_int_equal(n, 1);
    /* 文章村 is also inside 赤坎区文章村党支部: the exact name wins */
    assert_string_equal(found(shipped, "文章村", &n), "entity:wenzhang");
    assert_int_equal(n, 1);
    assert_string_equal(found(shipped, "湛江市", &n), "entity:zhanjiang");
    assert_int_equal(n, 1);
    assert_string_equal(found(shipped, "党建联建联农带农机制", &n), "record:r_org_mechanism");
    assert_int_equal(n, 1);
    /* a unique substring */
    assert_string_equal(found(shipped, "石滩村茶园", &n), "record:r_ind_demo");
    assert_int_equal(n, 1);
    assert_string_equal(found(shipped, "贝贝科技园", &n), "entity:zhibeibei_park");
    assert_int_equal(n, 1);
    assert_string_equal(found(shipped, "马拉松", &n), "record:r_ast_marathon");
    assert_int_equal(n, 1);
    /* several: entities before records */
    assert_string_equal(found(shipped, "浙江商会", &n), "entity:zj_zhejiang record:r_org_zj_chamber record:r_ind_demo");
    assert_int_equal(n, 3);
    assert_string_equal(found(places, "Elm", &n), "entity:elm entity:elm_coop record:p1 record:p7 record:e1");
    assert_int_equal(n, 5);
    /* an id before a name */
    assert_string_equal(found(places, "far", &n), "entity:far");
    assert_string_equal(found(places, "Faraway", &n), "entity:far");
    /* nothing */
    assert_string_equal(found(shipped, "不存在的名字", &n), "");
    assert_int_equal(n, 0);
    assert_int_equal(link_find(shipped, "", (link_target[1]){{0, 0}}, 1), 0);
}

static void find_should_count_every_match_of_an_ambiguous_name(void **state)
{
    (void)state;
    const char *name = "党委";
    uint32_t want = 0;
    for (uint32_t e = 0; e < shipped->nentities; e++)
        want += strstr(ds_str(shipped, shipped->entities[e].name), name) != NULL;
    for (uint32_t r = 0; r < shipped->nrecords; r++)
        want += strstr(ds_str(shipped, shipped->records[r].name), name) != NULL;
    assert_true(want > 1);
    uint32_t n;
    found(shipped, name, &n);
    assert_int_equal(n, want);
    /* room for two: two filled, all counted, nothing written past them */
    link_target t[4];
    memset(t, 0xAB, sizeof t);
    assert_int_equal(link_find(shipped, name, t, 2), want);
    assert_int_equal(t[0].kind, LINK_ENTITY);
    assert_int_equal(t[1].kind, LINK_ENTITY);
    assert_true(strstr(ds_str(shipped, shipped->entities[t[0].index].name), name) != NULL);
    unsigned char *rest = (unsigned char *)&t[2];
    for (size_t i = 0; i < 2 * sizeof *t; i++)
        assert_int_equal(rest[i], 0xAB);
}

/* ------------------------------------------------------------------------ */

static int group_setup(void **state)
{
    (void)state;
    shipped = load_dataset(DATA_FILE);
    places = load_dataset(PLACES_FILE);
    money = load_dataset(MONEY_FILE);
    return shipped && places && money ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    dataset_free(shipped);
    dataset_free(places);
    dataset_free(money);
    return 0;
}

#define T(f) cmocka_unit_test_teardown(f, free_lists)

int main(void)
{
    static const struct CMUnitTest tests[] = {
        T(record_entities_should_list_each_named_entity_once_in_column_order),
        T(record_entities_and_named_by_should_agree_both_ways),
        T(entity_records_should_include_places_and_organisations_inside),
        T(entity_records_of_wenzhang_should_come_from_industry_and_governance),
        T(entity_records_should_agree_with_brute_force),
        T(path_should_run_from_the_city_down_to_the_entity),
        T(path_should_count_all_but_fill_at_most_max),
        T(children_should_be_places_then_organisations_in_file_order),
        T(money_should_count_each_distinct_figure_once),
        T(money_should_stay_honest_about_qualifiers),
        T(money_of_the_shipped_themes_should_be_the_report_figures),
        T(theme_money_should_equal_money_over_the_themes_records),
        T(find_should_take_an_id_then_an_exact_name_then_a_substring),
        T(find_should_count_every_match_of_an_ambiguous_name),
    };
    return cmocka_run_group_tests_name("test_link", tests, group_setup, group_teardown);
}

/* model/value: the numbers, dates and qualifiers a reader of the report sees
 * (1.3亿元, 4000万元, 4,170人, 约/超/以上), and sums that never claim to be more
 * precise than their parts. */
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
#include "value.h"

#include "../support/model_extra.h"

static buf out;

static int setup_buf(void **state)
{
    (void)state;
    buf_init(&out);
    return 0;
}

static int free_buf(void **state)
{
    (void)state;
    buf_free(&out);
    return 0;
}

static const char *number(int64_t v)
{
    buf_clear(&out);
    value_format_number(&out, v);
    return out.data ? out.data : "";
}

static const char *shown(int64_t v, enum unit u, enum qualifier q, const char *measure,
                         enum value_style style)
{
    buf_clear(&out);
    value_format(&out, v, u, q, measure, style);
    return out.data ? out.data : "";
}

static const char *date_text(int64_t packed)
{
    buf_clear(&out);
    value_format_date(&out, packed);
    return out.data ? out.data : "";
}

/* ------------------------------------------------------------------------ */
/* Numbers. */

struct number_case {
    int64_t v;
    const char *want;
};

static void check_numbers(const struct number_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *got = number(cases[i].v);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%lld: got \"%s\", expected \"%s\"", (long long)cases[i].v, got, cases[i].want);
    }
}

static void format_number_should_use_yi_for_hundreds_of_millions(void **state)
{
    (void)state;
    static const struct number_case cases[] = {
        {130000000, "1.3亿"},
        {120000000, "1.2亿"},
        {100000000, "1亿"},
        {123450000, "1.2345亿"},
        {100010000, "1.0001亿"},
        {1500000000, "15亿"},
    };
    check_numbers(cases, sizeof cases / sizeof *cases);
}

static void format_number_should_use_wan_for_tens_of_thousands(void **state)
{
    (void)state;
    static const struct number_case cases[] = {
        {40000000, "4000万"},
        {33650000, "3365万"},
        {15000000, "1500万"},
        {9050000, "905万"},
        {100000, "10万"},
        {16000, "1.6万"},
        {10000, "1万"},
        {10500, "1.05万"},
        {12345000, "1234.5万"},
    };
    check_numbers(cases, sizeof cases / sizeof *cases);
}

static void format_number_should_group_thousands_when_wan_would_round(void **state)
{
    (void)state;
    static const struct number_case cases[] = {
        {0, "0"},
        {7, "7"},
        {999, "999"},
        {1000, "1,000"},
        {1260, "1,260"},
        {2560, "2,560"},
        {4170, "4,170"},
        {9999, "9,999"},
        {12345, "12,345"},       /* 1.2345万 would need 4 decimals */
        {10050, "10,050"},
        {123456789, "123,456,789"}, /* never rounded to 1.23亿 */
        {100000001, "100,000,001"},
        {INT64_C(9007199254740991), "9,007,199,254,740,991"},
    };
    check_numbers(cases, sizeof cases / sizeof *cases);
}

/* The shown number, read back, is exactly the value: nothing is rounded. */
static int64_t read_back(const char *s)
{
    int64_t whole = 0, frac = 0, frac_scale = 1;
    bool in_frac = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (in_frac) {
                frac = frac * 10 + (*s - '0');
                frac_scale *= 10;
            } else {
                whole = whole * 10 + (*s - '0');
            }
        } else if (*s == '.') {
            in_frac = true;
        } else if (*s == ',') {
            continue;
        } else {
            break;
        }
    }
    int64_t scale = !strcmp(s, "亿") ? 100000000 : !strcmp(s, "万") ? 10000 : !*s ? 1 : -1;
    if (scale < 0)
        return -1;
    return whole * scale + frac * (scale / frac_scale);
}

static void format_number_should_never_round(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252u;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        /* values with many trailing zeros, where 万 and 亿 apply, and others */
        static const int64_t steps[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
        int64_t v = (int64_t)(x % 20000000000u) / steps[i % 8] * steps[i % 8];
        const char *s = number(v);
        if (read_back(s) != v)
            fail_msg("%lld is shown as \"%s\"", (long long)v, s);
        /* at most 4 decimals on 亿, 2 on 万, none otherwise */
        const char *dot = strchr(s, '.');
        if (dot) {
            size_t decimals = strspn(dot + 1, "0123456789");
            const char *suffix = dot + 1 + decimals;
            if (!strcmp(suffix, "亿") ? decimals > 4 : !strcmp(suffix, "万") ? decimals > 2 : true)
                fail_msg("%lld is shown as \"%s\"", (long long)v, s);
            if (dot[decimals] == '0')
                fail_msg("%lld is shown with a trailing zero: \"%s\"", (long long)v, s);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Values with their qualifier and measure. */

struct shown_case {
    int64_t v;
    enum unit u;
    enum qualifier q;
    const char *measure;
    const char *words, *signs;
};

static void format_should_write_qualifiers_as_the_report_does(void **state)
{
    (void)state;
    static const struct shown_case cases[] = {
        {130000000, UNIT_YUAN, QUAL_ABOUT, NULL, "约1.3亿元", "≈1.3亿元"},
        {40000000, UNIT_YUAN, QUAL_OVER, NULL, "超4000万元", "4000万元+"},
        {100000, UNIT_YUAN, QUAL_AT_LEAST, NULL, "10万元以上", "≥10万元"},
        {15000000, UNIT_YUAN, QUAL_EXACT, NULL, "1500万元", "1500万元"},
        {4170, UNIT_PERSON, QUAL_EXACT, NULL, "4,170人", "4,170人"},
        {4170, UNIT_PERSON, QUAL_OVER, "名", "超4,170名", "4,170名+"},
        {16000, UNIT_PERSON_TIME, QUAL_OVER, NULL, "超1.6万人次", "1.6万人次+"},
        {150, UNIT_ITEM, QUAL_EXACT, NULL, "150个", "150个"},
        {7, UNIT_ITEM, QUAL_EXACT, "家", "7家", "7家"},
        {1260, UNIT_ITEM, QUAL_OVER, "件", "超1,260件", "1,260件+"},
        {250, UNIT_ITEM, QUAL_AT_LEAST, "家", "250家以上", "≥250家"},
        {60, UNIT_PERSON, QUAL_ABOUT, "个", "约60个", "≈60个"},
        {3, UNIT_ITEM, QUAL_EXACT, "", "3个", "3个"}, /* an empty measure is the unit's own */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct shown_case *c = &cases[i];
        const char *w = shown(c->v, c->u, c->q, c->measure, VALUE_WORDS);
        if (strcmp(w, c->words) != 0)
            fail_msg("case %zu, words: got \"%s\", expected \"%s\"", i, w, c->words);
        const char *s = shown(c->v, c->u, c->q, c->measure, VALUE_SIGNS);
        if (strcmp(s, c->signs) != 0)
            fail_msg("case %zu, signs: got \"%s\", expected \"%s\"", i, s, c->signs);
    }
}

static void format_should_show_dates_as_dates(void **state)
{
    (void)state;
    assert_string_equal(shown(20230900, UNIT_DATE, QUAL_EXACT, NULL, VALUE_WORDS), "2023-09");
    assert_string_equal(shown(20240114, UNIT_DATE, QUAL_EXACT, NULL, VALUE_SIGNS), "2024-01-14");
    assert_string_equal(shown(20230000, UNIT_DATE, QUAL_EXACT, NULL, VALUE_WORDS), "2023");
}

/* ------------------------------------------------------------------------ */
/* Dates. */

static void parse_date_should_accept_year_month_and_day(void **state)
{
    (void)state;
    int64_t d = -1;
    assert_true(value_parse_date("2023", &d));
    assert_int_equal(d, 20230000);
    assert_string_equal(date_text(d), "2023");
    assert_true(value_parse_date("2023-09", &d));
    assert_int_equal(d, 20230900);
    assert_string_equal(date_text(d), "2023-09");
    assert_true(value_parse_date("2024-01-14", &d));
    assert_int_equal(d, 20240114);
    assert_string_equal(date_text(d), "2024-01-14");
    assert_true(value_parse_date("2024-02-29", &d)); /* a leap year */
    assert_string_equal(date_text(d), "2024-02-29");
    assert_true(value_parse_date("2000-02-29", &d)); /* divisible by 400 */
    assert_true(value_parse_date("2023-12-31", &d));
    assert_string_equal(date_text(d), "2023-12-31");
}

static void parse_date_should_reject_what_is_not_a_date(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2023-13", "2023-00", "2023-02-29", "2024-02-30", "2023-04-31", "1900-02-29", "2023-01-00",
        "2023-01-32", "23-01", "2023-1", "2023-01-1", "2023-", "2023-01-", "20231", "2023/01", "",
        "abcd", "2023-09-01T10:00", " 2023", "2023 ", "0000", "２０２３",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t d = 12345;
        if (value_parse_date(bad[i], &d))
            fail_msg("\"%s\" was accepted as %lld", bad[i], (long long)d);
    }
}

static void dates_should_order_year_before_month_before_day(void **state)
{
    (void)state;
    static const char *const ordered[] = {"2022-12-31", "2023", "2023-01", "2023-01-01", "2023-01-31",
                                          "2023-09", "2023-09-01", "2023-12-31", "2024", "2024-01-14"};
    int64_t prev = -1;
    for (size_t i = 0; i < sizeof ordered / sizeof *ordered; i++) {
        int64_t d;
        assert_true(value_parse_date(ordered[i], &d));
        if (d <= prev)
            fail_msg("\"%s\" does not sort after \"%s\"", ordered[i], ordered[i - 1]);
        prev = d;
    }
}

static void check_datetime_should_accept_the_published_forms(void **state)
{
    (void)state;
    static const char *const good[] = {
        "2024-02-01", "2024-02-01T10:57", "2024-02-01T10:57:58", "2024-02-01T10:57:58Z",
        "2024-02-01T10:57Z", "2024-02-01T10:57:58+08:00", "2024-02-01T00:00-05:30",
        "2024-02-29T23:59:59",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!value_check_datetime(good[i]))
            fail_msg("\"%s\" was refused", good[i]);
    static const char *const bad[] = {
        "2024-02", "2024", "2024-02-30", "2023-02-29T10:00", "2024-02-01T", "2024-02-01T24:00",
        "2024-02-01T10:60", "2024-02-01T10:57:61", "2024-02-01T10:5", "2024-02-01T10:57:5",
        "2024-02-01 10:57", "2024-02-01T10:57+0800", "2024-02-01T10:57+08:00x", "2024-02-01T10:57Zx",
        "2024-02-01T10:57+24:00", "2024-02-01x", "", "2024-2-1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (value_check_datetime(bad[i]))
            fail_msg("\"%s\" was accepted", bad[i]);
}

/* ------------------------------------------------------------------------ */
/* Units and qualifiers. */

static void units_and_qualifiers_should_parse_their_names(void **state)
{
    (void)state;
    static const char *const units[] = {"yuan", "person", "person_time", "item", "date"};
    for (int i = 0; i < UNIT_COUNT; i++) {
        enum unit u = UNIT_COUNT;
        assert_true(unit_parse(units[i], &u));
        assert_int_equal(u, i);
        assert_string_equal(unit_name(u), units[i]);
    }
    static const char *const quals[] = {"exact", "at_least", "over", "about"};
    for (int i = 0; i < QUALIFIER_COUNT; i++) {
        enum qualifier q = QUALIFIER_COUNT;
        assert_true(qualifier_parse(quals[i], &q));
        assert_int_equal(q, i);
        assert_string_equal(qualifier_name(q), quals[i]);
    }
    enum unit u = UNIT_ITEM;
    enum qualifier q = QUAL_ABOUT;
    static const char *const bad[] = {"", "Yuan", "yuan ", "persons", "元", "items"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (unit_parse(bad[i], &u))
            fail_msg("unit \"%s\" was accepted", bad[i]);
    static const char *const badq[] = {"", "Exact", "atleast", "at-least", "约", "approximately"};
    for (size_t i = 0; i < sizeof badq / sizeof *badq; i++)
        if (qualifier_parse(badq[i], &q))
            fail_msg("qualifier \"%s\" was accepted", badq[i]);
    assert_int_equal(u, UNIT_ITEM);
    assert_int_equal(q, QUAL_ABOUT);
}

static void units_should_have_their_default_measures(void **state)
{
    (void)state;
    assert_string_equal(unit_default_measure(UNIT_YUAN), "元");
    assert_string_equal(unit_default_measure(UNIT_PERSON), "人");
    assert_string_equal(unit_default_measure(UNIT_PERSON_TIME), "人次");
    assert_string_equal(unit_default_measure(UNIT_ITEM), "个");
}

/* ------------------------------------------------------------------------ */
/* Sums. */

static qsum sum_of(const int64_t *v, const enum qualifier *q, int n)
{
    qsum s = {0, QUAL_EXACT, 0};
    for (int i = 0; i < n; i++)
        qsum_add(&s, v[i], q[i]);
    return s;
}

static void qsum_should_stay_exact_over_exact_parts(void **state)
{
    (void)state;
    qsum s = sum_of((int64_t[]){15000000, 33650000, 9050000},
                    (enum qualifier[]){QUAL_EXACT, QUAL_EXACT, QUAL_EXACT}, 3);
    assert_int_equal(s.value, 57700000);
    assert_int_equal(s.qualifier, QUAL_EXACT);
    assert_int_equal(s.parts, 3);
    qsum empty = sum_of(NULL, NULL, 0);
    assert_int_equal(empty.value, 0);
    assert_int_equal(empty.qualifier, QUAL_EXACT);
    assert_int_equal(empty.parts, 0);
}

static void qsum_should_take_the_least_precise_qualifier(void **state)
{
    (void)state;
    struct {
        enum qualifier a, b, want;
    } cases[] = {
        {QUAL_EXACT, QUAL_OVER, QUAL_OVER},
        {QUAL_OVER, QUAL_EXACT, QUAL_OVER},
        {QUAL_EXACT, QUAL_AT_LEAST, QUAL_AT_LEAST},
        {QUAL_AT_LEAST, QUAL_EXACT, QUAL_AT_LEAST},
        {QUAL_OVER, QUAL_AT_LEAST, QUAL_OVER},
        {QUAL_AT_LEAST, QUAL_OVER, QUAL_OVER},
        {QUAL_EXACT, QUAL_ABOUT, QUAL_ABOUT},
        {QUAL_ABOUT, QUAL_EXACT, QUAL_ABOUT},
        {QUAL_AT_LEAST, QUAL_ABOUT, QUAL_ABOUT},
        {QUAL_ABOUT, QUAL_OVER, QUAL_ABOUT},
        {QUAL_OVER, QUAL_ABOUT, QUAL_ABOUT},
        {QUAL_AT_LEAST, QUAL_AT_LEAST, QUAL_AT_LEAST},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        qsum s = sum_of((int64_t[]){130000000, 40000000}, (enum qualifier[]){cases[i].a, cases[i].b}, 2);
        if (s.qualifier != cases[i].want)
            fail_msg("%s + %s gives %s, expected %s", qualifier_name(cases[i].a),
                     qualifier_name(cases[i].b), qualifier_name(s.qualifier), qualifier_name(cases[i].want));
        assert_int_equal(s.value, 170000000);
        assert_int_equal(s.parts, 2);
    }
    /* about stays about whatever follows */
    qsum s = sum_of((int64_t[]){1, 2, 3, 4},
                    (enum qualifier[]){QUAL_ABOUT, QUAL_EXACT, QUAL_AT_LEAST, QUAL_OVER}, 4);
    assert_int_equal(s.qualifier, QUAL_ABOUT);
    assert_int_equal(s.value, 10);
}

static void qsum_should_saturate_and_stop_being_exact_on_overflow(void **state)
{
    (void)state;
    qsum s = {0, QUAL_EXACT, 0};
    qsum_add(&s, INT64_MAX - 10, QUAL_EXACT);
    assert_int_equal(s.value, INT64_MAX - 10);
    assert_int_equal(s.qualifier, QUAL_EXACT);
    qsum_add(&s, 11, QUAL_EXACT);
    assert_true(s.value == INT64_MAX);
    assert_true(s.qualifier != QUAL_EXACT);
    qsum_add(&s, INT64_MAX, QUAL_EXACT);
    assert_true(s.value == INT64_MAX);
    assert_true(s.qualifier != QUAL_EXACT);
    assert_int_equal(s.parts, 3);

    /* many of the largest figures a dataset can hold */
    qsum t = {0, QUAL_EXACT, 0};
    for (int i = 0; i < 2000; i++)
        qsum_add(&t, INT64_C(9007199254740991), QUAL_EXACT);
    assert_true(t.value == INT64_MAX);
    assert_true(t.qualifier != QUAL_EXACT);
    assert_int_equal(t.parts, 2000);

    /* an about sum stays about when it overflows */
    qsum u = {0, QUAL_EXACT, 0};
    qsum_add(&u, INT64_MAX, QUAL_ABOUT);
    qsum_add(&u, 1, QUAL_EXACT);
    assert_true(u.value == INT64_MAX);
    assert_int_equal(u.qualifier, QUAL_ABOUT);
}

/* ------------------------------------------------------------------------ */

#define T(f) cmocka_unit_test_setup_teardown(f, setup_buf, free_buf)

int main(void)
{
    static const struct CMUnitTest tests[] = {
        T(format_number_should_use_yi_for_hundreds_of_millions),
        T(format_number_should_use_wan_for_tens_of_thousands),
        T(format_number_should_group_thousands_when_wan_would_round),
        T(format_number_should_never_round),
        T(format_should_write_qualifiers_as_the_report_does),
        T(format_should_show_dates_as_dates),
        T(parse_date_should_accept_year_month_and_day),
        T(parse_date_should_reject_what_is_not_a_date),
        T(dates_should_order_year_before_month_before_day),
        T(check_datetime_should_accept_the_published_forms),
        T(units_and_qualifiers_should_parse_their_names),
        T(units_should_have_their_default_measures),
        T(qsum_should_stay_exact_over_exact_parts),
        T(qsum_should_take_the_least_precise_qualifier),
        T(qsum_should_saturate_and_stop_being_exact_on_overflow),
    };
    return cmocka_run_group_tests_name("test_value", tests, NULL, NULL);
}

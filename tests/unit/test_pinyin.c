/* Pinyin order and pinyin search, as a Chinese reader expects them, on a
 * machine with no zh_CN locale. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "load.h"
#include "pinyin.h"
#include "text.h"
#include "view.h"

#include "../support/rng.h"

static int by_pinyin(const void *a, const void *b)
{
    return pinyin_compare(*(const char *const *)a, *(const char *const *)b);
}

/* Sorting the words in any order gives the expected order. */
static void assert_order(const char *const *expected, size_t n)
{
    const char **words = malloc(n * sizeof *words);
    for (int rotation = 0; rotation < (int)n; rotation++) {
        for (size_t i = 0; i < n; i++)
            words[i] = expected[(i + (size_t)rotation * 3) % n];
        qsort(words, n, sizeof *words, by_pinyin);
        for (size_t i = 0; i < n; i++)
            if (strcmp(words[i], expected[i]))
                fail_msg("position %zu: got %s, expected %s", i, words[i], expected[i]);
    }
    /* and the prefix numbers never contradict the comparison */
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++) {
            uint64_t a[2], b[2];
            pinyin_key(expected[i], a);
            pinyin_key(expected[k], b);
            bool key_less = a[0] != b[0] ? a[0] < b[0] : a[1] < b[1];
            if (key_less && pinyin_compare(expected[i], expected[k]) >= 0)
                fail_msg("the key puts %s before %s, the comparison does not", expected[i], expected[k]);
        }
    free(words);
}

static void places_should_sort_in_pinyin_order(void **state)
{
    (void)state;
    static const char *const places[] = {"安铺镇", "布政村", "黄坡镇", "林屋村",
                                         "石滩村", "文章村", "云头下村"};
    assert_order(places, sizeof places / sizeof places[0]);
}

static void syllables_should_compare_letter_by_letter_then_by_the_next_character(void **state)
{
    (void)state;
    /* hua < huang; 湛江 (zhan jiang) < 湛江市 (a prefix first) < 浙江 (zhe) */
    static const char *const words[] = {"华侨", "黄坡镇", "湛江", "湛江市", "湛江市浙江商会", "浙江商会"};
    assert_order(words, sizeof words / sizeof words[0]);
}

static void digits_then_letters_then_chinese(void **state)
{
    (void)state;
    /* numbers as numbers, letters in either case (lower first on a tie),
     * Chinese after letters; punctuation does not count */
    static const char *const words[] = {"2号", "10号", "apple", "Apple", "banana", "Zebra",
                                        "村2", "村10", "“三个走进”活动", "三角"};
    assert_order(words, sizeof words / sizeof words[0]);
}

static void ties_in_pinyin_fall_back_to_tone_then_code_point(void **state)
{
    (void)state;
    /* 妈 mā, 麻 má, 马 mǎ, 骂 mà: one syllable, four tones */
    static const char *const tones[] = {"妈", "麻", "马", "骂"};
    assert_order(tones, 4);
    /* 市 shì and 是 shì: same syllable and tone, so by code point (市 U+5E02 < 是 U+662F) */
    assert_true(pinyin_compare("市", "是") < 0);
    assert_true(pinyin_compare("是", "市") > 0);
    assert_int_equal(pinyin_compare("市", "市"), 0);
}

static void readings_should_be_the_first_of_unihan(void **state)
{
    (void)state;
    int tone;
    assert_string_equal(pinyin_of(0x6E5B, &tone), "zhan"); /* 湛 zhàn */
    assert_int_equal(tone, 4);
    assert_string_equal(pinyin_of(0x6C5F, &tone), "jiang"); /* 江 jiāng */
    assert_int_equal(tone, 1);
    assert_string_equal(pinyin_of(0x7EFF, &tone), "lv"); /* 绿 lǜ: ü as v */
    assert_string_equal(pinyin_of(0x4E2D, &tone), "zhong");
    assert_null(pinyin_of('A', &tone));
    assert_null(pinyin_of(0x3042, &tone)); /* あ: no Mandarin reading */
    assert_string_equal(pinyin_of(0x20000, &tone), "he"); /* 𠀀, beyond the BMP */
}

static bool finds(const char *s, const char *needle)
{
    size_t from, to;
    return view_text_match(s, needle, &from, &to);
}

static void initials_and_syllables_should_find_chinese(void **state)
{
    (void)state;
    assert_true(finds("林屋村", "lwc"));
    assert_true(finds("林屋村", "LWC"));
    assert_true(finds("湛江市浙江商会", "zjsh"));
    assert_true(finds("林屋村", "linwu"));
    assert_true(finds("布政村火龙果乐园", "buzheng"));
    assert_true(finds("布政村火龙果乐园", "hlg"));
    assert_true(finds("布政村", "bzc"));
    assert_true(finds("布政村", "buzhengcun"));
    assert_true(finds("湛江市", "zhanj"));
    /* and the match is where the characters are */
    size_t from, to;
    assert_true(view_text_match("吴川黄坡镇林屋村", "lwc", &from, &to));
    assert_int_equal(from, strlen("吴川黄坡镇"));
    assert_int_equal(to, strlen("吴川黄坡镇林屋村"));
}

static void wrong_initials_should_not_find(void **state)
{
    (void)state;
    assert_false(finds("林屋村", "lwz"));
    assert_false(finds("林屋村", "linwuz"));
    assert_false(finds("林屋村", "lc"));     /* 屋 is skipped: not a run */
    assert_false(finds("布政村", "zhengbu")); /* order counts */
    assert_false(finds("apple", "pinyin"));
}

static void plain_text_still_finds_itself(void **state)
{
    (void)state;
    assert_true(finds("林屋村", "屋村"));
    assert_true(finds("Guangdong Yuekai", "YUEKAI"));
    assert_true(finds("4,170人", "4,170"));
}

static void every_character_of_the_dataset_has_a_reading(void **state)
{
    (void)state;
    dataset *ds;
    char err[512];
    assert_int_equal(dataset_load_file("data/zhanjiang-2024.json", &ds, err, sizeof err), DATASET_OK);
    const char *s = ds->strings, *end = ds->strings + ds->strings_len;
    int missing = 0;
    for (const char *p = s; p < end;) {
        uint32_t cp;
        size_t n = text_decode(p, (size_t)(end - p), &cp);
        if (!n)
            n = 1;
        int tone;
        bool han = (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
        if (han && !pinyin_of(cp, &tone)) {
            fprintf(stderr, "no reading: %.*s (U+%04X)\n", (int)n, p, (unsigned)cp);
            missing++;
        }
        p += n;
    }
    assert_int_equal(missing, 0);
    dataset_free(ds);
}

static void the_filter_should_find_by_pinyin_in_the_builtin_data(void **state)
{
    (void)state;
    dataset *ds;
    char err[512];
    assert_int_equal(dataset_load_file("data/zhanjiang-2024.json", &ds, err, sizeof err), DATASET_OK);
    view *v = view_new(ds, 0); /* organization: the 林屋村 records */
    view_filter(v, "lwc");
    assert_true(v->nrows >= 1);
    for (uint32_t i = 0; i < v->nrows; i++) {
        buf cell;
        buf_init(&cell);
        bool any = false;
        for (uint32_t c = 0; c < ds->themes[0].ncolumns; c++) {
            buf_clear(&cell);
            view_cell_text(&cell, ds, v->rows[i], c);
            any |= cell.data && strstr(cell.data, "林屋村") != NULL;
        }
        buf_free(&cell);
        assert_true(any);
    }
    view_filter(v, "lwz");
    assert_int_equal(v->nrows, 0);
    long row = view_search(v, "lwc", -1, 1);
    assert_int_equal(row, -1); /* the filter lwz left no rows */
    view_filter(v, NULL);
    row = view_search(v, "lwc", -1, 1);
    assert_true(row >= 0);
    view_free(v);
    dataset_free(ds);
}

/* The sieve a filter asks before spelling out a string never says no where
 * pinyin_find would find, and for one or two letters it says what
 * pinyin_find says: the characters include ones with no reading, one beyond
 * 16 bits, letters, and the syllables that begin alike (zh z, sh s, an a). */
static void the_sieve_should_agree_with_pinyin_find(void **state)
{
    (void)state;
    static const char *const chars[] = {"林", "屋", "村", "大", "家", "公", "园", "张", "长", "山", "上",
                                        "安", "啊", "二", "〇", "、", "𠀀", "a", "Z", "5", "é", "zh"};
    static const char letters[] = "abcdeghijklmnopqrstuwxyz";
    rng r;
    rng_seed(&r, 16);
    struct pinyin_sieve *sv = malloc(sizeof *sv);
    int found = 0, decided = 0;
    for (int c = 0; c < 4000; c++) {
        char needle[5];
        size_t n = 1 + below(&r, 4);
        for (size_t k = 0; k < n; k++)
            needle[k] = letters[below(&r, sizeof letters - 1)];
        needle[n] = 0;
        pinyin_sieve_init(sv, needle, n);
        for (int t = 0; t < 50; t++) {
            char s[64] = "";
            for (uint32_t k = below(&r, 8); k > 0; k--)
                strcat(s, chars[below(&r, sizeof chars / sizeof chars[0])]);
            size_t from, to, len = strlen(s);
            bool finds = pinyin_find(s, len, needle, n, &from, &to), may = pinyin_may_find(sv, s, len);
            found += finds;
            if (finds && !may)
                fail_msg("the sieve of \"%s\" refused \"%s\", which pinyin_find finds", needle, s);
            if (sv->decides && may != finds)
                fail_msg("the sieve of \"%s\" said %d of \"%s\", pinyin_find %d", needle, may, s, finds);
            decided += sv->decides;
        }
    }
    assert_true(found > 1000 && decided > 50000); /* the cases exercise both answers */
    free(sv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(places_should_sort_in_pinyin_order),
        cmocka_unit_test(syllables_should_compare_letter_by_letter_then_by_the_next_character),
        cmocka_unit_test(digits_then_letters_then_chinese),
        cmocka_unit_test(ties_in_pinyin_fall_back_to_tone_then_code_point),
        cmocka_unit_test(readings_should_be_the_first_of_unihan),
        cmocka_unit_test(initials_and_syllables_should_find_chinese),
        cmocka_unit_test(wrong_initials_should_not_find),
        cmocka_unit_test(plain_text_still_finds_itself),
        cmocka_unit_test(every_character_of_the_dataset_has_a_reading),
        cmocka_unit_test(the_filter_should_find_by_pinyin_in_the_builtin_data),
        cmocka_unit_test(the_sieve_should_agree_with_pinyin_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

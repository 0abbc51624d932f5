/* model/jtree and jstream_tree: the loader's trees must be the trees cJSON
 * would have built from the same bytes, node for node, since every check of
 * the loader reads them through cJSON's API. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "jstream.h"
#include "jtree.h"

/* The same shape, types, keys, strings and numbers, and cJSON's prev links. */
static void assert_same(const cJSON *want, const cJSON *got)
{
    assert_non_null(got);
    assert_int_equal(want->type & 0xFF, got->type & 0xFF);
    if (want->string) {
        assert_non_null(got->string);
        assert_string_equal(want->string, got->string);
    } else {
        assert_null(got->string);
    }
    if (cJSON_IsString(want)) {
        assert_string_equal(want->valuestring, got->valuestring);
        assert_int_equal(got->valueint, strlen(want->valuestring));
    }
    if (cJSON_IsNumber(want)) {
        assert_memory_equal(&want->valuedouble, &got->valuedouble, sizeof(double)); /* -0 too */
        assert_int_equal(want->valueint, got->valueint);
    }
    const cJSON *w = want->child, *g = got->child;
    if (w)
        assert_ptr_equal(got->child->prev, cJSON_GetArrayItem(got, cJSON_GetArraySize(got) - 1));
    for (; w; w = w->next, g = g->next)
        assert_same(w, g);
    assert_null(g);
}

/* The tree jstream builds of json as it checks it, in a; NULL if it refuses it. */
static cJSON *tree_of(jtree_arena *a, const char *json)
{
    jstream *js = jstream_open_mem(json, strlen(json), "t");
    cJSON *tree;
    if (!jstream_tree(js, a, &tree))
        tree = NULL;
    jstream_free(js);
    return tree;
}

static void check(const char *json)
{
    cJSON *want = cJSON_Parse(json);
    assert_non_null(want);
    jtree_arena a;
    jtree_init(&a);
    /* built twice in one arena, reset between, as the loader does */
    for (int round = 0; round < 2; round++) {
        assert_same(want, tree_of(&a, json));
        jtree_reset(&a);
    }
    jtree_free(&a);
    cJSON_Delete(want);
}

static void test_scalars_should_read_as_cjson_reads_them(void **state)
{
    (void)state;
    const char *const values[] = {
        "true", "false", "null", "0", "-0", "7", "-12", "4170", "4170.0", "4170.0000000000001",
        "1e3", "1E+3", "2.5e-1", "-1.5", "999999999999999", "1000000000000000",
        "9007199254740991", "9007199254740993", "18446744073709551616", "2147483647",
        "2147483648", "-2147483648", "-2147483649", "1e400", "123456789012345678901234567890",
        "\"\"", "\"abc\"", "\"湛江市\"", "\"a\\\"b\\\\c\\/d\"", /* (jstream refuses \\n and the other controls) */
        "\"\\u0041\\u00e9\\u4E2D\"", "\"\\ud83d\\ude00 \\uD834\\uDD1E\"",
        "\"a long string with no escape at all, longer than eight bytes\"",
        "\"ends with escape\\\\\"", "\"\\\\\\\"\"",
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        check(values[i]);
}

static void test_containers_should_keep_order_keys_and_repeats(void **state)
{
    (void)state;
    check("{}");
    check("[]");
    check(" { \"a\" : 1 , \"b\":[ 1, 2 ,3 ] ,\"a\":{\"x\\u0041\":null}, \"\":\"\" } ");
    check("[[[[]]],{},[{}],\"x\",-0.0,\n\t\r[true,false]]");
    check("{\"id\": \"r0.1\", \"who\": [\"o1\", \"o2\"], \"money\": \"m0.1\", \"quote\": \"党建\"}");
}

/* A value jstream refuses leaves no tree, and the arena can be reset and used again. */
static void test_a_refused_value_should_give_no_tree(void **state)
{
    (void)state;
    jtree_arena a;
    jtree_init(&a);
    assert_null(tree_of(&a, "{\"a\": [1, 2, {\"b\": tru}]}"));
    jtree_reset(&a);
    assert_null(tree_of(&a, "[\"x\", 01]"));
    jtree_reset(&a);
    assert_non_null(tree_of(&a, "[\"x\", 1]"));
    jtree_free(&a);
}

/* An element larger than the first chunk spreads over several; reset keeps one. */
static void test_large_elements_should_span_chunks(void **state)
{
    (void)state;
    char big[300000];
    size_t n = 0;
    big[n++] = '[';
    for (int i = 0; n < sizeof big - 40; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "%s\"s%d\",%d", i ? "," : "", i, i);
    big[n++] = ']';
    big[n] = 0;
    check(big);
}

/* The loader trusts the flag to skip looking at the number again. */
static void test_numbers_of_digits_alone_should_say_so(void **state)
{
    (void)state;
    const char *const digits[] = {"0", "-0", "4170", "-12", "123456789012345678901234567890"};
    const char *const others[] = {"4170.0", "1e3", "1E+3", "-0.0", "2.5e-1", "10E0"};
    jtree_arena a;
    jtree_init(&a);
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++)
        assert_true(tree_of(&a, digits[i])->type & JTREE_DIGITS_ONLY);
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        assert_false(tree_of(&a, others[i])->type & JTREE_DIGITS_ONLY);
    cJSON *list = tree_of(&a, "[1,2.0,3]");
    assert_true(list->child->type & JTREE_DIGITS_ONLY);
    assert_false(list->child->next->type & JTREE_DIGITS_ONLY);
    assert_true(list->child->next->next->type & JTREE_DIGITS_ONLY);
    jtree_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars_should_read_as_cjson_reads_them),
        cmocka_unit_test(test_containers_should_keep_order_keys_and_repeats),
        cmocka_unit_test(test_large_elements_should_span_chunks),
        cmocka_unit_test(test_numbers_of_digits_alone_should_say_so),
        cmocka_unit_test(test_a_refused_value_should_give_no_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

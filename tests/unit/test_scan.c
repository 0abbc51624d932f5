/* The scanner every filter and search uses: it must find exactly what a
 * byte-by-byte search finds, in either case for ASCII letters and never by
 * changing Chinese bytes, wherever the needle falls against its 16-byte steps. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "scan.h"

#include "../support/rng.h"

static char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 'a' - 'A') : c;
}

/* The search the scanner must agree with, one place at a time. */
static const char *slow_find(const char *hay, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 0;
        while (k < n && fold(hay[i + k]) == needle[k])
            k++;
        if (k == n)
            return hay + i;
    }
    return NULL;
}

/* Bytes that a case bit could confuse: @ and `, letters of both cases, the
 * bytes of 红 and of 纟 (which share two bytes), digits. */
static const char *const pieces[] = {"a", "A", "d", "D", "@", "`", "[", "{", "4", "0", "红", "纟",
                                     "\xE7", "\xBA", "\xA2", " "};
#define NPIECES (sizeof pieces / sizeof pieces[0])

static void random_text(rng *r, char *out, size_t *len, size_t most)
{
    *len = 0;
    size_t want = below(r, (uint32_t)most);
    while (*len < want) {
        const char *p = pieces[below(r, NPIECES)];
        size_t pl = strlen(p);
        if (*len + pl > most)
            break;
        memcpy(out + *len, p, pl);
        *len += pl;
    }
}

static void scan_should_find_what_a_slow_search_finds(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 15);
    char hay[200], needle[40];
    for (int c = 0; c < 200000; c++) {
        size_t len, n;
        random_text(&r, hay, &len, sizeof hay);
        if (len && below(&r, 2)) { /* a piece of the hay itself, folded, found for sure */
            size_t at = below(&r, (uint32_t)len), take = 1 + below(&r, 24);
            n = at + take > len ? len - at : take;
            for (size_t k = 0; k < n; k++)
                needle[k] = fold(hay[at + k]);
        } else {
            random_text(&r, needle, &n, 6);
            for (size_t k = 0; k < n; k++)
                needle[k] = fold(needle[k]);
        }
        if (!n)
            continue;
        const char *want = slow_find(hay, len, needle, n), *got = scan_find(hay, len, needle, n);
        if (got != want)
            fail_msg("case %d: \"%.*s\" in \"%.*s\": at %td, expected %td", c, (int)n, needle, (int)len, hay,
                     got ? got - hay : -1, want ? want - hay : -1);
    }
}

static void letters_should_match_either_case_and_nothing_else(void **state)
{
    (void)state;
    const char *hay = "投入GDP约4000万元";
    assert_ptr_equal(scan_find(hay, strlen(hay), "gdp", 3), hay + 6);
    assert_null(scan_find("`dp", 3, "@dp", 3));           /* '@' is not a letter: no case */
    assert_null(scan_find("[x]", 3, "{x}", 3));
    assert_null(scan_find("红树", strlen("红树"), "\xE7\xBA\xA3", 3)); /* the folding never touches Chinese */
    assert_ptr_equal(scan_find("abc", 3, "", 0), "abc");
    assert_null(scan_find("ab", 2, "abc", 3));
    /* a needle across the end of a 16-byte step, and at the very end */
    const char *long_hay = "xxxxxxxxxxxxxxxAByyyyyyyyyyyyyyyyyyyyyyyyyyyyyAb";
    assert_ptr_equal(scan_find(long_hay, strlen(long_hay), "ab", 2), long_hay + 15);
    assert_ptr_equal(scan_find(long_hay + 17, strlen(long_hay) - 17, "ab", 2), long_hay + strlen(long_hay) - 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scan_should_find_what_a_slow_search_finds),
        cmocka_unit_test(letters_should_match_either_case_and_nothing_else),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

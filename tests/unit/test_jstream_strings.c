/* model/jstream: the string scanner takes whole words of plain ASCII and of
 * Chinese text at a time; whatever it skips that way must be exactly what a
 * check of one character at a time accepts. Random strings built from pieces
 * that sit on the edges (lead bytes E0, ED, EF, C1 controls, overlong and
 * surrogate forms, cut characters, quotes, escapes) at every alignment are
 * judged by both. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "jstream.h"
#include "text.h"

#include "../support/rng.h"

/* The rule, one character at a time: UTF-8 (text_decode), no C0 or C1
 * control nor DEL, and \ only in the escapes that these tests use. */
static bool reference_accepts(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\') {
            if (i + 1 >= n || (s[i + 1] != '\\' && s[i + 1] != '"' && s[i + 1] != '/'))
                return false;
            i += 2;
            continue;
        }
        uint32_t cp;
        size_t k = text_decode(s + i, n - i, &cp);
        if (!k || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            return false;
        i += k;
    }
    return true;
}

/* Where the Chinese pieces start, and how many pieces are not bad on their own. */
#define CHINESE 12
#define NOT_BAD 24
static const char *const pieces[] = {
    "a", "Z", "0", " ", "~", "-", "\\\\", "\\\"", "\\/", "\x7F", "\x1F", "\t",
    "党", "建", "湛江", "\xE1\x80\x80", "\xEC\xBF\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF", /* edges kept */
    "\xE0\xA0\x80", "\xED\x9F\xBF", "\xF0\x9F\x98\x80", "é", "\xC2\xA0",             /* full checks */
    "\xE0\x80\x80", "\xED\xA0\x80", "\xC2\x80", "\xC2\x9F", "\xC0\xAF", "\xF4\x90\x80\x80", /* bad */
    "\xE5\x85", "\xE5", "\x85", "\xFF", "\xE5\x85\x9A\x85", "\xE5\x41\x9A", "\xE5\x85\x22",
};

/* Long runs of Chinese text, with a stray piece now and then, reach the
 * 24-byte steps at every phase. */
static size_t random_string(rng *r, char *out, size_t cap)
{
    size_t n = 0, count = rng_next(r) % 40, npieces = sizeof pieces / sizeof pieces[0];
    bool mostly_chinese = rng_next(r) % 2;
    for (size_t k = 0; k < count; k++) {
        const char *p = mostly_chinese && rng_next(r) % 8 ? pieces[CHINESE + rng_next(r) % 3]
                        : rng_next(r) % 16 ? pieces[rng_next(r) % NOT_BAD]
                                           : pieces[rng_next(r) % npieces];
        size_t len = strlen(p);
        if (n + len >= cap)
            break;
        memcpy(out + n, p, len);
        n += len;
    }
    return n;
}

static void test_strings_should_be_judged_as_one_character_at_a_time(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 20261202);
    char doc[512];
    for (int c = 0; c < 200000; c++) {
        char s[400];
        size_t lead = rng_next(&r) % 9; /* the string's alignment in the window */
        size_t n = random_string(&r, s, sizeof s);
        memset(doc, ' ', lead);
        doc[lead] = '"';
        memcpy(doc + lead + 1, s, n);
        doc[lead + 1 + n] = '"';
        /* no room after the closing quote, or some, since the window's end matters */
        size_t tail = rng_next(&r) % 12, len = lead + 2 + n + tail;
        memset(doc + lead + 2 + n, ' ', tail);
        jstream *js = jstream_open_mem(doc, len, "t");
        const char *at;
        size_t at_len;
        bool got = jstream_value(js, &at, &at_len);
        bool want = reference_accepts(s, n);
        if (got != want)
            fail_msg("case %d: jstream %s, one at a time %s: \"%.*s\" (%s)", c,
                     got ? "accepts" : "refuses", want ? "accepts" : "refuses", (int)n, s,
                     jstream_error(js));
        if (got)
            assert_int_equal(at_len, n + 2);
        jstream_free(js);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings_should_be_judged_as_one_character_at_a_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

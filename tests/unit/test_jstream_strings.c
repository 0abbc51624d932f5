/* model/jstream: the string scanner takes whole words of plain ASCII and of
 * Chinese text at a time; whatever it skips that way must be exactly what a
 * check of one character at a time accepts. Random strings built from pieces
 * that sit on the edges (lead bytes E0, ED, EF, C1 controls, overlong and
 * surrogate forms, cut characters, quotes, escapes) at every alignment are
 * judged by both. And the lines and columns counted a word at a time as the
 * window slides must be those counted one byte at a time. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A file of many lines (lengths at random, Chinese text, some lines empty or
 * with several elements), long enough for the window to slide many times,
 * with a mistake at its end: the message must say the line and column
 * counted here, one byte at a time. */
static void test_positions_should_survive_the_window_sliding(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 7);
    size_t cap = 12u << 20, n = 0;
    char *doc = malloc(cap);
    assert_non_null(doc);
    doc[n++] = '[';
    while (n < cap - (4u << 10)) {
        size_t elements = rng_next(&r) % 4;
        for (size_t k = 0; k < elements; k++) {
            n += (size_t)sprintf(doc + n, "\"");
            for (size_t c = rng_next(&r) % 300; c; c--) {
                const char *p = rng_next(&r) % 3 ? "湛" : "a";
                memcpy(doc + n, p, strlen(p));
                n += strlen(p);
            }
            n += (size_t)sprintf(doc + n, "\",%s", rng_next(&r) % 2 ? " " : "");
        }
        doc[n++] = '\n';
    }
    n += (size_t)sprintf(doc + n, "  \"湛江\" x]");
    uint64_t line = 1, col = 1;
    for (size_t i = 0; i < n - 2; i++) { /* the mistake is the x */
        if (doc[i] == '\n') {
            line++;
            col = 1;
        } else {
            col += ((unsigned char)doc[i] & 0xC0) != 0x80;
        }
    }
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    assert_int_equal(fwrite(doc, 1, n, tmp), n);
    fflush(tmp);
    rewind(tmp);
    jstream *js = jstream_open_fd(fileno(tmp), "t");
    assert_true(jstream_begin_array(js));
    int more;
    while ((more = jstream_next_element(js)) == 1) {
        const char *at;
        size_t len;
        if (!jstream_value(js, &at, &len))
            break;
        jstream_release(js);
    }
    char want[64];
    snprintf(want, sizeof want, "t:%llu:%llu: ", (unsigned long long)line, (unsigned long long)col);
    if (strncmp(jstream_error(js), want, strlen(want)))
        fail_msg("%s, expected %s", jstream_error(js), want);
    jstream_free(js);
    fclose(tmp);
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings_should_be_judged_as_one_character_at_a_time),
        cmocka_unit_test(test_positions_should_survive_the_window_sliding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* model/text: UTF-8 decoding and validation, display widths, sanitising and
 * fitting text to a width, as a user of a terminal would notice them. Where a
 * property must hold for every input (nothing unsafe reaches the terminal, a
 * fitted cell is exactly its width), it is checked over many inputs from a
 * fixed-seed generator, so that a failure can be reproduced. */
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
#include "text.h"

#include "../support/model_extra.h"
#include "../support/oracle.h"

/* ------------------------------------------------------------------------ */
/* Shared state: one output buffer per test, freed by the teardown even when an
 * assertion has jumped out of the test. */

static buf out, scratch;

static int setup_bufs(void **state)
{
    (void)state;
    buf_init(&out);
    buf_init(&scratch);
    return 0;
}

static int free_bufs(void **state)
{
    (void)state;
    buf_free(&out);
    buf_free(&scratch);
    return 0;
}

static const char *sanitized(const char *s, size_t n)
{
    buf_clear(&out);
    text_sanitize(&out, s, n);
    return out.data ? out.data : "";
}

static const char *fitted(const char *s, int width, int flags, int *cells)
{
    buf_clear(&out);
    int c = text_fit(&out, s, strlen(s), width, flags);
    if (cells)
        *cells = c;
    return out.data ? out.data : "";
}

/* ------------------------------------------------------------------------ */
/* A few Unicode facts the tests need, and an independent strict UTF-8
 * decoder (utf8_next, tests/support/oracle.c), so that the checks do not lean
 * on the code under test. */

/* Format (Cf), line and paragraph separators: the characters that turn text
 * around, hide it or move the cursor on some terminals. */
static bool is_format_or_bidi(uint32_t cp)
{
    return cp == 0x00AD || cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
           cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);
}

/* The combining marks the generator below uses (all general category Mn). */
static bool is_test_mark(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x20D0 && cp <= 0x20DC) || cp == 0x0E31 ||
           cp == 0x302A;
}

static void put_cp(buf *b, uint32_t cp)
{
    char e[4];
    buf_put(b, e, text_encode(cp, e));
}

/* ------------------------------------------------------------------------ */
/* A fixed-seed generator of hostile text. */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static uint32_t pick(uint32_t n)
{
    return next_random() % n;
}

static const uint32_t hostile_cps[] = {
    0x00, 0x07, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9F, 0xAD, 0x061C,
    0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202B, 0x202C,
    0x202D, 0x202E, 0x2060, 0x2061, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x206F, 0xFEFF,
    0xFFF9, 0xFFFB, 0xE0001, 0xE0041, 0xE007F,
};
static const char *const hostile_bytes[] = {
    "\xC3", "\xE6\xB9", "\xF0\x9F\x98", "\xC0\x80", "\xE0\x80\x80", "\xED\xA0\x80", "\xED\xBF\xBF",
    "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xFE", "\x80", "\xBF", "\xC2\x1B",
    "\xE2\x80", "\xE2\x80\x1B\x5B", "\xC2",
};
static const char *const plain[] = {"a", "Z", " ", "~", "<", ">", "^", "\\", "湛", "江", "Ａ", "！", "é",
                                    "ก", "𠀀", "😀", "한", "…"};

/* Appends one generated piece of text. */
static void generate(buf *b, int pieces)
{
    for (int i = 0; i < pieces; i++) {
        switch (pick(6)) {
        case 0:
        case 1:
            buf_puts(b, plain[pick(sizeof plain / sizeof *plain)]);
            break;
        case 2:
            put_cp(b, hostile_cps[pick(sizeof hostile_cps / sizeof *hostile_cps)]);
            break;
        case 3: { /* a run of combining marks, sometimes very long */
            int n = pick(4) == 0 ? (int)pick(40) : (int)pick(6) + 1;
            for (int k = 0; k < n; k++) {
                uint32_t m = pick(3) ? 0x0300 + pick(0x70) : 0x20D0 + pick(13);
                put_cp(b, m);
            }
            break;
        }
        case 4:
            buf_puts(b, hostile_bytes[pick(sizeof hostile_bytes / sizeof *hostile_bytes)]);
            break;
        default: { /* any byte, or any scalar value */
            if (pick(2)) {
                buf_putc(b, (char)pick(256));
            } else {
                uint32_t cp = pick(0x110000);
                if (cp >= 0xD800 && cp <= 0xDFFF)
                    cp = 0xFFFD;
                put_cp(b, cp);
            }
        }
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Decoding. */

static void decode_should_round_trip_every_scalar_value_through_encode(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char e[4];
        size_t len = text_encode(cp, e);
        size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (len != want)
            fail_msg("U+%04X encodes to %zu bytes, expected %zu", (unsigned)cp, len, want);
        uint32_t back = 0xFFFFFFFF, mine = 0;
        if (utf8_next((const unsigned char *)e, len, &mine) != len || mine != cp)
            fail_msg("U+%04X does not encode to its UTF-8 form", (unsigned)cp);
        size_t got = text_decode(e, len, &back);
        if (got != len || back != cp)
            fail_msg("U+%04X: decode gives %zu bytes, U+%04X", (unsigned)cp, got, (unsigned)back);
    }
}

static void decode_should_read_chinese_text(void **state)
{
    (void)state;
    const char *s = "湛江";
    uint32_t cp;
    assert_int_equal(text_decode(s, strlen(s), &cp), 3);
    assert_int_equal(cp, 0x6E5B);
    assert_int_equal(text_decode(s + 3, 3, &cp), 3);
    assert_int_equal(cp, 0x6C5F);
    assert_int_equal(text_decode("\xF0\xA0\x80\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x20000);
}

struct bad_bytes {
    const char *what;
    const char *s;
    size_t n;
};

static void check_rejected(const struct bad_bytes *cases, size_t ncases)
{
    for (size_t i = 0; i < ncases; i++) {
        uint32_t cp = 0x12345;
        size_t got = text_decode(cases[i].s, cases[i].n, &cp);
        if (got != 0)
            fail_msg("%s: decoded as %zu bytes (U+%04X), expected a rejection", cases[i].what, got,
                     (unsigned)cp);
    }
}

static void decode_should_reject_overlong_forms(void **state)
{
    (void)state;
    static const struct bad_bytes cases[] = {
        {"C0 80 (NUL in two bytes)", "\xC0\x80", 2},
        {"C1 BF (DEL range in two bytes)", "\xC1\xBF", 2},
        {"E0 80 80", "\xE0\x80\x80", 3},
        {"E0 9F BF (U+07FF in three bytes)", "\xE0\x9F\xBF", 3},
        {"E0 80 AF ('/' in three bytes)", "\xE0\x80\xAF", 3},
        {"F0 80 80 80", "\xF0\x80\x80\x80", 4},
        {"F0 8F BF BF (U+FFFF in four bytes)", "\xF0\x8F\xBF\xBF", 4},
    };
    check_rejected(cases, sizeof cases / sizeof *cases);
    uint32_t cp;
    assert_int_equal(text_decode("\xC2\x80", 2, &cp), 2);
    assert_int_equal(cp, 0x80);
    assert_int_equal(text_decode("\xE0\xA0\x80", 3, &cp), 3);
    assert_int_equal(cp, 0x800);
    assert_int_equal(text_decode("\xF0\x90\x80\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x10000);
}

static void decode_should_reject_surrogates(void **state)
{
    (void)state;
    static const struct bad_bytes cases[] = {
        {"U+D800", "\xED\xA0\x80", 3},
        {"U+DBFF", "\xED\xAF\xBF", 3},
        {"U+DC00", "\xED\xB0\x80", 3},
        {"U+DFFF", "\xED\xBF\xBF", 3},
    };
    check_rejected(cases, sizeof cases / sizeof *cases);
    uint32_t cp;
    assert_int_equal(text_decode("\xED\x9F\xBF", 3, &cp), 3);
    assert_int_equal(cp, 0xD7FF);
    assert_int_equal(text_decode("\xEE\x80\x80", 3, &cp), 3);
    assert_int_equal(cp, 0xE000);
}

static void decode_should_reject_code_points_beyond_10FFFF(void **state)
{
    (void)state;
    static const struct bad_bytes cases[] = {
        {"U+110000", "\xF4\x90\x80\x80", 4},
        {"F5 lead", "\xF5\x80\x80\x80", 4},
        {"F7 BF BF BF", "\xF7\xBF\xBF\xBF", 4},
        {"F8 five-byte lead", "\xF8\x88\x80\x80\x80", 5},
        {"FC six-byte lead", "\xFC\x84\x80\x80\x80\x80", 6},
        {"FE", "\xFE", 1},
        {"FF", "\xFF", 1},
    };
    check_rejected(cases, sizeof cases / sizeof *cases);
    uint32_t cp;
    assert_int_equal(text_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
    assert_int_equal(cp, 0x10FFFF);
}

static void decode_should_reject_truncated_and_broken_sequences(void **state)
{
    (void)state;
    static const struct bad_bytes cases[] = {
        {"lone lead C3", "\xC3", 1},
        {"two of three bytes", "\xE6\xB9", 2},
        {"three of four bytes", "\xF0\x9F\x98", 3},
        /* the bytes follow in memory, but n says they are not part of the text */
        {"湛 cut by n", "\xE6\xB9\x9B", 2},
        {"lone continuation byte", "\x80", 1},
        {"ASCII where a continuation byte belongs", "\xE6\x41\x9B", 3},
        {"new lead where a continuation byte belongs", "\xE6\xB9\xE6\xB9\x9B", 5},
    };
    check_rejected(cases, sizeof cases / sizeof *cases);
}

static void invalid_at_should_give_the_offset_of_the_first_bad_byte(void **state)
{
    (void)state;
    assert_int_equal(text_invalid_at("", 0), 0);
    assert_int_equal(text_invalid_at("plain", 5), 5);
    assert_int_equal(text_invalid_at("湛江", 6), 6);
    assert_int_equal(text_invalid_at("abc\xFF", 4), 3);
    assert_int_equal(text_invalid_at("湛\xE6\xB9", 5), 3);       /* truncated at the end */
    assert_int_equal(text_invalid_at("湛江\xED\xA0\x80x", 10), 6); /* a surrogate */
    assert_int_equal(text_invalid_at("a\xC0\x80", 3), 1);        /* overlong NUL */
    assert_int_equal(text_invalid_at("caf\xE9 au lait", 12), 3);
    /* n is respected: the bad byte after it does not count */
    assert_int_equal(text_invalid_at("ok\xFF", 2), 2);
}

static void looks_gbk_should_tell_gbk_chinese_from_latin1(void **state)
{
    (void)state;
    /* 湛江市 in GBK: D5 BF happens to be valid UTF-8 (U+057F), the rest is not */
    const char gbk[] = "\xD5\xBF\xBD\xAD\xCA\xD0";
    size_t n = sizeof gbk - 1, at = text_invalid_at(gbk, n);
    assert_true(at < n);
    assert_true(text_looks_gbk(gbk + at, n - at));
    /* 江市 in GBK: invalid from the first byte */
    assert_int_equal(text_invalid_at(gbk + 2, n - 2), 0);
    assert_true(text_looks_gbk(gbk + 2, n - 2));

    static const char *const latin1[] = {"caf\xE9 au lait", "M\xFCller", "na\xEFve", "Stra\xDF" "e",
                                         "\xE9t\xE9"};
    for (size_t i = 0; i < sizeof latin1 / sizeof *latin1; i++) {
        size_t len = strlen(latin1[i]), bad = text_invalid_at(latin1[i], len);
        assert_true(bad < len);
        if (text_looks_gbk(latin1[i] + bad, len - bad))
            fail_msg("Latin-1 text %zu taken for GBK", i);
    }
}

/* ------------------------------------------------------------------------ */
/* Widths. */

static int width_of(const char *s)
{
    return text_width(s, strlen(s));
}

static void width_should_count_ascii_as_one_cell_each(void **state)
{
    (void)state;
    assert_int_equal(width_of(""), 0);
    assert_int_equal(width_of("a"), 1);
    assert_int_equal(width_of("Hello, world!"), 13);
    assert_int_equal(text_class_of('A'), TEXT_NARROW);
}

static void width_should_count_cjk_as_two_cells(void **state)
{
    (void)state;
    assert_int_equal(width_of("湛"), 2);
    assert_int_equal(width_of("湛江"), 4);
    assert_int_equal(width_of("湛江市"), 6);
    assert_int_equal(width_of("a湛b"), 4);
    assert_int_equal(width_of("“新”"), 4); /* curly quotes are ambiguous: one cell, as in the tables */
    assert_int_equal(width_of("𠀀"), 2);    /* CJK extension B */
    assert_int_equal(width_of("한"), 2);
    assert_int_equal(text_class_of(0x6E5B), TEXT_WIDE);
}

static void width_should_count_combining_marks_as_zero(void **state)
{
    (void)state;
    assert_int_equal(width_of("e\xCC\x81"), 1);             /* e + U+0301 */
    assert_int_equal(width_of("e\xCC\x81\xCC\xA3"), 1);     /* two marks */
    assert_int_equal(width_of("湛\xCC\x81"), 2);
    assert_int_equal(width_of("\xE0\xB8\x81\xE0\xB8\xB1"), 1); /* Thai ก + mai han-akat */
    assert_int_equal(text_class_of(0x0301), TEXT_ZERO);
}

static void width_should_count_fullwidth_forms_as_two_cells(void **state)
{
    (void)state;
    assert_int_equal(width_of("Ａ"), 2);  /* U+FF21 */
    assert_int_equal(width_of("ＡＢＣ"), 6);
    assert_int_equal(width_of("！"), 2);  /* U+FF01 */
    assert_int_equal(width_of("，"), 2);  /* U+FF0C, the Chinese comma */
    assert_int_equal(width_of("ｱ"), 1);   /* U+FF71, halfwidth katakana */
    assert_int_equal(text_class_of(0xFF21), TEXT_WIDE);
}

static void width_should_be_that_of_the_visible_placeholders(void **state)
{
    (void)state;
    assert_int_equal(width_of("\x1b"), 2);            /* ^[ */
    assert_int_equal(width_of("\xE2\x80\xAE"), 8);    /* <U+202E> */
    assert_int_equal(width_of("\xC3"), 4);            /* \xC3 */
    assert_int_equal(width_of("\xCC\x81" "a"), 9);    /* <U+0301>a */
    assert_int_equal(text_class_of(0x202E), TEXT_UNSAFE);
    assert_int_equal(text_class_of(0x1B), TEXT_UNSAFE);
    assert_int_equal(text_class_of(0x9B), TEXT_UNSAFE);
    assert_int_equal(text_class_of(0x110000), TEXT_UNSAFE);
}

/* ------------------------------------------------------------------------ */
/* Sanitising. */

struct sanitize_case {
    const char *what;
    const char *in;
    size_t n; /* 0: strlen */
    const char *want;
};

static void sanitize_should_make_unsafe_text_visible(void **state)
{
    (void)state;
    static const struct sanitize_case cases[] = {
        {"plain ASCII", "abc", 0, "abc"},
        {"Chinese", "湛江市", 0, "湛江市"},
        {"a letter with its mark", "e\xCC\x81", 0, "e\xCC\x81"},
        {"ESC", "a\x1b[31mb", 0, "a^[[31mb"},
        {"CR BS TAB LF", "\r\b\t\n", 0, "^M^H^I^J"},
        {"NUL inside the text", "a\0b", 3, "a^@b"},
        {"DEL", "x\x7fy", 0, "x^?y"},
        {"C1 CSI U+009B", "\xC2\x9B" "2J", 0, "<U+009B>2J"},
        {"C1 NEL U+0085", "\xC2\x85", 0, "<U+0085>"},
        {"right-to-left override U+202E", "ab\xE2\x80\xAE" "cd", 0, "ab<U+202E>cd"},
        {"zero width space U+200B", "a\xE2\x80\x8B" "b", 0, "a<U+200B>b"},
        {"first strong isolate U+2068", "\xE2\x81\xA8", 0, "<U+2068>"},
        {"byte order mark U+FEFF", "\xEF\xBB\xBF" "x", 0, "<U+FEFF>x"},
        {"line separator U+2028", "\xE2\x80\xA8", 0, "<U+2028>"},
        {"invalid byte C3", "\xC3", 0, "\\xC3"},
        {"Latin-1 é", "caf\xE9!", 0, "caf\\xE9!"},
        {"truncated 湛", "\xE6\xB9", 0, "\\xE6\\xB9"},
        {"overlong NUL", "\xC0\x80", 0, "\\xC0\\x80"},
        {"surrogate", "\xED\xA0\x80", 0, "\\xED\\xA0\\x80"},
        {"leading combining mark", "\xCC\x81" "a", 0, "<U+0301>a"},
        {"mark after a control", "\x1b\xCC\x81", 0, "^[<U+0301>"},
        {"mark after an invalid byte", "\xFF\xCC\x81", 0, "\\xFF<U+0301>"},
        {"mark after a bidi control", "\xE2\x80\xAE\xCC\x81", 0, "<U+202E><U+0301>"},
        {"four marks are kept", "a\xCC\x81\xCC\x82\xCC\x83\xCC\x84", 0, "a\xCC\x81\xCC\x82\xCC\x83\xCC\x84"},
        {"a fifth mark is summarised", "a\xCC\x81\xCC\x82\xCC\x83\xCC\x84\xCC\x85", 0,
         "a\xCC\x81\xCC\x82\xCC\x83\xCC\x84<+1 marks>"},
        /* meant to be invisible, or to change how the character before is drawn */
        {"Hangul filler U+3164", "a\xE3\x85\xA4" "b", 0, "a<U+3164>b"},
        {"Hangul choseong filler U+115F", "\xE1\x85\x9F", 0, "<U+115F>"},
        {"Hangul jungseong filler U+1160", "\xE1\x85\xA0", 0, "<U+1160>"},
        {"halfwidth Hangul filler U+FFA0", "\xEF\xBE\xA0", 0, "<U+FFA0>"},
        {"emoji presentation selector U+FE0F", "\xE2\x9D\xA4\xEF\xB8\x8F", 0, "\xE2\x9D\xA4<U+FE0F>"},
        {"variation selector 17 U+E0100", "\xE8\xBE\xBB\xF3\xA0\x84\x80", 0, "\xE8\xBE\xBB<U+E0100>"},
        {"combining grapheme joiner U+034F", "a\xCD\x8F", 0, "a<U+034F>"},
        {"tag letter U+E0041", "\xF3\xA0\x81\x81", 0, "<U+E0041>"},
        {"private use U+E000", "\xEE\x80\x80", 0, "<U+E000>"},
        {"private use plane 15 U+F0000", "\xF3\xB0\x80\x80", 0, "<U+F0000>"},
        {"a Hangul syllable and its jamo stay", "\xEA\xB0\x80\xE1\x84\x80\xE1\x85\xA1", 0,
         "\xEA\xB0\x80\xE1\x84\x80\xE1\x85\xA1"},
        {"marks count again on the next letter", "a\xCC\x81\xCC\x81\xCC\x81\xCC\x81\xCC\x81\xCC\x81" "b\xCC\x81",
         0, "a\xCC\x81\xCC\x81\xCC\x81\xCC\x81<+2 marks>b\xCC\x81"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct sanitize_case *c = &cases[i];
        const char *got = sanitized(c->in, c->n ? c->n : strlen(c->in));
        if (strcmp(got, c->want) != 0)
            fail_msg("%s: got \"%s\", expected \"%s\"", c->what, got, c->want);
    }
}

static void sanitize_should_keep_four_of_500_marks_and_count_the_rest(void **state)
{
    (void)state;
    buf in;
    buf_init(&in);
    buf_putc(&in, 'a');
    for (int i = 0; i < 500; i++)
        buf_puts(&in, "\xCC\x81");
    buf_puts(&in, "z");
    buf_clear(&out);
    text_sanitize(&out, in.data, in.len);
    buf_free(&in);
    assert_string_equal(out.data, "a\xCC\x81\xCC\x81\xCC\x81\xCC\x81<+496 marks>z");
}

/* Every property a terminal relies on, over many generated inputs. */
static void sanitize_should_never_emit_anything_unsafe(void **state)
{
    (void)state;
    rng = 0x5DEECE66Du;
    for (int round = 0; round < 20000; round++) {
        buf_clear(&scratch);
        generate(&scratch, 1 + (int)pick(24));
        buf_clear(&out);
        text_sanitize(&out, scratch.data, scratch.len);
        const unsigned char *s = (const unsigned char *)(out.data ? out.data : "");
        size_t n = out.len, i = 0;
        int run = 0;
        bool first = true;
        while (i < n) {
            uint32_t cp;
            size_t len = utf8_next(s + i, n - i, &cp);
            if (!len)
                fail_msg("round %d: output is not UTF-8 at byte %zu", round, i);
            if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
                fail_msg("round %d: output holds control U+%04X", round, (unsigned)cp);
            if (is_format_or_bidi(cp))
                fail_msg("round %d: output holds format character U+%04X", round, (unsigned)cp);
            if (is_test_mark(cp)) {
                if (first)
                    fail_msg("round %d: output starts with combining mark U+%04X", round, (unsigned)cp);
                if (++run > TEXT_MAX_COMBINING)
                    fail_msg("round %d: output holds more than %d marks in a row", round, TEXT_MAX_COMBINING);
            } else {
                run = 0;
            }
            first = false;
            i += len;
        }
        /* Sanitised text is left alone by a second pass: its width is what
         * the first pass promised. */
        char *once = buf_take(&out);
        buf_clear(&out);
        text_sanitize(&out, once, strlen(once));
        int same = strcmp(once, out.data ? out.data : "");
        size_t once_len = strlen(once);
        free(once);
        if (same != 0)
            fail_msg("round %d: sanitising twice changes the text", round);
        assert_int_equal(text_width(scratch.data, scratch.len), text_width(out.data, out.len));
        assert_int_equal(out.len, once_len);
    }
}

/* ------------------------------------------------------------------------ */
/* Fitting to a width. */

static void fit_should_pad_to_exactly_the_width(void **state)
{
    (void)state;
    int cells;
    assert_string_equal(fitted("ab", 5, 0, &cells), "ab   ");
    assert_int_equal(cells, 5);
    assert_string_equal(fitted("", 3, 0, &cells), "   ");
    assert_int_equal(cells, 3);
    assert_string_equal(fitted("湛江", 5, 0, &cells), "湛江 ");
    assert_int_equal(cells, 5);
    assert_string_equal(fitted("abcde", 5, 0, &cells), "abcde");
    assert_int_equal(cells, 5);
    assert_string_equal(fitted("湛江市浙江", 10, 0, &cells), "湛江市浙江");
    assert_int_equal(cells, 10);
    assert_string_equal(fitted("湛江市浙江", 11, 0, &cells), "湛江市浙江 ");
    assert_int_equal(cells, 11);
}

static void fit_should_cut_between_wide_characters_and_mark_the_cut(void **state)
{
    (void)state;
    int cells;
    /* 湛江 and the mark fill 5 cells: a third character would not fit */
    assert_string_equal(fitted("湛江市浙江", 5, 0, &cells), "湛江…");
    assert_int_equal(cells, 5);
    /* 湛江市 would take 6 cells, and the mark one more: 湛江… and one space */
    assert_string_equal(fitted("湛江市浙江", 6, 0, &cells), "湛江… ");
    assert_int_equal(cells, 6);
    assert_string_equal(fitted("湛江市浙江", 4, 0, &cells), "湛… ");
    assert_int_equal(cells, 4);
    assert_string_equal(fitted("湛江市浙江", 2, 0, &cells), "… ");
    assert_int_equal(cells, 2);
    assert_string_equal(fitted("abcdef", 4, 0, &cells), "abc…");
    assert_int_equal(cells, 4);
}

static void fit_should_keep_marks_with_their_letter_at_a_cut(void **state)
{
    (void)state;
    int cells;
    assert_string_equal(fitted("e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 2, 0, &cells), "e\xCC\x81…");
    assert_int_equal(cells, 2);
}

static void fit_should_mark_a_cut_with_a_tilde_in_ascii_mode(void **state)
{
    (void)state;
    int cells;
    assert_string_equal(fitted("abcdef", 4, TEXT_ASCII, &cells), "abc~");
    assert_int_equal(cells, 4);
    assert_string_equal(fitted("湛江市浙江", 6, TEXT_ASCII, &cells), "湛江~ ");
    assert_int_equal(cells, 6);
    assert_string_equal(fitted("abc", 4, TEXT_ASCII, &cells), "abc ");
}

static void fit_should_pad_on_the_left_when_aligned_right(void **state)
{
    (void)state;
    int cells;
    assert_string_equal(fitted("ab", 5, TEXT_ALIGN_RIGHT, &cells), "   ab");
    assert_int_equal(cells, 5);
    assert_string_equal(fitted("4,170人", 10, TEXT_ALIGN_RIGHT, &cells), "   4,170人");
    assert_int_equal(cells, 10);
    assert_string_equal(fitted("湛江市浙江", 6, TEXT_ALIGN_RIGHT, &cells), " 湛江…");
    assert_int_equal(cells, 6);
    assert_string_equal(fitted("abcdef", 4, TEXT_ALIGN_RIGHT, &cells), "abc…");
}

static void fit_should_not_pad_with_no_pad(void **state)
{
    (void)state;
    int cells;
    assert_string_equal(fitted("ab", 5, TEXT_NO_PAD, &cells), "ab");
    assert_int_equal(cells, 2);
    assert_string_equal(fitted("湛江市浙江", 6, TEXT_NO_PAD, &cells), "湛江…");
    assert_int_equal(cells, 5);
    assert_string_equal(fitted("ab", 5, TEXT_NO_PAD | TEXT_ALIGN_RIGHT, &cells), "ab");
    assert_int_equal(cells, 2);
    assert_string_equal(fitted("", 5, TEXT_NO_PAD, &cells), "");
    assert_int_equal(cells, 0);
}

static void fit_should_draw_nothing_in_width_zero(void **state)
{
    (void)state;
    int cells = -1;
    assert_string_equal(fitted("abc", 0, 0, &cells), "");
    assert_int_equal(cells, 0);
    assert_string_equal(fitted("湛江", 0, TEXT_ALIGN_RIGHT, &cells), "");
    assert_int_equal(cells, 0);
    assert_string_equal(fitted("abc", -3, 0, &cells), "");
    assert_int_equal(cells, 0);
}

static void fit_should_show_only_the_mark_in_width_one(void **state)
{
    (void)state;
    int cells;
    assert_string_equal(fitted("a", 1, 0, &cells), "a");
    assert_int_equal(cells, 1);
    assert_string_equal(fitted("", 1, 0, &cells), " ");
    assert_int_equal(cells, 1);
    assert_string_equal(fitted("ab", 1, 0, &cells), "…");
    assert_int_equal(cells, 1);
    assert_string_equal(fitted("湛", 1, 0, &cells), "…");
    assert_int_equal(cells, 1);
    assert_string_equal(fitted("湛", 1, TEXT_ASCII, &cells), "~");
    assert_int_equal(cells, 1);
}

static void fit_should_sanitise_what_it_draws(void **state)
{
    (void)state;
    int cells;
    assert_string_equal(fitted("a\x1b" "b", 6, 0, &cells), "a^[b  ");
    assert_int_equal(cells, 6);
    assert_string_equal(fitted("\xE2\x80\xAE" "abc", 20, 0, &cells), "<U+202E>abc         ");
    assert_int_equal(cells, 20);
}

/* Whether the n bytes at p are only spaces. */
static bool all_spaces(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ')
            return false;
    return true;
}

/* Width of the character of safe text that starts at s. */
static int next_char_width(const char *s, size_t n)
{
    uint32_t cp;
    size_t len = utf8_next((const unsigned char *)s, n, &cp);
    return text_width(s, len ? len : 1);
}

/* Whatever the text, the width and the flags: exactly width cells (at most,
 * with TEXT_NO_PAD), the return value says how many, and what is drawn is the
 * sanitised text padded with spaces, or else the longest run of its first
 * characters that leaves a cell for the mark, the mark, and spaces. */
static void fit_should_always_fill_exactly_its_width(void **state)
{
    (void)state;
    rng = 0xC0FFEE1234567u;
    buf safe;
    buf_init(&safe);
    for (int round = 0; round < 3000; round++) {
        buf_clear(&scratch);
        generate(&scratch, 1 + (int)pick(12));
        buf_clear(&safe);
        text_sanitize(&safe, scratch.data, scratch.len);
        int full = text_width(scratch.data, scratch.len);
        for (int width = -1; width <= 24; width++) {
            for (int flags = 0; flags < 8; flags++) {
                buf_clear(&out);
                int cells = text_fit(&out, scratch.data, scratch.len, width, flags);
                const char *o = out.data ? out.data : "";
                size_t n = out.len;
                int drawn = text_width(o, n);
                if (drawn != cells)
                    fail_msg("round %d width %d flags %d: returned %d cells, drew %d", round, width,
                             flags, cells, drawn);
                bool pad = !(flags & TEXT_NO_PAD), right = flags & TEXT_ALIGN_RIGHT;
                int want = width <= 0 ? 0 : !pad ? (full < width ? full : width) : width;
                if (width > 0 && !pad && full > width)
                    want = cells <= width ? cells : width; /* a cut: at most width, see below */
                if (cells != want)
                    fail_msg("round %d width %d flags %d: %d cells, expected %d", round, width, flags,
                             cells, want);
                if (width <= 0) {
                    assert_int_equal(n, 0);
                    continue;
                }
                size_t fill = pad ? (size_t)(width - (full < width ? full : width)) : 0;
                if (full <= width) { /* no cut: the whole sanitised text and the padding */
                    bool ok = n == safe.len + fill &&
                              !memcmp(o + (right ? fill : 0), safe.data ? safe.data : "", safe.len) &&
                              all_spaces(o + (right ? 0 : safe.len), fill);
                    if (!ok)
                        fail_msg("round %d width %d flags %d: not the text and %zu spaces", round, width,
                                 flags, fill);
                    continue;
                }
                /* a cut: [spaces] kept mark [spaces] */
                const char *mark = flags & TEXT_ASCII ? "~" : "…";
                size_t ml = strlen(mark), e = n;
                if (!right)
                    while (e > 0 && o[e - 1] == ' ')
                        e--;
                if (e < ml || memcmp(o + e - ml, mark, ml) != 0)
                    fail_msg("round %d width %d flags %d: a cut without its mark", round, width, flags);
                bool found = false;
                for (size_t k = 0; k <= e - ml && !found; k++) {
                    if (k && o[k - 1] != ' ')
                        break;
                    if (!right && k)
                        break;
                    size_t kept = e - ml - k;
                    if (kept > safe.len || memcmp(o + k, safe.data, kept) != 0)
                        continue;
                    int w = text_width(o + k, kept);
                    if (w > width - 1)
                        continue;
                    /* the longest: the next character would not have fitted */
                    if (kept < safe.len && w + next_char_width(safe.data + kept, safe.len - kept) <= width - 1)
                        continue;
                    size_t spaces = right ? k : n - e;
                    if (spaces != (pad ? (size_t)(width - 1 - w) : 0) || cells != w + 1 + (int)spaces)
                        continue;
                    found = true;
                }
                if (!found)
                    fail_msg("round %d width %d flags %d: the cut is not the longest whole prefix", round,
                             width, flags);
            }
        }
    }
    buf_free(&safe);
}

/* ------------------------------------------------------------------------ */
/* Wrapping. */

static void wrap_should_not_split_wide_characters_or_marks(void **state)
{
    (void)state;
    const char *s = "湛江市浙江";
    assert_int_equal(text_wrap(s, strlen(s), 5), 6);  /* 湛江 */
    assert_int_equal(text_wrap(s, strlen(s), 1), 3);  /* at least one character */
    const char *m = "ae\xCC\x81" "b";
    assert_int_equal(text_wrap(m, strlen(m), 2), 4); /* a, e and its mark */
    const char *words = "hello world";
    assert_int_equal(text_wrap(words, strlen(words), 8), 6); /* after the space */
    assert_int_equal(text_wrap(words, strlen(words), 20), 11);
}

/* ------------------------------------------------------------------------ */

#define T(f) cmocka_unit_test_setup_teardown(f, setup_bufs, free_bufs)

int main(void)
{
    static const struct CMUnitTest tests[] = {
        T(decode_should_round_trip_every_scalar_value_through_encode),
        T(decode_should_read_chinese_text),
        T(decode_should_reject_overlong_forms),
        T(decode_should_reject_surrogates),
        T(decode_should_reject_code_points_beyond_10FFFF),
        T(decode_should_reject_truncated_and_broken_sequences),
        T(invalid_at_should_give_the_offset_of_the_first_bad_byte),
        T(looks_gbk_should_tell_gbk_chinese_from_latin1),
        T(width_should_count_ascii_as_one_cell_each),
        T(width_should_count_cjk_as_two_cells),
        T(width_should_count_combining_marks_as_zero),
        T(width_should_count_fullwidth_forms_as_two_cells),
        T(width_should_be_that_of_the_visible_placeholders),
        T(sanitize_should_make_unsafe_text_visible),
        T(sanitize_should_keep_four_of_500_marks_and_count_the_rest),
        T(sanitize_should_never_emit_anything_unsafe),
        T(fit_should_pad_to_exactly_the_width),
        T(fit_should_cut_between_wide_characters_and_mark_the_cut),
        T(fit_should_keep_marks_with_their_letter_at_a_cut),
        T(fit_should_mark_a_cut_with_a_tilde_in_ascii_mode),
        T(fit_should_pad_on_the_left_when_aligned_right),
        T(fit_should_not_pad_with_no_pad),
        T(fit_should_draw_nothing_in_width_zero),
        T(fit_should_show_only_the_mark_in_width_one),
        T(fit_should_sanitise_what_it_draws),
        T(fit_should_always_fill_exactly_its_width),
        T(wrap_should_not_split_wide_characters_or_marks),
    };
    return cmocka_run_group_tests_name("test_text", tests, NULL, NULL);
}

/* The configuration file's parser (tui/config.c), on texts written here:
 * every key and spelling, the lines it must refuse and how it says so, the
 * quoting, CRLF, comments, the 64 KiB cap, and --print-config's format read
 * back to the same configuration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "lang.h"
#include "text.h"

/* The text parsed over the defaults; problems into p. */
static void parse(const char *text, struct config *c, struct config_problems *p)
{
    config_defaults(c);
    memset(p, 0, sizeof *p);
    config_parse(text, strlen(text), c, p);
}

/* The text parsed, with no problem allowed. */
static void parse_clean(const char *text, struct config *c)
{
    struct config_problems p;
    parse(text, c, &p);
    if (p.count)
        fail_msg("%u problem(s) in a good file; the first at line %u", p.count, p.first[0].line);
}

/* The problems said in English, as standard error gets them. */
static char *said(const struct config_problems *p)
{
    buf out;
    buf_init(&out);
    lang_set(LANG_EN);
    config_describe(&out, "cfg", p);
    return buf_take(&out);
}

static void expect_said(const char *text, const char *want)
{
    struct config c;
    struct config_problems p;
    parse(text, &c, &p);
    char *s = said(&p);
    if (strcmp(s, want))
        fail_msg("for %s\nsaid:   %s\nwanted: %s", text, s, want);
    free(s);
}

static void every_key_should_be_taken(void **state)
{
    (void)state;
    struct config c;
    parse_clean("language = en\npicture-theme = dark\npicture-format = pdf\n"
                "picture-folder = ~/briefings\nmouse = off\nascii = on\ncolour = off\n"
                "tab = industry\nsort = money:desc\ncsv-bom = on\ncopy = file\n",
                &c);
    assert_int_equal(c.language, LANG_EN);
    assert_true(c.dark_pictures);
    assert_int_equal(c.picture_format, PIC_PDF);
    assert_string_equal(c.picture_folder, "~/briefings");
    assert_false(c.mouse);
    assert_true(c.ascii);
    assert_false(c.colour);
    assert_string_equal(c.tab, "industry");
    assert_string_equal(c.sort, "money:desc");
    assert_true(c.csv_bom);
    assert_true(c.copy_to_file);
    assert_int_equal(c.set, (1u << CONFIG_NKEYS) - 1);
}

static void defaults_should_be_what_the_man_page_says(void **state)
{
    (void)state;
    struct config c;
    parse_clean("", &c);
    assert_int_equal(c.language, LANG_ZH);
    assert_false(c.dark_pictures);
    assert_int_equal(c.picture_format, PIC_PNG);
    assert_string_equal(c.picture_folder, "");
    assert_true(c.mouse);
    assert_false(c.ascii);
    assert_true(c.colour);
    assert_string_equal(c.tab, "");
    assert_string_equal(c.sort, "");
    assert_false(c.csv_bom);
    assert_false(c.copy_to_file);
    assert_int_equal(c.set, 0);
}

static void every_boolean_spelling_should_be_taken(void **state)
{
    (void)state;
    static const char *const yes[] = {"on", "yes", "true", "1"}, *const no[] = {"off", "no", "false", "0"};
    for (size_t i = 0; i < 4; i++) {
        char text[64];
        struct config c;
        snprintf(text, sizeof text, "ascii = %s\ncsv-bom=%s\nmouse = %s\n", yes[i], yes[i], no[i]);
        parse_clean(text, &c);
        assert_true(c.ascii);
        assert_true(c.csv_bom);
        assert_false(c.mouse);
        snprintf(text, sizeof text, "colour = %s\n", no[i]);
        parse_clean(text, &c);
        assert_false(c.colour);
    }
    struct config c;
    parse_clean("color = off\n", &c); /* NO_COLOR's spelling */
    assert_false(c.colour);
    /* in any case, as btop writes True and a hand writes On */
    parse_clean("ascii = True\nmouse = OFF\nlanguage = EN\npicture-format = PDF\n", &c);
    assert_true(c.ascii);
    assert_false(c.mouse);
    assert_int_equal(c.language, LANG_EN);
    assert_int_equal(c.picture_format, PIC_PDF);
}

static void every_picture_format_should_be_taken(void **state)
{
    (void)state;
    static const char *const names[] = {"png", "pdf", "svg", "html", "txt", "ans"};
    static const enum picture_format formats[] = {PIC_PNG, PIC_PDF, PIC_SVG, PIC_HTML, PIC_TXT, PIC_ANS};
    for (size_t i = 0; i < 6; i++) {
        char text[64];
        struct config c;
        snprintf(text, sizeof text, "picture-format = %s", names[i]);
        parse_clean(text, &c);
        assert_int_equal(c.picture_format, formats[i]);
        assert_string_equal(config_format_name(formats[i]), names[i]);
    }
}

static void a_bad_key_should_be_said_with_every_key(void **state)
{
    (void)state;
    expect_said("language = en\n\nlang = en\n",
                "cfg:3: expected one of the keys language, picture-theme, picture-format, "
                "picture-folder, mouse, ascii, colour, tab, sort, csv-bom, copy; "
                "\"lang\" is none of them\n");
    expect_said("Language = en\n", "cfg:1: expected one of the keys language, picture-theme, "
                                   "picture-format, picture-folder, mouse, ascii, colour, tab, "
                                   "sort, csv-bom, copy; \"Language\" is none of them\n");
}

static void a_bad_value_should_be_said_and_left_out(void **state)
{
    (void)state;
    struct config c;
    struct config_problems p;
    parse("language = en\nlanguage = fr\nmouse = maybe\ncopy = clipboard\npicture-format = bmp\n", &c, &p);
    assert_int_equal(c.language, LANG_EN); /* the bad line changes nothing */
    assert_true(c.mouse);
    char *s = said(&p);
    assert_string_equal(s, "cfg:2: language: expected one of zh, en, not \"fr\"\n"
                           "cfg:3: mouse: expected one of on, off, not \"maybe\"\n"
                           "cfg:4: copy: expected one of terminal, file, not \"clipboard\"\n"
                           "cfg:5: picture-format: expected one of png, pdf, svg, html, txt, ans, not \"bmp\"\n");
    free(s);
    expect_said("picture-theme = grey\n", "cfg:1: picture-theme: expected one of light, dark, not \"grey\"\n");
}

static void a_line_without_equals_should_be_said(void **state)
{
    (void)state;
    expect_said("language en\n", "cfg:1: expected key = value\n");
    expect_said("   = en\n", "cfg:1: expected key = value\n");
}

static void spaces_comments_and_blank_lines_should_not_count(void **state)
{
    (void)state;
    struct config c;
    parse_clean("# zjdash\n\n   \t\n  # indented comment\n\tlanguage\t=\ten  \n", &c);
    assert_int_equal(c.language, LANG_EN);
}

static void a_hash_inside_a_value_should_be_part_of_it(void **state)
{
    (void)state;
    struct config c;
    parse_clean("picture-folder = ~/slides #2\n", &c);
    assert_string_equal(c.picture_folder, "~/slides #2");
}

static void quotes_should_keep_the_spaces_inside(void **state)
{
    (void)state;
    struct config c;
    parse_clean("picture-folder = \"  two spaces  \"\ntab = \"\"\nsort = \"money\n", &c);
    assert_string_equal(c.picture_folder, "  two spaces  ");
    assert_string_equal(c.tab, "");
    assert_string_equal(c.sort, "\"money"); /* one quote is the value's own */
}

static void crlf_lines_should_read_as_lf_ones(void **state)
{
    (void)state;
    struct config c;
    parse_clean("language = en\r\ntab = 2\r\nascii = on\r\n", &c);
    assert_int_equal(c.language, LANG_EN);
    assert_string_equal(c.tab, "2");
    assert_true(c.ascii);
}

static void the_last_of_a_repeated_key_should_win(void **state)
{
    (void)state;
    struct config c;
    parse_clean("tab = 1\nlanguage = en\ntab = 3\nlanguage = zh\n", &c);
    assert_string_equal(c.tab, "3");
    assert_int_equal(c.language, LANG_ZH);
}

static void only_the_first_64_kib_should_be_read(void **state)
{
    (void)state;
    size_t n = CONFIG_MAX_BYTES + 100;
    char *text = malloc(n + 1);
    memset(text, '#', n);
    for (size_t i = 79; i < n; i += 80)
        text[i] = '\n';
    /* a line across the cap: read in part, it would set another tab */
    size_t at = CONFIG_MAX_BYTES - 8; /* cut, it would read "tab = in" */
    text[at - 1] = '\n';
    memcpy(text + at, "tab = industry\n", 15);
    memcpy(text, "ascii = on\n", 11);
    text[n] = 0;
    struct config c;
    struct config_problems p;
    config_defaults(&c);
    memset(&p, 0, sizeof p);
    config_parse(text, n, &c, &p);
    assert_true(c.ascii);
    assert_string_equal(c.tab, "");
    assert_int_equal(p.count, 1);
    assert_int_equal(p.first[0].kind, CONFIG_TOO_BIG);
    char *s = said(&p);
    assert_non_null(strstr(s, "expected a file of at most 64 KiB"));
    free(s);
    /* exactly the cap is read whole */
    memset(&p, 0, sizeof p);
    config_parse(text, CONFIG_MAX_BYTES, &c, &p);
    assert_int_equal(p.count, 0);
    free(text);
}

static void more_than_twenty_problems_should_end_in_a_count(void **state)
{
    (void)state;
    buf text;
    buf_init(&text);
    for (int i = 0; i < 25; i++)
        buf_puts(&text, "x\n");
    struct config c;
    struct config_problems p;
    parse(text.data, &c, &p);
    assert_int_equal(p.count, 25);
    char *s = said(&p);
    int lines = 0;
    for (const char *q = s; *q; q++)
        lines += *q == '\n';
    assert_int_equal(lines, 21);
    assert_non_null(strstr(s, "cfg:20: expected key = value\nand 5 more\n"));
    free(s);
    buf_free(&text);
}

/* What the terminal would act on is refused in a value, and shown
 * sanitised in a message about a key. */
static void control_characters_should_never_be_said_raw(void **state)
{
    (void)state;
    struct config c;
    struct config_problems p;
    /* and what would hide or reverse text: U+202E, U+200B */
    parse("tab = a\033[2Jb\npicture-folder = \xff\xfe\nk\033]52;c;x\a = 1\n"
          "sort = name\xe2\x80\xae:desc\npicture-folder = a\xe2\x80\x8b\n",
          &c, &p);
    assert_string_equal(c.tab, "");
    assert_string_equal(c.picture_folder, "");
    assert_string_equal(c.sort, "");
    assert_int_equal(p.count, 5);
    buf out;
    buf_init(&out);
    lang_set(LANG_EN);
    config_describe(&out, "dir\033[31m/cfg", &p);
    for (size_t i = 0; i < out.len; i++)
        if ((unsigned char)out.data[i] < 0x20 && out.data[i] != '\n')
            fail_msg("byte 0x%02x at %zu of %s", (unsigned char)out.data[i], i, out.data);
    assert_non_null(strstr(out.data, "dir^[[31m/cfg:1: tab: expected UTF-8 text without control or invisible characters"));
    assert_non_null(strstr(out.data, ":3: expected one of the keys"));
    for (size_t i = 0; i < out.len;) {
        uint32_t cp;
        size_t k = text_decode(out.data + i, out.len - i, &cp);
        assert_true(k > 0);
        i += k;
    }
    buf_free(&out);
}

static void a_value_too_long_should_be_said(void **state)
{
    (void)state;
    buf text;
    buf_init(&text);
    buf_puts(&text, "tab = ");
    buf_repeat(&text, "x", CONFIG_NAME_MAX);
    buf_puts(&text, "\n");
    expect_said(text.data, "cfg:1: tab: expected a value of at most 255 bytes\n");
    buf_free(&text);
}

/* --print-config's output read back gives the same configuration. */
static void printed_config_should_read_back_the_same(void **state)
{
    (void)state;
    struct config c, back;
    parse_clean("language = en\npicture-theme = dark\npicture-folder = \" ~/a b \"\n"
                "tab = \"\"quoted\"\"\nsort = money:desc\ncopy = file\nascii = yes\n",
                &c);
    assert_string_equal(c.tab, "\"quoted\"");
    buf out;
    buf_init(&out);
    lang_set(LANG_ZH);
    config_print(&out, &c, "/home/x/.config/zjdash/config");
    assert_non_null(strstr(out.data, "\npicture-folder = \" ~/a b \"\n"));
    assert_non_null(strstr(out.data, "\ntab = \"\"quoted\"\"\n"));
    assert_non_null(strstr(out.data, "\nascii = on\n"));
    assert_int_equal(out.data[0], '#');
    /* a default nobody chose is written as a comment, and stays one */
    assert_non_null(strstr(out.data, "\n# mouse = on\n"));
    parse_clean(out.data, &back);
    assert_memory_equal(&back, &c, sizeof c);
    buf_free(&out);
    /* empty values are written bare */
    parse_clean("tab =\nsort =\n", &c);
    buf_init(&out);
    config_print(&out, &c, NULL);
    assert_non_null(strstr(out.data, "\ntab =\nsort =\n"));
    buf_free(&out);
}

static void a_tilde_folder_should_expand_with_home(void **state)
{
    (void)state;
    buf out;
    buf_init(&out);
    setenv("HOME", "/home/someone", 1);
    config_expand_folder(&out, "~/pics");
    assert_string_equal(out.data, "/home/someone/pics");
    buf_clear(&out);
    config_expand_folder(&out, "/abs/~/x");
    assert_string_equal(out.data, "/abs/~/x");
    buf_clear(&out);
    config_expand_folder(&out, "");
    assert_string_equal(out.data, ".");
    buf_clear(&out);
    unsetenv("HOME");
    config_expand_folder(&out, "~/pics");
    assert_string_equal(out.data, "~/pics");
    buf_free(&out);
}

static void problems_should_be_said_in_chinese_too(void **state)
{
    (void)state;
    struct config c;
    struct config_problems p;
    parse("language = fr\n", &c, &p);
    buf out;
    buf_init(&out);
    lang_set(LANG_ZH);
    config_describe(&out, "cfg", &p);
    assert_string_equal(out.data, "cfg:1: language：应为 zh, en 之一，而不是“fr”\n");
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_key_should_be_taken),
        cmocka_unit_test(defaults_should_be_what_the_man_page_says),
        cmocka_unit_test(every_boolean_spelling_should_be_taken),
        cmocka_unit_test(every_picture_format_should_be_taken),
        cmocka_unit_test(a_bad_key_should_be_said_with_every_key),
        cmocka_unit_test(a_bad_value_should_be_said_and_left_out),
        cmocka_unit_test(a_line_without_equals_should_be_said),
        cmocka_unit_test(spaces_comments_and_blank_lines_should_not_count),
        cmocka_unit_test(a_hash_inside_a_value_should_be_part_of_it),
        cmocka_unit_test(quotes_should_keep_the_spaces_inside),
        cmocka_unit_test(crlf_lines_should_read_as_lf_ones),
        cmocka_unit_test(the_last_of_a_repeated_key_should_win),
        cmocka_unit_test(only_the_first_64_kib_should_be_read),
        cmocka_unit_test(more_than_twenty_problems_should_end_in_a_count),
        cmocka_unit_test(control_characters_should_never_be_said_raw),
        cmocka_unit_test(a_value_too_long_should_be_said),
        cmocka_unit_test(printed_config_should_read_back_the_same),
        cmocka_unit_test(a_tilde_folder_should_expand_with_home),
        cmocka_unit_test(problems_should_be_said_in_chinese_too),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

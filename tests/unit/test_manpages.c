/* The man page in two languages: man/zh_CN/zjdash.1 is the Chinese
 * translation of man/zjdash.1, and a change to one that is not made to the
 * other must fail here. Both pages must have the same sections (by a table of
 * their names in each language) and name the same long options, keys,
 * environment variables, exit statuses, files and examples; the Chinese page
 * must pass mandoc's lint as make check lints the English one; and the key
 * table of the README's Chinese section must list the keys of its English
 * one. Words are not compared: a translation is read by a person. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"

#include "../support/testutil.h"

#define EN_PAGE "man/zjdash.1"
#define ZH_PAGE "man/zh_CN/zjdash.1"
#define README "README.md"

#define MAX_NAMES 160
#define NAME_LEN 128

struct names {
    char name[MAX_NAMES][NAME_LEN];
    int n;
};

static buf en, zh, readme;

/* Names are few (at most a hundred a page): a linear search keeps it plain. */
static bool names_has(const struct names *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->name[i], name))
            return true;
    return false;
}

/* A set: a name listed twice in one page is still one name to translate. */
static void names_add(struct names *s, const char *name)
{
    if (names_has(s, name))
        return;
    if (s->n == MAX_NAMES || strlen(name) >= NAME_LEN)
        fail_msg("too many names, or one too long: \"%s\"", name);
    snprintf(s->name[s->n++], NAME_LEN, "%s", name);
}

/* Both sets equal, or one message that names every difference, so that a
 * translator sees all that is missing at once. */
static void expect_same(const struct names *a, const char *a_doc, const struct names *b,
                        const char *b_doc, const char *what)
{
    buf diff;
    buf_init(&diff);
    int n = 0;
    for (int i = 0; i < a->n; i++)
        if (!names_has(b, a->name[i])) {
            buf_printf(&diff, "\n  %s has the %s \"%s\"; %s has not", a_doc, what, a->name[i], b_doc);
            n++;
        }
    for (int i = 0; i < b->n; i++)
        if (!names_has(a, b->name[i])) {
            buf_printf(&diff, "\n  %s has the %s \"%s\"; %s has not", b_doc, what, b->name[i], a_doc);
            n++;
        }
    if (n) {
        print_error("%s\n", diff.data);
        buf_free(&diff);
        fail_msg("%s and %s differ in %d %s(s)", a_doc, b_doc, n, what);
    }
    buf_free(&diff);
    if (!a->n)
        fail_msg("%s names no %s: the parser no longer reads the pages", a_doc, what);
}

/* ---- roff ---- */

/* An argument as a reader sees it, so that \- and - and the same escape in
 * either page compare equal; \(en stays itself (a range of keys). */
static void roff_unescape(const char *s, size_t n, char *out, size_t outlen)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 5 < outlen; i++) {
        if (s[i] != '\\' || i + 1 == n) {
            out[o++] = s[i];
        } else if (s[i + 1] == '-') {
            out[o++] = '-';
            i++;
        } else if (s[i + 1] == 'e') {
            out[o++] = '\\';
            i++;
        } else if (s[i + 1] == '&') {
            i++;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = 0;
}

/* The arguments of a request line, words or "quoted strings", as roff splits
 * them: the bold and roman parts of .BR alternate by argument. */
static int roff_args(const char *line, char args[][NAME_LEN], int max)
{
    int n = 0;
    const char *p = line;
    while (*p && *p != ' ')
        p++;
    while (*p && n < max) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *from = p, *to;
        if (*p == '"') {
            from = ++p;
            while (*p && *p != '"')
                p++;
            to = p;
            if (*p)
                p++;
        } else {
            while (*p && *p != ' ')
                p++;
            to = p;
        }
        roff_unescape(from, (size_t)(to - from), args[n++], NAME_LEN);
    }
    return n;
}

/* The text of one section, from after its .SH line to the next .SH; each page
 * names its sections in its own language. */
static const char *section(const buf *page, const char *doc, const char *name, size_t *len)
{
    char heading[128];
    snprintf(heading, sizeof heading, "\n.SH %s\n", name);
    const char *p = strstr(page->data, heading);
    if (!p)
        fail_msg("%s has no section .SH %s", doc, name);
    p += strlen(heading);
    const char *end = strstr(p, "\n.SH ");
    *len = end ? (size_t)(end + 1 - p) : strlen(p);
    return p;
}

/* The tag of one .TP item: .B or .I words are one name (an exit status, a
 * file, an example command); .BR parts bold names by roman separators, and
 * "1 \(en 9" is one name, the range as written. */
static void item_names(const char *line, const char *doc, struct names *s)
{
    char args[32][NAME_LEN];
    int n = roff_args(line, args, 32);
    if (!strncmp(line, ".B ", 3) || !strncmp(line, ".I ", 3)) {
        char joined[NAME_LEN] = "";
        for (int i = 0; i < n; i++)
            snprintf(joined + strlen(joined), NAME_LEN - strlen(joined), "%s%s", i ? " " : "", args[i]);
        names_add(s, joined);
    } else if (!strncmp(line, ".BR ", 4)) {
        for (int i = 0; i < n; i += 2) {
            if (i + 2 < n && !strcmp(args[i + 1], "\\(en")) {
                char range[NAME_LEN];
                snprintf(range, sizeof range, "%.60s\\(en%.60s", args[i], args[i + 2]);
                names_add(s, range);
                i += 2;
            } else {
                names_add(s, args[i]);
            }
        }
    } else {
        fail_msg("%s: after .TP, \"%s\" is neither .B, .BR nor .I", doc, line);
    }
}

/* The tags of every .TP item of a section, read as test_keys reads KEYS: the
 * line after each .TP. */
static void section_items(const buf *page, const char *doc, const char *name, struct names *s)
{
    size_t len;
    const char *p = section(page, doc, name, &len), *stop = p + len;
    s->n = 0;
    while (p < stop) {
        const char *end = memchr(p, '\n', (size_t)(stop - p));
        if (!end)
            end = stop;
        bool tp = end - p == 3 && !strncmp(p, ".TP", 3);
        p = end + 1;
        if (!tp || p >= stop)
            continue;
        end = memchr(p, '\n', (size_t)(stop - p));
        if (!end)
            end = stop;
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)(end - p), p);
        item_names(line, doc, s);
        p = end + 1;
    }
}

/* Every long option a page names anywhere (\-\-no\-mouse is --no-mouse),
 * comments left out: in the synopsis, the options and the examples alike. */
static void long_options(const buf *page, struct names *s)
{
    s->n = 0;
    for (const char *p = page->data; (p = strstr(p, "\\-\\-")) != NULL;) {
        const char *line = p;
        while (line > page->data && line[-1] != '\n')
            line--;
        p += 4;
        if (!strncmp(line, ".\\\"", 3))
            continue;
        char name[NAME_LEN] = "--";
        size_t o = 2;
        for (;;) {
            bool word = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
            bool dash = p[0] == '\\' && p[1] == '-' && ((p[2] >= 'a' && p[2] <= 'z'));
            if ((!word && !dash) || o + 2 >= sizeof name)
                break;
            name[o++] = word ? *p : '-';
            p += word ? 1 : 2;
        }
        name[o] = 0;
        if (o > 2)
            names_add(s, name);
    }
}

/* The section names of a page in order, each put into English by the table
 * below (a name the table lacks stays itself, and so differs). */
static void section_names(const buf *page, bool chinese, struct names *s)
{
    static const char *const table[][2] = {
        {"NAME", "名称"},          {"SYNOPSIS", "概要"},
        {"DESCRIPTION", "描述"},   {"OPTIONS", "选项"},
        {"CHINESE ORDER AND SEARCH", "中文排序与搜索"},
        {"KEYS", "按键"},          {"ENVIRONMENT", "环境变量"},
        {"CONFIGURATION", "配置"},
        {"EXIT STATUS", "退出状态"}, {"LIMITS", "限制"},   {"FILES", "文件"},
        {"EXAMPLES", "示例"},      {"SEE ALSO", "另见"},
    };
    s->n = 0;
    for (const char *p = page->data; (p = strstr(p, "\n.SH ")) != NULL;) {
        p += 5;
        char name[NAME_LEN];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(p, "\n"), p);
        for (size_t i = 0; chinese && i < sizeof table / sizeof table[0]; i++)
            if (!strcmp(name, table[i][1]))
                snprintf(name, sizeof name, "%s", table[i][0]);
        char numbered[NAME_LEN];
        snprintf(numbered, sizeof numbered, "%d %.100s", s->n + 1, name);
        names_add(s, numbered);
    }
}

/* ---- the tests ---- */

static void both_pages_should_have_the_same_sections_in_the_same_order(void **state)
{
    (void)state;
    struct names a, b;
    section_names(&en, false, &a);
    section_names(&zh, true, &b);
    expect_same(&a, EN_PAGE, &b, ZH_PAGE, "section (number and English name)");
}

static void both_pages_should_name_the_same_long_options(void **state)
{
    (void)state;
    struct names a, b;
    long_options(&en, &a);
    long_options(&zh, &b);
    expect_same(&a, EN_PAGE, &b, ZH_PAGE, "option");
}

/* One section's .TP items in each page: the same names. */
static void expect_same_items(const char *en_name, const char *zh_name, const char *what)
{
    struct names a, b;
    section_items(&en, EN_PAGE, en_name, &a);
    section_items(&zh, ZH_PAGE, zh_name, &b);
    expect_same(&a, EN_PAGE, &b, ZH_PAGE, what);
}

static void both_pages_should_list_the_same_keys(void **state)
{
    (void)state;
    expect_same_items("KEYS", "按键", "key");
}

static void both_pages_should_list_the_same_environment_variables(void **state)
{
    (void)state;
    expect_same_items("ENVIRONMENT", "环境变量", "environment variable");
}

static void both_pages_should_list_the_same_exit_statuses_files_and_examples(void **state)
{
    (void)state;
    expect_same_items("EXIT STATUS", "退出状态", "exit status");
    expect_same_items("FILES", "文件", "file");
    expect_same_items("EXAMPLES", "示例", "example");
}

/* Every key the parser takes (tui/config.c), in both pages' CONFIGURATION
 * and in the README's examples, and no other in the pages. */
static void every_configuration_key_should_be_documented(void **state)
{
    (void)state;
    struct names a, b, keys = {.n = 0};
    section_items(&en, EN_PAGE, "CONFIGURATION", &a);
    section_items(&zh, ZH_PAGE, "配置", &b);
    expect_same(&a, EN_PAGE, &b, ZH_PAGE, "configuration key");
    for (int k = 0; k < CONFIG_NKEYS; k++) {
        names_add(&keys, config_key_name((enum config_key)k));
        char line[NAME_LEN];
        snprintf(line, sizeof line, "\n%s = ", config_key_name((enum config_key)k));
        if (!strstr(readme.data, line) && !strstr(readme.data, line + 1))
            fail_msg("%s does not show the configuration key %s in an example", README,
                     config_key_name((enum config_key)k));
    }
    names_add(&keys, "color"); /* colour's other spelling */
    expect_same(&keys, "tui/config.c", &a, EN_PAGE, "configuration key");
}

/* The .TH line's words, for the name, section and version. */
static void title_words(const buf *page, const char *doc, char args[][NAME_LEN])
{
    const char *p = page->data;
    if (strncmp(p, ".TH ", 4) && (p = strstr(p, "\n.TH ")) != NULL)
        p++;
    if (!p)
        fail_msg("%s has no .TH line", doc);
    char line[256];
    snprintf(line, sizeof line, "%.*s", (int)strcspn(p, "\n"), p);
    if (roff_args(line, args, 5) < 4)
        fail_msg("%s: \"%s\" should give a name, section, date and source", doc, line);
}

static void both_pages_should_be_of_the_same_program_section_and_version(void **state)
{
    (void)state;
    char a[5][NAME_LEN], b[5][NAME_LEN];
    title_words(&en, EN_PAGE, a);
    title_words(&zh, ZH_PAGE, b);
    assert_string_equal(a[0], b[0]);
    assert_string_equal(a[1], b[1]);
    assert_string_equal(a[3], b[3]); /* "zjdash 0.1.0": a new version is translated too */
}

/* mandoc -T lint -W style prints nothing: make check runs the same command
 * over both pages, and this says which line of the Chinese one is wrong. */
static void chinese_page_should_pass_mandoc_lint(void **state)
{
    (void)state;
    FILE *p = popen("mandoc -T lint -W style " ZH_PAGE " 2>&1", "r");
    assert_non_null(p);
    buf out;
    buf_init(&out);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_put(&out, chunk, n);
    int st = pclose(p);
    bool clean = out.len == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    int status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (!clean)
        print_error("mandoc -T lint -W style %s (exit status %d) printed:\n%s%s\n", ZH_PAGE, status,
                    out.data ? out.data : "", status == 127 ? "(make check installs mandoc)\n" : "");
    buf_free(&out);
    assert_true(clean);
}

/* ---- the README ---- */

/* The backticked keys of one cell, in order; `1`–`9` is one name, the
 * range as written. */
static void readme_cell_keys(const char *from, const char *to, struct names *s)
{
    char keys[32][NAME_LEN];
    bool range_before[32];
    int k = 0;
    bool range = false;
    for (const char *c = from; c < to && k < 32;) {
        if (*c == '`') {
            const char *close = memchr(c + 1, '`', (size_t)(to - c - 1));
            if (!close)
                fail_msg(README ": an unclosed ` in \"%.*s\"", (int)(to - from), from);
            snprintf(keys[k], NAME_LEN, "%.*s", (int)(close - c - 1), c + 1);
            range_before[k++] = range;
            range = false;
            c = close + 1;
        } else if (!strncmp(c, "–", strlen("–"))) {
            range = true;
            c += strlen("–");
        } else {
            c++;
        }
    }
    for (int j = 0; j < k; j++) {
        char name[NAME_LEN];
        if (j + 1 < k && range_before[j + 1]) {
            snprintf(name, sizeof name, "%.60s–%.60s", keys[j], keys[j + 1]);
            j++;
        } else {
            snprintf(name, sizeof name, "%s", keys[j]);
        }
        names_add(s, name);
    }
}

/* The keys of the first column of the first Markdown table after `after`
 * whose heading row starts with `heading`, as test_keys reads the English one
 * (the table after the line "Keys in the dashboard"). */
static void readme_table_keys(const char *after, const char *heading, struct names *s)
{
    s->n = 0;
    const char *p = strstr(readme.data, after);
    if (!p)
        fail_msg(README " has no \"%s\"", after);
    char row0[64];
    snprintf(row0, sizeof row0, "\n%s", heading);
    p = strstr(p, row0);
    if (!p)
        fail_msg(README " has no table with the heading \"%s\" after \"%s\"", heading, after);
    for (int row = 0; p[1] == '|'; row++) {
        p++;
        const char *end = p + strcspn(p, "\n");
        const char *cell = p + 1, *q = cell; /* to the next | outside backticks */
        for (bool code = false; q < end && (code || *q != '|'); q++)
            code ^= *q == '`';
        if (row >= 2) /* after the heading and the --- line */
            readme_cell_keys(cell, q, s);
        p = end;
        if (!*p)
            break;
    }
}

static void readme_chinese_key_table_should_list_the_keys_of_the_english_one(void **state)
{
    (void)state;
    struct names a, b;
    readme_table_keys("Keys in the dashboard", "|", &a);
    readme_table_keys("## 中文说明", "| 按键 |", &b);
    expect_same(&a, "README.md's English key table", &b, "the key table of its 中文说明", "key");
}

/* ---- running ---- */

/* Each page read once: the tests run from the top of the tree. */
static void read_or_fail(const char *path, buf *out)
{
    buf_init(out);
    if (!read_file(path, out))
        fail_msg("cannot read %s: run the tests from the top of the tree", path);
}

static int group_setup(void **state)
{
    (void)state;
    read_or_fail(EN_PAGE, &en);
    read_or_fail(ZH_PAGE, &zh);
    read_or_fail(README, &readme);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    buf_free(&en);
    buf_free(&zh);
    buf_free(&readme);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(both_pages_should_have_the_same_sections_in_the_same_order),
        cmocka_unit_test(every_configuration_key_should_be_documented),
        cmocka_unit_test(both_pages_should_name_the_same_long_options),
        cmocka_unit_test(both_pages_should_list_the_same_keys),
        cmocka_unit_test(both_pages_should_list_the_same_environment_variables),
        cmocka_unit_test(both_pages_should_list_the_same_exit_statuses_files_and_examples),
        cmocka_unit_test(both_pages_should_be_of_the_same_program_section_and_version),
        cmocka_unit_test(chinese_page_should_pass_mandoc_lint),
        cmocka_unit_test(readme_chinese_key_table_should_list_the_keys_of_the_english_one),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

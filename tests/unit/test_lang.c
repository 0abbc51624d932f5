/* The program's words in two languages: the catalogues themselves (read
 * here from po/, as a translator edits them) say the same keys, every one
 * has words, printf conversions agree, and words that must fit a place (a
 * tab's name, a status hint) fit it in both; then the choice of language
 * and the words made from data (kinds, dates). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "buf.h"
#include "keymap.h"
#include "lang.h"
#include "text.h"

#include "../support/testutil.h"

#define MAX 2048

struct entry {
    char key[128];
    char text[4096];
    int max_width;
    char where[160];
};

struct catalogue {
    struct entry e[MAX];
    int n;
};

static struct catalogue zh, en;

/* The string of a "..." line, escapes undone, appended. */
static void append_quoted(const char *p, char *out, size_t cap)
{
    size_t len = strlen(out);
    p = strchr(p, '"');
    for (p = p ? p + 1 : ""; *p && *p != '"' && len + 1 < cap; p++) {
        char c = *p;
        if (c == '\\') {
            c = *++p;
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
        }
        out[len++] = c;
    }
    out[len] = 0;
}

/* One .po file's entries, as tools/po2c reads them (kept simple: the build
 * has already refused a malformed file). */
static void read_po(const char *path, struct catalogue *c)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot read %s", path);
    char line[4096];
    int max = 0, n = 0;
    enum { IN_NOTHING, IN_ID, IN_STR } in = IN_NOTHING;
    struct entry *cur = NULL;
    while (fgets(line, sizeof line, f)) {
        n++;
        if (!strncmp(line, "#. max ", 7)) {
            max = atoi(line + 7);
        } else if (!strncmp(line, "msgid ", 6)) {
            assert_true(c->n < MAX);
            cur = &c->e[c->n++];
            memset(cur, 0, sizeof *cur);
            append_quoted(line + 6, cur->key, sizeof cur->key);
            cur->max_width = max;
            snprintf(cur->where, sizeof cur->where, "%s:%d", path, n);
            max = 0;
            in = IN_ID;
        } else if (!strncmp(line, "msgstr ", 7) && cur) {
            append_quoted(line + 7, cur->text, sizeof cur->text);
            in = IN_STR;
        } else if (line[0] == '"' && in == IN_STR && cur) {
            append_quoted(line, cur->text, sizeof cur->text);
        }
    }
    fclose(f);
    if (c->n && !c->e[0].key[0]) /* the header */
        memmove(&c->e[0], &c->e[1], (size_t)--c->n * sizeof c->e[0]);
}

static const struct entry *find(const struct catalogue *c, const char *key)
{
    for (int i = 0; i < c->n; i++)
        if (!strcmp(c->e[i].key, key))
            return &c->e[i];
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    read_po("po/zh_CN.po", &zh);
    read_po("po/en.po", &en);
    return zh.n > 0 && en.n > 0 ? 0 : -1;
}

static void every_key_should_have_words_in_both_languages(void **state)
{
    (void)state;
    int missing = 0;
    for (int pass = 0; pass < 2; pass++) {
        const struct catalogue *a = pass ? &en : &zh, *b = pass ? &zh : &en;
        for (int i = 0; i < a->n; i++) {
            const struct entry *other = find(b, a->e[i].key);
            if (!other || !*other->text || !*a->e[i].text) {
                fprintf(stderr, "%s: %s has no words in %s\n", a->e[i].where, a->e[i].key,
                        !other || !*other->text ? (pass ? "Chinese" : "English") : "its own file");
                missing++;
            }
        }
    }
    if (missing)
        fail_msg("%d messages lack words in one language", missing);
    assert_int_equal(zh.n, MSG_COUNT);
}

/* The conversions of a printf format, in order: "%s %u" gives "su". */
static void conversions(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 1 < cap; s++) {
        if (*s != '%')
            continue;
        s++;
        if (*s == '%')
            continue;
        while (*s && strchr("-+ #0123456789.*lhzjt", *s))
            if (*s == '*' || *s == 'l' || *s == 'z' || *s == 'h')
                out[n++] = *s++;
            else
                s++;
        if (*s)
            out[n++] = *s;
    }
    out[n] = 0;
}

static void printf_conversions_should_agree_between_the_languages(void **state)
{
    (void)state;
    int differ = 0;
    for (int i = 0; i < zh.n; i++) {
        const struct entry *e = find(&en, zh.e[i].key);
        if (!e)
            continue;
        char a[64], b[64];
        conversions(zh.e[i].text, a, sizeof a);
        conversions(e->text, b, sizeof b);
        if (strcmp(a, b)) {
            fprintf(stderr, "%s: %s converts \"%s\" in Chinese, \"%s\" in English\n",
                    zh.e[i].where, zh.e[i].key, a, b);
            differ++;
        }
    }
    if (differ)
        fail_msg("%d messages would read their arguments wrongly in one language", differ);
}

/* A limit is the translator's promise: a tab's name fits its tab. */
static void words_with_a_limit_should_fit_it_in_both_languages(void **state)
{
    (void)state;
    int over = 0;
    for (int i = 0; i < zh.n; i++) {
        const struct entry *e = find(&en, zh.e[i].key);
        int max = zh.e[i].max_width ? zh.e[i].max_width : e ? e->max_width : 0;
        const char *texts[] = {zh.e[i].text, e ? e->text : ""};
        for (int k = 0; k < 2 && max; k++) {
            int w = text_width(texts[k], strlen(texts[k]));
            if (w > max) {
                fprintf(stderr, "%s: %s is %d cells wide in %s, more than its %d: \"%s\"\n",
                        zh.e[i].where, zh.e[i].key, w, k ? "English" : "Chinese", max, texts[k]);
                over++;
            }
        }
    }
    if (over)
        fail_msg("%d messages do not fit where they are shown", over);
}

/* The help, the status line and --help say what each key does from its
 * row's keys: a row still in words is a row not translated. */
static void every_key_row_should_name_catalogue_words(void **state)
{
    (void)state;
    int raw = 0;
    for (const struct keymap *const *m = app_keymaps; *m; m++) {
        const char *keys[] = {(*m)->title};
        if (!tr_key(keys[0])) {
            fprintf(stderr, "keymap title \"%s\" is not a catalogue key\n", keys[0]);
            raw++;
        }
        for (const struct keydef *d = (*m)->defs; d->keys[0]; d++)
            for (int k = 0; k < 2; k++) {
                const char *key = k ? d->hint : d->help;
                if (key && !tr_key(key)) {
                    fprintf(stderr, "in \"%s\": \"%s\" is not a catalogue key\n",
                            keymap_words((*m)->title), key);
                    raw++;
                }
            }
    }
    if (raw)
        fail_msg("%d words of the keymaps are not in the catalogues", raw);
}

static void auto_should_pick_english_only_for_another_language(void **state)
{
    (void)state;
    static const struct {
        const char *language, *lc_all, *lc_messages, *lang;
        enum lang want;
    } cases[] = {
        {NULL, NULL, NULL, NULL, LANG_ZH},          {NULL, NULL, NULL, "C", LANG_ZH},
        {NULL, NULL, NULL, "C.UTF-8", LANG_ZH},     {NULL, NULL, NULL, "POSIX", LANG_ZH},
        {NULL, NULL, NULL, "zh_CN.UTF-8", LANG_ZH}, {NULL, NULL, NULL, "en_US.UTF-8", LANG_EN},
        {"zh_CN:en", NULL, NULL, "en_US.UTF-8", LANG_ZH},
        {"en_GB:zh", NULL, NULL, "zh_CN.UTF-8", LANG_EN},
        {NULL, "de_DE.UTF-8", NULL, "zh_CN.UTF-8", LANG_EN},
        {NULL, NULL, "zh_TW.UTF-8", "en_US.UTF-8", LANG_ZH},
    };
    const char *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *values[] = {cases[i].language, cases[i].lc_all, cases[i].lc_messages,
                                cases[i].lang};
        for (int v = 0; v < 4; v++)
            if (values[v])
                setenv(names[v], values[v], 1);
            else
                unsetenv(names[v]);
        if (lang_from_environment() != cases[i].want)
            fail_msg("case %zu (LANG=%s): expected %s", i, cases[i].lang ? cases[i].lang : "",
                     cases[i].want == LANG_ZH ? "Chinese" : "English");
        enum lang l;
        assert_true(lang_parse("auto", &l));
        assert_int_equal(l, cases[i].want);
    }
    enum lang l;
    assert_true(lang_parse("zh", &l) && l == LANG_ZH);
    assert_true(lang_parse("en", &l) && l == LANG_EN);
    assert_false(lang_parse("fr", &l));
}

static void kinds_and_dates_should_read_as_words(void **state)
{
    (void)state;
    lang_set(LANG_ZH);
    assert_string_equal(lang_kind("no_such_kind", true), "地点");
    assert_string_equal(lang_kind(NULL, false), "组织");
    buf d;
    buf_init(&d);
    lang_date(&d, "2024-02-01");
    assert_string_equal(d.data, "2024年2月1日");
    buf_clear(&d);
    lang_date(&d, "2023-09");
    assert_string_equal(d.data, "2023年9月");
    lang_set(LANG_EN);
    buf_clear(&d);
    lang_date(&d, "2024-02-01");
    assert_string_equal(d.data, "1 Feb 2024");
    buf_clear(&d);
    lang_date(&d, "around 2023");
    assert_string_equal(d.data, "around 2023");
    assert_string_equal(lang_kind("no_such_kind", false), "organisation");
    buf_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_key_should_have_words_in_both_languages),
        cmocka_unit_test(printf_conversions_should_agree_between_the_languages),
        cmocka_unit_test(words_with_a_limit_should_fit_it_in_both_languages),
        cmocka_unit_test(every_key_row_should_name_catalogue_words),
        cmocka_unit_test(auto_should_pick_english_only_for_another_language),
        cmocka_unit_test(kinds_and_dates_should_read_as_words),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}

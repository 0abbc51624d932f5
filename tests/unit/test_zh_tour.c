/* A Chinese reader's tour of the dashboard, as issue 14 puts it: at 80x24,
 * with no --lang and no ZJDASH_LANG (Chinese is the default), through every
 * screen of the built-in data (the four tabs, the places, a record, a place,
 * an organisation, help, a prompt, notices), the real binary on a
 * pseudo-terminal: no English word and no raw identifier on any screen.
 * Key names (Enter, Esc, PgDn ...) are what is printed on the keys, so they
 * may show; the data itself is Chinese. Then the same tour with --lang en
 * shows the English frame around the same Chinese data. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

#include "../support/pty_screen.h"
#include "../support/pty_term.h"
#include "../support/testutil.h"

/* What may stand in Latin letters on a Chinese screen: the names printed on
 * keys, what a reader types (the help's example of a pinyin search), and
 * the names of file formats, which Chinese writes in Latin letters too. */
static const char *const allowed[] = {"Enter", "Esc", "Tab", "Shift", "PgUp", "PgDn", "Home",
                                      "End", "Ctrl", "Backspace", "Up", "Down", "Left", "Right",
                                      "Delete", "Insert", "lwc", "linwu", "PNG", "PDF", "SVG", "CSV",
                                      NULL};

static bool allowed_word(const char *w, size_t n)
{
    for (const char *const *a = allowed; *a; a++)
        if (strlen(*a) == n && !strncmp(*a, w, n))
            return true;
    return false;
}

/* The first run of two or more Latin letters on the screen that is not a
 * key's name, into found; false if there is none. */
static bool english_word(struct pty_screen *s, buf *found, int *row)
{
    buf line;
    buf_init(&line);
    bool any = false;
    for (int y = 0; y < s->rows && !any; y++) {
        pty_row(s, y, &line);
        const char *p = line.data;
        while (*p && !any) {
            size_t n = 0;
            while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z'))
                n++;
            if (n >= 2 && !allowed_word(p, n)) {
                buf_clear(found);
                buf_put(found, p, n);
                *row = y;
                any = true;
            }
            p += n ? n : 1;
        }
    }
    buf_free(&line);
    return any;
}

/* Keys to reach each screen from the one before (typed one by one, or, for
 * a key's escape sequence, sent whole as the terminal sends it), and a word
 * the screen must then show. */
struct stop {
    const char *what, *keys, *shows;
    bool sequence;
};

static const struct stop tour[] = {
    {"tab 1", "", "组织凝心", false},
    {"tab 2", "2", "联建强心", false},
    {"tab 3", "3", "治理同心", false},
    {"tab 4", "4", "帮扶暖心", false},
    {"the places", "5", "湛江市", false},
    {"every place open", "+", "林屋村", false},
    {"a place's page", "\r", "下辖", false},
    {"what its money is made of", "m", "湛江市", false},
    {"back", "\033\033", "地点", false},
    {"a record", "1\r", "报道原文", false},
    {"an organisation from the record", "j\r", "组织", false},
    {"help", "?", "本帮助", false},
    {"help, further down", "\033[6~", "第 ", true},
    {"a search prompt", "\033\033\033/", "保留", false},
    {"a search that finds nothing", "zzz", "zzz", false},
    {"a filter prompt", "\033f", "筛选", false},
    {"back to the table", "\033\033", "组织凝心", false},
    {"a key that does nothing", "\033[2~", "Insert", true},
    {"the tab's money", "m", "合计", false},
};

/* Every stop, its word there and no English word beside it. */
static void a_chinese_reader_should_see_no_english_word_anywhere(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 24, 80, NULL, (const char *[]){"ZJDASH_LANG=", NULL}, false);
    pty_wait_for(&t.pty, "组织凝心");
    buf word;
    buf_init(&word);
    for (size_t i = 0; i < sizeof tour / sizeof tour[0]; i++) {
        if (tour[i].sequence) {
            term_send(&t, tour[i].keys);
            pty_settle(&t.pty);
        } else {
            term_keys(&t, tour[i].keys);
        }
        pty_wait_for(&t.pty, tour[i].shows);
        int row;
        /* what a search typed is the reader's own, not the program's */
        if (english_word(&t.pty, &word, &row) && strcmp(word.data, "zzz")) {
            pty_dump(&t.pty);
            fail_msg("%s: row %d shows the English word \"%s\"", tour[i].what, row, word.data);
        }
    }
    buf_free(&word);
    term_quit(&t);
}

/* The same screens with --lang en: the frame in English, the data as it is. */
static void lang_en_should_show_an_english_frame_around_the_chinese_data(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 24, 80, (const char *[]){"--lang", "en", NULL},
               (const char *[]){"ZJDASH_LANG=", NULL}, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    pty_wait_for(&t.pty, "组织凝心");
    term_keys(&t, "5");
    pty_wait_for(&t.pty, "Places");
    pty_wait_for(&t.pty, "湛江市");
    term_quit(&t);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (getenv("TEST_FILTER"))
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_chinese_reader_should_see_no_english_word_anywhere),
        cmocka_unit_test(lang_en_should_show_an_english_frame_around_the_chinese_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

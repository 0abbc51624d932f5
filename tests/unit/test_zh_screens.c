/* The Chinese frame of the screens (issue 14): the tables, the places, the
 * charts, the money page, the prompts, the too-small notice and the
 * briefing layout, drawn headless with lang_set(LANG_ZH) at 80 and 100
 * columns as an official would see them. No word of the program is left in
 * English (a run of two ASCII letters is English: the report has none, and
 * only the names printed on keys, Enter or Esc, may show); the words an
 * official looks for are there (地点, 条记录, 单位); the status line's hints
 * fit whole at 80 columns; and LANG_EN (or --lang en) gives the English
 * words back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "briefing.h"
#include "buf.h"
#include "dataset.h"
#include "grid.h"
#include "keymap.h"
#include "lang.h"
#include "text.h"

#include "../support/testutil.h"

static dataset *zj; /* data/zhanjiang-2024.json */
static app *A;
static grid G;      /* the screen */
static grid P;      /* a briefing */
static buf row_buf;

/* ---- the app under test ---- */

static void stop(void)
{
    if (A)
        app_free(A);
    A = NULL;
    grid_free(&G);
    grid_free(&P);
}

/* A dashboard as the command line starts it (tab: "1".."4" or "places"),
 * drawn once on a w x h screen. */
static void start(const char *tab, const char *sort, const char *filter, int w, int h)
{
    stop();
    struct app_options o = {false, tab, sort, filter};
    A = app_new(zj, &o);
    grid_init(&G, w, h, false);
    grid_init(&P, 1, 1, false);
    app_frame(A, &G);
}

/* A key, then the frame the terminal would draw. */
static void press(uint32_t key)
{
    app_key(A, key);
    app_frame(A, &G);
}

/* Text typed at a prompt, a character at a time, as a terminal sends it. */
static void type(const char *s)
{
    while (*s) {
        uint32_t cp;
        size_t n = text_decode(s, strlen(s), &cp);
        press(cp);
        s += n ? n : 1;
    }
}

/* ---- reading a grid ---- */

/* A row's text: the cells' texts joined, right halves of wide characters skipped. */
static const char *row_of(const grid *g, int y)
{
    buf_clear(&row_buf);
    for (int x = 0; x < g->w; x++)
        if (grid_at(g, y, x)->width)
            buf_puts(&row_buf, grid_at(g, y, x)->text);
    return row_buf.data ? row_buf.data : "";
}

/* The first row that contains needle, or -1. */
static int find_row(const grid *g, const char *needle)
{
    for (int y = 0; y < g->h; y++)
        if (strstr(row_of(g, y), needle))
            return y;
    return -1;
}

static void expect_shows(const grid *g, const char *needle, const char *what)
{
    if (find_row(g, needle) < 0) {
        for (int y = 0; y < g->h; y++)
            fprintf(stderr, "%2d|%s\n", y, row_of(g, y));
        fail_msg("%s: no \"%s\" (the grid above)", what, needle);
    }
}

static void expect_row_has(const grid *g, int y, const char *needle, const char *what)
{
    if (!strstr(row_of(g, y), needle))
        fail_msg("%s: row %d has no \"%s\": %s", what, y, needle, row_of(g, y));
}

/* What keyboards print on their keys: the only ASCII words a Chinese frame shows. */
static bool key_name(const char *word, size_t n)
{
    static const char *const names[] = {"Enter", "Esc",  "Tab",  "Shift", "Ctrl", "PgUp",
                                        "PgDn",  "Home", "End",  "Left",  "Right", "Up",
                                        "Down",  "Backspace", "Insert", "Delete", NULL};
    for (const char *const *k = names; *k; k++)
        if (strlen(*k) == n && !strncmp(*k, word, n))
            return true;
    return false;
}

/* Every run of two or more ASCII letters in g is a key's name: anything
 * else is a word the program left in English. */
static void expect_no_english(const grid *g, const char *what)
{
    for (int y = 0; y < g->h; y++) {
        const char *r = row_of(g, y);
        for (const char *p = r; *p;) {
            size_t n = 0;
            while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z'))
                n++;
            if (n >= 2 && !key_name(p, n))
                fail_msg("%s: row %d says \"%.*s\" in English: %s", what, y, (int)n, p, r);
            p += n ? n : 1;
        }
    }
}

/* The status line names every key its screen lists, each whole: its keys
 * and its word, as frame.c draws them. */
static void expect_every_hint(const char *what)
{
    const struct screen *s = app_screen(A);
    const char *status = row_of(&G, G.h - 1);
    buf want;
    buf_init(&want);
    int n = 0;
    for (const uint32_t *k = s->hints; *k; k++) {
        const struct keydef *d = keymap_find(s->keys, *k);
        if (!d)
            d = keymap_find(app_keymaps[0], *k);
        if (!d || !d->hint)
            continue;
        char name[8];
        buf_clear(&want);
        buf_printf(&want, "%s %s", d->hint_keys ? d->hint_keys : keymap_key_name(d->keys[0], name),
                   keymap_words(d->hint));
        if (!strstr(status, want.data))
            fail_msg("%s at %d columns: the status line lacks \"%s\": %s", what, G.w, want.data,
                     status);
        n++;
    }
    assert_true(n >= 4);
    buf_free(&want);
}

/* The tabs' line holds every tab whole: nothing cut, the places last. */
static void expect_whole_tabs(const char *what)
{
    const char *tabs = row_of(&G, 1);
    if (strstr(tabs, "…") || !strstr(tabs, "5 地点"))
        fail_msg("%s at %d columns: the tabs are cut: %s", what, G.w, tabs);
}

/* ---- the screens ---- */

static int setup(void **state)
{
    (void)state;
    zj = load_dataset("data/zhanjiang-2024.json");
    return zj ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    stop();
    dataset_free(zj);
    buf_free(&row_buf);
    lang_set(LANG_EN);
    return 0;
}

/* Each test speaks Chinese, and leaves English behind it. */
static int chinese(void **state)
{
    (void)state;
    lang_set(LANG_ZH);
    return 0;
}

static int english(void **state)
{
    (void)state;
    stop();
    lang_set(LANG_EN);
    return 0;
}

static const int widths[][2] = {{80, 24}, {100, 30}};

/* What an official sees first: every tab in Chinese, the counts with
 * their measure words, the place in the table said as 第…行. */
static void every_tab_should_speak_chinese(void **state)
{
    (void)state;
    static const char *const tabs[] = {"1", "2", "3", "4"};
    for (size_t s = 0; s < 2; s++) {
        for (size_t t = 0; t < 4; t++) {
            start(tabs[t], NULL, NULL, widths[s][0], widths[s][1]);
            expect_no_english(&G, tabs[t]);
            expect_whole_tabs(tabs[t]);
            expect_row_has(&G, 2, "条记录", "the heading counts records");
            expect_row_has(&G, G.h - 1, "第1行，共", "the status line");
            expect_every_hint(tabs[t]);
            press(K_END); /* the status line widens with the row's number */
            expect_every_hint(tabs[t]);
        }
        start("places", NULL, NULL, widths[s][0], widths[s][1]);
        expect_no_english(&G, "the places");
        expect_whole_tabs("the places");
        expect_row_has(&G, 2, "地点 · ", "the places' heading");
        expect_row_has(&G, 2, "个地点", "the places' heading");
        expect_row_has(&G, 2, "条记录未注明地点", "the places' heading");
        expect_row_has(&G, 3, "记录数", "the places' columns");
        expect_row_has(&G, 3, "金额（元）", "the places' columns");
        expect_row_has(&G, G.h - 1, "地点 1/21", "the places' status line");
        expect_every_hint("the places");
        press(K_END);
        expect_no_english(&G, "the last of the places");
        expect_shows(&G, "（未注明地点）", "the records that name no place");
        expect_every_hint("the last of the places");
    }
}

/* A sort and a filter are said in the words of a Chinese table: 按…降序, 筛选. */
static void sorts_and_filters_should_be_said_in_chinese(void **state)
{
    (void)state;
    for (size_t s = 0; s < 2; s++) {
        start("1", "money:desc", "粤凯", widths[s][0], widths[s][1]);
        expect_no_english(&G, "sorted and filtered");
        expect_row_has(&G, G.h - 1, "第1行，共2行（全部13行）", "filtered");
        expect_row_has(&G, G.h - 1, "按投入资金降序", "sorted");
        expect_shows(&G, "筛选“粤凯”", "the filter");
        press('r');
        expect_row_has(&G, G.h - 1, "按投入资金升序", "reversed");
        press(K_ESC);
        expect_shows(&G, "已清除筛选", "Esc");
        start("places", NULL, NULL, widths[s][0], widths[s][1]);
        press('>');
        press('>');
        expect_no_english(&G, "the places sorted");
        expect_row_has(&G, G.h - 1, "按组织凝心升序", "the places sorted");
        press('c');
        expect_no_english(&G, "c");
        expect_shows(&G, "已隐藏条形图", "c");
    }
}

/* A filtered chart says whose figures it shows; a table with no row left
 * says so, and how to get them back. */
static void a_filtered_chart_should_say_so_in_chinese(void **state)
{
    (void)state;
    start("1", NULL, "粤凯", 100, 40);
    expect_no_english(&G, "the chart of the rows shown");
    expect_shows(&G, "所示 2 行的数字（筛选“粤凯”）", "the chart");
    expect_shows(&G, "元 · 金额", "the scale's heading");
    start("1", NULL, "没有这样的文字", 100, 30);
    expect_no_english(&G, "no row");
    expect_shows(&G, "没有含筛选文字的行（按 Esc 清除筛选）", "no row");
}

/* The money page: what a total is made of, in the words of the brief. */
static void the_money_page_should_speak_chinese(void **state)
{
    (void)state;
    for (size_t s = 0; s < 2; s++) {
        start("1", NULL, NULL, widths[s][0], widths[s][1]);
        expect_row_has(&G, 2, "可能重叠", "the heading's money");
        press('m');
        expect_no_english(&G, "the money of tab 1");
        expect_shows(&G, "13 条记录所列金额", "the money page");
        expect_shows(&G, "计入", "the money page");
        expect_every_hint("the money page");
        start("places", NULL, NULL, widths[s][0], widths[s][1]);
        press('m');
        expect_no_english(&G, "the money of 湛江市");
        expect_shows(&G, "不是合计：", "how the number is made");
        expect_shows(&G, "未计入：可能与上列数字重叠", "the left out");
        expect_shows(&G, "金额构成", "the path and the status line");
        press(K_END);
        expect_no_english(&G, "the end of the money of 湛江市");
        expect_shows(&G, "未计入：另一类资金", "the other kind");
    }
}

/* The prompts say what Enter and Esc do there, in Chinese. */
static void the_prompts_should_speak_chinese(void **state)
{
    (void)state;
    for (size_t s = 0; s < 2; s++) {
        start("1", NULL, NULL, widths[s][0], widths[s][1]);
        press('/');
        type("粤凯");
        expect_no_english(&G, "the search prompt");
        expect_row_has(&G, G.h - 1, "/粤凯", "the search prompt");
        expect_row_has(&G, G.h - 1, "Enter 保留  Esc 返回", "the search prompt");
        press(K_ESC);
        /* what a search did not find is said beside it, measured in cells:
         * Chinese takes three bytes for two cells */
        press('/');
        type("没有这个");
        const char *prompt = row_of(&G, G.h - 1), *typed = strstr(prompt, "没有这个");
        if (!typed || !strstr(typed + 1, "没有这个"))
            fail_msg("at %d columns the prompt does not say it found nothing: %s", G.w, prompt);
        press(K_ESC);
        press('f');
        type("粤凯");
        expect_no_english(&G, "the filter prompt");
        expect_row_has(&G, G.h - 1, "筛选：粤凯", "the filter prompt");
        expect_row_has(&G, G.h - 1, "Enter 保留  Esc 撤销", "the filter prompt");
    }
}

/* However small the terminal, the notice is Chinese and whole. */
static void the_too_small_notice_should_speak_chinese(void **state)
{
    (void)state;
    start("1", NULL, NULL, 80, 24);
    for (int w = 1; w < APP_MIN_WIDTH + 5; w++)
        for (int h = 1; h < APP_MIN_HEIGHT + 3; h += 2) {
            if (w >= APP_MIN_WIDTH && h >= APP_MIN_HEIGHT)
                continue;
            grid_resize(&G, w, h);
            app_frame(A, &G);
            expect_no_english(&G, "too small");
            int shown = 0;
            for (int y = 0; y < h; y++)
                shown += strspn(row_of(&G, y), " ") < strlen(row_of(&G, y));
            if (!shown)
                fail_msg("a %dx%d terminal shows nothing", w, h);
        }
    grid_resize(&G, 59, 15);
    app_frame(A, &G);
    expect_shows(&G, "终端窗口太小：需要 60×16，当前 59×15", "59x15");
    grid_resize(&G, 20, 15);
    app_frame(A, &G);
    expect_shows(&G, "终端窗口太小", "20x15");
    expect_shows(&G, "需要 60×16", "20x15");
}

/* A picture for a briefing, as an official pastes it: Chinese, with 单位
 * where amounts are and 数据来源 under it. */
static void a_briefing_should_speak_chinese(void **state)
{
    (void)state;
    static const int picture_widths[] = {80, 100};
    for (size_t s = 0; s < 2; s++) {
        int w = picture_widths[s];
        start("1", NULL, NULL, 100, 30);
        briefing_draw(A, w, &P);
        expect_no_english(&P, "the picture of tab 1");
        expect_shows(&P, "条记录", "tab 1");
        expect_shows(&P, "按原文顺序", "tab 1");
        expect_shows(&P, "单位：元", "tab 1");
        expect_shows(&P, "数据来源：南方日报", "tab 1");
        start("1", "money:desc", "粤凯", 100, 30);
        briefing_draw(A, w, &P);
        expect_no_english(&P, "the picture of tab 1, sorted and filtered");
        expect_shows(&P, "按投入资金降序排列", "sorted");
        expect_shows(&P, "筛选出 2 条记录（共 13 条），均含“粤凯”", "filtered");
        for (const char *const *t = (const char *const[]){"2", "3", "4", NULL}; *t; t++) {
            start(*t, NULL, NULL, 100, 30);
            briefing_draw(A, w, &P);
            expect_no_english(&P, *t);
        }
        start("places", NULL, NULL, 100, 30);
        briefing_draw(A, w, &P);
        expect_no_english(&P, "the picture of the places");
        expect_shows(&P, "地点 · ", "the places");
        expect_shows(&P, "单位：元", "the places");
        expect_shows(&P, "金额 +N：", "the places' note on +N");
        start("places", NULL, NULL, 100, 30);
        press('m');
        briefing_draw(A, w, &P);
        expect_no_english(&P, "the picture of a place's money");
    }
    /* a picture too narrow for every column says which it leaves out */
    start("1", NULL, NULL, 100, 30);
    briefing_draw(A, 60, &P);
    expect_no_english(&P, "a narrow picture");
    expect_shows(&P, "此宽度下未显示：", "a narrow picture");
}

/* A computed total is marked Σ, or 合计 where Σ may not draw, and the
 * picture's note says what the mark means, in Chinese (another report,
 * whose two investments are added: its own names are English). */
static void a_computed_sum_should_be_marked_and_noted_in_chinese(void **state)
{
    (void)state;
    dataset *rel = load_dataset("tests/fixtures/good/relations.json");
    assert_non_null(rel);
    for (int ascii = 0; ascii < 2; ascii++) {
        stop();
        struct app_options o = {ascii, "2", NULL, "River"};
        A = app_new(rel, &o);
        grid_init(&G, 100, 30, ascii);
        grid_init(&P, 1, 1, ascii);
        app_frame(A, &G);
        const char *sum = ascii ? "合计约2400万元" : "Σ约2400万元";
        expect_row_has(&G, 2, sum, "the heading");
        briefing_draw(A, 100, &P);
        expect_shows(&P, sum, "the picture's caption");
        expect_shows(&P, ascii ? "注：合计 为按报道数字计算所得" : "注：Σ 为按报道数字计算所得",
                     "the note");
    }
    stop();
    dataset_free(rel);
}

/* LANG_EN: the same screens give their English words back, unchanged. */
static void english_should_come_back(void **state)
{
    (void)state;
    lang_set(LANG_EN);
    start("1", NULL, NULL, 100, 30);
    expect_row_has(&G, 1, "5 Places", "the tabs");
    expect_row_has(&G, 2, "13 records", "the heading");
    expect_row_has(&G, 2, "+1 may overlap +1 other kind", "the heading's money");
    expect_row_has(&G, G.h - 1, "row 1 of 13", "the status line");
    expect_row_has(&G, G.h - 1, "Enter open", "the hints");
    briefing_draw(A, 100, &P);
    expect_shows(&P, "in the report's order", "a picture");
    start("places", NULL, NULL, 100, 30);
    expect_row_has(&G, 2, "Places · ", "the places' heading");
    expect_row_has(&G, 3, "Place", "the places' columns");
    expect_row_has(&G, 3, "money 元", "the places' columns");
    expect_row_has(&G, G.h - 1, "place 1 of", "the places' status line");
    press('m');
    expect_shows(&G, "Counted", "the money page");
    grid_resize(&G, 59, 15);
    app_frame(A, &G);
    expect_shows(&G, "terminal too small: need 60×16, have 59×15", "the notice");
}

/* Runs zjdash for a text snapshot at 80x24 with --lang; the file's text. */
static void snapshot_in(const char *lang, buf *out)
{
    char dir[] = "/tmp/zjdash-zh-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/s.txt", dir);
    pid_t pid = fork_or_fail();
    if (pid == 0) {
        child_environment(NULL);
        execl(zjdash_binary(), zjdash_binary(), "--lang", lang, "--snapshot", path, "--size",
              "80x24", "--tab", "1", (char *)NULL);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_true(read_file(path, out));
    unlink(path);
    rmdir(dir);
}

/* The binary: --lang zh draws the Chinese frame, --lang en the English one
 * (over ZJDASH_LANG=en, which every test process has). */
static void lang_on_the_command_line_should_choose_the_frame(void **state)
{
    (void)state;
    buf s;
    buf_init(&s);
    snapshot_in("zh", &s);
    assert_non_null(strstr(s.data, "5 地点"));
    assert_non_null(strstr(s.data, "13 条记录"));
    assert_non_null(strstr(s.data, "第1行，共13行"));
    assert_null(strstr(s.data, "records"));
    snapshot_in("en", &s);
    assert_non_null(strstr(s.data, "5 Places"));
    assert_non_null(strstr(s.data, "13 records"));
    assert_null(strstr(s.data, "条记录"));
    buf_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_tab_should_speak_chinese, chinese, english),
        cmocka_unit_test_setup_teardown(sorts_and_filters_should_be_said_in_chinese, chinese, english),
        cmocka_unit_test_setup_teardown(a_filtered_chart_should_say_so_in_chinese, chinese, english),
        cmocka_unit_test_setup_teardown(the_money_page_should_speak_chinese, chinese, english),
        cmocka_unit_test_setup_teardown(the_prompts_should_speak_chinese, chinese, english),
        cmocka_unit_test_setup_teardown(the_too_small_notice_should_speak_chinese, chinese, english),
        cmocka_unit_test_setup_teardown(a_briefing_should_speak_chinese, chinese, english),
        cmocka_unit_test_setup_teardown(a_computed_sum_should_be_marked_and_noted_in_chinese, chinese,
                                        english),
        cmocka_unit_test_setup_teardown(english_should_come_back, english, english),
        cmocka_unit_test(lang_on_the_command_line_should_choose_the_frame),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/* The Chinese frame of the pages, the messages and the command line (issue
 * 14): with the language set to Chinese, a record page, a place's (文章村,
 * 吴川市), an organisation's, the records of no place, the help and every
 * status message a key can bring say their own words in Chinese. A run of
 * two or more ASCII letters there is a key's name (Enter, Esc), a word of
 * the data, or a name a user types (NO_COLOR); anything else is English
 * left behind or an identifier shown as decoration (wenzhang, county_city,
 * organization). Kinds read as words (县级市, 党支部). zjdash --lang zh says
 * --help and its usage errors in Chinese; English comes back with en.
 *
 * The other test programs read the English frame; each test here that sets
 * Chinese sets English back at its end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "buf.h"
#include "dataset.h"
#include "grid.h"
#include "keymap.h"
#include "lang.h"
#include "link.h"
#include "load.h"
#include "picture.h"
#include "places.h"
#include "screens.h"
#include "session.h"
#include "terminfo.h"
#include "text.h"
#include "view.h"
#include "../support/testutil.h"

/* Chinese punctuation, full width, spelt so that no editor or tool turns
 * it into ASCII on the way. */
#define LP "\uFF08"
#define RP "\uFF09"
#define COMMA "\uFF0C"
#define COLON "\uFF1A"

static dataset *zj; /* data/zhanjiang-2024.json */
static buf data_words;  /* " word word ... ": every ASCII run the data shows */
static buf key_words;   /* the same of every key's name in every keymap */

static app *A;
static grid G;

/* ---- words that may be ASCII ---- */

/* ASCII only: a Chinese character is never a letter of an English word. */
static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Each run of ASCII letters of s, as " run", into out. */
static void add_runs(buf *out, const char *s)
{
    for (const char *p = s; *p;) {
        if (!is_letter(*p)) {
            p++;
            continue;
        }
        const char *q = p;
        while (is_letter(*q))
            q++;
        buf_printf(out, " %.*s ", (int)(q - p), p);
        p = q;
    }
}

/* What the data shows a reader, never its ids or kinds: the report's words
 * may hold ASCII (1+5+N), and they are shown as they are. */
static void collect_data_words(void)
{
    buf_init(&data_words);
    buf text;
    buf_init(&text);
    add_runs(&data_words, ds_str(zj, zj->meta.title));
    add_runs(&data_words, ds_str(zj, zj->meta.publisher));
    for (uint32_t i = 0; i < zj->meta.nsection; i++)
        add_runs(&data_words, ds_str(zj, zj->meta.section[i]));
    for (uint32_t t = 0; t < zj->nthemes; t++) {
        add_runs(&data_words, ds_str(zj, zj->themes[t].title));
        add_runs(&data_words, ds_str(zj, zj->themes[t].heading));
        for (uint32_t c = 0; c < zj->themes[t].ncolumns; c++)
            add_runs(&data_words, ds_str(zj, zj->themes[t].columns[c].label));
    }
    for (uint32_t r = 0; r < zj->nrecords; r++) {
        add_runs(&data_words, ds_str(zj, zj->records[r].name));
        add_runs(&data_words, ds_str(zj, zj->records[r].quote));
        const theme *t = &zj->themes[zj->records[r].theme];
        for (uint32_t c = 0; c < t->ncolumns; c++) {
            buf_clear(&text);
            view_cell_text(&text, zj, r, c);
            add_runs(&data_words, text.data ? text.data : "");
        }
    }
    for (uint32_t e = 0; e < zj->nentities; e++)
        add_runs(&data_words, ds_str(zj, zj->entities[e].name));
    for (uint32_t f = 0; f < zj->nfigures; f++) {
        add_runs(&data_words, ds_str(zj, zj->figures[f].label));
        add_runs(&data_words, ds_str(zj, zj->figures[f].quote));
        add_runs(&data_words, ds_str(zj, zj->figures[f].measure));
        buf_clear(&text);
        view_figure_text(&text, zj, f);
        add_runs(&data_words, text.data ? text.data : "");
    }
    buf_free(&text);
}

/* Key names are printed on keyboards in both languages: Enter, PgUp, F10. */
static void collect_key_words(void)
{
    buf_init(&key_words);
    char name[8];
    for (const struct keymap *const *m = app_keymaps; *m; m++)
        for (const struct keydef *d = (*m)->defs; d->keys[0]; d++) {
            for (int i = 0; i < KEYMAP_KEYS && d->keys[i]; i++)
                add_runs(&key_words, keymap_key_name(d->keys[i], name));
            if (d->hint_keys)
                add_runs(&key_words, d->hint_keys);
        }
}

/* Whole runs only: "id" is not allowed because "idle" is. */
static bool listed(const buf *words, const char *run, size_t n)
{
    char needle[80];
    snprintf(needle, sizeof needle, " %.*s ", (int)n, run);
    return words->data && strstr(words->data, needle);
}

/* Whether s holds a Chinese character (U+4E00..U+9FFF). */
static bool has_chinese(const char *s)
{
    for (size_t i = 0, n = strlen(s); i < n;) {
        uint32_t cp;
        size_t len = text_decode(s + i, n - i, &cp);
        if (cp >= 0x4E00 && cp <= 0x9FFF)
            return true;
        i += len ? len : 1;
    }
    return false;
}

/* No run of two or more ASCII letters in s but key names, the data's words
 * and the words of allowed (" NO_COLOR lwc "): the frame is Chinese. */
static void expect_no_english(const char *what, const char *s, const char *allowed)
{
    buf extra;
    buf_init(&extra);
    add_runs(&extra, allowed ? allowed : "");
    for (const char *p = s; *p;) {
        if (!is_letter(*p)) {
            p++;
            continue;
        }
        const char *q = p;
        while (is_letter(*q))
            q++;
        size_t n = (size_t)(q - p);
        if (n >= 2 && !listed(&key_words, p, n) && !listed(&data_words, p, n) &&
            !listed(&extra, p, n))
            fail_msg("%s shows \"%.*s\", neither Chinese, a key's name nor the data's, in:\n%s",
                     what, (int)n, p, s);
        p = q;
    }
    buf_free(&extra);
}

/* The identifiers the issue names, and (in Chinese, where a kind's English
 * word is not its identifier) every kind of the data: none may be shown as
 * decoration. */
static void expect_no_identifier(const char *what, const char *s)
{
    static const char *const named[] = {"wenzhang", "county_city", "party_branch", "organization",
                                        "law_firm", "entity", " id "};
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (strstr(s, named[i]))
            fail_msg("%s shows the identifier \"%s\" in:\n%s", what, named[i], s);
    for (uint32_t e = 0; e < zj->nentities && lang_get() == LANG_ZH; e++)
        if (zj->entities[e].kind != NONE && strstr(s, ds_str(zj, zj->entities[e].kind)))
            fail_msg("%s shows the kind identifier \"%s\" in:\n%s", what,
                     ds_str(zj, zj->entities[e].kind), s);
}

/* ---- the app, drawn headless ---- */

/* A dashboard drawn once, as a terminal of w x h would show it. */
static void start_on(const dataset *ds, int w, int h)
{
    struct app_options o = {false, NULL, NULL, NULL};
    A = app_new(ds, &o);
    grid_init(&G, w, h, false);
    app_frame(A, &G);
}

/* Most tests read the report itself. */
static void start(int w, int h)
{
    start_on(zj, w, h);
}

/* Every test ends in English, the language the other tests read. */
static void stop(void)
{
    app_free(A);
    A = NULL;
    grid_free(&G);
    lang_set(LANG_EN);
}

/* The whole screen, a line a row, and then every line of the page, a tab
 * and its aside (the screen shows only what fits). */
static void screen_and_page(buf *out)
{
    app_frame(A, &G);
    buf_clear(out);
    for (int y = 0; y < G.h; y++) {
        for (int x = 0; x < G.w; x++) {
            const grid_cell *c = grid_at(&G, y, x);
            if (c->width)
                buf_puts(out, c->text);
        }
        buf_putc(out, '\n');
    }
    for (long i = 0; i < A->doc.n; i++)
        buf_printf(out, "%s\t%s\n", A->doc.lines[i].text,
                   A->doc.lines[i].aside ? A->doc.lines[i].aside : "");
}

/* A record by the id a user would type with --open. */
static uint32_t id_of(const char *id)
{
    uint32_t index;
    assert_int_not_equal(dataset_find_id(zj, id, &index), ID_NONE);
    return index;
}

/* A failure shows the whole text, so the reader sees what was said instead. */
static void expect_has(const char *what, const char *s, const char *needle)
{
    if (!strstr(s, needle))
        fail_msg("%s does not show \"%s\":\n%s", what, needle, s);
}

/* A page of the Chinese frame: its words Chinese, no identifier, and the
 * words it must have. */
static void expect_chinese_page(const char *what, const char *const *must, const char *allowed)
{
    buf text;
    buf_init(&text);
    screen_and_page(&text);
    expect_no_english(what, text.data, allowed);
    expect_no_identifier(what, text.data);
    for (; *must; must++)
        expect_has(what, text.data, *must);
    buf_free(&text);
}

/* ---- the pages ---- */

/* The page readers open most: its headings, its names' kinds, its hints. */
static void a_record_page_should_be_chinese_with_kinds_as_words(void **state)
{
    (void)state;
    lang_set(LANG_ZH);
    start(100, 30);
    app_open(A, (link_target){LINK_RECORD, id_of("r_gov_yuehai")});
    expect_chinese_page("the record page of r_gov_yuehai",
                        (const char *[]){"报道原文", "提到的地点和组织" LP "按 Enter 打开" RP, "律师事务所",
                                         "党支部", "\t村\n", "记录", "打开", "返回", NULL},
                        NULL);
    stop();
}

/* A page is read, not sorted: its dates as a reader writes them, in the
 * fields and among the figures, in either language. */
static void a_record_page_should_write_its_dates_as_a_reader_does(void **state)
{
    (void)state;
    buf text;
    buf_init(&text);
    lang_set(LANG_ZH);
    start(100, 30);
    app_open(A, (link_target){LINK_RECORD, id_of("r_ast_marathon")});
    screen_and_page(&text);
    expect_has("2024首届徐闻马拉松's page", text.data, "日期         2024年1月14日\t");
    expect_has("2024首届徐闻马拉松's page", text.data, "\n2024年1月14日  2024首届徐闻马拉松鸣枪起跑\t");
    stop();
    start(100, 30);
    app_open(A, (link_target){LINK_RECORD, id_of("r_ast_marathon")});
    screen_and_page(&text);
    expect_has("the English page of 2024首届徐闻马拉松", text.data, "14 Jan 2024  2024首届徐闻马拉松鸣枪起跑");
    stop();
    buf_free(&text);
}

/* A village and a county-level city: where they lie, what is in them, their
 * records by theme, and no id of theirs. */
static void place_pages_should_name_their_kind_and_no_id(void **state)
{
    (void)state;
    lang_set(LANG_ZH);
    start(100, 30);
    app_open(A, (link_target){LINK_ENTITY, entity_named(zj, "文章村")});
    expect_chinese_page("文章村's page",
                        (const char *[]){"\n村\t\n", "湛江市 › 赤坎区 › 文章村", "2 条记录", "所在地区",
                                         "\n赤坎区\t区\n", "下辖", "1 条记录", "2 联建强心" LP "1 条" RP,
                                         "3 治理同心" LP "1 条" RP, NULL},
                        NULL);
    app_back(A);
    app_open(A, (link_target){LINK_ENTITY, entity_named(zj, "吴川市")});
    expect_chinese_page("吴川市's page", (const char *[]){"\n县级市\t\n", "\n湛江市\t地级市\n", "下辖", NULL}, NULL);
    stop();
}

/* An organisation lies in a place too: 所在地, not a place's 所在地区. */
static void an_organisation_page_should_say_its_kind_and_where_it_is(void **state)
{
    (void)state;
    lang_set(LANG_ZH);
    start(100, 30);
    app_open(A, (link_target){LINK_ENTITY, entity_named(zj, "赤坎区文章村党支部")});
    expect_chinese_page("赤坎区文章村党支部's page",
                        (const char *[]){"\n党支部\t\n", "所在地\t", "\n文章村\t村\n", NULL}, NULL);
    stop();
}

/* The report places every record; this one has two that name no place. */
static const char unplaced_json[] =
    "{\"format\": \"zjdash/1.0\", \"meta\": {\"title\": \"报道\", \"publisher\": \"日报\", "
    "\"published\": \"2024-02-01\"}, \"places\": [{\"id\": \"v\", \"name\": \"某村\", "
    "\"kind\": \"village\"}], \"organizations\": [{\"id\": \"o\", \"name\": \"某协会\", "
    "\"kind\": \"association\"}], \"themes\": [{\"id\": \"t\", \"title\": \"主题\", "
    "\"columns\": [{\"key\": \"name\", \"label\": \"名称\", \"type\": \"text\"}, "
    "{\"key\": \"who\", \"label\": \"组织\", \"type\": \"refs\"}], \"records\": ["
    "{\"id\": \"r1\", \"name\": \"甲\", \"who\": [\"o\"], \"quote\": \"甲事\"}, "
    "{\"id\": \"r2\", \"name\": \"乙\", \"quote\": \"乙事\"}, "
    "{\"id\": \"r3\", \"name\": \"丙\", \"who\": [\"v\"], \"quote\": \"丙事\"}]}]}";

/* The page the places tab opens for the records that name no place. */
static void the_records_of_no_place_should_be_chinese(void **state)
{
    (void)state;
    dataset *ds = NULL;
    char err[256];
    assert_int_equal(dataset_load_memory(unplaced_json, strlen(unplaced_json), "unplaced", &ds, err,
                                         sizeof err),
                     DATASET_OK);
    lang_set(LANG_ZH);
    start_on(ds, 100, 30);
    app_switch_tab(A, ds->nthemes);
    app_places(A);
    assert_int_equal(A->places->nunplaced, 2);
    assert_non_null(app_push(A, PAGE_UNPLACED));
    expect_chinese_page("the page of the records of no place",
                        (const char *[]){"地点 › 未注明地点的记录",
                                         "2 条记录既未提到地点" COMMA "也未提到报道中注明了所在地的组织",
                                         "1 主题" LP "2 条" RP, "\n甲\t", NULL},
                        NULL);
    stop();
    dataset_free(ds);
}

/* The help is the keymaps' words and its status the lines shown: both
 * Chinese, the key names as printed on keys. */
static void help_should_be_chinese_and_say_which_lines_show(void **state)
{
    (void)state;
    lang_set(LANG_ZH);
    start(100, 30);
    app_key(A, '?');
    assert_int_equal(app_top(A)->kind, PAGE_HELP);
    expect_chinese_page("the help",
                        (const char *[]){"所有页面通用", "记录、地点、组织和帮助页面", "帮助",
                                         "第 1-", "行" COMMA "共", COMMA "下面还有 ↓", "林屋村", NULL},
                        "NO_COLOR ESCDELAY ZJDASH_SNAPSHOT_DIR PNG CSV lwc linwu");
    stop();
}

/* ---- the status messages ---- */

/* The message the last key left: Chinese, no identifier. */
static void expect_said(const char *what, const char *must, const char *allowed)
{
    if (!has_chinese(A->message))
        fail_msg("%s: the status line says \"%s\", no Chinese", what, A->message);
    expect_no_english(what, A->message, allowed);
    expect_no_identifier(what, A->message);
    if (must && !strstr(A->message, must))
        fail_msg("%s: the status line says \"%s\", not \"%s\"", what, A->message, must);
}

/* A key as a user presses it: dispatched, then a frame drawn. */
static void press(uint32_t key)
{
    app_key(A, key);
    app_frame(A, &G);
}

/* Each message a key can bring on a table or a page. */
static void every_message_of_the_keys_should_be_chinese(void **state)
{
    (void)state;
    lang_set(LANG_ZH);
    start(100, 30);
    press('n');
    expect_said("n before any search", "尚未搜索", NULL);
    press('9');
    expect_said("9 with four themes", "没有第 9 个标签页", NULL);
    press('c');
    expect_said("c", "已隐藏图表", NULL);
    press('c');
    expect_said("c again", "已显示图表", NULL);
    press('t');
    expect_said("t", "深色", NULL);
    press('t');
    expect_said("t again", "浅色", NULL);
    press('z');
    expect_said("z", "z 键在此处没有作用", NULL);
    app_unknown_key(A);
    expect_said("a key zjdash cannot read", "无法识别的按键", NULL);
    app_search(A, "村", -1, 1, false);
    expect_said("a search", "个匹配项", NULL);
    app_search(A, "qqqq", -1, 1, false);
    expect_said("a search that finds nothing", "本页没有包含“qqqq”", "qqqq");
    app_open(A, (link_target){LINK_RECORD, id_of("r_gov_yuehai")});
    press('f');
    expect_said("f on a page", "筛选只适用于主题表格", NULL);
    press('m');
    expect_said("m on a record", "本页没有合计", NULL);
    app_search(A, "粤海", 0, 1, false);
    app_search(A, "粤海", app_screen(A)->get_cursor(A), 1, false);
    expect_said("a search with one match, round the end", COMMA "仅此一个", NULL);
    while (app_push(A, PAGE_HELP))
        ;
    expect_said("a page too deep", "页面层级太深", NULL);
    stop();
}

/* s: a format it does not know, a directory it cannot write, and saved. */
static void the_messages_of_pictures_should_be_chinese(void **state)
{
    (void)state;
    char dir[] = "/tmp/zjdash-zh-XXXXXX";
    assert_non_null(mkdtemp(dir));
    lang_set(LANG_ZH);
    start(100, 30);
    setenv("ZJDASH_SNAPSHOT_FORMAT", "bmp", 1);
    picture_save(A, &G);
    expect_said("ZJDASH_SNAPSHOT_FORMAT=bmp", "应为 png",
                "ZJDASH_SNAPSHOT_FORMAT png pdf svg html txt ans");
    setenv("ZJDASH_SNAPSHOT_FORMAT", "txt", 1);
    setenv("ZJDASH_SNAPSHOT_DIR", "/proc/no/such/dir", 1);
    picture_save(A, &G);
    expect_said("a directory that cannot be written", "无法保存图片",
                /* the path, and strerror in the C locale */
                "proc no such dir No such file or directory");
    setenv("ZJDASH_SNAPSHOT_DIR", dir, 1);
    picture_save(A, &G);
    /* the file's name is what the user copies: the tab's id is in it */
    expect_has("s", A->message, "已保存 /tmp/zjdash-zh-");
    unsetenv("ZJDASH_SNAPSHOT_FORMAT");
    unsetenv("ZJDASH_SNAPSHOT_DIR");
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    stop();
}

/* A picture that leaves lines out says how many, in the language set. */
static void a_picture_cut_short_should_say_so_in_chinese(void **state)
{
    (void)state;
    lang_set(LANG_ZH);
    grid g;
    grid_init(&g, 100, 2, false);
    picture_more(&g, 0, 1000, 41234, "行");
    buf text;
    buf_init(&text);
    for (int x = 0; x < g.w; x++)
        if (grid_at(&g, 0, x)->width)
            buf_puts(&text, grid_at(&g, 0, x)->text);
    expect_has("a picture of 1000 of 41234 lines", text.data,
               "本图只列出前 1000 项" LP "共 41234 行" RP COMMA "其余未列入");
    buf_free(&text);
    grid_free(&g);
    lang_set(LANG_EN);
}

/* Why the dashboard cannot start, in Chinese, and what the user set still
 * made safe to print. */
static void the_terminal_s_refusals_should_be_chinese_and_sanitised(void **state)
{
    (void)state;
    lang_set(LANG_ZH);
    char err[1024];
    struct session_locale_env env = {NULL, NULL, "zh_CN.GB18030\x1b[2J"};
    assert_int_equal(session_locale_decide(&env, "GB18030", err, sizeof err), SESSION_LOCALE_REFUSE);
    if (!has_chinese(err) || strchr(err, '\x1b') || !strstr(err, " 选择了字符集 GB18030" COMMA))
        fail_msg("a locale refused: %s", err);
    expect_no_english("a locale refused", err, "zh CN GB LANG LC ALL C UTF zjdash J");
    const char *term = getenv("TERM");
    char *saved = term ? strdup(term) : NULL;
    setenv("TERM", "no-such-term\x1b]0;x\x07", 1);
    assert_false(terminfo_check(getenv("TERM"), err, sizeof err));
    if (saved)
        setenv("TERM", saved, 1);
    else
        unsetenv("TERM");
    free(saved);
    if (!has_chinese(err) || strchr(err, '\x1b') || strncmp(err, "zjdash: ", 8))
        fail_msg("an unknown TERM: %s", err);
    expect_no_english("an unknown TERM", err, "zjdash TERM no such term x xterm color terminfo");
    lang_set(LANG_EN);
}

/* ---- the kinds ---- */

/* Every kind the data names, of a place, an organisation or a figure, is a
 * word in both catalogues, never the identifier. */
static void every_kind_of_the_data_should_be_a_word_in_both_languages(void **state)
{
    (void)state;
    char key[96];
    for (int l = 0; l < 2; l++) {
        lang_set(l ? LANG_EN : LANG_ZH);
        for (uint32_t e = 0; e < zj->nentities; e++) {
            const char *kind = ds_str(zj, zj->entities[e].kind);
            snprintf(key, sizeof key, "kind.%s", kind);
            if (*kind && !tr_key(key))
                fail_msg("no words for the kind %s of %s", kind, ds_str(zj, zj->entities[e].name));
        }
        for (uint32_t f = 0; f < zj->nfigures; f++) {
            snprintf(key, sizeof key, "kind.%s", figure_kind_name(zj->figures[f].kind));
            if (!tr_key(key))
                fail_msg("no words for the figure kind %s", key);
        }
    }
    lang_set(LANG_ZH);
    assert_string_equal(lang_kind("county_city", true), "县级市");
    assert_string_equal(lang_kind("party_branch", false), "党支部");
    lang_set(LANG_EN);
    assert_string_equal(lang_kind("county_city", true), "county-level city");
    assert_string_equal(lang_kind("party_branch", false), "party branch");
}

/* ---- English back ---- */

/* Chinese is the default, not the only language: en gives the English words
 * back, with the kinds as English words. */
static void english_should_come_back_with_en(void **state)
{
    (void)state;
    lang_set(LANG_ZH);
    lang_set(LANG_EN);
    start(100, 30);
    app_open(A, (link_target){LINK_RECORD, id_of("r_gov_yuehai")});
    buf text;
    buf_init(&text);
    screen_and_page(&text);
    expect_has("the English record page", text.data, "The report's words");
    expect_has("the English record page", text.data, "law firm");
    expect_has("the English record page", text.data, "party branch");
    expect_no_identifier("the English record page", text.data);
    press('m');
    expect_has("m on an English record", A->message, "no total on this page");
    buf_free(&text);
    stop();
}

/* ---- the command line ---- */

struct run {
    int status;
    buf out, err;
};

/* zjdash with args in the tests' environment (English unless args say),
 * its standard output and error read whole. */
static void run_zjdash(struct run *r, const char *const *args)
{
    char out_path[] = "/tmp/zjdash-zh-out-XXXXXX", err_path[] = "/tmp/zjdash-zh-err-XXXXXX";
    int out = mkstemp(out_path), err = mkstemp(err_path);
    assert_true(out >= 0 && err >= 0);
    char *argv[16] = {(char *)zjdash_binary()};
    int n = 1;
    for (; *args && n < 15; args++)
        argv[n++] = (char *)*args;
    argv[n] = NULL;
    pid_t pid = fork_or_fail();
    if (pid == 0) {
        child_environment(NULL);
        int in = open("/dev/null", O_RDONLY);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    buf_init(&r->out);
    buf_init(&r->err);
    read_file(out_path, &r->out);
    read_file(err_path, &r->err);
    close(out);
    close(err);
    unlink(out_path);
    unlink(err_path);
}

/* The two streams a run read. */
static void run_free(struct run *r)
{
    buf_free(&r->out);
    buf_free(&r->err);
}

/* Every option of main.c's table is in the Chinese --help, on a line with
 * Chinese words; nothing of the English --help is left. */
static void help_in_chinese_should_name_every_option_with_chinese_words(void **state)
{
    (void)state;
    static const char *const options[] = {
        "--check", "--dump", "--tab",      "--sort",  "--filter", "--open",
        "--ascii", "--no-mouse", "--lang", "--snapshot", "--size", "--theme",
        "--scale", "--outlines", "--keys", "--help",  "--version",
    };
    struct run r;
    run_zjdash(&r, (const char *[]){"--lang", "zh", "--help", NULL});
    assert_int_equal(r.status, 0);
    const char *out = r.out.data ? r.out.data : "";
    for (size_t i = 0; i < sizeof options / sizeof *options; i++) {
        const char *at = NULL;
        for (const char *p = strstr(out, options[i]); p && !at; p = strstr(p + 1, options[i]))
            if (p[-1] == ' ' && (p[strlen(options[i])] == ' ' || p[strlen(options[i])] == '\n'))
                at = p;
        if (!at)
            fail_msg("--help in Chinese does not name %s", options[i]);
        const char *bol = at;
        while (bol > out && bol[-1] != '\n')
            bol--;
        const char *eol = strchr(at, '\n');
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)(eol ? eol - bol : (long)strlen(bol)), bol);
        if (bol[2] == '-' && !has_chinese(line)) /* the option's own line, not an example */
            fail_msg("--help in Chinese says %s without Chinese words: %s", options[i], line);
    }
    static const char *const english[] = {"Usage:", "Options:", "Keys in the dashboard",
                                          "Environment:", "Exit status", "Examples:",
                                          "Everywhere", "move one page"};
    for (size_t i = 0; i < sizeof english / sizeof *english; i++)
        if (strstr(out, english[i]))
            fail_msg("--help in Chinese still says \"%s\"", english[i]);
    expect_has("--help in Chinese", out, "用法" COLON "zjdash [选项] [文件]");
    expect_has("--help in Chinese", out, "仪表板中的按键" LP "按 ? 也可查看" RP COLON);
    expect_has("--help in Chinese", out, "退出状态" COLON);
    run_free(&r);
}

/* A usage error in Chinese still says how to get help, as the command to
 * type. */
static void a_usage_error_in_chinese_should_say_zjdash_help(void **state)
{
    (void)state;
    static const char *const cases[][8] = {
        {"--lang", "zh", "--no-such-option", NULL},
        {"--lang", "zh", "--dump", "xml", NULL},
        {"--lang", "zh", "--dump", "txt", "--tab", "nosuch", NULL},
        {"--lang", "zh", "--check", "--dump", "json", NULL},
        {"--lang", "zh", "--snapshot", "x.png", "--size", "10x10", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct run r;
        run_zjdash(&r, cases[i]);
        const char *err = r.err.data ? r.err.data : "";
        const char *nl = strchr(err, '\n');
        if (r.status != 2 || !nl || strncmp(err, "zjdash: ", 8) || !has_chinese(err) ||
            strcmp(nl + 1, "详细说明请运行 'zjdash --help'。\n"))
            fail_msg("case %zu: status %d, said:\n%s", i, r.status, err);
        run_free(&r);
    }
    struct run r;
    run_zjdash(&r, (const char *[]){"--lang", "zh", "--dump", "txt", "--open", "无此名", NULL});
    if (r.status != 2 || !r.err.data || !strstr(r.err.data, "zjdash: --open" COLON "“无此名”"))
        fail_msg("--open of nothing: status %d, said:\n%s", r.status, r.err.data ? r.err.data : "");
    run_free(&r);
    run_zjdash(&r, (const char *[]){"--lang", "zh", NULL});
    if (r.status != 4 || !r.err.data || !strstr(r.err.data, "标准输入不是终端") ||
        !strstr(r.err.data, "ssh -t HOST zjdash"))
        fail_msg("the dashboard without a terminal: status %d, said:\n%s", r.status,
                 r.err.data ? r.err.data : "");
    run_free(&r);
    struct run en;
    run_zjdash(&en, (const char *[]){"--lang", "en", "--no-such-option", NULL});
    expect_has("a usage error in English", en.err.data ? en.err.data : "",
               "zjdash: unknown option '--no-such-option'\nTry 'zjdash --help' for more information.\n");
    run_free(&en);
}

/* --dump txt in Chinese: the tree's headings and a page's words. */
static void dump_txt_in_chinese_should_say_its_words_in_chinese(void **state)
{
    (void)state;
    struct run r;
    run_zjdash(&r, (const char *[]){"--lang", "zh", "--dump", "txt", "--tab", "places", NULL});
    assert_int_equal(r.status, 0);
    expect_has("the places in Chinese", r.out.data, "地点");
    expect_has("the places in Chinese", r.out.data, "记录数");
    expect_has("the places in Chinese", r.out.data, LP "未注明地点" RP);
    run_free(&r);
    run_zjdash(&r, (const char *[]){"--lang", "zh", "--dump", "txt", "--open", "吴川市", NULL});
    assert_int_equal(r.status, 0);
    expect_no_english("--dump txt --open 吴川市", r.out.data, NULL);
    expect_no_identifier("--dump txt --open 吴川市", r.out.data);
    expect_has("--dump txt --open 吴川市", r.out.data, "县级市");
    run_free(&r);
    run_zjdash(&r, (const char *[]){"--lang", "zh", "--dump", "txt", "--tab", "1", NULL});
    assert_int_equal(r.status, 0);
    expect_has("--dump txt --tab 1", r.out.data, "条记录" LP "共");
    expect_has("--dump txt --tab 1", r.out.data, "排序" COLON "报道原文顺序");
    expect_no_identifier("--dump txt --tab 1", r.out.data);
    run_free(&r);
}

/* The report, and the words that may be ASCII in it and on the keys. */
static int setup(void **state)
{
    (void)state;
    zj = load_dataset("data/zhanjiang-2024.json");
    if (!zj)
        return -1;
    collect_data_words();
    collect_key_words();
    return 0;
}

/* English again for whatever runs after. */
static int teardown(void **state)
{
    (void)state;
    dataset_free(zj);
    buf_free(&data_words);
    buf_free(&key_words);
    lang_set(LANG_EN);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_record_page_should_be_chinese_with_kinds_as_words),
        cmocka_unit_test(a_record_page_should_write_its_dates_as_a_reader_does),
        cmocka_unit_test(place_pages_should_name_their_kind_and_no_id),
        cmocka_unit_test(an_organisation_page_should_say_its_kind_and_where_it_is),
        cmocka_unit_test(the_records_of_no_place_should_be_chinese),
        cmocka_unit_test(help_should_be_chinese_and_say_which_lines_show),
        cmocka_unit_test(every_message_of_the_keys_should_be_chinese),
        cmocka_unit_test(the_messages_of_pictures_should_be_chinese),
        cmocka_unit_test(a_picture_cut_short_should_say_so_in_chinese),
        cmocka_unit_test(the_terminal_s_refusals_should_be_chinese_and_sanitised),
        cmocka_unit_test(every_kind_of_the_data_should_be_a_word_in_both_languages),
        cmocka_unit_test(english_should_come_back_with_en),
        cmocka_unit_test(help_in_chinese_should_name_every_option_with_chinese_words),
        cmocka_unit_test(a_usage_error_in_chinese_should_say_zjdash_help),
        cmocka_unit_test(dump_txt_in_chinese_should_say_its_words_in_chinese),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

#define _GNU_SOURCE /* memmem */
/* The dashboard as a user sees it: the real binary on a pseudo-terminal,
 * its output fed to a real terminal emulator (libvterm), and the assertions
 * made on the emulated screen: what is shown where, in which attributes, and
 * which bytes were written. */
#include <pty.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vterm.h>

#include <cmocka.h>

#include "buf.h"

#include "../support/pty_screen.h"
#include "../support/pty_term.h"
#include "../support/testutil.h"


static bool row_reversed(struct term *t, int y)
{
    VTermScreenCell c;
    vterm_screen_get_cell(t->pty.screen, (VTermPos){y, 0}, &c);
    return c.attrs.reverse || !VTERM_COLOR_IS_DEFAULT_BG(&c.bg);
}

static void row_text(struct term *t, int y, buf *out)
{
    pty_row(&t->pty, y, out);
}

/* The row the dashboard has selected: the only table row drawn differently.
 * Column 0 is always a blank in the row's style (a wide character's right
 * half carries no attributes of its own in libvterm). */
static int selected_row(struct term *t)
{
    for (int y = 5; y < t->pty.rows - 1; y++) {
        VTermScreenCell c;
        vterm_screen_get_cell(t->pty.screen, (VTermPos){y, 0}, &c);
        if (c.attrs.reverse || (!VTERM_COLOR_IS_DEFAULT_BG(&c.bg)))
            return y;
    }
    return -1;
}

/* ---- tests ---- */

static void dashboard_should_show_title_tabs_figures_and_table(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 30, 100, NULL, NULL, false);
    int y = pty_wait_for(&t.pty, "1 组织凝心");
    pty_settle(&t.pty);
    buf line;
    buf_init(&line);
    row_text(&t, y, &line);
    const char *titles[] = {"1 组织凝心", "2 联建强心", "3 治理同心", "4 帮扶暖心"};
    const char *at = line.data;
    for (int i = 0; i < 4; i++) {
        const char *p = strstr(at, titles[i]);
        assert_non_null(p); /* in the report's order */
        at = p;
    }
    assert_true(pty_shows(&t.pty, "湛江:凝“新”聚力 赋能“百千万工程”", NULL));
    assert_true(pty_shows(&t.pty, "南方日报", NULL));
    /* the headline figures, as a chart: label, bar, value on one line */
    int fy = -1;
    assert_true(pty_shows(&t.pty, "投入资金", &fy));
    row_text(&t, fy, &line);
    assert_non_null(strstr(line.data, "约1.3亿元"));
    assert_non_null(strstr(line.data, "█"));
    assert_true(pty_shows(&t.pty, "超4,170名", NULL));
    assert_true(pty_shows(&t.pty, "5 Places", NULL));
    assert_true(pty_shows(&t.pty, "村企共建激活发展潜力", NULL));
    assert_true(pty_shows(&t.pty, "row 1 of 13", NULL));
    assert_true(pty_shows(&t.pty, "? help", NULL));
    /* the current tab looks different from the others */
    VTermScreenCell current, other;
    vterm_screen_get_cell(t.pty.screen, (VTermPos){y, 3}, &current);
    vterm_screen_get_cell(t.pty.screen, (VTermPos){y, 16}, &other);
    assert_true(current.attrs.reverse != other.attrs.reverse ||
                memcmp(&current.bg, &other.bg, sizeof current.bg) != 0);
    buf_free(&line);
    term_send(&t, "q");
    assert_true(term_wait_exit(&t, 3000));
    assert_true(WIFEXITED(t.status) && WEXITSTATUS(t.status) == 0);
    term_free(&t);
}

/* The first table row's text. */
static void first_row(struct term *t, buf *out)
{
    int header = pty_wait_for(&t->pty, "名称");
    row_text(t, header + 1, out);
}

static void sort_keys_should_reorder_rows_and_keep_the_selection(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 30, 120, NULL, NULL, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    pty_settle(&t.pty);
    term_keys(&t, ">>>>"); /* name, who, where, money */
    pty_wait_for(&t.pty, "sort 投入资金 ▴");
    buf row;
    buf_init(&row);
    first_row(&t, &row);
    assert_non_null(strstr(row.data, "超3900万元")); /* the smallest sum first */
    term_keys(&t, "r");
    pty_wait_for(&t.pty, "sort 投入资金 ▾");
    first_row(&t, &row);
    assert_non_null(strstr(row.data, "约1.3亿元")); /* 亿 above 万 */
    /* the selected record stays selected across a sort */
    term_keys(&t, "j");
    int y = selected_row(&t);
    assert_true(y > 0);
    buf before;
    buf_init(&before);
    row_text(&t, y, &before);
    term_keys(&t, "r");
    y = selected_row(&t);
    assert_true(y > 0);
    row_text(&t, y, &row);
    assert_string_equal(row.data, before.data);
    buf_free(&before);
    buf_free(&row);
    term_send(&t, "Q");
    assert_true(term_wait_exit(&t, 3000));
    term_free(&t);
}

static void drill_down_to_a_village_and_back_should_return_to_the_same_row(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 30, 100, NULL, NULL, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    term_keys(&t, "2");
    pty_wait_for(&t.pty, "row 1 of 8");
    term_send(&t, "/文章");
    pty_settle(&t.pty);
    term_send(&t, "\r");
    pty_wait_for(&t.pty, "row 7 of 8");
    term_keys(&t, "\r");
    pty_wait_for(&t.pty, "联建强心 › 智贝贝党支部");
    /* move to the village among the names */
    for (int i = 0; i < 6; i++) {
        int y = selected_row(&t);
        buf line;
        buf_init(&line);
        if (y > 0)
            row_text(&t, y, &line);
        bool there = y > 0 && strstr(line.data, "文章村") && strstr(line.data, "village");
        buf_free(&line);
        if (there)
            break;
        term_keys(&t, "j");
    }
    term_keys(&t, "\r");
    pty_wait_for(&t.pty, "› 文章村");
    pty_wait_for(&t.pty, "湛江市 › 赤坎区 › 文章村");
    pty_wait_for(&t.pty, "2 联建强心 (1)");
    pty_wait_for(&t.pty, "3 治理同心 (1)");
    pty_wait_for(&t.pty, "粤海律师事务所");
    term_keys(&t, "\x1b");
    pty_wait_for(&t.pty, "The report's words");
    term_keys(&t, "h");
    pty_wait_for(&t.pty, "row 7 of 8");
    term_send(&t, "Q");
    assert_true(term_wait_exit(&t, 3000));
    term_free(&t);
}

static void filter_should_take_chinese_input_and_esc_should_clear_it(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 30, 100, (const char *[]){"--tab", "industry", NULL}, NULL, false);
    pty_wait_for(&t.pty, "row 1 of 8");
    term_send(&t, "f布政");
    pty_wait_for(&t.pty, "filter: 布政");
    term_send(&t, "\r");
    pty_wait_for(&t.pty, "row 1 of 3 (of 8)");
    assert_true(pty_shows(&t.pty, "filter \"布政\"", NULL));
    /* Backspace removes a whole character */
    term_send(&t, "f");
    pty_settle(&t.pty);
    term_send(&t, "\x7f");
    pty_wait_for(&t.pty, "filter: 布");
    term_send(&t, "\x1b");
    pty_wait_for(&t.pty, "row 1 of 3 (of 8)"); /* Esc at the prompt undoes the edit */
    term_keys(&t, "\x1b");
    pty_wait_for(&t.pty, "filter cleared");
    pty_wait_for(&t.pty, "8 records");
    term_send(&t, "Q");
    assert_true(term_wait_exit(&t, 3000));
    term_free(&t);
}

static void columns_should_line_up_with_chinese_text(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 40, 120, NULL, NULL, false);
    int header = pty_wait_for(&t.pty, "名称");
    pty_settle(&t.pty);
    int borders[32], n = 0;
    for (int x = 0; x < t.pty.cols && n < 32; x++) {
        VTermScreenCell c;
        vterm_screen_get_cell(t.pty.screen, (VTermPos){header, x}, &c);
        if (c.chars[0] == 0x2502)
            borders[n++] = x;
    }
    assert_true(n >= 3);
    for (int y = header + 1; y <= header + 13; y++) /* all 13 rows of the first tab */
        for (int i = 0; i < n; i++) {
            VTermScreenCell c;
            vterm_screen_get_cell(t.pty.screen, (VTermPos){y, borders[i]}, &c);
            if (c.chars[0] != 0x2502) {
                pty_dump(&t.pty);
                fail_msg("row %d has no border at column %d", y, borders[i]);
            }
        }
    term_send(&t, "Q");
    assert_true(term_wait_exit(&t, 3000));
    term_free(&t);
}

static void resizing_should_relayout_and_survive_1x1(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 40, 120, NULL, NULL, false);
    pty_wait_for(&t.pty, "4 帮扶暖心");
    term_resize(&t, 16, 60);
    pty_wait_for(&t.pty, "4 帮扶暖心");
    pty_wait_for(&t.pty, "row 1 of 13");
    term_resize(&t, 10, 50);
    pty_wait_for(&t.pty, "terminal too small");
    term_resize(&t, 1, 1);
    term_resize(&t, 40, 120);
    pty_wait_for(&t.pty, "4 帮扶暖心");
    pty_wait_for(&t.pty, "row 1 of 13");
    assert_int_equal(waitpid(t.pid, NULL, WNOHANG), 0); /* still running */
    term_send(&t, "Q");
    assert_true(term_wait_exit(&t, 3000));
    assert_true(WIFEXITED(t.status) && WEXITSTATUS(t.status) == 0);
    term_free(&t);
}

static void hostile_strings_should_show_as_placeholders_and_never_reach_the_terminal(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 30, 140, (const char *[]){"tests/fixtures/hostile.json", NULL}, NULL, false);
    pty_wait_for(&t.pty, "<U+202E>");
    pty_settle(&t.pty);
    /* open every row so every string is drawn once */
    for (int i = 0; i < 4; i++) {
        term_keys(&t, "\r");
        term_keys(&t, "\x1bj");
    }
    static const char *const never[] = {"\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x80\x8B",
                                        "\xEF\xBB\xBF"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        assert_null(memmem(t.pty.raw.data, t.pty.raw.len, never[i], strlen(never[i])));
    term_send(&t, "Q");
    assert_true(term_wait_exit(&t, 3000));
    term_free(&t);
}

static void hang_up_should_end_it_within_a_second_even_with_sighup_ignored(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 24, 80, NULL, NULL, true);
    pty_wait_for(&t.pty, "row 1 of 13");
    pty_settle(&t.pty);
    close(t.pty.fd); /* the SSH session is gone */
    t.pty.fd = -1;
    long start = now_ms();
    int status = 0;
    pid_t done = 0;
    while (now_ms() - start < 1000 && (done = waitpid(t.pid, &status, WNOHANG)) == 0)
        usleep(10000);
    assert_int_equal(done, t.pid);
    t.pid = 0;
    term_free(&t);
}

static void sigterm_should_restore_the_terminal(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 24, 80, NULL, NULL, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    pty_settle(&t.pty);
    size_t before = t.pty.raw.len;
    kill(t.pid, SIGTERM);
    assert_true(term_wait_exit(&t, 1000));
    /* leaving the alternate screen is the last thing written */
    assert_non_null(memmem(t.pty.raw.data + before, t.pty.raw.len - before, "\x1b[?1049l", 8));
    term_free(&t);
}

static void no_color_should_give_a_monochrome_screen_with_reverse_selection(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 24, 80, NULL, (const char *[]){"NO_COLOR=1", NULL}, false);
    int header = pty_wait_for(&t.pty, "名称");
    pty_settle(&t.pty);
    for (int y = 0; y < t.pty.rows; y++)
        for (int x = 0; x < t.pty.cols; x++) {
            VTermScreenCell c;
            vterm_screen_get_cell(t.pty.screen, (VTermPos){y, x}, &c);
            assert_true(VTERM_COLOR_IS_DEFAULT_FG(&c.fg) && VTERM_COLOR_IS_DEFAULT_BG(&c.bg));
        }
    VTermScreenCell c;
    vterm_screen_get_cell(t.pty.screen, (VTermPos){header + 1, 0}, &c);
    assert_true(c.attrs.reverse);
    assert_true(row_reversed(&t, header + 1));
    term_send(&t, "Q");
    assert_true(term_wait_exit(&t, 3000));
    term_free(&t);
}

static void vt100_should_work_in_monochrome(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 24, 80, NULL, (const char *[]){"TERM=vt100", NULL}, false);
    pty_wait_for(&t.pty, "2 联建强心");
    pty_wait_for(&t.pty, "row 1 of 13");
    term_keys(&t, "j");
    pty_wait_for(&t.pty, "row 2 of 13");
    term_send(&t, "Q");
    assert_true(term_wait_exit(&t, 3000));
    term_free(&t);
}

/* The file whose name the status line gives, whole, from row y; ext its
 * extension. */
static void saved_file(struct term *t, int y, const char *dir, const char *ext, char *path,
                       size_t len, buf *bytes)
{
    buf line;
    buf_init(&line);
    row_text(t, y, &line);
    char *name = strstr(line.data, dir);
    assert_non_null(name);
    char *end = strstr(name, ext);
    assert_non_null(end);
    end[strlen(ext)] = 0;
    snprintf(path, len, "%s", name);
    buf_free(&line);
    buf_clear(bytes);
    assert_true(read_file(path, bytes));
}

/* The dashboard with a scratch folder of its own for what s, e and y save
 * (dir: at least sizeof SCRATCH bytes, filled in); extra: one more
 * environment entry, or NULL. */
#define SCRATCH "/tmp/zjdash-tui-XXXXXX"
static void start_saving_in(struct term *t, char *dir, int rows, int cols, const char *extra)
{
    memcpy(dir, SCRATCH, sizeof SCRATCH);
    assert_non_null(mkdtemp(dir));
    char env[96];
    snprintf(env, sizeof env, "ZJDASH_SNAPSHOT_DIR=%s", dir);
    term_start(t, rows, cols, NULL, (const char *[]){env, extra, NULL}, false);
    pty_wait_for(&t->pty, "row 1 of 13");
}

static void s_should_save_the_page_as_a_briefing_and_say_where(void **state)
{
    (void)state;
    char dir[sizeof SCRATCH];
    struct term t;
    start_saving_in(&t, dir, 30, 100, NULL);
    term_keys(&t, "2");
    term_send(&t, "s");
    pty_wait_for(&t.pty, "saved /"); /* the whole path */
    int y = pty_wait_for(&t.pty, "zjdash-industry-");
    char first[512];
    buf png;
    buf_init(&png);
    saved_file(&t, y, dir, ".png", first, sizeof first, &png);
    assert_true(png.len > 8 && !memcmp(png.data, "\x89PNG\r\n\x1a\n", 8));
    /* a second picture never replaces the first: in the same second it is
     * called -2, later its name has the later time (which of the two
     * depends on the machine's speed, so either passes) */
    term_send(&t, "s");
    bool renamed = false;
    buf line;
    buf_init(&line);
    for (int i = 0; i < 100 && !renamed; i++) {
        pty_read(&t.pty, 100);
        buf_clear(&line);
        row_text(&t, y, &line);
        renamed = strstr(line.data, "saved ") && !strstr(line.data, first);
    }
    if (!renamed)
        fail_msg("the second picture did not get a name of its own: \"%s\"", line.data);
    buf again;
    buf_init(&again);
    assert_true(read_file(first, &again));
    assert_true(again.len == png.len && !memcmp(again.data, png.data, png.len));
    buf_free(&again);
    buf_free(&png);
    term_quit(&t);
    /* as SVG, to read it: the briefing of the tab, not the screen's chrome */
    char env[96];
    snprintf(env, sizeof env, "ZJDASH_SNAPSHOT_DIR=%s", dir);
    term_start(&t, 30, 100, NULL, (const char *[]){env, "ZJDASH_SNAPSHOT_FORMAT=svg", NULL}, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    term_keys(&t, "2");
    term_send(&t, "s");
    y = pty_wait_for(&t.pty, "zjdash-industry-");
    buf svg;
    buf_init(&svg);
    saved_file(&t, y, dir, ".svg", first, sizeof first, &svg);
    assert_non_null(strstr(svg.data, "<svg"));
    assert_non_null(strstr(svg.data, "夯实产业振兴基础"));
    assert_non_null(strstr(svg.data, "数据来源"));
    assert_null(strstr(svg.data, "row 1 of 8"));
    assert_null(strstr(svg.data, "? help"));
    buf_free(&svg);
    buf_free(&line);
    /* a directory that cannot be written: said on the status line, and it goes on */
    term_quit(&t);
    term_start(&t, 30, 100, NULL, (const char *[]){"ZJDASH_SNAPSHOT_DIR=/proc", NULL}, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    term_send(&t, "s");
    pty_wait_for(&t.pty, "cannot save the picture (");
    pty_wait_for(&t.pty, ") in /proc"); /* why first, where after: a long path cannot push it off */
    term_keys(&t, "j");
    pty_wait_for(&t.pty, "row 2 of 13");
    term_quit(&t);
    remove_tree(dir);
}

/* y over a real terminal: the bytes that reach it are OSC 52 with the cell
 * in base64 (湛江市's first row, 导语:…); a vt100 gets none, and a file. */
static void y_should_send_osc52_to_the_terminal(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 30, 100, NULL, (const char *[]){"TERM=xterm-256color", NULL}, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    size_t before = t.pty.raw.len;
    term_send(&t, "y");
    pty_wait_for(&t.pty, "copied the cell");
    const char *raw = t.pty.raw.data + before;
    const char *osc = memmem(raw, t.pty.raw.len - before, "\033]52;c;", 7);
    assert_non_null(osc);
    /* "导语" in base64: the first row's name begins with it */
    assert_non_null(memmem(osc, t.pty.raw.len - (size_t)(osc - t.pty.raw.data), "5a+86K+t", 8));
    term_quit(&t);
    char dir[sizeof SCRATCH];
    start_saving_in(&t, dir, 24, 80, "TERM=vt100");
    before = t.pty.raw.len;
    term_send(&t, "y");
    pty_wait_for(&t.pty, "no clipboard");
    assert_null(memmem(t.pty.raw.data + before, t.pty.raw.len - before, "\033]52", 4));
    term_quit(&t);
    remove_tree(dir);
}

/* zjdash's standard output, run with args, into out. */
static void dump_output(const char *const *args, buf *out)
{
    char path[] = "/tmp/zjdash-tui-dump-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    pid_t pid = fork_or_fail();
    if (pid == 0) {
        child_environment(NULL);
        dup2(fd, STDOUT_FILENO);
        const char *argv[16] = {zjdash_binary()};
        for (int n = 1; *args && n < 15; args++)
            argv[n++] = *args;
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(fd);
    buf_clear(out);
    assert_true(read_file(path, out));
    unlink(path);
}

/* e, as a user does it: a sort and a filter typed, then the file named on
 * the status line holds what --dump csv gives for the same, byte for byte. */
static void e_should_export_the_table_as_the_dump_gives_it(void **state)
{
    (void)state;
    char dir[sizeof SCRATCH];
    struct term t;
    start_saving_in(&t, dir, 30, 160, NULL);
    term_keys(&t, "2>r");
    pty_wait_for(&t.pty, "sort 名称 ▾");
    term_send(&t, "f湛江\r");
    pty_wait_for(&t.pty, "filter \"湛江\"");
    term_send(&t, "e");
    int y = pty_wait_for(&t.pty, "zjdash-industry-");
    char path[512];
    buf csv, dump;
    buf_init(&csv);
    buf_init(&dump);
    saved_file(&t, y, dir, ".csv", path, sizeof path, &csv);
    term_quit(&t);
    dump_output((const char *[]){"--dump", "csv", "--tab", "industry", "--sort", "name:desc",
                                 "--filter", "湛江", NULL},
                &dump);
    assert_true(csv.len > 100);
    assert_int_equal(csv.len, dump.len);
    assert_memory_equal(csv.data, dump.data, csv.len);
    buf_free(&csv);
    buf_free(&dump);
    remove_tree(dir);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (getenv("TEST_FILTER"))
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dashboard_should_show_title_tabs_figures_and_table),
        cmocka_unit_test(sort_keys_should_reorder_rows_and_keep_the_selection),
        cmocka_unit_test(drill_down_to_a_village_and_back_should_return_to_the_same_row),
        cmocka_unit_test(filter_should_take_chinese_input_and_esc_should_clear_it),
        cmocka_unit_test(columns_should_line_up_with_chinese_text),
        cmocka_unit_test(resizing_should_relayout_and_survive_1x1),
        cmocka_unit_test(hostile_strings_should_show_as_placeholders_and_never_reach_the_terminal),
        cmocka_unit_test(hang_up_should_end_it_within_a_second_even_with_sighup_ignored),
        cmocka_unit_test(sigterm_should_restore_the_terminal),
        cmocka_unit_test(no_color_should_give_a_monochrome_screen_with_reverse_selection),
        cmocka_unit_test(y_should_send_osc52_to_the_terminal),
        cmocka_unit_test(e_should_export_the_table_as_the_dump_gives_it),
        cmocka_unit_test(vt100_should_work_in_monochrome),
        cmocka_unit_test(s_should_save_the_page_as_a_briefing_and_say_where),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

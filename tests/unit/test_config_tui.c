#define _GNU_SOURCE /* memmem */
/* The configuration file as the dashboard's user meets it: the real binary
 * on a pseudo-terminal (tests/support/pty_term.c), started with a file that
 * sets its language, tab, sort, borders, mouse and colours, its pictures'
 * folder and format, e's BOM and y's file; a file with a bad line, or with
 * a tab the dataset lacks, says so on the status line and the dashboard
 * runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "style.h"

#include "../support/pty_term.h"
#include "../support/testutil.h"

static char dir[256], config[300], env_config[400];

static void write_config(const char *text)
{
    FILE *f = fopen(config, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* The dashboard with the file as its default one ($XDG_CONFIG_HOME), in the
 * file's language (ZJDASH_LANG unset). */
static void start(struct term *t, const char *text)
{
    write_config(text);
    term_start(t, 30, 100, NULL, (const char *[]){env_config, "ZJDASH_LANG=", NULL}, false);
}

/* The file of dir whose name ends in suffix (the first found), read whole. */
static bool saved_file(const char *suffix, buf *out)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    bool found = false;
    for (struct dirent *e; !found && (e = readdir(d));) {
        size_t n = strlen(e->d_name), k = strlen(suffix);
        if (n > k && !strcmp(e->d_name + n - k, suffix)) {
            char path[600];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            found = read_file(path, out);
        }
    }
    closedir(d);
    return found;
}

static bool any_colour(struct term *t)
{
    for (int y = 0; y < t->pty.rows; y++)
        for (int x = 0; x < t->pty.cols; x++) {
            VTermScreenCell c;
            vterm_screen_get_cell(t->pty.screen, (VTermPos){y, x}, &c);
            if (!VTERM_COLOR_IS_DEFAULT_FG(&c.fg) || !VTERM_COLOR_IS_DEFAULT_BG(&c.bg))
                return true;
        }
    return false;
}

static void the_file_should_set_how_the_dashboard_starts(void **state)
{
    (void)state;
    struct term t;
    start(&t, "# mine\nlanguage = en\ntab = 2\nsort = money:desc\nascii = on\nmouse = off\ncolour = off\n");
    pty_wait_for(&t.pty, "row 1 of 8");        /* the second tab, industry */
    pty_wait_for(&t.pty, "sort 投入资金 v");   /* sorted, the mark in ASCII */
    pty_wait_for(&t.pty, "1 组织凝心 | 2 联建强心"); /* ASCII borders */
    pty_wait_for(&t.pty, "Places");            /* English */
    assert_false(pty_shows(&t.pty, "│", NULL));
    if (memmem(t.pty.raw.data, t.pty.raw.len, "\033[?1000h", 8))
        fail_msg("mouse = off, yet the terminal was asked for the mouse");
    assert_false(any_colour(&t));
    term_quit(&t);
    /* the command line wins over the file */
    write_config("tab = 2\nlanguage = en\n");
    term_start(&t, 30, 100, (const char *[]){"--tab", "3", "--lang", "zh", NULL},
               (const char *[]){env_config, "ZJDASH_LANG=", NULL}, false);
    pty_wait_for(&t.pty, "治理同心 释放");
    pty_wait_for(&t.pty, "地点");
    assert_true(any_colour(&t));
    term_quit(&t);
}

/* The problems were on standard error before the terminal started, where
 * the alternate screen hides them: the status line says the first. */
static void a_bad_line_should_be_said_on_the_status_line(void **state)
{
    (void)state;
    struct term t;
    start(&t, "language = en\nnot a setting\nmouse = maybe\n");
    pty_wait_for(&t.pty, "configuration: 2 problem(s), the first: ");
    pty_wait_for(&t.pty, "config:2: expected key = value");
    pty_wait_for(&t.pty, "Places"); /* the good lines count */
    term_quit(&t);
}

static void a_tab_the_dataset_lacks_should_not_stop_the_dashboard(void **state)
{
    (void)state;
    struct term t;
    start(&t, "language = en\ntab = nosuch\n");
    pty_wait_for(&t.pty, "the configuration's tab \"nosuch\" is not in this dataset");
    pty_wait_for(&t.pty, "组织凝心 村企共建"); /* the first tab */
    term_quit(&t);
    start(&t, "language = en\nsort = nosuch:desc\n");
    pty_wait_for(&t.pty, "the configuration's sort \"nosuch:desc\" names no column here");
    term_quit(&t);
}

/* s saves in the file's folder, format and theme, e a CSV with a BOM that is
 * --dump csv's bytes, y a file beside them. */
static void keys_should_save_where_and_how_the_file_says(void **state)
{
    (void)state;
    char text[800];
    snprintf(text, sizeof text,
             "language = en\ntab = industry\nsort = money:desc\npicture-folder = %s\n"
             "picture-format = html\npicture-theme = dark\ncsv-bom = on\ncopy = file\n",
             dir);
    struct term t;
    start(&t, text);
    pty_wait_for(&t.pty, "row 1 of 8");
    term_send(&t, "s");
    pty_wait_for(&t.pty, "saved ");
    term_send(&t, "e");
    pty_wait_for(&t.pty, "exported");
    term_send(&t, "y");
    pty_wait_for(&t.pty, "a file was asked for (copy = file");
    term_quit(&t);
    buf html, csv, copy;
    buf_init(&html);
    buf_init(&csv);
    buf_init(&copy);
    assert_true(saved_file(".html", &html));
    char dark[64];
    snprintf(dark, sizeof dark, "background: %s;", style_theme(SNAP_DARK)->page_bg);
    if (!strstr(html.data, dark)) /* picture-theme, where s starts light */
        fail_msg("s saved no dark picture (%s):\n%.300s", dark, html.data);
    assert_true(saved_file(".txt", &copy));       /* y's, the only .txt */
    assert_true(copy.len > 0);
    assert_true(saved_file(".csv", &csv));
    assert_true(csv.len > 3);
    assert_memory_equal(csv.data, "\xEF\xBB\xBF", 3);
    /* --dump csv with the same file, tab and sort: the same bytes */
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork_or_fail();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl(zjdash_binary(), zjdash_binary(), "--config", config, "--dump", "csv", "--tab", "industry",
              "--sort", "money:desc", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    buf dumped;
    buf_init(&dumped);
    char chunk[4096];
    for (ssize_t n; (n = read(fds[0], chunk, sizeof chunk)) > 0;)
        buf_put(&dumped, chunk, (size_t)n);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(dumped.len, csv.len);
    assert_memory_equal(dumped.data, csv.data, csv.len);
    buf_free(&html);
    buf_free(&csv);
    buf_free(&copy);
    buf_free(&dumped);
}

static int setup(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/zjdash-test-config-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    char sub[300];
    snprintf(sub, sizeof sub, "%s/zjdash", dir);
    mkdir(sub, 0700);
    snprintf(config, sizeof config, "%s/zjdash/config", dir);
    snprintf(env_config, sizeof env_config, "XDG_CONFIG_HOME=%s", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    remove_tree(dir);
    return 0;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (getenv("TEST_FILTER"))
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_file_should_set_how_the_dashboard_starts),
        cmocka_unit_test(a_bad_line_should_be_said_on_the_status_line),
        cmocka_unit_test(a_tab_the_dataset_lacks_should_not_stop_the_dashboard),
        cmocka_unit_test(keys_should_save_where_and_how_the_file_says),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

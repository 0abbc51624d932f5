#define _GNU_SOURCE /* memmem */
/* A long load as a user sees it: the real binary on a pseudo-terminal, the
 * dataset fed through a FIFO by a child that writes records for as long as
 * the test wants (so the load is in progress while the test looks, with no
 * timing assumed), and the loading screen's drawing on its own. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "grid.h"
#include "lang.h"
#include "loading.h"
#include "text.h"

#include "../support/pty_screen.h"
#include "../support/pty_term.h"
#include "../support/testutil.h"

#define HEAD                                                                                     \
    "{\"format\": \"zjdash/1.0\", \"meta\": {\"title\": \"T\", \"publisher\": \"P\", "         \
    "\"published\": \"2024-02-01\"}, \"themes\": [{\"id\": \"t\", \"title\": \"T\", "          \
    "\"columns\": [{\"key\": \"name\", \"label\": \"N\", \"type\": \"text\"}], \"records\": [\n"
#define BATCH 2048
#define ENDLESS 0
#define STALLED (-1) /* one batch, then nothing: the writer neither writes nor closes */

/* The default, whatever the environment of the tests says. */
static const char *const chinese[] = {"ZJDASH_LANG=", NULL};

/* The FIFO the program reads, and the child that feeds it. */
struct feed {
    char dir[64], path[96];
    pid_t pid;
};

static volatile sig_atomic_t go_bad;

/* SIGUSR1 to the feeder: the next record is a bad one. */
static void on_usr1(int sig)
{
    (void)sig;
    go_bad = 1;
}

/* Writes all of s, or ends the feeder (the reader has gone). */
static void put(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            _exit(0);
        s += w, n -= (size_t)w;
    }
}

/* The feeder: a batch of records every 10 ms, for batches batches (ENDLESS:
 * until the reader goes), then the end of the document; a record without a
 * name once told to (SIGUSR1). */
static void feed_records(const char *path, int batches)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed test does not leave it feeding */
    signal(SIGPIPE, SIG_DFL);
    signal(SIGUSR1, on_usr1);
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        _exit(1);
    put(fd, HEAD, strlen(HEAD));
    unsigned n = 0;
    char rec[96];
    for (int b = 0; batches <= ENDLESS || b < batches; b++) {
        buf chunk;
        buf_init(&chunk);
        for (int i = 0; i < BATCH; i++, n++)
            buf_printf(&chunk, "%s{\"id\": \"r%u\", \"name\": \"n\", \"quote\": \"q\"}\n",
                       n ? "," : "", n);
        put(fd, chunk.data, chunk.len);
        buf_free(&chunk);
        if (go_bad) {
            int len = snprintf(rec, sizeof rec, ",{\"id\": \"bad\", \"quote\": \"q\"}\n");
            put(fd, rec, (size_t)len);
            for (;;)
                pause(); /* the reader has its error: it must not wait for more */
        }
        while (batches == STALLED)
            pause();
        usleep(10000);
    }
    put(fd, "]}]}\n", 5);
    _exit(0);
}

static void feed_start(struct feed *f, int batches)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/zjdash-loading-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/data.json", f->dir);
    assert_int_equal(mkfifo(f->path, 0600), 0);
    f->pid = fork_or_fail();
    if (f->pid == 0)
        feed_records(f->path, batches);
}

static void feed_stop(struct feed *f)
{
    kill(f->pid, SIGKILL);
    waitpid(f->pid, NULL, 0);
    unlink(f->path);
    rmdir(f->dir);
}

/* Whether the bytes written after `from` hold s. */
static bool wrote_after(const struct term *t, size_t from, const char *s)
{
    return from <= t->pty.raw.len &&
           memmem(t->pty.raw.data + from, t->pty.raw.len - from, s, strlen(s)) != NULL;
}

/* Where the program left the alternate screen (the terminal restored), or 0. */
static size_t restored_at(const struct term *t)
{
    const char *at = memmem(t->pty.raw.data, t->pty.raw.len, "\x1b[?1049l", 8);
    return at ? (size_t)(at - t->pty.raw.data) + 8 : 0;
}

/* The loading screen is up: its words and its bar. */
static void wait_for_loading_screen(struct term *t)
{
    pty_wait_for(&t->pty, "q 或 Ctrl-C");
    int y = pty_wait_for(&t->pty, "正在读取");
    buf row;
    buf_init(&row);
    pty_row(&t->pty, y + 2, &row);
    assert_non_null(strstr(row.data, "[")); /* the bar, two rows below the title */
    assert_non_null(strstr(row.data, "#"));
    assert_non_null(strstr(row.data, "]"));
    buf_free(&row);
}

/* ---- the dashboard while loading ---- */

/* The real binary on an 80x24 terminal, reading the feed's FIFO, its loading screen up. */
static void start_loading(struct feed *f, struct term *t, int batches)
{
    feed_start(f, batches);
    const char *args[] = {f->path, NULL};
    term_start(t, 24, 80, args, chinese, false);
    wait_for_loading_screen(t);
}

/* q on the loading screen: a plain exit, the terminal as it was. */
static void q_should_quit_and_restore_the_terminal(struct term *t)
{
    term_send(t, "q");
    assert_true(term_wait_exit(t, PATIENCE_MS));
    assert_true(WIFEXITED(t->status));
    assert_int_equal(WEXITSTATUS(t->status), 0);
    assert_true(restored_at(t) > 0);
    term_free(t);
}

static void the_loading_screen_should_show_before_the_data_ends_and_q_should_quit(void **state)
{
    (void)state;
    struct feed f;
    struct term t;
    start_loading(&f, &t, ENDLESS);
    assert_true(pty_shows(&t.pty, "条记录", NULL));
    q_should_quit_and_restore_the_terminal(&t);
    feed_stop(&f);
}

/* A writer that stalls leaves the reader waiting in read(): the screen must
 * still come, say how far the data came, and hear q. */
static void a_stalled_pipe_should_still_show_the_loading_screen_and_hear_q(void **state)
{
    (void)state;
    struct feed f;
    struct term t;
    start_loading(&f, &t, STALLED);
    pty_wait_for(&t.pty, "2048 条记录");
    assert_true(pty_shows(&t.pty, "已读 ", NULL)); /* a pipe has no offset: the bytes are counted */
    q_should_quit_and_restore_the_terminal(&t);
    feed_stop(&f);
}

static void ctrl_c_while_loading_should_restore_the_terminal_and_end_by_sigint(void **state)
{
    (void)state;
    struct feed f;
    struct term t;
    start_loading(&f, &t, ENDLESS);
    size_t before = t.pty.raw.len;
    term_send(&t, "\003"); /* the terminal makes it SIGINT, as a user's Ctrl-C */
    assert_true(term_wait_exit(&t, PATIENCE_MS));
    /* as the dashboard's Ctrl-C: the shell is told it was interrupted */
    assert_true(WIFSIGNALED(t.status));
    assert_int_equal(WTERMSIG(t.status), SIGINT);
    assert_true(wrote_after(&t, before, "\x1b[?1049l"));
    term_free(&t);
    feed_stop(&f);
}

static void a_bad_record_while_loading_should_be_told_after_the_terminal_is_restored(void **state)
{
    (void)state;
    struct feed f;
    struct term t;
    start_loading(&f, &t, ENDLESS);
    kill(f.pid, SIGUSR1);
    assert_true(term_wait_exit(&t, PATIENCE_MS));
    assert_true(WIFEXITED(t.status));
    assert_int_equal(WEXITSTATUS(t.status), 1);
    size_t restored = restored_at(&t);
    assert_true(restored > 0);
    buf want;
    buf_init(&want);
    buf_printf(&want, "%s:", f.path);
    assert_true(wrote_after(&t, restored, want.data));
    assert_true(wrote_after(&t, restored, "]: expected member \"name\" (text), found none"));
    assert_true(wrote_after(&t, restored, "themes[0].records["));
    buf_free(&want);
    term_free(&t);
    feed_stop(&f);
}

/* ---- --check's progress line ---- */

/* 40 batches, 10 ms apart: the load lasts longer than the line waits. */
#define SLOW_BATCHES 40

static void check_on_a_pipe_should_print_no_progress(void **state)
{
    (void)state;
    struct feed f;
    feed_start(&f, SLOW_BATCHES);
    int out[2], err[2];
    assert_int_equal(pipe(out), 0);
    assert_int_equal(pipe(err), 0);
    pid_t pid = fork_or_fail();
    if (pid == 0) {
        child_environment(chinese);
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        close(out[0]), close(err[0]);
        execl(zjdash_binary(), zjdash_binary(), "--check", f.path, (char *)NULL);
        _exit(127);
    }
    close(out[1]), close(err[1]);
    buf o, e;
    buf_init(&o), buf_init(&e);
    char chunk[4096];
    ssize_t n;
    while ((n = read(err[0], chunk, sizeof chunk)) > 0)
        buf_put(&e, chunk, (size_t)n);
    while ((n = read(out[0], chunk, sizeof chunk)) > 0)
        buf_put(&o, chunk, (size_t)n);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(e.len, 0);
    assert_non_null(strstr(o.data, "81920 条记录")); /* 40 x 2048: the whole file */
    buf_free(&o), buf_free(&e);
    close(out[0]), close(err[0]);
    feed_stop(&f);
}

static void check_on_a_terminal_should_show_a_progress_line_and_clear_it(void **state)
{
    (void)state;
    struct feed f;
    feed_start(&f, SLOW_BATCHES);
    struct term t;
    const char *args[] = {"--check", f.path, NULL};
    term_start(&t, 24, 80, args, chinese, false);
    assert_true(term_wait_exit(&t, PATIENCE_MS));
    assert_true(WIFEXITED(t.status));
    assert_int_equal(WEXITSTATUS(t.status), 0);
    /* one line, redrawn with \r, never a newline in it */
    assert_true(wrote_after(&t, 0, "\r正在读取 "));
    assert_true(wrote_after(&t, 0, "条记录"));
    /* cleared: the summary is all that stays on the screen */
    assert_false(pty_shows(&t.pty, "正在读取", NULL));
    int y = -1;
    assert_true(pty_shows(&t.pty, "81920 条记录", &y));
    assert_int_equal(y, 0);
    term_free(&t);
    feed_stop(&f);
}

/* ---- the screen's drawing ---- */

/* The bar's row of a drawn grid, and how many of its cells are '#'. */
static int bar_filled(const grid *g, int *inner)
{
    for (int y = 0; y < g->h; y++)
        for (int x = 0; x < g->w; x++)
            if (!strcmp(grid_at(g, y, x)->text, "[")) {
                int filled = 0, i = x + 1;
                for (; i < g->w && strcmp(grid_at(g, y, i)->text, "]"); i++)
                    filled += !strcmp(grid_at(g, y, i)->text, "#");
                *inner = i - x - 1;
                return filled;
            }
    return -1;
}

static void the_bar_should_be_filled_as_far_as_the_file_is_read(void **state)
{
    (void)state;
    lang_set(LANG_EN);
    grid g;
    grid_init(&g, 80, 24, false);
    struct loading_view v = {"big.json", 25000000, 100000000, 1234, 2.0};
    loading_draw(&g, &v);
    int inner = 0, filled = bar_filled(&g, &inner);
    assert_int_equal(filled, inner / 4);
    buf fig;
    buf_init(&fig);
    loading_figures(&fig, &v);
    assert_string_equal(fig.data, "25.0 MB of 100 MB (25%) · 1234 records · 12.5 MB/s · about 6 s left");
    grid_free(&g);
    buf_free(&fig);
    lang_set(LANG_ZH);
}

static void a_pipe_should_show_records_and_their_rate_not_a_percentage(void **state)
{
    (void)state;
    lang_set(LANG_EN);
    struct loading_view v = {"-", 0, 0, 5000, 2.0};
    buf fig;
    buf_init(&fig);
    loading_figures(&fig, &v);
    assert_string_equal(fig.data, "5000 records · 2500 records/s");
    buf_clear(&fig);
    loading_line(&fig, &v, 20); /* cut to the terminal, never wrapped */
    assert_int_equal(text_width(fig.data, fig.len), 20);
    buf_free(&fig);
    lang_set(LANG_ZH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_loading_screen_should_show_before_the_data_ends_and_q_should_quit),
        cmocka_unit_test(a_stalled_pipe_should_still_show_the_loading_screen_and_hear_q),
        cmocka_unit_test(ctrl_c_while_loading_should_restore_the_terminal_and_end_by_sigint),
        cmocka_unit_test(a_bad_record_while_loading_should_be_told_after_the_terminal_is_restored),
        cmocka_unit_test(check_on_a_pipe_should_print_no_progress),
        cmocka_unit_test(check_on_a_terminal_should_show_a_progress_line_and_clear_it),
        cmocka_unit_test(the_bar_should_be_filled_as_far_as_the_file_is_read),
        cmocka_unit_test(a_pipe_should_show_records_and_their_rate_not_a_percentage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

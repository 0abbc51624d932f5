/* Every terminal, every key: the real binary on a pseudo-terminal with the
 * TERM a user has, fed the bytes that their terminal really sends (PuTTY,
 * rxvt, the Linux console, xterm, screen and tmux, Windows Terminal), the
 * mouse as xterm reports it, and the screen read back through a terminal
 * emulator. A key must land where it says, whatever TERM says. */
#define _GNU_SOURCE /* memmem, ptsname */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"

#include "../support/pty_screen.h"
#include "../support/pty_term.h"
#include "../support/testutil.h"

/* One user's terminal: its TERM, where they are, the bytes of one key, and
 * what the screen must then show (and must not). */
struct key_case {
    const char *who, *term;
    const char *before;   /* plain keys typed first, one by one */
    const char *bytes;    /* the key, as the terminal sends it */
    const char *shows;    /* text the screen must show after it */
    const char *not_shows; /* text it must not show (a wrong tab's heading), or NULL */
};

static const struct key_case key_cases[] = {
    {"PuTTY default, End on tab 2", "xterm", "2", "\033[4~", "row 8 of 8", "帮扶暖心 汇聚"},
    {"PuTTY default, Home on tab 2", "xterm", "2G", "\033[1~", "row 1 of 8", "释放社会治理"},
    {"PuTTY default, F1", "xterm", "", "\033[11~", "Everywhere", NULL},
    {"PuTTY Linux mode, F1", "xterm", "", "\033[[A", "Everywhere", NULL},
    {"PuTTY SCO, F1", "xterm", "", "\033[M", "Everywhere", NULL},
    {"PuTTY SCO, End on tab 2", "xterm", "2", "\033[F", "row 8 of 8", NULL},
    {"PuTTY Alt-Down", "xterm", "2", "\033\033[B", "row 2 of 8", NULL},
    {"vt100, PgDn", "vt100", "", "\033[6~", "row 1", "5 Places ›"},
    {"vt100, PgUp", "vt100", "G", "\033[5~", "组织凝心 村企", "湛江市 ·"},
    {"vt100, Delete", "vt100", "", "\033[3~", "Delete does nothing here", "治理同心 释放"},
    {"linux, F5", "linux", "", "\033[[E", "F5 does nothing here", "湛江市 ·"},
    {"linux, Ctrl-Up", "linux", "jj", "\033[1;5A", "row 2 of 13", "湛江市 ·"},
    {"linux, F1", "linux", "", "\033[[A", "Everywhere", NULL},
    {"rxvt, End", "rxvt-unicode", "2", "\033[8~", "row 8 of 8", NULL},
    {"rxvt, Shift-Down", "rxvt-unicode", "2", "\033[b", "row 2 of 8", NULL},
    {"screen, Home", "screen", "2G", "\033[1~", "row 1 of 8", NULL},
    {"tmux, Insert", "tmux-256color", "2", "\033[2~", "Insert does nothing here", "联建强心 › "},
    {"Windows Terminal, End", "xterm-256color", "2", "\033[F", "row 8 of 8", NULL},
    {"Windows Terminal, Ctrl-Right", "xterm-256color", "2", "\033[1;5C", "联建强心 › ", NULL},
    {"a paste nobody asked for", "xterm", "", "\033[200~", "does not know", "联建强心 夯实"},
};

/* Each key lands where it says, on the terminal that sends it. */
static void every_terminal_s_keys_should_land_where_they_say(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof key_cases / sizeof key_cases[0]; i++) {
        const struct key_case *c = &key_cases[i];
        char term[64];
        snprintf(term, sizeof term, "TERM=%s", c->term);
        struct term t;
        term_start(&t, 30, 100, NULL, (const char *[]){term, NULL}, false);
        pty_wait_for(&t.pty, "row 1 of 13");
        term_keys(&t, c->before);
        term_send(&t, c->bytes);
        pty_settle(&t.pty);
        if (!pty_shows(&t.pty, c->shows, NULL) ||
            (c->not_shows && pty_shows(&t.pty, c->not_shows, NULL))) {
            pty_dump(&t.pty);
            fail_msg("%s (TERM=%s): the screen should show \"%s\"%s%s", c->who, c->term,
                     c->shows, c->not_shows ? " and not " : "", c->not_shows ? c->not_shows : "");
        }
        term_send(&t, "\033[21~"); /* F10 quits, on every one of them */
        if (!term_wait_exit(&t, 3000))
            fail_msg("%s: F10 did not quit", c->who);
        term_free(&t);
    }
}

/* Garbage another program wrote to the terminal (wall, a background job)
 * is gone after Ctrl-L. */
static void ctrl_l_should_paint_over_what_another_program_wrote(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 24, 80, NULL, NULL, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    int slave = open(ptsname(t.pty.fd), O_WRONLY | O_NOCTTY);
    assert_true(slave >= 0);
    const char garbage[] = "\033[10;5HBroadcast message from root: GARBAGE";
    assert_int_equal(write(slave, garbage, sizeof garbage - 1), (ssize_t)sizeof garbage - 1);
    close(slave);
    pty_settle(&t.pty);
    assert_true(pty_shows(&t.pty, "GARBAGE", NULL));
    term_send(&t, "\014");
    pty_settle(&t.pty);
    if (pty_shows(&t.pty, "GARBAGE", NULL)) {
        pty_dump(&t.pty);
        fail_msg("Ctrl-L left what another program wrote on the screen");
    }
    assert_true(pty_shows(&t.pty, "row 1 of 13", NULL));
    term_quit(&t);
}

/* An SGR (1006) press and release at a cell, counted from 0. */
static void click(struct term *t, int x, int y)
{
    char seq[64];
    snprintf(seq, sizeof seq, "\033[<0;%d;%dM\033[<0;%d;%dm", x + 1, y + 1, x + 1, y + 1);
    term_send(t, seq);
    pty_settle(&t->pty);
}

/* An X10 press, as terminals without SGR reports send it: three bytes of
 * 32 + button, 33 + column, 33 + row. */
static void click_x10(struct term *t, int x, int y)
{
    char seq[8] = {'\033', '[', 'M', ' ', (char)(33 + x), (char)(33 + y), 0};
    term_send(t, seq);
    term_send(t, (char[]){'\033', '[', 'M', '#', (char)(33 + x), (char)(33 + y), 0});
    pty_settle(&t->pty);
}

/* The wheel, n notches: SGR buttons 64 (up) and 65 (down). */
static void wheel(struct term *t, int x, int y, int n)
{
    char seq[32];
    snprintf(seq, sizeof seq, "\033[<%d;%d;%dM", n < 0 ? 64 : 65, x + 1, y + 1);
    for (int i = 0; i < abs(n); i++)
        term_send(t, seq);
    pty_settle(&t->pty);
}

/* The screen row of the table's first row: under its column headings. */
static int first_table_row(struct term *t)
{
    int y;
    if (!pty_shows(&t->pty, "名称", &y)) {
        pty_dump(&t->pty);
        fail_msg("no table on the screen");
    }
    return y + 1;
}

static void mouse_should_switch_tabs_select_and_open_rows(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 30, 100, NULL, NULL, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    assert_non_null(memmem(t.pty.raw.data, t.pty.raw.len, "\033[?1006h", 8));
    click(&t, 30, 1); /* the label of tab 3 */
    pty_wait_for(&t.pty, "治理同心 释放");
    click_x10(&t, 2, 1); /* tab 1, as X10 reports it */
    pty_wait_for(&t.pty, "组织凝心 村企");
    int y = first_table_row(&t);
    click(&t, 10, y + 2);
    pty_wait_for(&t.pty, "row 3 of 13");
    assert_false(pty_shows(&t.pty, "The report's words", NULL));
    click(&t, 10, y + 2); /* the selected row: it opens */
    pty_wait_for(&t.pty, "The report's words");
    term_keys(&t, "h");
    pty_wait_for(&t.pty, "row 3 of 13");
    wheel(&t, 10, y, 2);
    pty_wait_for(&t.pty, "row 9 of 13");
    wheel(&t, 10, y, -1);
    pty_wait_for(&t.pty, "row 6 of 13");
    term_quit(&t);
}

/* A double click on a row that was not selected opens it once: the second
 * press does not land on whatever the opened page has there. */
static void a_double_click_should_open_a_row_once(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 30, 100, NULL, NULL, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    int y = first_table_row(&t);
    char two[128];
    snprintf(two, sizeof two, "\033[<0;11;%dM\033[<0;11;%dm\033[<0;11;%dM\033[<0;11;%dm", y + 4,
             y + 4, y + 4, y + 4);
    term_send(&t, two);
    pty_wait_for(&t.pty, "The report's words"); /* a record's page */
    term_keys(&t, "h"); /* one page was opened: one step back is the table */
    pty_wait_for(&t.pty, "row 4 of 13");
    term_quit(&t);
}

/* On a record's page a name is a link: one click opens it. */
static void a_click_on_a_name_should_open_it(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 30, 100, NULL, NULL, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    term_keys(&t, "2Gk");
    pty_wait_for(&t.pty, "row 7 of 8");
    term_keys(&t, "\r");
    int y;
    if (!pty_shows(&t.pty, "文章村", &y)) {
        pty_dump(&t.pty);
        fail_msg("the record's page names no 文章村");
    }
    click(&t, 4, y);
    pty_wait_for(&t.pty, "› 文章村");
    pty_wait_for(&t.pty, "湛江市 › 赤坎区 › 文章村");
    term_quit(&t);
}

/* The wheel scrolls a page that is longer than the screen, and the places. */
static void the_wheel_should_scroll_pages_and_the_places(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 16, 80, NULL, NULL, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    term_keys(&t, "jjj\r"); /* a record longer than the 12 lines a page has here */
    int y;
    pty_wait_for(&t.pty, "名称");
    assert_true(pty_shows(&t.pty, "名称", &y));
    wheel(&t, 10, 8, 1);
    if (pty_shows(&t.pty, "名称", NULL)) {
        pty_dump(&t.pty);
        fail_msg("the wheel did not scroll the page");
    }
    wheel(&t, 10, 8, -1);
    pty_wait_for(&t.pty, "名称");
    term_keys(&t, "p+");
    pty_wait_for(&t.pty, "湛江市");
    wheel(&t, 10, 8, 2);
    if (!pty_shows(&t.pty, " 7 of 33", NULL)) {
        pty_dump(&t.pty);
        fail_msg("two notches of the wheel in the places should move six rows");
    }
    term_quit(&t);
}

/* --no-mouse, ZJDASH_NO_MOUSE, and a terminal without a mouse: the terminal
 * keeps its own selection, and a report that comes anyway is no click. */
static void without_the_mouse_the_terminal_should_keep_it(void **state)
{
    (void)state;
    const char *const *const runs[][2] = {
        {(const char *[]){"--no-mouse", NULL}, NULL},
        {NULL, (const char *[]){"ZJDASH_NO_MOUSE=1", NULL}},
        {NULL, (const char *[]){"TERM=vt100", NULL}},
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        struct term t;
        term_start(&t, 30, 100, runs[i][0], runs[i][1], false);
        pty_wait_for(&t.pty, "row 1 of 13");
        if (memmem(t.pty.raw.data, t.pty.raw.len, "\033[?1000h", 8))
            fail_msg("run %zu asked the terminal for the mouse", i);
        click(&t, 30, 1);
        assert_false(pty_shows(&t.pty, "治理同心 释放", NULL));
        term_quit(&t);
    }
}

/* no-color.org: NO_COLOR set to the empty string leaves colour on. */
static void an_empty_no_color_should_keep_the_colours(void **state)
{
    (void)state;
    struct term t;
    term_start(&t, 24, 80, NULL, (const char *[]){"NO_COLOR", NULL}, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    bool colour = false;
    for (int y = 0; y < t.pty.rows && !colour; y++)
        for (int x = 0; x < t.pty.cols && !colour; x++) {
            VTermScreenCell c;
            vterm_screen_get_cell(t.pty.screen, (VTermPos){y, x}, &c);
            colour = !VTERM_COLOR_IS_DEFAULT_FG(&c.fg) || !VTERM_COLOR_IS_DEFAULT_BG(&c.bg);
        }
    assert_true(colour);
    term_quit(&t);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (getenv("TEST_FILTER"))
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_terminal_s_keys_should_land_where_they_say),
        cmocka_unit_test(ctrl_l_should_paint_over_what_another_program_wrote),
        cmocka_unit_test(mouse_should_switch_tabs_select_and_open_rows),
        cmocka_unit_test(a_double_click_should_open_a_row_once),
        cmocka_unit_test(a_click_on_a_name_should_open_it),
        cmocka_unit_test(the_wheel_should_scroll_pages_and_the_places),
        cmocka_unit_test(without_the_mouse_the_terminal_should_keep_it),
        cmocka_unit_test(an_empty_no_color_should_keep_the_colours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

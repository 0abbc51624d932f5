/* Where the dashboard may start: any locale the user did not explicitly set
 * to another character set (a missing one, C, POSIX, a UTF-8 locale this
 * machine lacks), and only on a terminal. The decision is tested directly,
 * with every case a user may bring; then the real binary on a
 * pseudo-terminal, with the environment an SSH client, cron or macOS sends,
 * must show its screen, or refuse in one clean line that no escape sequence
 * from the environment gets through. */
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
#include "session.h"
#include "terminfo.h"

#include "../support/pty_term.h"
#include "../support/testutil.h"

/* ---- the decision, given what the environment says ---- */

/* The decision for env and codeset; a refusal's message goes to said. */
static enum session_locale decide(struct session_locale_env env, const char *codeset,
                                  char *said, size_t saidlen)
{
    said[0] = 0;
    return session_locale_decide(&env, codeset, said, saidlen);
}

#define ANSI "ANSI_X3.4-1968" /* what glibc's C and POSIX locales say */

static void no_locale_c_and_posix_should_be_coerced_to_utf8(void **state)
{
    (void)state;
    char said[512];
    const struct session_locale_env envs[] = {
        {NULL, NULL, NULL},  {"", "", ""},         {NULL, NULL, "C"},
        {"POSIX", NULL, NULL}, {NULL, "C", NULL}, {"C", NULL, "zh_CN.GBK"},
    };
    for (size_t i = 0; i < sizeof envs / sizeof envs[0]; i++) {
        assert_int_equal(decide(envs[i], ANSI, said, sizeof said), SESSION_LOCALE_COERCE);
        assert_string_equal(said, "");
    }
}

static void utf8_locales_not_installed_should_be_coerced(void **state)
{
    (void)state;
    char said[512];
    const char *names[] = {"zh_CN.UTF-8", "en_US.UTF-8", "zh_CN.utf8", "UTF-8",
                           "en_US.utf-8", "sr_RS.UTF-8@latin", "zh_CN"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        assert_int_equal(decide((struct session_locale_env){NULL, NULL, names[i]}, NULL, said,
                                sizeof said),
                         SESSION_LOCALE_COERCE);
        assert_int_equal(decide((struct session_locale_env){names[i], NULL, NULL}, NULL, said,
                                sizeof said),
                         SESSION_LOCALE_COERCE);
    }
    /* macOS sends LC_CTYPE=UTF-8 alone */
    assert_int_equal(decide((struct session_locale_env){NULL, "UTF-8", NULL}, NULL, said,
                            sizeof said),
                     SESSION_LOCALE_COERCE);
}

static void an_installed_utf8_locale_should_be_kept(void **state)
{
    (void)state;
    char said[512];
    assert_int_equal(decide((struct session_locale_env){NULL, NULL, "zh_CN.UTF-8"}, "UTF-8",
                            said, sizeof said),
                     SESSION_LOCALE_AS_IS);
    assert_int_equal(decide((struct session_locale_env){"C.UTF-8", NULL, NULL}, "UTF-8", said,
                            sizeof said),
                     SESSION_LOCALE_AS_IS);
}

/* A refusal names the variable, its value and the character set, and says
 * what to do. */
static void assert_refused(struct session_locale_env env, const char *codeset,
                           const char *chose, const char *set)
{
    char said[512], expected[256];
    if (decide(env, codeset, said, sizeof said) != SESSION_LOCALE_REFUSE)
        fail_msg("%s (codeset %s) was not refused", chose, codeset ? codeset : "none");
    snprintf(expected, sizeof expected, "zjdash: %s chooses the character set %s,", chose, set);
    if (strncmp(said, expected, strlen(expected)) != 0)
        fail_msg("expected \"%s...\", got \"%s\"", expected, said);
    assert_non_null(strstr(said, "set the terminal to UTF-8"));
    assert_non_null(strstr(said, "LC_ALL=C.UTF-8 zjdash"));
    assert_non_null(strstr(said, "LC_ALL=zh_CN.UTF-8 zjdash"));
}

static void another_character_set_should_be_refused_naming_it(void **state)
{
    (void)state;
    /* not installed here: the name says the set */
    assert_refused((struct session_locale_env){"zh_CN.GB18030", NULL, NULL}, NULL,
                   "LC_ALL=zh_CN.GB18030", "GB18030");
    assert_refused((struct session_locale_env){NULL, NULL, "zh_CN.GBK"}, NULL, "LANG=zh_CN.GBK",
                   "GBK");
    assert_refused((struct session_locale_env){NULL, "zh_CN.GB2312", NULL}, NULL,
                   "LC_CTYPE=zh_CN.GB2312", "GB2312");
    assert_refused((struct session_locale_env){NULL, NULL, "en_US.ISO-8859-1"}, NULL,
                   "LANG=en_US.ISO-8859-1", "ISO-8859-1");
    assert_refused((struct session_locale_env){NULL, NULL, "sr_RS.ISO-8859-5@latin"}, NULL,
                   "LANG=sr_RS.ISO-8859-5@latin", "ISO-8859-5");
    /* installed: the locale says the set, even when the name does not */
    assert_refused((struct session_locale_env){NULL, NULL, "zh_CN"}, "GB2312", "LANG=zh_CN",
                   "GB2312");
    assert_refused((struct session_locale_env){NULL, NULL, "en_US.ISO-8859-1"}, "ISO-8859-1",
                   "LANG=en_US.ISO-8859-1", "ISO-8859-1");
}

static void lc_all_should_win_over_lc_ctype_and_lc_ctype_over_lang(void **state)
{
    (void)state;
    char said[512];
    assert_int_equal(decide((struct session_locale_env){"zh_CN.UTF-8", "zh_CN.GBK", "zh_CN.GBK"},
                            NULL, said, sizeof said),
                     SESSION_LOCALE_COERCE);
    assert_int_equal(decide((struct session_locale_env){NULL, "UTF-8", "zh_CN.GBK"}, NULL, said,
                            sizeof said),
                     SESSION_LOCALE_COERCE);
    assert_refused((struct session_locale_env){"zh_CN.GBK", "UTF-8", "C.UTF-8"}, NULL,
                   "LC_ALL=zh_CN.GBK", "GBK");
    /* an empty variable is as good as unset */
    assert_refused((struct session_locale_env){"", "zh_CN.GBK", "zh_CN.UTF-8"}, NULL,
                   "LC_CTYPE=zh_CN.GBK", "GBK");
    assert_refused((struct session_locale_env){"", "", "zh_CN.GBK"}, NULL, "LANG=zh_CN.GBK",
                   "GBK");
}

/* No byte of said is a control character: nothing in it acts on a terminal. */
static void assert_inert(const char *said)
{
    for (const unsigned char *p = (const unsigned char *)said; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            fail_msg("byte 0x%02X in the message: %s", *p, said);
    assert_null(strstr(said, "\xe2\x80\xae")); /* U+202E, which reverses what follows */
}

static void a_refusal_should_show_hostile_values_as_placeholders(void **state)
{
    (void)state;
    char said[1024];
    struct session_locale_env env = {"zh_CN.GB\x1b]0;PWNED\x07\xe2\x80\xae\xff", NULL, NULL};
    assert_int_equal(decide(env, NULL, said, sizeof said), SESSION_LOCALE_REFUSE);
    assert_inert(said);
    assert_non_null(strstr(said, "LC_ALL=zh_CN.GB^[]0;PWNED^G<U+202E>\\xFF chooses"));
    /* a value of any length is cut to a readable one, and the advice stays */
    char lang[3000] = "zh_CN.";
    memset(lang + 6, 'G', sizeof lang - 7);
    lang[sizeof lang - 1] = 0;
    env = (struct session_locale_env){NULL, NULL, lang};
    assert_int_equal(decide(env, NULL, said, sizeof said), SESSION_LOCALE_REFUSE);
    assert_true(strlen(said) < 400);
    assert_non_null(strstr(said, "GGG…"));
    assert_non_null(strstr(said, "LC_ALL=C.UTF-8 zjdash"));
}

static void term_messages_should_show_hostile_values_as_placeholders(void **state)
{
    (void)state;
    char said[512];
    terminfo_message(said, sizeof said, "cannot start the terminal ",
                     "x\x1b]0;PWNED\x07\xe2\x80\xae\xff", "");
    assert_inert(said);
    assert_string_equal(said, "zjdash: cannot start the terminal TERM=x^[]0;PWNED^G<U+202E>\\xFF");
}

/* ---- the real binary on a terminal ---- */

/* zjdash with env shows the dashboard, in Chinese, and ends on q. */
static void assert_dashboard_runs(const char *const *env)
{
    struct term t;
    term_start(&t, 24, 100, NULL, env, false);
    pty_wait_for(&t.pty, "组织凝心");
    pty_settle(&t.pty);
    term_send(&t, "q");
    assert_true(term_wait_exit(&t, 5000));
    assert_true(WIFEXITED(t.status) && WEXITSTATUS(t.status) == 0);
    term_free(&t);
}

/* Runs zjdash on the terminal and returns its exit status and what it said. */
static int refused(const char *const *env, buf *said)
{
    struct term t;
    term_start(&t, 24, 80, NULL, env, false);
    assert_true(term_wait_exit(&t, 5000));
    int status = WIFEXITED(t.status) ? WEXITSTATUS(t.status) : -1;
    buf_clear(said);
    buf_put(said, t.pty.raw.data ? t.pty.raw.data : "", t.pty.raw.len);
    term_free(&t);
    return status;
}

/* cron and env -i send no locale at all */
static void the_dashboard_should_run_with_no_locale(void **state)
{
    (void)state;
    assert_dashboard_runs((const char *[]){"LANG=", NULL});
}

static void the_dashboard_should_run_with_lang_c(void **state)
{
    (void)state;
    assert_dashboard_runs((const char *[]){"LANG=C", NULL});
}

static void the_dashboard_should_run_with_lc_all_posix(void **state)
{
    (void)state;
    assert_dashboard_runs((const char *[]){"LC_ALL=POSIX", NULL});
}

/* what Debian's ssh_config passes on to a server that may not have it */
static void the_dashboard_should_run_with_lang_zh_cn_utf8(void **state)
{
    (void)state;
    assert_dashboard_runs((const char *[]){"LANG=zh_CN.UTF-8", NULL});
    /* and one that no machine has */
    assert_dashboard_runs((const char *[]){"LANG=zz_ZZ.UTF-8", NULL});
}

static void the_dashboard_should_run_with_lc_all_en_us_utf8(void **state)
{
    (void)state;
    assert_dashboard_runs((const char *[]){"LC_ALL=en_US.UTF-8", "LANG=", NULL});
}

/* what a macOS client sends */
static void the_dashboard_should_run_with_lc_ctype_utf8(void **state)
{
    (void)state;
    assert_dashboard_runs((const char *[]){"LC_CTYPE=UTF-8", "LANG=", NULL});
}

static void a_gb18030_locale_should_be_refused_naming_it_with_status_4(void **state)
{
    (void)state;
    buf said;
    buf_init(&said);
    assert_int_equal(refused((const char *[]){"LC_ALL=zh_CN.GB18030", NULL}, &said), 4);
    assert_non_null(strstr(said.data, "LC_ALL=zh_CN.GB18030 chooses the character set GB18030"));
    assert_non_null(strstr(said.data, "LC_ALL=C.UTF-8 zjdash"));
    assert_null(memchr(said.data, 0x1b, said.len)); /* a message, not screen paint */
    buf_free(&said);
}

static void unknown_terms_should_be_refused_with_advice_and_lc_all_c_should_run(void **state)
{
    (void)state;
    buf said;
    buf_init(&said);
    assert_int_equal(refused((const char *[]){"TERM=no-such-terminal", NULL}, &said), 4);
    assert_non_null(strstr(said.data, "unknown terminal type TERM=no-such-terminal"));
    assert_int_equal(refused((const char *[]){"TERM=dumb", NULL}, &said), 4);
    assert_non_null(strstr(said.data, "cannot place the cursor"));
    assert_null(memchr(said.data, 0x1b, said.len)); /* a message, not screen paint */
    buf_free(&said);
    /* a C locale was refused once; the dashboard now takes C.UTF-8 in its place */
    assert_dashboard_runs((const char *[]){"LC_ALL=C", NULL});
}

/* A refusal with a hostile value writes no escape and no bell: the title of
 * the terminal stays, and what the value held shows as placeholders. */
static void assert_refused_inertly(const char *var, const char *shown)
{
    buf said;
    buf_init(&said);
    assert_int_equal(refused((const char *[]){var, NULL}, &said), 4);
    assert_null(memchr(said.data, 0x1b, said.len));
    assert_null(memchr(said.data, 0x07, said.len));
    assert_null(strstr(said.data, "\xe2\x80\xae"));
    if (!strstr(said.data, shown))
        fail_msg("expected %s in: %s", shown, said.data);
    buf_free(&said);
}

static void hostile_term_and_locale_values_should_not_reach_the_terminal(void **state)
{
    (void)state;
    assert_refused_inertly("TERM=x\x1b]0;PWNED\x07\xe2\x80\xae\xff",
                           "TERM=x^[]0;PWNED^G<U+202E>\\xFF");
    assert_refused_inertly("LC_ALL=zh_CN.GB18030\x1b]0;PWNED\x07\xe2\x80\xae\xff",
                           "LC_ALL=zh_CN.GB18030^[]0;PWNED^G<U+202E>\\xFF");
}

/* ssh HOST zjdash: standard input and output are pipes, not a terminal. */
static void no_terminal_should_advise_ssh_t_and_dump(void **state)
{
    (void)state;
    int in[2], out[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    pid_t pid = fork_or_fail();
    if (pid == 0) {
        child_environment(NULL);
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        dup2(out[1], STDERR_FILENO);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl(zjdash_binary(), zjdash_binary(), (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    buf said;
    buf_init(&said);
    char chunk[4096];
    ssize_t n;
    while ((n = read(out[0], chunk, sizeof chunk)) > 0)
        buf_put(&said, chunk, (size_t)n);
    close(out[0]);
    close(in[1]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 4);
    assert_non_null(said.data);
    assert_non_null(strstr(said.data, "standard input is not one"));
    assert_non_null(strstr(said.data, "ssh -t"));
    assert_non_null(strstr(said.data, "--dump"));
    buf_free(&said);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (getenv("TEST_FILTER"))
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_locale_c_and_posix_should_be_coerced_to_utf8),
        cmocka_unit_test(utf8_locales_not_installed_should_be_coerced),
        cmocka_unit_test(an_installed_utf8_locale_should_be_kept),
        cmocka_unit_test(another_character_set_should_be_refused_naming_it),
        cmocka_unit_test(lc_all_should_win_over_lc_ctype_and_lc_ctype_over_lang),
        cmocka_unit_test(a_refusal_should_show_hostile_values_as_placeholders),
        cmocka_unit_test(term_messages_should_show_hostile_values_as_placeholders),
        cmocka_unit_test(the_dashboard_should_run_with_no_locale),
        cmocka_unit_test(the_dashboard_should_run_with_lang_c),
        cmocka_unit_test(the_dashboard_should_run_with_lc_all_posix),
        cmocka_unit_test(the_dashboard_should_run_with_lang_zh_cn_utf8),
        cmocka_unit_test(the_dashboard_should_run_with_lc_all_en_us_utf8),
        cmocka_unit_test(the_dashboard_should_run_with_lc_ctype_utf8),
        cmocka_unit_test(a_gb18030_locale_should_be_refused_naming_it_with_status_4),
        cmocka_unit_test(unknown_terms_should_be_refused_with_advice_and_lc_all_c_should_run),
        cmocka_unit_test(hostile_term_and_locale_values_should_not_reach_the_terminal),
        cmocka_unit_test(no_terminal_should_advise_ssh_t_and_dump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "pty_term.h"

#include <pty.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"


/* Starts zjdash with args on a rows x cols terminal; env entries NAME=VALUE
 * are set, NAME= unsets. */
void term_start(struct term *t, int rows, int cols, const char *const *args,
                const char *const *env, bool ignore_hup)
{
    memset(t, 0, sizeof *t);
    pty_init(&t->pty, rows, cols, PATIENCE_MS, QUIET_MS);
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    int master;
    t->pid = forkpty(&master, NULL, NULL, &ws);
    assert_true(t->pid >= 0);
    if (t->pid == 0) {
        child_environment(env);
        if (ignore_hup)
            signal(SIGHUP, SIG_IGN);
        const char *argv[16] = {zjdash_binary()};
        int n = 1;
        for (; args && *args && n < 15; args++)
            argv[n++] = *args;
        argv[n] = NULL;
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    pty_attach(&t->pty, master, false, NULL, NULL);
}

void term_free(struct term *t)
{
    if (t->pid > 0) {
        kill(t->pid, SIGKILL);
        waitpid(t->pid, NULL, 0);
    }
    pty_close(&t->pty);
}

void term_send(struct term *t, const char *keys)
{
    size_t n = strlen(keys);
    assert_int_equal(write(t->pty.fd, keys, n), (ssize_t)n);
}

/* Sends keys one by one, letting the screen settle after each. */
void term_keys(struct term *t, const char *keys)
{
    for (const char *k = keys; *k; k++) {
        char one[2] = {*k, 0};
        term_send(t, one);
        pty_settle(&t->pty);
    }
}

void term_resize(struct term *t, int rows, int cols)
{
    pty_settle(&t->pty); /* nothing of the old size still on its way */
    pty_set_size(&t->pty, rows, cols);
    pty_settle(&t->pty);
}

/* Waits up to ms for the program to end; returns whether it did. */
bool term_wait_exit(struct term *t, int ms)
{
    long end = now_ms() + ms;
    while (now_ms() < end) {
        pty_read(&t->pty, 20);
        int status;
        if (waitpid(t->pid, &status, WNOHANG) == t->pid) {
            t->status = status;
            t->pid = 0;
            return true;
        }
    }
    return false;
}

/* Most tests end the same way; one copy says how long quitting may take. */
void term_quit(struct term *t)
{
    term_send(t, "Q");
    assert_true(term_wait_exit(t, 3000));
    term_free(t);
}

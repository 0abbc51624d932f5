/* The real binary on a pseudo-terminal of its own (forkpty), its screen
 * emulated by pty_screen: what the dashboard tests start, type into and
 * stop. */
#ifndef ZJDASH_TESTS_PTY_TERM_H
#define ZJDASH_TESTS_PTY_TERM_H

#include <stdbool.h>
#include <sys/types.h>

#include "pty_screen.h"

#define PATIENCE_MS 10000 /* generous: the sanitizer build is slow */
#define QUIET_MS 150

struct term {
    struct pty_screen pty;
    pid_t pid;
    int status; /* after term_wait_exit */
};

/* Starts zjdash with args on a rows x cols terminal; env entries NAME=VALUE
 * are set, NAME= unsets. */
void term_start(struct term *t, int rows, int cols, const char *const *args,
                const char *const *env, bool ignore_hup);
/* Kills the program if it still runs, and closes its terminal. */
void term_free(struct term *t);
/* Writes bytes as the terminal would send them, all at once. */
void term_send(struct term *t, const char *keys);
/* Sends keys one by one, letting the screen settle after each. */
void term_keys(struct term *t, const char *keys);
/* A new size, once what the old one drew has settled. */
void term_resize(struct term *t, int rows, int cols);
/* Waits up to ms for the program to end; returns whether it did. */
bool term_wait_exit(struct term *t, int ms);
/* Q, as a user ends it: the test fails unless it ends within 3 s; then
 * term_free. */
void term_quit(struct term *t);

#endif

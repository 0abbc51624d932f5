/* The one place that talks to curses: starting and stopping the terminal,
 * colours (with a monochrome look), signals, keys, and copying a drawn grid
 * to the screen. */
#ifndef ZJDASH_TERMINAL_H
#define ZJDASH_TERMINAL_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "loading.h"
#include "reload.h"

struct terminal_options {
    bool ascii; /* borders and marks in ASCII */
    bool mouse; /* report the mouse, where the terminal can */
    bool colour; /* colours, where the terminal has them and NO_COLOR is unset */
};

/* TERM and its terminfo entry, without starting anything: false with a
 * message if the dashboard could not start. */
bool terminal_check(char *err, size_t errlen);

/* The dashboard in three steps, so that a long load can show a screen while
 * it reads: start (NULL, with a message, if the terminal could not be),
 * loading frames, then the dashboard until the user quits or the terminal
 * goes away; stop is the one way out of all (and takes NULL). */
typedef struct terminal terminal;
terminal *terminal_start(const struct terminal_options *o, char *err, size_t errlen);
/* Called as the load goes: reads what the user typed without waiting, and
 * draws the loading screen when a frame is due (the first at once, then 20 a
 * second, and at once on a resize). False when the user asked to stop
 * (q, Ctrl-C, a signal, the terminal gone). */
bool terminal_loading(terminal *t, const struct loading_view *v);
/* r (may be NULL) follows the dataset file: a change or R reads it again. */
void terminal_run_started(terminal *t, app *a, reload *r);
void terminal_stop(terminal *t);

/* The signal (SIGTERM, SIGINT, SIGHUP) that ended the last run, or 0: the
 * caller, once everything is put away, ends the same way so that its parent
 * knows. */
int terminal_stop_signal(void);

#endif

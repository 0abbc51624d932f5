/* The one place that talks to curses: starting and stopping the terminal,
 * colours (with a monochrome look), signals, keys, and copying a drawn grid
 * to the screen. */
#ifndef ZJDASH_TERMINAL_H
#define ZJDASH_TERMINAL_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

struct terminal_options {
    bool ascii; /* borders and marks in ASCII */
    bool mouse; /* report the mouse, where the terminal can */
};

/* Runs the dashboard until the user quits or the terminal goes away. Returns
 * false, with a message, if the terminal could not be started. */
bool terminal_run(app *a, const struct terminal_options *o, char *err, size_t errlen);

/* The signal (SIGTERM, SIGINT, SIGHUP) that ended the last run, or 0: the
 * caller, once everything is put away, ends the same way so that its parent
 * knows. */
int terminal_stop_signal(void);

#endif

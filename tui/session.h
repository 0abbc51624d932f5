/* Whether the dashboard can run in this session: a terminal on both sides,
 * and a character type that can show Chinese text. Kept apart from the
 * terminal, which is the only file that talks to curses. */
#ifndef ZJDASH_SESSION_H
#define ZJDASH_SESSION_H

#include <stdbool.h>
#include <stddef.h>

/* Checks that the dashboard can run here: a terminal on both standard input
 * and output, and a UTF-8 locale (after setlocale). False with a message
 * saying what to do. */
bool session_possible(char *err, size_t errlen);

#endif

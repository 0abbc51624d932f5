/* Asks terminfo about the terminal before curses starts. Kept apart because
 * <term.h> defines a macro for every capability name (tab, lines, ...), which
 * no other file should have to avoid. */
#ifndef ZJDASH_TERMINFO_H
#define ZJDASH_TERMINFO_H

#include <stdbool.h>
#include <stddef.h>

/* Whether TERM (term) is known and can place the cursor; if not, a message
 * that says what to do. */
bool terminfo_check(const char *term, char *err, size_t errlen);

/* Writes into err "zjdash: " before, TERM=term made safe to print, after. */
void terminfo_message(char *err, size_t errlen, const char *before, const char *term,
                      const char *after);

#endif

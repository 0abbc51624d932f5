/* Whether the dashboard can run in this session: a terminal on both sides,
 * and a character type that can show Chinese text. Kept apart from the
 * terminal, which is the only file that talks to curses. */
#ifndef ZJDASH_SESSION_H
#define ZJDASH_SESSION_H

#include <stdbool.h>
#include <stddef.h>

/* The variables that choose the character type, as the environment has them
 * (NULL when unset); the first one set and not empty wins. */
struct session_locale_env {
    const char *lc_all, *lc_ctype, *lang;
};

enum session_locale {
    SESSION_LOCALE_AS_IS,  /* a UTF-8 locale that exists here */
    SESSION_LOCALE_COERCE, /* none, C, POSIX, or UTF-8 but not installed here: use C.UTF-8 */
    SESSION_LOCALE_REFUSE, /* the user chose another character set */
};

/* What to do with the locale the user chose in env. codeset is
 * nl_langinfo(CODESET) after setlocale(LC_CTYPE, ""), or NULL if that failed
 * (a locale not installed here). On SESSION_LOCALE_REFUSE, err says which
 * variable chose which character set, and what to do. */
enum session_locale session_locale_decide(const struct session_locale_env *env,
                                          const char *codeset, char *err, size_t errlen);

/* Checks that the dashboard can run here: a terminal on both standard input
 * and output, and a UTF-8 character type, which it sets (the user's own, or
 * C.UTF-8 in its place). False with a message saying what to do. */
bool session_possible(char *err, size_t errlen);

#endif

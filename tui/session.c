#include "session.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "lang.h"
#include "text.h"

/* The most cells of a user's value a message repeats: enough to recognise it. */
#define SHOWN_CELLS 64

/* Names of the character set are spelt many ways (UTF-8, utf8, UTF_8):
 * compared as glibc normalises them, ASCII only, whatever the locale. */
static bool names_utf8(const char *s, size_t n)
{
    char squeezed[4];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '-' || c == '_')
            continue;
        if (k == sizeof squeezed)
            return false;
        squeezed[k++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    return k == sizeof squeezed && !memcmp(squeezed, "utf8", sizeof squeezed);
}

/* The refusal names exactly what the user set, made safe to print: the
 * value came from whoever started us and may hold escape sequences. */
static void refuse(const char *var, const char *value, const char *set, size_t setlen, char *err,
                   size_t errlen)
{
    buf msg;
    buf_init(&msg);
    buf_printf(&msg, "zjdash: %s=", var);
    text_fit(&msg, value, strlen(value), SHOWN_CELLS, TEXT_NO_PAD);
    buf_puts(&msg, tr(MSG_TERM_LOCALE_CHOOSES));
    text_fit(&msg, set, setlen, SHOWN_CELLS, TEXT_NO_PAD);
    buf_puts(&msg, tr(MSG_TERM_LOCALE_NEEDS_UTF8));
    snprintf(err, errlen, "%s", msg.data);
    buf_free(&msg);
}

/* As Python does (PEP 538), with more: a locale that is missing or says
 * nothing about the character set is no reason to refuse, since terminals
 * today are UTF-8; one that names another set is the user's explicit choice. */
enum session_locale session_locale_decide(const struct session_locale_env *env,
                                          const char *codeset, char *err, size_t errlen)
{
    if (codeset && !strcmp(codeset, "UTF-8"))
        return SESSION_LOCALE_AS_IS;
    const char *names[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    const char *values[] = {env->lc_all, env->lc_ctype, env->lang};
    int i = 0;
    while (i < 3 && (!values[i] || !*values[i]))
        i++;
    if (i == 3 || !strcmp(values[i], "C") || !strcmp(values[i], "POSIX"))
        return SESSION_LOCALE_COERCE;
    const char *set = codeset;
    size_t setlen = codeset ? strlen(codeset) : 0;
    if (!codeset) { /* not installed: what its name asks for, after the dot, before any @ */
        const char *dot = strchr(values[i], '.');
        set = dot ? dot + 1 : values[i];
        setlen = strcspn(set, "@");
        if (!dot || names_utf8(set, setlen)) /* macOS's LC_CTYPE=UTF-8 has no dot */
            return SESSION_LOCALE_COERCE;
    }
    refuse(names[i], values[i], set, setlen, err, errlen);
    return SESSION_LOCALE_REFUSE;
}

/* C.UTF-8 is everywhere glibc 2.35 or Debian is; older systems may spell it
 * C.utf8 or have only en_US.UTF-8. Only the character type changes: numbers,
 * dates and messages stay as in C, the same as in a dump. */
static bool coerce(char *err, size_t errlen)
{
    static const char *const utf8[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8"};
    for (size_t i = 0; i < sizeof utf8 / sizeof utf8[0]; i++)
        if (setlocale(LC_CTYPE, utf8[i]) && !strcmp(nl_langinfo(CODESET), "UTF-8"))
            return true;
    snprintf(err, errlen, "%s", tr(MSG_TERM_NO_UTF8_LOCALE));
    return false;
}

/* Checked before the dataset is read: a dashboard that cannot start should
 * say so at once. */
bool session_possible(char *err, size_t errlen)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(err, errlen, "%s",
                 tr(isatty(STDIN_FILENO) ? MSG_TERM_NOT_A_TERMINAL_OUTPUT
                                         : MSG_TERM_NOT_A_TERMINAL_INPUT));
        return false;
    }
    struct session_locale_env env = {getenv("LC_ALL"), getenv("LC_CTYPE"), getenv("LANG")};
    const char *codeset = setlocale(LC_CTYPE, "") ? nl_langinfo(CODESET) : NULL;
    switch (session_locale_decide(&env, codeset, err, errlen)) {
    case SESSION_LOCALE_AS_IS:
        return true;
    case SESSION_LOCALE_COERCE:
        return coerce(err, errlen);
    default:
        return false;
    }
}

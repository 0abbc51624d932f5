#include "session.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Checked before the dataset is read: a dashboard that cannot start should
 * say so at once. */
bool session_possible(char *err, size_t errlen)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(err, errlen,
                 "zjdash: the dashboard needs a terminal, and standard %s is not one; "
                 "to print the tables instead, use --dump txt, csv or json",
                 isatty(STDIN_FILENO) ? "output" : "input");
        return false;
    }
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    if (strcmp(codeset, "UTF-8") != 0) {
        const char *lang = getenv("LC_ALL");
        if (!lang || !*lang)
            lang = getenv("LC_CTYPE");
        if (!lang || !*lang)
            lang = getenv("LANG");
        snprintf(err, errlen,
                 "zjdash: the locale (%s, character set %s) is not UTF-8, and the dashboard "
                 "draws Chinese text; run it as: LC_ALL=C.UTF-8 zjdash",
                 lang && *lang ? lang : "none set", codeset);
        return false;
    }
    return true;
}

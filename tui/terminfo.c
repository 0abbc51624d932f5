#include "terminfo.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "buf.h"
#include "lang.h"
#include "text.h"

/* TERM comes from whoever started us and may hold escape sequences: every
 * message that repeats it shows it sanitised, and cut to a readable length. */
void terminfo_message(char *err, size_t errlen, const char *before, const char *term,
                      const char *after)
{
    buf msg;
    buf_init(&msg);
    buf_printf(&msg, "zjdash: %sTERM=", before);
    text_fit(&msg, term, strlen(term), 64, TEXT_NO_PAD);
    buf_puts(&msg, after);
    snprintf(err, errlen, "%s", msg.data);
    buf_free(&msg);
}

/* initscr() exits on an unknown TERM and newterm() says nothing why: asking first gives a message. */
bool terminfo_check(const char *term, char *err, size_t errlen)
{
    /* setupterm() first: a failed newterm() leaks inside ncurses and says
     * nothing about why. */
    int status = 0;
    if (setupterm(NULL, STDOUT_FILENO, &status) != OK) {
        if (status < 0)
            terminfo_message(err, errlen, tr(MSG_TERM_NO_TERMINFO), term, "");
        else
            terminfo_message(err, errlen, tr(MSG_TERM_UNKNOWN_TYPE), term, tr(MSG_TERM_TRY_XTERM));
        return false;
    }
    const char *cup = tigetstr("cup");
    bool addressable = cup && cup != (char *)-1;
    del_curterm(cur_term);
    if (!addressable) {
        terminfo_message(err, errlen, tr(MSG_TERM_THE_TYPE), term, tr(MSG_TERM_NO_CURSOR));
        return false;
    }
    return true;
}

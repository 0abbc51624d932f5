#include "terminfo.h"

#include <curses.h>
#include <stdio.h>
#include <term.h>
#include <unistd.h>

/* initscr() exits on an unknown TERM and newterm() says nothing why: asking first gives a message. */
bool terminfo_check(const char *term, char *err, size_t errlen)
{
    /* setupterm() first: a failed newterm() leaks inside ncurses and says
     * nothing about why. */
    int status = 0;
    if (setupterm(NULL, STDOUT_FILENO, &status) != OK) {
        snprintf(err, errlen,
                 status < 0 ? "zjdash: no terminfo database here to look up TERM=%.64s"
                            : "zjdash: unknown terminal type TERM=%.64s; try TERM=xterm-256color",
                 term);
        return false;
    }
    const char *cup = tigetstr("cup");
    bool addressable = cup && cup != (char *)-1;
    del_curterm(cur_term);
    if (!addressable) {
        snprintf(err, errlen, "zjdash: the terminal type TERM=%.64s cannot place the cursor; "
                              "try TERM=xterm-256color or use --dump txt",
                 term);
        return false;
    }
    return true;
}

/* The screen of a pseudo-terminal as its user would see it: what the program
 * writes to the terminal goes through a real terminal emulator (libvterm), so
 * that a test can read the screen row by row and wait for text to appear
 * rather than parse escape sequences itself. The dashboard tests (test_tui)
 * and the fault tests (test_faults) share it; each starts the program on the
 * terminal its own way (forkpty; or a relay that runs it as a shell runs a
 * job), and hands the master side to pty_attach. */
#ifndef ZJDASH_TESTS_PTY_SCREEN_H
#define ZJDASH_TESTS_PTY_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <vterm.h>

#include "buf.h"

struct pty_screen {
    int fd; /* the pseudo-terminal's master; -1 once closed (a hang-up) */
    VTerm *vt;
    VTermScreen *screen;
    int rows, cols;
    /* Each program's own: how long a screen may take to appear (the
     * sanitizer build is slow), and how long a silence means it is drawn. */
    int patience_ms, quiet_ms;
    buf raw;        /* every byte the program wrote, unless muted */
    bool mute;      /* output is counted, not emulated nor kept */
    size_t written; /* bytes the program wrote, muted ones too */
    buf line;       /* reused by the searches of the screen, called in loops */
};

/* Empty, with no terminal yet: safe to pty_close from here on, so that a
 * teardown can release a terminal whose start failed half-way. */
void pty_init(struct pty_screen *s, int rows, int cols, int patience_ms, int quiet_ms);

/* Takes the master side of the terminal (non-blocking from now on) and starts
 * the emulator. altscreen: keep the alternate screen apart, so that leaving it
 * shows again what was there before; callbacks (may be NULL) see the settings
 * the program asks of the terminal, with user. */
void pty_attach(struct pty_screen *s, int master, bool altscreen, const VTermScreenCallbacks *callbacks,
                void *user);

/* Closes the master and frees the emulator; the program is the caller's. */
void pty_close(struct pty_screen *s);

/* Reads what the program wrote for up to ms; returns whether anything came. */
bool pty_read(struct pty_screen *s, int ms);

/* Reads until the program has been quiet for quiet_ms (at most patience_ms). */
void pty_settle(struct pty_screen *s);

/* Row y of the screen as UTF-8 text, a blank for an empty cell. */
void pty_row(struct pty_screen *s, int y, buf *out);

/* Whether some row shows text; if so, *row (when not NULL) is the first. */
bool pty_shows(struct pty_screen *s, const char *text, int *row);

/* The screen on standard error, a failed test's evidence. */
void pty_dump(struct pty_screen *s);

/* Waits until the screen shows text and returns its row; fails the test, the
 * screen on standard error, if it does not within patience_ms. */
int pty_wait_for(struct pty_screen *s, const char *text);

/* Tells the program (SIGWINCH) and the emulator of a new size, and no more:
 * whether to wait for the program's answer is the caller's. */
void pty_set_size(struct pty_screen *s, int rows, int cols);

#endif

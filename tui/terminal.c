#define _XOPEN_SOURCE_EXTENDED 1 /* the wide-character curses calls */
#include "terminal.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "picture.h"
#include "grid.h"
#include "style.h"
#include "terminfo.h"

/* Set by signal handlers, acted on by the loop. */
static volatile sig_atomic_t stop_signal;

/* Handlers only set a flag: curses is not safe in a signal handler. */
static void on_stop(int sig)
{
    stop_signal = sig;
}

/* A short wait for the rest of an escape sequence: over SSH the default
 * second makes Esc feel broken. */
#define ESC_DELAY_MS 25
/* This many errors in a row from a blocking read: the terminal is gone. */
#define DEAD_AFTER 3

/* main ends by the same signal once the terminal is restored. */
int terminal_stop_signal(void)
{
    return stop_signal;
}

/* ---- colours and their monochrome look ---- */

static attr_t attrs[ST_COUNT];

/* The style table is curses-free; this is where it meets curses. */
static attr_t curses_attrs(uint8_t look)
{
    return (look & LOOK_BOLD ? A_BOLD : 0) | (look & LOOK_UNDERLINE ? A_UNDERLINE : 0) |
           (look & LOOK_REVERSE ? A_REVERSE : 0) | (look & LOOK_DIM ? A_DIM : 0);
}

/* Colour when the terminal has it and NO_COLOR is unset, else the monochrome look. */
static void set_up_looks(void)
{
    bool color = has_colors() && !getenv("NO_COLOR") && start_color() == OK && COLORS >= 8;
    if (color)
        use_default_colors();
    for (int s = 0; s < ST_COUNT; s++) {
        const struct look *l = &style_looks[s];
        if (!color) {
            attrs[s] = curses_attrs(l->mono_attrs);
            continue;
        }
        /* the ANSI numbering is curses' COLOR_BLACK .. COLOR_WHITE */
        init_pair((short)(s + 1), l->fg, l->bg);
        attrs[s] = curses_attrs(l->attrs) | COLOR_PAIR(s + 1);
    }
}

/* ---- copying a grid to the screen ---- */

/* Runs of one style in one call: fewer attribute changes over a slow link. */
static void blit(const grid *g)
{
    buf run;
    buf_init(&run);
    for (int y = 0; y < g->h; y++) {
        int x = 0;
        while (x < g->w) {
            int style = g->cells[(size_t)y * (size_t)g->w + (size_t)x].style, start = x;
            buf_clear(&run);
            while (x < g->w) {
                const grid_cell *c = &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
                if (c->style != style)
                    break;
                buf_puts(&run, c->text);
                x++;
            }
            attrset(attrs[style]);
            /* The last cell of the screen cannot be written without
             * scrolling on some terminals; ncurses says ERR and draws it. */
            mvaddstr(y, start, run.data ? run.data : "");
        }
    }
    attrset(A_NORMAL);
    buf_free(&run);
}

/* ---- keys ---- */

/* The app knows keys, not curses codes. */
static uint32_t translate(int kind, wint_t ch)
{
    if (kind == KEY_CODE_YES) {
        switch (ch) {
        case KEY_UP: return K_UP;
        case KEY_DOWN: return K_DOWN;
        case KEY_LEFT: return K_LEFT;
        case KEY_RIGHT: return K_RIGHT;
        case KEY_PPAGE: return K_PGUP;
        case KEY_NPAGE: return K_PGDN;
        case KEY_HOME: return K_HOME;
        case KEY_END: return K_END;
        case KEY_ENTER: return K_ENTER;
        case KEY_BACKSPACE: return K_BACKSPACE;
        case KEY_BTAB: return K_BACKTAB;
        default: return 0;
        }
    }
    switch (ch) {
    case 27: return K_ESC;
    case '\r':
    case '\n': return K_ENTER;
    case 127:
    case 8: return K_BACKSPACE;
    case '\t': return K_TAB;
    case 3: return K_CTRL_C;
    case 0x15: return K_CTRL_U;
    default: return (uint32_t)ch;
    }
}

/* ---- starting and stopping ---- */

/* Without SA_RESTART, so that a blocked read returns to the loop. */
static void catch(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns and the loop sees the flag */
    sigaction(sig, &sa, NULL);
}

/* What one session on the terminal holds, so that stopping undoes starting. */
struct session {
    FILE *out;
    SCREEN *scr;
    struct sigaction old_hup;
};

/* newterm, not initscr: an unknown terminal gets a message, not an exit. */
static bool start(struct session *s, char *err, size_t errlen)
{
    const char *term = getenv("TERM");
    if (!term || !*term) {
        snprintf(err, errlen, "zjdash: TERM is not set; set it to your terminal's type, "
                              "for example TERM=xterm-256color");
        return false;
    }
    if (!terminfo_check(term, err, errlen))
        return false;
    s->out = fdopen(dup(STDOUT_FILENO), "w");
    s->scr = s->out ? newterm(NULL, s->out, stdin) : NULL;
    if (!s->scr) {
        if (s->out)
            fclose(s->out);
        terminfo_message(err, errlen, "cannot start the terminal ", term, "");
        return false;
    }
    if (!getenv("ESCDELAY"))
        set_escdelay(ESC_DELAY_MS);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    idlok(stdscr, TRUE);
    curs_set(0);
    set_up_looks();
    stop_signal = 0;
    catch(SIGTERM, on_stop);
    catch(SIGINT, on_stop);
    /* Under nohup a hang-up is to be ignored; the dead terminal is then
     * noticed by its reads failing. */
    sigaction(SIGHUP, NULL, &s->old_hup);
    if (s->old_hup.sa_handler != SIG_IGN)
        catch(SIGHUP, on_stop);
    return true;
}

/* Every way out of the loop comes through here, once. */
static void stop(struct session *s)
{
    endwin();
    delscreen(s->scr);
    fclose(s->out);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    sigaction(SIGHUP, &s->old_hup, NULL);
}

/* One frame: lay out, draw, copy, and only then the cursor. */
static void show(app *a, grid *g)
{
    if (g->w != COLS || g->h != LINES)
        grid_resize(g, COLS, LINES);
    int prompt_x = app_frame(a, g);
    blit(g);
    /* Without a prompt the cursor is hidden: leaving it where the update
     * ends saves a cursor move on every key. */
    leaveok(stdscr, prompt_x < 0);
    if (prompt_x >= 0) {
        move(g->h - 1, prompt_x);
        curs_set(1);
    } else {
        curs_set(0);
    }
    refresh();
}

/* A read that fails again and again means the terminal has gone: a dead
 * SSH session must not spin. Returns false when it is time to leave. */
static bool survive_error(int *errors)
{
    if (stop_signal || ++*errors >= DEAD_AFTER)
        return false;
    struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
    return !(poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)));
}

/* The loop: a frame, then a key; signals and a dead terminal end it. */
bool terminal_run(app *a, bool ascii, char *err, size_t errlen)
{
    struct session s;
    if (!start(&s, err, errlen))
        return false;
    grid g;
    grid_init(&g, COLS, LINES, ascii);
    int errors = 0;
    while (!a->quit && !stop_signal) {
        show(a, &g);
        if (a->want_snapshot) {
            picture_save(a, &g);
            continue;
        }
        wint_t ch;
        int kind = get_wch(&ch);
        if (kind == ERR) {
            if (!survive_error(&errors))
                break;
            continue;
        }
        errors = 0;
        if (kind == KEY_CODE_YES && ch == KEY_RESIZE) {
            /* what a resized terminal shows is anyone's guess: paint it all */
            clearok(curscr, TRUE);
            continue;
        }
        uint32_t key = translate(kind, ch);
        if (key)
            app_key(a, key);
    }
    grid_free(&g);
    stop(&s);
    return true;
}

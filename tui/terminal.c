#define _XOPEN_SOURCE_EXTENDED 1 /* the wide-character curses calls */
#include "terminal.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "picture.h"
#include "grid.h"
#include "input.h"
#include "lang.h"
#include "options.h"
#include "copy.h"
#include "style.h"
#include "terminfo.h"
#include "text.h"

/* Set by signal handlers, acted on by the loop. */
static volatile sig_atomic_t stop_signal, resized, suspended;

/* Handlers only set a flag: curses is not safe in a signal handler. */
static void on_stop(int sig)
{
    stop_signal = sig;
}

/* Ours rather than ncurses': its handler only acts inside getch, and the
 * loop reads the terminal itself. */
static void on_resize(int sig)
{
    (void)sig;
    resized = 1;
}

/* Ctrl-Z: the loop puts the terminal back first, mouse reporting too
 * (ncurses' own handler would leave the shell receiving mouse reports). */
static void on_suspend(int sig)
{
    (void)sig;
    suspended = 1;
}

/* A short wait for the rest of an escape sequence: over SSH the default
 * second makes Esc feel broken. */
#define ESC_DELAY_MS 25
#define ESC_DELAY_MAX_MS 10000 /* ten seconds is already no Esc key anyone would use */
/* xterm's mouse reports, as SGR numbers (1006) where the terminal has them:
 * X10's single bytes cannot say a column past 223. */
#define MOUSE_ON "\033[?1000h\033[?1006h"
#define MOUSE_OFF "\033[?1006l\033[?1000l"

/* main ends by the same signal once the terminal is restored. */
int terminal_stop_signal(void)
{
    return stop_signal;
}

/* ---- colours and their monochrome look ---- */

static attr_t attrs[ST_COUNT];
/* terminal_options.colour of the session being started */
static bool colour_wanted = true;

/* The style table is curses-free; this is where it meets curses. */
static attr_t curses_attrs(uint8_t look)
{
    return (look & LOOK_BOLD ? A_BOLD : 0) | (look & LOOK_UNDERLINE ? A_UNDERLINE : 0) |
           (look & LOOK_REVERSE ? A_REVERSE : 0) | (look & LOOK_DIM ? A_DIM : 0);
}

/* Colour when the terminal has it, else the monochrome look; and that look
 * when NO_COLOR is set to anything but the empty string (no-color.org), or
 * the configuration file says colour = off. */
static void set_up_looks(void)
{
    const char *no_color = getenv("NO_COLOR");
    bool color = colour_wanted && has_colors() && !(no_color && *no_color) && start_color() == OK &&
                 COLORS >= 8;
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
    struct sigaction old_hup, old_winch, old_tstp;
    bool mouse;
    int esc_ms;       /* how long the rest of an escape sequence may take */
    input in;
};

/* What can be known of the terminal without starting it: asked before a
 * load, so that a terminal that cannot work is told before any wait. */
bool terminal_check(char *err, size_t errlen)
{
    const char *term = getenv("TERM");
    if (!term || !*term) {
        snprintf(err, errlen, "zjdash: %s", tr(MSG_TERM_UNSET));
        return false;
    }
    return terminfo_check(term, err, errlen);
}

/* newterm, not initscr: an unknown terminal gets a message, not an exit. */
static bool start(struct session *s, bool want_mouse, char *err, size_t errlen)
{
    if (!terminal_check(err, errlen))
        return false;
    const char *term = getenv("TERM");
    /* before newterm, which installs its own only where none is */
    sigaction(SIGWINCH, NULL, &s->old_winch);
    catch(SIGWINCH, on_resize);
    sigaction(SIGTSTP, NULL, &s->old_tstp);
    if (s->old_tstp.sa_handler == SIG_DFL) /* a shell without job control ignores it */
        catch(SIGTSTP, on_suspend);
    s->out = fdopen(dup(STDOUT_FILENO), "w");
    s->scr = s->out ? newterm(NULL, s->out, stdin) : NULL;
    if (!s->scr) {
        if (s->out)
            fclose(s->out);
        terminfo_message(err, errlen, tr(MSG_TERM_CANNOT_START), term, "");
        return false;
    }
    const char *delay = getenv("ESCDELAY");
    long ms = ESC_DELAY_MS;
    if (delay && !options_number(delay, strlen(delay), ESC_DELAY_MAX_MS, &ms))
        ms = ESC_DELAY_MS; /* "abc" or "-5" is no delay anyone meant */
    s->esc_ms = ms < 1 ? 1 : (int)ms;
    cbreak();
    noecho();
    nonl();
    /* the keys are read by input.c, which knows what terminals really send */
    keypad(stdscr, FALSE);
    idlok(stdscr, TRUE);
    curs_set(0);
    set_up_looks();
    /* a terminal that says how it reports the mouse can report it */
    const char *kmous = tigetstr("kmous");
    s->mouse = want_mouse && kmous && kmous != (char *)-1 && *kmous;
    if (s->mouse) { /* straight to the terminal: putp would go to stdout's buffer */
        fputs(MOUSE_ON, s->out);
        fflush(s->out);
    }
    input_init(&s->in, s->mouse);
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
    if (s->mouse) {
        fputs(MOUSE_OFF, s->out);
        fflush(s->out);
    }
    endwin();
    delscreen(s->scr);
    fclose(s->out);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    sigaction(SIGHUP, &s->old_hup, NULL);
    sigaction(SIGWINCH, &s->old_winch, NULL);
    sigaction(SIGTSTP, &s->old_tstp, NULL);
}

/* Ctrl-Z: the shell gets its terminal as it was, and on fg the dashboard
 * comes back whole, at whatever size the terminal has by then. */
static void suspend(struct session *s)
{
    suspended = 0;
    if (s->mouse) {
        fputs(MOUSE_OFF, s->out);
        fflush(s->out);
    }
    endwin();
    signal(SIGTSTP, SIG_DFL);
    raise(SIGTSTP); /* stops here until the shell continues it */
    catch(SIGTSTP, on_suspend);
    if (s->mouse) {
        fputs(MOUSE_ON, s->out);
        fflush(s->out);
    }
    resized = 1;
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

/* The size the terminal has now: after SIGWINCH, curses is told here. */
static void follow_resize(void)
{
    resized = 0;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
    /* what a resized terminal shows is anyone's guess: paint it all */
    clearok(curscr, TRUE);
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Whether more input is ready at once: then the frame can wait for it. */
static bool input_ready(void)
{
    struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
    return poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN);
}

/* Every event that is complete goes to the app; a picture asked for by a
 * key is taken of the screen that key led to, before the next key.
 * Returns whether anything came. */
static bool deliver(struct session *s, app *a, grid *g, bool more_may_come)
{
    bool any = false;
    for (;;) {
        struct input_event ev = input_next(&s->in, more_may_come);
        if (ev.kind == INPUT_NONE) {
            if (!input_ready()) /* else the next read brings more to type ahead */
                app_settle(a);
            return any;
        }
        any = true;
        /* keys still to come: a prompt leaves its filter to the last one */
        a->typing_ahead = input_waiting(&s->in) || input_ready();
        if (ev.kind == INPUT_KEY)
            app_key(a, ev.key);
        else if (ev.kind == INPUT_MOUSE) {
            input_count_clicks(&s->in, &ev.mouse, now_ms());
            app_mouse(a, &ev.mouse);
        } else
            app_unknown_key(a);
        if (a->want_snapshot) {
            show(a, g);
            picture_save(a, g);
        }
        if (a->want_copy) {
            buf osc;
            buf_init(&osc);
            copy_deliver(a, getenv("TERM"), &osc);
            if (osc.len) {
                fwrite(osc.data, 1, osc.len, s->out);
                fflush(s->out);
            }
            buf_free(&osc);
        }
        if (a->want_repaint) {
            a->want_repaint = false;
            clearok(curscr, TRUE);
        }
        if (a->quit)
            return any;
    }
}

/* The file came back from a reread: the dashboard moves onto it, or keeps
 * what it shows and says why not. */
static bool take_reread(app *a, reload *r)
{
    enum dataset_status st;
    dataset *ds;
    places *pl;
    view **views;
    char err[2048];
    if (!reload_take(r, &st, &ds, &pl, &views, err, sizeof err))
        return false;
    a->rereading = false;
    buf name;
    buf_init(&name);
    text_sanitize(&name, a->source, strlen(a->source));
    if (st == DATASET_OK) {
        app_adopt(a, ds, pl, views, name.data);
    } else {
        buf why;
        buf_init(&why);
        text_sanitize(&why, err, strlen(err));
        app_say_msg(a, MSG_MSG_RELOAD_FAILED, why.data ? why.data : "");
        buf_free(&why);
    }
    buf_free(&name);
    return true;
}

/* R, or a change to the file that has settled: read it again, and say so
 * while it is read (a big file takes seconds). */
static bool start_reread(app *a, reload *r)
{
    buf name;
    buf_init(&name);
    text_sanitize(&name, a->source, strlen(a->source));
    app_say_msg(a, MSG_MSG_RELOADING, name.data);
    buf_free(&name);
    struct view_spec *specs = app_view_specs(a);
    reload_start(r, specs, a->ds->nthemes);
    for (uint32_t t = 0; t < a->ds->nthemes; t++)
        view_spec_free(&specs[t]);
    free(specs);
    a->rereading = reload_busy(r);
    take_reread(a, r); /* one that could not even start has its error already */
    return true;
}

/* Reads what the terminal sent, waiting at most ms (-1: until something
 * comes) or until the dataset file (r, may be NULL) needs the loop. Returns
 * false when the terminal has gone (a hang-up, an error, the end of input):
 * a dead SSH session must not spin. *timed_out: the terminal sent nothing
 * for the whole of ms; *file: the file's state changed what is shown. */
static bool read_terminal(struct session *s, reload *r, app *a, int ms, bool *timed_out,
                          bool *file)
{
    struct pollfd pfds[1 + RELOAD_FDS] = {{STDIN_FILENO, POLLIN, 0}};
    *timed_out = *file = false;
    if (s->in.len >= INPUT_PENDING_MAX) {
        /* a sequence as long as the buffer: no room to read more, and a
         * read of 0 bytes would look like a hang-up; the decoder is told
         * nothing more is coming, and decides what it has */
        *timed_out = true;
        return true;
    }
    int nfile = r ? reload_fds(r, pfds + 1) : 0;
    int due = r ? reload_wait_ms(r, now_ms()) : -1;
    int wait = due >= 0 && (ms < 0 || due < ms) ? due : ms;
    int got = due == 0 ? 0 : poll(pfds, (nfds_t)(1 + nfile), wait);
    if (got < 0)
        return errno == EINTR;
    if (r) {
        reload_events(r, pfds + 1, nfile, now_ms());
        *file = reload_wait_ms(r, now_ms()) == 0 ? start_reread(a, r) : take_reread(a, r);
        if (*file)
            return true; /* the keys wait for the frame that says so: the next key clears it */
    }
    if (got == 0) {
        *timed_out = wait == ms;
        return true;
    }
    if (!(pfds[0].revents & POLLIN)) /* woken by the file alone, or the terminal is gone */
        return !(pfds[0].revents & (POLLHUP | POLLERR | POLLNVAL));
    unsigned char bytes[INPUT_PENDING_MAX];
    ssize_t n = read(STDIN_FILENO, bytes, INPUT_PENDING_MAX - s->in.len);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN;
    if (n == 0)
        return false;
    input_feed(&s->in, bytes, (size_t)n);
    return true;
}

/* ---- the three steps: start, load, run ---- */

/* 20 frames a second: smooth to the eye, nothing to the loader. */
#define LOADING_FRAME_MS 50

/* A session and its grid outlive one call, so that the loading screen and
 * the dashboard share one start and one stop. */
struct terminal {
    struct session s;
    grid g;
    long drawn_ms;
    bool drawn, dead;
};

/* Starting before the load, so that the screen comes at once. */
terminal *terminal_start(const struct terminal_options *o, char *err, size_t errlen)
{
    terminal *t = calloc(1, sizeof *t);
    colour_wanted = o->colour;
    if (!t || !start(&t->s, o->mouse, err, errlen)) {
        free(t);
        return NULL;
    }
    grid_init(&t->g, COLS, LINES, o->ascii);
    return t;
}

/* What the user typed while loading: only a way out is heard, since the
 * dashboard a key was meant for is not there yet. */
static bool loading_wants_out(terminal *t)
{
    bool timed_out;
    bool file;
    if (!read_terminal(&t->s, NULL, NULL, 0, &timed_out, &file)) {
        t->dead = true;
        return true;
    }
    for (;;) {
        struct input_event ev = input_next(&t->s.in, false);
        if (ev.kind == INPUT_NONE)
            return false;
        if (ev.kind == INPUT_KEY && (ev.key == 'q' || ev.key == 'Q' || ev.key == K_CTRL_C))
            return true;
    }
}

/* The loading screen, when one is due: at once, then never more often than
 * the eye sees. */
bool terminal_loading(terminal *t, const struct loading_view *v)
{
    if (suspended)
        suspend(&t->s);
    bool force = false;
    if (resized) {
        follow_resize();
        force = true;
    }
    if (stop_signal || t->dead || loading_wants_out(t))
        return false;
    long now = now_ms();
    if (!force && t->drawn && now - t->drawn_ms < LOADING_FRAME_MS)
        return true;
    if (t->g.w != COLS || t->g.h != LINES)
        grid_resize(&t->g, COLS, LINES);
    loading_draw(&t->g, v);
    blit(&t->g);
    leaveok(stdscr, TRUE);
    curs_set(0);
    refresh();
    t->drawn = true;
    t->drawn_ms = now;
    return true;
}

/* The loop: a frame when the keys have been read, then wait for more;
 * signals and a dead terminal end it. */
void terminal_run_started(terminal *t, app *a, reload *r)
{
    struct session *s = &t->s;
    grid *g = &t->g;
    bool draw = true;
    while (!a->quit && !stop_signal && !t->dead) {
        if (suspended)
            suspend(s);
        if (resized) {
            follow_resize();
            draw = true;
        }
        if (draw && !input_ready()) {
            show(a, g);
            draw = false;
            app_prepare(a); /* after the first frame, so it never delays it */
        }
        bool timed_out, file;
        if (!read_terminal(s, r, a, input_waiting(&s->in) ? s->esc_ms : -1, &timed_out, &file))
            break;
        if (file) { /* even with keys typed ahead: the news must be seen once */
            show(a, g);
            draw = false;
        }
        if (input_waiting(&s->in) && deliver(s, a, g, !timed_out))
            draw = true;
        if (a->want_reload && r) /* R */
            start_reread(a, r);
        a->want_reload = false;
    }
}

/* Every way out comes through here, once. */
void terminal_stop(terminal *t)
{
    if (!t)
        return;
    grid_free(&t->g);
    stop(&t->s);
    free(t);
}

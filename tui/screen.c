#define _XOPEN_SOURCE_EXTENDED 1 /* the wide-character curses calls */
#include "screen.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "draw.h"
#include "grid.h"
#include "snapshot.h"
#include "style.h"
#include "terminfo.h"

/* Set by signal handlers, acted on by the loop. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

/* A short wait for the rest of an escape sequence: over SSH the default
 * second makes Esc feel broken. */
#define ESC_DELAY_MS 25
/* This many errors in a row from a blocking read: the terminal is gone. */
#define DEAD_AFTER 3

int screen_stop_signal(void)
{
    return stop_signal;
}

bool screen_possible(char *err, size_t errlen)
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

/* ---- colours and their monochrome look ---- */

static attr_t attrs[ST_COUNT];

static attr_t curses_attrs(uint8_t look)
{
    return (look & LOOK_BOLD ? A_BOLD : 0) | (look & LOOK_UNDERLINE ? A_UNDERLINE : 0) |
           (look & LOOK_REVERSE ? A_REVERSE : 0) | (look & LOOK_DIM ? A_DIM : 0);
}

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
    default: return (uint32_t)ch;
    }
}

/* ---- pictures ---- */

/* s: the screen as it is now, as SVG, in $ZJDASH_SNAPSHOT_DIR or here. */
static void save_picture(app *a, const grid *g)
{
    a->want_snapshot = false;
    const char *dir = getenv("ZJDASH_SNAPSHOT_DIR");
    if (!dir || !*dir)
        dir = ".";
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stem[160];
    snprintf(stem, sizeof stem, "zjdash-%.64s-%04d%02d%02d-%02d%02d%02d",
             app_in_places(a) ? "places" : ds_str(a->ds, a->ds->themes[a->tab].id),
             tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    buf title, svg;
    buf_init(&title);
    buf_init(&svg);
    draw_title(a, &title);
    buf font;
    buf_init(&font);
    char why[256];
    if (a->picture_font &&
        snapshot_font_face(&font, g, a->picture_font, a->picture_font_len, why, sizeof why)) {
        snprintf(a->message, sizeof a->message, "cannot embed the font: %s", why);
        buf_free(&title);
        buf_free(&font);
        return;
    }
    snapshot_render(&svg, g, SNAP_SVG, a->light_snapshots ? SNAP_LIGHT : SNAP_DARK, title.data,
                    font.data);
    buf_free(&font);
    char saved[4096];
    int e = snapshot_save_new(dir, stem, ".svg", svg.data, svg.len, saved, sizeof saved);
    if (e)
        snprintf(a->message, sizeof a->message, "cannot save the picture in %.200s: %s", dir,
                 strerror(e));
    else
        snprintf(a->message, sizeof a->message, "saved %.400s", saved);
    buf_free(&title);
    buf_free(&svg);
}

/* ---- starting and stopping ---- */

static void catch(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns and the loop sees the flag */
    sigaction(sig, &sa, NULL);
}

bool screen_run(app *a, bool ascii, char *err, size_t errlen)
{
    const char *term = getenv("TERM");
    if (!term || !*term) {
        snprintf(err, errlen, "zjdash: TERM is not set; set it to your terminal's type, "
                              "for example TERM=xterm-256color");
        return false;
    }
    if (!terminfo_check(term, err, errlen))
        return false;
    FILE *out = fdopen(dup(STDOUT_FILENO), "w");
    SCREEN *scr = out ? newterm(NULL, out, stdin) : NULL;
    if (!scr) {
        if (out)
            fclose(out);
        snprintf(err, errlen, "zjdash: cannot start the terminal TERM=%.64s", term);
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
    struct sigaction old_hup;
    sigaction(SIGHUP, NULL, &old_hup);
    if (old_hup.sa_handler != SIG_IGN)
        catch(SIGHUP, on_stop);

    grid g;
    grid_init(&g, COLS, LINES, ascii);
    int errors = 0;
    while (!a->quit && !stop_signal) {
        if (g.w != COLS || g.h != LINES)
            grid_resize(&g, COLS, LINES);
        int prompt_x = draw_app(a, &g);
        blit(&g);
        /* Without a prompt the cursor is hidden: leaving it where the update
         * ends saves a cursor move on every key. */
        leaveok(stdscr, prompt_x < 0);
        if (prompt_x >= 0) {
            move(g.h - 1, prompt_x);
            curs_set(1);
        } else {
            curs_set(0);
        }
        refresh();
        if (a->want_snapshot) {
            save_picture(a, &g);
            continue;
        }
        wint_t ch;
        int kind = get_wch(&ch);
        if (kind == ERR) {
            if (stop_signal)
                break;
            if (++errors >= DEAD_AFTER)
                break; /* end of file or an error on the terminal: it has gone */
            struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
            if (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)))
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
    endwin();
    delscreen(scr);
    fclose(out);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    sigaction(SIGHUP, &old_hup, NULL);
    return true;
}

/* zjdash: the command line. Loads and validates the dataset before anything
 * else happens, then prints what was asked for. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "config.h"
#include "builtin.h"
#include "dataset.h"
#include "app.h"
#include "dump.h"
#include "keymap.h"
#include "lang.h"
#include "options.h"
#include "briefing.h"
#include "pack.h"
#include "picture.h"
#include "reload.h"
#include "session.h"
#include "snapshot.h"
#include "terminal.h"
#include "grid.h"
#include "link.h"
#include "load.h"
#include "loading.h"
#include "text.h"
#include "view.h"

/* The names on the command line must mean something before a screen is
 * drawn; a terminal started for the loading screen (*term) is put back
 * before the message, so that the message stays on the screen. */
static int check_names(const dataset *ds, const struct dump_options *o, terminal **term)
{
    bool tab_ok = !o->tab || !strcmp(o->tab, "all") || options_find_tab(ds, o->tab) >= 0;
    bool sort_ok = true;
    if (o->sort) {
        struct sort_spec sort;
        options_parse_sort(o->sort, &sort);
        sort_ok = options_sort_found(ds, &sort, -1);
        options_free_sort(&sort);
    }
    if (tab_ok && sort_ok)
        return EXIT_OK;
    terminal_stop(*term);
    *term = NULL;
    if (!tab_ok)
        return options_usage_error_msg(MSG_CLI_NO_TAB, o->tab);
    return options_usage_error_msg(MSG_CLI_NO_SORT_COLUMN, o->sort);
}

/* Where the dashboard starts: the command line's tab and sort, else the
 * configuration file's, which the dataset may lack (a file serves several
 * datasets): then the first tab, unsorted, and the status line says why. */
struct start {
    const char *tab, *sort;
    enum msg missing; /* MSG_COUNT: nothing missing */
    const char *what;
};

static void choose_start(const dataset *ds, const struct cli *c, struct start *s)
{
    *s = (struct start){c->dump.tab, c->dump.sort, MSG_COUNT, NULL};
    const struct config *f = &c->config;
    if (!s->tab && *f->tab) {
        if (options_find_tab(ds, f->tab) >= 0)
            s->tab = f->tab;
        else
            s->missing = MSG_MSG_CONFIG_NO_TAB, s->what = f->tab;
    }
    if (!s->sort && *f->sort) {
        struct sort_spec sort;
        options_parse_sort(f->sort, &sort);
        if (options_sort_found(ds, &sort, -1))
            s->sort = f->sort;
        else if (s->missing == MSG_COUNT)
            s->missing = MSG_MSG_CONFIG_NO_SORT, s->what = f->sort;
        options_free_sort(&sort);
    }
}

/* The file's problems were said on standard error before the terminal
 * started, where its alternate screen hides them: the first is said again
 * on the status line, after the file's last name alone (the whole path
 * would leave no room for what is wrong; standard error has it). */
static void say_config(app *a, const struct cli *c, const struct start *s)
{
    if (c->problems.count) {
        buf first;
        buf_init(&first);
        const char *slash = strrchr(c->config_file, '/');
        config_describe_first(&first, slash && slash[1] ? slash + 1 : c->config_file, &c->problems);
        app_say_msg(a, MSG_MSG_CONFIG_PROBLEMS, c->problems.count, first.data);
        buf_free(&first);
    } else if (s->missing != MSG_COUNT) {
        app_say_msg(a, s->missing, s->what);
    }
}

/* A file (not a pipe, not the built-in data) is followed as it changes;
 * where it cannot be, R still reads it, and the status line says why (unless
 * the configuration has said something already). */
static reload *follow(app *a, const char *file)
{
    if (!file || !strcmp(file, "-"))
        return NULL;
    char why[256];
    a->source = file;
    reload *r = reload_new(file, why, sizeof why);
    if (why[0] && !a->message[0]) {
        buf safe;
        buf_init(&safe);
        text_sanitize(&safe, file, strlen(file));
        app_say_msg(a, MSG_MSG_RELOAD_UNWATCHED, safe.data, why);
        buf_free(&safe);
    }
    return r;
}

/* The dashboard on the terminal started before the load, starting where the
 * command line (or the configuration file) says; it takes the dataset (*ds),
 * which a reload replaces. */
static int run_dashboard(dataset **ds, const struct cli *c, terminal *term, const char *name)
{
    int st = check_names(*ds, &c->dump, &term);
    if (st != EXIT_OK)
        return st;
    struct start s;
    choose_start(*ds, c, &s);
    struct app_options options = {c->ascii, s.tab, s.sort, c->dump.filter};
    app *a = app_new(*ds, &options);
    a->owned = *ds;
    *ds = NULL;
    a->data_name = name;
    a->dark_pictures = c->config.dark_pictures;
    say_config(a, c, &s);
    reload *r = follow(a, c->file);
    terminal_run_started(term, a, r);
    terminal_stop(term);
    reload_free(r);
    app_free(a);
    return EXIT_OK;
}

/* --snapshot: after the names are checked, pack.c draws and writes. */
static int run_snapshot(const dataset *ds, const struct dump_options *o, struct pack_request *r)
{
    terminal *none = NULL;
    int st = check_names(ds, o, &none);
    if (st != EXIT_OK)
        return st;
    r->tab = o->tab;
    r->sort = o->sort;
    r->filter = o->filter;
    return pack_run(ds, r);
}

/* What a watched load's callbacks share: the figures shown, and where. */
struct watch {
    struct loading_view view;
    struct timespec began;
    const struct terminal_options *dashboard; /* NULL: no dashboard */
    terminal *term;    /* started once the load takes more than a blink */
    char *term_err;    /* why it could not be (then the load stops) */
    size_t term_errlen;
    bool term_failed;
    bool line;         /* a progress line on standard error, a terminal */
    double line_shown; /* when it was last drawn; negative: never */
    bool stop;
};

/* A load this short shows no screen: the terminal is not even started, so
 * a small file (or a mistake early in one) looks exactly as it always did. */
#define SCREEN_AFTER_SECONDS 0.02
/* The progress line waits this long (a quick load says nothing) and is
 * redrawn no more often. */
#define LINE_EVERY_SECONDS 0.1

/* One line redrawn with \r, never wider than the terminal: a wrapped line
 * would leave its start behind on every redraw. */
static void draw_line(struct watch *w)
{
    struct winsize ws;
    int cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 ? ws.ws_col : 80;
    buf line;
    buf_init(&line);
    buf_putc(&line, '\r');
    loading_line(&line, &w->view, cols - 1);
    fputs(line.data, stderr);
    fflush(stderr);
    buf_free(&line);
}

/* The loader's report: the figures, then the screen or the line. */
static void on_progress(void *user, size_t bytes, size_t total_bytes, uint32_t records)
{
    struct watch *w = user;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    w->view.bytes = bytes;
    w->view.total_bytes = total_bytes;
    w->view.records = records;
    w->view.seconds = (double)(now.tv_sec - w->began.tv_sec) +
                      (double)(now.tv_nsec - w->began.tv_nsec) / 1e9;
    if (w->dashboard && !w->term && !w->term_failed &&
        w->view.seconds >= SCREEN_AFTER_SECONDS &&
        !(w->term = terminal_start(w->dashboard, w->term_err, w->term_errlen)))
        w->term_failed = w->stop = true;
    if (w->term && !terminal_loading(w->term, &w->view))
        w->stop = true;
    if (w->line && w->view.seconds >= LINE_EVERY_SECONDS &&
        w->view.seconds - w->line_shown >= LINE_EVERY_SECONDS) {
        draw_line(w);
        w->line_shown = w->view.seconds;
    }
}

/* q or Ctrl-C on the loading screen. */
static bool on_cancelled(void *user)
{
    return ((struct watch *)user)->stop;
}

/* The line leaves nothing behind: what follows starts on a clean line. */
static void end_line(struct watch *w)
{
    if (w->line_shown < 0)
        return;
    struct winsize ws;
    int cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 ? ws.ws_col : 80;
    fprintf(stderr, "\r%*s\r", cols - 1, "");
    fflush(stderr);
}

/* The dataset named on the command line, standard input, or the built-in
 * one (in a blink: nobody watches it). */
static enum dataset_status load(const char *file, struct watch *w, dataset **ds,
                                const char **name, char *err, size_t errlen)
{
    struct load_progress p = {on_progress, on_cancelled, w};
    clock_gettime(CLOCK_MONOTONIC, &w->began);
    if (!file) {
        *name = tr(MSG_CLI_BUILTIN_DATASET);
        return dataset_load_memory((const char *)zjdash_builtin_data, zjdash_builtin_size, *name,
                                   ds, err, errlen);
    }
    *name = w->view.name = !strcmp(file, "-") ? tr(MSG_CLI_STDIN) : file;
    if (!strcmp(file, "-"))
        return dataset_load_fd_progress(0, *name, &p, ds, err, errlen);
    return dataset_load_file_progress(file, &p, ds, err, errlen);
}

/* A signal that stopped the dashboard (or its load) ends the program the
 * same way, once the terminal is restored, so that its parent knows. */
static int end_by_signal(int st)
{
    int sig = terminal_stop_signal();
    if (sig) {
        signal(sig, SIG_DFL);
        raise(sig);
    }
    return st;
}

int main(int argc, char **argv)
{
    struct cli c;
    int st = cli_parse(argc, argv, &c);
    if (st >= 0)
        return st;
    config_use(&c.config);
    bool dashboard = !c.check && !c.dumping && !c.picture.path;
    char err[2048];
    /* Before anything is read: a dashboard that cannot start should say so at once. */
    if (dashboard && !session_possible(err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return EXIT_TERMINAL;
    }
    /* The terminal's own checks (TERM, terminfo) come before the load too;
     * the terminal starts during it, once it takes more than a blink. */
    /* the file's mouse and colour, under ZJDASH_NO_MOUSE, NO_COLOR and --no-mouse */
    struct terminal_options t = {c.ascii, c.config.mouse, c.config.colour};
    char term_err[512];
    struct watch w = {.dashboard = dashboard ? &t : NULL, .line_shown = -1,
                      .term_err = term_err, .term_errlen = sizeof term_err};
    if (dashboard && !terminal_check(err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return EXIT_TERMINAL;
    }
    w.line = (c.check || c.dumping) && isatty(STDERR_FILENO);
    dataset *ds = NULL;
    const char *name;
    enum dataset_status loaded = load(c.file, &w, &ds, &name, err, sizeof err);
    end_line(&w);
    if (loaded != DATASET_OK) {
        terminal_stop(w.term); /* a message after the terminal is put back stays on the screen */
        if (w.term_failed)
            fprintf(stderr, "%s\n", term_err);
        else if (loaded != DATASET_CANCELLED)
            fprintf(stderr, "%s\n", err);
        return end_by_signal(w.term_failed ? EXIT_TERMINAL
                             : loaded == DATASET_CANCELLED ? EXIT_OK : EXIT_DATA);
    }
    if (dashboard && !w.term && !(w.term = terminal_start(&t, term_err, sizeof term_err))) {
        dataset_free(ds);
        fprintf(stderr, "%s\n", term_err);
        return EXIT_TERMINAL;
    }
    if (c.check) {
        dump_summary(ds, name, stdout);
        st = EXIT_OK;
    } else if (dashboard) {
        st = run_dashboard(&ds, &c, w.term, name);
    } else if (c.picture.path) {
        st = run_snapshot(ds, &c.dump, &c.picture);
    } else {
        st = dump_run(ds, &c.dump, stdout, stderr);
    }
    dataset_free(ds);
    int out = cli_finish_output();
    return end_by_signal(st != EXIT_OK ? st : out);
}

/* zjdash: the command line. Loads and validates the dataset before anything
 * else happens, then prints what was asked for. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
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
#include "session.h"
#include "snapshot.h"
#include "terminal.h"
#include "grid.h"
#include "link.h"
#include "load.h"
#include "loading.h"
#include "text.h"
#include "view.h"

#ifndef ZJDASH_VERSION
#define ZJDASH_VERSION "unknown"
#endif

/* --help: the options, then the keys from the keymaps the dashboard runs,
 * then the environment; a paragraph an entry of the catalogues, so a
 * translator sees whole paragraphs and lines them up as they read. */
static void print_usage(void)
{
    static const enum msg before_keys[] = {MSG_CLI_HELP_USAGE, MSG_CLI_HELP_FILE,
                                           MSG_CLI_HELP_DASHBOARD};
    static const enum msg options[] = {MSG_CLI_HELP_OPTIONS, MSG_CLI_HELP_OPTIONS_PICTURE,
                                       MSG_CLI_HELP_OPTIONS_TERMINAL};
    static const enum msg after_keys[] = {MSG_CLI_HELP_ENVIRONMENT, MSG_CLI_HELP_EXIT,
                                          MSG_CLI_HELP_EXAMPLES};
    for (size_t i = 0; i < sizeof before_keys / sizeof *before_keys; i++)
        printf("%s\n", tr(before_keys[i]));
    for (size_t i = 0; i < sizeof options / sizeof *options; i++)
        fputs(tr(options[i]), stdout);
    buf keys;
    buf_init(&keys);
    buf_printf(&keys, "\n%s", tr(MSG_CLI_HELP_KEYS));
    keymap_describe(&keys, app_keymaps, 22);
    buf_putc(&keys, '\n');
    fputs(keys.data, stdout);
    buf_free(&keys);
    for (size_t i = 0; i < sizeof after_keys / sizeof *after_keys; i++)
        printf(i ? "\n%s" : "%s", tr(after_keys[i]));
}

enum {
    OPT_CHECK = 256,
    OPT_DUMP,
    OPT_TAB,
    OPT_SORT,
    OPT_FILTER,
    OPT_OPEN,
    OPT_ASCII,
    OPT_SNAPSHOT,
    OPT_SIZE,
    OPT_THEME,
    OPT_SCALE,
    OPT_OUTLINES,
    OPT_KEYS,
    OPT_NO_MOUSE,
    OPT_LANG,
};

/* A full disk or a closed pipe is an error the user must hear about. */
static int finish_output(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror(tr(MSG_CLI_CANNOT_WRITE));
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}

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

/* The dashboard on the terminal started before the load, starting where the
 * command line says. */
static int run_dashboard(const dataset *ds, const struct dump_options *o, bool ascii,
                         terminal *term)
{
    int st = check_names(ds, o, &term);
    if (st != EXIT_OK)
        return st;
    struct app_options options = {ascii, o->tab, o->sort, o->filter};
    app *a = app_new(ds, &options);
    terminal_run_started(term, a);
    terminal_stop(term);
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

/* Everything the command line says, parsed before anything is loaded. */
struct cli {
    struct dump_options dump;
    bool check, dumping, ascii, sized, themed, scaled, outlines, dark, no_mouse;
    int scale;
    struct pack_request picture; /* --snapshot */
    const char *file;
};

/* WIDTHxHEIGHT, within what a picture can sensibly be. */
static int take_size(struct cli *c, const char *arg)
{
    size_t cut = strcspn(arg, "xX");
    long w = 0, h = 0;
    if (!arg[cut] || !options_number(arg, cut, 1000, &w) ||
        !options_number(arg + cut + 1, strlen(arg + cut + 1), 1000, &h) || w < 1 || h < 1)
        return options_usage_error_msg(MSG_CLI_BAD_SIZE, arg);
    /* a picture of the "terminal too small" notice helps nobody */
    if (w < APP_MIN_WIDTH || h < APP_MIN_HEIGHT || w > BRIEFING_MAX_WIDTH)
        return options_usage_error_msg(MSG_CLI_SIZE_RANGE, w, h, APP_MIN_WIDTH, BRIEFING_MAX_WIDTH,
                                       APP_MIN_HEIGHT);
    c->picture.picture.width = (int)w;
    c->picture.picture.height = (int)h;
    c->sized = true;
    return -1;
}

/* --scale: the PNG's pixels per point; 8 is a poster already. */
static int take_scale(struct cli *c, const char *arg)
{
    long n = 0;
    if (!options_number(arg, strlen(arg), 8, &n) || n < 1)
        return options_usage_error_msg(MSG_CLI_BAD_SCALE, arg);
    c->scale = (int)n;
    c->scaled = true;
    return -1;
}

/* The options of pictures, and the ones that end the program at once. */
static int take_picture_option(struct cli *c, int opt, char **argv)
{
    switch (opt) {
    case OPT_SNAPSHOT:
        c->picture.path = optarg;
        if (!picture_format_of(optarg, &c->picture.picture.format))
            return options_usage_error_msg(MSG_CLI_BAD_SNAPSHOT, optarg);
        break;
    case OPT_SIZE:
        return take_size(c, optarg);
    case OPT_SCALE:
        return take_scale(c, optarg);
    case OPT_OUTLINES:
        c->outlines = true;
        break;
    case OPT_KEYS:
        c->picture.keys = optarg;
        break;
    case OPT_THEME:
        if (strcmp(optarg, "light") && strcmp(optarg, "dark"))
            return options_usage_error_msg(MSG_CLI_BAD_THEME, optarg);
        c->dark = optarg[0] == 'd';
        c->themed = true;
        break;
    case 'h':
        print_usage();
        return finish_output();
    case 'V':
        printf("zjdash %s\n", ZJDASH_VERSION);
        return finish_output();
    case '?':
        if (optopt)
            return options_usage_error_msg(MSG_CLI_UNKNOWN_SHORT_OPTION, optopt);
        return options_usage_error_msg(MSG_CLI_UNKNOWN_OPTION, argv[optind - 1]);
    default:
        return options_usage_error_msg(MSG_CLI_NEEDS_VALUE, argv[optind - 1]);
    }
    return -1;
}

/* Parses one option into cli; returns -1 to go on, or an exit status. */
static int take_option(struct cli *c, int opt, char **argv)
{
    switch (opt) {
    case OPT_CHECK:
        c->check = true;
        break;
    case OPT_DUMP:
        if (!dump_parse_format(optarg, &c->dump.format))
            return options_usage_error_msg(MSG_CLI_BAD_DUMP, optarg);
        c->dumping = true;
        break;
    case OPT_TAB:
        c->dump.tab = optarg;
        break;
    case OPT_SORT:
        c->dump.sort = optarg;
        break;
    case OPT_FILTER:
        c->dump.filter = optarg;
        break;
    case OPT_OPEN:
        if (c->picture.nopens == PACK_MAX_OPENS)
            return options_usage_error_msg(MSG_CLI_TOO_MANY_OPENS, PACK_MAX_OPENS);
        c->dump.open = optarg;
        c->picture.opens[c->picture.nopens++] = optarg;
        break;
    case OPT_ASCII:
        c->ascii = true;
        break;
    case OPT_LANG:
        break; /* taken before the others: see choose_language */
    case OPT_NO_MOUSE:
        c->no_mouse = true;
        break;
    default:
        return take_picture_option(c, opt, argv);
    }
    return -1;
}

/* Options that make no sense together are refused before anything is read. */
static int check_combinations(const struct cli *c)
{
    const struct dump_options *d = &c->dump;
    const struct pack_request *p = &c->picture;
    if (c->check && (c->dumping || d->tab || d->sort || d->filter || d->open))
        return options_usage_error_msg(MSG_CLI_CHECK_ALONE);
    if (p->path && (c->dumping || c->check))
        return options_usage_error_msg(MSG_CLI_SNAPSHOT_ALONE);
    if ((c->sized || c->themed || c->scaled || c->outlines || p->keys) && !p->path)
        return options_usage_error_msg(MSG_CLI_PICTURE_OPTIONS);
    if (c->scaled && p->picture.format != PIC_PNG)
        return options_usage_error_msg(MSG_CLI_SCALE_PNG);
    if (c->outlines && p->picture.format != PIC_SVG)
        return options_usage_error_msg(MSG_CLI_OUTLINES_SVG);
    if (d->open && !c->dumping && !c->check && !p->path)
        return options_usage_error_msg(MSG_CLI_OPEN_NEEDS);
    if (p->nopens > 1 && !p->path)
        return options_usage_error_msg(MSG_CLI_OPEN_ONCE);
    if (d->tab && !strcmp(d->tab, "all") && !p->path)
        return options_usage_error_msg(MSG_CLI_TAB_ALL);
    if (p->keys && (p->nopens > 1 || (d->tab && !strcmp(d->tab, "all"))))
        return options_usage_error_msg(MSG_CLI_KEYS_ONE_PAGE);
    return -1;
}
/* getopt_long over every option; -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct cli *c)
{
    static const struct option options[] = {
        {"check", no_argument, NULL, OPT_CHECK},
        {"dump", required_argument, NULL, OPT_DUMP},
        {"tab", required_argument, NULL, OPT_TAB},
        {"sort", required_argument, NULL, OPT_SORT},
        {"filter", required_argument, NULL, OPT_FILTER},
        {"open", required_argument, NULL, OPT_OPEN},
        {"ascii", no_argument, NULL, OPT_ASCII},
        {"no-mouse", no_argument, NULL, OPT_NO_MOUSE},
        {"lang", required_argument, NULL, OPT_LANG},
        {"snapshot", required_argument, NULL, OPT_SNAPSHOT},
        {"size", required_argument, NULL, OPT_SIZE},
        {"theme", required_argument, NULL, OPT_THEME},
        {"scale", required_argument, NULL, OPT_SCALE},
        {"outlines", no_argument, NULL, OPT_OUTLINES},
        {"keys", required_argument, NULL, OPT_KEYS},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int opt, st;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":hV", options, NULL)) != -1)
        if ((st = take_option(c, opt, argv)) >= 0)
            return st;
    if (argc - optind > 1)
        return options_usage_error_msg(MSG_CLI_EXTRA_FILE, argv[optind + 1]);
    c->file = optind < argc ? argv[optind] : NULL;
    return check_combinations(c);
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

/* What the options left to the format (picture_defaults: a light PNG or PDF
 * at twice the pixels), unless the command line says otherwise. */
static void settle_picture(struct cli *c)
{
    struct picture_options *o = &c->picture.picture;
    int width = o->width, height = o->height;
    picture_defaults(o, o->format);
    o->width = width;
    o->height = height;
    if (c->themed)
        o->theme = c->dark ? SNAP_DARK : SNAP_LIGHT;
    if (c->scaled)
        o->scale = c->scale;
    o->outlines = c->outlines;
    c->picture.ascii = c->ascii;
}

/* Loads and validates first; then one of the four things zjdash does. */
/* The language first, so that every message after it is in that language:
 * --lang (the last one) wins over ZJDASH_LANG, which wins over Chinese. */
static int choose_language(int argc, char **argv)
{
    const char *name = getenv("ZJDASH_LANG"), *from = "ZJDASH_LANG";
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "--lang") && i + 1 < argc)
            name = argv[++i], from = "--lang";
        else if (!strncmp(argv[i], "--lang=", 7))
            name = argv[i] + 7, from = "--lang";
    }
    enum lang l = LANG_ZH;
    if (name && *name && !lang_parse(name, &l))
        return options_usage_error_msg(MSG_CLI_BAD_LANG, from, name);
    lang_set(l);
    return -1;
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
    int chosen = choose_language(argc, argv);
    if (chosen >= 0)
        return chosen;
    struct cli c = {.dump = {.format = DUMP_TXT}};
    c.picture.picture.width = 100;
    c.picture.picture.height = 30;
    int st = parse_args(argc, argv, &c);
    if (st >= 0)
        return st;
    settle_picture(&c);
    bool dashboard = !c.check && !c.dumping && !c.picture.path;
    char err[2048];
    /* Before anything is read: a dashboard that cannot start should say so at once. */
    if (dashboard && !session_possible(err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return EXIT_TERMINAL;
    }
    /* The terminal's own checks (TERM, terminfo) come before the load too;
     * the terminal starts during it, once it takes more than a blink. */
    const char *no_mouse = getenv("ZJDASH_NO_MOUSE");
    struct terminal_options t = {c.ascii, !c.no_mouse && !(no_mouse && *no_mouse)};
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
        st = run_dashboard(ds, &c.dump, c.ascii, w.term);
    } else if (c.picture.path) {
        st = run_snapshot(ds, &c.dump, &c.picture);
    } else {
        st = dump_run(ds, &c.dump, stdout, stderr);
    }
    dataset_free(ds);
    int out = finish_output();
    return end_by_signal(st != EXIT_OK ? st : out);
}

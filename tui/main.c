/* zjdash: the command line. Loads and validates the dataset before anything
 * else happens, then prints what was asked for. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
#include "text.h"
#include "view.h"

#ifndef ZJDASH_VERSION
#define ZJDASH_VERSION "unknown"
#endif

static const char usage_text[] =
    "Usage: zjdash [OPTIONS] [FILE]\n"
    "Explore the figures and initiatives of a report: how Zhanjiang's party\n"
    "organisations in private firms and social organisations help the\n"
    "province's 百县千镇万村高质量发展工程.\n"
    "\n"
    "FILE is a dataset in the format of data/SCHEMA.md; - reads standard input.\n"
    "Without FILE, the built-in dataset (南方日报, 2024-02-01) is used.\n"
    "\n"
    "With no --check or --dump, the dashboard opens on the terminal.\n"
    "\n"
    "Options:\n"
    "  --check               validate the dataset and print a one-line summary\n"
    "                        (or the first error) and nothing else\n"
    "  --dump FORMAT         print the tables without a terminal: txt, csv or json\n"
    "  --tab NAME|N          start on, or print only, this tab: its id, title or\n"
    "                        number (1-4); places (5): the place tree, with its\n"
    "                        counts and money, in the dashboard and in --dump;\n"
    "                        all: every tab, for a --snapshot pack\n"
    "  --sort COLUMN[:desc]  sort by a column's key or label (:asc is the default)\n"
    "  --filter TEXT         only rows that contain TEXT (letters in either case)\n"
    "  --open NAME|ID        print one record, place or organisation and everything\n"
    "                        the report links to it, from every tab (with --dump);\n"
    "                        with --snapshot it may repeat: a page for each\n"
    "  --snapshot FILE       a picture for a briefing, drawn without a terminal:\n"
    "                        .png, .pdf, .svg or .html with a caption, every row\n"
    "                        and the source, no terminal chrome; .txt or .ans: the\n"
    "                        screen as text or ANSI escapes; with --tab, --sort,\n"
    "                        --filter and --open. --tab all: a pack, every tab and\n"
    "                        each --open (a PDF of pages, or FILE-1.png, -2, ...)\n"
    "  --size WxH            the width of a picture in cells, and for .txt and .ans\n"
    "                        the screen's height (default 100x30, at least 60x16)\n"
    "  --scale N             pixels per point of a .png, 1-8 (default 2)\n"
    "  --outlines            a .svg with its text as outlines, for tools without a\n"
    "                        Chinese font\n"
    "  --keys KEYS           for --snapshot: press these keys first, as typed in\n"
    "                        the dashboard (m: what the money is made of)\n"
    "  --theme light|dark    colours of a picture (light for .png and .pdf, dark\n"
    "                        for the others, unless this says otherwise)\n"
    "  --ascii               draw borders, arrows and cut marks in ASCII, for\n"
    "                        terminals that draw them two cells wide\n"
    "  --lang zh|en|auto     the language of the program's own words: Chinese (the\n"
    "                        default), English, or English where LANGUAGE, LC_ALL,\n"
    "                        LC_MESSAGES or LANG names another language; also\n"
    "                        ZJDASH_LANG\n"
    "  --no-mouse            leave the mouse to the terminal (its own text\n"
    "                        selection); also ZJDASH_NO_MOUSE=1\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n";

/* After the keys, which come from the keymaps between the two. */
static const char usage_rest[] =
    "Environment: TERM (terminal type), NO_COLOR (monochrome), ESCDELAY (ms to\n"
    "wait after Esc; 25 unless set), LC_ALL/LC_CTYPE/LANG (the first one set\n"
    "chooses the character set: a UTF-8 locale is used as it is; none, C, POSIX\n"
    "or a UTF-8 locale not installed here becomes C.UTF-8; another is refused),\n"
    "ZJDASH_SNAPSHOT_DIR (where s saves pictures; default the current directory),\n"
    "ZJDASH_SNAPSHOT_FORMAT (what s saves: png, the default, pdf, svg, html, txt\n"
    "or ans),\n"
    "SOURCE_DATE_EPOCH (the dates inside a PDF, for reproducible files).\n"
    "\n"
    "Exit status: 0 success; 1 the dataset is invalid or cannot be read;\n"
    "2 the command line is wrong or names nothing in the dataset;\n"
    "3 the output could not be written; 4 the dashboard cannot run on this\n"
    "terminal (not a terminal: over ssh, use ssh -t; unknown TERM; or a locale\n"
    "with a character set other than UTF-8).\n"
    "\n"
    "Examples:\n"
    "  zjdash --check data/zhanjiang-2024.json\n"
    "  zjdash --dump csv --tab industry --sort money:desc\n"
    "  zjdash --dump txt --open 文章村\n"
    "  zjdash --snapshot industry.png --tab industry --sort money:desc\n"
    "  zjdash --snapshot brief.pdf --tab all --open 文章村 --open 林屋村\n";

/* --help: the options, then the keys from the keymaps the dashboard runs. */
static void print_usage(void)
{
    fputs(usage_text, stdout);
    buf keys;
    buf_init(&keys);
    buf_puts(&keys, "Keys in the dashboard (also under ?):\n");
    keymap_describe(&keys, app_keymaps, 22);
    buf_putc(&keys, '\n');
    fputs(keys.data, stdout);
    buf_free(&keys);
    fputs(usage_rest, stdout);
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
        perror("zjdash: cannot write output");
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}

/* The names on the command line must mean something before a screen is drawn. */
static int check_names(const dataset *ds, const struct dump_options *o)
{
    if (o->tab && strcmp(o->tab, "all") && options_find_tab(ds, o->tab) < 0)
        return options_usage_error("--tab: no tab \"%s\" (give an id, a title, a number, or places)", o->tab);
    if (o->sort) {
        struct sort_spec sort;
        options_parse_sort(o->sort, &sort);
        bool found = options_sort_found(ds, &sort, -1);
        options_free_sort(&sort);
        if (!found)
            return options_usage_error("--sort: no column \"%s\" in any tab", o->sort);
    }
    return EXIT_OK;
}

/* The dashboard on the terminal, starting where the command line says. */
static int run_dashboard(const dataset *ds, const struct dump_options *o,
                         const struct terminal_options *t)
{
    int st = check_names(ds, o);
    if (st != EXIT_OK)
        return st;
    struct app_options options = {t->ascii, o->tab, o->sort, o->filter};
    app *a = app_new(ds, &options);
    char err[512];
    bool ran = terminal_run(a, t, err, sizeof err);
    app_free(a);
    if (!ran) {
        fprintf(stderr, "%s\n", err);
        return EXIT_TERMINAL;
    }
    return EXIT_OK;
}

/* --snapshot: after the names are checked, pack.c draws and writes. */
static int run_snapshot(const dataset *ds, const struct dump_options *o, struct pack_request *r)
{
    int st = check_names(ds, o);
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
    char *end;
    long w = strtol(arg, &end, 10), h = *end == 'x' || *end == 'X' ? strtol(end + 1, &end, 10) : 0;
    if (*end || w < 1 || h < 1 || w > 1000 || h > 1000)
        return options_usage_error("--size: expected WIDTHxHEIGHT such as 120x40, found '%s'", arg);
    /* a picture of the "terminal too small" notice helps nobody */
    if (w < APP_MIN_WIDTH || h < APP_MIN_HEIGHT || w > BRIEFING_MAX_WIDTH)
        return options_usage_error("--size: %ldx%ld is outside what a picture can show; the "
                                   "width is %d to %d and the height at least %d",
                                   w, h, APP_MIN_WIDTH, BRIEFING_MAX_WIDTH, APP_MIN_HEIGHT);
    c->picture.picture.width = (int)w;
    c->picture.picture.height = (int)h;
    c->sized = true;
    return -1;
}

/* --scale: the PNG's pixels per point; 8 is a poster already. */
static int take_scale(struct cli *c, const char *arg)
{
    char *end;
    long n = strtol(arg, &end, 10);
    if (*end || end == arg || n < 1 || n > 8)
        return options_usage_error("--scale: expected a whole number from 1 to 8, found '%s'", arg);
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
            return options_usage_error("--snapshot: '%s' should end in .png, .pdf, .svg, .html, "
                                       ".txt or .ans", optarg);
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
            return options_usage_error("--theme: expected light or dark, found '%s'", optarg);
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
            return options_usage_error("unknown option '-%c'", optopt);
        return options_usage_error("unknown option '%s'", argv[optind - 1]);
    default:
        return options_usage_error("option '%s' needs a value", argv[optind - 1]);
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
            return options_usage_error("--dump: unknown format '%s' (expected txt, csv or json)", optarg);
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
            return options_usage_error("--open: at most %d of them", PACK_MAX_OPENS);
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
        return options_usage_error("%s", "--check prints only the summary: it takes no --dump, "
                                         "--tab, --sort, --filter or --open");
    if (p->path && (c->dumping || c->check))
        return options_usage_error("%s", "--snapshot draws a picture: it takes no --dump or --check");
    if ((c->sized || c->themed || c->scaled || c->outlines || p->keys) && !p->path)
        return options_usage_error("%s", "--size, --theme, --scale, --outlines and --keys are for "
                                         "--snapshot");
    if (c->scaled && p->picture.format != PIC_PNG)
        return options_usage_error("%s", "--scale is for a .png snapshot");
    if (c->outlines && p->picture.format != PIC_SVG)
        return options_usage_error("%s", "--outlines is for a .svg snapshot");
    if (d->open && !c->dumping && !c->check && !p->path)
        return options_usage_error("%s", "--open shows a record or entity: use it with --dump or "
                                         "--snapshot (in the dashboard, press Enter on a row)");
    if (p->nopens > 1 && !p->path)
        return options_usage_error("%s", "--open once with --dump; several are for a --snapshot "
                                         "pack");
    if (d->tab && !strcmp(d->tab, "all") && !p->path)
        return options_usage_error("%s", "--tab all is for a --snapshot pack");
    if (p->keys && (p->nopens > 1 || (d->tab && !strcmp(d->tab, "all"))))
        return options_usage_error("%s", "--keys is for a picture of one page");
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
        return options_usage_error("expected at most one FILE, found also '%s'", argv[optind + 1]);
    c->file = optind < argc ? argv[optind] : NULL;
    return check_combinations(c);
}

/* The dataset named on the command line, standard input, or the built-in one. */
static enum dataset_status load(const char *file, dataset **ds, const char **name, char *err,
                                size_t errlen)
{
    if (!file) {
        *name = "built-in dataset";
        return dataset_load_memory((const char *)zjdash_builtin_data, zjdash_builtin_size, *name,
                                   ds, err, errlen);
    }
    if (!strcmp(file, "-")) {
        *name = "<stdin>";
        return dataset_load_fd(0, *name, ds, err, errlen);
    }
    *name = file;
    return dataset_load_file(file, ds, err, errlen);
}

/* What the options left to the format: a light PNG or PDF at twice the
 * pixels, unless the command line says otherwise; PDF dates from
 * SOURCE_DATE_EPOCH, so a build of a briefing is reproducible. */
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
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    o->epoch = epoch && *epoch ? strtoll(epoch, NULL, 10) : -1;
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
        return options_usage_error("%s: expected zh, en or auto, found '%s'", from, name);
    lang_set(l);
    return -1;
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
    dataset *ds = NULL;
    const char *name;
    if (load(c.file, &ds, &name, err, sizeof err) != DATASET_OK) {
        fprintf(stderr, "%s\n", err);
        return EXIT_DATA;
    }
    if (c.check) {
        dump_summary(ds, name, stdout);
        st = EXIT_OK;
    } else if (dashboard) {
        const char *no_mouse = getenv("ZJDASH_NO_MOUSE");
        struct terminal_options t = {c.ascii, !c.no_mouse && !(no_mouse && *no_mouse)};
        st = run_dashboard(ds, &c.dump, &t);
    } else if (c.picture.path) {
        st = run_snapshot(ds, &c.dump, &c.picture);
    } else {
        st = dump_run(ds, &c.dump, stdout, stderr);
    }
    dataset_free(ds);
    int out = finish_output();
    int sig = dashboard ? terminal_stop_signal() : 0;
    if (sig) { /* the terminal is restored: now end as the signal asked */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    return st != EXIT_OK ? st : out;
}

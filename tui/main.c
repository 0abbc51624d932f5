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
#include "options.h"
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
    "                        counts and money, in the dashboard and in --dump\n"
    "  --sort COLUMN[:desc]  sort by a column's key or label (:asc is the default)\n"
    "  --filter TEXT         only rows that contain TEXT (letters in either case)\n"
    "  --open NAME|ID        print one record, place or organisation and everything\n"
    "                        the report links to it, from every tab (with --dump)\n"
    "  --snapshot FILE       draw the screen without a terminal and save it as FILE;\n"
    "                        .svg, .html, .txt (the screen as text) or .ans (ANSI\n"
    "                        escapes); with --tab, --sort, --filter and --open\n"
    "  --size WxH            the screen size for --snapshot (default 100x30)\n"
    "  --keys KEYS           for --snapshot: press these keys first, as typed in\n"
    "                        the dashboard (m: what the money is made of)\n"
    "  --theme light|dark    colours of an SVG or HTML snapshot (default dark)\n"
    "  --embed-font FONT     carry in SVG and HTML pictures (--snapshot, and s in the\n"
    "                        dashboard) the characters they use from this TrueType\n"
    "                        font (.ttf or .ttc), so they look the same anywhere\n"
    "  --ascii               draw borders, arrows and cut marks in ASCII, for\n"
    "                        terminals that draw them two cells wide\n"
    "  --no-mouse            leave the mouse to the terminal (its own text\n"
    "                        selection); also ZJDASH_NO_MOUSE=1\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n"
    "Environment: TERM (terminal type), NO_COLOR (monochrome), ESCDELAY (ms to\n"
    "wait after Esc; 25 unless set), LC_ALL/LC_CTYPE/LANG (the first one set\n"
    "chooses the character set: a UTF-8 locale is used as it is; none, C, POSIX\n"
    "or a UTF-8 locale not installed here becomes C.UTF-8; another is refused),\n"
    "ZJDASH_SNAPSHOT_DIR (where s saves pictures; default the current directory).\n"
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
    "  zjdash --snapshot industry.svg --tab industry --theme light\n";

/* --help: the options, then the keys from the keymaps the dashboard runs. */
static void print_usage(void)
{
    const char *split = strstr(usage_text, "Environment:");
    fwrite(usage_text, 1, (size_t)(split - usage_text), stdout);
    buf keys;
    buf_init(&keys);
    buf_puts(&keys, "Keys in the dashboard (also under ?):\n");
    keymap_describe(&keys, app_keymaps, 22);
    buf_putc(&keys, '\n');
    fputs(keys.data, stdout);
    buf_free(&keys);
    fputs(split, stdout);
}

/* Arguments are echoed, so the message is sanitised: a file name or option
 * may hold escape sequences. */
static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    buf raw, safe;
    buf_init(&raw);
    buf_init(&safe);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&raw, fmt, ap);
    va_end(ap);
    text_sanitize(&safe, raw.data ? raw.data : "", raw.len);
    fprintf(stderr, "zjdash: %s\n" TRY_HELP, safe.data ? safe.data : "");
    buf_free(&raw);
    buf_free(&safe);
    return EXIT_USAGE;
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
    OPT_EMBED_FONT,
    OPT_KEYS,
    OPT_NO_MOUSE,
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

struct picture {
    const char *path;
    const char *keys;    /* --keys: pressed before the picture is taken */
    enum snapshot_format format;
    enum snapshot_theme theme;
    int width, height;
    unsigned char *font; /* --embed-font's bytes */
    size_t font_len;
};

/* The whole of a (font) file; NULL with errno set if it cannot be read. */
static unsigned char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf b;
    buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&b, chunk, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        buf_free(&b);
        errno = EIO;
        return NULL;
    }
    *len = b.len;
    return (unsigned char *)buf_take(&b);
}

/* The names on the command line must mean something before a screen is drawn. */
static int check_names(const dataset *ds, const struct dump_options *o)
{
    if (o->tab && options_find_tab(ds, o->tab) < 0)
        return usage_error("--tab: no tab \"%s\" (give an id, a title, a number, or places)", o->tab);
    if (o->sort) {
        struct sort_spec sort;
        options_parse_sort(o->sort, &sort);
        bool found = options_sort_found(ds, &sort, -1);
        options_free_sort(&sort);
        if (!found)
            return usage_error("--sort: no column \"%s\" in any tab", o->sort);
    }
    return EXIT_OK;
}

/* The dashboard on the terminal, starting where the command line says. */
static int run_dashboard(const dataset *ds, const struct dump_options *o,
                         const struct terminal_options *t, const struct picture *p)
{
    int st = check_names(ds, o);
    if (st != EXIT_OK)
        return st;
    struct app_options options = {t->ascii, o->tab, o->sort, o->filter};
    app *a = app_new(ds, &options);
    a->picture_font = p->font;
    a->picture_font_len = p->font_len;
    char err[512];
    bool ran = terminal_run(a, t, err, sizeof err);
    app_free(a);
    if (!ran) {
        fprintf(stderr, "%s\n", err);
        return EXIT_TERMINAL;
    }
    return EXIT_OK;
}

/* --keys: each character pressed as in the dashboard, a frame after each,
 * so a picture can show a page that only a key opens (m, ?, p). */
static void press_keys(app *a, grid *g, const char *keys)
{
    for (size_t i = 0, n = keys ? strlen(keys) : 0; i < n && !a->quit;) {
        uint32_t cp;
        size_t len = text_decode(keys + i, n - i, &cp);
        i += len ? len : 1;
        if (len)
            app_key(a, cp);
        app_frame(a, g);
    }
}

/* --snapshot: the screen the dashboard would show, drawn without a terminal. */
static int run_snapshot(const dataset *ds, const struct dump_options *o, const struct picture *p,
                        bool ascii)
{
    int st = check_names(ds, o);
    if (st != EXIT_OK)
        return st;
    link_target target;
    if (o->open) {
        link_target found[8];
        uint32_t n = link_find(ds, o->open, found, 8);
        if (n != 1)
            return usage_error("--open: \"%s\" names %s; --dump txt --open lists what it could be",
                               o->open, n ? "several things" : "nothing");
        target = found[0];
    }
    struct app_options options = {ascii, o->tab, o->sort, o->filter};
    app *a = app_new(ds, &options);
    if (o->open) {
        /* a record opens from its own tab, as it would in the dashboard */
        if (target.kind == LINK_RECORD && !o->tab)
            a->tab = ds->records[target.index].theme;
        app_open(a, target);
    }
    a->picture_font = p->font;
    a->picture_font_len = p->font_len;
    grid g;
    grid_init(&g, p->width, p->height, ascii);
    app_frame(a, &g);
    press_keys(a, &g, p->keys);
    buf out;
    buf_init(&out);
    char why[256];
    if (picture_render(&out, a, &g, p->format, p->theme, why, sizeof why)) {
        buf_free(&out);
        grid_free(&g);
        app_free(a);
        return usage_error("--embed-font: cannot use the font: %s", why);
    }
    int e = snapshot_write(p->path, out.data ? out.data : "", out.len);
    if (e) {
        buf safe;
        buf_init(&safe);
        text_sanitize(&safe, p->path, strlen(p->path));
        fprintf(stderr, "zjdash: cannot save %s: %s\n", safe.data,
                e == EEXIST ? "it exists already (zjdash overwrites nothing; remove it or choose "
                              "another name)"
                            : strerror(e));
        buf_free(&safe);
        st = EXIT_OUTPUT;
    }
    buf_free(&out);
    grid_free(&g);
    app_free(a);
    return st;
}

/* Everything the command line says, parsed before anything is loaded. */
struct cli {
    struct dump_options dump;
    bool check, dumping, ascii, sized, themed, no_mouse;
    struct picture picture;
    const char *font_path;
    const char *file;
};

/* WIDTHxHEIGHT, within what a picture can sensibly be. */
static int take_size(struct cli *c, const char *arg)
{
    char *end;
    long w = strtol(arg, &end, 10), h = *end == 'x' || *end == 'X' ? strtol(end + 1, &end, 10) : 0;
    if (*end || w < 1 || h < 1 || w > 1000 || h > 1000)
        return usage_error("--size: expected WIDTHxHEIGHT such as 120x40, found '%s'", arg);
    c->picture.width = (int)w;
    c->picture.height = (int)h;
    c->sized = true;
    return -1;
}

/* The options of pictures, and the ones that end the program at once. */
static int take_picture_option(struct cli *c, int opt, char **argv)
{
    switch (opt) {
    case OPT_SNAPSHOT:
        c->picture.path = optarg;
        if (!snapshot_format_of(optarg, &c->picture.format))
            return usage_error("--snapshot: '%s' should end in .svg, .html, .txt or .ans", optarg);
        break;
    case OPT_SIZE:
        return take_size(c, optarg);
    case OPT_EMBED_FONT:
        c->font_path = optarg;
        break;
    case OPT_KEYS:
        c->picture.keys = optarg;
        break;
    case OPT_THEME:
        if (strcmp(optarg, "light") && strcmp(optarg, "dark"))
            return usage_error("--theme: expected light or dark, found '%s'", optarg);
        c->picture.theme = optarg[0] == 'l' ? SNAP_LIGHT : SNAP_DARK;
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
            return usage_error("unknown option '-%c'", optopt);
        return usage_error("unknown option '%s'", argv[optind - 1]);
    default:
        return usage_error("option '%s' needs a value", argv[optind - 1]);
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
            return usage_error("--dump: unknown format '%s' (expected txt, csv or json)", optarg);
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
        c->dump.open = optarg;
        break;
    case OPT_ASCII:
        c->ascii = true;
        break;
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
    if (c->check && (c->dumping || d->tab || d->sort || d->filter || d->open))
        return usage_error("%s", "--check prints only the summary: it takes no --dump, --tab, "
                                 "--sort, --filter or --open");
    if (c->picture.path && (c->dumping || c->check))
        return usage_error("%s", "--snapshot draws a picture: it takes no --dump or --check");
    if ((c->sized || c->themed || c->picture.keys) && !c->picture.path)
        return usage_error("%s", "--size, --theme and --keys are for --snapshot");
    if (c->font_path && (c->check || c->dumping))
        return usage_error("%s", "--embed-font is for pictures: --snapshot, or s in the dashboard");
    if (c->font_path && c->picture.path &&
        (c->picture.format == SNAP_TXT || c->picture.format == SNAP_ANS))
        return usage_error("%s", "--embed-font is for .svg and .html snapshots");
    if (d->open && !c->dumping && !c->check && !c->picture.path)
        return usage_error("%s", "--open shows a record or entity: use it with --dump or "
                                 "--snapshot (in the dashboard, press Enter on a row)");
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
        {"snapshot", required_argument, NULL, OPT_SNAPSHOT},
        {"size", required_argument, NULL, OPT_SIZE},
        {"theme", required_argument, NULL, OPT_THEME},
        {"embed-font", required_argument, NULL, OPT_EMBED_FONT},
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
        return usage_error("expected at most one FILE, found also '%s'", argv[optind + 1]);
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

/* Loads and validates first; then one of the four things zjdash does. */
int main(int argc, char **argv)
{
    struct cli c = {.dump = {.format = DUMP_TXT}, .picture = {.format = SNAP_SVG, .theme = SNAP_DARK, .width = 100, .height = 30}};
    int st = parse_args(argc, argv, &c);
    if (st >= 0)
        return st;
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
    if (c.font_path) {
        c.picture.font = read_whole(c.font_path, &c.picture.font_len);
        if (!c.picture.font) {
            dataset_free(ds);
            return usage_error("--embed-font: cannot read %s: %s", c.font_path, strerror(errno));
        }
    }
    if (c.check) {
        dump_summary(ds, name, stdout);
        st = EXIT_OK;
    } else if (dashboard) {
        const char *no_mouse = getenv("ZJDASH_NO_MOUSE");
        struct terminal_options t = {c.ascii, !c.no_mouse && !(no_mouse && *no_mouse)};
        st = run_dashboard(ds, &c.dump, &t, &c.picture);
    } else if (c.picture.path) {
        st = run_snapshot(ds, &c.dump, &c.picture, c.ascii);
    } else {
        st = dump_run(ds, &c.dump, stdout, stderr);
    }
    dataset_free(ds);
    free(c.picture.font);
    int out = finish_output();
    int sig = dashboard ? terminal_stop_signal() : 0;
    if (sig) { /* the terminal is restored: now end as the signal asked */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    return st != EXIT_OK ? st : out;
}

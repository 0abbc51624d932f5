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
#include "screen.h"
#include "snapshot.h"
#include "draw.h"
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
    "                        number (1-4); places (5) for the dashboard's places\n"
    "  --sort COLUMN[:desc]  sort by a column's key or label (:asc is the default)\n"
    "  --filter TEXT         only rows that contain TEXT (letters in either case)\n"
    "  --open NAME|ID        print one record, place or organisation and everything\n"
    "                        the report links to it, from every tab (with --dump)\n"
    "  --snapshot FILE       draw the screen without a terminal and save it as FILE;\n"
    "                        .svg, .html, .txt (the screen as text) or .ans (ANSI\n"
    "                        escapes); with --tab, --sort, --filter and --open\n"
    "  --size WxH            the screen size for --snapshot (default 100x30)\n"
    "  --theme light|dark    colours of an SVG or HTML snapshot (default dark)\n"
    "  --embed-font FONT     carry in SVG and HTML pictures (--snapshot, and s in the\n"
    "                        dashboard) the characters they use from this TrueType\n"
    "                        font (.ttf or .ttc), so they look the same anywhere\n"
    "  --ascii               draw borders, arrows and cut marks in ASCII, for\n"
    "                        terminals that draw them two cells wide\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n"
    "Keys in the dashboard:\n"
    "  1-9 Tab Shift-Tab     switch tab (each keeps its row, sort and filter)\n"
    "  p + -                 the places tree; open or close every place\n"
    "  c                     the chart of headline figures on or off\n"
    "  Up Down j k PgUp PgDn Home End g G   move\n"
    "  Enter Right l         open the row, or the name under the cursor\n"
    "  Esc Left h Backspace  back to where you were (Esc also clears a filter)\n"
    "  < > r                 sort by the previous or next column, reverse it\n"
    "  / n N                 search as you type, next and previous match\n"
    "  f                     show only rows containing text\n"
    "  s t                   save a picture of the screen (SVG); light/dark pictures\n"
    "  ? q Q Ctrl-C          help, back or quit, quit at once\n"
    "\n"
    "Environment: TERM (terminal type), NO_COLOR (monochrome), ESCDELAY (ms to\n"
    "wait after Esc; 25 unless set), LANG/LC_ALL/LC_CTYPE (must be UTF-8),\n"
    "ZJDASH_SNAPSHOT_DIR (where s saves pictures; default the current directory).\n"
    "\n"
    "Exit status: 0 success; 1 the dataset is invalid or cannot be read;\n"
    "2 the command line is wrong or names nothing in the dataset;\n"
    "3 the output could not be written; 4 the dashboard cannot run on this\n"
    "terminal (not a terminal, unknown TERM, or not a UTF-8 locale).\n"
    "\n"
    "Examples:\n"
    "  zjdash --check data/zhanjiang-2024.json\n"
    "  zjdash --dump csv --tab industry --sort money:desc\n"
    "  zjdash --dump txt --open 文章村\n"
    "  zjdash --snapshot industry.svg --tab industry --theme light\n";

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
};

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
    if (o->tab && app_find_tab(ds, o->tab) < 0)
        return usage_error("--tab: no tab \"%s\" (give an id, a title, a number, or places)", o->tab);
    if (o->sort) {
        bool found = false;
        char *name = strdup(o->sort);
        char *colon = name ? strrchr(name, ':') : NULL;
        if (colon && (!strcmp(colon, ":desc") || !strcmp(colon, ":asc")))
            *colon = 0;
        for (uint32_t t = 0; name && t < ds->nthemes && !found; t++)
            found = view_find_column(ds, t, name) >= 0;
        free(name);
        if (!found)
            return usage_error("--sort: no column \"%s\" in any tab", o->sort);
    }
    return EXIT_OK;
}

static int run_dashboard(const dataset *ds, const struct dump_options *o, bool ascii,
                         const struct picture *p)
{
    int st = check_names(ds, o);
    if (st != EXIT_OK)
        return st;
    struct app_options options = {ascii, o->tab, o->sort, o->filter};
    app *a = app_new(ds, &options);
    a->picture_font = p->font;
    a->picture_font_len = p->font_len;
    char err[512];
    bool ran = screen_run(a, ascii, err, sizeof err);
    app_free(a);
    if (!ran) {
        fprintf(stderr, "%s\n", err);
        return EXIT_TERMINAL;
    }
    return EXIT_OK;
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
    grid g;
    grid_init(&g, p->width, p->height, ascii);
    draw_app(a, &g);
    buf title, out;
    buf_init(&title);
    buf_init(&out);
    draw_title(a, &title);
    buf font;
    buf_init(&font);
    char why[256];
    if (p->font && snapshot_font_face(&font, &g, p->font, p->font_len, why, sizeof why)) {
        buf_free(&font);
        buf_free(&title);
        grid_free(&g);
        app_free(a);
        return usage_error("--embed-font: cannot use the font: %s", why);
    }
    snapshot_render(&out, &g, p->format, p->theme, title.data, font.data);
    buf_free(&font);
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
    buf_free(&title);
    buf_free(&out);
    grid_free(&g);
    app_free(a);
    return st;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"check", no_argument, NULL, OPT_CHECK},
        {"dump", required_argument, NULL, OPT_DUMP},
        {"tab", required_argument, NULL, OPT_TAB},
        {"sort", required_argument, NULL, OPT_SORT},
        {"filter", required_argument, NULL, OPT_FILTER},
        {"open", required_argument, NULL, OPT_OPEN},
        {"ascii", no_argument, NULL, OPT_ASCII},
        {"snapshot", required_argument, NULL, OPT_SNAPSHOT},
        {"size", required_argument, NULL, OPT_SIZE},
        {"theme", required_argument, NULL, OPT_THEME},
        {"embed-font", required_argument, NULL, OPT_EMBED_FONT},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct dump_options dump = {.format = DUMP_TXT};
    bool check = false, dumping = false, ascii = false, sized = false, themed = false;
    struct picture picture = {NULL, SNAP_SVG, SNAP_DARK, 100, 30, NULL, 0};
    const char *font_path = NULL;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":hV", options, NULL)) != -1) {
        switch (opt) {
        case OPT_CHECK:
            check = true;
            break;
        case OPT_DUMP:
            if (!dump_parse_format(optarg, &dump.format))
                return usage_error("--dump: unknown format '%s' (expected txt, csv or json)", optarg);
            dumping = true;
            break;
        case OPT_TAB:
            dump.tab = optarg;
            break;
        case OPT_SORT:
            dump.sort = optarg;
            break;
        case OPT_FILTER:
            dump.filter = optarg;
            break;
        case OPT_OPEN:
            dump.open = optarg;
            break;
        case OPT_ASCII:
            ascii = true;
            break;
        case OPT_SNAPSHOT:
            picture.path = optarg;
            if (!snapshot_format_of(optarg, &picture.format))
                return usage_error("--snapshot: '%s' should end in .svg, .html, .txt or .ans", optarg);
            break;
        case OPT_SIZE: {
            char *end;
            long w = strtol(optarg, &end, 10), h = *end == 'x' || *end == 'X' ? strtol(end + 1, &end, 10) : 0;
            if (*end || w < 1 || h < 1 || w > 1000 || h > 1000)
                return usage_error("--size: expected WIDTHxHEIGHT such as 120x40, found '%s'", optarg);
            picture.width = (int)w;
            picture.height = (int)h;
            sized = true;
            break;
        }
        case OPT_EMBED_FONT:
            font_path = optarg;
            break;
        case OPT_THEME:
            if (strcmp(optarg, "light") && strcmp(optarg, "dark"))
                return usage_error("--theme: expected light or dark, found '%s'", optarg);
            picture.theme = optarg[0] == 'l' ? SNAP_LIGHT : SNAP_DARK;
            themed = true;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return finish_output();
        case 'V':
            printf("zjdash %s\n", ZJDASH_VERSION);
            return finish_output();
        case '?':
            if (optopt)
                return usage_error("unknown option '-%c'", optopt);
            return usage_error("unknown option '%s'", argv[optind - 1]);
        case ':':
        default:
            return usage_error("option '%s' needs a value", argv[optind - 1]);
        }
    }
    if (argc - optind > 1)
        return usage_error("expected at most one FILE, found also '%s'", argv[optind + 1]);
    if (check && (dumping || dump.tab || dump.sort || dump.filter || dump.open))
        return usage_error("%s", "--check prints only the summary: it takes no --dump, --tab, "
                                 "--sort, --filter or --open");
    if (picture.path && (dumping || check))
        return usage_error("%s", "--snapshot draws a picture: it takes no --dump or --check");
    if ((sized || themed) && !picture.path)
        return usage_error("%s", "--size and --theme are for --snapshot");
    if (font_path && (check || dumping))
        return usage_error("%s", "--embed-font is for pictures: --snapshot, or s in the dashboard");
    if (font_path && picture.path && (picture.format == SNAP_TXT || picture.format == SNAP_ANS))
        return usage_error("%s", "--embed-font is for .svg and .html snapshots");

    if (dump.open && !dumping && !check && !picture.path)
        return usage_error("%s", "--open shows a record or entity: use it with --dump or "
                                 "--snapshot (in the dashboard, press Enter on a row)");
    const char *file = optind < argc ? argv[optind] : NULL;
    bool dashboard = !check && !dumping && !picture.path;
    char err[2048];
    /* Before anything is read: a dashboard that cannot start should say so at once. */
    if (dashboard && !screen_possible(err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return EXIT_TERMINAL;
    }

    dataset *ds = NULL;
    const char *name;
    enum dataset_status status;
    if (!file) {
        name = "built-in dataset";
        status = dataset_load_memory((const char *)zjdash_builtin_data, zjdash_builtin_size, name, &ds, err,
                                     sizeof err);
    } else if (!strcmp(file, "-")) {
        name = "<stdin>";
        status = dataset_load_fd(0, name, &ds, err, sizeof err);
    } else {
        name = file;
        status = dataset_load_file(file, &ds, err, sizeof err);
    }
    if (status != DATASET_OK) {
        fprintf(stderr, "%s\n", err);
        return EXIT_DATA;
    }
    if (font_path) {
        picture.font = read_whole(font_path, &picture.font_len);
        if (!picture.font) {
            dataset_free(ds);
            return usage_error("--embed-font: cannot read %s: %s", font_path, strerror(errno));
        }
    }
    int st;
    if (check) {
        dump_summary(ds, name, stdout);
        st = EXIT_OK;
    } else if (dashboard) {
        st = run_dashboard(ds, &dump, ascii, &picture);
    } else if (picture.path) {
        st = run_snapshot(ds, &dump, &picture, ascii);
    } else {
        st = dump_run(ds, &dump, stdout, stderr);
    }
    dataset_free(ds);
    free(picture.font);
    int out = finish_output();
    int sig = dashboard ? screen_stop_signal() : 0;
    if (sig) { /* the terminal is restored: now end as the signal asked */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    return st != EXIT_OK ? st : out;
}

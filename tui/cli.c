/* The command line read into struct cli: every option, the language and
 * what makes no sense together, before anything is loaded or a terminal is
 * touched, so that the fuzzer (tests/fuzz/fuzz_cli.c) runs the very parsing
 * zjdash does. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "briefing.h"
#include "buf.h"
#include "keymap.h"
#include "lang.h"
#include "options.h"
#include "picture.h"

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
                                       MSG_CLI_HELP_OPTIONS_CONFIG, MSG_CLI_HELP_OPTIONS_TERMINAL};
    static const enum msg after_keys[] = {MSG_CLI_HELP_ENVIRONMENT, MSG_CLI_HELP_CONFIGURATION,
                                          MSG_CLI_HELP_EXIT, MSG_CLI_HELP_EXAMPLES};
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
    OPT_CONFIG,
    OPT_NO_CONFIG,
    OPT_PRINT_CONFIG,
};

static const struct option long_options[] = {
    {"check", no_argument, NULL, OPT_CHECK},
    {"dump", required_argument, NULL, OPT_DUMP},
    {"tab", required_argument, NULL, OPT_TAB},
    {"sort", required_argument, NULL, OPT_SORT},
    {"filter", required_argument, NULL, OPT_FILTER},
    {"open", required_argument, NULL, OPT_OPEN},
    {"ascii", no_argument, NULL, OPT_ASCII},
    {"no-mouse", no_argument, NULL, OPT_NO_MOUSE},
    {"lang", required_argument, NULL, OPT_LANG},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"no-config", no_argument, NULL, OPT_NO_CONFIG},
    {"print-config", no_argument, NULL, OPT_PRINT_CONFIG},
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

/* A full disk or a closed pipe is an error the user must hear about. */
int cli_finish_output(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror(tr(MSG_CLI_CANNOT_WRITE));
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}
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
        return cli_finish_output();
    case 'V':
        printf("zjdash %s\n", ZJDASH_VERSION);
        return cli_finish_output();
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
    case OPT_CONFIG:
    case OPT_NO_CONFIG:
        break; /* taken before the others: see prescan */
    case OPT_PRINT_CONFIG:
        c->print_config = true;
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
    const struct pack_request *p = &c->picture;
    if (c->check && (c->dumping || d->tab || d->sort || d->filter || d->open))
        return options_usage_error_msg(MSG_CLI_CHECK_ALONE);
    if (p->path && (c->dumping || c->check))
        return options_usage_error_msg(MSG_CLI_SNAPSHOT_ALONE);
    if (c->print_config && (c->dumping || c->check || p->path || c->file))
        return options_usage_error_msg(MSG_CLI_PRINT_CONFIG_ALONE);
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
    int opt, st;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":hV", long_options, NULL)) != -1)
        if ((st = take_option(c, opt, argv)) >= 0)
            return st;
    if (argc - optind > 1)
        return options_usage_error_msg(MSG_CLI_EXTRA_FILE, argv[optind + 1]);
    c->file = optind < argc ? argv[optind] : NULL;
    return check_combinations(c);
}

/* What the options left to the format (picture_defaults: a light PNG or PDF
 * at twice the pixels), unless the command line (or for the theme, the
 * file) says otherwise. */
static void settle_picture(struct cli *c)
{
    struct picture_options *o = &c->picture.picture;
    int width = o->width, height = o->height;
    picture_defaults(o, o->format);
    o->width = width;
    o->height = height;
    if (c->themed)
        o->theme = c->dark ? SNAP_DARK : SNAP_LIGHT;
    else if (c->config.set & 1u << CONFIG_PICTURE_THEME)
        o->theme = c->config.dark_pictures ? SNAP_DARK : SNAP_LIGHT;
    if (c->scaled)
        o->scale = c->scale;
    o->outlines = c->outlines;
    c->picture.ascii = c->ascii;
}

/* What must be known before the other options are read: the language and
 * the configuration file, which every message after them depends on. */
struct prescan {
    const char *lang, *lang_from, *config;
    bool no_config;
};

/* getopt_long itself, quietly, so that an abbreviation (--conf) or an
 * option's value that looks like one (--filter --config) is read as the
 * real parse will read it; the last --lang or --config wins. */
static void prescan(int argc, char **argv, struct prescan *p)
{
    *p = (struct prescan){getenv("ZJDASH_LANG"), "ZJDASH_LANG", NULL, false};
    int opt;
    opterr = 0;
    optind = 0; /* see cli_parse */
    while ((opt = getopt_long(argc, argv, ":hV", long_options, NULL)) != -1) {
        if (opt == OPT_LANG)
            p->lang = optarg, p->lang_from = "--lang";
        else if (opt == OPT_CONFIG)
            p->config = optarg;
        else if (opt == OPT_NO_CONFIG)
            p->no_config = true;
    }
}

/* The language first, so that every message after it is in that language:
 * --lang (the last one) wins over ZJDASH_LANG, which wins over the file
 * (file: NULL before it is read, or when it says none), then Chinese. */
static int choose_language(const struct prescan *p, const struct config *file)
{
    enum lang l = file && (file->set & 1u << CONFIG_LANGUAGE) ? file->language : LANG_ZH;
    if (p->lang && *p->lang && !lang_parse(p->lang, &l))
        return options_usage_error_msg(MSG_CLI_BAD_LANG, p->lang_from, p->lang);
    lang_set(l);
    return -1;
}

/* Not-a-regular-file, as read_file says it (errno values are positive). */
#define NOT_REGULAR (-1)

/* The first CONFIG_MAX_BYTES + 1 bytes of path (one more tells a longer
 * file); 0, or an errno, or NOT_REGULAR. O_NONBLOCK, and fstat again: a
 * file swapped for a FIFO after the stat must not hang the start. */
static int read_file(const char *path, char *text, size_t *len)
{
    struct stat st;
    /* stat first: opening some devices does something (a tape rewinds) */
    if (stat(path, &st) != 0)
        return errno;
    if (!S_ISREG(st.st_mode))
        return NOT_REGULAR;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int e = fstat(fd, &st) != 0 ? errno : !S_ISREG(st.st_mode) ? NOT_REGULAR : 0;
    *len = 0;
    while (!e && *len < CONFIG_MAX_BYTES + 1) {
        ssize_t n = read(fd, text + *len, CONFIG_MAX_BYTES + 1 - *len);
        if (n < 0 && errno != EINTR)
            e = errno;
        else if (n == 0)
            break;
        else if (n > 0)
            *len += (size_t)n;
    }
    close(fd);
    return e;
}

/* Where the file is unless --config says: the XDG base directory spec's
 * place (a relative XDG_CONFIG_HOME is to be ignored), then ~/.config.
 * False when neither can be named. */
static bool default_path(char *out, size_t size)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(out, size, "%s/zjdash/config", xdg);
    else if (home && *home)
        n = snprintf(out, size, "%s/.config/zjdash/config", home);
    else
        return false;
    return n > 0 && (size_t)n < size;
}

/* Reads and parses the file: -1 to go on (with problems kept), or 2 when
 * the file --config names cannot be read. A default file that is not there
 * is no problem; one that is there and cannot be read is one. */
static int read_config(const struct prescan *p, struct cli *c)
{
    if (p->no_config)
        return -1;
    const char *path = p->config;
    if (!path && !default_path(c->config_path, sizeof c->config_path))
        return -1;
    path = path ? path : c->config_path;
    char *text = malloc(CONFIG_MAX_BYTES + 1);
    size_t len = 0;
    int e = text ? read_file(path, text, &len) : ENOMEM;
    if (!e)
        config_parse(text, len, &c->config, &c->problems);
    free(text);
    const char *why = e == NOT_REGULAR ? tr(MSG_CLI_CONFIG_NOT_FILE) : e ? strerror(e) : NULL;
    if (e && p->config)
        return options_usage_error_msg(MSG_CLI_CONFIG_CANNOT_READ, why, path);
    if (e == ENOENT || e == ENOTDIR)
        return -1;
    if (e) {
        struct config_problem *q = &c->problems.first[0];
        *q = (struct config_problem){.kind = CONFIG_UNREADABLE};
        snprintf(q->what, sizeof q->what, "%s", why);
        c->problems.count = 1;
    }
    c->config_file = path;
    return -1;
}

/* FILE:LINE: expected ..., each on a line of standard error. */
static void say_problems(const struct cli *c)
{
    if (!c->problems.count)
        return;
    buf lines;
    buf_init(&lines);
    config_describe(&lines, c->config_file, &c->problems);
    fputs(lines.data, stderr);
    buf_free(&lines);
}

/* Copies what fits; an environment variable longer than a field is cut. */
static void set_text(char *field, size_t size, const char *value)
{
    snprintf(field, size, "%s", value);
}

/* The environment over the file, the command line over both: what
 * --print-config prints, and what main uses. */
static void settle_config(struct cli *c, const struct prescan *pre)
{
    struct config *f = &c->config;
    const char *e;
    unsigned chosen = 0;
    f->language = lang_get();
    if (pre->lang && *pre->lang)
        chosen |= 1u << CONFIG_LANGUAGE;
    if ((e = getenv("NO_COLOR")) && *e)
        f->colour = false, chosen |= 1u << CONFIG_COLOUR;
    if (((e = getenv("ZJDASH_NO_MOUSE")) && *e) || c->no_mouse)
        f->mouse = false, chosen |= 1u << CONFIG_MOUSE;
    if ((e = getenv("ZJDASH_SNAPSHOT_DIR")) && *e) {
        set_text(f->picture_folder, sizeof f->picture_folder, e);
        chosen |= 1u << CONFIG_PICTURE_FOLDER;
    }
    char name[32];
    if ((e = getenv("ZJDASH_SNAPSHOT_FORMAT")) && *e && strlen(e) < 16) {
        snprintf(name, sizeof name, "x.%s", e);
        if (picture_format_of(name, &f->picture_format)) /* s says it, when wrong */
            chosen |= 1u << CONFIG_PICTURE_FORMAT;
    }
    if ((e = getenv("ZJDASH_COPY_TO_FILE")) && *e)
        f->copy_to_file = strcmp(e, "0") != 0, chosen |= 1u << CONFIG_COPY;
    if (c->ascii)
        f->ascii = true, chosen |= 1u << CONFIG_ASCII;
    c->ascii = f->ascii;
    if (c->dump.tab) {
        set_text(f->tab, sizeof f->tab, c->dump.tab);
        chosen |= 1u << CONFIG_TAB;
    }
    if (c->dump.sort) {
        set_text(f->sort, sizeof f->sort, c->dump.sort);
        chosen |= 1u << CONFIG_SORT;
    }
    f->set |= chosen;
}

static int print_config(const struct cli *c)
{
    buf out;
    buf_init(&out);
    config_print(&out, &c->config, c->config_file);
    fputs(out.data, stdout);
    buf_free(&out);
    return cli_finish_output();
}

int cli_parse(int argc, char **argv, struct cli *c)
{
    *c = (struct cli){.dump = {.format = DUMP_TXT}};
    struct prescan pre;
    prescan(argc, argv, &pre);
    /* the command line's own language, for a mistake about the file */
    int st = choose_language(&pre, NULL);
    if (st >= 0)
        return st;
    if (pre.config && pre.no_config)
        return options_usage_error_msg(MSG_CLI_CONFIG_ALONE);
    config_defaults(&c->config);
    if ((st = read_config(&pre, c)) >= 0 || (st = choose_language(&pre, &c->config)) >= 0)
        return st;
    c->picture.picture.width = 100;
    c->picture.picture.height = 30;
    /* 0, not 1: glibc and musl then forget what an earlier parse left half
     * done (a cluster of short options), so that a second parse in one
     * process reads argv from its start as the first did */
    optind = 0;
    st = parse_args(argc, argv, c);
    if (st >= 0)
        return st; /* a refusal is one line; --help and --version are all there is */
    say_problems(c);
    settle_config(c, &pre);
    settle_picture(c);
    return c->print_config ? print_config(c) : -1;
}

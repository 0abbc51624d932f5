#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang.h"
#include "text.h"

static const char *const key_names[CONFIG_NKEYS] = {
    [CONFIG_LANGUAGE] = "language",     [CONFIG_PICTURE_THEME] = "picture-theme",
    [CONFIG_PICTURE_FORMAT] = "picture-format", [CONFIG_PICTURE_FOLDER] = "picture-folder",
    [CONFIG_MOUSE] = "mouse",           [CONFIG_ASCII] = "ascii",
    [CONFIG_COLOUR] = "colour",         [CONFIG_TAB] = "tab",
    [CONFIG_SORT] = "sort",             [CONFIG_CSV_BOM] = "csv-bom",
    [CONFIG_COPY] = "copy",
};

/* What a problem says a key takes: the values as they are written. */
static const char *const key_values[CONFIG_NKEYS] = {
    [CONFIG_LANGUAGE] = "zh, en",       [CONFIG_PICTURE_THEME] = "light, dark",
    [CONFIG_PICTURE_FORMAT] = "png, pdf, svg, html, txt, ans",
    [CONFIG_MOUSE] = "on, off",         [CONFIG_ASCII] = "on, off",
    [CONFIG_COLOUR] = "on, off",        [CONFIG_CSV_BOM] = "on, off",
    [CONFIG_COPY] = "terminal, file",
};

static const char *const format_names[] = {[PIC_SVG] = "svg", [PIC_HTML] = "html",
                                           [PIC_TXT] = "txt", [PIC_ANS] = "ans",
                                           [PIC_PNG] = "png", [PIC_PDF] = "pdf"};

const char *config_key_name(enum config_key k)
{
    return key_names[k];
}

const char *config_format_name(enum picture_format f)
{
    return format_names[f];
}

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof *c);
    c->language = LANG_ZH;
    c->picture_format = PIC_PNG;
    c->mouse = true;
    c->colour = true;
}

/* ---- one line ---- */

/* A value as the parser holds it: a piece of the file's text. */
struct piece {
    const char *s;
    size_t n;
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static struct piece trim(struct piece p)
{
    while (p.n && is_space(p.s[0]))
        p.s++, p.n--;
    while (p.n && is_space(p.s[p.n - 1]))
        p.n--;
    return p;
}

/* Keys as the man page writes them. */
static bool piece_is(struct piece p, const char *word)
{
    return strlen(word) == p.n && !memcmp(p.s, word, p.n);
}

/* A value's word in either case: btop writes True, many a hand writes On. */
static bool word_is(struct piece p, const char *word)
{
    return strlen(word) == p.n && !strncasecmp(p.s, word, p.n);
}

static void note(struct config_problems *p, enum config_problem_kind kind, unsigned line,
                 enum config_key key, struct piece what)
{
    if (p->count < CONFIG_SHOWN_PROBLEMS) {
        struct config_problem *q = &p->first[p->count];
        q->kind = kind;
        q->line = line;
        q->key = key;
        size_t n = what.n < sizeof q->what - 1 ? what.n : sizeof q->what - 1;
        memcpy(q->what, what.s, n);
        q->what[n] = 0;
    }
    if (p->count < UINT32_MAX)
        p->count++;
}

/* Booleans as people write them in other programs' files. */
static int boolean_of(struct piece v)
{
    static const char *const yes[] = {"on", "yes", "true", "1"}, *const no[] = {"off", "no", "false", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (word_is(v, yes[i]))
            return 1;
        if (word_is(v, no[i]))
            return 0;
    }
    return -1;
}

/* One of words (NULL-ended): its index, or -1. */
static int choice_of(struct piece v, const char *const *words, int n)
{
    for (int i = 0; i < n; i++)
        if (words[i] && word_is(v, words[i]))
            return i;
    return -1;
}

/* What the terminal would act on or hide (control characters, invalid
 * UTF-8, direction overrides, invisible characters) would reach it through
 * --print-config: a value that text_sanitize would change is refused,
 * whatever its key. */
static bool safe_text(struct piece v)
{
    buf shown;
    buf_init(&shown);
    text_sanitize(&shown, v.s, v.n);
    bool same = shown.len == v.n && (!v.n || !memcmp(shown.data, v.s, v.n));
    buf_free(&shown);
    return same;
}

/* A text value into its field; false when it does not fit. The rest of the
 * field is cleared, so that two configurations that say the same are the
 * same bytes (the fuzzer compares them so). */
static bool take_text(char *field, size_t size, struct piece v)
{
    if (v.n >= size)
        return false;
    memset(field, 0, size);
    memcpy(field, v.s, v.n);
    return true;
}

/* The value of key k into c; false when it is not one k takes. */
static bool take_choice(struct config *c, enum config_key k, struct piece v)
{
    static const char *const langs[] = {"zh", "en"}, *const themes[] = {"light", "dark"},
                             *const copies[] = {"terminal", "file"};
    int i = -1;
    switch (k) {
    case CONFIG_LANGUAGE:
        if ((i = choice_of(v, langs, 2)) >= 0)
            c->language = i ? LANG_EN : LANG_ZH;
        break;
    case CONFIG_PICTURE_THEME:
        if ((i = choice_of(v, themes, 2)) >= 0)
            c->dark_pictures = i;
        break;
    case CONFIG_PICTURE_FORMAT:
        if ((i = choice_of(v, format_names, sizeof format_names / sizeof *format_names)) >= 0)
            c->picture_format = (enum picture_format)i;
        break;
    case CONFIG_COPY:
        if ((i = choice_of(v, copies, 2)) >= 0)
            c->copy_to_file = i;
        break;
    default: {
        bool *flags[CONFIG_NKEYS] = {[CONFIG_MOUSE] = &c->mouse, [CONFIG_ASCII] = &c->ascii,
                                     [CONFIG_COLOUR] = &c->colour, [CONFIG_CSV_BOM] = &c->csv_bom};
        if ((i = boolean_of(v)) >= 0)
            *flags[k] = i;
    }
    }
    return i >= 0;
}

static void take_value(struct config *c, enum config_key k, struct piece v, unsigned line,
                       struct config_problems *p)
{
    struct piece none = {"", 0};
    if (!safe_text(v)) {
        note(p, CONFIG_NOT_TEXT, line, k, none);
        return;
    }
    bool ok;
    if (k == CONFIG_PICTURE_FOLDER || k == CONFIG_TAB || k == CONFIG_SORT) {
        char *field = k == CONFIG_TAB ? c->tab : k == CONFIG_SORT ? c->sort : c->picture_folder;
        size_t size = k == CONFIG_PICTURE_FOLDER ? sizeof c->picture_folder : sizeof c->tab;
        if (!take_text(field, size, v)) {
            note(p, CONFIG_TOO_LONG, line, k, none);
            return;
        }
        ok = true;
    } else if (!(ok = take_choice(c, k, v))) {
        note(p, CONFIG_BAD_VALUE, line, k, v);
    }
    if (ok)
        c->set |= 1u << k;
}

/* key = value, spaces around either trimmed; a value in double quotes keeps
 * the spaces inside them. */
static void parse_line(struct piece l, unsigned line, struct config *c, struct config_problems *p)
{
    l = trim(l);
    if (!l.n || l.s[0] == '#')
        return;
    const char *eq = memchr(l.s, '=', l.n);
    struct piece key = trim((struct piece){l.s, eq ? (size_t)(eq - l.s) : 0});
    if (!eq || !key.n) {
        note(p, CONFIG_NO_EQUALS, line, CONFIG_LANGUAGE, (struct piece){"", 0});
        return;
    }
    struct piece v = trim((struct piece){eq + 1, l.n - (size_t)(eq + 1 - l.s)});
    if (v.n >= 2 && v.s[0] == '"' && v.s[v.n - 1] == '"')
        v = (struct piece){v.s + 1, v.n - 2};
    int k = -1;
    for (int i = 0; i < CONFIG_NKEYS && k < 0; i++)
        k = piece_is(key, key_names[i]) ? i : -1;
    if (k < 0 && piece_is(key, "color"))
        k = CONFIG_COLOUR; /* the spelling of NO_COLOR and most programs */
    if (k < 0)
        note(p, CONFIG_UNKNOWN_KEY, line, CONFIG_LANGUAGE, key);
    else
        take_value(c, (enum config_key)k, v, line, p);
}

void config_parse(const char *text, size_t len, struct config *out, struct config_problems *p)
{
    size_t end = len;
    if (len > CONFIG_MAX_BYTES) {
        /* a line cut in two would be read as another value: it goes whole */
        const char *nl = NULL;
        for (size_t i = CONFIG_MAX_BYTES; i > 0 && !nl; i--)
            if (text[i - 1] == '\n')
                nl = text + i - 1;
        end = nl ? (size_t)(nl - text) + 1 : 0;
    }
    unsigned line = 1;
    for (size_t at = 0; at < end; line++) {
        const char *nl = memchr(text + at, '\n', end - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : end - at;
        size_t cut = n && text[at + n - 1] == '\r' ? n - 1 : n; /* CRLF, as Windows editors save */
        parse_line((struct piece){text + at, cut}, line, out, p);
        at += n + 1;
    }
    if (end < len)
        note(p, CONFIG_TOO_BIG, line, CONFIG_LANGUAGE, (struct piece){"", 0});
}

/* ---- what is said ---- */

/* Every key's name, for the message about one that is none of them. */
static void all_keys(buf *out)
{
    for (int k = 0; k < CONFIG_NKEYS; k++)
        buf_printf(out, "%s%s", k ? ", " : "", key_names[k]);
}

static void describe_one(buf *out, const char *file_name, const struct config_problem *q)
{
    buf raw, keys;
    buf_init(&raw);
    buf_init(&keys);
    const char *key = key_names[q->key];
    switch (q->kind) {
    case CONFIG_NO_EQUALS:
        lang_printf(&raw, MSG_CLI_CONFIG_NO_EQUALS, file_name, q->line);
        break;
    case CONFIG_UNKNOWN_KEY:
        all_keys(&keys);
        lang_printf(&raw, MSG_CLI_CONFIG_UNKNOWN_KEY, file_name, q->line, keys.data, q->what);
        break;
    case CONFIG_BAD_VALUE:
        lang_printf(&raw, MSG_CLI_CONFIG_BAD_VALUE, file_name, q->line, key, key_values[q->key], q->what);
        break;
    case CONFIG_NOT_TEXT:
        lang_printf(&raw, MSG_CLI_CONFIG_NOT_TEXT, file_name, q->line, key);
        break;
    case CONFIG_TOO_LONG:
        lang_printf(&raw, MSG_CLI_CONFIG_TOO_LONG, file_name, q->line, key,
                    q->key == CONFIG_PICTURE_FOLDER ? CONFIG_PATH_MAX - 1 : CONFIG_NAME_MAX - 1);
        break;
    case CONFIG_TOO_BIG:
        lang_printf(&raw, MSG_CLI_CONFIG_TOO_BIG, file_name, q->line, CONFIG_MAX_BYTES / 1024);
        break;
    case CONFIG_UNREADABLE:
        lang_printf(&raw, MSG_CLI_CONFIG_UNREADABLE, file_name, q->what);
        break;
    }
    /* the file's name and its bytes may hold anything */
    text_sanitize(out, raw.data ? raw.data : "", raw.len);
    buf_free(&raw);
    buf_free(&keys);
}

void config_describe(buf *out, const char *file_name, const struct config_problems *p)
{
    unsigned shown = p->count < CONFIG_SHOWN_PROBLEMS ? p->count : CONFIG_SHOWN_PROBLEMS;
    for (unsigned i = 0; i < shown; i++) {
        describe_one(out, file_name, &p->first[i]);
        buf_putc(out, '\n');
    }
    if (p->count > shown) {
        lang_printf(out, MSG_CLI_CONFIG_MORE, p->count - shown);
        buf_putc(out, '\n');
    }
    buf_puts(out, "");
}

void config_describe_first(buf *out, const char *file_name, const struct config_problems *p)
{
    if (p->count)
        describe_one(out, file_name, &p->first[0]);
    buf_puts(out, "");
}

/* ---- the file's own format ---- */

/* Quoted when the quotes are needed to read it back: spaces at an edge, or
 * quotes at both ends that the parser would take off. */
static void print_value(buf *out, const char *value)
{
    struct piece v = {value, strlen(value)};
    buf safe;
    buf_init(&safe);
    if (!safe_text(v)) {
        text_sanitize(&safe, v.s, v.n);
        v = (struct piece){safe.data, safe.len};
    }
    bool quote = v.n && (is_space(v.s[0]) || is_space(v.s[v.n - 1]) ||
                         (v.n >= 2 && v.s[0] == '"' && v.s[v.n - 1] == '"'));
    if (v.n)
        buf_putc(out, ' ');
    if (quote)
        buf_putc(out, '"');
    buf_put(out, v.s, v.n);
    if (quote)
        buf_putc(out, '"');
    buf_free(&safe);
}

void config_print(buf *out, const struct config *c, const char *file_name)
{
    buf name;
    buf_init(&name);
    if (file_name) {
        text_sanitize(&name, file_name, strlen(file_name));
        lang_printf(out, MSG_CLI_CONFIG_HEADER_FILE, name.data);
    } else {
        buf_puts(out, tr(MSG_CLI_CONFIG_HEADER_NONE));
    }
    buf_free(&name);
    const char *values[CONFIG_NKEYS] = {
        [CONFIG_LANGUAGE] = c->language == LANG_EN ? "en" : "zh",
        [CONFIG_PICTURE_THEME] = c->dark_pictures ? "dark" : "light",
        [CONFIG_PICTURE_FORMAT] = format_names[c->picture_format],
        [CONFIG_PICTURE_FOLDER] = c->picture_folder,
        [CONFIG_MOUSE] = c->mouse ? "on" : "off",
        [CONFIG_ASCII] = c->ascii ? "on" : "off",
        [CONFIG_COLOUR] = c->colour ? "on" : "off",
        [CONFIG_TAB] = c->tab,
        [CONFIG_SORT] = c->sort,
        [CONFIG_CSV_BOM] = c->csv_bom ? "on" : "off",
        [CONFIG_COPY] = c->copy_to_file ? "file" : "terminal",
    };
    for (int k = 0; k < CONFIG_NKEYS; k++) {
        /* a default nobody chose stays one when the text is used as a file:
         * a theme written out would fix --snapshot's, which differs by format */
        buf_printf(out, "%s%s =", c->set & 1u << k ? "" : "# ", key_names[k]);
        print_value(out, values[k]);
        buf_putc(out, '\n');
    }
}

void config_expand_folder(buf *out, const char *folder)
{
    const char *home = getenv("HOME");
    if (!*folder)
        buf_puts(out, ".");
    else if (!strncmp(folder, "~/", 2) && home && *home)
        buf_printf(out, "%s/%s", home, folder + 2);
    else
        buf_puts(out, folder);
}

/* ---- the configuration in use ---- */

static struct config in_use;
static bool used;

void config_use(const struct config *c)
{
    in_use = *c;
    used = true;
}

const struct config *config_in_use(void)
{
    if (!used) {
        struct config d;
        config_defaults(&d);
        config_use(&d);
    }
    return &in_use;
}

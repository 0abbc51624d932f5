/* po2c: the message catalogues (po/LANG.po, in the .po form translators
 * know) made into C tables built into the binary, because gettext shows
 * nothing under C.UTF-8, the only locale many servers have.
 *
 *   po2c header OUT.h  ZH.po... -- EN.po...   the enum of message keys
 *   po2c source OUT.c  ZH.po... -- EN.po...   the strings of each language
 *
 * A language may come in several files (one per part of the program while
 * it is being translated); together they are its catalogue.
 *
 * A msgid is a key (status.row, kind.village); each msgstr is that
 * language's words. A key missing from either catalogue, an empty msgstr, a
 * key twice, or a key that is not [a-z0-9_.] stops the build with
 * FILE:LINE: what is wrong. Reads only the .po files; writes only OUT. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ENTRIES 2048
#define MAX_TEXT 8192

struct entry {
    char *key, *text;
    const char *path;
    int line;
    int max_width; /* "#. max N": the most cells the words may take, or 0 */
};

struct catalogue {
    const char *name; /* for messages: the first file */
    struct entry entries[MAX_ENTRIES];
    int n;
};

static void die(const char *path, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: ", path, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* The text of "..." at p, escapes undone, appended to out. */
static void take_string(const char *path, int line, const char *p, char *out, size_t *len)
{
    while (isspace((unsigned char)*p))
        p++;
    if (*p++ != '"')
        die(path, line, "expected a string in double quotes");
    for (; *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\') {
            c = *++p;
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
            if (c != '\\' && c != '"' && c != '\n' && c != '\t')
                die(path, line, "unknown escape \\%c", *p);
        }
        if (*len + 1 >= MAX_TEXT)
            die(path, line, "a string longer than %d bytes", MAX_TEXT);
        out[(*len)++] = c;
    }
    if (*p != '"')
        die(path, line, "a string without its closing quote");
    out[*len] = 0;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

/* One file's entries, added to the catalogue. */
static void read_file(struct catalogue *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die(path, 0, "cannot be read");
    char raw[MAX_TEXT], text[MAX_TEXT];
    char *key = NULL;
    size_t len = 0;
    int line = 0, key_line = 0, max = 0;
    enum { NONE, ID, STR } in = NONE;
    for (;;) {
        bool eof = !fgets(raw, sizeof raw, f);
        line++;
        bool continues = !eof && raw[strspn(raw, " \t")] == '"';
        if (in == STR && !continues) {
            if (*key && !len)
                die(path, key_line, "%s has no words", key);
            if (c->n == MAX_ENTRIES)
                die(path, line, "more than %d messages", MAX_ENTRIES);
            if (*key) /* an empty key is the header: how the file is encoded, for editors */
                c->entries[c->n++] = (struct entry){key, strdup(text), path, key_line, max};
            else
                free(key);
            key = NULL;
            max = 0;
            in = NONE;
        }
        if (eof)
            break;
        if (continues && in == ID)
            die(path, line, "a key is one line");
        if (continues && in == STR) {
            take_string(path, line, raw, text, &len);
        } else if (!strncmp(raw, "#. max ", 7)) {
            max = atoi(raw + 7);
        } else if (!strncmp(raw, "msgid ", 6)) {
            len = 0;
            take_string(path, line, raw + 6, text, &len);
            for (const char *k = text; *k; k++)
                if (!islower((unsigned char)*k) && !isdigit((unsigned char)*k) && *k != '_' &&
                    *k != '.')
                    die(path, line, "a key is a-z, 0-9, _ and . only: \"%s\"", text);
            key = strdup(text);
            key_line = line;
            in = ID;
        } else if (!strncmp(raw, "msgstr ", 7)) {
            if (in != ID)
                die(path, line, "msgstr without its msgid");
            len = 0;
            take_string(path, line, raw + 7, text, &len);
            in = STR;
        } else if (raw[0] != '#' && raw[strspn(raw, " \t\r\n")] != 0) {
            die(path, line, "expected msgid, msgstr, a string or a comment");
        }
    }
    fclose(f);
}

/* The catalogue's entries from all its files, sorted by key. */
static void read_catalogue(struct catalogue *c, char **files, int n)
{
    c->name = files[0];
    for (int i = 0; i < n; i++)
        read_file(c, files[i]);
    qsort(c->entries, (size_t)c->n, sizeof *c->entries, by_key);
    for (int i = 1; i < c->n; i++)
        if (!strcmp(c->entries[i].key, c->entries[i - 1].key))
            die(c->entries[i].path, c->entries[i].line, "%s is there twice (%s:%d too)",
                c->entries[i].key, c->entries[i - 1].path, c->entries[i - 1].line);
}

/* Both catalogues say every key: a key in one only is an error in the other. */
static void check_same_keys(const struct catalogue *a, const struct catalogue *b)
{
    int i = 0, j = 0;
    while (i < a->n || j < b->n) {
        int cmp = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->entries[i].key, b->entries[j].key);
        if (cmp < 0)
            die(b->name, 0, "%s is missing (%s:%d has it)", a->entries[i].key,
                a->entries[i].path, a->entries[i].line);
        if (cmp > 0)
            die(a->name, 0, "%s is missing (%s:%d has it)", b->entries[j].key,
                b->entries[j].path, b->entries[j].line);
        i++, j++;
    }
}

/* MSG_STATUS_ROW for status.row. */
static void put_name(FILE *out, const char *key)
{
    fputs("MSG_", out);
    for (; *key; key++)
        fputc(*key == '.' ? '_' : toupper((unsigned char)*key), out);
}

static void put_c_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else if (*s == '\n')
            fputs("\\n", out);
        else if (*s == '\t')
            fputs("\\t", out);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

static void write_header(FILE *out, const struct catalogue *c)
{
    fputs("/* Made by tools/po2c from the catalogues in po/: do not edit. */\n"
          "#ifndef ZJDASH_CATALOG_H\n#define ZJDASH_CATALOG_H\n\nenum msg {\n", out);
    for (int i = 0; i < c->n; i++) {
        fputs("    ", out);
        put_name(out, c->entries[i].key);
        fputs(",\n", out);
    }
    fputs("    MSG_COUNT\n};\n\n"
          "/* By language (enum lang), then by message. */\n"
          "extern const char *const catalog_text[2][MSG_COUNT];\n"
          "/* The keys, sorted: catalog_key[m] is m's msgid. */\n"
          "extern const char *const catalog_key[MSG_COUNT];\n\n#endif\n",
          out);
}

static void write_source(FILE *out, const struct catalogue *const langs[2])
{
    fputs("/* Made by tools/po2c from the catalogues in po/: do not edit. */\n#include \"catalog.h\"\n\n"
          "const char *const catalog_text[2][MSG_COUNT] = {\n",
          out);
    for (int l = 0; l < 2; l++) {
        fputs("    {\n", out);
        for (int i = 0; i < langs[l]->n; i++) {
            fputs("        ", out);
            put_c_string(out, langs[l]->entries[i].text);
            fputs(",\n", out);
        }
        fputs("    },\n", out);
    }
    fputs("};\n\nconst char *const catalog_key[MSG_COUNT] = {\n", out);
    for (int i = 0; i < langs[0]->n; i++) {
        fputs("    ", out);
        put_c_string(out, langs[0]->entries[i].key);
        fputs(",\n", out);
    }
    fputs("};\n", out);
}

static struct catalogue zh, en;

int main(int argc, char **argv)
{
    int split = 3;
    while (split < argc && strcmp(argv[split], "--"))
        split++;
    if (argc < 6 || split == 3 || split >= argc - 1 ||
        (strcmp(argv[1], "header") && strcmp(argv[1], "source"))) {
        fprintf(stderr, "usage: po2c header|source OUT ZH.po... -- EN.po...\n");
        return 2;
    }
    read_catalogue(&zh, argv + 3, split - 3);
    read_catalogue(&en, argv + split + 1, argc - split - 1);
    check_same_keys(&zh, &en);
    FILE *out = fopen(argv[2], "w");
    if (!out)
        die(argv[2], 0, "cannot be written");
    if (!strcmp(argv[1], "header"))
        write_header(out, &zh);
    else
        write_source(out, (const struct catalogue *const[2]){&zh, &en});
    if (fclose(out) != 0)
        die(argv[2], 0, "cannot be written");
    return 0;
}

/* The configuration file ($XDG_CONFIG_HOME/zjdash/config): `key = value`
 * lines, read by a pure parser (no I/O, no globals) so that the fuzzer
 * (tests/fuzz/fuzz_config.c) runs the very parsing zjdash does; what the
 * environment and the command line say is laid over it by cli.c. */
#ifndef ZJDASH_CONFIG_H
#define ZJDASH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "lang.h"
#include "picture_format.h"

/* The first 64 KiB of a file are read: nobody writes a longer one by hand. */
#define CONFIG_MAX_BYTES 65536
#define CONFIG_PATH_MAX 4096 /* a picture-folder */
#define CONFIG_NAME_MAX 256  /* a tab, a sort */
/* Problems printed; the rest are counted in one line. */
#define CONFIG_SHOWN_PROBLEMS 20

/* The keys in the order of the man page and of --print-config. */
enum config_key {
    CONFIG_LANGUAGE,
    CONFIG_PICTURE_THEME,
    CONFIG_PICTURE_FORMAT,
    CONFIG_PICTURE_FOLDER,
    CONFIG_MOUSE,
    CONFIG_ASCII,
    CONFIG_COLOUR,
    CONFIG_TAB,
    CONFIG_SORT,
    CONFIG_CSV_BOM,
    CONFIG_COPY,
    CONFIG_NKEYS
};

struct config {
    enum lang language;
    bool dark_pictures;
    enum picture_format picture_format;
    char picture_folder[CONFIG_PATH_MAX]; /* "": the current folder; ~/ is $HOME */
    bool mouse, ascii, colour;
    char tab[CONFIG_NAME_MAX], sort[CONFIG_NAME_MAX]; /* "": the first tab, no sort */
    bool csv_bom;
    bool copy_to_file;
    unsigned set; /* 1 << key for each key a file set: a default is no choice */
};

enum config_problem_kind {
    CONFIG_NO_EQUALS,   /* a line that is no key = value */
    CONFIG_UNKNOWN_KEY, /* what: the key */
    CONFIG_BAD_VALUE,   /* key, what: the value */
    CONFIG_NOT_TEXT,    /* key: control characters or invalid UTF-8 in the value */
    CONFIG_TOO_LONG,    /* key: a value longer than its field */
    CONFIG_TOO_BIG,     /* the file passed CONFIG_MAX_BYTES at this line */
    CONFIG_UNREADABLE,  /* line 0, what: why the file could not be read */
};

struct config_problem {
    enum config_problem_kind kind;
    unsigned line;
    enum config_key key;
    char what[96]; /* the key or value as written, cut; raw: sanitised when said */
};

/* Where a file went wrong: the first CONFIG_SHOWN_PROBLEMS, and how many. */
struct config_problems {
    struct config_problem first[CONFIG_SHOWN_PROBLEMS];
    unsigned count;
};

/* The defaults: Chinese, light pictures in PNG here, mouse and colour on,
 * Unicode borders, the first tab unsorted, no BOM, copies by OSC 52. */
void config_defaults(struct config *c);
/* Reads len bytes of text (no NUL needed) over what out holds already: a
 * later line wins over an earlier one. A line that is wrong is left out and
 * kept in problems (count only grows) by line and kind, not as words: the
 * language the words are in may be the file's own, known only at its end. */
void config_parse(const char *text, size_t len, struct config *out, struct config_problems *problems);

/* The problems as lines of "FILE:LINE: expected ...", in the language set,
 * sanitised, at most CONFIG_SHOWN_PROBLEMS of them and then one line that
 * counts the rest; each ends in a newline. */
void config_describe(buf *out, const char *file_name, const struct config_problems *p);
/* The first problem alone, without its newline: for the status line. */
void config_describe_first(buf *out, const char *file_name, const struct config_problems *p);

/* c in the file's own format, a key a line in enum config_key's order, after
 * a comment naming file_name (NULL: no file was read); read back, it gives
 * the same c. A value from outside the file (the environment) that is not
 * safe text is written sanitised. */
void config_print(buf *out, const struct config *c, const char *file_name);

/* A key's name and the name of a picture format, as the file writes them. */
const char *config_key_name(enum config_key k);
const char *config_format_name(enum picture_format f);
/* A picture-folder as it is used: a leading ~/ is $HOME (and stays ~/ when
 * HOME is unset); "" is ".". */
void config_expand_folder(buf *out, const char *folder);

/* What the dashboard's keys read when the environment says nothing (s's
 * format and folder, e's and --dump csv's BOM, y's file), set once by main
 * from the file it read; the defaults until then. A small module-level
 * setting rather than a field of the app, so that picture.c, copy.c and
 * dump.c need no new argument. */
void config_use(const struct config *c);
const struct config *config_in_use(void);

#endif

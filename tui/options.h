/* What the command line names in a dataset: a tab, a sort. The dashboard,
 * the dumps and the pictures read these the same way. */
#ifndef ZJDASH_OPTIONS_H
#define ZJDASH_OPTIONS_H

#include <stdbool.h>

#include "dataset.h"
#include "lang.h"

struct sort_spec {
    char *column;    /* a column's key or label; malloc'ed */
    bool descending;
};

/* A theme by id, title or number, or "places" (or the number after the
 * themes): its index, nthemes for the places; -1 if none. */
int options_find_tab(const dataset *ds, const char *name);
/* COLUMN, COLUMN:asc or COLUMN:desc. */
void options_parse_sort(const char *spec, struct sort_spec *out);
void options_free_sort(struct sort_spec *s);
/* Whether the sort's column is in some theme (or in theme only, if only >= 0). */
bool options_sort_found(const dataset *ds, const struct sort_spec *s, int only);

/* A number as the command line takes one: the n bytes of s are decimal
 * digits, with no sign, space or leading zero, and the number is at most
 * max. strtol would take " 10", "+10" and "0010" too. */
bool options_number(const char *s, size_t n, long max, long *out);

/* A wrong command line: "zjdash: " and the message, sanitised, on standard
 * error, with where to look; returns EXIT_USAGE. */
int options_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, in the language set: message m of the catalogues, a format. */
int options_usage_error_msg(enum msg m, ...);

#endif

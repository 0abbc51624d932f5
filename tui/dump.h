/* Batch output: what the dashboard shows, printed as text, CSV or JSON without
 * opening a terminal. */
#ifndef ZJDASH_DUMP_H
#define ZJDASH_DUMP_H

#include <stdio.h>

#include "dataset.h"
#include "places.h"
#include "lang.h"

enum dump_format { DUMP_TXT, DUMP_CSV, DUMP_JSON };

struct dump_options {
    enum dump_format format;
    const char *tab;    /* NULL: every tab */
    const char *sort;   /* COLUMN or COLUMN:desc / COLUMN:asc */
    const char *filter;
    const char *open;   /* NAME or ID of a record or entity */
};

/* Exit statuses, shared with main. */
enum {
    EXIT_OK = 0,
    EXIT_DATA = 1,   /* the dataset is invalid or cannot be read */
    EXIT_USAGE = 2,  /* the command line is wrong, or names nothing in the dataset */
    EXIT_OUTPUT = 3, /* the output could not be written */
    EXIT_TERMINAL = 4, /* the dashboard cannot run on this terminal */
};

/* The line after every complaint about the command line, in the language
 * set; it names the command to run in both. */
#define TRY_HELP tr(MSG_CLI_TRY_HELP)

bool dump_parse_format(const char *s, enum dump_format *out);
/* Writes the dump to out; problems with the options go to err as one line.
 * Returns an exit status. */
int dump_run(const dataset *ds, const struct dump_options *o, FILE *out, FILE *err);
/* The CSV of one tab's view, its sort, filter and every column, byte for
 * byte what --dump csv with the same --tab, --sort and --filter prints. */
struct view;
void dump_view_csv(FILE *out, const dataset *ds, struct view *v);
/* The CSV of the places tree's rows as they are (those open, in their
 * order): with every place open and in the file's order, byte for byte what
 * --dump csv --tab places prints. */
void dump_places_csv(FILE *out, const dataset *ds, const places *p);
/* The one-line summary of --check. */
void dump_summary(const dataset *ds, const char *name, FILE *out);

#endif

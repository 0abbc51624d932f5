/* --snapshot: the pictures the command line asks for, drawn without a
 * terminal. One page (the tab, or an opened record or entity, after --keys),
 * or a briefing pack with --tab all: every theme's table, the places opened
 * to the counties, then the page of each --open. A PDF holds the pack in one
 * file; other formats write one numbered file a page (brief-1.png, ...). */
#ifndef ZJDASH_PACK_H
#define ZJDASH_PACK_H

#include <stdbool.h>

#include "dataset.h"
#include "picture.h"

#define PACK_MAX_OPENS 32

struct pack_request {
    const char *path;                  /* where; the extension says the format */
    const char *keys;                  /* --keys: pressed first (one page only) */
    const char *tab, *sort, *filter;   /* tab "all": the pack */
    const char *opens[PACK_MAX_OPENS]; /* --open, in order */
    int nopens;
    bool ascii;
    struct picture_options picture;
};

/* Whether the request asks for every tab. */
bool pack_is_all(const struct pack_request *r);
/* Draws and writes; returns an exit status (EXIT_OK, EXIT_USAGE with the
 * message on standard error, EXIT_OUTPUT when a file cannot be written). */
int pack_run(const dataset *ds, const struct pack_request *r);

#endif

/* What each format of --dump provides (dump_txt.c, dump_csv.c, dump_json.c)
 * and the little they share. dump.c chooses what to print; a format file
 * only says how. Only the dump files include this. */
#ifndef ZJDASH_DUMP_FORMATS_H
#define ZJDASH_DUMP_FORMATS_H

#include <stdbool.h>
#include <stdio.h>

#include "dataset.h"
#include "link.h"
#include "places.h"
#include "total.h"
#include "view.h"

struct dump_format_ops {
    /* the tabs chosen (NULL where a tab is left out); whole: every tab is */
    void (*views)(FILE *out, const dataset *ds, view *const *views, bool whole);
    /* --open: one record or entity */
    void (*open)(FILE *out, const dataset *ds, link_target target);
    /* --tab places: the tree, every place open */
    void (*places)(FILE *out, const dataset *ds, const places *p);
};

extern const struct dump_format_ops dump_txt, dump_csv, dump_json;

/* Text from the data, sanitised on its way out. */
void dump_put_safe(FILE *out, const char *s);
/* Numbers, money and dates align right and are not cut. */
bool dump_numeric(const column *c);
/* A place's name, or the row of the records that name none. */
const char *dump_place_name(const dataset *ds, uint32_t place);
/* How a total was made, and a figure's role in it, as the dumps spell them. */
const char *dump_total_how(enum total_how how);
const char *dump_total_role(enum total_role role);

#endif

/* What a record, entity or help page says, as lines: text, a style, an
 * indent, what Enter on the line opens and a note for the right margin. The
 * same lines are drawn by the dashboard and printed by --dump txt --open, so
 * the two cannot say different things about one record. */
#ifndef ZJDASH_DOC_H
#define ZJDASH_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "dataset.h"
#include "grid.h"
#include "lang.h"
#include "link.h"

struct line {
    char *text;           /* sanitised */
    enum style style;
    int indent;
    bool opens;           /* Enter on it opens target */
    link_target target;
    char *aside;          /* shown at the right: kind, totals; or NULL */
};

typedef struct doc {
    struct line *lines;
    long n;
    size_t cap;
    int width;            /* lines are wrapped to this; DOC_UNWRAPPED: never */
    bool ascii;           /* separators in ASCII */
    bool still;           /* for a picture: nothing opens there, so no line names a key */
} doc;

#define DOC_UNWRAPPED 0

void doc_init(doc *d, int width, bool ascii);
void doc_free(doc *d);
struct line *doc_add(doc *d, const char *text, enum style style, int indent);
void doc_blank(doc *d);
void doc_heading(doc *d, const char *text);
/* A line that opens a record or entity; aside may be NULL or "". */
void doc_link(doc *d, const char *text, int indent, link_target target, const char *aside);
/* Text as as many lines as the width takes; lines after the first start hang
 * cells further in. */
void doc_wrap(doc *d, const char *text, enum style style, int indent, int hang);
/* The first line that opens something, or -1. */
long doc_first_link(const doc *d);
/* Prints the lines as plain text: indent, text, and the aside in brackets. */
void doc_print(const doc *d, buf *out);

/* Separators that the ASCII look replaces. */
const char *doc_dot(const doc *d);   /* " · " */
const char *doc_crumb(const doc *d); /* " › " */

/* A figure as a page shows it: a date as a reader writes it (2023年9月,
 * Sep 2023), any other as the report gives it. */
void doc_figure_text(buf *out, const dataset *ds, uint32_t figure);
/* "1 record", "51 records" (51 条记录). */
void doc_records(buf *out, uint32_t n);

/* A name's kind, for the right margin: 村, 党支部 (village, party branch). */
void doc_entity_aside(buf *out, const doc *d, const dataset *ds, uint32_t entity);

/* The pages themselves. */
void doc_record(doc *d, const dataset *ds, uint32_t record);
void doc_entity(doc *d, const dataset *ds, uint32_t entity);
/* The records no place is named for: recs, with their money. */
void doc_unplaced(doc *d, const dataset *ds, const uint32_t *recs, uint32_t n);
/* What the money total of records is made of: the number shown, then every
 * figure with its words, counted or left out, and why. */
void doc_money(doc *d, const dataset *ds, const uint32_t *recs, uint32_t n, const char *what);
/* An entity's chain from the outermost place down to itself, whole;
 * malloc'ed. */
uint32_t *doc_path_ids(const dataset *ds, uint32_t entity, uint32_t *n);
/* That chain as names joined by sep. */
void doc_path(buf *out, const dataset *ds, uint32_t entity, const char *sep);

#endif

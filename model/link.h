/* Drill-down and totals: from a record to the entities it names, from an
 * entity to every record that names it (for a place: it, the places inside it
 * and the organisations in any of them), and sums of money that stay honest
 * about "about" and "over". */
#ifndef ZJDASH_LINK_H
#define ZJDASH_LINK_H

#include <stdint.h>

#include "dataset.h"
#include "value.h"

/* Records that name entity e itself, in the report's order. */
const uint32_t *link_named_by(const dataset *ds, uint32_t e, uint32_t *n);
/* What lies directly inside a place: places, then organisations, in file order. */
const uint32_t *link_children(const dataset *ds, uint32_t e, uint32_t *n);
/* The entities a record names, in column order, each once. *out is malloc'ed. */
uint32_t link_record_entities(const dataset *ds, uint32_t rec, uint32_t **out);
/* Every record about an entity, in the report's order, each once: for a place
 * those naming it, a place inside it, or an organisation in any of them. */
uint32_t link_entity_records(const dataset *ds, uint32_t e, uint32_t **out);
/* The places from the outermost down to e itself (an organisation's chain
 * ends with its place, then itself). Returns how many; fills at most max. */
uint32_t link_path(const dataset *ds, uint32_t e, uint32_t *out, uint32_t max);

/* The distinct figures of a unit that the records name in their money and
 * count columns, in index order. Returns how many; *out is malloc'ed. */
uint32_t link_record_figures(const dataset *ds, const uint32_t *recs, uint32_t n, uint8_t unit,
                             uint32_t **out);
/* Sorts indices and drops repeats; returns how many are left. */
uint32_t link_unique(uint32_t *a, uint32_t n);

enum link_kind { LINK_RECORD, LINK_ENTITY };
typedef struct link_target {
    enum link_kind kind;
    uint32_t index;
} link_target;

/* What a name on the command line means: an id of a record or entity; else
 * those whose name is exactly it; else those whose name contains it. Returns
 * how many there are, filling at most max (entities before records). */
uint32_t link_find(const dataset *ds, const char *name, link_target *out, uint32_t max);

#endif

/* The places of a dataset as a tree to open and close: 湛江市, its counties,
 * towns and villages, the places the report does not locate, and a last row
 * for the records that name no place at all. Each place carries the number of
 * records about it by theme and the money they name (a place counts what is
 * said of it, of the places inside it, and of organisations in any of them). */
#ifndef ZJDASH_PLACES_H
#define ZJDASH_PLACES_H

#include <stdbool.h>
#include <stdint.h>

#include "dataset.h"
#include "total.h"
#include "value.h"

/* The row of the records no place is named for. */
#define PLACES_UNPLACED NONE

typedef struct place_row {
    uint32_t place;    /* a place, or PLACES_UNPLACED */
    uint32_t depth;
    bool open;
    bool has_children;
} place_row;

struct place_stats {
    uint32_t total;     /* records */
    total money;        /* honest: never adds amounts that may overlap (model/total.h);
                           the number only, no items: total_of_records of places_records has them */
};

typedef struct places {
    const dataset *ds;
    uint32_t *counts;   /* (nentities + 1) x nthemes; the last row is the unplaced records' */
    struct place_stats *stats; /* nentities + 1 */
    uint32_t *unplaced; /* records that name no place, nor an organisation that has one */
    uint32_t nunplaced;
    uint32_t *records, *record_start; /* each place's records, from record_start[place] */
    uint32_t *filled;   /* while they are listed */
    uint8_t *open;      /* by place */
    place_row *rows;    /* what is shown, in order */
    uint32_t nrows;
    int sort_column;    /* see places_column_count; -1: the file's order */
    bool descending;
} places;

places *places_new(const dataset *ds);
void places_free(places *p);

/* Columns: 0 the name, 1..nthemes the records of each theme, then all
 * records, then money. */
static inline uint32_t places_column_count(const places *p)
{
    return p->ds->nthemes + 3;
}
#define PLACES_COLUMN_NAME 0
/* The columns after the themes' move with their number: named, not counted. */
static inline uint32_t places_column_total(const places *p)
{
    return p->ds->nthemes + 1;
}
/* As places_column_total: the money column, named. */
static inline uint32_t places_column_money(const places *p)
{
    return p->ds->nthemes + 2;
}

/* The unplaced records have a row of their own, kept after the entities' rows. */
/* The records a place counts (of the places inside it and of organisations
 * in any of them too), or the unplaced ones, each once, in the file's order. */
const uint32_t *places_records(const places *p, uint32_t place, uint32_t *n);
static inline const struct place_stats *places_stats(const places *p, uint32_t place)
{
    return &p->stats[place == PLACES_UNPLACED ? p->ds->nentities : place];
}
/* One theme's records in a place, from the table counted once when the places were made. */
static inline uint32_t places_count(const places *p, uint32_t place, uint32_t theme_index)
{
    uint32_t row = place == PLACES_UNPLACED ? p->ds->nentities : place;
    return p->counts[(size_t)row * p->ds->nthemes + theme_index];
}

/* Opens or closes a place (its row stays where the cursor is). */
void places_set_open(places *p, uint32_t place, bool open);
void places_open_all(places *p, bool open);
/* Opens every place less deep than depth and closes the rest: 1 shows the
 * top places and what lies in them (湛江市 and its counties), as at first. */
void places_open_to_depth(places *p, int depth);
/* Sorts the places among their siblings; the unplaced row stays last. */
void places_sort(places *p, int by, bool descending);
/* The row showing an place, or -1 when it is inside a closed place. */
long places_find(const places *p, uint32_t place);
/* Opens the places around an place so that it has a row; returns the row. */
long places_reveal(places *p, uint32_t place);

#endif

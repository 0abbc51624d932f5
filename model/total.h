/* Totals that a briefing can quote: figures of different kinds are never
 * added, figures that may overlap are never added (the largest is shown, with
 * how many more were named), and an honest sum is no more precise than its
 * least precise part (约3.1亿, never 约3.067亿). Every figure considered keeps
 * its role, so a screen can show what a total is made of and what was left
 * out, and why. */
#ifndef ZJDASH_TOTAL_H
#define ZJDASH_TOTAL_H

#include <stdbool.h>
#include <stdint.h>

#include "dataset.h"

/* Why a figure is, or is not, in the number shown. */
enum total_role {
    TOTAL_COUNTED,    /* added in (or the one figure shown) */
    TOTAL_OVERLAPS,   /* of the shown kind, but it may overlap another: not added */
    TOTAL_OTHER_KIND, /* another kind of money (or an unknown kind): never added to it */
};

struct total_item {
    uint32_t figure;
    enum total_role role;
};

enum total_how {
    TOTAL_EMPTY,   /* no figure */
    TOTAL_ONE,     /* one figure of the shown kind: the report's own number */
    TOTAL_SUM,     /* a sum of disjoint figures of one kind: computed */
    TOTAL_LARGEST, /* figures that may overlap: the largest (of equals, the first
                      in the file), and nmore others */
};

typedef struct total {
    enum total_how how;
    uint8_t unit;         /* enum unit of every figure considered (of none: yuan, or the unit asked) */
    uint8_t kind;         /* enum figure_kind of the number shown: the kind whose number is
                             largest (of equals, the first of enum figure_kind) */
    int64_t value;        /* the number shown; a sum rounded to its least precise part (past
                             INT64_MAX: the most it can say, at_least) */
    uint8_t qualifier;    /* enum qualifier of the number shown */
    uint32_t nmore;       /* TOTAL_LARGEST: the other named amounts that may overlap */
    uint32_t other_kinds; /* kinds of figure left out as another kind */
    struct total_item *items; /* every figure considered, counted ones first; malloc'ed */
    uint32_t nitems;
} total;

/* The total of distinct figures of one unit (duplicates are counted once). */
void total_of_figures(total *t, const dataset *ds, const uint32_t *figs, uint32_t n);
/* The total of the figures of a unit that the records name. */
void total_of_records(total *t, const dataset *ds, const uint32_t *recs, uint32_t n, uint8_t unit);
/* total_of_records' number and how it is made, without its items (nitems 0). */
void total_number_of_records(total *t, const dataset *ds, const uint32_t *recs, uint32_t n, uint8_t unit);
/* A total owns its items only. */
void total_free(total *t);

#endif

/* The dataset in memory: one report's figures, entities and themes, as
 * model/load.h reads and validates them from the JSON format of
 * data/SCHEMA.md. Read-only once loaded.
 *
 * Strings live once each in one pool and are named by their offset (str_ref);
 * everything that points at something else holds its index. */
#ifndef ZJDASH_DATASET_H
#define ZJDASH_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "value.h"

typedef uint32_t str_ref;
#define NONE UINT32_MAX

enum column_type { COL_TEXT, COL_REFS, COL_MONEY, COL_COUNT, COL_DATE };

enum entity_type { ENTITY_PLACE, ENTITY_ORG };

/* What kind of number a figure is (data/SCHEMA.md, "kind"): totals add only
 * figures of one kind. UNKNOWN is a figure without the member: never added to
 * anything. */
enum figure_kind {
    FIGURE_KIND_UNKNOWN = 0,
    FIGURE_KIND_INVESTMENT, /* 投入: money put into projects, construction */
    FIGURE_KIND_DONATION,   /* 捐资捐物, 捐赠: money and goods given */
    FIGURE_KIND_INCOME,     /* 收入, 增收: what people earn */
    FIGURE_KIND_OUTPUT,     /* 产值, 销售额: value produced or sold */
    FIGURE_KIND_FUNDING,    /* 补贴, 奖补, 扶持资金: money granted */
    FIGURE_KIND_OTHER,
};
#define FIGURE_KIND_COUNT 7

/* How deep places may nest: the report's run from the city to a village's
 * group in five; a tree far deeper is a mistake, and every walk of it (the
 * places tab, a page's path, the dumps' indentation) would pay for it. */
#define DATASET_MAX_PLACE_DEPTH 32

typedef struct figure {
    int64_t value;       /* yuan, persons, person-times, items; a date as YYYYMMDD (00 for an absent part) */
    str_ref id, label, measure, quote; /* measure is NONE for the unit's own */
    int32_t theme;       /* -1: the report as a whole */
    uint8_t unit, qualifier;
    uint8_t kind;        /* enum figure_kind */
    bool headline;
} figure;

/* How one figure relates to another, as the report says (part_of: 其中) or
 * leaves open (overlaps: a city-wide total and one firm's amount, 先后). */
enum figure_relation {
    REL_PART_OF,  /* this figure is part of the other */
    REL_HAS_PART, /* the other is part of this one */
    REL_OVERLAPS, /* the two may overlap */
};

/* One relation as the file gives it: figure lists other (defined before it)
 * in its part_of (REL_PART_OF) or overlaps (REL_OVERLAPS). */
typedef struct figure_pair {
    uint32_t figure, other;
    uint8_t how;
} figure_pair;

/* One relation seen from one of its figures: the other figure, and how this
 * one relates to it. */
typedef struct figure_link {
    uint32_t figure;
    uint8_t how; /* enum figure_relation */
} figure_link;

typedef struct entity {
    str_ref id, name, kind; /* kind may be NONE */
    uint32_t parent;        /* a place's parent place, an organisation's place; or NONE */
    uint8_t type;
} entity;

typedef struct column {
    str_ref key, label;
    uint8_t type, unit;     /* unit: of the figures in a money, count or date column */
} column;

typedef struct theme {
    str_ref id, title, heading; /* heading may be NONE */
    column *columns;
    uint32_t ncolumns;
    uint32_t first_record, nrecords;
    uint32_t first_figure, nfigures;
    /* nrecords x ncolumns cells: a str_ref for text, a figure index for money,
     * count and date, an offset into dataset.refs for refs; NONE when empty. */
    uint32_t *cells;
} theme;

typedef struct record {
    str_ref id, name, quote;
    uint32_t theme;
} record;

typedef struct dataset {
    char *strings;
    size_t strings_len;

    struct {
        str_ref title, publisher, published;
        str_ref *section;
        uint32_t nsection;
    } meta;

    figure *figures;
    uint32_t nfigures;
    uint32_t report_first_figure, report_nfigures;

    entity *entities;
    uint32_t nentities;

    theme *themes;
    uint32_t nthemes;

    record *records;
    uint32_t nrecords;

    /* refs cells: a count n, then n entity indices */
    uint32_t *refs;
    size_t nrefs;

    /* Drill-down indexes, each a list per entity: records[start[e]..start[e+1]). */
    uint32_t *named_start, *named_by;       /* records that name the entity */
    uint32_t *child_start, *children;       /* places inside a place, organisations in it */

    /* Each figure as shown (约1.3亿元), NUL-terminated, made at load time so
     * that a filter searches figures like any other text: formatting a million
     * of them on the first filter took longer than the filter may. */
    char *figure_text;
    size_t figure_text_len;
    uint32_t *figure_at; /* by figure: offset of its text in figure_text */

    /* Relations between figures: the pairs in the order the file lists them,
     * and each figure's, both ways, links[link_start[f]..link_start[f+1]),
     * made at load time (both NULL when the file has none). */
    figure_pair *relations;
    uint32_t nrelations;
    uint32_t *link_start;
    figure_link *links;

    /* id -> (kind, index): see dataset_find_id */
    uint32_t *id_slots;
    uint32_t id_mask;
} dataset;

/* Everything the dataset holds, and the dataset itself; NULL is let through. */
void dataset_free(dataset *ds);

/* NONE (an optional text left out) reads as "", so that showing a string needs no test. */
static inline const char *ds_str(const dataset *ds, str_ref s)
{
    return s == NONE ? "" : ds->strings + s;
}

enum id_kind { ID_NONE, ID_THEME, ID_FIGURE, ID_ENTITY, ID_RECORD };
/* What an id names: its kind, and its index in the matching array. */
enum id_kind dataset_find_id(const dataset *ds, const char *id, uint32_t *index);

/* A theme by id, title or number (1 for the first); -1 if none. */
int dataset_find_theme(const dataset *ds, const char *name);

/* Cells are stored by theme, in one array each: find a record's without knowing how. */
static inline uint32_t ds_cell(const dataset *ds, uint32_t rec, uint32_t col)
{
    const theme *t = &ds->themes[ds->records[rec].theme];
    return t->cells[(size_t)(rec - t->first_record) * t->ncolumns + col];
}

/* A figure as it is shown: 约1.3亿元, 4,170人, 2024-02-01. */
static inline const char *ds_figure_text(const dataset *ds, uint32_t fig)
{
    return ds->figure_text + ds->figure_at[fig];
}

/* A column type as the file spells it: text, refs, money, count, date. */
const char *column_type_name(enum column_type t);

/* A figure's kind as the file spells it (investment, donation, ...);
 * "unknown" for FIGURE_KIND_UNKNOWN, which the file spells by leaving kind out. */
const char *figure_kind_name(enum figure_kind k);
/* The loader takes a kind only as the file spells it ("unknown" is not one). */
bool figure_kind_parse(const char *s, enum figure_kind *out);

/* Whether the file relates figures a and b (part_of or overlaps, either way). */
bool dataset_figures_related(const dataset *ds, uint32_t a, uint32_t b);
/* Every relation of figure f, seen from f, in the order the file gives them
 * (those f lists, and those that list f); *n how many. */
const figure_link *dataset_figure_relations(const dataset *ds, uint32_t f, uint32_t *n);

#endif

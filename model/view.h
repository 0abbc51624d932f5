/* A theme's table as the user sees it: its records as a sorted, filtered
 * permutation of indices (the records themselves are never copied), with
 * search. Rows that tie in a sort are in the report's order. */
#ifndef ZJDASH_VIEW_H
#define ZJDASH_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "dataset.h"

struct total; /* model/total.h; not included, so that `total` stays free as a name */

/* What a screen derives from every row shown (a chart's figures and scales),
 * kept in the view until which rows are shown changes: made and released by its owner. */
struct view_memo {
    uint64_t version; /* the set_version it was made from; 0: never made */
    void *data;
    void (*release)(void *data);
};

typedef struct view {
    const dataset *ds;
    uint32_t theme;
    uint32_t total;      /* records in the theme */
    uint32_t *order;     /* every record of the theme (dataset indices), sorted */
    uint32_t *rows;      /* those that pass the filter, in the same order */
    uint32_t nrows;
    int sort_column;     /* -1: the report's order */
    bool descending;
    char *filter;        /* NULL: none */
    uint8_t *passes;     /* by record - theme's first record */
    uint8_t *figure_bits; /* a filter's marks of figures, kept for the next */
    char *figure_chars;   /* what figures are shown with (view.c); NULL until a filter */
    bool figures_any;     /* ... or figures have too many measure words to tell */
    uint32_t *name_rank; /* by entity, its name's place in pinyin order; NULL until a sort needs it */
    uint64_t **text_keys; /* by column, each record's pinyin sort key (two words) of a text
                             column, made at the column's first sort; NULL until then */
    char *search_text;   /* the last search of many rows, and the records it marked */
    uint8_t *search_hits;
    /* Bumped whenever the rows shown change (a filter, a sort): whatever is
     * derived from all of them is made again only then, never per frame. */
    uint64_t version;
    /* Bumped only when which rows are shown changes (or the filter comes on
     * or off): totals and charts do not depend on the order, and a sort of a
     * million rows should not add them up again. */
    uint64_t set_version;
    struct total *money;    /* view_money's with a filter on, made at money_version */
    uint64_t money_version;
    struct total *money_all; /* view_money's without one: every row, made once */
    unsigned long money_made; /* how often: a frame on an unchanged view adds none */
    struct view_memo chart; /* tui/chart.c's */
    unsigned long filter_examined; /* records the last filter tested: a longer needle
                                      tests only the rows the shorter one kept */
} view;

view *view_new(const dataset *ds, uint32_t theme);
void view_free(view *v);

/* The money total of the rows shown (total_number_of_records in yuan: no
 * items), made once per set of rows: the table's heading asks at every frame. */
const struct total *view_money(view *v);
/* Whether view_money has its answer already, for the rows shown now. */
bool view_money_made(const view *v);
/* The records of the rows shown, in the file's order rather than the sort's:
 * for what depends on which rows are shown and not on their order. Malloc'ed. */
uint32_t *view_rows_in_file_order(const view *v, uint32_t *n);

/* Sorts by a column (-1: the report's order), numbers by value, money by yuan,
 * dates by date, text in pinyin order (model/pinyin.h), lists of places and
 * organisations by their names; empty cells last whichever the direction,
 * rows that tie in the report's order whatever the sort was before. */
void view_sort(view *v, int by, bool descending);
/* Keeps the rows in which some column contains text (ASCII letters match
 * either case; letters also match Chinese by pinyin, see view_text_match);
 * NULL or "" shows every row again. A text that extends the filter before
 * (typing one more character) tests only the rows that one kept. */
void view_filter(view *v, const char *text);
/* The next row after `from` (or before it, with dir < 0) whose record contains
 * text, wrapping around; -1 if none does. from may be -1 to start at the top. */
long view_search(view *v, const char *text, long from, int dir);

/* Where text finds s: as a substring (ASCII letters in either case), or for
 * a needle of letters, by pinyin (lwc finds 林屋村); the bytes of s it covers. */
bool view_text_match(const char *s, const char *text, size_t *from, size_t *to);
/* Whether a record contains text in any of its theme's columns, as shown. */
bool view_record_contains(const dataset *ds, uint32_t rec, const char *text);
/* Appends a cell as it is shown: text, names joined by 、, figures as 约1.3亿元. */
void view_cell_text(buf *out, const dataset *ds, uint32_t rec, uint32_t col);
/* Appends a figure as it is shown. */
void view_figure_text(buf *out, const dataset *ds, uint32_t fig);

/* A column by key or label, or -1. */
int view_find_column(const dataset *ds, uint32_t theme, const char *name);

/* A table's order and filter by name rather than index, so that the same
 * table can be made of another dataset (a reload): the theme's id, the sort
 * column's key (NULL: the report's order), the filter (NULL: none). */
struct view_spec {
    char *theme_id, *column_key, *filter;
    bool descending;
};
/* What v shows, as a spec (its strings malloc'ed). */
void view_spec_of(const view *v, struct view_spec *out);
void view_spec_free(struct view_spec *s);
/* Whether v shows what s says, on whichever dataset v is of. */
bool view_spec_shown(const view *v, const struct view_spec *s);
/* The table s names, sorted and filtered as it says, or NULL when ds has no
 * theme of its id; a column ds lacks leaves the report's order. */
view *view_new_as(const dataset *ds, const struct view_spec *s);

#endif

#include "places.h"

#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "mem.h"
#include "pinyin.h"

/* Organisations share the entity array but are never rows of the place tree. */
static bool is_place(const dataset *ds, uint32_t e)
{
    return ds->entities[e].type == ENTITY_PLACE;
}

/* How many places a place lies in. */
static int depth_of(const dataset *ds, uint32_t e)
{
    int depth = 0;
    for (uint32_t up = ds->entities[e].parent; up != NONE; up = ds->entities[up].parent)
        depth++;
    return depth;
}

/* The open marks for places_open_to_depth, without making the rows. */
static void open_to(places *p, int depth)
{
    for (uint32_t e = 0; e < p->ds->nentities; e++)
        p->open[e] = is_place(p->ds, e) && depth_of(p->ds, e) < depth;
}

/* Calls at(p, place, rec) once for each place a record is about: the places
 * it names, those its organisations are in, and every place above them. A
 * walk up stops at a place this record has reached already (stamp), so that
 * each record costs its own places, and a place counts the record once
 * however many of the places inside it the record names. Returns whether
 * there was any. */
static bool each_place_of(places *p, uint32_t rec, uint32_t *stamp,
                          void (*at)(places *, uint32_t, uint32_t))
{
    const dataset *ds = p->ds;
    const theme *t = &ds->themes[ds->records[rec].theme];
    bool any = false;
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        uint32_t cell = ds_cell(ds, rec, c);
        if (t->columns[c].type != COL_REFS || cell == NONE)
            continue;
        for (uint32_t k = 1; k <= ds->refs[cell]; k++) {
            uint32_t e = ds->refs[cell + k];
            for (uint32_t up = is_place(ds, e) ? e : ds->entities[e].parent; up != NONE && stamp[up] != rec;
                 up = ds->entities[up].parent) {
                stamp[up] = rec;
                at(p, up, rec);
                any = true;
            }
        }
    }
    return any;
}

/* The first pass: how many records each place has, by theme and in all. */
static void count_one(places *p, uint32_t place, uint32_t rec)
{
    p->counts[(size_t)place * p->ds->nthemes + p->ds->records[rec].theme]++;
    p->stats[place].total++;
}

/* The second: the records themselves, in the file's order. */
static void list_one(places *p, uint32_t place, uint32_t rec)
{
    p->records[p->record_start[place] + p->filled[place]++] = rec;
}

/* The places tab needs every place's totals before its first frame: made in
 * one pass over the records and their places, not one walk of a place's
 * whole subtree for each place (a million records took 1.6 s). */
places *places_new(const dataset *ds)
{
    places *p = mem_calloc(1, sizeof *p);
    uint32_t n = ds->nentities;
    p->ds = ds;
    p->counts = mem_calloc(((size_t)n + 1) * ds->nthemes + 1, sizeof *p->counts);
    p->stats = mem_calloc((size_t)n + 1, sizeof *p->stats);
    p->open = mem_calloc((size_t)n + 1, 1);
    p->unplaced = mem_alloc(((size_t)ds->nrecords + 1) * sizeof *p->unplaced);
    uint32_t *stamp = mem_alloc(((size_t)n + 1) * sizeof *stamp);
    memset(stamp, 0xFF, ((size_t)n + 1) * sizeof *stamp); /* NONE: no record yet */
    for (uint32_t r = 0; r < ds->nrecords; r++)
        if (!each_place_of(p, r, stamp, count_one)) {
            p->unplaced[p->nunplaced++] = r;
            p->counts[(size_t)n * ds->nthemes + ds->records[r].theme]++;
        }
    p->record_start = mem_alloc(((size_t)n + 2) * sizeof *p->record_start);
    p->record_start[0] = 0;
    for (uint32_t e = 0; e < n; e++)
        p->record_start[e + 1] = p->record_start[e] + p->stats[e].total;
    p->records = mem_alloc(((size_t)p->record_start[n] + 1) * sizeof *p->records);
    p->filled = mem_calloc((size_t)n + 1, sizeof *p->filled);
    memset(stamp, 0xFF, ((size_t)n + 1) * sizeof *stamp);
    for (uint32_t r = 0; r < ds->nrecords; r++)
        each_place_of(p, r, stamp, list_one);
    free(stamp);
    free(p->filled);
    p->filled = NULL;
    for (uint32_t e = 0; e < n; e++)
        if (is_place(ds, e))
            total_number_of_records(&p->stats[e].money, ds, p->records + p->record_start[e], p->stats[e].total,
                                    UNIT_YUAN);
    p->stats[n].total = p->nunplaced;
    total_number_of_records(&p->stats[n].money, ds, p->unplaced, p->nunplaced, UNIT_YUAN);
    /* open at first: the top places, so their first level (the counties) shows */
    open_to(p, 1);
    p->sort_column = -1;
    places_sort(p, -1, false);
    return p;
}

const uint32_t *places_records(const places *p, uint32_t place, uint32_t *n)
{
    if (place == PLACES_UNPLACED) {
        *n = p->nunplaced;
        return p->unplaced;
    }
    *n = p->stats[place].total;
    return p->records + p->record_start[place];
}

/* One teardown for what places_new made; NULL is let through. */
void places_free(places *p)
{
    if (!p)
        return;
    free(p->counts);
    for (uint32_t e = 0; p->stats && e <= p->ds->nentities; e++)
        total_free(&p->stats[e].money);
    free(p->stats);
    free(p->unplaced);
    free(p->records);
    free(p->record_start);
    free(p->open);
    free(p->rows);
    free(p);
}

/* ---- order ---- */

/* A numeric sort column's value for a place, whichever column it is. */
static int64_t key(const places *p, uint32_t e)
{
    uint32_t c = (uint32_t)p->sort_column;
    if (c == places_column_total(p))
        return places_stats(p, e)->total;
    if (c == places_column_money(p))
        return places_stats(p, e)->money.value;
    return places_count(p, e, c - 1);
}

/* Sorting siblings must be total and stable whatever the column, as view_sort is. */
static int compare(const places *p, uint32_t x, uint32_t y)
{
    int c = 0;
    if (p->sort_column == PLACES_COLUMN_NAME) {
        c = pinyin_compare(ds_str(p->ds, p->ds->entities[x].name), ds_str(p->ds, p->ds->entities[y].name));
    } else if (p->sort_column > 0) {
        int64_t kx = key(p, x), ky = key(p, y);
        c = (kx > ky) - (kx < ky);
    }
    if (p->descending)
        c = -c;
    /* ties, and the file's order, by position in the file: stable and total */
    return c ? c : (x > y) - (x < y);
}

/* The places among the children of parent (NONE: the top places), sorted. */
static uint32_t child_places(const places *p, uint32_t parent, uint32_t **out)
{
    const dataset *ds = p->ds;
    uint32_t n = 0, k;
    const uint32_t *kids = NULL;
    if (parent == NONE) {
        *out = mem_alloc(((size_t)ds->nentities + 1) * sizeof **out);
        for (uint32_t e = 0; e < ds->nentities; e++)
            if (is_place(ds, e) && ds->entities[e].parent == NONE)
                (*out)[n++] = e;
    } else {
        kids = link_children(ds, parent, &k);
        *out = mem_alloc(((size_t)k + 1) * sizeof **out);
        for (uint32_t i = 0; i < k; i++)
            if (is_place(ds, kids[i]))
                (*out)[n++] = kids[i];
    }
    /* siblings are few: an insertion sort, which needs no global for its context */
    for (uint32_t i = 1; i < n; i++) {
        uint32_t x = (*out)[i], j = i;
        for (; j > 0 && compare(p, (*out)[j - 1], x) > 0; j--)
            (*out)[j] = (*out)[j - 1];
        (*out)[j] = x;
    }
    return n;
}

/* A row shows an open/close mark only where there is something to open. */
static bool has_child_places(const places *p, uint32_t e)
{
    uint32_t k;
    const uint32_t *kids = link_children(p->ds, e, &k);
    for (uint32_t i = 0; i < k; i++)
        if (is_place(p->ds, kids[i]))
            return true;
    return false;
}

/* One level of the walk down the open tree: its places, sorted, and the next to show. */
struct level {
    uint32_t *kids, n, next;
};

/* The rows shown are the open part of the tree, depth first, each level
 * sorted. Any change (open, close, sort) remakes them whole: simpler than
 * patching. The walk keeps its own stack, so that a chain of places as deep
 * as a file allows never runs out of the program's. */
static void rebuild(places *p)
{
    size_t cap = 0, levels_cap = 0, depth = 1;
    free(p->rows);
    p->rows = NULL;
    p->nrows = 0;
    struct level *stack = mem_grow(NULL, &levels_cap, 1, sizeof *stack);
    stack[0].n = child_places(p, NONE, &stack[0].kids);
    stack[0].next = 0;
    while (depth) {
        struct level *l = &stack[depth - 1];
        if (l->next == l->n) {
            free(l->kids);
            depth--;
            continue;
        }
        uint32_t kid = l->kids[l->next++];
        p->rows = mem_grow(p->rows, &cap, (size_t)p->nrows + 2, sizeof *p->rows);
        place_row *r = &p->rows[p->nrows++];
        r->place = kid;
        r->depth = (uint32_t)(depth - 1);
        r->has_children = has_child_places(p, kid);
        r->open = r->has_children && p->open[kid];
        if (r->open) {
            stack = mem_grow(stack, &levels_cap, depth + 1, sizeof *stack);
            stack[depth].n = child_places(p, kid, &stack[depth].kids);
            stack[depth].next = 0;
            depth++;
        }
    }
    free(stack);
    p->rows = mem_grow(p->rows, &cap, (size_t)p->nrows + 1, sizeof *p->rows);
    p->rows[p->nrows++] = (place_row){PLACES_UNPLACED, 0, false, false};
}

/* The places tab sorts by a column like a table does. */
void places_sort(places *p, int by, bool descending)
{
    p->sort_column = by < 0 || (uint32_t)by >= places_column_count(p) ? -1 : by;
    p->descending = descending;
    rebuild(p);
}

/* A user explores the tree by opening and closing one place at a time. */
void places_set_open(places *p, uint32_t place, bool open)
{
    if (place == PLACES_UNPLACED)
        return;
    p->open[place] = open;
    rebuild(p);
}

/* To see every village at once, or only the counties again. */
void places_open_all(places *p, bool open)
{
    for (uint32_t e = 0; e < p->ds->nentities; e++)
        p->open[e] = open && is_place(p->ds, e);
    rebuild(p);
}

/* A briefing shows the tree as a reader first meets it, whatever was opened. */
void places_open_to_depth(places *p, int depth)
{
    open_to(p, depth);
    rebuild(p);
}

/* The cursor follows a place across a rebuild, by finding its new row. */
long places_find(const places *p, uint32_t place)
{
    for (uint32_t i = 0; i < p->nrows; i++)
        if (p->rows[i].place == place)
            return i;
    return -1;
}

/* Jumping to a place deep in the tree (a search, a link) must show its row, not leave it shut. */
long places_reveal(places *p, uint32_t place)
{
    if (place != PLACES_UNPLACED)
        for (uint32_t e = p->ds->entities[place].parent; e != NONE; e = p->ds->entities[e].parent)
            p->open[e] = 1;
    rebuild(p);
    return places_find(p, place);
}

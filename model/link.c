#include "link.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* The loader built this index (dataset_finish): an entity's page reads it, never searches. */
const uint32_t *link_named_by(const dataset *ds, uint32_t e, uint32_t *n)
{
    *n = ds->named_start[e + 1] - ds->named_start[e];
    return ds->named_by + ds->named_start[e];
}

/* The place tree and a place's page walk down the index the loader built. */
const uint32_t *link_children(const dataset *ds, uint32_t e, uint32_t *n)
{
    *n = ds->child_start[e + 1] - ds->child_start[e];
    return ds->children + ds->child_start[e];
}

/* A record's page lists what it names once, though several columns may name it. */
uint32_t link_record_entities(const dataset *ds, uint32_t rec, uint32_t **out)
{
    const theme *t = &ds->themes[ds->records[rec].theme];
    uint32_t total = 0, n = 0;
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        uint32_t cell = ds_cell(ds, rec, c);
        if (t->columns[c].type == COL_REFS && cell != NONE)
            total += ds->refs[cell];
    }
    uint32_t *list = mem_alloc(((size_t)total + 1) * sizeof *list);
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        uint32_t cell = ds_cell(ds, rec, c);
        if (t->columns[c].type != COL_REFS || cell == NONE)
            continue;
        for (uint32_t k = 1; k <= ds->refs[cell]; k++) {
            uint32_t e = ds->refs[cell + k], i = 0;
            while (i < n && list[i] != e)
                i++;
            if (i == n)
                list[n++] = e;
        }
    }
    *out = list;
    return n;
}

/* qsort's comparator for record and figure indices. */
static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Records reached by several paths, and figures named by several records, count once. */
uint32_t link_unique(uint32_t *a, uint32_t n)
{
    uint32_t sorted = 1; /* records read in the file's order name figures in it too, mostly */
    while (sorted < n && a[sorted - 1] <= a[sorted])
        sorted++;
    if (sorted < n)
        qsort(a, n, sizeof *a, compare_u32);
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!m || a[m - 1] != a[i])
            a[m++] = a[i];
    return m;
}

/* A place's page shows what happens anywhere inside it, not only what names it. */
uint32_t link_entity_records(const dataset *ds, uint32_t e, uint32_t **out)
{
    size_t stack_cap = 16, recs_cap = 16, depth = 0;
    uint32_t *stack = mem_alloc(stack_cap * sizeof *stack), *recs = NULL, n = 0;
    recs = mem_alloc(recs_cap * sizeof *recs);
    stack[depth++] = e;
    while (depth) {
        uint32_t x = stack[--depth], k;
        const uint32_t *named = link_named_by(ds, x, &k);
        recs = mem_grow(recs, &recs_cap, (size_t)n + k + 1, sizeof *recs);
        memcpy(recs + n, named, (size_t)k * sizeof *recs);
        n += k;
        const uint32_t *inside = link_children(ds, x, &k);
        stack = mem_grow(stack, &stack_cap, depth + k + 1, sizeof *stack);
        memcpy(stack + depth, inside, (size_t)k * sizeof *stack);
        depth += k;
    }
    free(stack);
    *out = recs;
    return link_unique(recs, n);
}

/* Pages show where an entity is, from the city down: 湛江市 › 遂溪县 › 杨柑镇. */
uint32_t link_path(const dataset *ds, uint32_t e, uint32_t *out, uint32_t max)
{
    uint32_t n = 0;
    for (uint32_t x = e; x != NONE; x = ds->entities[x].parent)
        n++;
    uint32_t i = n;
    for (uint32_t x = e; x != NONE; x = ds->entities[x].parent) {
        i--;
        if (i < max)
            out[i] = x;
    }
    return n;
}

/* Totals of records are made of the figures their cells name, each once,
 * whichever record or column names it. */
uint32_t link_record_figures(const dataset *ds, const uint32_t *recs, uint32_t n, uint8_t unit,
                             uint32_t **out)
{
    size_t cap = 16, count = 0;
    uint32_t *figs = mem_alloc(cap * sizeof *figs);
    for (uint32_t i = 0; i < n; i++) {
        const theme *t = &ds->themes[ds->records[recs[i]].theme];
        for (uint32_t c = 0; c < t->ncolumns; c++) {
            const column *col = &t->columns[c];
            uint32_t cell = ds_cell(ds, recs[i], c);
            if ((col->type != COL_MONEY && col->type != COL_COUNT) || col->unit != unit ||
                cell == NONE)
                continue;
            figs = mem_grow(figs, &cap, count + 1, sizeof *figs);
            figs[count++] = cell;
        }
    }
    *out = figs;
    return link_unique(figs, (uint32_t)count);
}

/* Callers pass a fixed array but want to know how many matched in all. */
static uint32_t add_target(link_target *out, uint32_t max, uint32_t n, enum link_kind kind,
                           uint32_t index)
{
    if (n < max) {
        out[n].kind = kind;
        out[n].index = index;
    }
    return n + 1;
}

/* Names equal to (exact) or containing the text, entities first. */
static uint32_t find_by_name(const dataset *ds, const char *name, bool exact, link_target *out,
                             uint32_t max)
{
    uint32_t n = 0;
    for (uint32_t e = 0; e < ds->nentities; e++) {
        const char *s = ds_str(ds, ds->entities[e].name);
        if (exact ? !strcmp(s, name) : strstr(s, name) != NULL)
            n = add_target(out, max, n, LINK_ENTITY, e);
    }
    for (uint32_t r = 0; r < ds->nrecords; r++) {
        const char *s = ds_str(ds, ds->records[r].name);
        if (exact ? !strcmp(s, name) : strstr(s, name) != NULL)
            n = add_target(out, max, n, LINK_RECORD, r);
    }
    return n;
}

/* --open and the link keys take what people type: an id, a name, or part of one. */
uint32_t link_find(const dataset *ds, const char *name, link_target *out, uint32_t max)
{
    uint32_t index;
    switch (dataset_find_id(ds, name, &index)) {
    case ID_ENTITY:
        return add_target(out, max, 0, LINK_ENTITY, index);
    case ID_RECORD:
        return add_target(out, max, 0, LINK_RECORD, index);
    default:
        break;
    }
    if (!*name)
        return 0;
    uint32_t n = find_by_name(ds, name, true, out, max);
    return n ? n : find_by_name(ds, name, false, out, max);
}

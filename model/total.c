/* See total.h. Figures are grouped by kind; a kind whose figures are pairwise
 * unrelated is summed, and the sum rounded to its least precise part; a kind
 * with two related figures (or of unknown kind: any two may overlap) shows
 * its largest figure; the kind whose number is largest is the one shown. */
#include "total.h"

#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "mem.h"
#include "value.h"

/* What one kind's figures would show. */
struct kind_total {
    uint32_t count;   /* its figures */
    uint32_t largest; /* its figure of the largest value, the first of equals */
    bool related;     /* two of its figures may overlap: not added */
    int64_t shown;    /* its sum, its one figure's value, or its largest's */
    uint8_t qualifier;
};

/* The place of a value's last non-zero digit as written: 约1.3亿 (130000000)
 * is known to 10^7, 905万 to 10^4. A sum is no more precise than its parts. */
static int64_t place_of(int64_t v)
{
    int64_t place = 1;
    while (v && v % 10 == 0) {
        v /= 10;
        place *= 10;
    }
    return place;
}

/* v rounded half up to a multiple of place; down where up would not fit. */
static int64_t round_to(int64_t v, int64_t place)
{
    int64_t down = v - v % place;
    if (v % place * 2 >= place && down <= INT64_MAX - place)
        return down + place;
    return down;
}

/* Whether f's kind is kind: figures left in figs are of one unit already. */
static bool of_kind(const dataset *ds, uint32_t f, uint8_t kind)
{
    return ds->figures[f].kind == kind;
}

/* The sum of a kind's figures, as precise as its least precise part and as
 * cautious as its most cautious: 约1.3亿 + 超4000万 is 约1.7亿, and 1500万 + 905万
 * (2405万) is 约2400万. Beyond what an int64 holds it is "at least" the most
 * it can say. */
static void honest_sum(const dataset *ds, const uint32_t *figs, uint32_t m, uint8_t kind,
                       struct kind_total *k)
{
    int64_t sum = 0, place = 1;
    uint8_t q = QUAL_EXACT;
    bool saturated = false;
    for (uint32_t i = 0; i < m; i++) {
        const figure *f = &ds->figures[figs[i]];
        if (f->kind != kind)
            continue;
        if (!saturated && __builtin_add_overflow(sum, f->value, &sum))
            saturated = true;
        if (place_of(f->value) > place)
            place = place_of(f->value);
        if (f->qualifier > q)
            q = f->qualifier;
    }
    if (saturated) {
        k->shown = INT64_MAX - INT64_MAX % place;
        k->qualifier = q > QUAL_AT_LEAST ? q : QUAL_AT_LEAST;
        return;
    }
    k->shown = round_to(sum, place);
    k->qualifier = k->shown != sum ? QUAL_ABOUT : q;
}

/* Whether some two figures of the kind are related in the file: figs is
 * sorted, so each relation's other end is looked up, never every pair. */
static bool any_related(const dataset *ds, const uint32_t *figs, uint32_t m, uint8_t kind)
{
    for (uint32_t i = 0; i < m; i++) {
        if (!of_kind(ds, figs[i], kind))
            continue;
        uint32_t n;
        const figure_link *links = dataset_figure_relations(ds, figs[i], &n);
        for (uint32_t l = 0; l < n; l++) {
            uint32_t lo = 0, hi = m, other = links[l].figure;
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2;
                if (figs[mid] < other)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < m && figs[lo] == other && of_kind(ds, other, kind))
                return true;
        }
    }
    return false;
}

/* What each kind among the figures would show; figures of unknown kind may
 * all overlap one another, so they are never added. */
static void kind_totals(const dataset *ds, const uint32_t *figs, uint32_t m,
                        struct kind_total kinds[FIGURE_KIND_COUNT])
{
    memset(kinds, 0, FIGURE_KIND_COUNT * sizeof *kinds);
    for (uint32_t i = 0; i < m; i++) {
        const figure *f = &ds->figures[figs[i]];
        struct kind_total *k = &kinds[f->kind];
        if (!k->count++ || f->value > ds->figures[k->largest].value)
            k->largest = figs[i];
    }
    for (uint8_t kind = 0; kind < FIGURE_KIND_COUNT; kind++) {
        struct kind_total *k = &kinds[kind];
        if (!k->count)
            continue;
        k->related = k->count > 1 && (kind == FIGURE_KIND_UNKNOWN || any_related(ds, figs, m, kind));
        if (k->count > 1 && !k->related) {
            honest_sum(ds, figs, m, kind, k);
        } else {
            k->shown = ds->figures[k->largest].value;
            k->qualifier = ds->figures[k->largest].qualifier;
        }
    }
}

/* An item with what it is sorted by: role, then value (largest first), then index. */
struct sortable {
    int64_t value;
    uint32_t figure;
    uint8_t role;
};

/* The items' order: counted, overlapping, other kinds; each group by
 * descending value, then by figure. In linear time (a table's heading totals
 * a million figures after each filter): figs come in ascending order, so a
 * stable radix sort by descending value, then a stable split by role. */
static void sort_items(struct sortable *s, uint32_t m)
{
    struct sortable *tmp = mem_alloc(((size_t)m + 1) * sizeof *tmp);
    for (int b = 0; b < 8; b++) {
        size_t count[257] = {0};
        int shift = 8 * b;
        for (uint32_t i = 0; i < m; i++) /* descending: the complement, sign bit flipped */
            count[((~((uint64_t)s[i].value ^ (1ull << 63)) >> shift) & 0xFF) + 1]++;
        bool one = false;
        for (int v = 1; v <= 256 && !one; v++)
            one = count[v] == m;
        if (one)
            continue;
        for (int v = 0; v < 256; v++)
            count[v + 1] += count[v];
        for (uint32_t i = 0; i < m; i++)
            tmp[count[(~((uint64_t)s[i].value ^ (1ull << 63)) >> shift) & 0xFF]++] = s[i];
        memcpy(s, tmp, (size_t)m * sizeof *s);
    }
    size_t at[4] = {0};
    for (uint32_t i = 0; i < m; i++)
        at[s[i].role + 1]++;
    for (int r = 0; r < 3; r++)
        at[r + 1] += at[r];
    for (uint32_t i = 0; i < m; i++)
        tmp[at[s[i].role]++] = s[i];
    memcpy(s, tmp, (size_t)m * sizeof *s);
    free(tmp);
}

/* Every figure considered, with why it is or is not in the number shown, so
 * that a screen can list what a total is made of and what it left out. */
static void fill_items(total *t, const dataset *ds, const uint32_t *figs, uint32_t m,
                       const struct kind_total *shown)
{
    struct sortable *s = mem_alloc((size_t)m * sizeof *s);
    for (uint32_t i = 0; i < m; i++) {
        const figure *f = &ds->figures[figs[i]];
        s[i].value = f->value;
        s[i].figure = figs[i];
        if (f->kind != t->kind)
            s[i].role = TOTAL_OTHER_KIND;
        else if (shown->related && figs[i] != shown->largest)
            s[i].role = TOTAL_OVERLAPS;
        else
            s[i].role = TOTAL_COUNTED;
    }
    sort_items(s, m);
    t->items = mem_alloc((size_t)m * sizeof *t->items);
    for (uint32_t i = 0; i < m; i++) {
        t->items[i].figure = s[i].figure;
        t->items[i].role = (enum total_role)s[i].role;
    }
    t->nitems = m;
    free(s);
}

/* The kind with the largest number shown (the first kind of equals), and
 * how that number is made. */
static void settle(total *t, const dataset *ds, const uint32_t *figs, uint32_t m, bool with_items)
{
    struct kind_total kinds[FIGURE_KIND_COUNT];
    kind_totals(ds, figs, m, kinds);
    uint8_t best = FIGURE_KIND_COUNT;
    for (uint8_t k = 0; k < FIGURE_KIND_COUNT; k++)
        if (kinds[k].count && (best == FIGURE_KIND_COUNT || kinds[k].shown > kinds[best].shown))
            best = k;
    for (uint8_t k = 0; k < FIGURE_KIND_COUNT; k++)
        t->other_kinds += kinds[k].count && k != best;
    const struct kind_total *shown = &kinds[best];
    t->kind = best;
    t->value = shown->shown;
    t->qualifier = shown->qualifier;
    t->how = shown->count == 1 ? TOTAL_ONE : shown->related ? TOTAL_LARGEST : TOTAL_SUM;
    t->nmore = shown->related ? shown->count - 1 : 0;
    if (with_items)
        fill_items(t, ds, figs, m, shown);
}

static void total_of(total *t, const dataset *ds, const uint32_t *figs, uint32_t n, bool with_items)
{
    memset(t, 0, sizeof *t);
    t->how = TOTAL_EMPTY;
    t->qualifier = QUAL_EXACT;
    if (!n)
        return;
    uint32_t *own = mem_alloc((size_t)n * sizeof *own);
    memcpy(own, figs, (size_t)n * sizeof *own);
    uint32_t i = 1;
    while (i < n && own[i - 1] < own[i])
        i++;
    uint32_t m = i == n ? n : link_unique(own, n); /* already sorted and unique: a record total's */
    t->unit = ds->figures[own[0]].unit;
    settle(t, ds, own, m, with_items);
    free(own);
}

/* Headers, the places and charts total figures they chose themselves. */
void total_of_figures(total *t, const dataset *ds, const uint32_t *figs, uint32_t n)
{
    total_of(t, ds, figs, n, true);
}

/* link_record_figures' answer (sorted, each figure once) by marking the
 * figures rather than sorting them: for many records, linear, not n log n. */
static uint32_t record_figures_marked(const dataset *ds, const uint32_t *recs, uint32_t n, uint8_t unit,
                                      uint32_t **out)
{
    uint8_t *named = mem_calloc((size_t)ds->nfigures + 1, 1);
    for (uint32_t i = 0; i < n; i++) {
        const theme *t = &ds->themes[ds->records[recs[i]].theme];
        for (uint32_t c = 0; c < t->ncolumns; c++) {
            const column *col = &t->columns[c];
            uint32_t cell = ds_cell(ds, recs[i], c);
            if ((col->type == COL_MONEY || col->type == COL_COUNT) && col->unit == unit && cell != NONE)
                named[cell] = 1;
        }
    }
    uint32_t m = 0;
    for (uint32_t f = 0; f < ds->nfigures; f++)
        m += named[f];
    uint32_t *figs = mem_alloc(((size_t)m + 1) * sizeof *figs);
    for (uint32_t f = 0, k = 0; f < ds->nfigures; f++)
        if (named[f])
            figs[k++] = f;
    free(named);
    *out = figs;
    return m;
}

static void total_of_rows(total *t, const dataset *ds, const uint32_t *recs, uint32_t n, uint8_t unit,
                          bool with_items)
{
    uint32_t *figs;
    uint32_t m = n > ds->nfigures / 64 ? record_figures_marked(ds, recs, n, unit, &figs)
                                       : link_record_figures(ds, recs, n, unit, &figs);
    total_of(t, ds, figs, m, with_items);
    t->unit = unit;
    free(figs);
}

/* A theme's table and a place's records total what their cells name. */
void total_of_records(total *t, const dataset *ds, const uint32_t *recs, uint32_t n, uint8_t unit)
{
    total_of_rows(t, ds, recs, n, unit, true);
}

/* A heading shows the number at every keystroke of a filter; sorting the
 * list of its parts, which only the parts screen reads, took most of the time. */
void total_number_of_records(total *t, const dataset *ds, const uint32_t *recs, uint32_t n, uint8_t unit)
{
    total_of_rows(t, ds, recs, n, unit, false);
}

/* The items are the only thing a total owns. */
void total_free(total *t)
{
    free(t->items);
    t->items = NULL;
    t->nitems = 0;
}

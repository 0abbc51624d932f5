/* The dataset itself: its string pool, its ids, the indexes that make
 * drill-downs and sorts fast, and its end. Reading the file is model/load.c. */
#include "dataset.h"

#include <stdlib.h>
#include <string.h>

#include "dataset_build.h"
#include "mem.h"

/* The file, the loader's messages and the dump spell column types alike: one list. */
const char *column_type_name(enum column_type t)
{
    static const char *const names[] = {"text", "refs", "money", "count", "date"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

static const char *const kind_names[FIGURE_KIND_COUNT] = {
    "unknown", "investment", "donation", "income", "output", "funding", "other"};

/* Messages, dumps and the written file spell kinds alike, from one table. */
const char *figure_kind_name(enum figure_kind k)
{
    return (unsigned)k < FIGURE_KIND_COUNT ? kind_names[k] : "?";
}

/* A kind is written only when known: "unknown" is what leaving it out means. */
bool figure_kind_parse(const char *s, enum figure_kind *out)
{
    for (int k = FIGURE_KIND_UNKNOWN + 1; k < FIGURE_KIND_COUNT; k++)
        if (!strcmp(s, kind_names[k])) {
            *out = (enum figure_kind)k;
            return true;
        }
    return false;
}

/* ---- strings ---- */

/* One hash for the string pool and the id table, fast on the short names and
 * ids that make up most of a file. Two words a step, in two independent
 * chains, so that a long text waits on half as many multiplications; the
 * last bytes are read as the last word (overlapping), not copied. */
uint32_t dataset_hash(const char *s, size_t n)
{
    const uint64_t k1 = 0xFF51AFD7ED558CCDu, k2 = 0xC4CEB9FE1A85EC53u;
    uint64_t a = 0x9E3779B97F4A7C15u ^ n, b = 0x2545F4914F6CDD1Du, w = 0;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        uint64_t w1, w2;
        memcpy(&w1, s + i, 8);
        memcpy(&w2, s + i + 8, 8);
        a = (a ^ w1) * k1;
        a ^= a >> 32;
        b = (b ^ w2) * k2;
        b ^= b >> 32;
    }
    if (n >= 8) {
        if (i + 8 < n) {
            memcpy(&w, s + i, 8);
            a = (a ^ w) * k1;
            a ^= a >> 32;
        }
        memcpy(&w, s + n - 8, 8);
    } else {
        for (size_t k = 0; k < n; k++)
            w |= (uint64_t)(unsigned char)s[k] << (8 * k);
    }
    b = (b ^ w) * k2;
    b ^= b >> 29;
    uint64_t h = (a ^ (b << 23 | b >> 41)) * k1;
    h ^= h >> 32;
    return (uint32_t)h;
}

/* What an id names is one word: the kind in the top bits, the index below. */
#define ID_KIND_SHIFT 29
#define ID_INDEX_MASK ((1u << ID_KIND_SHIFT) - 1)
_Static_assert(DATASET_MAX_INDEX == ID_INDEX_MASK, "the largest index is what an id slot holds");

/* The string pool's table while loading: slots of three words (the string's
 * place, its hash, and what it names if it is an id, else NONE), so that an
 * id is defined and looked up by the probe that interns it, and no second
 * table shares the cache (and memory) with this one while the file is read.
 * The dataset's own id table (ds->id_slots) is made once, at the end. */
_Static_assert(INTERN_SLOT == 3, "the code below reads a slot's words by index");

/* Keeps the interning table at most three quarters full, so that probes stay short. */
static void intern_grow(dataset_builder *b)
{
    uint32_t old_size = b->intern_mask + 1, size = b->intern_slots ? old_size * 2 : 1024;
    uint32_t *slots = mem_map((size_t)size * INTERN_SLOT * sizeof *slots);
    memset(slots, 0xFF, (size_t)size * INTERN_SLOT * sizeof *slots);
    for (uint32_t i = 0; b->intern_slots && i < old_size; i++) {
        const uint32_t *old = &b->intern_slots[INTERN_SLOT * i];
        if (old[0] == NONE)
            continue;
        uint32_t j = old[1] & (size - 1);
        while (slots[INTERN_SLOT * j] != NONE)
            j = (j + 1) & (size - 1);
        memcpy(&slots[INTERN_SLOT * j], old, INTERN_SLOT * sizeof *old);
    }
    if (b->intern_slots)
        mem_unmap(b->intern_slots, (size_t)old_size * INTERN_SLOT * sizeof *slots);
    b->intern_slots = slots;
    b->intern_mask = size - 1;
}

/* The slot of the n bytes at s (of hash h) if they are in the pool, else the
 * empty slot where they would go. */
static uint32_t *intern_probe(const dataset_builder *b, const dataset *ds, const char *s, size_t n,
                              uint32_t h)
{
    uint32_t j = h & b->intern_mask, *slot;
    for (; (slot = &b->intern_slots[INTERN_SLOT * j])[0] != NONE; j = (j + 1) & b->intern_mask) {
        const char *t = ds->strings + slot[0];
        if (slot[1] == h && !memcmp(t, s, n) && !t[n])
            break;
    }
    return slot;
}

/* A report repeats its names, units and labels thousands of times: each is
 * stored once, and equal strings have equal str_refs. A slot holds the
 * string's place and hash side by side: a probe of a table far larger than
 * the cache then costs one miss, not two. */
bool dataset_intern(dataset_builder *b, dataset *ds, const char *s, size_t n, str_ref *out)
{
    return dataset_intern_hashed(b, ds, s, n, dataset_hash(s, n), out);
}

/* dataset_intern with the hash of the n bytes at s already known. */
bool dataset_intern_hashed(dataset_builder *b, dataset *ds, const char *s, size_t n, uint32_t h,
                           str_ref *out)
{
    if ((size_t)(b->intern_count + 1) * 4 > (size_t)(b->intern_mask + 1) * 3 || !b->intern_slots)
        intern_grow(b);
    uint32_t *slot = intern_probe(b, ds, s, n, h);
    if (slot[0] != NONE) {
        *out = slot[0];
        return true;
    }
    if (ds->strings_len + n + 1 >= NONE)
        return false;
    ds->strings = mem_grow(ds->strings, &b->strings_cap, ds->strings_len + n + 1, 1);
    memcpy(ds->strings + ds->strings_len, s, n);
    ds->strings[ds->strings_len + n] = 0;
    *out = (str_ref)ds->strings_len;
    ds->strings_len += n + 1;
    slot[0] = *out;
    slot[1] = h;
    slot[2] = NONE;
    b->intern_count++;
    return true;
}

/* The builder's tables are needed only while loading; the pool they index stays. */
void dataset_builder_free(dataset_builder *b)
{
    if (b->intern_slots)
        mem_unmap(b->intern_slots,
                  ((size_t)b->intern_mask + 1) * INTERN_SLOT * sizeof *b->intern_slots);
    b->intern_slots = NULL;
}

/* ---- ids ---- */

/* What a slot that names something says it names. */
static enum id_kind id_value_kind(uint32_t value, uint32_t *index)
{
    if (value == NONE)
        return ID_NONE;
    *index = value & ID_INDEX_MASK;
    return (enum id_kind)(value >> ID_KIND_SHIFT);
}

/* While loading, an id is a string of the pool whose slot names something. */
enum id_kind dataset_builder_find_id(const dataset_builder *b, const dataset *ds, const char *id,
                                     size_t n, uint32_t h, uint32_t *index)
{
    if (!b->intern_slots)
        return ID_NONE;
    const uint32_t *slot = intern_probe(b, ds, id, n, h);
    return slot[0] == NONE ? ID_NONE : id_value_kind(slot[2], index);
}

/* The loader checks that an id is new and its index fits; this only files it. */
void dataset_add_id(dataset_builder *b, str_ref id, uint32_t h, enum id_kind kind, uint32_t index)
{
    uint32_t j = h & b->intern_mask, *slot;
    /* the id was interned, so its slot is found before an empty one */
    while ((slot = &b->intern_slots[INTERN_SLOT * j])[0] != id && slot[0] != NONE)
        j = (j + 1) & b->intern_mask;
    if (slot[0] == id)
        slot[2] = (uint32_t)kind << ID_KIND_SHIFT | index;
}

/* The dataset's id table: slots of three words (the id's string, what it
 * names, the string's hash), open addressing with linear probing. */
#define ID_SLOT 3

/* Every id lookup after loading goes through one probe loop. */
static const uint32_t *id_lookup(const dataset *ds, const char *id, size_t n, uint32_t h)
{
    if (!ds->id_slots)
        return NULL;
    uint32_t j = h & ds->id_mask;
    for (const uint32_t *slot; (slot = &ds->id_slots[ID_SLOT * j])[0] != NONE;
         j = (j + 1) & ds->id_mask) {
        const char *t = ds->strings + slot[0];
        if (slot[2] == h && !memcmp(t, id, n) && !t[n])
            return slot;
    }
    return NULL;
}

/* Ids are filed in batches, their slots asked of the cache first, so that
 * the misses overlap. */
#define ID_BATCH 32

/* Once the file is read whole: the slots of ids are gathered at the front of
 * the loader's table (in place: a slot only ever moves towards the front),
 * the rest of it given back, and the dataset's id table filed from them. No
 * string of the pool is read or hashed again, and the two tables never stand
 * whole side by side. */
void dataset_builder_finish(dataset_builder *b, dataset *ds)
{
    uint32_t *t = b->intern_slots;
    size_t size = t ? (size_t)b->intern_mask + 1 : 0, n = 0;
    for (size_t i = 0; i < size; i++) {
        const uint32_t *slot = &t[INTERN_SLOT * i];
        if (slot[0] != NONE && slot[2] != NONE)
            memmove(&t[INTERN_SLOT * n++], slot, INTERN_SLOT * sizeof *t);
    }
    size_t mapped = t ? mem_unmap_tail(t, size * INTERN_SLOT * sizeof *t,
                                       n * INTERN_SLOT * sizeof *t) : 0;
    b->intern_slots = NULL;
    size_t slots = 256;
    while (n * 4 > slots * 3)
        slots *= 2;
    ds->id_slots = mem_map(slots * ID_SLOT * sizeof *ds->id_slots);
    memset(ds->id_slots, 0xFF, slots * ID_SLOT * sizeof *ds->id_slots);
    ds->id_mask = (uint32_t)slots - 1;
    for (size_t from = 0; from < n; from += ID_BATCH) {
        size_t to = from + ID_BATCH < n ? from + ID_BATCH : n;
        for (size_t k = from; k < to; k++)
            __builtin_prefetch(&ds->id_slots[ID_SLOT * (t[INTERN_SLOT * k + 1] & ds->id_mask)], 1);
        for (size_t k = from; k < to; k++) {
            const uint32_t *id = &t[INTERN_SLOT * k];
            uint32_t j = id[1] & ds->id_mask;
            while (ds->id_slots[ID_SLOT * j] != NONE)
                j = (j + 1) & ds->id_mask;
            ds->id_slots[ID_SLOT * j] = id[0];
            ds->id_slots[ID_SLOT * j + 1] = id[2];
            ds->id_slots[ID_SLOT * j + 2] = id[1];
        }
    }
    if (mapped)
        mem_unmap(t, mapped);
}

/* Links in the file, --open on the command line and the tests all name
 * things by id. */
enum id_kind dataset_find_id(const dataset *ds, const char *id, uint32_t *index)
{
    size_t n = strlen(id);
    const uint32_t *slot = id_lookup(ds, id, n, dataset_hash(id, n));
    return slot ? id_value_kind(slot[1], index) : ID_NONE;
}

/* People name a tab as they see it: by id, by title or by its number. */
int dataset_find_theme(const dataset *ds, const char *name)
{
    for (uint32_t t = 0; t < ds->nthemes; t++)
        if (!strcmp(ds_str(ds, ds->themes[t].id), name) || !strcmp(ds_str(ds, ds->themes[t].title), name))
            return (int)t;
    char *end;
    long n = strtol(name, &end, 10);
    if (*name >= '0' && *name <= '9' && !*end && n >= 1 && n <= (long)ds->nthemes)
        return (int)n - 1;
    return -1;
}

/* ---- after reading ---- */

/* An entity's page lists the records that name it: looked up, not searched,
 * even at a million records. In record order, each record once. */
static void build_named_by(dataset *ds)
{
    uint32_t n = ds->nentities;
    uint32_t *start = mem_calloc((size_t)n + 1, sizeof *start);
    uint32_t *last = mem_alloc(((size_t)n + 1) * sizeof *last);
    uint32_t *next = NULL, *items = NULL;
    for (int pass = 0; pass < 2; pass++) {
        memset(last, 0xFF, ((size_t)n + 1) * sizeof *last);
        for (uint32_t r = 0; r < ds->nrecords; r++) {
            const theme *t = &ds->themes[ds->records[r].theme];
            for (uint32_t c = 0; c < t->ncolumns; c++) {
                uint32_t cell = ds_cell(ds, r, c);
                if (t->columns[c].type != COL_REFS || cell == NONE)
                    continue;
                for (uint32_t k = 1; k <= ds->refs[cell]; k++) {
                    uint32_t e = ds->refs[cell + k];
                    if (last[e] == r)
                        continue;
                    last[e] = r;
                    if (pass == 0)
                        start[e + 1]++;
                    else
                        items[next[e]++] = r;
                }
            }
        }
        if (pass == 0) {
            for (uint32_t e = 0; e < n; e++)
                start[e + 1] += start[e];
            items = mem_alloc(((size_t)start[n] + 1) * sizeof *items);
            next = mem_alloc(((size_t)n + 1) * sizeof *next);
            memcpy(next, start, ((size_t)n + 1) * sizeof *next);
        }
    }
    free(next);
    free(last);
    ds->named_start = start;
    ds->named_by = items;
}

/* The place tree and a place's page need what lies inside each place (places
 * whose parent it is, organisations in it) without a search. */
static void build_children(dataset *ds)
{
    uint32_t n = ds->nentities;
    uint32_t *start = mem_calloc((size_t)n + 1, sizeof *start);
    for (uint32_t e = 0; e < n; e++)
        if (ds->entities[e].parent != NONE)
            start[ds->entities[e].parent + 1]++;
    for (uint32_t e = 0; e < n; e++)
        start[e + 1] += start[e];
    uint32_t *items = mem_alloc(((size_t)start[n] + 1) * sizeof *items);
    uint32_t *next = mem_alloc(((size_t)n + 1) * sizeof *next);
    memcpy(next, start, ((size_t)n + 1) * sizeof *next);
    for (uint32_t e = 0; e < n; e++)
        if (ds->entities[e].parent != NONE)
            items[next[ds->entities[e].parent]++] = e;
    free(next);
    ds->child_start = start;
    ds->children = items;
}

/* A total asks of every pair of its figures whether they may overlap, and a
 * figure's page lists its relations: both read each figure's own list, made
 * here from the pairs the file gives, in their order. */
static void build_links(dataset *ds)
{
    if (!ds->nrelations)
        return;
    uint32_t n = ds->nfigures;
    uint32_t *start = mem_calloc((size_t)n + 1, sizeof *start);
    for (uint32_t i = 0; i < ds->nrelations; i++) {
        start[ds->relations[i].figure + 1]++;
        start[ds->relations[i].other + 1]++;
    }
    for (uint32_t f = 0; f < n; f++)
        start[f + 1] += start[f];
    figure_link *links = mem_alloc((size_t)start[n] * sizeof *links);
    uint32_t *next = mem_alloc(((size_t)n + 1) * sizeof *next);
    memcpy(next, start, ((size_t)n + 1) * sizeof *next);
    for (uint32_t i = 0; i < ds->nrelations; i++) {
        const figure_pair *p = &ds->relations[i];
        uint8_t back = p->how == REL_PART_OF ? REL_HAS_PART : REL_OVERLAPS;
        links[next[p->figure]++] = (figure_link){p->other, p->how};
        links[next[p->other]++] = (figure_link){p->figure, back};
    }
    free(next);
    ds->link_start = start;
    ds->links = links;
}

/* Pages list a figure's relations as the file gave them. */
const figure_link *dataset_figure_relations(const dataset *ds, uint32_t f, uint32_t *n)
{
    if (!ds->link_start) {
        *n = 0;
        return NULL;
    }
    *n = ds->link_start[f + 1] - ds->link_start[f];
    return ds->links + ds->link_start[f];
}

/* Totals never add two related figures; a figure has few relations, so its
 * list is read, the shorter of the two. */
bool dataset_figures_related(const dataset *ds, uint32_t a, uint32_t b)
{
    uint32_t na, nb;
    const figure_link *la = dataset_figure_relations(ds, a, &na);
    const figure_link *lb = dataset_figure_relations(ds, b, &nb);
    if (nb < na) {
        la = lb;
        na = nb;
        b = a;
    }
    for (uint32_t i = 0; i < na; i++)
        if (la[i].figure == b)
            return true;
    return false;
}

/* Gives back what doubling left unused. */
static void *shrink(void *ptr, size_t count, size_t size)
{
    return ptr ? mem_realloc(ptr, (count ? count : 1) * size) : NULL;
}
#define SHRINK(ptr, n) ((ptr) = shrink((ptr), (size_t)(n), sizeof *(ptr)))

/* Arrays grew by doubling while the file was read, and the indexes need every
 * record: both are settled once, at the end. */
void dataset_finish(dataset *ds)
{
    SHRINK(ds->strings, ds->strings_len);
    SHRINK(ds->figures, ds->nfigures);
    SHRINK(ds->entities, ds->nentities);
    SHRINK(ds->records, ds->nrecords);
    SHRINK(ds->refs, ds->nrefs);
    SHRINK(ds->relations, ds->nrelations);
    SHRINK(ds->themes, ds->nthemes);
    for (uint32_t t = 0; t < ds->nthemes; t++)
        SHRINK(ds->themes[t].cells, (size_t)ds->themes[t].nrecords * ds->themes[t].ncolumns);
    build_named_by(ds);
    build_children(ds);
    build_links(ds);
    SHRINK(ds->figure_text, ds->figure_text_len);
    SHRINK(ds->figure_at, ds->nfigures);
}

/* One teardown for a dataset in any state, whole or abandoned half-read. */
void dataset_free(dataset *ds)
{
    if (!ds)
        return;
    free(ds->strings);
    free(ds->meta.section);
    free(ds->figures);
    free(ds->entities);
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        free(ds->themes[t].columns);
        free(ds->themes[t].cells);
    }
    free(ds->figure_text);
    free(ds->figure_at);
    free(ds->themes);
    free(ds->records);
    free(ds->refs);
    free(ds->named_start);
    free(ds->named_by);
    free(ds->child_start);
    free(ds->children);
    if (ds->id_slots)
        mem_unmap(ds->id_slots, ((size_t)ds->id_mask + 1) * ID_SLOT * sizeof *ds->id_slots);
    free(ds->relations);
    free(ds->link_start);
    free(ds->links);
    free(ds);
}

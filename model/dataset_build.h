/* For the loader only (model/load.c): how a dataset is put together. The rest
 * of the program sees a finished, read-only dataset (dataset.h); this is what
 * dataset.c lends the loader so that the string pool, the id table and the
 * indexes stay in one place while the file format stays in another. */
#ifndef ZJDASH_DATASET_BUILD_H
#define ZJDASH_DATASET_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataset.h"

/* The id table keeps what an id names and its kind in one word: at most this
 * many things of one kind. */
#define DATASET_MAX_INDEX ((1u << 29) - 1)

/* What exists only while a dataset is built: the string pool's spare room and
 * the table that finds a string already in it, and what each id names. */
typedef struct dataset_builder {
    size_t strings_cap;
    uint32_t *intern_slots; /* (str_ref, hash, what an id names): see dataset.c */
    uint32_t intern_mask, intern_count;
} dataset_builder;

/* n bytes at s as a string of ds's pool, stored once however often they
 * come; false (and nothing stored) when the pool would pass 4 GiB. */
bool dataset_intern(dataset_builder *b, dataset *ds, const char *s, size_t n, str_ref *out);

/* The hash both tables file the n bytes at s under. */
uint32_t dataset_hash(const char *s, size_t n);
/* The words of a slot of intern_slots (see dataset.c). */
#define INTERN_SLOT 3

/* Asks the cache early for the slot a string of hash h would be found at:
 * the table is far larger than the cache, and each probe a miss unless asked
 * for while other work goes on. Inline: it is asked for every string. */
static inline void dataset_prefetch(const dataset_builder *b, uint32_t h)
{
    if (b->intern_slots)
        __builtin_prefetch(&b->intern_slots[INTERN_SLOT * (h & b->intern_mask)]);
}
/* dataset_intern, for a string whose hash (dataset_hash) is known. */
bool dataset_intern_hashed(dataset_builder *b, dataset *ds, const char *s, size_t n, uint32_t h,
                           str_ref *out);
/* dataset_find_id while loading, of the n bytes at id of hash h: the ids
 * defined so far (dataset_add_id) are the builder's until dataset_finish. */
enum id_kind dataset_builder_find_id(const dataset_builder *b, const dataset *ds, const char *id,
                                     size_t n, uint32_t h, uint32_t *index);

/* Makes id (a string of the pool, not yet in use: see
 * dataset_builder_find_id, of hash h) name the index-th thing of a kind
 * (index at most DATASET_MAX_INDEX). */
void dataset_add_id(dataset_builder *b, str_ref id, uint32_t h, enum id_kind kind, uint32_t index);

/* Frees what only building needed; the dataset stays. */
void dataset_builder_free(dataset_builder *b);
/* The same once the whole file is read, making the dataset's id table of
 * the ids the builder has (before dataset_finish). */
void dataset_builder_finish(dataset_builder *b, dataset *ds);

/* Once everything is read (and dataset_builder_finish done): gives back the
 * room the arrays grew into and builds the indexes (named_by, children, sort
 * keys). */
void dataset_finish(dataset *ds);

#endif

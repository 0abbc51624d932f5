/* The loader's view of one element: a tree of cJSON nodes, so that it is
 * inspected with cJSON's own API, but built here from bytes jstream has
 * already validated, into an arena that is emptied before the next element.
 * cJSON's parser checked every byte again and paid a malloc and a free for
 * each node and each string; a million records made that half the load. */
#ifndef ZJDASH_JTREE_H
#define ZJDASH_JTREE_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* Chunks of memory the nodes and their strings are cut from. */
typedef struct jtree_arena {
    struct jtree_chunk *chunks; /* the newest first; the last is kept across resets */
    char *at, *end;             /* the room left in the newest chunk */
} jtree_arena;

void jtree_init(jtree_arena *a);
/* Forgets every tree built so far; large elements give their extra room back. */
void jtree_reset(jtree_arena *a);
void jtree_free(jtree_arena *a);

/* A number node's type has this flag (beside cJSON_Number, which cJSON's
 * tests mask with 0xFF) when the number is written as digits alone, with no
 * fraction nor exponent: whole as written, with no need to look again. */
#define JTREE_DIGITS_ONLY (1 << 12)

/* A string node's valueint is the length of its valuestring in bytes (cJSON
 * leaves it 0); its valuedouble is the caller's to use. */

/* The tree of the len bytes at s, which must be one valid JSON value as
 * jstream_value hands it (checked, no NUL, strings valid UTF-8). Never fails:
 * memory runs out the way mem_alloc says. The tree lives until jtree_reset;
 * cJSON_Delete must never be called on it. */
cJSON *jtree_parse(jtree_arena *a, const char *s, size_t len);

#endif

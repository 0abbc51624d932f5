/* The loader's view of one element: a tree of cJSON nodes, so that it is
 * inspected with cJSON's own API, but built by jstream as it validates the
 * bytes (jstream_tree), into an arena that is emptied before the next element.
 * cJSON's parser checked every byte again and paid a malloc and a free for
 * each node and each string; a million records made that half the load. */
#ifndef ZJDASH_JTREE_H
#define ZJDASH_JTREE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* Chunks of memory the nodes and their strings are cut from. */
typedef struct jtree_arena {
    struct jtree_chunk *chunks; /* the newest first; the last is kept across resets */
    char *at, *end;             /* the room left in the newest chunk */
    /* if set, told of each string node as soon as it is made (while the rest
     * of its element is still being read), with user */
    void (*string_made)(void *user, cJSON *node);
    void *user;
} jtree_arena;

/* An empty arena, with no string_made. */
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

/* The nodes, one at a time, for the scanner that has just checked the bytes
 * of each (jstream_tree): they are trusted, only decoded. Never fails:
 * memory runs out the way mem_alloc says. Nodes live until jtree_reset;
 * cJSON_Delete must never be called on them.
 *
 * A node of a type with nothing more to it (true, false, null, a container
 * before its members are appended). */
cJSON *jtree_node(jtree_arena *a, int type);
/* The n bytes at s of a string literal, quotes included, decoded and
 * NUL-terminated (escaped: whether it holds a backslash); its length in *len. */
char *jtree_string(jtree_arena *a, const char *s, size_t n, bool escaped, size_t *len);
/* A string node of such a literal. */
cJSON *jtree_string_node(jtree_arena *a, const char *s, size_t n, bool escaped);
/* A number node of the n bytes at s, as cJSON would read them. */
cJSON *jtree_number(jtree_arena *a, const char *s, size_t n);
/* Adds item after the last member or element of container. */
void jtree_append(cJSON *container, cJSON *item);

#endif

/* Memory a test keeps until it ends. cmocka leaves a test at its first failed
 * assertion, by a long jump past any free; what a test registers here is
 * released by its teardown (release_all) instead, so that a failure does not
 * also show up as a leak under the sanitizers, and the next test starts with
 * nothing left over. */
#ifndef ZJDASH_TESTS_KEPT_H
#define ZJDASH_TESTS_KEPT_H

#include <stddef.h>

/* malloc that does not return NULL: out of memory ends the program (99). */
void *xmalloc(size_t n);

/* Registers p (NULL is let through) to be released by release_fn; returns p. */
void *keep(void *p, void (*release_fn)(void *));

/* Releases p at once, as it was registered (free if it was not). */
void release(void *p);

/* A teardown: releases everything still registered, the latest first. */
int release_all(void **state);

/* dataset_free, in the shape keep takes. */
void release_dataset(void *p);

/* The whole file, NUL-terminated, kept; NULL if it cannot be opened or read.
 * *len (when len is not NULL) its size. */
char *read_whole(const char *path, size_t *len);

#endif

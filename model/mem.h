/* Allocation that cannot fail: the only functions in zjdash allowed to end the
 * process, because a dashboard that runs out of memory has nothing better to do. */
#ifndef ZJDASH_MEM_H
#define ZJDASH_MEM_H

#include <stddef.h>

void *mem_alloc(size_t size);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *ptr, size_t size);
/* Grows an array of count elements of size bytes to hold at least need elements. */
void *mem_grow(void *ptr, size_t *count, size_t need, size_t size);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);
/* Large tables that grow by doubling (see mem.c for why not malloc): the
 * size given back must be the size asked for. */
void *mem_map(size_t size);
void mem_unmap(void *p, size_t size);
size_t mem_unmap_tail(void *p, size_t size, size_t keep);

#endif

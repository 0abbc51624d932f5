#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one way zjdash ends for lack of memory: said plainly, then abort for a core. */
static void out_of_memory(size_t size)
{
    fprintf(stderr, "zjdash: out of memory (asked for %zu bytes)\n", size);
    abort();
}

/* malloc that never returns NULL, and treats a size of 0 as 1 so that NULL never means empty. */
void *mem_alloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

/* calloc that never returns NULL, for arrays that must start zeroed. */
void *mem_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

/* realloc that never returns NULL, so that p = mem_realloc(p, n) cannot lose p. */
void *mem_realloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

/* Arrays filled one element at a time double, so that filling n costs O(n). */
void *mem_grow(void *ptr, size_t *count, size_t need, size_t size)
{
    if (need <= *count)
        return ptr;
    size_t n = *count ? *count : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            out_of_memory(SIZE_MAX);
        n *= 2;
    }
    *count = n;
    return mem_realloc(ptr, n * size);
}

/* strdup that never returns NULL. */
char *mem_strdup(const char *s)
{
    return mem_strndup(s, strlen(s));
}

/* A copy of part of a string, NUL-terminated, that never returns NULL. */
char *mem_strndup(const char *s, size_t n)
{
    char *p = mem_alloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

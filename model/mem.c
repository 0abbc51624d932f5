#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

/* Tables smaller than a huge page gain nothing from asking for one. */
#define HUGE_PAGE (2u << 20)

/* glibc raises its threshold for mapping a block to the size of any mapped
 * block that is freed: once a table of a few MiB had grown (the old one
 * freed), every array below that size grew inside the heap by copying, and
 * the copies left behind stayed in memory. Tables mapped here never touch
 * that threshold; without anonymous mappings they are malloc's. */
void *mem_map(size_t size)
{
#ifdef MAP_ANONYMOUS
    void *p = mmap(NULL, size ? size : 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        out_of_memory(size);
#ifdef MADV_HUGEPAGE
    /* A hash table is probed at random: with small pages nearly every probe
     * of one of a few MiB missed the TLB as well as the cache. */
    if (size >= HUGE_PAGE)
        madvise(p, size, MADV_HUGEPAGE);
#endif
    return p;
#else
    return mem_alloc(size);
#endif
}

/* Gives back a block of mem_map, of the size it was asked for; NULL is let through. */
void mem_unmap(void *p, size_t size)
{
    if (!p)
        return;
#ifdef MAP_ANONYMOUS
    munmap(p, size ? size : 1);
#else
    (void)size;
    free(p);
#endif
}

/* The pages of a block of mem_map past its first keep bytes, given back;
 * returns the size to give mem_unmap for the rest (0: nothing is left). */
size_t mem_unmap_tail(void *p, size_t size, size_t keep)
{
#ifdef MAP_ANONYMOUS
    static size_t page;
    if (!page) {
        long n = sysconf(_SC_PAGESIZE);
        page = n > 0 ? (size_t)n : 4096;
    }
    size_t kept = (keep + page - 1) / page * page;
    if (kept < size)
        munmap((char *)p + kept, size - kept);
    return kept < size ? kept : size;
#else
    (void)keep;
    return size;
#endif
}

/* See kept.h. */
#include "kept.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"

struct pending {
    void (*release)(void *);
    void *p;
};
static struct pending pending[512];
static size_t npending;

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(99);
    }
    return p;
}

void *keep(void *p, void (*release_fn)(void *))
{
    if (!p)
        return p;
    /* not kept would be freed the wrong way by release: stop instead */
    if (npending == sizeof pending / sizeof *pending) {
        fprintf(stderr, "too many allocations kept by one test\n");
        exit(99);
    }
    pending[npending++] = (struct pending){release_fn, p};
    return p;
}

void release(void *p)
{
    if (!p)
        return;
    for (size_t i = npending; i-- > 0;)
        if (pending[i].p == p) {
            struct pending d = pending[i];
            memmove(pending + i, pending + i + 1, (npending - i - 1) * sizeof *pending);
            npending--;
            d.release(d.p);
            return;
        }
    free(p);
}

int release_all(void **state)
{
    (void)state;
    while (npending) {
        struct pending d = pending[--npending];
        d.release(d.p);
    }
    return 0;
}

void release_dataset(void *p)
{
    dataset_free(p);
}

char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *b = xmalloc(cap + 1);
    while ((got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(b, cap + 1);
            if (!nb) {
                fprintf(stderr, "out of memory\n");
                exit(99);
            }
            b = nb;
        }
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        free(b);
        return NULL;
    }
    b[n] = 0;
    if (len)
        *len = n;
    return keep(b, free);
}

/* See model_extra.h. */
#include "model_extra.h"

#include <stdlib.h>

#include "link.h"
#include "mem.h"
#include "pinyin.h"
#include "text.h"

/* Tests hold a theme's total against sums they work out themselves. */
qsum link_theme_money(const dataset *ds, uint32_t theme_index)
{
    const theme *t = &ds->themes[theme_index];
    uint32_t *recs = mem_alloc(((size_t)t->nrecords + 1) * sizeof *recs);
    for (uint32_t i = 0; i < t->nrecords; i++)
        recs[i] = t->first_record + i;
    qsum sum = link_money(ds, recs, t->nrecords);
    free(recs);
    return sum;
}

/* The fuzzer checks that half a sort key already orders as pinyin_compare does. */
uint64_t pinyin_prefix(const char *s)
{
    uint64_t key[2];
    pinyin_key(s, key);
    return key[0];
}

/* Tests check that whatever zjdash prints is UTF-8, and where it stops being so. */
size_t text_invalid_at(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = text_decode(s + i, n - i, &cp);
        if (!len)
            return i;
        i += len;
    }
    return n;
}

/* A sum of "about" and "over" figures is itself only "about": no more precise than its parts. */
void qsum_add(qsum *s, int64_t v, enum qualifier q)
{
    if (q > s->qualifier)
        s->qualifier = q;
    if (__builtin_add_overflow(s->value, v, &s->value)) {
        /* Beyond what we can count: say "at least the most we can". */
        s->value = INT64_MAX;
        if (s->qualifier < QUAL_AT_LEAST)
            s->qualifier = QUAL_AT_LEAST;
    }
    s->parts++;
}

/* Money shown beside several records must not be counted twice, nor lose its 约 or 超. */
qsum link_money(const dataset *ds, const uint32_t *recs, uint32_t n)
{
    uint32_t *figs;
    uint32_t distinct = link_record_figures(ds, recs, n, UNIT_YUAN, &figs);
    qsum sum = {0, QUAL_EXACT, 0};
    for (uint32_t i = 0; i < distinct; i++)
        qsum_add(&sum, ds->figures[figs[i]].value, ds->figures[figs[i]].qualifier);
    free(figs);
    return sum;
}

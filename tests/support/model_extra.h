/* Functions over the model that only the tests call: they lived in model/
 * until nothing else did. Each is built on the model's public interface, so
 * what they answer is what the dashboard's own calls would. No cmocka, so
 * that the fuzzer (tests/fuzz/exercise.c) can link them too. */
#ifndef ZJDASH_TESTS_MODEL_EXTRA_H
#define ZJDASH_TESTS_MODEL_EXTRA_H

#include <stddef.h>
#include <stdint.h>

#include "dataset.h"
#include "value.h"

/* The sum every money figure added, overlapping or not: what the dashboard
 * showed before model/total.c, kept for the tests that prove which distinct
 * figures a set of records names and how qualifiers combine. */
typedef struct qsum {
    int64_t value;
    enum qualifier qualifier;
    uint32_t parts;
} qsum;

void qsum_add(qsum *s, int64_t v, enum qualifier q);
/* The distinct money figures the records name, summed. */
qsum link_money(const dataset *ds, const uint32_t *recs, uint32_t n);

/* link_money for all of a theme's records. */
qsum link_theme_money(const dataset *ds, uint32_t theme_index);

/* The first half of pinyin_key (model/pinyin.h): the start of a string's order
 * as one number; when two prefixes differ, so do the strings, in the same
 * direction. */
uint64_t pinyin_prefix(const char *s);

/* Offset of the first byte that is not UTF-8 (as text_decode reads it), or n
 * if all of it is. */
size_t text_invalid_at(const char *s, size_t n);

#endif

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

/* link_money (model/link.h) for all of a theme's records. */
qsum link_theme_money(const dataset *ds, uint32_t theme_index);

/* The first half of pinyin_key (model/pinyin.h): the start of a string's order
 * as one number; when two prefixes differ, so do the strings, in the same
 * direction. */
uint64_t pinyin_prefix(const char *s);

/* Offset of the first byte that is not UTF-8 (as text_decode reads it), or n
 * if all of it is. */
size_t text_invalid_at(const char *s, size_t n);

#endif

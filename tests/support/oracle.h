/* Answers worked out the slow, obvious way from a dataset's own arrays (or,
 * for UTF-8, from the bytes), for tests to hold the model's fast answers
 * against. They do not use the code they check: not model/link for what a
 * record names, not model/view's matching for what a filter keeps (only the
 * text of a cell as shown, and model/pinyin, tested on its own), not
 * model/text for decoding. No cmocka either: the fuzzer's checks
 * (tests/fuzz/exercise.c) use them too. */
#ifndef ZJDASH_TESTS_ORACLE_H
#define ZJDASH_TESTS_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "dataset.h"

/* Whether record rec names entity e in one of its lists of names. */
bool record_names_entity(const dataset *ds, uint32_t rec, uint32_t e);

/* Whether a filter for needle (not empty) should keep record rec: some cell,
 * as view_cell_text shows it, contains the needle (ASCII letters in either
 * case); or a text cell or one name of a list finds it by pinyin, in text of
 * up to 96 bytes (names and short text, not long quotes nor figures). scratch
 * is for the cells' text, reused across calls made in loops. */
bool brute_contains(const dataset *ds, uint32_t rec, const char *needle, buf *scratch);

/* Decodes one strict UTF-8 sequence at s (n > 0 bytes); returns its length, or
 * 0 where it is not UTF-8 (overlong, surrogate, above U+10FFFF, cut short). */
size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp);

#endif

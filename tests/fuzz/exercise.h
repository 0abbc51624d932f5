/* One input through everything the model and the batch output offer, with the
 * checks that must hold whatever the input: shared by the libFuzzer harness
 * (tests/fuzz/fuzz_load.c) and by the unit test that replays the corpus and
 * the findings (tests/unit/test_fuzz_corpus.c, which #includes exercise.c). */
#ifndef ZJDASH_EXERCISE_H
#define ZJDASH_EXERCISE_H

#include <stddef.h>

/* The name the input is loaded under: every error message starts with it. */
#define EXERCISE_NAME "fuzz-input.json"

/* Called with a one-line description of the first check that failed. It must
 * not return (the harness aborts, the unit test fails the test). */
typedef void (*exercise_fail_fn)(const char *message);

/* Loads the size bytes at data (not NUL-terminated: the caller passes a buffer
 * of exactly size bytes) with dataset_load_memory. A refused input must come
 * with a one-line, terminal-safe message NAME:LINE:COLUMN: ... and no dataset.
 * A loaded one goes through every view, sort, filter, search, drill-down,
 * total, lookup and dump, and through the writer and the loader again; all of
 * it is freed before this returns. */
void exercise(const char *data, size_t size, exercise_fail_fn fail);

#endif

/* The model written back in the dataset format (data/SCHEMA.md), in the order
 * the loader reads: loading what this writes gives the same model. Only the
 * tests need it (the property tests and the fuzzer load what it writes and
 * compare), so it lives with them; no cmocka, so that the fuzzer can link it. */
#ifndef ZJDASH_TESTS_DATASET_WRITE_H
#define ZJDASH_TESTS_DATASET_WRITE_H

#include "buf.h"
#include "dataset.h"

void dataset_write(const dataset *ds, buf *out);

#endif

/* The model written back in the dataset format (data/SCHEMA.md), in the order
 * the loader reads: loading what this writes gives the same model. */
#ifndef ZJDASH_WRITE_H
#define ZJDASH_WRITE_H

#include "buf.h"
#include "dataset.h"

void dataset_write(const dataset *ds, buf *out);

#endif

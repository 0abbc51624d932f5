/* The loader: reads a dataset file (data/SCHEMA.md) in one pass and checks
 * all of it, so that nothing after it has to; a mistake is told as one line
 * that says where and what (FILE:LINE:COLUMN: PATH: expected ..., found ...). */
#ifndef ZJDASH_LOAD_H
#define ZJDASH_LOAD_H

#include <stddef.h>

#include "dataset.h"

enum dataset_status { DATASET_OK, DATASET_INVALID, DATASET_UNREADABLE };

/* Each loads a whole dataset or nothing: on failure *out is NULL and err holds
 * one line FILE:LINE:COLUMN: PATH: message (or FILE: reason). */
enum dataset_status dataset_load_file(const char *path, dataset **out, char *err, size_t errlen);
enum dataset_status dataset_load_fd(int fd, const char *name, dataset **out, char *err, size_t errlen);
enum dataset_status dataset_load_memory(const char *data, size_t len, const char *name, dataset **out,
                                        char *err, size_t errlen);

#endif

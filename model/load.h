/* The loader: reads a dataset file (data/SCHEMA.md) in one pass and checks
 * all of it, so that nothing after it has to; a mistake is told as one line
 * that says where and what (FILE:LINE:COLUMN: PATH: expected ..., found ...). */
#ifndef ZJDASH_LOAD_H
#define ZJDASH_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataset.h"

/* DATASET_CANCELLED: the progress's cancelled() said so; nothing is kept and
 * err is empty. */
enum dataset_status { DATASET_OK, DATASET_INVALID, DATASET_UNREADABLE, DATASET_CANCELLED };

/* How far a long load has come, for a loading screen or a progress line.
 * report() is called once at the start, every LOAD_PROGRESS_EVERY elements
 * of an array (records, figures, ...) and once at the end of a whole file;
 * bytes is how far the file has been read (0 when that cannot be known, as
 * for a pipe), total_bytes its size (0 for a pipe). cancelled() is asked as
 * often; true stops the load with DATASET_CANCELLED. Either may be NULL. */
struct load_progress {
    void (*report)(void *user, size_t bytes, size_t total_bytes, uint32_t records);
    bool (*cancelled)(void *user);
    void *user;
};
/* Often enough for 20 frames a second at a million records in 15 s, rare
 * enough that the calls cost nothing measurable. */
#define LOAD_PROGRESS_EVERY 1024u

/* Each loads a whole dataset or nothing: on failure *out is NULL and err holds
 * one line FILE:LINE:COLUMN: PATH: message (or FILE: reason). */
enum dataset_status dataset_load_file(const char *path, dataset **out, char *err, size_t errlen);
enum dataset_status dataset_load_fd(int fd, const char *name, dataset **out, char *err, size_t errlen);
enum dataset_status dataset_load_memory(const char *data, size_t len, const char *name, dataset **out,
                                        char *err, size_t errlen);
/* The same, telling progress (which may be NULL) as they go. */
enum dataset_status dataset_load_file_progress(const char *path, const struct load_progress *p,
                                               dataset **out, char *err, size_t errlen);
enum dataset_status dataset_load_fd_progress(int fd, const char *name,
                                             const struct load_progress *p, dataset **out,
                                             char *err, size_t errlen);

#endif

/* The Zhanjiang 2024 dataset, compiled into the binary so that one copied file
 * is all a server needs. Generated from data/zhanjiang-2024.json at build time. */
#ifndef ZJDASH_BUILTIN_H
#define ZJDASH_BUILTIN_H

#include <stddef.h>

extern const unsigned char zjdash_builtin_data[];
extern const size_t zjdash_builtin_size;

#endif

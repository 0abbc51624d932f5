/* Finding a needle in text, fast: filters and searches look through every
 * cell of a table at each keystroke, a hundred megabytes at a million rows. */
#ifndef ZJDASH_SCAN_H
#define ZJDASH_SCAN_H

#include <stddef.h>

/* The first place in hay (len bytes) where needle (n bytes, its ASCII letters
 * in lower case) occurs, ASCII letters of hay matching either case; NULL if
 * none. Bytes that are not ASCII letters match only themselves, so Chinese
 * text is never changed by folding. An empty needle is found at once. */
const char *scan_find(const char *hay, size_t len, const char *needle, size_t n);

#endif

/* A TrueType font cut down to the characters of one picture, so that an SVG
 * snapshot can carry its font and look the same on a machine without it: a
 * CJK font of megabytes becomes tens of kilobytes. TrueType outlines only
 * (.ttf, or the first font of a .ttc); PostScript-outline OpenType (.otf) is
 * refused with a message. The input is checked as it is read: a broken or
 * hostile font gets an error, never a crash. */
#ifndef ZJDASH_FONTSUBSET_H
#define ZJDASH_FONTSUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Writes to out a font with glyphs for the code points (and .notdef), the
 * metrics, hinting and names of the original, and nothing else. Returns 0,
 * or -1 with a message in err. */
int font_subset(const unsigned char *font, size_t len, const uint32_t *cps, size_t ncps, buf *out,
                char *err, size_t errlen);

#endif

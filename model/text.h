/* Text as a terminal shows it: UTF-8 decoding and validation, display width in
 * cells (from the Unicode database, whatever the locale), sanitising, and
 * cutting and padding to a width. Nothing here knows about curses. */
#ifndef ZJDASH_TEXT_H
#define ZJDASH_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum text_class {
    TEXT_NARROW,  /* one cell */
    TEXT_WIDE,    /* two cells: CJK ideographs, fullwidth forms */
    TEXT_ZERO,    /* combines with the character before it */
    TEXT_UNSAFE,  /* controls, format and bidi characters, unassigned: never drawn raw */
};

/* The most combining marks kept on one character; the rest are summarised. */
#define TEXT_MAX_COMBINING 4

/* Decodes the UTF-8 sequence at s (n > 0 bytes available): returns its length
 * and stores the code point, or returns 0 if the bytes are not UTF-8
 * (truncated, overlong, surrogate, beyond U+10FFFF). */
size_t text_decode(const char *s, size_t n, uint32_t *cp);
size_t text_encode(uint32_t cp, char out[4]);
/* Whether the invalid bytes at s look like a GBK or GB 18030 double-byte character. */
bool text_looks_gbk(const char *s, size_t n);

enum text_class text_class_of(uint32_t cp);

/* Appends s with everything unsafe made visible: invalid bytes as \xHH,
 * C0 controls as ^X, other unsafe characters as <U+XXXX>, combining marks with
 * nothing to combine with as <U+XXXX>, and more than TEXT_MAX_COMBINING marks on
 * one character as <+N marks>. The result is safe to write to a terminal. */
void text_sanitize(buf *out, const char *s, size_t n);
/* Display width in cells of the sanitised form of s. */
int text_width(const char *s, size_t n);

enum text_fit_flags {
    TEXT_ALIGN_RIGHT = 1, /* pad on the left */
    TEXT_ASCII = 2,       /* mark a cut with "~" instead of the ambiguous-width "…" */
    TEXT_NO_PAD = 4,      /* cut, but do not pad to the width */
};

/* Appends the sanitised s cut to at most width cells (a cut never splits a
 * character and is marked), then padded with spaces to exactly width cells
 * unless TEXT_NO_PAD. Returns the number of cells appended. */
int text_fit(buf *out, const char *s, size_t n, int width, int flags);

/* Appends s as a JSON string literal in which everything a terminal would act
 * on, hide or reorder is a \u escape: safe to print, and read back the same. */
void text_json_string(buf *out, const char *s);

/* How many bytes of s, which must be sanitised already, make the next line of
 * at most width cells when wrapping: whole characters with their marks, at
 * least one, ending after a space when one lies in the last third. */
size_t text_wrap(const char *s, size_t n, int width);

#endif

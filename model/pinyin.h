/* Chinese as a reader orders and finds it, on any machine, with no locale:
 * pinyin order for sorting, and pinyin initials or syllables for searching.
 *
 * Order (the "collation"), compared level by level:
 *   1. what is said: digits first, as numbers (2 before 10); then Latin
 *      letters, either case; then Chinese characters by the pinyin syllable
 *      of their most common reading (安 an < 布 bu < 黄 huang); then anything
 *      else by code point. Spaces and punctuation do not count at this level.
 *   2. how: tones 1 to 4 then the neutral tone; lower case before upper.
 *   3. code points: two different strings are never equal.
 * Readings come from Unihan's kMandarin (model/pinyin_table.inc, made by
 * tools/gen-pinyin.c); a character with several takes the first. */
#ifndef ZJDASH_PINYIN_H
#define ZJDASH_PINYIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A character's reading: its syllable ("zhan"), or NULL if it has none, and
 * its tone (1-4, 5 neutral). */
const char *pinyin_of(uint32_t cp, int *tone);

/* <0, 0 or >0 as a sorts before, with or after b. */
int pinyin_compare(const char *a, const char *b);
/* The start of a string's order (its first eight elements) as a 128-bit
 * number, key[0] high: when two keys differ, so do the strings, in the same
 * direction; when they are equal, compare. */
void pinyin_key(const char *s, uint64_t key[2]);
/* The key of the eight elements after the first skip, for strings whose keys
 * tie: false if one of those skip elements was not kept exactly (a key
 * stops at such an element), when equal keys do not mean equal elements. */
bool pinyin_key_after(const char *s, size_t skip, uint64_t key[2]);

/* Whether needle (lower-case ASCII letters) finds s by pinyin: each Chinese
 * character stands for its syllable or the start of it (so initials such as
 * lwc, and zh ch sh, and whole syllables such as linwu), letters for
 * themselves in either case. On a match, the bytes of s it covers. */
bool pinyin_find(const char *s, size_t n, const char *needle, size_t needle_len, size_t *from,
                 size_t *to);
/* A quick test that rules out most strings pinyin_find would not find a
 * needle in, for a filter that asks it of a million names: which characters
 * could start a match. Made once per needle. */
struct pinyin_sieve {
    uint8_t starts[65536 / 8];       /* syllable starts with the needle's first letter */
    uint8_t starts_two[65536 / 8];   /* ... and its second letter is the needle's second */
    uint8_t second_starts[65536 / 8]; /* syllable starts with the needle's second letter */
    char first, second;              /* the needle's first letters; second 0 if it has one */
    bool decides;                    /* a needle of one or two letters: the sieve's yes is sure */
};
/* needle: ASCII letters, as pinyin_find takes them. */
void pinyin_sieve_init(struct pinyin_sieve *sv, const char *needle, size_t n);
/* false only if pinyin_find(s, n, needle ...) is false for the sieve's
 * needle; when the sieve decides, true only if it is true (for s of at
 * most 128 characters, all that pinyin_find reads). */
bool pinyin_may_find(const struct pinyin_sieve *sv, const char *s, size_t n);
/* Whether a needle is the kind pinyin_find looks for: ASCII letters only. */
bool pinyin_needle(const char *needle, size_t n);

#endif

#include "pinyin.h"

#include <string.h>

#include "text.h"

struct pinyin_point {
    uint32_t cp;
    uint16_t reading;
};

#include "pinyin_table.inc"

/* Most characters are in two dense blocks, looked up directly; the rest are few and sorted. */
static uint16_t reading_of(uint32_t cp)
{
    if (cp >= 0x4E00 && cp <= 0x9FFF)
        return pinyin_main[cp - 0x4E00];
    if (cp >= 0x3400 && cp <= 0x4DBF)
        return pinyin_ext_a[cp - 0x3400];
    size_t lo = 0, hi = sizeof pinyin_other / sizeof pinyin_other[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pinyin_other[mid].cp < cp)
            lo = mid + 1;
        else if (pinyin_other[mid].cp > cp)
            hi = mid;
        else
            return pinyin_other[mid].reading;
    }
    return 0;
}

/* Finding by pinyin needs a character's syllable as text, not only its rank. */
const char *pinyin_of(uint32_t cp, int *tone)
{
    uint16_t r = reading_of(cp);
    if (!r)
        return NULL;
    *tone = r & 7;
    return pinyin_syllables[(r >> 3) - 1];
}

/* ---- collation elements ---- */

enum weight_class { IGNORED, DIGITS, LETTER, HAN, OTHER };

struct element {
    enum weight_class cls;
    uint32_t primary;   /* within the class */
    uint8_t secondary;  /* tone, or case */
};

/* Fullwidth digits and letters count as their ASCII selves. */
static uint32_t narrow(uint32_t cp)
{
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return cp - 0xFF10 + '0';
    if (cp >= 0xFF21 && cp <= 0xFF3A)
        return cp - 0xFF21 + 'A';
    if (cp >= 0xFF41 && cp <= 0xFF5A)
        return cp - 0xFF41 + 'a';
    return cp;
}

/* Punctuation and spaces must not decide an order: “文章村” sorts with 文章村. */
static bool ignorable(uint32_t cp)
{
    return (cp < 0x80 && !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))) ||
           (cp >= 0x2000 && cp <= 0x206F) ||  /* general punctuation: “ ” … */
           (cp >= 0x3000 && cp <= 0x303F) ||  /* CJK punctuation: 、。《》 */
           (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
           (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
           cp == 0xA0 || cp == 0xB7 || cp == 0xFEFF;
}

/* Reads elements from a string; a run of digits is one number, given as its
 * length (leading zeros aside) and then its digits. */
struct reader {
    const char *s;
    size_t i, n;
    const char *digits; /* the run being given out */
    size_t digits_left;
    bool length_given;
};

/* Both comparing and sort keys read a string as the same elements, so they always agree. */
static bool next_element(struct reader *r, struct element *e)
{
    for (;;) {
        if (r->digits_left) {
            if (!r->length_given) {
                r->length_given = true;
                e->cls = DIGITS;
                /* a length and a digit never meet at one position: equal
                 * lengths are followed by as many digits */
                e->primary = (uint32_t)(r->digits_left > 255 ? 255 : r->digits_left);
                e->secondary = 0;
                return true;
            }
            e->cls = DIGITS;
            e->primary = (uint32_t)(*r->digits - '0');
            e->secondary = 0;
            r->digits++;
            r->digits_left--;
            return true;
        }
        if (r->i >= r->n)
            return false;
        uint32_t cp;
        size_t len = text_decode(r->s + r->i, r->n - r->i, &cp);
        if (!len) {
            cp = (unsigned char)r->s[r->i];
            len = 1;
        }
        cp = narrow(cp);
        if (cp >= '0' && cp <= '9' && len == 1) {
            /* the whole run, without its leading zeros (at least one digit) */
            size_t start = r->i, end = start;
            while (end < r->n && r->s[end] >= '0' && r->s[end] <= '9')
                end++;
            size_t first = start;
            while (first + 1 < end && r->s[first] == '0')
                first++;
            r->digits = r->s + first;
            r->digits_left = end - first;
            r->length_given = false;
            r->i = end;
            continue;
        }
        r->i += len;
        if (ignorable(cp))
            continue;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
            e->cls = LETTER;
            e->primary = (cp | 0x20) - 'a';
            e->secondary = cp >= 'A' && cp <= 'Z';
            return true;
        }
        uint16_t reading = reading_of(cp);
        if (reading) {
            e->cls = HAN;
            e->primary = reading >> 3;
            e->secondary = (uint8_t)(reading & 7);
            return true;
        }
        e->cls = OTHER;
        e->primary = cp;
        e->secondary = 0;
        return true;
    }
}

/* Levels are compared one after another: what is said first, then tone and case. */
static int compare_level(const char *a, const char *b, int level)
{
    struct reader x = {a, 0, strlen(a), NULL, 0, false}, y = {b, 0, strlen(b), NULL, 0, false};
    for (;;) {
        struct element p, q;
        bool more_x = next_element(&x, &p), more_y = next_element(&y, &q);
        if (!more_x || !more_y)
            return more_x - more_y;
        if (p.cls != q.cls)
            return p.cls < q.cls ? -1 : 1;
        uint32_t u = level == 1 ? p.primary : p.secondary, v = level == 1 ? q.primary : q.secondary;
        if (u != v)
            return u < v ? -1 : 1;
    }
}

/* Text columns sort in pinyin order on any machine, with no zh_CN locale. */
int pinyin_compare(const char *a, const char *b)
{
    int c = compare_level(a, b, 1);
    if (!c)
        c = compare_level(a, b, 2);
    if (!c)
        c = strcmp(a, b); /* code point order, for UTF-8 */
    return c < 0 ? -1 : c > 0;
}

/* Sorting a million names compares numbers first; full comparisons are left for ties. */
void pinyin_key(const char *s, uint64_t key[2])
{
    pinyin_key_after(s, 0, key);
}

bool pinyin_key_after(const char *s, size_t skip, uint64_t key[2])
{
    struct reader r = {s, 0, strlen(s), NULL, 0, false};
    uint16_t parts[8] = {0};
    int n = 0;
    struct element e;
    size_t seen = 0;
    bool exact = true;
    while (seen < skip && next_element(&r, &e)) {
        exact = exact && e.cls != OTHER;
        seen++;
    }
    while (n < 8 && next_element(&r, &e)) {
        /* 16 bits a part: the class, then the weight; a weight too large to
         * keep exactly ends the key, so an equal part never hides an order */
        if (e.cls == OTHER) {
            parts[n++] = (uint16_t)(0x4000 + (e.primary >> 6));
            break;
        }
        parts[n++] = (uint16_t)((uint32_t)e.cls << 12 | (e.primary & 0xFFF));
    }
    key[0] = key[1] = 0;
    for (int i = 0; i < 4; i++) {
        key[0] = key[0] << 16 | parts[i];
        key[1] = key[1] << 16 | parts[i + 4];
    }
    return exact;
}

/* ---- finding ---- */

/* Only ASCII letters can spell pinyin: anything else is not worth a pinyin search. */
bool pinyin_needle(const char *needle, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((needle[i] >= 'a' && needle[i] <= 'z') || (needle[i] >= 'A' && needle[i] <= 'Z')))
            return false;
    return true;
}

/* Needles match in either case, without the locale's tolower. */
static char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 'a' - 'A') : c;
}

/* A string read once for finding: each character's syllable (NULL for one
 * that has none), or for ASCII its folded self, and where it starts. */
#define FIND_MAX 128

struct spelled {
    const char *syllable[FIND_MAX];
    char ascii[FIND_MAX];
    size_t at[FIND_MAX + 1];
    int n;
};

/* Whether the needle from k on is spelled by the characters from i on; the
 * end of the match (a character index) goes in *to. */
static bool spell(const struct spelled *sp, int i, const char *needle, size_t len, size_t k, int *to)
{
    if (k == len) {
        *to = i;
        return true;
    }
    if (i >= sp->n)
        return false;
    if (sp->ascii[i])
        return sp->ascii[i] == needle[k] && spell(sp, i + 1, needle, len, k + 1, to);
    const char *syllable = sp->syllable[i];
    if (!syllable || syllable[0] != needle[k])
        return false;
    size_t sl = strlen(syllable);
    for (size_t take = sl < len - k ? sl : len - k; take > 0; take--)
        if (!memcmp(syllable, needle + k, take) && spell(sp, i + 1, needle, len, k + take, to))
            return true;
    return false;
}

/* What the sieve asks of a character: whether its syllable starts with the
 * needle's first letter (and goes on with its second), or with its second. */
enum sieve_question { SIEVE_STARTS, SIEVE_STARTS_TWO, SIEVE_SECOND_STARTS };

static bool sieve_answer(const struct pinyin_sieve *sv, uint16_t reading, enum sieve_question q)
{
    if (!reading)
        return false;
    const char *syllable = pinyin_syllables[(reading >> 3) - 1];
    switch (q) {
    case SIEVE_STARTS:
        return syllable[0] == sv->first;
    case SIEVE_STARTS_TWO:
        return syllable[0] == sv->first && sv->second && syllable[1] == sv->second;
    default:
        return sv->second && syllable[0] == sv->second;
    }
}

static void sieve_mark(struct pinyin_sieve *sv, uint32_t cp, uint16_t reading)
{
    uint8_t bit = (uint8_t)(1u << (cp % 8));
    if (sieve_answer(sv, reading, SIEVE_STARTS))
        sv->starts[cp / 8] |= bit;
    if (sieve_answer(sv, reading, SIEVE_STARTS_TWO))
        sv->starts_two[cp / 8] |= bit;
    if (sieve_answer(sv, reading, SIEVE_SECOND_STARTS))
        sv->second_starts[cp / 8] |= bit;
}

void pinyin_sieve_init(struct pinyin_sieve *sv, const char *needle, size_t n)
{
    memset(sv, 0, sizeof *sv);
    if (!n)
        return;
    sv->first = fold(needle[0]);
    sv->second = n > 1 ? fold(needle[1]) : 0;
    sv->decides = n <= 2;
    for (uint32_t cp = 0x4E00; cp <= 0x9FFF; cp++)
        sieve_mark(sv, cp, pinyin_main[cp - 0x4E00]);
    for (uint32_t cp = 0x3400; cp <= 0x4DBF; cp++)
        sieve_mark(sv, cp, pinyin_ext_a[cp - 0x3400]);
    for (size_t k = 0; k < sizeof pinyin_other / sizeof pinyin_other[0]; k++)
        if (pinyin_other[k].cp <= 0xFFFF)
            sieve_mark(sv, pinyin_other[k].cp, pinyin_other[k].reading);
}

/* The few characters beyond the table's 16 bits are looked up one by one. */
static bool sieve_has(const struct pinyin_sieve *sv, const uint8_t *bits, uint32_t cp, enum sieve_question q)
{
    if (cp > 0xFFFF)
        return sieve_answer(sv, reading_of(cp), q);
    return bits[cp / 8] & (1u << (cp % 8));
}

/* A match starts at a character whose syllable starts with the needle's
 * first letter; with a second letter, that syllable goes on with it, or the
 * next character is it or starts with it (spell, below, takes a syllable's
 * start of one letter or more). For one or two letters that is the whole
 * of pinyin_find's test. */
bool pinyin_may_find(const struct pinyin_sieve *sv, const char *s, size_t n)
{
    bool starts = false; /* the character before may start a match */
    for (size_t i = 0, chars = 0; i < n && chars < FIND_MAX; chars++) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t len;
        if (c < 0x80) {
            cp = c;
            len = 1;
        } else if (c >= 0xE1 && c <= 0xEC && i + 2 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
                   ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
            /* nearly every Chinese character: three bytes that cannot be
             * overlong or a surrogate, decoded here as text_decode would */
            cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (uint32_t)(s[i + 2] & 0x3F);
            len = 3;
        } else if (!(len = text_decode(s + i, n - i, &cp))) {
            cp = 0xFFFD;
            len = 1;
        }
        if (starts && (cp < 0x80 ? fold((char)cp) == sv->second
                                 : sieve_has(sv, sv->second_starts, cp, SIEVE_SECOND_STARTS)))
            return true;
        starts = false;
        if (cp >= 0x80 && sieve_has(sv, sv->starts, cp, SIEVE_STARTS)) {
            if (!sv->second || sieve_has(sv, sv->starts_two, cp, SIEVE_STARTS_TWO))
                return true;
            starts = true;
        }
        i += len;
    }
    return false;
}

/* lwc or linwu finds 林屋村 for users who cannot, or would rather not, type Chinese. */
bool pinyin_find(const char *s, size_t n, const char *needle, size_t needle_len, size_t *from,
                 size_t *to)
{
    char folded[64];
    if (!needle_len || needle_len > sizeof folded)
        return false;
    size_t i = 0;
    while (i < n && (unsigned char)s[i] < 0x80)
        i++;
    if (i == n)
        return false; /* no Chinese to spell: a plain search has looked already */
    for (size_t k = 0; k < needle_len; k++)
        folded[k] = fold(needle[k]);
    struct spelled sp;
    sp.n = 0;
    for (i = 0; i < n && sp.n < FIND_MAX;) {
        uint32_t cp;
        size_t clen = text_decode(s + i, n - i, &cp);
        if (!clen) {
            clen = 1;
            cp = 0xFFFD;
        }
        int tone;
        sp.at[sp.n] = i;
        sp.ascii[sp.n] = cp < 0x80 ? fold((char)cp) : 0;
        sp.syllable[sp.n] = cp < 0x80 ? NULL : pinyin_of(cp, &tone);
        sp.n++;
        i += clen;
    }
    sp.at[sp.n] = i;
    /* a match starts at a Chinese character: letters alone are a plain search */
    for (int c = 0; c < sp.n; c++) {
        int end;
        if (sp.syllable[c] && sp.syllable[c][0] == folded[0] &&
            spell(&sp, c, folded, needle_len, 0, &end)) {
            *from = sp.at[c];
            *to = sp.at[end];
            return true;
        }
    }
    return false;
}

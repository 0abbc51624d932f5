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
    struct reader r = {s, 0, strlen(s), NULL, 0, false};
    uint16_t parts[8] = {0};
    int n = 0;
    struct element e;
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

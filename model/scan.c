#include "scan.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Letters match in either case, without the locale's tolower. */
static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 'a' - 'A') : c;
}

/* A needle's byte that is a letter is compared with the hay's byte with its
 * case bit set: only 'D' and 'd' become 'd'. Other bytes stay as they are. */
static unsigned char case_bit(unsigned char needle_byte)
{
    return needle_byte >= 'a' && needle_byte <= 'z' ? 0x20 : 0;
}

/* The needle's bytes between its first and last at p. */
static bool middle_matches(const unsigned char *p, const unsigned char *needle, size_t n)
{
    for (size_t k = 1; k + 1 < n; k++)
        if (fold(p[k]) != needle[k])
            return false;
    return true;
}

/* Sixteen places are tried at once by their first and last bytes, which
 * together rule out nearly every place: a plain memchr for the first byte
 * stops at every 的 or 'e' of a long quote. */
const char *scan_find(const char *hay, size_t len, const char *needle, size_t n)
{
    if (n == 0)
        return hay;
    if (len < n)
        return NULL;
    const unsigned char *h = (const unsigned char *)hay, *nd = (const unsigned char *)needle;
    unsigned char first = nd[0], last = nd[n - 1];
    unsigned char first_bit = case_bit(first), last_bit = case_bit(last);
    size_t starts = len - n + 1, i = 0;
#ifdef __SSE2__
    const __m128i want_first = _mm_set1_epi8((char)first), want_last = _mm_set1_epi8((char)last);
    const __m128i set_first = _mm_set1_epi8((char)first_bit), set_last = _mm_set1_epi8((char)last_bit);
    for (; i + 16 <= starts; i += 16) {
        __m128i a = _mm_or_si128(_mm_loadu_si128((const __m128i *)(h + i)), set_first);
        __m128i b = _mm_or_si128(_mm_loadu_si128((const __m128i *)(h + i + n - 1)), set_last);
        unsigned both = (unsigned)_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpeq_epi8(a, want_first), _mm_cmpeq_epi8(b, want_last)));
        while (both) {
            size_t at = i + (size_t)__builtin_ctz(both);
            if (middle_matches(h + at, nd, n))
                return hay + at;
            both &= both - 1;
        }
    }
#endif
    for (; i < starts; i++)
        if ((h[i] | first_bit) == first && (h[i + n - 1] | last_bit) == last && middle_matches(h + i, nd, n))
            return hay + i;
    return NULL;
}

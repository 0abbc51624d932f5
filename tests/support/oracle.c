/* See oracle.h. */
#include "oracle.h"

#include <string.h>

#include "pinyin.h"
#include "view.h"

bool record_names_entity(const dataset *ds, uint32_t rec, uint32_t e)
{
    const theme *t = &ds->themes[ds->records[rec].theme];
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        uint32_t cell = ds_cell(ds, rec, c);
        if (t->columns[c].type != COL_REFS || cell == NONE)
            continue;
        for (uint32_t k = 1; k <= ds->refs[cell]; k++)
            if (ds->refs[cell + k] == e)
                return true;
    }
    return false;
}

/* ASCII letters in either case, anything else byte for byte. */
static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle), h = strlen(hay);
    if (n == 0)
        return true;
    for (size_t i = 0; i + n <= h; i++) {
        size_t k = 0;
        while (k < n && lower(hay[i + k]) == lower(needle[k]))
            k++;
        if (k == n)
            return true;
    }
    return false;
}

/* model/pinyin.h is tested on its own (test_pinyin); here it only says which
 * Chinese a needle of letters stands for. */
static bool pinyin_contains(const char *text, const char *needle)
{
    size_t n = strlen(text), from, to;
    return n <= 96 && pinyin_needle(needle, strlen(needle)) &&
           pinyin_find(text, n, needle, strlen(needle), &from, &to);
}

bool brute_contains(const dataset *ds, uint32_t rec, const char *needle, buf *scratch)
{
    const theme *t = &ds->themes[ds->records[rec].theme];
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        buf_clear(scratch);
        view_cell_text(scratch, ds, rec, c);
        const char *text = scratch->data ? scratch->data : "";
        if (contains_ci(text, needle))
            return true;
        uint32_t ref = ds_cell(ds, rec, c);
        if (ref == NONE)
            continue;
        if (t->columns[c].type == COL_TEXT && pinyin_contains(text, needle))
            return true;
        if (t->columns[c].type == COL_REFS)
            for (uint32_t k = 1; k <= ds->refs[ref]; k++)
                if (pinyin_contains(ds_str(ds, ds->entities[ds->refs[ref + k]].name), needle))
                    return true;
    }
    return false;
}

size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, c = s[0] & 0x1Fu, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, c = s[0] & 0x0Fu, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, c = s[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

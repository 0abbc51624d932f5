#include "lang.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One language a process: chosen once at start (--lang, ZJDASH_LANG). */
static enum lang current = LANG_ZH;

void lang_set(enum lang l)
{
    current = l;
}

enum lang lang_get(void)
{
    return current;
}

/* Chinese for C, POSIX, none, and any zh_*: the program's readers are. */
static bool names_chinese(const char *v)
{
    return !strncmp(v, "zh", 2) || !strcmp(v, "C") || !strncmp(v, "C.", 2) || !strcmp(v, "POSIX");
}

enum lang lang_from_environment(void)
{
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) /* LANGUAGE is a list: its first is the user's first choice */
            return names_chinese(v) ? LANG_ZH : LANG_EN;
    }
    return LANG_ZH;
}

bool lang_parse(const char *name, enum lang *out)
{
    if (!strcmp(name, "zh"))
        *out = LANG_ZH;
    else if (!strcmp(name, "en"))
        *out = LANG_EN;
    else if (!strcmp(name, "auto"))
        *out = lang_from_environment();
    else
        return false;
    return true;
}

const char *tr(enum msg m)
{
    return m < MSG_COUNT ? catalog_text[current][m] : "";
}

void lang_printf(buf *out, enum msg m, ...)
{
    va_list ap;
    va_start(ap, m);
    lang_vprintf(out, m, ap);
    va_end(ap);
}

void lang_vprintf(buf *out, enum msg m, va_list ap)
{
    buf_vprintf(out, tr(m), ap);
}

static int by_key(const void *key, const void *entry)
{
    return strcmp(key, *(const char *const *)entry);
}

/* The keys are sorted by the generator, so a key is found by halves. */
const char *tr_key(const char *key)
{
    const char *const *found = bsearch(key, catalog_key, MSG_COUNT, sizeof *catalog_key, by_key);
    return found ? catalog_text[current][found - catalog_key] : NULL;
}

const char *lang_kind(const char *kind, bool place)
{
    char key[96];
    int n = snprintf(key, sizeof key, "kind.%s", kind ? kind : "");
    const char *word = kind && *kind && n > 0 && (size_t)n < sizeof key ? tr_key(key) : NULL;
    return word ? word : tr(place ? MSG_KIND_PLACE : MSG_KIND_ORGANISATION);
}

void lang_date(buf *out, const char *iso)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, m, d = 0, used = 0;
    int got = sscanf(iso, "%4d-%2d%n-%2d%n", &y, &m, &used, &d, &used);
    if (got < 2 || iso[used] || m < 1 || m > 12 || (got == 3 && (d < 1 || d > 31))) {
        buf_puts(out, iso);
        return;
    }
    if (current == LANG_ZH)
        buf_printf(out, got == 3 ? "%d年%d月%d日" : "%d年%d月", y, m, d);
    else if (got == 3)
        buf_printf(out, "%d %s %d", d, months[m - 1], y);
    else
        buf_printf(out, "%s %d", months[m - 1], y);
}

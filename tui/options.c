#include "options.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dump.h"
#include "mem.h"
#include "text.h"
#include "view.h"

/* --tab takes what a user sees (a number, a title) as well as an id. */
int options_find_tab(const dataset *ds, const char *name)
{
    int t = dataset_find_theme(ds, name);
    if (t >= 0)
        return t;
    char number[16];
    snprintf(number, sizeof number, "%u", ds->nthemes + 1);
    return !strcmp(name, "places") || !strcmp(name, number) ? (int)ds->nthemes : -1;
}

/* One reading of --sort for the dashboard, the dumps and the pictures. */
void options_parse_sort(const char *spec, struct sort_spec *out)
{
    out->column = mem_strdup(spec);
    out->descending = false;
    char *colon = strrchr(out->column, ':');
    if (colon && (!strcmp(colon, ":desc") || !strcmp(colon, ":asc"))) {
        out->descending = colon[1] == 'd';
        *colon = 0;
    }
}

/* The spec owns its copy of the column's name. */
void options_free_sort(struct sort_spec *s)
{
    free(s->column);
    s->column = NULL;
}

/* A sort that names no column is a mistake to report, not to ignore. */
bool options_sort_found(const dataset *ds, const struct sort_spec *s, int only)
{
    for (uint32_t t = 0; t < ds->nthemes; t++)
        if ((only < 0 || (uint32_t)only == t) && view_find_column(ds, t, s->column) >= 0)
            return true;
    return false;
}

/* Arguments are echoed, so the message is sanitised: a file name or option
 * may hold escape sequences. */
static int usage_error(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Both forms end here: one line, sanitised, then where to look. */
static int usage_error(const char *fmt, va_list ap)
{
    buf raw, safe;
    buf_init(&raw);
    buf_init(&safe);
    buf_vprintf(&raw, fmt, ap);
    text_sanitize(&safe, raw.data ? raw.data : "", raw.len);
    fprintf(stderr, "zjdash: %s\n%s", safe.data ? safe.data : "", TRY_HELP);
    buf_free(&raw);
    buf_free(&safe);
    return EXIT_USAGE;
}

int options_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int st = usage_error(fmt, ap);
    va_end(ap);
    return st;
}

/* test_lang holds both languages' conversions to the same order: that is
 * what lets a format come from the catalogues. */
int options_usage_error_msg(enum msg m, ...)
{
    va_list ap;
    va_start(ap, m);
    int st = usage_error(tr(m), ap);
    va_end(ap);
    return st;
}

bool options_number(const char *s, size_t n, long max, long *out)
{
    if (n == 0 || (n > 1 && s[0] == '0'))
        return false;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        long d = s[i] - '0';
        if (d < 0 || d > 9 || v > max / 10 || (v == max / 10 && d > max % 10))
            return false; /* v * 10 + d would pass max */
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

#include "value.h"

#include <string.h>

static const char *const unit_names[UNIT_COUNT] = {"yuan", "person", "person_time", "item", "date"};
static const char *const unit_measures[UNIT_COUNT] = {"元", "人", "人次", "个", ""};
static const char *const qualifier_names[QUALIFIER_COUNT] = {"exact", "at_least", "over", "about"};

/* The file, messages and dumps spell units alike, from one table. */
const char *unit_name(enum unit u)
{
    return (unsigned)u < UNIT_COUNT ? unit_names[u] : "?";
}

/* The loader takes a unit only as the file format spells it. */
bool unit_parse(const char *s, enum unit *out)
{
    for (int i = 0; i < UNIT_COUNT; i++)
        if (!strcmp(s, unit_names[i])) {
            *out = (enum unit)i;
            return true;
        }
    return false;
}

/* Most figures count in the unit's own word (人, 元); only some name their own (家, 条). */
const char *unit_default_measure(enum unit u)
{
    return (unsigned)u < UNIT_COUNT ? unit_measures[u] : "";
}

/* The dump writes qualifiers as the file format spells them. */
const char *qualifier_name(enum qualifier q)
{
    return (unsigned)q < QUALIFIER_COUNT ? qualifier_names[q] : "?";
}

/* The loader takes a qualifier only as the file format spells it. */
bool qualifier_parse(const char *s, enum qualifier *out)
{
    for (int i = 0; i < QUALIFIER_COUNT; i++)
        if (!strcmp(s, qualifier_names[i])) {
            *out = (enum qualifier)i;
            return true;
        }
    return false;
}

/* Reads exactly n digits. */
static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* 2023-02-29 is not a date, and a report's dates are checked, not trusted. */
static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Parses YYYY[-MM[-DD]] at s; returns the characters used, or 0. */
static size_t parse_date_prefix(const char *s, int *y, int *m, int *d)
{
    *m = *d = 0;
    if (!digits(s, 4, y) || *y < 1)
        return 0;
    if (s[4] != '-')
        return 4;
    if (!digits(s + 5, 2, m) || *m < 1 || *m > 12)
        return 0;
    if (s[7] != '-')
        return 7;
    if (!digits(s + 8, 2, d) || *d < 1 || *d > days_in_month(*y, *m))
        return 0;
    return 10;
}

/* Dates are stored as numbers so that they sort and compare like any figure. */
bool value_parse_date(const char *s, int64_t *packed)
{
    int y, m, d;
    size_t n = parse_date_prefix(s, &y, &m, &d);
    if (!n || s[n])
        return false;
    *packed = (int64_t)y * 10000 + m * 100 + d;
    return true;
}

/* A date given only to the month is shown to the month: no invented day. */
void value_format_date(buf *out, int64_t packed)
{
    int y = (int)(packed / 10000), m = (int)(packed / 100 % 100), d = (int)(packed % 100);
    buf_printf(out, "%04d", y);
    if (m)
        buf_printf(out, "-%02d", m);
    if (d)
        buf_printf(out, "-%02d", d);
}

/* Times and time-zone offsets share one shape, HH:MM. */
static bool check_hh_mm(const char *s, int max_hour)
{
    int h, m;
    return digits(s, 2, &h) && h <= max_hour && s[2] == ':' && digits(s + 3, 2, &m) && m <= 59;
}

/* The publication date is shown as given, so it must at least be a real date and time. */
bool value_check_datetime(const char *s)
{
    int y, m, d;
    if (parse_date_prefix(s, &y, &m, &d) != 10)
        return false;
    s += 10;
    if (!*s)
        return true;
    if (*s != 'T' || !check_hh_mm(s + 1, 23))
        return false;
    s += 6;
    int sec;
    if (*s == ':') {
        if (!digits(s + 1, 2, &sec) || sec > 60)
            return false;
        s += 3;
    }
    if (!*s)
        return true;
    if (*s == 'Z')
        return !s[1];
    return (*s == '+' || *s == '-') && check_hh_mm(s + 1, 23) && !s[6];
}

/* Writes v's digits to end backwards, with a comma every three when grouped;
 * returns where they start. Filters format many figures: no printf here. */
static char *digits_before(char *end, uint64_t v, bool grouped)
{
    int n = 0;
    do {
        if (grouped && n && n % 3 == 0)
            *--end = ',';
        *--end = (char)('0' + v % 10);
        v /= 10;
        n++;
    } while (v);
    return end;
}

/* v / scale with at most `decimals` decimals, when that is exact. */
static inline __attribute__((always_inline)) bool scaled(buf *out, int64_t v, int64_t scale, int decimals, const char *suffix)
{
    int64_t step = scale;
    for (int i = 0; i < decimals; i++)
        step /= 10;
    if (v < scale || v % step)
        return false;
    char text[48], *end = text + sizeof text;
    char *p = end;
    int64_t frac = v % scale;
    if (frac) {
        int64_t s = scale / 10;
        char dec[8];
        int n = 0;
        for (; s >= step && frac; s /= 10) {
            dec[n++] = (char)('0' + frac / s);
            frac %= s;
        }
        p -= n;
        memcpy(p, dec, (size_t)n);
        *--p = '.';
    }
    p = digits_before(p, (uint64_t)(v / scale), false);
    buf_put(out, p, (size_t)(end - p));
    buf_puts(out, suffix);
    return true;
}

/* People read 1.3亿 at a glance where 130,000,000 needs counting. */
void value_format_number(buf *out, int64_t v)
{
    if (v < 0) {
        buf_putc(out, '-');
        v = v == INT64_MIN ? INT64_MAX : -v;
    }
    if (scaled(out, v, 100000000, 4, "亿") || scaled(out, v, 10000, 2, "万"))
        return;
    char text[32], *end = text + sizeof text, *p = digits_before(end, (uint64_t)v, true);
    buf_put(out, p, (size_t)(end - p));
}

/* A figure is shown the way the report wrote it, qualifier and measure word included. */
void value_format(buf *out, int64_t v, enum unit u, enum qualifier q, const char *measure,
                  enum value_style style)
{
    if (u == UNIT_DATE) {
        value_format_date(out, v);
        return;
    }
    if (!measure || !*measure || u == UNIT_YUAN)
        measure = unit_default_measure(u);
    if (q == QUAL_ABOUT)
        buf_puts(out, style == VALUE_SIGNS ? "≈" : "约");
    else if (q == QUAL_OVER && style == VALUE_WORDS)
        buf_puts(out, "超");
    else if (q == QUAL_AT_LEAST && style == VALUE_SIGNS)
        buf_puts(out, "≥");
    value_format_number(out, v);
    buf_puts(out, measure);
    if (q == QUAL_OVER && style == VALUE_SIGNS)
        buf_putc(out, '+');
    else if (q == QUAL_AT_LEAST && style == VALUE_WORDS)
        buf_puts(out, "以上");
}

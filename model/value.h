/* Typed values: units, qualifiers, dates, and the forms a reader of the report
 * expects (1.3亿元, 4000万元, 4,170人, 约/超/以上), plus sums that never claim to
 * be more precise than their parts. Formatting never depends on the locale. */
#ifndef ZJDASH_VALUE_H
#define ZJDASH_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

enum unit { UNIT_YUAN, UNIT_PERSON, UNIT_PERSON_TIME, UNIT_ITEM, UNIT_DATE };
#define UNIT_COUNT 5

/* From the most precise to the least: a sum takes the least precise of its parts'. */
enum qualifier { QUAL_EXACT, QUAL_AT_LEAST, QUAL_OVER, QUAL_ABOUT };
#define QUALIFIER_COUNT 4

/* The largest whole number a JSON double carries exactly. */
#define VALUE_MAX INT64_C(9007199254740991)

const char *unit_name(enum unit u);
bool unit_parse(const char *s, enum unit *out);
const char *qualifier_name(enum qualifier q);
bool qualifier_parse(const char *s, enum qualifier *out);
/* The measure word shown after a count when the figure gives none. */
const char *unit_default_measure(enum unit u);

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" as YYYYMMDD with 00 for the parts not
 * given, so that dates compare as numbers. */
bool value_parse_date(const char *s, int64_t *packed);
void value_format_date(buf *out, int64_t packed);
/* "YYYY-MM-DD" with optional "THH:MM[:SS]" and optional "Z" or "+HH:MM". */
bool value_check_datetime(const char *s);

enum value_style {
    VALUE_WORDS, /* 约1.3亿元, 超4000万元, 10万元以上: as the report writes */
    VALUE_SIGNS, /* ≈1.3亿元, 4000万元+, ≥10万元 */
};

/* 1.3亿, 3365万, 4,170: exact, in 亿 or 万 where that needs at most 4 or 2
 * decimals, else with thousands separators. */
void value_format_number(buf *out, int64_t v);
/* The number with its qualifier and measure: 约1.3亿元, 4,170人, 7家. measure
 * NULL means the unit's default; dates are formatted as dates. */
void value_format(buf *out, int64_t v, enum unit u, enum qualifier q, const char *measure,
                  enum value_style style);

#endif

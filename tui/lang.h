/* The words the program itself shows, in Chinese (the default: its readers
 * are Chinese) or English, from catalogues built into the binary
 * (po/zh_CN.po, po/en.po, made into tables by tools/po2c at build time):
 * gettext shows nothing under C.UTF-8, the only locale many servers have.
 * The data is shown as the report gives it, in either language. */
#ifndef ZJDASH_LANG_H
#define ZJDASH_LANG_H

#include <stdarg.h>
#include <stdbool.h>

#include "buf.h"
#include "catalog.h"

enum lang { LANG_ZH, LANG_EN };

/* The language of everything shown from now on. */
void lang_set(enum lang l);
enum lang lang_get(void);
/* zh, en, or auto (lang_from_environment); false for anything else. */
bool lang_parse(const char *name, enum lang *out);
/* auto: English only when LANGUAGE, LC_ALL, LC_MESSAGES or LANG (the first
 * set) names a language other than Chinese; C, POSIX or none is Chinese. */
enum lang lang_from_environment(void);

/* A message in the language set. */
const char *tr(enum msg m);
/* A message that is a printf format, filled in and appended to out: GCC
 * cannot check a format read from the catalogue, so test_lang checks that
 * both languages' conversions agree, and the caller passes what they say.
 * Data goes in as arguments, never as the format. */
void lang_printf(buf *out, enum msg m, ...);
void lang_vprintf(buf *out, enum msg m, va_list ap);
/* A message by its key (kind.village), or NULL when the catalogue has none:
 * for words named by the data, such as a place's or organisation's kind. */
const char *tr_key(const char *key);

/* What a kind identifier of the data is called: 县级市 for county_city; a
 * kind the catalogue does not know is the bare word for places or for
 * organisations, never the identifier. */
const char *lang_kind(const char *kind, bool place);
/* A date of the data (2024-02-01, or 2024-02) as a reader writes it:
 * 2024年2月1日, 1 Feb 2024; anything else as it is. */
void lang_date(buf *out, const char *iso);

#endif

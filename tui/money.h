/* How a total reads wherever it is shown (a heading, a places cell, a page,
 * a dump): the report's own figure as the report gives it; a sum marked as
 * computed; the largest of amounts that may overlap, with how many more. A
 * reader of a briefing must be able to tell which is which. */
#ifndef ZJDASH_MONEY_H
#define ZJDASH_MONEY_H

#include <stdbool.h>

#include "buf.h"
#include "dataset.h"
#include "total.h"

/* 约1.3亿元; Σ约2.5亿元; 约1.3亿元 +2 may overlap; and " +1 other kind", in
 * the language set. */
void money_text(buf *out, const total *t, bool ascii);
/* The same, short, for a column headed in 元: Σ约2.5亿, 约1.3亿 +3 (m tells the rest). */
void money_cell(buf *out, const total *t);
/* Why a figure is or is not in the number shown, in a few words. */
const char *money_role_text(enum total_role role);
/* The mark money_text puts before a computed number: Σ, or its word in
 * ASCII (where a briefing finds it, to say what it means). */
const char *money_sum_mark(bool ascii);
/* What a kind of money (investment, donation...) is called in the language
 * set: never its identifier. */
const char *money_kind_word(enum figure_kind kind);

#endif

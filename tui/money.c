#include "money.h"

#include <stdio.h>

#include "lang.h"
#include "value.h"

/* The mark of a computed number: Σ, or a word where Σ may not draw. */
const char *money_sum_mark(bool ascii)
{
    return ascii ? tr(MSG_MONEY_SUM_ASCII) : "Σ";
}

/* One wording for every place a total is shown, so they cannot disagree. */
void money_text(buf *out, const total *t, bool ascii)
{
    switch (t->how) {
    case TOTAL_EMPTY:
        buf_puts(out, tr(MSG_MONEY_NONE));
        return;
    case TOTAL_SUM:
        buf_puts(out, money_sum_mark(ascii));
        /* fall through */
    case TOTAL_ONE:
    case TOTAL_LARGEST:
        value_format(out, t->value, (enum unit)t->unit, (enum qualifier)t->qualifier, NULL, VALUE_WORDS);
        break;
    }
    if (t->how == TOTAL_LARGEST)
        lang_printf(out, MSG_MONEY_MAY_OVERLAP, t->nmore);
    if (t->other_kinds)
        lang_printf(out, t->other_kinds == 1 ? MSG_MONEY_OTHER_KIND : MSG_MONEY_OTHER_KINDS,
                    t->other_kinds);
}

/* A cell has no room for words: the marks stay, the explanation is one key away. */
void money_cell(buf *out, const total *t)
{
    if (t->how == TOTAL_SUM)
        buf_puts(out, "Σ");
    /* the column's heading carries 元; the qualifier stays, in the report's words */
    if (t->qualifier == QUAL_ABOUT)
        buf_puts(out, "约");
    else if (t->qualifier == QUAL_OVER)
        buf_puts(out, "超");
    value_format_number(out, t->value);
    if (t->qualifier == QUAL_AT_LEAST)
        buf_puts(out, "以上");
    uint32_t more = (t->how == TOTAL_LARGEST ? t->nmore : 0) + t->other_kinds;
    if (more)
        buf_printf(out, " +%u", more);
}

/* The total's page says of every figure why it is where it is. */
const char *money_role_text(enum total_role role)
{
    switch (role) {
    case TOTAL_COUNTED:
        return tr(MSG_MONEY_ROLE_COUNTED);
    case TOTAL_OVERLAPS:
        return tr(MSG_MONEY_ROLE_OVERLAPS);
    case TOTAL_OTHER_KIND:
        return tr(MSG_MONEY_ROLE_OTHER);
    }
    return "";
}

/* The data's kind identifiers are never shown: their words come from the
 * catalogue (kind.investment), or the bare word for money. */
const char *money_kind_word(enum figure_kind kind)
{
    char key[64];
    snprintf(key, sizeof key, "kind.%s", figure_kind_name(kind));
    const char *word = tr_key(key);
    return word ? word : tr(MSG_MONEY_KIND_FALLBACK);
}

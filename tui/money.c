#include "money.h"

#include "value.h"

/* The mark of a computed number: Σ, or "sum" where Σ may not draw. */
static const char *sum_mark(bool ascii)
{
    return ascii ? "sum " : "Σ";
}

/* One wording for every place a total is shown, so they cannot disagree. */
void money_text(buf *out, const total *t, bool ascii)
{
    switch (t->how) {
    case TOTAL_EMPTY:
        buf_puts(out, "no money named");
        return;
    case TOTAL_SUM:
        buf_puts(out, sum_mark(ascii));
        /* fall through */
    case TOTAL_ONE:
    case TOTAL_LARGEST:
        value_format(out, t->value, (enum unit)t->unit, (enum qualifier)t->qualifier, NULL, VALUE_WORDS);
        break;
    }
    if (t->how == TOTAL_LARGEST)
        buf_printf(out, " +%u may overlap", t->nmore);
    if (t->other_kinds)
        buf_printf(out, " +%u other kind%s", t->other_kinds, t->other_kinds == 1 ? "" : "s");
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
        return "counted";
    case TOTAL_OVERLAPS:
        return "not added: it may overlap another";
    case TOTAL_OTHER_KIND:
        return "not added: another kind of money";
    }
    return "";
}

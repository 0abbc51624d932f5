/* The shipped dataset against the report it comes from, data/article.txt:
 * every quote is the report's own words, every number and date the report
 * gives is carried by a figure whose value and qualifier say what the words
 * say, the themes are the report's parts, the places form the tree the report
 * describes, and nothing is left unconnected. Each test lists every problem it
 * finds, not only the first. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"

#include "../support/oracle.h"
#include "../support/testutil.h"

#define ARTICLE_FILE "data/article.txt"
#define DATA_FILE "data/zhanjiang-2024.json"

static dataset *ds;
static char *article;
static size_t article_len;

/* ------------------------------------------------------------------------ */
/* Problems are collected, then reported together. */

static char problems[16384];
static size_t nproblems;

static void problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void problem(const char *fmt, ...)
{
    size_t used = strlen(problems);
    if (used + 2 < sizeof problems) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(problems + used, sizeof problems - used - 1, fmt, ap);
        va_end(ap);
        used = strlen(problems);
        problems[used] = '\n';
        problems[used + 1] = 0;
    }
    nproblems++;
}

static int reset_problems(void **state)
{
    (void)state;
    problems[0] = 0;
    nproblems = 0;
    return 0;
}

#define assert_no_problems()                                                                          \
    do {                                                                                              \
        if (nproblems)                                                                                \
            fail_msg("%zu problem(s):\n%s", nproblems, problems);                                     \
    } while (0)

/* ------------------------------------------------------------------------ */
/* Text helpers. */

static const char *S(str_ref s)
{
    return ds_str(ds, s);
}

static bool is_digit_or_dot(char c)
{
    return (c >= '0' && c <= '9') || c == '.';
}

static bool starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* The UTF-8 character that ends just before p (p > base), as a string. */
static void char_before(const char *base, const char *p, char out[8])
{
    out[0] = 0;
    if (p <= base)
        return;
    const char *q = p - 1;
    while (q > base && ((unsigned char)*q & 0xC0) == 0x80)
        q--;
    size_t n = (size_t)(p - q);
    if (n > 7)
        n = 7;
    memcpy(out, q, n);
    out[n] = 0;
}

/* Byte ranges of the article where some figure's quote occurs. */
struct span {
    size_t start, end;
    uint32_t figure;
};
static struct span *spans;
static size_t nspans;

static void collect_spans(void)
{
    size_t cap = 64;
    spans = malloc(cap * sizeof *spans);
    nspans = 0;
    for (uint32_t f = 0; f < ds->nfigures; f++) {
        const char *q = S(ds->figures[f].quote);
        size_t qlen = strlen(q);
        if (!qlen)
            continue;
        for (const char *p = strstr(article, q); p; p = strstr(p + 1, q)) {
            if (nspans == cap) {
                cap *= 2;
                spans = realloc(spans, cap * sizeof *spans);
            }
            spans[nspans++] = (struct span){(size_t)(p - article), (size_t)(p - article) + qlen, f};
        }
    }
}

/* Whether bytes [start, end) of the article lie inside an occurrence of some
 * figure's quote (of a date figure, when dates_only). */
static bool covered(size_t start, size_t end, bool dates_only)
{
    for (size_t i = 0; i < nspans; i++)
        if (spans[i].start <= start && end <= spans[i].end &&
            (!dates_only || ds->figures[spans[i].figure].unit == UNIT_DATE))
            return true;
    return false;
}

static void context(size_t start, size_t end, char *out, size_t n)
{
    /* up to 12 bytes either side, cut at character boundaries */
    size_t a = start > 12 ? start - 12 : 0, b = end + 12 < article_len ? end + 12 : article_len;
    while (a > 0 && ((unsigned char)article[a] & 0xC0) == 0x80)
        a--;
    while (b < article_len && ((unsigned char)article[b] & 0xC0) == 0x80)
        b++;
    snprintf(out, n, "…%.*s…", (int)(b - a), article + a);
    for (char *p = out; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

/* ------------------------------------------------------------------------ */
/* Every quote is the report's own words. */

static void test_quotes_verbatim(void **state)
{
    (void)state;
    for (uint32_t f = 0; f < ds->nfigures; f++)
        if (!strstr(article, S(ds->figures[f].quote)))
            problem("figure %s: quote is not in the article: %s", S(ds->figures[f].id), S(ds->figures[f].quote));
    for (uint32_t r = 0; r < ds->nrecords; r++)
        if (!strstr(article, S(ds->records[r].quote)))
            problem("record %s: quote is not in the article: %s", S(ds->records[r].id), S(ds->records[r].quote));
    /* Text cells of the quote column are quotes too. */
    for (uint32_t r = 0; r < ds->nrecords; r++) {
        const theme *t = &ds->themes[ds->records[r].theme];
        for (uint32_t c = 0; c < t->ncolumns; c++) {
            uint32_t cell = ds_cell(ds, r, c);
            if (t->columns[c].type == COL_TEXT && !strcmp(S(t->columns[c].key), "quote") && cell != NONE &&
                !strstr(article, S(cell)))
                problem("record %s: quote cell is not in the article", S(ds->records[r].id));
        }
    }
    assert_true(ds->nfigures > 0 && ds->nrecords > 0);
    assert_no_problems();
}

/* Places and organisations are named as the report names them. */
static void test_names_verbatim(void **state)
{
    (void)state;
    for (uint32_t e = 0; e < ds->nentities; e++)
        if (!strstr(article, S(ds->entities[e].name)))
            problem("%s %s: the name %s is not in the article",
                    ds->entities[e].type == ENTITY_PLACE ? "place" : "organisation", S(ds->entities[e].id),
                    S(ds->entities[e].name));
    assert_no_problems();
}

/* ------------------------------------------------------------------------ */
/* Every number and date of the report is carried by a figure. */

static void test_numbers_covered(void **state)
{
    (void)state;
    regex_t re;
    assert_int_equal(regcomp(&re,
                             "[0-9][0-9.]*(多|余)?(万|亿)?(多|余)?"
                             "(人次|个|名|人|元|次|件|场|家|条)",
                             REG_EXTENDED),
                     0);
    regmatch_t m;
    size_t at = 0, found = 0;
    while (at < article_len && regexec(&re, article + at, 1, &m, at ? REG_NOTBOL : 0) == 0) {
        size_t start = at + (size_t)m.rm_so, end = at + (size_t)m.rm_eo;
        found++;
        if (!covered(start, end, false)) {
            char ctx[256];
            context(start, end, ctx, sizeof ctx);
            problem("\"%.*s\" is in no figure's quote: %s", (int)(end - start), article + start, ctx);
        }
        at = end;
    }
    regfree(&re);
    /* The report gives dozens of such numbers; finding none means the pattern is broken. */
    assert_true(found >= 30);
    assert_no_problems();
}

static void test_dates_covered(void **state)
{
    (void)state;
    static const char *const phrases[] = {"去年11月", "2023年9月", "1月14日", "6·30", "2023年"};
    for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) {
        size_t len = strlen(phrases[i]), n = 0;
        for (const char *p = strstr(article, phrases[i]); p; p = strstr(p + 1, phrases[i])) {
            size_t start = (size_t)(p - article);
            n++;
            if (!covered(start, start + len, true)) {
                char ctx[256];
                context(start, start + len, ctx, sizeof ctx);
                problem("the date \"%s\" is in no date figure's quote: %s", phrases[i], ctx);
            }
        }
        if (!n)
            problem("the date \"%s\" is not in the article", phrases[i]);
    }
    assert_no_problems();
}

/* ------------------------------------------------------------------------ */
/* Values and qualifiers say what the quotes say. */

/* v / div as the report writes it: 130000000 / 1e8 is "1.3". */
static void scaled(char *out, size_t n, int64_t v, int64_t div)
{
    int64_t whole = v / div, frac = v % div;
    if (!frac) {
        snprintf(out, n, "%lld", (long long)whole);
        return;
    }
    char f[24];
    size_t len = 0;
    for (int64_t d = div / 10; d >= 1 && len + 1 < sizeof f; d /= 10) {
        f[len++] = (char)('0' + frac / d % 10);
    }
    while (len && f[len - 1] == '0')
        len--;
    f[len] = 0;
    snprintf(out, n, "%lld.%s", (long long)whole, f);
}

static const char *default_measure(enum unit u)
{
    switch (u) {
    case UNIT_YUAN:
        return "元";
    case UNIT_PERSON:
        return "人";
    case UNIT_PERSON_TIME:
        return "人次";
    default:
        return "个";
    }
}

static const char *const qualifier_names[] = {"exact", "at_least", "over", "about"};

/* Looks for number+scale+measure in the quote; for each occurrence works out
 * the qualifier the wording around it gives. Returns whether one occurrence has
 * the wanted qualifier; *seen tells whether the number occurs at all, and
 * *said the qualifier of the last occurrence. */
static bool number_in_quote(const char *quote, const char *number, const char *scale, const char *measure,
                            enum qualifier want, bool *seen, int *said)
{
    size_t nlen = strlen(number);
    for (const char *p = strstr(quote, number); p; p = strstr(p + 1, number)) {
        if (p > quote && is_digit_or_dot(p[-1]))
            continue;
        const char *q = p + nlen;
        if (is_digit_or_dot(*q))
            continue;
        bool more = false; /* 多 or 余 */
        if (starts(q, "多") || starts(q, "余")) {
            more = true;
            q += strlen("多");
        }
        if (*scale) {
            if (!starts(q, scale))
                continue;
            q += strlen(scale);
            if (starts(q, "多") || starts(q, "余")) {
                more = true;
                q += strlen("多");
            }
        } else if (starts(q, "万") || starts(q, "亿")) {
            continue;
        }
        if (!starts(q, measure))
            continue;
        q += strlen(measure);
        char before[8];
        char_before(quote, p, before);
        bool about = !strcmp(before, "约"), over = !strcmp(before, "超") || more, at_least = starts(q, "以上");
        *seen = true;
        int kinds = about + over + at_least;
        int q_said = kinds > 1 ? -2 : about ? QUAL_ABOUT : over ? QUAL_OVER : at_least ? QUAL_AT_LEAST : QUAL_EXACT;
        *said = q_said;
        if (q_said == (int)want)
            return true;
    }
    return false;
}

static bool has_number_text(const char *quote, const char *text)
{
    for (const char *p = strstr(quote, text); p; p = strstr(p + 1, text))
        if (p == quote || !is_digit_or_dot(p[-1]))
            return true;
    return false;
}

/* "2023年9月", "去年11月", "1月14日", "2023年“6·30”": the date the quote gives. */
static bool date_in_quote(const char *quote, int64_t packed, int pub_year)
{
    int y = (int)(packed / 10000), m = (int)(packed / 100 % 100), d = (int)(packed % 100);
    char a[64], b[64];
    /* A month or day must not continue a number: 1月 is not inside 11月. */
    bool found = false;
    if (d) {
        snprintf(a, sizeof a, "%d年%d月%d日", y, m, d);
        snprintf(b, sizeof b, "%d月%d日", m, d);
        char c[64], yy[16];
        snprintf(c, sizeof c, "%d·%d", m, d);
        snprintf(yy, sizeof yy, "%d年", y);
        found = strstr(quote, a) || (y == pub_year && has_number_text(quote, b)) ||
                (strstr(quote, yy) && has_number_text(quote, c));
    } else if (m) {
        snprintf(a, sizeof a, "%d年%d月", y, m);
        snprintf(b, sizeof b, "去年%d月", m);
        char c[64];
        snprintf(c, sizeof c, "今年%d月", m);
        found = strstr(quote, a) || (y == pub_year - 1 && strstr(quote, b)) || (y == pub_year && strstr(quote, c));
    } else {
        snprintf(a, sizeof a, "%d年", y);
        found = strstr(quote, a) != NULL;
    }
    return found;
}

static void test_values_agree(void **state)
{
    (void)state;
    const char *published = S(ds->meta.published);
    int pub_year = atoi(published);
    assert_true(pub_year >= 2000);
    for (uint32_t fi = 0; fi < ds->nfigures; fi++) {
        const figure *f = &ds->figures[fi];
        const char *quote = S(f->quote), *id = S(f->id);
        if (f->unit == UNIT_DATE) {
            if (!date_in_quote(quote, f->value, pub_year)) {
                int y = (int)(f->value / 10000), m = (int)(f->value / 100 % 100), d = (int)(f->value % 100);
                problem("figure %s: the quote does not give the date %04d-%02d-%02d (00: not given): %s", id, y, m,
                        d, quote);
            }
            if (f->qualifier != QUAL_EXACT)
                problem("figure %s: a date's qualifier should be exact", id);
            continue;
        }
        const char *measure = f->measure != NONE ? S(f->measure) : default_measure(f->unit);
        char forms[3][32];
        const char *scales[3];
        int nforms = 0;
        if (f->unit == UNIT_YUAN) {
            scaled(forms[nforms], sizeof forms[0], f->value, 100000000);
            scales[nforms++] = "亿";
            scaled(forms[nforms], sizeof forms[0], f->value, 10000);
            scales[nforms++] = "万";
            scaled(forms[nforms], sizeof forms[0], f->value, 1);
            scales[nforms++] = "";
        } else {
            scaled(forms[nforms], sizeof forms[0], f->value, 1);
            scales[nforms++] = "";
            scaled(forms[nforms], sizeof forms[0], f->value, 10000);
            scales[nforms++] = "万";
        }
        bool seen = false, ok = false;
        int said = -1;
        for (int k = 0; k < nforms && !ok; k++)
            ok = number_in_quote(quote, forms[k], scales[k], measure, (enum qualifier)f->qualifier, &seen, &said);
        if (ok)
            continue;
        if (!seen)
            problem("figure %s: value %lld (%s%s%s) is not in its quote: %s", id, (long long)f->value, forms[0],
                    scales[0], measure, quote);
        else
            problem("figure %s: qualifier %s, but the quote's wording says %s: %s", id,
                    qualifier_names[f->qualifier], said == -2 ? "contradictory things" : qualifier_names[said], quote);
    }
    assert_no_problems();
}

/* A record's figures come from the record's own words. */
static void test_record_figures_in_record_quote(void **state)
{
    (void)state;
    for (uint32_t r = 0; r < ds->nrecords; r++) {
        const theme *t = &ds->themes[ds->records[r].theme];
        for (uint32_t c = 0; c < t->ncolumns; c++) {
            enum column_type type = t->columns[c].type;
            uint32_t cell = ds_cell(ds, r, c);
            if ((type != COL_MONEY && type != COL_COUNT && type != COL_DATE) || cell == NONE)
                continue;
            if (!strstr(S(ds->records[r].quote), S(ds->figures[cell].quote)))
                problem("record %s: its %s figure %s is quoted from words outside the record's quote",
                        S(ds->records[r].id), S(t->columns[c].key), S(ds->figures[cell].id));
        }
    }
    assert_no_problems();
}

/* ------------------------------------------------------------------------ */
/* The themes are the report's parts. */

/* Whether s[0..n) is made only of CJK ideographs (at least two). */
static bool all_ideographs(const char *s, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xF0) != 0xE0 || i + 3 > n)
            return false;
        uint32_t cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (uint32_t)(s[i + 2] & 0x3F);
        if (cp < 0x4E00 || cp > 0x9FFF)
            return false;
        i += 3;
        chars++;
    }
    return chars >= 2;
}

static void test_themes(void **state)
{
    (void)state;
    /* The part headings: lines "TITLE HEADING", two runs of ideographs. */
    char titles[8][64], headings[8][128];
    int nheadings = 0;
    const char *line = article;
    while (*line) {
        const char *eol = strchr(line, '\n');
        if (!eol)
            eol = line + strlen(line);
        const char *a = line, *b = eol;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
            b--;
        const char *space = memchr(a, ' ', (size_t)(b - a));
        if (space && !memchr(space + 1, ' ', (size_t)(b - space - 1)) && all_ideographs(a, (size_t)(space - a)) &&
            all_ideographs(space + 1, (size_t)(b - space - 1)) && nheadings < 8) {
            snprintf(titles[nheadings], sizeof titles[0], "%.*s", (int)(space - a), a);
            snprintf(headings[nheadings], sizeof headings[0], "%.*s", (int)(b - space - 1), space + 1);
            nheadings++;
        }
        line = *eol ? eol + 1 : eol;
    }
    assert_int_equal(nheadings, 4);
    static const char *const ids[] = {"organization", "industry", "governance", "assistance"};
    assert_int_equal(ds->nthemes, 4);
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        const theme *th = &ds->themes[t];
        if (strcmp(S(th->id), ids[t]))
            problem("theme %u: id %s, expected %s", t + 1, S(th->id), ids[t]);
        if (strcmp(S(th->title), titles[t]))
            problem("theme %s: title %s, the article's part %u is titled %s", S(th->id), S(th->title), t + 1,
                    titles[t]);
        if (th->heading == NONE || strcmp(S(th->heading), headings[t]))
            problem("theme %s: heading %s, the article's part %u has %s", S(th->id),
                    th->heading == NONE ? "(none)" : S(th->heading), t + 1, headings[t]);
    }
    assert_no_problems();
}

/* ------------------------------------------------------------------------ */
/* Money says what kind it is (format 1.1), and what it may overlap. */

/* The report's word for each kind, looked for in the words that give the
 * figure. */
static const char *kind_word(uint8_t kind)
{
    switch (kind) {
    case FIGURE_KIND_INVESTMENT:
        return "投入";
    case FIGURE_KIND_DONATION:
        return "捐";
    case FIGURE_KIND_INCOME:
        return "收入";
    case FIGURE_KIND_OUTPUT:
        return "产值";
    case FIGURE_KIND_FUNDING:
        return "补贴";
    default:
        return NULL;
    }
}

/* The clause of quote that gives the money figure f: from the last , 、 or 。
 * before its number to the number. Empty when the number is not found. */
static void money_clause(const figure *f, const char *quote, char *out, size_t n)
{
    static const struct {
        int64_t div;
        const char *scale;
    } scales[] = {{100000000, "亿"}, {10000, "万"}, {1, "元"}};
    out[0] = 0;
    for (size_t s = 0; s < sizeof scales / sizeof *scales && !out[0]; s++) {
        char num[32], text[48];
        scaled(num, sizeof num, f->value, scales[s].div);
        for (const char *p = strstr(quote, num); p; p = strstr(p + 1, num)) {
            const char *after = p + strlen(num);
            if ((p > quote && is_digit_or_dot(p[-1])) || is_digit_or_dot(*after))
                continue;
            snprintf(text, sizeof text, "%s", after);
            if (!strstr(text, scales[s].scale) || strstr(text, scales[s].scale) - text > 3)
                continue;
            const char *start = quote;
            for (const char *q = quote; q < p; q++)
                if (*q == ',' || starts(q, "、") || starts(q, "。"))
                    start = q;
            snprintf(out, n, "%.*s", (int)(p - start), start);
            return;
        }
    }
}

/* Every money figure has a kind, and the words that give it are the kind's
 * (投入 investment, 捐 donation, 收入 income): a total adds only like with like. */
static void test_money_has_the_kind_its_words_say(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < ds->nfigures; i++) {
        const figure *f = &ds->figures[i];
        if (f->unit != UNIT_YUAN)
            continue;
        const char *word = kind_word(f->kind);
        char clause[512];
        money_clause(f, S(f->quote), clause, sizeof clause);
        if (f->kind == FIGURE_KIND_UNKNOWN)
            problem("figure %s: money without a kind: %s", S(f->id), S(f->quote));
        else if (!clause[0])
            problem("figure %s: its number is not in its quote: %s", S(f->id), S(f->quote));
        else if (word && !strstr(clause, word))
            problem("figure %s: its kind's word %s is not in the words that give it: %s", S(f->id), word, clause);
    }
    assert_no_problems();
}

/* A relation joins two figures of one unit and one kind (figures of
 * different kinds are never added anyway, so a relation between them says
 * nothing); an amount given 先后 (over time) is cumulative, and relates to
 * the total it may be part of. */
static void test_relations_join_like_figures(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < ds->nrelations; i++) {
        const figure *a = &ds->figures[ds->relations[i].figure], *b = &ds->figures[ds->relations[i].other];
        if (a->unit != b->unit || a->kind != b->kind || a->kind == FIGURE_KIND_UNKNOWN)
            problem("figures %s and %s are related but not of one unit and one known kind", S(a->id), S(b->id));
    }
    for (uint32_t i = 0; i < ds->nfigures; i++) {
        uint32_t n;
        dataset_figure_relations(ds, i, &n);
        if (ds->figures[i].unit == UNIT_YUAN && strstr(S(ds->figures[i].quote), "先后") && !n)
            problem("figure %s: given 先后 (cumulative) but related to no total: %s", S(ds->figures[i].id),
                    S(ds->figures[i].quote));
    }
    assert_true(ds->nrelations > 0);
    assert_no_problems();
}

/* ------------------------------------------------------------------------ */
/* Places and organisations: located only where the report locates them. */

/* NONE when there is none: the checks below report a missing place among
 * the other problems rather than stop at the first. */
static uint32_t entity_called(const char *name)
{
    for (uint32_t e = 0; e < ds->nentities; e++)
        if (!strcmp(S(ds->entities[e].name), name))
            return e;
    return NONE;
}

/* Higher is smaller: a place's level is above its parent's. -1: not known. */
static int level(str_ref kind)
{
    if (kind == NONE)
        return -1;
    static const char *const levels[][5] = {
        {"city", NULL},
        {"county", "county_city", "district", "zone", NULL},
        {"town", "township", "subdistrict", NULL},
        {"village", NULL},
    };
    for (int l = 0; l < 4; l++)
        for (int i = 0; levels[l][i]; i++)
            if (!strcmp(S(kind), levels[l][i]))
                return l;
    return -1;
}

/* The places the report names without saying where they lie. 足荣村 and 石滩村
 * are named only with the firm that works there; 深圳坂田 lies outside
 * Zhanjiang; 调顺村 only beside 文章村 as a 典型村 a 赤坎区 firm works with;
 * 南极村, 曲界镇 and 角尾乡 only in sentences about 徐闻县's bodies or its
 * marathon; 麻章镇 only after "麻章区…其中", which does not write them together.
 * data/REVIEW.md gives the sentences. */
static const char *const unlocated[] = {"足荣村", "石滩村", "深圳坂田", "调顺村", "南极村", "曲界镇", "角尾乡", "麻章镇"};

static bool is_unlocated(const char *name)
{
    for (size_t i = 0; i < sizeof unlocated / sizeof *unlocated; i++)
        if (!strcmp(name, unlocated[i]))
            return true;
    return false;
}

/* A place's name, and the short form the report also writes (吴川 for
 * 吴川市, 布政 for 布政村): without a last 市, 县, 区 or 村, if two or more
 * characters remain. Returns how many forms (1 or 2). */
static int place_forms(const char *name, char forms[2][128])
{
    snprintf(forms[0], sizeof forms[0], "%s", name);
    size_t n = strlen(name);
    static const char *const ends[] = {"市", "县", "区", "村"};
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t el = strlen(ends[i]);
        if (n >= el + 6 && !strcmp(name + n - el, ends[i]) && n - el < sizeof forms[1]) {
            memcpy(forms[1], name, n - el);
            forms[1][n - el] = 0;
            return 2;
        }
    }
    return 1;
}

/* Whether the report writes the parent just before the place, as an
 * address: 吴川黄坡镇, 黄坡镇林屋村, 霞山东新街道, 杨柑镇布政, 雷州市龙门镇(社工站). */
static bool written_as_address(uint32_t parent, uint32_t place)
{
    char pf[2][128], cf[2][128], both[512];
    int np = place_forms(S(ds->entities[parent].name), pf), nc = place_forms(S(ds->entities[place].name), cf);
    for (int i = 0; i < np; i++)
        for (int j = 0; j < nc; j++) {
            snprintf(both, sizeof both, "%s%s", pf[i], cf[j]);
            if (strstr(article, both))
                return true;
        }
    return false;
}

/* The parent of one place: the city holds the county-level places (the
 * report's frame: its counties, districts and zone are the city's); below
 * them a parent is the report's address, never a guess from a name or from
 * knowledge of the map. */
static void check_parent(uint32_t city, uint32_t e)
{
    const entity *en = &ds->entities[e];
    uint32_t p = en->parent;
    if (p == NONE) {
        if (e != city && !is_unlocated(S(en->name)))
            problem("%s has no parent, but is not among the places the report does not locate", S(en->name));
        return;
    }
    if (is_unlocated(S(en->name)))
        problem("%s has parent %s, but the report does not say where it lies", S(en->name),
                S(ds->entities[p].name));
    int lc = level(en->kind), lp = level(ds->entities[p].kind);
    if (lc >= 0 && lp >= 0 && lc <= lp)
        problem("%s (%s) lies in %s (%s), which is not a larger kind of place", S(en->name), S(en->kind),
                S(ds->entities[p].name), S(ds->entities[p].kind));
    if (p == city) {
        if (lc > 1)
            problem("%s (%s) lies directly in %s: a town or village needs the report's address", S(en->name),
                    S(en->kind), S(ds->entities[p].name));
    } else if (!written_as_address(p, e)) {
        problem("%s lies in %s, but the report never writes %s%s", S(en->name), S(ds->entities[p].name),
                S(ds->entities[p].name), S(en->name));
    }
}

/* The chain from a place up to its root, by name, must be the given one. */
static void check_chain(const char *const *chain, size_t n)
{
    uint32_t e = entity_called(chain[0]);
    for (size_t i = 1; i < n && e != NONE; i++) {
        uint32_t p = ds->entities[e].parent;
        if (p == NONE || strcmp(S(ds->entities[p].name), chain[i])) {
            problem("%s should lie in %s, lies in %s", chain[i - 1], chain[i],
                    p == NONE ? "nothing" : S(ds->entities[p].name));
            return;
        }
        e = p;
    }
    if (e == NONE)
        problem("no place %s", chain[0]);
    else if (ds->entities[e].parent != NONE)
        problem("%s should be the root of %s's chain", chain[n - 1], chain[0]);
}

static void test_places(void **state)
{
    (void)state;
    uint32_t city = entity_called("湛江市");
    assert_true(city != NONE);
    if (ds->entities[city].type != ENTITY_PLACE || ds->entities[city].parent != NONE)
        problem("湛江市 should be a place with no parent");
    for (size_t i = 0; i < sizeof unlocated / sizeof *unlocated; i++)
        if (entity_called(unlocated[i]) == NONE)
            problem("no place %s", unlocated[i]);
    for (uint32_t e = 0; e < ds->nentities; e++) {
        const entity *en = &ds->entities[e];
        if (en->parent != NONE && ds->entities[en->parent].type != ENTITY_PLACE)
            problem("%s: lies in %s, which is not a place", S(en->id), S(ds->entities[en->parent].id));
        else if (en->type == ENTITY_PLACE)
            check_parent(city, e);
    }
    static const char *const buzheng[] = {"布政村", "杨柑镇", "遂溪县", "湛江市"};
    static const char *const linwu[] = {"林屋村", "黄坡镇", "吴川市", "湛江市"};
    static const char *const yuntouxia[] = {"云头下村", "麻章镇"};
    check_chain(buzheng, 4);
    check_chain(linwu, 4);
    check_chain(yuntouxia, 2);
    assert_no_problems();
}

/* Organisations (and the programmes and funds kept with them) located by the
 * report's words rather than by their names: the sentence that says where. */
static const char *const located_by[][2] = {
    {"广东智贝贝科技有限公司党支部", "广东智贝贝科技有限公司党支部是赤坎区两新组织党组织的典型代表"},
    {"赤坎区“飞地”科技企业孵化器", "赤坎区“飞地”科技企业孵化器在深圳坂田挂牌"},
    {"两新党组织党员服务“百千万工程”实施行动方案", "湛江制定《两新党组织党员服务“百千万工程”实施行动方案》"},
    {"市委统战部", "助力湛江乡村振兴,与市委统战部、市农业农村局联合推动,在市慈善会设子账户作为乡村振兴基金"},
    {"市农业农村局", "助力湛江乡村振兴,与市委统战部、市农业农村局联合推动,在市慈善会设子账户作为乡村振兴基金"},
    {"市慈善会", "助力湛江乡村振兴,与市委统战部、市农业农村局联合推动,在市慈善会设子账户作为乡村振兴基金"},
    {"乡村振兴基金", "助力湛江乡村振兴,与市委统战部、市农业农村局联合推动,在市慈善会设子账户作为乡村振兴基金"},
};

/* Whether text holds the place's name or its short form. */
static bool names_place(const char *text, uint32_t place)
{
    char forms[2][128];
    int n = place_forms(S(ds->entities[place].name), forms);
    for (int i = 0; i < n; i++)
        if (strstr(text, forms[i]))
            return true;
    return false;
}

/* A body's name that begins with its place says whose it is (湛江市浙江商会,
 * 徐闻县工商联, 赤坎区文章村党支部); a firm's does not (坡头万兴园艺场 is not
 * said to be in 坡头区 or 坡头镇): a firm is located only by a sentence. */
static void test_organisations_located_by_the_report(void **state)
{
    (void)state;
    for (uint32_t e = 0; e < ds->nentities; e++) {
        const entity *en = &ds->entities[e];
        if (en->type == ENTITY_PLACE || en->parent == NONE)
            continue;
        bool firm = en->kind != NONE && !strcmp(S(en->kind), "firm");
        if (!firm && names_place(S(en->name), en->parent))
            continue;
        const char *phrase = NULL;
        for (size_t i = 0; i < sizeof located_by / sizeof *located_by; i++)
            if (!strcmp(located_by[i][0], S(en->name)))
                phrase = located_by[i][1];
        if (!phrase)
            problem("%s is located in %s, but neither its name nor a sentence of the report says so", S(en->name),
                    S(ds->entities[en->parent].name));
        else if (!strstr(article, phrase) || !strstr(phrase, S(en->name)) || !names_place(phrase, en->parent))
            problem("%s: the sentence that locates it in %s is not the report's, or does not name both: %s",
                    S(en->name), S(ds->entities[en->parent].name), phrase);
    }
    assert_no_problems();
}

/* ------------------------------------------------------------------------ */
/* Every statement about an entity is on its page. */

/* The short forms the report uses for some names (遂溪 for 遂溪县, 浙江商会 for
 * 湛江市浙江商会, 该公司党支部 for 广东智贝贝科技有限公司党支部 after naming it). */
static const char *const aliases[][2] = {
    {"湛江市", "湛江"},
    {"吴川市", "吴川"},
    {"遂溪县", "遂溪"},
    {"徐闻县", "徐闻"},
    {"布政村", "布政"},
    {"湛江市浙江商会", "浙江商会"},
    {"湛江市社会组织党委", "社会组织党委"},
    {"湛江非公经济组织党委", "非公经济组织党委"},
    {"湛江市律师行业党委", "律师行业党委"},
    {"湛江市个私企党委", "个私企党委"},
    {"百县千镇万村高质量发展工程", "百千万工程"},
    {"杨柑镇火龙果协会党支部", "协会党支部"},
    {"广东智贝贝科技有限公司党支部", "该公司党支部"},
};

/* Entity e's forms: its name, then its aliases. NULL past the last. */
static const char *entity_form(uint32_t e, size_t i)
{
    if (i == 0)
        return S(ds->entities[e].name);
    for (size_t a = 0; a < sizeof aliases / sizeof *aliases; a++)
        if (!strcmp(aliases[a][0], S(ds->entities[e].name)) && --i == 0)
            return aliases[a][1];
    return NULL;
}

/* Whether x is e or lies in it (a place in a place, an organisation in a place). */
static bool inside(uint32_t x, uint32_t e)
{
    for (uint32_t steps = 0; x != NONE && steps <= ds->nentities; steps++, x = ds->entities[x].parent)
        if (x == e)
            return true;
    return false;
}

/* Whether record r is on e's page: it names e, or something inside e. */
static bool record_about(uint32_t r, uint32_t e)
{
    for (uint32_t x = 0; x < ds->nentities; x++)
        if (inside(x, e) && record_names_entity(ds, r, x))
            return true;
    return false;
}

/* Whether some record whose quote spans bytes [start, end) of the article is
 * on e's page. */
static bool said_on_page(uint32_t e, size_t start, size_t end)
{
    for (uint32_t r = 0; r < ds->nrecords; r++) {
        const char *q = S(ds->records[r].quote);
        size_t qlen = strlen(q);
        for (const char *p = strstr(article, q); p; p = strstr(p + 1, q))
            if ((size_t)(p - article) <= start && end <= (size_t)(p - article) + qlen && record_about(r, e))
                return true;
    }
    return false;
}

/* The report's text: after the site's header (title, time, 【字体:), before
 * 【 打印本页 】. The title is the headline, not a statement. */
static void body_range(size_t *from, size_t *to)
{
    const char *a = strstr(article, "【字体");
    const char *nl = a ? strchr(a, '\n') : NULL;
    const char *b = strstr(article, "【 打印本页");
    *from = nl ? (size_t)(nl + 1 - article) : 0;
    *to = b ? (size_t)(b - article) : article_len;
}

/* Each time the report names a place, organisation or programme (by its name
 * or a short form), a record quoting those words is on that entity's page:
 * the page lists every statement the report makes about it, the
 * introduction's too. */
static void test_every_mention_is_on_its_page(void **state)
{
    (void)state;
    size_t from, to, mentions = 0;
    body_range(&from, &to);
    for (uint32_t e = 0; e < ds->nentities; e++)
        for (size_t i = 0; entity_form(e, i); i++) {
            const char *form = entity_form(e, i);
            size_t len = strlen(form);
            for (const char *p = strstr(article + from, form); p && (size_t)(p - article) + len <= to;
                 p = strstr(p + 1, form)) {
                size_t start = (size_t)(p - article);
                mentions++;
                if (!said_on_page(e, start, start + len)) {
                    char ctx[256];
                    context(start, start + len, ctx, sizeof ctx);
                    problem("%s (%s): named in words no record on its page quotes: %s", S(ds->entities[e].name),
                            S(ds->entities[e].id), ctx);
                }
            }
        }
    assert_true(mentions >= 100);
    assert_no_problems();
}

/* ------------------------------------------------------------------------ */
/* One statement, one record. */

/* The byte where the sentence holding article byte at begins: after the
 * last 。 or line break before it. */
static size_t sentence_start(size_t at)
{
    size_t s = at;
    while (s > 0 && article[s - 1] != '\n' && !(s >= 3 && !memcmp(article + s - 3, "。", 3)))
        s--;
    return s;
}

/* A record states the sentence its quote ends in (what comes before is there
 * to name the subject). Two records that end in the same sentence present one
 * statement as two: a place's count of records would count it twice. */
static void test_one_record_per_sentence(void **state)
{
    (void)state;
    size_t *ends = calloc(ds->nrecords, sizeof *ends);
    assert_non_null(ends);
    for (uint32_t r = 0; r < ds->nrecords; r++) {
        const char *q = S(ds->records[r].quote), *p = strstr(article, q);
        if (!p) {
            ends[r] = SIZE_MAX;
            continue;
        }
        ends[r] = sentence_start((size_t)(p - article) + strlen(q) - 1);
        for (uint32_t o = 0; o < r; o++)
            if (ends[o] == ends[r]) {
                char ctx[256];
                context(ends[r], ends[r], ctx, sizeof ctx);
                problem("records %s and %s state the same sentence: %s", S(ds->records[o].id),
                        S(ds->records[r].id), ctx);
            }
    }
    free(ends);
    assert_no_problems();
}

/* ------------------------------------------------------------------------ */
/* A quote names its subject. */

/* Whether quote holds a form of some entity record r names (or "全市", the
 * report's word for the whole city, when r names 湛江市); with r NONE, of any
 * entity. */
static bool quote_names_subject(const char *quote, uint32_t r)
{
    for (uint32_t e = 0; e < ds->nentities; e++) {
        if (r != NONE && !record_names_entity(ds, r, e))
            continue;
        for (size_t i = 0; entity_form(e, i); i++)
            if (strstr(quote, entity_form(e, i)))
                return true;
        if (r != NONE && !strcmp(S(ds->entities[e].name), "湛江市") && strstr(quote, "全市"))
            return true;
    }
    return false;
}

/* Whether figure f is in one of record r's figure columns. */
static bool record_carries(uint32_t r, uint32_t f)
{
    const theme *t = &ds->themes[ds->records[r].theme];
    for (uint32_t c = 0; c < t->ncolumns; c++)
        if (t->columns[c].type >= COL_MONEY && ds_cell(ds, r, c) == f)
            return true;
    return false;
}

/* A quote pasted alone into a briefing says who or where: a figure's quote
 * names an entity of a record that carries it ("捐资捐物超4000万元" alone
 * could be the city's or 粤凯's), a record's an entity it names. */
static void test_quotes_name_their_subject(void **state)
{
    (void)state;
    for (uint32_t f = 0; f < ds->nfigures; f++) {
        bool carried = false, named = false;
        for (uint32_t r = 0; r < ds->nrecords && !named; r++)
            if (record_carries(r, f)) {
                carried = true;
                named = quote_names_subject(S(ds->figures[f].quote), r);
            }
        if (!carried)
            named = quote_names_subject(S(ds->figures[f].quote), NONE);
        if (!named)
            problem("figure %s: the quote names no one its records name: %s", S(ds->figures[f].id),
                    S(ds->figures[f].quote));
    }
    for (uint32_t r = 0; r < ds->nrecords; r++)
        if (!quote_names_subject(S(ds->records[r].quote), r))
            problem("record %s: the quote names nothing the record names: %s", S(ds->records[r].id),
                    S(ds->records[r].quote));
    assert_no_problems();
}

/* ------------------------------------------------------------------------ */
/* Nothing unconnected. */

static void test_no_orphan_entities(void **state)
{
    (void)state;
    for (uint32_t e = 0; e < ds->nentities; e++) {
        bool named = false, pointed = false;
        for (uint32_t r = 0; r < ds->nrecords && !named; r++)
            named = record_names_entity(ds, r, e);
        for (uint32_t x = 0; x < ds->nentities && !pointed; x++)
            pointed = ds->entities[x].parent == e;
        if (!named && !pointed)
            problem("%s %s (%s): no record names it and nothing lies in it",
                    ds->entities[e].type == ENTITY_PLACE ? "place" : "organisation", S(ds->entities[e].id),
                    S(ds->entities[e].name));
    }
    assert_no_problems();
}

static void test_records_name_something(void **state)
{
    (void)state;
    for (uint32_t r = 0; r < ds->nrecords; r++) {
        const theme *t = &ds->themes[ds->records[r].theme];
        bool any = false;
        for (uint32_t c = 0; c < t->ncolumns && !any; c++) {
            uint32_t cell = ds_cell(ds, r, c);
            enum column_type type = t->columns[c].type;
            if (cell == NONE)
                continue;
            if (type == COL_REFS)
                any = ds->refs[cell] > 0;
            else if (type == COL_MONEY || type == COL_COUNT || type == COL_DATE)
                any = true;
        }
        if (!any)
            problem("record %s (%s) names no place or organisation and carries no figure", S(ds->records[r].id),
                    S(ds->records[r].name));
    }
    assert_no_problems();
}

/* ------------------------------------------------------------------------ */

static int group_setup(void **state)
{
    (void)state;
    FILE *f = fopen(ARTICLE_FILE, "rb");
    if (!f) {
        perror(ARTICLE_FILE);
        return -1;
    }
    size_t cap = 1 << 16;
    article = malloc(cap);
    article_len = 0;
    size_t got;
    while ((got = fread(article + article_len, 1, cap - article_len - 1, f)) > 0) {
        article_len += got;
        if (article_len + 1 == cap) {
            cap *= 2;
            article = realloc(article, cap);
        }
    }
    fclose(f);
    article[article_len] = 0;
    ds = load_dataset(DATA_FILE);
    if (!ds)
        return -1;
    collect_spans();
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    dataset_free(ds);
    free(article);
    free(spans);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_quotes_verbatim, reset_problems),
        cmocka_unit_test_setup(test_names_verbatim, reset_problems),
        cmocka_unit_test_setup(test_numbers_covered, reset_problems),
        cmocka_unit_test_setup(test_dates_covered, reset_problems),
        cmocka_unit_test_setup(test_values_agree, reset_problems),
        cmocka_unit_test_setup(test_record_figures_in_record_quote, reset_problems),
        cmocka_unit_test_setup(test_money_has_the_kind_its_words_say, reset_problems),
        cmocka_unit_test_setup(test_relations_join_like_figures, reset_problems),
        cmocka_unit_test_setup(test_themes, reset_problems),
        cmocka_unit_test_setup(test_places, reset_problems),
        cmocka_unit_test_setup(test_organisations_located_by_the_report, reset_problems),
        cmocka_unit_test_setup(test_every_mention_is_on_its_page, reset_problems),
        cmocka_unit_test_setup(test_one_record_per_sentence, reset_problems),
        cmocka_unit_test_setup(test_quotes_name_their_subject, reset_problems),
        cmocka_unit_test_setup(test_no_orphan_entities, reset_problems),
        cmocka_unit_test_setup(test_records_name_something, reset_problems),
    };
    return cmocka_run_group_tests_name("test_dataset_fidelity", tests, group_setup, group_teardown);
}

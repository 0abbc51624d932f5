/* Properties of the model that hold for every dataset, checked over many
 * generated ones. A small deterministic generator (xorshift64*, one fixed seed
 * per case) writes a dataset as JSON text (data/SCHEMA.md), keeping its own
 * account of what it wrote (the "truth"), and the model loads the text with
 * dataset_load_memory. Each test then checks one property over every case,
 * against brute force computed from the truth or from the cells as
 * view_cell_text shows them:
 *
 *   - loading keeps every generated value, and figures are shown as value.h
 *     says (1.3亿, 3365万, 4,170; 约/超/以上; the measure);
 *   - a sort by any column, either way, is a permutation of the theme's
 *     records, ordered by the key (figures by value, dates as YYYYMMDD, text
 *     in pinyin order of the text shown, lists by their names in turn), with
 *     empty cells (and empty lists) last both ways, and rows that tie in the
 *     report's order, whatever the sorts before; reversing twice gives the same order;
 *     sorting by -1 (or a column out of range) gives the report's order;
 *   - a filter keeps exactly the rows in which the text of some cell as shown
 *     contains the needle, ASCII letters in either case (and, for a needle of
 *     letters, a text cell or a name of at most 96 bytes that finds it by
 *     pinyin), in the sort order; view_record_contains agrees; clearing the
 *     filter shows every row again;
 *   - a search from every row, both ways, finds the next matching row, going
 *     round the end, or -1; also over more than 4096 rows (its one-pass path);
 *   - totals: a theme's money, and the money of the records about a place or
 *     an organisation (or of any records), is the sum of the distinct money
 *     figures, with the least precise qualifier (exact < at_least < over <
 *     about), INT64_MAX "at least" beyond what it can count, and parts = the
 *     number of distinct figures;
 *   - drill-down both ways: link_entity_records of an entity holds exactly the
 *     records that name it or something inside it, in the report's order;
 *     link_named_by, link_record_entities and link_path agree with the truth;
 *   - dataset_write of a model loads again, to the same model (kinds and
 *     relations between figures included), and writing that gives the same
 *     bytes.
 *
 * The datasets: SMALL_CASES with 0 to 300 records in 1 to 4 themes, and
 * BIG_CASES with about 5000 records in one theme, one of them with money
 * enough to overflow a sum. Every column type in random order; a place tree of
 * random depth with places not located; organisations, some located; figures
 * with values 0, equal, near 9007199254740991, dates of a year, a month or a
 * day, every qualifier, some headline, shared by records and themes; cells
 * left empty; lists of 0 to 4 entities; text of ASCII in both cases, digits,
 * Chinese, punctuation, U+202E, U+200B and other characters drawn as
 * placeholders; strings and keys sometimes written with \u escapes, numbers
 * as 1.3e8 or 4170.000, members in any order; kinds on some figures, and
 * part_of and overlaps lists naming earlier figures of their unit (drawn from
 * a stream of their own, so that the rest of each case is what it was before
 * format 1.1).
 *
 * Last, the smallest datasets that show what the generated ones found, in
 * tests/fixtures/properties/.
 *
 * To look at one case: ZJDASH_PROPS_CASE=N runs only case N, and with
 * ZJDASH_PROPS_DUMP=FILE also writes its JSON to FILE. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dataset.h"
#include "link.h"
#include "load.h"
#include "pinyin.h"
#include "value.h"
#include "view.h"

#include "../support/dataset_write.h"
#include "../support/model_extra.h"
#include "../support/oracle.h"
#include "../support/rng.h"

#define SMALL_CASES 220
#define BIG_CASES 3
#define NCASES (SMALL_CASES + BIG_CASES)
#define BIG_RECORDS 5000
#define OVERFLOW_CASE (SMALL_CASES + 1) /* 1100 money figures near 2^53: sums overflow */
#define SEARCH_IN_ONE_PASS 4096         /* model/view.c: above this many rows */

/* ------------------------------------------------------------------------ */
/* UTF-8, for text the generator wrote or the model showed (always valid). */

/* The text here is valid UTF-8: the lead byte alone gives a character's length. */
static size_t u8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* \u escapes and pinyin needles need the code points of text known to be valid. */
static uint32_t u8_decode(const char *s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    *len = u8_len(p[0]);
    switch (*len) {
    case 1:
        return p[0];
    case 2:
        return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    case 3:
        return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    default:
        return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 | (uint32_t)(p[2] & 0x3F) << 6 |
               (p[3] & 0x3F);
    }
}

/* The byte offsets at which characters of s start, and strlen(s) last. */
static size_t char_starts(const char *s, size_t *at, size_t max)
{
    size_t n = 0, i = 0, len = strlen(s);
    while (i < len && n + 1 < max) {
        at[n++] = i;
        i += u8_len((unsigned char)s[i]);
    }
    at[n] = i < len ? i : len;
    return n;
}

/* ------------------------------------------------------------------------ */
/* What the generator wrote: the truth the model is checked against. */

enum { T_TEXT, T_REFS, T_MONEY, T_COUNT, T_DATE };
static const char *const type_names[] = {"text", "refs", "money", "count", "date"};
enum { U_YUAN, U_PERSON, U_PERSON_TIME, U_ITEM, U_DATE, U_COUNT };
static const char *const unit_names[] = {"yuan", "person", "person_time", "item", "date"};
static const char *const default_measures[] = {"元", "人", "人次", "个", ""};
/* From the most precise to the least: a sum takes the least precise. */
static const char *const qual_names[] = {"exact", "at_least", "over", "about"};

struct gfig {
    const char *id, *label, *quote, *measure; /* measure NULL: none */
    int64_t value;                            /* a date as YYYYMMDD, 00 for a part not given */
    char date[16];                            /* a date as written */
    int unit, qual, theme;                    /* theme -1: the report's */
    bool headline;
    int kind;                                 /* enum figure_kind; 0: no member */
    int rel[3], rel_how[3], nrel;             /* earlier figures listed: REL_PART_OF, REL_OVERLAPS */
};

struct gent {
    const char *id, *name, *kind; /* kind NULL: none */
    int parent;                   /* -1: none */
    bool place;
};

struct gcol {
    const char *key, *label;
    int type, unit;
    int own; /* 0, or 1 id, 2 name, 3 quote: the record's own member */
};

struct gcell {
    bool present;
    const char *text;
    int fig;
    int nrefs;
    int refs[4];
};

struct grec {
    const char *id, *name, *quote;
    uint32_t theme;
    struct gcell *cells;
};

struct gtheme {
    const char *id, *title, *heading; /* heading NULL: none */
    struct gcol *cols;
    uint32_t ncols;
    uint32_t first_rec, nrecs, first_fig, nfigs;
};

struct gen {
    int number;
    uint64_t seed;
    bool big, overflow, odd, many_measures;
    rng r;
    rng side; /* kinds and relations: their own stream, so that r gives what it gave before 1.1 */
    char **owned; /* every string and array made for this case */
    size_t nowned, owned_cap;

    const char *title, *publisher, *published, *section[3];
    int nsection; /* -1: no section member */
    struct gfig *figs;
    uint32_t nfigs, report_figs;
    struct gent *ents;
    uint32_t nents, nplaces;
    struct gtheme *themes;
    uint32_t nthemes;
    struct grec *recs;
    uint32_t nrecs;
    const char *pool[64]; /* texts to use again, for ties */
    uint32_t npool;

    buf json;
    dataset *ds;
    uint32_t *rec_ds, *fig_ds, *ent_ds; /* truth index -> model index */
    uint32_t *rec_gen;                  /* model record -> truth record */
};

static struct gen cases[NCASES];
static int only_case = -1;

/* Everything a case allocates is freed with it, by gen_free, after all the tests. */
static void *own(struct gen *g, void *p)
{
    if (g->nowned == g->owned_cap) {
        g->owned_cap = g->owned_cap ? 2 * g->owned_cap : 256;
        g->owned = realloc(g->owned, g->owned_cap * sizeof *g->owned);
        if (!g->owned)
            abort();
    }
    g->owned[g->nowned++] = p;
    return p;
}

/* Zeroed and owned by the case; the generator has no use for a failed allocation. */
static void *gen_calloc(struct gen *g, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return own(g, p);
}

/* Strings built in scratch buffers must outlive them, in the case. */
static const char *keep(struct gen *g, const char *s)
{
    size_t n = strlen(s);
    char *p = gen_calloc(g, n + 1, 1);
    memcpy(p, s, n);
    return p;
}

/* A case lives through every test: the group's teardown frees it once. */
static void gen_free(struct gen *g)
{
    for (size_t i = 0; i < g->nowned; i++)
        free(g->owned[i]);
    free(g->owned);
    buf_free(&g->json);
    dataset_free(g->ds);
    memset(g, 0, sizeof *g);
}

/* ------------------------------------------------------------------------ */
/* Text: ASCII of both cases, digits, Chinese (common and rare), punctuation
 * that pinyin order ignores, and characters a terminal must not draw raw. */

static const char *const ascii_words[] = {"Alpha", "alpha", "ALPHA", "beta",  "Beta", "Gamma", "zhan", "Zhan",
                                          "JIANG", "village", "Village", "item", "Boxes", "x",   "Q",    "lwc",
                                          "AbC",   "hello world", "Yue", "chao"};
static const char *const digit_words[] = {"0", "7", "42", "007", "4170", "2024", "10", "2", "1.3", "4,170", "99",
                                          "100", "3365", "0.5"};
static const char *const han_words[] = {
    "湛江", "湛", "江", "市", "镇", "村", "区", "县", "企业", "党建", "帮扶", "振兴", "乡", "林屋村", "百千万工程",
    "约", "超", "以上", "亿", "万元", "人次", "个", "家", "名", "雷州", "吴川", "遂溪", "廉江", "徐闻", "麻章",
    "坡头", "赤坎", "霞山", "长", "行", "重", "𠀀", "㐀", "中国", "安", "布", "黄", "女", "绿"};
static const char *const mark_words[] = {" ", "、", "，", "。", "“", "”", "(", ")", "-", "/", "\"", "\\", "'", "·",
                                         "：", "!", "  ", "《", "》", "、、"};
static const char *const odd_words[] = {
    "\xE2\x80\xAE",     /* U+202E right-to-left override */
    "\xE2\x80\x8B",     /* U+200B zero width space */
    "\xE2\x80\x8D",     /* U+200D zero width joiner */
    "\xE2\x80\xA8",     /* U+2028 line separator */
    "\xEF\xBB\xBF",     /* U+FEFF */
    "\xEE\x80\x80",     /* U+E000 private use */
    "\xF4\x8F\xBF\xBF", /* U+10FFFF */
    "Ａ", "５", "ｚ", "😀", "é", "e\xCC\x81", "ß", "İ", "К", "\xC2\xA0", "ＡＢ",
};
#define COUNT_OF(a) (sizeof(a) / sizeof *(a))

/* The mix of scripts is what filters, sorts and placeholders meet; odd characters in some datasets only. */
static const char *piece(struct gen *g)
{
    rng *r = &g->r;
    uint32_t k = below(r, 100);
    if (k < 25)
        return ascii_words[below(r, COUNT_OF(ascii_words))];
    if (k < 40)
        return digit_words[below(r, COUNT_OF(digit_words))];
    if (k < 75)
        return han_words[below(r, COUNT_OF(han_words))];
    if (k < 90 || !g->odd)
        return mark_words[below(r, COUNT_OF(mark_words))];
    return odd_words[below(r, COUNT_OF(odd_words))];
}

/* Text of min to max pieces; reuse: percent chance of a text made before. */
static const char *gen_text(struct gen *g, uint32_t min, uint32_t max, uint32_t reuse)
{
    rng *r = &g->r;
    if (g->npool && chance(r, reuse))
        return g->pool[below(r, g->npool)];
    buf b;
    buf_init(&b);
    /* some start with an earlier text: sort keys (8 elements) then tie */
    if (g->npool && chance(r, 10))
        buf_puts(&b, g->pool[below(r, g->npool)]);
    uint32_t n = between(r, min, max);
    for (uint32_t i = 0; i < n || !b.len; i++)
        buf_puts(&b, piece(g));
    const char *s = keep(g, b.data);
    buf_free(&b);
    if (g->npool < COUNT_OF(g->pool))
        g->pool[g->npool++] = s;
    else
        g->pool[below(r, COUNT_OF(g->pool))] = s;
    return s;
}

/* Ids with the punctuation ids may have, so that lookups meet more than letters and digits. */
static const char *make_id(struct gen *g, char prefix, uint32_t n)
{
    static const char *const suffixes[] = {"", "", "", "", "_a", "-b", ".c", ":D", "_x-y.z:W", "-"};
    char id[64];
    snprintf(id, sizeof id, "%c%u%s", prefix, n, suffixes[below(&g->r, COUNT_OF(suffixes))]);
    return keep(g, id);
}

/* Generated dates must be real ones, 29 February of leap years included. */
static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static const int64_t special_values[] = {
    0, 0, 1, 7, 10, 99, 100, 256, 999, 1000, 4170, 9999, 10000, 10001, 16000, 99999, 100000, 1234567,
    9050000, 33650000, 39000000, 40000000, 100000000, 120000000, 123456789, 130000000, 150000000,
    1000000000000, INT64_C(9007199254740991), INT64_C(9007199254740990), INT64_C(9007199254730000),
    INT64_C(9007199254740000), INT64_C(9007199200000000), INT64_C(4503599627370496)};

static const int64_t powers_of_ten[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
                                        1000000000, 10000000000, 100000000000, 1000000000000,
                                        10000000000000, 100000000000000, 1000000000000000,
                                        10000000000000000};

/* Values where the shown form changes (万, 亿, commas, near 2^53), and ties with earlier figures. */
static void gen_value(struct gen *g, struct gfig *f)
{
    rng *r = &g->r;
    /* a value some earlier figure of the unit has: ties */
    if (g->nfigs && chance(r, 25)) {
        for (int tries = 0; tries < 8; tries++) {
            const struct gfig *o = &g->figs[below(r, g->nfigs)];
            if (o->unit == f->unit) {
                f->value = o->value;
                memcpy(f->date, o->date, sizeof f->date);
                return;
            }
        }
    }
    if (f->unit == U_DATE) {
        uint32_t k = below(r, 100);
        int y = k < 85 ? (int)between(r, 1990, 2030) : k < 95 ? (int)between(r, 1, 9999) : (k % 2 ? 1 : 9999);
        int m = (int)between(r, 1, 12), d = (int)between(r, 1, (uint32_t)days_in_month(y, m));
        if (chance(r, 5)) {
            y = 2024;
            m = 2;
            d = 29;
        }
        switch (below(r, 3)) {
        case 0:
            m = d = 0;
            snprintf(f->date, sizeof f->date, "%04d", y);
            break;
        case 1:
            d = 0;
            snprintf(f->date, sizeof f->date, "%04d-%02d", y, m);
            break;
        default:
            snprintf(f->date, sizeof f->date, "%04d-%02d-%02d", y, m, d);
        }
        f->value = (int64_t)y * 10000 + m * 100 + d;
        return;
    }
    uint32_t k = below(r, 100);
    if (k < 40) {
        f->value = special_values[below(r, COUNT_OF(special_values))];
    } else if (k < 70) {
        f->value = (int64_t)below64(r, (uint64_t)powers_of_ten[below(r, 17)] + 1);
    } else {
        /* a few significant digits: 1.3亿, 3365万 */
        int64_t m = (int64_t)between(r, 1, 99999), p = powers_of_ten[below(r, 13)];
        f->value = m * p;
    }
    if (f->value > VALUE_MAX)
        f->value = VALUE_MAX - (int64_t)below(r, 3);
}

/* Half the figures have a kind; a fifth list one to three earlier figures of
 * their unit in part_of or overlaps. From the side stream only. */
static void gen_kind_and_relations(struct gen *g, struct gfig *f)
{
    rng *r = &g->side;
    f->kind = chance(r, 50) ? (int)between(r, 1, FIGURE_KIND_COUNT - 1) : 0;
    if (!g->nfigs || !chance(r, 20))
        return;
    uint32_t want = between(r, 1, 3);
    for (int tries = 0; tries < 12 && (uint32_t)f->nrel < want; tries++) {
        int other = (int)below(r, g->nfigs);
        bool dup = g->figs[other].unit != f->unit;
        for (int k = 0; k < f->nrel; k++)
            dup |= f->rel[k] == other;
        if (dup)
            continue;
        f->rel[f->nrel] = other;
        f->rel_how[f->nrel++] = chance(r, 50) ? REL_PART_OF : REL_OVERLAPS;
    }
}

/* Every member of a figure varied: qualifier, headline, a measure shown or kept unshown. */
static void gen_figure(struct gen *g, int unit, int theme_index, bool near_max)
{
    rng *r = &g->r;
    struct gfig *f = &g->figs[g->nfigs];
    memset(f, 0, sizeof *f);
    f->id = make_id(g, 'f', g->nfigs);
    f->label = gen_text(g, 1, 3, 20);
    f->quote = gen_text(g, 2, 12, 10);
    f->unit = unit;
    f->theme = theme_index;
    uint32_t q = below(r, 100);
    f->qual = q < 55 ? 0 : q < 70 ? 1 : q < 85 ? 2 : 3;
    f->headline = chance(r, 20);
    if (unit != U_YUAN && unit != U_DATE && chance(r, 40)) {
        static const char *const measures[] = {"家", "名", "场", "Boxes", "BOXES", "boxes",
                                               "户", "项", "km²", "x",   "MW",    "shang"};
        /* some datasets have more than 32 kinds of measure words */
        f->measure = g->many_measures && chance(r, 70) ? gen_text(g, 1, 2, 0) : measures[below(r, COUNT_OF(measures))];
    } else if (chance(r, 5)) {
        f->measure = "万元"; /* on money and dates a measure is kept, and not shown */
    }
    gen_value(g, f);
    if (near_max) {
        f->value = VALUE_MAX - (int64_t)below(r, 1000);
        f->qual = chance(r, 97) ? 0 : 1;
    }
    gen_kind_and_relations(g, f);
    g->nfigs++;
}

/* Figures a record may name: each unit's, defined so far. */
struct avail {
    uint32_t *list[U_COUNT];
    uint32_t n[U_COUNT], cap[U_COUNT];
};

/* The lists of figures a record may name grow with every figure made. */
static void avail_add(struct avail *a, uint32_t fig, int unit)
{
    if (a->n[unit] == a->cap[unit]) {
        a->cap[unit] = a->cap[unit] ? 2 * a->cap[unit] : 64;
        a->list[unit] = realloc(a->list[unit], a->cap[unit] * sizeof *a->list[unit]);
        if (!a->list[unit])
            abort();
    }
    a->list[unit][a->n[unit]++] = fig;
}

/* A figure column takes figures of one unit; text and lists take none (-1). */
static int unit_of_column(const struct gcol *c)
{
    return c->type == T_MONEY ? U_YUAN : c->type == T_DATE ? U_DATE : c->type == T_COUNT ? c->unit : -1;
}

/* Columns of every type in random order, some of them the record's own id, name or quote. */
static void gen_columns(struct gen *g, struct gtheme *t)
{
    rng *r = &g->r;
    int types[12];
    uint32_t n;
    if (chance(r, 80)) {
        n = between(r, 5, 10);
        for (uint32_t i = 0; i < n; i++)
            types[i] = i < 5 ? (int)i : (int)below(r, 5);
    } else {
        n = between(r, 1, 4);
        for (uint32_t i = 0; i < n; i++)
            types[i] = (int)below(r, 5);
    }
    for (uint32_t i = n; i > 1; i--) {
        uint32_t j = below(r, i);
        int x = types[i - 1];
        types[i - 1] = types[j];
        types[j] = x;
    }
    t->cols = gen_calloc(g, n, sizeof *t->cols);
    t->ncols = n;
    bool own_used[4] = {false, false, false, false};
    for (uint32_t i = 0; i < n; i++) {
        struct gcol *c = &t->cols[i];
        c->type = types[i];
        c->label = gen_text(g, 1, 3, 10);
        if (c->type == T_COUNT)
            c->unit = (int)between(r, U_PERSON, U_ITEM);
        if (c->type == T_TEXT) {
            int own_kind = (int)below(r, 6); /* 1 id, 2 name, 3 quote */
            if (own_kind >= 1 && own_kind <= 3 && !own_used[own_kind]) {
                own_used[own_kind] = true;
                c->own = own_kind;
            }
        }
        static const char *const own_keys[] = {NULL, "id", "name", "quote"};
        if (c->own) {
            c->key = own_keys[c->own];
        } else {
            char key[32];
            static const char *const suffixes[] = {"", "", "_k", "-x", ".y", ":Z"};
            snprintf(key, sizeof key, "c%u%s", i, suffixes[below(r, COUNT_OF(suffixes))]);
            c->key = keep(g, key);
        }
    }
}

/* A record's cells: text, lists of 0 to 4 entities, figures of the column's unit, or none. */
static void gen_cells(struct gen *g, const struct gtheme *t, const uint32_t *present, struct avail *a,
                      struct grec *rec, uint32_t index_in_theme)
{
    rng *r = &g->r;
    rec->cells = gen_calloc(g, t->ncols, sizeof *rec->cells);
    for (uint32_t c = 0; c < t->ncols; c++) {
        const struct gcol *col = &t->cols[c];
        struct gcell *cell = &rec->cells[c];
        if (col->own) {
            cell->present = true;
            cell->text = col->own == 1 ? rec->id : col->own == 2 ? rec->name : rec->quote;
            continue;
        }
        if (!chance(r, present[c]))
            continue;
        switch (col->type) {
        case T_TEXT:
            cell->present = true;
            cell->text = chance(r, 10) ? gen_text(g, 20, 80, 0) : gen_text(g, 1, 6, 35);
            break;
        case T_REFS: {
            cell->present = true;
            uint32_t want = chance(r, 10) ? 0 : between(r, 1, 4);
            if (want > g->nents)
                want = g->nents;
            for (int tries = 0; (uint32_t)cell->nrefs < want && tries < 50; tries++) {
                int e = (int)below(r, g->nents);
                bool dup = false;
                for (int k = 0; k < cell->nrefs; k++)
                    dup |= cell->refs[k] == e;
                if (!dup)
                    cell->refs[cell->nrefs++] = e;
            }
            break;
        }
        default: {
            int unit = unit_of_column(col);
            if (!a->n[unit])
                break;
            cell->present = true;
            if (g->overflow && col->type == T_MONEY && index_in_theme < a->n[unit]) {
                /* the theme's own figures (the last ones) once each, then any */
                cell->fig = (int)a->list[unit][a->n[unit] - 1 - index_in_theme];
            } else {
                cell->fig = (int)a->list[unit][below(r, a->n[unit])];
            }
        }
        }
    }
}

/* None, a few, hundreds or thousands of records: the empty, small and one-pass paths all run. */
static uint32_t gen_total(struct gen *g)
{
    rng *r = &g->r;
    if (g->big)
        return BIG_RECORDS + below(r, 300);
    uint32_t k = below(r, 100);
    return k < 8 ? 0 : k < 35 ? between(r, 1, 10) : k < 80 ? between(r, 11, 100) : between(r, 101, 300);
}

/* meta: published dates of every form SCHEMA.md allows, and 0 to 3 sections or none. */
static void gen_meta(struct gen *g)
{
    rng *r = &g->r;
    g->title = gen_text(g, 1, 8, 0);
    g->publisher = gen_text(g, 1, 3, 0);
    char published[40];
    int n = snprintf(published, sizeof published, "%04u-%02u-%02u", between(r, 1990, 2030), between(r, 1, 12),
                     between(r, 1, 28));
    if (chance(r, 50))
        n += snprintf(published + n, sizeof published - (size_t)n, "T%02u:%02u", between(r, 0, 23), between(r, 0, 59));
    if (chance(r, 25) && n > 10)
        n += snprintf(published + n, sizeof published - (size_t)n, ":%02u", between(r, 0, 59));
    if (chance(r, 30) && n > 10)
        snprintf(published + n, sizeof published - (size_t)n, "%s", chance(r, 50) ? "Z" : "+08:00");
    g->published = keep(g, published);
    g->nsection = (int)below(r, 5) - 1;
    for (int i = 0; i < g->nsection; i++)
        g->section[i] = gen_text(g, 1, 3, 10);
}

/* entities: places form a tree of random depth, some not located, so that
 * drill-down meets deep chains, short ones and organisations anywhere. */
static void gen_entities(struct gen *g, uint32_t nplaces, uint32_t norgs)
{
    rng *r = &g->r;
    g->ents = gen_calloc(g, nplaces + norgs, sizeof *g->ents);
    static const char *const place_kinds[] = {"city", "county", "county_city", "district", "zone", "town", "village"};
    static const char *const org_kinds[] = {"party_committee", "firm", "chamber", "charity", "social_work_station"};
    bool orgs_first = norgs && chance(r, 5); /* organisations before places: none located */
    for (uint32_t i = 0; i < nplaces + norgs; i++) {
        struct gent *e = &g->ents[i];
        e->place = i < nplaces;
        e->id = make_id(g, e->place ? 'p' : 'o', i);
        e->name = gen_text(g, 1, 4, 15);
        e->kind = chance(r, 60) ? (e->place ? place_kinds[below(r, COUNT_OF(place_kinds))]
                                            : org_kinds[below(r, COUNT_OF(org_kinds))])
                                : NULL;
        e->parent = -1;
        if (e->place && i > 0 && chance(r, 75))
            e->parent = chance(r, 70) ? (int)(i - 1 - below(r, i < 3 ? i : 3)) : (int)below(r, i);
        else if (!e->place && nplaces && !orgs_first && chance(r, 65))
            e->parent = (int)below(r, nplaces);
    }
    g->nents = nplaces + norgs;
    g->nplaces = nplaces;
}

/* themes: sizes and columns; some themes empty, so that views meet tables of every size. */
static void gen_themes(struct gen *g, uint32_t total)
{
    rng *r = &g->r;
    g->themes = gen_calloc(g, g->nthemes, sizeof *g->themes);
    uint32_t weights[4], sum = 0;
    for (uint32_t t = 0; t < g->nthemes; t++) {
        weights[t] = chance(r, 15) ? 0 : between(r, 1, 10);
        sum += weights[t];
    }
    uint32_t left = total;
    for (uint32_t t = 0; t < g->nthemes; t++) {
        struct gtheme *th = &g->themes[t];
        if (g->big)
            th->nrecs = t == 0 ? total : between(r, 0, 50);
        else
            th->nrecs = !sum ? 0 : t + 1 == g->nthemes ? left : (uint32_t)((uint64_t)total * weights[t] / sum);
        if (!g->big)
            left -= th->nrecs;
        th->id = make_id(g, 't', t);
        th->title = gen_text(g, 1, 3, 5);
        th->heading = chance(r, 50) ? gen_text(g, 1, 6, 5) : NULL;
        gen_columns(g, th);
    }
}

/* Sized once the themes' needs are known: gen_figure and gen_records never grow the arrays. */
static void gen_arrays(struct gen *g, uint32_t report_figs)
{
    uint32_t fig_cap = report_figs + 8;
    for (uint32_t t = 0; t < g->nthemes; t++)
        fig_cap += 5 * (g->themes[t].nrecs / 3 + 2 < 40 ? g->themes[t].nrecs / 3 + 2 : g->big ? 300 : 40) + 8 +
                   (g->overflow && t == 0 ? 1100 : 0);
    g->figs = gen_calloc(g, fig_cap, sizeof *g->figs);
    uint32_t nrecs = 0;
    for (uint32_t t = 0; t < g->nthemes; t++)
        nrecs += g->themes[t].nrecs;
    g->recs = gen_calloc(g, nrecs, sizeof *g->recs);
}

/* Figures of each unit the columns need; in OVERFLOW_CASE, money enough to overflow. */
static void gen_theme_figures(struct gen *g, uint32_t t, struct avail *a)
{
    rng *r = &g->r;
    struct gtheme *th = &g->themes[t];
    th->first_fig = g->nfigs;
    bool needed[U_COUNT] = {false, false, false, false, false};
    for (uint32_t c = 0; c < th->ncols; c++)
        if (unit_of_column(&th->cols[c]) >= 0)
            needed[unit_of_column(&th->cols[c])] = true;
    uint32_t most = th->nrecs / 3 + 2 < 40 ? th->nrecs / 3 + 2 : g->big ? 300 : 40;
    for (int u = 0; u < U_COUNT; u++) {
        if (!needed[u])
            continue;
        uint32_t k = g->overflow && t == 0 && u == U_YUAN ? 1100 : between(r, chance(r, 10) ? 0 : 1, most);
        for (uint32_t i = 0; i < k; i++)
            gen_figure(g, u, (int)t, g->overflow && t == 0 && u == U_YUAN);
    }
    for (uint32_t i = below(r, 4); i > 0; i--)
        gen_figure(g, (int)below(r, U_COUNT), (int)t, false);
    th->nfigs = g->nfigs - th->first_fig;
    for (uint32_t i = th->first_fig; i < g->nfigs; i++)
        avail_add(a, i, g->figs[i].unit);
}

/* Each column full, empty or in between, so that sorts meet ties and empty cells in any proportion. */
static void gen_records(struct gen *g, uint32_t t, struct avail *a)
{
    rng *r = &g->r;
    struct gtheme *th = &g->themes[t];
    uint32_t present[12];
    for (uint32_t c = 0; c < th->ncols; c++) {
        uint32_t k = below(r, 100);
        present[c] = k < 10 ? 0 : k < 25 ? 100 : between(r, 20, 95);
        if (g->overflow && th->cols[c].type == T_MONEY)
            present[c] = 100;
    }
    th->first_rec = g->nrecs;
    for (uint32_t i = 0; i < th->nrecs; i++) {
        struct grec *rec = &g->recs[g->nrecs];
        rec->theme = t;
        rec->id = make_id(g, 'r', g->nrecs);
        rec->name = gen_text(g, 1, 5, 25);
        rec->quote = chance(r, 20) ? gen_text(g, 30, 120, 0) : gen_text(g, 3, 10, 5);
        gen_cells(g, th, present, a, rec, i);
        g->nrecs++;
    }
}

/* Every choice drawn from the seed in a fixed order: a case number names the same dataset. */
static void generate(struct gen *g)
{
    rng *r = &g->r;
    rng_seed(r, g->seed);
    rng_seed(&g->side, g->seed ^ UINT64_C(0x11A7D5));
    g->odd = chance(r, 60);
    g->many_measures = chance(r, 20);
    uint32_t total = gen_total(g);
    g->nthemes = g->big ? 2 : between(r, 1, 4);
    uint32_t nplaces = between(r, 0, g->big ? 60 : 25), norgs = between(r, 0, g->big ? 40 : 15);
    uint32_t report_figs = between(r, 0, 8);

    gen_meta(g);
    gen_entities(g, nplaces, norgs);
    g->figs = NULL; /* sized below, once the themes' needs are known */
    gen_themes(g, total);
    gen_arrays(g, report_figs);

    struct avail a;
    memset(&a, 0, sizeof a);
    for (uint32_t i = 0; i < report_figs; i++) {
        gen_figure(g, (int)below(r, U_COUNT), -1, false);
        avail_add(&a, g->nfigs - 1, g->figs[g->nfigs - 1].unit);
    }
    g->report_figs = report_figs;

    for (uint32_t t = 0; t < g->nthemes; t++) {
        gen_theme_figures(g, t, &a);
        gen_records(g, t, &a);
    }
    for (int u = 0; u < U_COUNT; u++)
        free(a.list[u]);
}

/* ---- writing the JSON ---- */

/* \u escapes in either case, surrogate pairs beyond the BMP: the loader must decode them all. */
static void put_u_escape(struct gen *g, uint32_t cp)
{
    bool upper = chance(&g->r, 50);
    if (cp < 0x10000) {
        buf_printf(&g->json, upper ? "\\u%04X" : "\\u%04x", (unsigned)cp);
    } else {
        unsigned hi = 0xD800 + ((cp - 0x10000) >> 10), lo = 0xDC00 + ((cp - 0x10000) & 0x3FF);
        buf_printf(&g->json, upper ? "\\u%04X\\u%04X" : "\\u%04x\\u%04x", hi, lo);
    }
}

/* s as a JSON string: sometimes with \u escapes for some or all characters. */
static void put_string(struct gen *g, const char *s)
{
    rng *r = &g->r;
    uint32_t escape = chance(r, 15) ? 100 : chance(r, 10) ? 30 : 0;
    buf_putc(&g->json, '"');
    for (size_t i = 0; s[i];) {
        size_t len;
        uint32_t cp = u8_decode(s + i, &len);
        if (cp == '"' || cp == '\\') {
            if (chance(r, 10)) {
                put_u_escape(g, cp);
            } else {
                buf_putc(&g->json, '\\');
                buf_putc(&g->json, (char)cp);
            }
        } else if (escape && (cp >= 0x80 || chance(r, 20)) && chance(r, escape)) {
            put_u_escape(g, cp);
        } else if (cp == '/' && chance(r, 30)) {
            buf_puts(&g->json, "\\/");
        } else {
            buf_put(&g->json, s + i, len);
        }
        i += len;
    }
    buf_putc(&g->json, '"');
}

/* A whole number, mostly plainly, sometimes as 1.3e8, 13E+7 or 130000000.0. */
static void put_number(struct gen *g, int64_t v)
{
    uint32_t how = below(&g->r, 100);
    if (v == 0 && how < 10) {
        buf_puts(&g->json, how < 5 ? "-0" : "0.0e3");
        return;
    }
    if (how < 12 && v > 0 && v % 10 == 0) {
        int64_t m = v;
        int e = 0;
        while (m % 10 == 0) {
            m /= 10;
            e++;
        }
        char digits[32];
        snprintf(digits, sizeof digits, "%lld", (long long)m);
        size_t nd = strlen(digits);
        if (nd > 1 && how < 6)
            buf_printf(&g->json, "%c.%se%d", digits[0], digits + 1, e + (int)nd - 1);
        else
            buf_printf(&g->json, "%sE+%d", digits, e);
        return;
    }
    if (how < 16) {
        buf_printf(&g->json, "%lld.000", (long long)v);
        return;
    }
    buf_printf(&g->json, "%lld", (long long)v);
}

/* Member order must not matter to the loader: some objects are written shuffled. */
static void shuffle(rng *r, uint32_t *a, uint32_t n)
{
    for (uint32_t i = n; i > 1; i--) {
        uint32_t j = below(r, i), x = a[i - 1];
        a[i - 1] = a[j];
        a[j] = x;
    }
}

/* Slots 0..n-1 in the order an object's members are written: usually as
 * given, sometimes shuffled. */
static void member_order(struct gen *g, uint32_t *order, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        order[i] = i;
    if (chance(&g->r, 30))
        shuffle(&g->r, order, n);
}

/* Members on one line or on several, so that the whitespace between them varies. */
static void put_key(struct gen *g, bool *first, const char *k)
{
    buf_puts(&g->json, *first ? "" : chance(&g->r, 80) ? ", " : ",\n      ");
    *first = false;
    put_string(g, k);
    buf_puts(&g->json, ": ");
}

/* "part_of" or "overlaps" (how): the earlier figures f lists so, if any. */
static void put_relation_list(struct gen *g, const struct gfig *f, int how, bool *first)
{
    bool any = false;
    for (int k = 0; k < f->nrel; k++) {
        if (f->rel_how[k] != how)
            continue;
        if (!any)
            put_key(g, first, how == REL_PART_OF ? "part_of" : "overlaps");
        buf_puts(&g->json, any ? ", " : "[");
        any = true;
        put_string(g, g->figs[f->rel[k]].id);
    }
    if (any)
        buf_putc(&g->json, ']');
}

/* kind, part_of and overlaps, after the other members, in either order; with
 * the side stream, so that the main one draws what it drew before 1.1. */
static void put_figure_1_1(struct gen *g, const struct gfig *f, bool *first)
{
    rng main = g->r;
    g->r = g->side;
    bool relations_first = chance(&g->r, 30);
    if (relations_first) {
        put_relation_list(g, f, REL_OVERLAPS, first);
        put_relation_list(g, f, REL_PART_OF, first);
    }
    if (f->kind) {
        put_key(g, first, "kind");
        put_string(g, figure_kind_name(f->kind));
    }
    if (!relations_first) {
        put_relation_list(g, f, REL_PART_OF, first);
        put_relation_list(g, f, REL_OVERLAPS, first);
    }
    g->side = g->r;
    g->r = main;
}

/* A figure's members in any order, "headline": false written now and then. */
static void put_figure(struct gen *g, const struct gfig *f)
{
    uint32_t order[8];
    bool first = true;
    member_order(g, order, 8);
    buf_putc(&g->json, '{');
    for (uint32_t i = 0; i < 8; i++) {
        switch (order[i]) {
        case 0:
            put_key(g, &first, "id");
            put_string(g, f->id);
            break;
        case 1:
            put_key(g, &first, "label");
            put_string(g, f->label);
            break;
        case 2:
            put_key(g, &first, "value");
            if (f->unit == U_DATE)
                put_string(g, f->date);
            else
                put_number(g, f->value);
            break;
        case 3:
            put_key(g, &first, "unit");
            put_string(g, unit_names[f->unit]);
            break;
        case 4:
            put_key(g, &first, "qualifier");
            put_string(g, qual_names[f->qual]);
            break;
        case 5:
            put_key(g, &first, "quote");
            put_string(g, f->quote);
            break;
        case 6:
            if (f->measure) {
                put_key(g, &first, "measure");
                put_string(g, f->measure);
            }
            break;
        default:
            if (f->headline || chance(&g->r, 10)) {
                put_key(g, &first, "headline");
                buf_puts(&g->json, f->headline ? "true" : "false");
            }
        }
    }
    put_figure_1_1(g, f, &first);
    buf_putc(&g->json, '}');
}

/* The report's figures and each theme's are written alike. */
static void put_figures(struct gen *g, uint32_t from, uint32_t n)
{
    buf_putc(&g->json, '[');
    for (uint32_t i = 0; i < n; i++) {
        buf_puts(&g->json, i ? ",\n    " : "\n    ");
        put_figure(g, &g->figs[from + i]);
    }
    buf_putc(&g->json, ']');
}

/* Places and organisations are written alike, but for what their parent is called. */
static void put_entities(struct gen *g, bool places)
{
    bool any = false;
    buf_putc(&g->json, '[');
    for (uint32_t i = 0; i < g->nents; i++) {
        const struct gent *e = &g->ents[i];
        if (e->place != places)
            continue;
        buf_puts(&g->json, any ? ",\n  " : "\n  ");
        any = true;
        uint32_t order[4];
        bool first = true;
        member_order(g, order, 4);
        buf_putc(&g->json, '{');
        for (uint32_t k = 0; k < 4; k++) {
            if (order[k] == 0) {
                put_key(g, &first, "id");
                put_string(g, e->id);
            } else if (order[k] == 1) {
                put_key(g, &first, "name");
                put_string(g, e->name);
            } else if (order[k] == 2 && e->kind) {
                put_key(g, &first, "kind");
                put_string(g, e->kind);
            } else if (order[k] == 3 && e->parent >= 0) {
                put_key(g, &first, places ? "parent" : "place");
                put_string(g, g->ents[e->parent].id);
            }
        }
        buf_putc(&g->json, '}');
    }
    buf_putc(&g->json, ']');
}

/* A record's own members and its cells in any order; empty cells left out. */
static void put_record(struct gen *g, const struct gtheme *t, const struct grec *rec)
{
    uint32_t order[16];
    bool first = true;
    member_order(g, order, 3 + t->ncols);
    buf_putc(&g->json, '{');
    for (uint32_t k = 0; k < 3 + t->ncols; k++) {
        uint32_t slot = order[k];
        if (slot < 3) {
            put_key(g, &first, slot == 0 ? "id" : slot == 1 ? "name" : "quote");
            put_string(g, slot == 0 ? rec->id : slot == 1 ? rec->name : rec->quote);
            continue;
        }
        const struct gcol *c = &t->cols[slot - 3];
        const struct gcell *cell = &rec->cells[slot - 3];
        if (c->own || !cell->present)
            continue;
        put_key(g, &first, c->key);
        switch (c->type) {
        case T_TEXT:
            put_string(g, cell->text);
            break;
        case T_REFS:
            buf_putc(&g->json, '[');
            for (int i = 0; i < cell->nrefs; i++) {
                if (i)
                    buf_puts(&g->json, ", ");
                put_string(g, g->ents[cell->refs[i]].id);
            }
            buf_putc(&g->json, ']');
            break;
        default:
            put_string(g, g->figs[cell->fig].id);
        }
    }
    buf_putc(&g->json, '}');
}

/* A theme with its columns, its figures (an empty list now and then) and its records. */
static void put_theme(struct gen *g, const struct gtheme *t)
{
    bool first = true;
    buf_puts(&g->json, "{");
    put_key(g, &first, "id");
    put_string(g, t->id);
    put_key(g, &first, "title");
    put_string(g, t->title);
    if (t->heading) {
        put_key(g, &first, "heading");
        put_string(g, t->heading);
    }
    put_key(g, &first, "columns");
    buf_putc(&g->json, '[');
    for (uint32_t c = 0; c < t->ncols; c++) {
        const struct gcol *col = &t->cols[c];
        bool cf = true;
        buf_puts(&g->json, c ? ",\n    {" : "\n    {");
        uint32_t order[4];
        member_order(g, order, 4);
        for (uint32_t k = 0; k < 4; k++) {
            if (order[k] == 0) {
                put_key(g, &cf, "key");
                put_string(g, col->key);
            } else if (order[k] == 1) {
                put_key(g, &cf, "label");
                put_string(g, col->label);
            } else if (order[k] == 2) {
                put_key(g, &cf, "type");
                put_string(g, type_names[col->type]);
            } else if (col->type == T_COUNT) {
                put_key(g, &cf, "unit");
                put_string(g, unit_names[col->unit]);
            }
        }
        buf_putc(&g->json, '}');
    }
    buf_putc(&g->json, ']');
    if (t->nfigs || chance(&g->r, 50)) {
        put_key(g, &first, "figures");
        put_figures(g, t->first_fig, t->nfigs);
    }
    put_key(g, &first, "records");
    buf_putc(&g->json, '[');
    for (uint32_t i = 0; i < t->nrecs; i++) {
        buf_puts(&g->json, i ? ",\n  " : "\n  ");
        put_record(g, t, &g->recs[t->first_rec + i]);
    }
    buf_puts(&g->json, "]}");
}

/* The truth as JSON text, the top-level members in any order SCHEMA.md allows. */
static void put_dataset(struct gen *g)
{
    rng *r = &g->r;
    buf_init(&g->json);
    buf_puts(&g->json, "{\"format\": \"zjdash/1.1\",\n\"meta\": {");
    bool first = true;
    uint32_t order[4];
    member_order(g, order, 4);
    for (uint32_t k = 0; k < 4; k++) {
        if (order[k] == 0) {
            put_key(g, &first, "title");
            put_string(g, g->title);
        } else if (order[k] == 1) {
            put_key(g, &first, "publisher");
            put_string(g, g->publisher);
        } else if (order[k] == 2) {
            put_key(g, &first, "published");
            put_string(g, g->published);
        } else if (g->nsection >= 0) {
            put_key(g, &first, "section");
            buf_putc(&g->json, '[');
            for (int i = 0; i < g->nsection; i++) {
                if (i)
                    buf_puts(&g->json, ", ");
                put_string(g, g->section[i]);
            }
            buf_putc(&g->json, ']');
        }
    }
    buf_puts(&g->json, "}");
    /* figures, places and organisations: places before organisations unless
     * no organisation is located */
    bool orgs_first = true;
    for (uint32_t i = g->nplaces; i < g->nents; i++)
        orgs_first &= g->ents[i].parent < 0;
    orgs_first = orgs_first && g->nents > g->nplaces && chance(r, 30);
    uint32_t parts[3] = {0, 1, 2}; /* figures, places, organisations */
    if (orgs_first) {
        parts[0] = 2;
        parts[1] = 1;
        parts[2] = 0;
    } else if (chance(r, 30)) {
        parts[0] = 1;
        parts[1] = chance(r, 50) ? 0 : 2;
        parts[2] = parts[1] == 0 ? 2 : 0;
    }
    for (int i = 0; i < 3; i++) {
        if (parts[i] == 0 && (g->report_figs || chance(r, 50))) {
            buf_puts(&g->json, ",\n\"figures\": ");
            put_figures(g, 0, g->report_figs);
        } else if (parts[i] == 1 && (g->nplaces || chance(r, 50))) {
            buf_puts(&g->json, ",\n\"places\": ");
            put_entities(g, true);
        } else if (parts[i] == 2 && (g->nents > g->nplaces || chance(r, 50))) {
            buf_puts(&g->json, ",\n\"organizations\": ");
            put_entities(g, false);
        }
    }
    buf_puts(&g->json, ",\n\"themes\": [\n");
    for (uint32_t t = 0; t < g->nthemes; t++) {
        if (t)
            buf_puts(&g->json, ",\n");
        put_theme(g, &g->themes[t]);
    }
    buf_puts(&g->json, "]}\n");
}

/* Generates and loads case i; false (with a message) if the model refuses it. */
static bool make_case(int i)
{
    struct gen *g = &cases[i];
    memset(g, 0, sizeof *g);
    g->number = i;
    g->seed = UINT64_C(0x5A17D0A5) + (uint64_t)i * UINT64_C(1000003);
    g->big = i >= SMALL_CASES;
    g->overflow = i == OVERFLOW_CASE;
    generate(g);
    put_dataset(g);
    char err[1024];
    if (dataset_load_memory(g->json.data, g->json.len, "generated", &g->ds, err, sizeof err) != DATASET_OK) {
        fprintf(stderr, "case %d (seed 0x%llx): the generated dataset does not load: %s\n", i,
                (unsigned long long)g->seed, err);
        return false;
    }
    dataset *ds = g->ds;
    g->rec_ds = gen_calloc(g, g->nrecs, sizeof *g->rec_ds);
    g->fig_ds = gen_calloc(g, g->nfigs, sizeof *g->fig_ds);
    g->ent_ds = gen_calloc(g, g->nents, sizeof *g->ent_ds);
    g->rec_gen = gen_calloc(g, ds->nrecords + 1, sizeof *g->rec_gen);
    bool ok = ds->nrecords == g->nrecs && ds->nfigures == g->nfigs && ds->nentities == g->nents &&
              ds->nthemes == g->nthemes;
    for (uint32_t k = 0; ok && k < g->nrecs; k++)
        ok = dataset_find_id(ds, g->recs[k].id, &g->rec_ds[k]) == ID_RECORD;
    for (uint32_t k = 0; ok && k < g->nfigs; k++)
        ok = dataset_find_id(ds, g->figs[k].id, &g->fig_ds[k]) == ID_FIGURE;
    for (uint32_t k = 0; ok && k < g->nents; k++)
        ok = dataset_find_id(ds, g->ents[k].id, &g->ent_ds[k]) == ID_ENTITY;
    for (uint32_t k = 0; ok && k < g->nrecs; k++)
        g->rec_gen[g->rec_ds[k]] = k;
    for (uint32_t t = 0; ok && t < g->nthemes; t++)
        ok = ds->themes[t].nrecords == g->themes[t].nrecs && ds->themes[t].ncolumns == g->themes[t].ncols &&
             (!g->themes[t].nrecs || ds->themes[t].first_record == g->rec_ds[g->themes[t].first_rec]);
    if (!ok)
        fprintf(stderr, "case %d (seed 0x%llx): the model's counts or ids are not what was generated\n", i,
                (unsigned long long)g->seed);
    return ok;
}

/* ------------------------------------------------------------------------ */
/* What each test makes is freed by the teardown, even after a failure. */

static view *views[4];
static size_t nviews;
static void *blocks[64];
static size_t nblocks;
static dataset *reloaded;
static buf cell, cell2, needle_text, filter_text, written, rewritten;

/* Views are freed by the teardown when a failed assertion leaves them open. */
static view *open_view(const dataset *ds, uint32_t th)
{
    view *v = view_new(ds, th);
    if (nviews == COUNT_OF(views))
        fail_msg("too many views open");
    views[nviews++] = v;
    return v;
}

/* A test that is done with a view frees it, so that the teardown does not. */
static void close_view(view *v)
{
    for (size_t i = 0; i < nviews; i++)
        if (views[i] == v) {
            views[i] = views[--nviews];
            break;
        }
    view_free(v);
}

/* Blocks a failed assertion would leak, freed by the teardown instead. */
static void *tracked(void *p)
{
    if (!p)
        fail_msg("out of memory");
    if (nblocks == COUNT_OF(blocks))
        fail_msg("too many blocks");
    blocks[nblocks++] = p;
    return p;
}

/* Zeroed and tracked: the tests' scratch arrays. */
static void *tracked_alloc(size_t n)
{
    return tracked(calloc(n ? n : 1, 1));
}

/* A test that is done with a block frees it, so that the teardown does not. */
static void release(void *p)
{
    for (size_t i = 0; i < nblocks; i++)
        if (blocks[i] == p) {
            blocks[i] = blocks[--nblocks];
            break;
        }
    free(p);
}

/* The shared buffers start empty for every test, whatever the last one left. */
static int test_setup(void **state)
{
    (void)state;
    buf_init(&cell);
    buf_init(&cell2);
    buf_init(&needle_text);
    buf_init(&filter_text);
    buf_init(&written);
    buf_init(&rewritten);
    return 0;
}

/* A failed assertion jumps out of a test: what it opened is freed here. */
static int test_teardown(void **state)
{
    (void)state;
    while (nviews)
        view_free(views[--nviews]);
    while (nblocks)
        free(blocks[--nblocks]);
    dataset_free(reloaded);
    reloaded = NULL;
    buf_free(&cell);
    buf_free(&cell2);
    buf_free(&needle_text);
    buf_free(&filter_text);
    buf_free(&written);
    buf_free(&rewritten);
    return 0;
}

#define EACH_CASE(g)                                                                                       \
    for (struct gen *g = cases; g < cases + NCASES; g++)                                                   \
        if (g->ds && (only_case < 0 || g->number == only_case))

#define CASE_FMT "case %d (seed 0x%llx) theme %u"
#define CASE_ARGS(g, th) (g)->number, (unsigned long long)(g)->seed, (unsigned)(th)

/* A stream of random choices for a test, the same on every run. */
static void test_rng(rng *r, const struct gen *g, uint64_t test)
{
    rng_seed(r, g->seed * 31 + test);
}

/* Messages name records by id, which a reader finds in the dumped JSON. */
static const char *rec_id(const dataset *ds, uint32_t rec)
{
    return ds_str(ds, ds->records[rec].id);
}

/* Text for messages: at most 60 bytes of s, cut at a character. */
static const char *brief(const char *s, char *out, size_t size)
{
    size_t n = strlen(s), cut = 0;
    while (cut < n && cut < 60 && cut < size - 4) {
        size_t len = u8_len((unsigned char)s[cut]);
        if (cut + len > 60 || cut + len >= size - 4)
            break;
        cut += len;
    }
    memcpy(out, s, cut);
    strcpy(out + cut, cut < n ? "..." : "");
    return out;
}

/* ------------------------------------------------------------------------ */
/* Sorting, by the truth: the key of a cell and how two compare. */

/* Short, for the sort checks, which read many cells. */
static const struct gcell *gcell_of(const struct gen *g, uint32_t grec, uint32_t col)
{
    return &g->recs[grec].cells[col];
}

/* An empty list sorts as an empty cell does: last, both ways. */
static bool gcell_empty(const struct gen *g, uint32_t grec, uint32_t col)
{
    const struct gcell *c = gcell_of(g, grec, col);
    return !c->present || (g->themes[g->recs[grec].theme].cols[col].type == T_REFS && c->nrefs == 0);
}

/* Two cells of a column, both not empty: <0, 0 or >0 in ascending order.
 * Numbers, money and dates by value (dates packed as YYYYMMDD), text in pinyin
 * order (model/pinyin.h) of the text shown, lists by their names in turn. */
static int gcell_compare(const struct gen *g, uint32_t col, uint32_t ra, uint32_t rb)
{
    const struct gcell *a = gcell_of(g, ra, col), *b = gcell_of(g, rb, col);
    switch (g->themes[g->recs[ra].theme].cols[col].type) {
    case T_TEXT:
        return pinyin_compare(a->text, b->text);
    case T_REFS:
        for (int k = 0;; k++) {
            if (k == a->nrefs || k == b->nrefs)
                return (k < a->nrefs) - (k < b->nrefs);
            int c = pinyin_compare(g->ents[a->refs[k]].name, g->ents[b->refs[k]].name);
            if (c)
                return c;
        }
    default: {
        int64_t x = g->figs[a->fig].value, y = g->figs[b->fig].value;
        return (x > y) - (x < y);
    }
    }
}

/* After view_sort(v, col, desc), whatever the sorts before: the order holds
 * every record of the theme once; cells are in order, empty ones last; rows
 * that tie are in the report's order; without a filter the rows are the
 * order. */
static void check_sorted(const struct gen *g, const view *v, int col, bool desc, const char *what)
{
    const dataset *ds = g->ds;
    uint32_t th = v->theme, first = ds->themes[th].first_record, n = v->total;
    if (n != g->themes[th].nrecs)
        fail_msg(CASE_FMT ": the view has %u records, the theme %u", CASE_ARGS(g, th), n, g->themes[th].nrecs);
    if (v->sort_column != col || v->descending != desc)
        fail_msg(CASE_FMT ": %s: the view says column %d %s", CASE_ARGS(g, th), what, v->sort_column,
                 v->descending ? "descending" : "ascending");
    uint8_t *seen = tracked_alloc((size_t)n + 1);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t rec = v->order[i];
        if (rec < first || rec >= first + n || seen[rec - first])
            fail_msg(CASE_FMT ": %s: order[%u] = %u is not a record of the theme not seen before", CASE_ARGS(g, th),
                     what, i, rec);
        seen[rec - first] = 1;
    }
    if (!v->filter && (v->nrows != n || memcmp(v->rows, v->order, (size_t)n * sizeof *v->rows)))
        fail_msg(CASE_FMT ": %s: without a filter the rows are not the order", CASE_ARGS(g, th), what);
    if (col >= 0) {
        for (uint32_t i = 1; i < n; i++) {
            uint32_t a = v->order[i - 1], b = v->order[i], ga = g->rec_gen[a], gb = g->rec_gen[b];
            bool ea = gcell_empty(g, ga, (uint32_t)col), eb = gcell_empty(g, gb, (uint32_t)col), tie = ea && eb;
            if (ea && !eb)
                fail_msg(CASE_FMT ": %s: row %u (%s) has a value after an empty cell (%s)", CASE_ARGS(g, th), what, i,
                         rec_id(ds, b), rec_id(ds, a));
            if (!ea && !eb) {
                int c = gcell_compare(g, (uint32_t)col, ga, gb);
                if (desc)
                    c = -c;
                if (c > 0) {
                    char x[80], y[80];
                    buf_clear(&cell);
                    buf_clear(&cell2);
                    view_cell_text(&cell, ds, a, (uint32_t)col);
                    view_cell_text(&cell2, ds, b, (uint32_t)col);
                    fail_msg(CASE_FMT ": %s: rows %u and %u out of order: %s \"%s\" before %s \"%s\"", CASE_ARGS(g, th),
                             what, i - 1, i, rec_id(ds, a), brief(cell.data, x, sizeof x), rec_id(ds, b),
                             brief(cell2.data, y, sizeof y));
                }
                tie = c == 0;
            }
            if (tie && a > b)
                fail_msg(CASE_FMT ": %s: tied rows %s and %s are not in the report's order (%u and %u)",
                         CASE_ARGS(g, th), what, rec_id(ds, a), rec_id(ds, b), a - first, b - first);
        }
    } else {
        for (uint32_t i = 0; i < n; i++)
            if (v->order[i] != (desc ? first + n - 1 - i : first + i))
                fail_msg(CASE_FMT ": %s: row %u is %s, not the report's %s", CASE_ARGS(g, th), what, i,
                         rec_id(ds, v->order[i]), rec_id(ds, desc ? first + n - 1 - i : first + i));
    }
    release(seen);
}

/* A failure must say which sort it followed. */
static const char *sort_what(char *out, size_t size, const char *how, int col, bool desc)
{
    snprintf(out, size, "%s by column %d %s", how, col, desc ? "descending" : "ascending");
    return out;
}

static void sort_by_any_column_should_give_an_ordered_permutation_with_empty_cells_last(void **state)
{
    (void)state;
    EACH_CASE(g)
    {
        for (uint32_t th = 0; th < g->nthemes; th++) {
            view *v = open_view(g->ds, th);
            for (int c = 0; c < (int)g->themes[th].ncols; c++)
                for (int d = 0; d < 2; d++) {
                    char what[64];
                    view_sort(v, -1, false);
                    view_sort(v, c, d);
                    check_sorted(g, v, c, d, sort_what(what, sizeof what, "from the report's order", c, d));
                }
            close_view(v);
        }
    }
}

static void sort_should_keep_tied_rows_in_the_reports_order_whatever_the_sort_before(void **state)
{
    (void)state;
    EACH_CASE(g)
    {
        rng r;
        test_rng(&r, g, 2);
        for (uint32_t th = 0; th < g->nthemes; th++) {
            view *v = open_view(g->ds, th);
            uint32_t ncols = g->themes[th].ncols;
            uint32_t rounds = g->big ? 6 : 3 + ncols;
            for (uint32_t k = 0; k < rounds; k++) {
                /* a chain of sorts: each one's ties owe nothing to the one before */
                int c = (int)below(&r, ncols);
                bool d = chance(&r, 50);
                char what[64];
                view_sort(v, c, d);
                check_sorted(g, v, c, d, sort_what(what, sizeof what, "after other sorts", c, d));
            }
            close_view(v);
        }
    }
}

static void sort_reversed_twice_should_give_back_the_same_order(void **state)
{
    (void)state;
    EACH_CASE(g)
    {
        rng r;
        test_rng(&r, g, 3);
        for (uint32_t th = 0; th < g->nthemes; th++) {
            view *v = open_view(g->ds, th);
            size_t bytes = ((size_t)v->total + 1) * sizeof(uint32_t);
            uint32_t *once = tracked_alloc(bytes);
            for (int c = 0; c < (int)g->themes[th].ncols; c++) {
                if (g->big && th == 0 && c % 3)
                    continue; /* some columns are enough there */
                /* from some order: ascending, descending, ascending */
                view_sort(v, (int)below(&r, g->themes[th].ncols), chance(&r, 50));
                view_sort(v, c, false);
                memcpy(once, v->order, bytes - sizeof(uint32_t));
                view_sort(v, c, true); /* a reversal of the sort in place, not a sort */
                check_sorted(g, v, c, true, "reversed from ascending");
                view_sort(v, c, false);
                check_sorted(g, v, c, false, "reversed from descending");
                if (memcmp(once, v->order, bytes - sizeof(uint32_t)))
                    fail_msg(CASE_FMT ": column %d: ascending, descending, ascending is not the first ascending order",
                             CASE_ARGS(g, th), c);
                /* and descending, ascending, descending */
                view_sort(v, c, true);
                memcpy(once, v->order, bytes - sizeof(uint32_t));
                view_sort(v, c, false);
                view_sort(v, c, true);
                if (memcmp(once, v->order, bytes - sizeof(uint32_t)))
                    fail_msg(CASE_FMT ": column %d: descending, ascending, descending is not the first descending "
                                      "order",
                             CASE_ARGS(g, th), c);
            }
            release(once);
            close_view(v);
        }
    }
}

static void sort_by_minus_one_should_give_the_report_order(void **state)
{
    (void)state;
    EACH_CASE(g)
    {
        rng r;
        test_rng(&r, g, 4);
        for (uint32_t th = 0; th < g->nthemes; th++) {
            view *v = open_view(g->ds, th);
            uint32_t ncols = g->themes[th].ncols;
            for (int k = 0; k < 4; k++) {
                for (int j = 0; j < 3; j++)
                    view_sort(v, (int)below(&r, ncols), chance(&r, 50));
                bool d = k % 2;
                view_sort(v, k < 2 ? -1 : (int)ncols + (int)below(&r, 5), d);
                check_sorted(g, v, -1, d, k < 2 ? "sort by -1" : "sort by a column out of range");
            }
            close_view(v);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Filters and searches, against a brute force over the text as shown
 * (brute_contains, tests/support/oracle.c). */

#define NEEDLE_CHARS 2048 /* character starts a needle is cut from */

/* Needles are cut from text as shown; returns the kind to make when no cell fits the one drawn. */
static uint32_t needle_source(const struct gen *g, uint32_t th, rng *r, uint32_t kind, buf *shown)
{
    const struct gtheme *t = &g->themes[th];
    if (t->nrecs && kind <= 9) {
        /* a cell's shown text: of a list with several names for kind 9 */
        for (int tries = 0; tries < 20; tries++) {
            uint32_t rec = g->rec_ds[t->first_rec + below(r, t->nrecs)], c = below(r, t->ncols);
            buf_clear(shown);
            view_cell_text(shown, g->ds, rec, c);
            if (shown->len && (kind != 9 || strstr(shown->data, "、")) && (kind != 8 || shown->len > 256))
                break;
        }
    }
    if (!shown->len && kind <= 9)
        kind = 10 + below(r, 4);
    if (kind == 9 && !strstr(shown->data, "、"))
        kind = 0;
    return kind;
}

/* What one would type of a cell: some with letters in the other case, some across a 、. */
static void needle_piece(rng *r, uint32_t kind, const buf *shown, const size_t *at, size_t nchars, buf *out)
{
    size_t from = below(r, (uint32_t)nchars), len = between(r, 1, 12);
    if (kind == 9) {
        const char *sep = strstr(shown->data, "、");
        size_t sepat = (size_t)(sep - shown->data), k = 0;
        while (k < nchars && at[k] < sepat)
            k++;
        from = k - (k ? below(r, (uint32_t)(k < 4 ? k : 4)) : 0);
        len = k - from + 1 + below(r, 4);
    }
    size_t to = from + len < nchars ? from + len : nchars;
    buf_put(out, shown->data + at[from], at[to] - at[from]);
    if (kind == 3)
        for (size_t i = 0; i < out->len; i++) {
            char c = (char)(out->data[i] | 0x20);
            if (c >= 'a' && c <= 'z' && chance(r, 50))
                out->data[i] ^= 0x20;
        }
}

/* What one types for Chinese: pinyin initials (kind 5) or syllables and their starts (kind 6). */
static void needle_pinyin(rng *r, uint32_t kind, const buf *shown, const size_t *at, size_t nchars, buf *out)
{
    size_t k = below(r, (uint32_t)nchars), taken = 0;
    for (size_t j = 0; j < nchars && taken < 4; j++) {
        size_t i = (k + j) % nchars, len;
        uint32_t cp = u8_decode(shown->data + at[i], &len);
        int tone;
        const char *syl = cp >= 0x80 ? pinyin_of(cp, &tone) : NULL;
        if (!syl && out->len)
            break;
        if (!syl)
            continue;
        size_t sl = strlen(syl), take = kind == 5 ? 1 : between(r, 1, (uint32_t)sl);
        buf_put(out, syl, take);
        taken++;
    }
    if (!out->len)
        buf_puts(out, "lwc");
    for (size_t i = 0; i < out->len; i++)
        if (chance(r, 20) && out->data[i] >= 'a' && out->data[i] <= 'z')
            out->data[i] = (char)(out->data[i] - 'a' + 'A');
}

/* Figures are filtered as shown, not as stored: a figure as shown (1.3亿, 4,170) or part of it. */
static void needle_figure(const dataset *ds, rng *r, uint32_t kind, buf *shown, size_t *at, buf *out)
{
    if (!ds->nfigures) {
        buf_puts(out, "4,170");
        return;
    }
    buf_clear(shown);
    view_figure_text(shown, ds, below(r, ds->nfigures));
    size_t nchars = char_starts(shown->data, at, NEEDLE_CHARS);
    if (kind == 10 || nchars < 2) {
        buf_puts(out, shown->data);
    } else {
        size_t from = below(r, (uint32_t)nchars), to = from + between(r, 1, 4);
        buf_put(out, shown->data + at[from], at[to < nchars ? to : nchars] - at[from]);
    }
}

/* A needle, mostly drawn from the data: a piece of a cell's shown text (some
 * with the case of its letters changed, some across the 、 between names, some
 * cut between bytes, some longer than 256 bytes), one Chinese character, part
 * of a figure as shown (1.3亿, 4,170), pinyin, or something random. */
static void make_needle(const struct gen *g, uint32_t th, rng *r, buf *out)
{
    buf_clear(out);
    uint32_t kind = below(r, 14);
    buf shown;
    buf_init(&shown);
    kind = needle_source(g, th, r, kind, &shown);
    size_t at[NEEDLE_CHARS];
    size_t nchars = kind <= 9 ? char_starts(shown.data, at, COUNT_OF(at)) : 0;
    switch (kind) {
    case 0: case 1: case 2: case 3: case 9: /* a piece of it, whole characters; case 3 changes case */
        needle_piece(r, kind, &shown, at, nchars, out);
        break;
    case 4: { /* one character that is not ASCII */
        for (int tries = 0; tries < 20 && !out->len; tries++) {
            size_t k = below(r, (uint32_t)nchars);
            if ((unsigned char)shown.data[at[k]] >= 0x80)
                buf_put(out, shown.data + at[k], at[k + 1] - at[k]);
        }
        if (!out->len)
            buf_puts(out, han_words[below(r, COUNT_OF(han_words))]);
        break;
    }
    case 5: case 6: /* pinyin of a run of characters: initials, syllables or their starts */
        needle_pinyin(r, kind, &shown, at, nchars, out);
        break;
    case 7: { /* bytes of it, cut anywhere */
        size_t n = shown.len, from = below(r, (uint32_t)n), len = between(r, 1, 6);
        buf_put(out, shown.data + from, from + len < n ? len : n - from);
        break;
    }
    case 8: { /* long: more than 256 bytes when the text is */
        size_t from = below(r, (uint32_t)(nchars / 4 + 1)), to = nchars;
        while (to > from && at[to] - at[from] > 400)
            to--;
        buf_put(out, shown.data + at[from], at[to] - at[from]);
        break;
    }
    case 10: case 11: /* a figure as shown, or part of it */
        needle_figure(g->ds, r, kind, &shown, at, out);
        break;
    case 12: /* random pieces */
        for (uint32_t i = between(r, 1, 2); i > 0; i--) {
            uint32_t k = below(r, 4);
            buf_puts(out, k == 0   ? ascii_words[below(r, COUNT_OF(ascii_words))]
                          : k == 1 ? digit_words[below(r, COUNT_OF(digit_words))]
                          : k == 2 ? han_words[below(r, COUNT_OF(han_words))]
                                   : odd_words[below(r, COUNT_OF(odd_words))]);
        }
        break;
    default: { /* most likely nothing */
        static const char *const nothing[] = {"😺", "qqxqq", "无此之物", "Q7Q7", "约超以上万亿"};
        buf_puts(out, nothing[below(r, COUNT_OF(nothing))]);
    }
    }
    buf_free(&shown);
    if (!out->len)
        buf_puts(out, "a");
}

/* After view_filter(v, needle): the rows are the records of the order that
 * the brute force keeps, in the order's order; view_record_contains agrees. */
static void check_filter(const struct gen *g, const view *v, const char *needle, const char *what)
{
    const dataset *ds = g->ds;
    uint32_t want = 0, th = v->theme;
    char nb[80];
    if (!v->filter || strcmp(v->filter, needle))
        fail_msg(CASE_FMT ": %s: the view's filter is not \"%s\"", CASE_ARGS(g, th), what,
                 brief(needle, nb, sizeof nb));
    for (uint32_t i = 0; i < v->total; i++) {
        uint32_t rec = v->order[i];
        bool in = brute_contains(ds, rec, needle, &cell);
        if (in != view_record_contains(ds, rec, needle))
            fail_msg(CASE_FMT ": %s: needle \"%s\" (%zu bytes): view_record_contains says %s for %s, "
                              "the brute force %s",
                     CASE_ARGS(g, th), what, brief(needle, nb, sizeof nb), strlen(needle), in ? "no" : "yes",
                     rec_id(ds, rec), in ? "yes" : "no");
        if (!in)
            continue;
        if (want >= v->nrows || v->rows[want] != rec)
            fail_msg(CASE_FMT ": %s: needle \"%s\": row %u should be %s, the view shows %s", CASE_ARGS(g, th), what,
                     brief(needle, nb, sizeof nb), want, rec_id(ds, rec),
                     want < v->nrows ? rec_id(ds, v->rows[want]) : "no more rows");
        want++;
    }
    if (want != v->nrows)
        fail_msg(CASE_FMT ": %s: needle \"%s\": %u rows shown, %u contain it", CASE_ARGS(g, th), what,
                 brief(needle, nb, sizeof nb), v->nrows, want);
}

/* Clearing a filter must show every row again, in the sort order. */
static void check_unfiltered(const struct gen *g, const view *v, const char *what)
{
    if (v->filter || v->nrows != v->total || memcmp(v->rows, v->order, (size_t)v->total * sizeof *v->rows))
        fail_msg(CASE_FMT ": %s: %u of %u rows shown, not every row in the order", CASE_ARGS(g, v->theme), what,
                 v->nrows, v->total);
}

/* Fewer needles for the big cases, where each filter is a pass over 5000 rows. */
static uint32_t needles_for(const struct gen *g)
{
    return g->big ? 6 : 8;
}

static void filter_should_keep_exactly_the_rows_whose_shown_text_contains_the_needle(void **state)
{
    (void)state;
    EACH_CASE(g)
    {
        rng r;
        test_rng(&r, g, 5);
        for (uint32_t th = 0; th < g->nthemes; th++) {
            view *v = open_view(g->ds, th);
            for (uint32_t k = 0; k < needles_for(g); k++) {
                if (chance(&r, 60))
                    view_sort(v, (int)below(&r, g->themes[th].ncols + 1) - 1, chance(&r, 50));
                make_needle(g, th, &r, &needle_text);
                view_filter(v, needle_text.data);
                check_filter(g, v, needle_text.data, "filter");
            }
            close_view(v);
        }
    }
}

static void filter_should_keep_the_sort_order_and_clearing_it_should_show_every_row(void **state)
{
    (void)state;
    EACH_CASE(g)
    {
        rng r;
        test_rng(&r, g, 6);
        for (uint32_t th = 0; th < g->nthemes; th++) {
            view *v = open_view(g->ds, th);
            uint32_t ncols = g->themes[th].ncols;
            for (uint32_t k = 0; k < (g->big ? 3u : 5u); k++) {
                int c = (int)below(&r, ncols);
                bool d = chance(&r, 50);
                view_sort(v, c, d);
                make_needle(g, th, &r, &needle_text);
                view_filter(v, needle_text.data);
                check_filter(g, v, needle_text.data, "filter after a sort");
                /* sorting again keeps the filter, and sorts all the records */
                c = (int)below(&r, ncols);
                d = chance(&r, 50);
                view_sort(v, c, d);
                check_sorted(g, v, c, d, "sort under a filter");
                check_filter(g, v, needle_text.data, "sort under a filter");
                view_filter(v, k % 2 ? NULL : "");
                check_unfiltered(g, v, k % 2 ? "filter NULL" : "filter \"\"");
                view_sort(v, c, !d);
                check_sorted(g, v, c, !d, "sort after clearing the filter");
            }
            close_view(v);
        }
    }
}

/* The row view_search should find: the next (dir > 0) or previous row after
 * `from` that matches, going round the end; from -1 is above the first row. */
static long brute_search(const uint8_t *match, long n, long from, int dir)
{
    for (long k = 1; k <= n; k++) {
        long row;
        if (from < 0)
            row = dir > 0 ? k - 1 : n - k;
        else
            row = ((from + (dir > 0 ? k : -k)) % n + n) % n;
        if (match[row])
            return row;
    }
    return -1;
}

/* n and N must find the next matching row, going round the end, from every start. */
static void check_search(const struct gen *g, view *v, const char *needle, rng *r, const char *what)
{
    long n = (long)v->nrows;
    uint32_t th = v->theme;
    char nb[80];
    uint8_t *match = tracked_alloc((size_t)n + 1);
    for (long i = 0; i < n; i++)
        match[i] = brute_contains(g->ds, v->rows[i], needle, &cell);
    /* every start in small views, some in large ones (each search there is a
     * pass over all the text) */
    long tries = n > 400 ? 12 : n + 1;
    for (int dir = -1; dir <= 1; dir += 2)
        for (long k = 0; k < tries; k++) {
            long from = n > 400 ? (k == 0 ? -1 : k == 1 ? 0 : k == 2 ? n - 1 : (long)below(r, (uint32_t)n)) : k - 1;
            long got = view_search(v, needle, from, dir), want = brute_search(match, n, from, dir);
            if (got != want)
                fail_msg(CASE_FMT ": %s: search \"%s\" (%zu bytes) %s from row %ld of %ld: got %ld (%s), "
                                  "expected %ld (%s)",
                         CASE_ARGS(g, th), what, brief(needle, nb, sizeof nb), strlen(needle),
                         dir > 0 ? "down" : "up", from, n, got, got >= 0 && got < n ? rec_id(g->ds, v->rows[got]) : "-",
                         want, want >= 0 ? rec_id(g->ds, v->rows[want]) : "-");
        }
    if (view_search(v, "", 0, 1) != -1 || view_search(v, NULL, -1, -1) != -1)
        fail_msg(CASE_FMT ": %s: searching for nothing finds a row", CASE_ARGS(g, th), what);
    release(match);
}

/* A search meets the report's order, a sort and a filter: each changes the rows searched. */
static void search_session(const struct gen *g, uint32_t th, rng *r, uint32_t nneedles)
{
    view *v = open_view(g->ds, th);
    for (uint32_t k = 0; k < nneedles; k++) {
        uint32_t how = k % 3;
        if (how == 1)
            view_sort(v, (int)below(r, g->themes[th].ncols), chance(r, 50));
        if (how == 2) {
            make_needle(g, th, r, &filter_text);
            view_filter(v, filter_text.data);
        } else {
            view_filter(v, NULL);
        }
        make_needle(g, th, r, &needle_text);
        check_search(g, v, needle_text.data, r, how == 0 ? "report order" : how == 1 ? "sorted" : "filtered");
    }
    close_view(v);
}

static void search_should_find_the_next_matching_row_from_every_start_in_both_directions(void **state)
{
    (void)state;
    EACH_CASE(g)
    {
        if (g->big)
            continue;
        rng r;
        test_rng(&r, g, 7);
        for (uint32_t th = 0; th < g->nthemes; th++)
            search_session(g, th, &r, 3);
    }
}

static void search_over_4096_rows_should_find_the_next_matching_row(void **state)
{
    (void)state;
    EACH_CASE(g)
    {
        if (!g->big)
            continue;
        if (g->themes[0].nrecs <= SEARCH_IN_ONE_PASS)
            fail_msg(CASE_FMT ": only %u records", CASE_ARGS(g, 0), g->themes[0].nrecs);
        rng r;
        test_rng(&r, g, 8);
        view *v = open_view(g->ds, 0);
        for (uint32_t k = 0; k < 4; k++) {
            if (k % 2)
                view_sort(v, (int)below(&r, g->themes[0].ncols), chance(&r, 50));
            make_needle(g, 0, &r, &needle_text);
            check_search(g, v, needle_text.data, &r, k % 2 ? "sorted, one pass" : "one pass");
        }
        /* filtered, with more than 4096 rows left: the filter that keeps most */
        static const char *const wide[] = {"0", "1", "2", "、"};
        const char *best = NULL;
        uint32_t most = 0;
        for (size_t i = 0; i < COUNT_OF(wide); i++) {
            view_filter(v, wide[i]);
            if (v->nrows > most) {
                most = v->nrows;
                best = wide[i];
            }
        }
        if (most <= SEARCH_IN_ONE_PASS)
            fail_msg(CASE_FMT ": no filter leaves more than %d rows", CASE_ARGS(g, 0), SEARCH_IN_ONE_PASS);
        view_filter(v, best);
        check_filter(g, v, best, "a wide filter");
        for (uint32_t k = 0; k < 2; k++) {
            make_needle(g, 0, &r, &needle_text);
            check_search(g, v, needle_text.data, &r, "filtered, one pass");
        }
        close_view(v);
        for (uint32_t th = 1; th < g->nthemes; th++)
            search_session(g, th, &r, 3);
    }
}

/* ------------------------------------------------------------------------ */
/* Totals, by the truth: each distinct money figure once; the qualifier is the
 * least precise of the parts'; a sum beyond INT64_MAX is INT64_MAX "at least". */

struct gsum {
    uint64_t value;
    bool over;
    int qual;
    uint32_t parts;
};

/* The truth's sum stops at INT64_MAX, as link.h promises, rather than wrapping. */
static void gsum_add(struct gsum *s, const struct gfig *f)
{
    if (f->qual > s->qual)
        s->qual = f->qual;
    if (!s->over) {
        s->value += (uint64_t)f->value; /* at most INT64_MAX + 2^53: no wrap */
        s->over = s->value > (uint64_t)INT64_MAX;
    }
    s->parts++;
}

/* The money of these truth records (duplicates allowed). */
static struct gsum gsum_of(const struct gen *g, const uint32_t *grecs, uint32_t n, uint8_t *fig_seen)
{
    struct gsum s = {0, false, 0, 0};
    memset(fig_seen, 0, (size_t)g->nfigs + 1);
    for (uint32_t i = 0; i < n; i++) {
        const struct grec *rec = &g->recs[grecs[i]];
        const struct gtheme *t = &g->themes[rec->theme];
        for (uint32_t c = 0; c < t->ncols; c++)
            if (t->cols[c].type == T_MONEY && rec->cells[c].present && !fig_seen[rec->cells[c].fig]) {
                fig_seen[rec->cells[c].fig] = 1;
                gsum_add(&s, &g->figs[rec->cells[c].fig]);
            }
    }
    if (s.over && s.qual < 1)
        s.qual = 1;
    return s;
}

/* A total must agree in value, qualifier and parts; a failure says all three. */
static void check_sum(const struct gen *g, qsum got, struct gsum want, const char *what, const char *whose)
{
    int64_t value = want.over ? INT64_MAX : (int64_t)want.value;
    if (got.value != value || strcmp(qualifier_name(got.qualifier), qual_names[want.qual]) || got.parts != want.parts)
        fail_msg("case %d (seed 0x%llx): %s of %s: got %lld %s in %u parts, expected %lld %s in %u parts", g->number,
                 (unsigned long long)g->seed, what, whose, (long long)got.value, qualifier_name(got.qualifier),
                 got.parts, (long long)value, qual_names[want.qual], want.parts);
}

static void theme_money_should_be_the_sum_of_the_distinct_money_figures_of_its_records(void **state)
{
    (void)state;
    bool overflowed = false;
    EACH_CASE(g)
    {
        uint8_t *seen = tracked_alloc((size_t)g->nfigs + 1);
        uint32_t *grecs = tracked_alloc(((size_t)g->nrecs + 1) * sizeof *grecs);
        for (uint32_t th = 0; th < g->nthemes; th++) {
            const struct gtheme *t = &g->themes[th];
            for (uint32_t i = 0; i < t->nrecs; i++)
                grecs[i] = t->first_rec + i;
            struct gsum want = gsum_of(g, grecs, t->nrecs, seen);
            overflowed |= want.over;
            check_sum(g, link_theme_money(g->ds, th), want, "link_theme_money", ds_str(g->ds, g->ds->themes[th].id));
        }
        release(grecs);
        release(seen);
    }
    if (!overflowed && only_case < 0)
        fail_msg("no generated theme has money enough to overflow: case %d should", OVERFLOW_CASE);
}

/* Whether truth entity x is e or lies inside it. */
static bool ginside(const struct gen *g, int x, int e)
{
    for (uint32_t steps = 0; x >= 0 && steps <= g->nents; x = g->ents[x].parent, steps++)
        if (x == e)
            return true;
    return false;
}

/* Whether truth record r names e or something inside it; directly: e itself. */
static bool gnames(const struct gen *g, uint32_t r, int e, bool directly)
{
    const struct grec *rec = &g->recs[r];
    const struct gtheme *t = &g->themes[rec->theme];
    for (uint32_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].type != T_REFS || !rec->cells[c].present)
            continue;
        for (int k = 0; k < rec->cells[c].nrefs; k++)
            if (directly ? rec->cells[c].refs[k] == e : ginside(g, rec->cells[c].refs[k], e))
                return true;
    }
    return false;
}

static void place_money_should_be_the_sum_over_the_records_about_the_place(void **state)
{
    (void)state;
    EACH_CASE(g)
    {
        rng r;
        test_rng(&r, g, 9);
        uint8_t *seen = tracked_alloc((size_t)g->nfigs + 1);
        uint32_t *grecs = tracked_alloc(((size_t)g->nrecs + 1) * sizeof *grecs);
        for (uint32_t e = 0; e < g->nents; e++) {
            uint32_t n = 0;
            for (uint32_t k = 0; k < g->nrecs; k++)
                if (gnames(g, k, (int)e, false))
                    grecs[n++] = k;
            uint32_t *list = NULL;
            uint32_t m = link_entity_records(g->ds, g->ent_ds[e], &list);
            tracked(list);
            char whose[160];
            snprintf(whose, sizeof whose, "%s %s (%u records, %u by link_entity_records)",
                     g->ents[e].place ? "place" : "organisation", g->ents[e].id, n, m);
            check_sum(g, link_money(g->ds, list, m), gsum_of(g, grecs, n, seen), "link_money over link_entity_records",
                      whose);
            release(list);
        }
        /* any records, from any themes, some more than once */
        uint32_t *recs = tracked_alloc(((size_t)g->nrecs + 1) * 2 * sizeof *recs);
        for (int k = 0; k < (g->big ? 5 : 20) && g->nrecs; k++) {
            uint32_t n = below(&r, 2 * g->nrecs + 1);
            for (uint32_t i = 0; i < n; i++)
                recs[i] = below(&r, g->nrecs);
            uint32_t *ds_recs = tracked_alloc(((size_t)n + 1) * sizeof *ds_recs);
            for (uint32_t i = 0; i < n; i++)
                ds_recs[i] = g->rec_ds[recs[i]];
            char whose[64];
            snprintf(whose, sizeof whose, "%u records picked at random", n);
            check_sum(g, link_money(g->ds, ds_recs, n), gsum_of(g, recs, n, seen), "link_money", whose);
            release(ds_recs);
        }
        release(recs);
        release(grecs);
        release(seen);
    }
}

/* ------------------------------------------------------------------------ */
/* Drill-down, by the truth. */

/* Messages name entities by id, and no entity (-1) as "-". */
static const char *ent_id(const struct gen *g, int e)
{
    return e >= 0 ? g->ents[e].id : "-";
}

/* An entity's page lists the records naming it itself, in the report's order. */
static void check_named_by(const struct gen *g, uint32_t e)
{
    uint32_t k, want = 0;
    const uint32_t *by = link_named_by(g->ds, g->ent_ds[e], &k);
    for (uint32_t r = 0; r < g->nrecs; r++) {
        if (!gnames(g, r, (int)e, true))
            continue;
        if (want >= k || by[want] != g->rec_ds[r])
            fail_msg("case %d (seed 0x%llx): link_named_by(%s)[%u] should be %s", g->number,
                     (unsigned long long)g->seed, ent_id(g, (int)e), want, g->recs[r].id);
        want++;
    }
    if (want != k)
        fail_msg("case %d (seed 0x%llx): link_named_by(%s) lists %u records, %u name it", g->number,
                 (unsigned long long)g->seed, ent_id(g, (int)e), k, want);
}

/* An entity's page heads it with its path, from the outermost place down to it. */
static void check_path(const struct gen *g, uint32_t e)
{
    uint32_t path[64], depth = 0;
    for (int x = (int)e; x >= 0; x = g->ents[x].parent)
        depth++;
    uint32_t got = link_path(g->ds, g->ent_ds[e], path, 64);
    if (got != depth)
        fail_msg("case %d (seed 0x%llx): link_path(%s) has %u steps, expected %u", g->number,
                 (unsigned long long)g->seed, ent_id(g, (int)e), got, depth);
    uint32_t i = depth;
    for (int x = (int)e; x >= 0; x = g->ents[x].parent)
        if (--i < 64 && path[i] != g->ent_ds[x])
            fail_msg("case %d (seed 0x%llx): link_path(%s)[%u] is not %s", g->number,
                     (unsigned long long)g->seed, ent_id(g, (int)e), i, ent_id(g, x));
}

/* A record's page lists the entities it names, in column order, each once. */
static void check_record_entities(const struct gen *g, uint32_t r)
{
    const struct grec *rec = &g->recs[r];
    const struct gtheme *t = &g->themes[rec->theme];
    int want[64];
    uint32_t nwant = 0;
    for (uint32_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].type != T_REFS || !rec->cells[c].present)
            continue;
        for (int k = 0; k < rec->cells[c].nrefs; k++) {
            int e = rec->cells[c].refs[k];
            bool dup = false;
            for (uint32_t j = 0; j < nwant; j++)
                dup |= want[j] == e;
            if (!dup && nwant < COUNT_OF(want))
                want[nwant++] = e;
        }
    }
    uint32_t *list = NULL, n = link_record_entities(g->ds, g->rec_ds[r], &list);
    tracked(list);
    bool same = n == nwant;
    for (uint32_t i = 0; same && i < n; i++)
        same = list[i] == g->ent_ds[want[i]];
    if (!same)
        fail_msg("case %d (seed 0x%llx): link_record_entities(%s) gives %u entities, expected %u in column "
                 "order",
                 g->number, (unsigned long long)g->seed, rec->id, n, nwant);
    release(list);
}

static void entity_records_should_hold_every_record_naming_the_entity_or_something_inside_it(void **state)
{
    (void)state;
    EACH_CASE(g)
    {
        const dataset *ds = g->ds;
        uint8_t *in = tracked_alloc((size_t)ds->nrecords + 1);
        for (uint32_t e = 0; e < g->nents; e++) {
            uint32_t *list = NULL, n = link_entity_records(ds, g->ent_ds[e], &list);
            tracked(list);
            memset(in, 0, (size_t)ds->nrecords + 1);
            for (uint32_t i = 0; i < n; i++)
                if (list[i] < ds->nrecords)
                    in[list[i]] = 1;
            /* every record naming e, or anything inside e, is there */
            for (uint32_t r = 0; r < g->nrecs; r++)
                if (gnames(g, r, (int)e, false) && !in[g->rec_ds[r]])
                    fail_msg("case %d (seed 0x%llx): %s names %s (inside %s) but is not among %s's %u records",
                             g->number, (unsigned long long)g->seed, g->recs[r].id, ent_id(g, (int)e),
                             ent_id(g, (int)e), ent_id(g, (int)e), n);
            release(list);
            /* and the records naming e itself are link_named_by's, in order */
            check_named_by(g, e);
            /* and its path runs from the outermost place down to it */
            check_path(g, e);
        }
        release(in);
        /* from a record: the entities it names, in column order, each once */
        for (uint32_t r = 0; r < g->nrecs; r++)
            check_record_entities(g, r);
    }
}

static void entity_records_should_only_hold_records_naming_the_entity_or_something_inside_it(void **state)
{
    (void)state;
    EACH_CASE(g)
    {
        const dataset *ds = g->ds;
        for (uint32_t e = 0; e < g->nents; e++) {
            uint32_t *list = NULL, n = link_entity_records(ds, g->ent_ds[e], &list);
            tracked(list);
            for (uint32_t i = 0; i < n; i++) {
                if (list[i] >= ds->nrecords)
                    fail_msg("case %d (seed 0x%llx): link_entity_records(%s)[%u] = %u is no record", g->number,
                             (unsigned long long)g->seed, ent_id(g, (int)e), i, list[i]);
                if (i && list[i] <= list[i - 1])
                    fail_msg("case %d (seed 0x%llx): link_entity_records(%s) is not in the report's order, each once, "
                             "at %u",
                             g->number, (unsigned long long)g->seed, ent_id(g, (int)e), i);
                uint32_t r = g->rec_gen[list[i]];
                if (!gnames(g, r, (int)e, false))
                    fail_msg("case %d (seed 0x%llx): link_entity_records(%s) holds %s, which names neither it nor "
                             "anything inside it",
                             g->number, (unsigned long long)g->seed, ent_id(g, (int)e), g->recs[r].id);
            }
            release(list);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Writing the model back, and what loading keeps. */

/* A failure must show both strings, cut short, and whose they are. */
static void same_string(const struct gen *g, const char *a, const char *b, const char *what, const char *whose)
{
    if (strcmp(a, b)) {
        char x[80], y[80];
        fail_msg("case %d (seed 0x%llx): %s of %s: \"%s\" and \"%s\"", g->number, (unsigned long long)g->seed, what,
                 whose, brief(a, x, sizeof x), brief(b, y, sizeof y));
    }
}

#define SAME_REF(g, a, ra, b, rb, what, whose)                                                             \
    do {                                                                                                   \
        if (((ra) == NONE) != ((rb) == NONE))                                                              \
            fail_msg("case %d: %s of %s: one is missing", (g)->number, what, whose);                       \
        same_string(g, ds_str(a, ra), ds_str(b, rb), what, whose);                                         \
    } while (0)

/* Two models are matched by id: nothing promises the same indices. */
static uint32_t find_in(const struct gen *g, const dataset *ds, const char *id, enum id_kind kind)
{
    uint32_t i;
    if (dataset_find_id(ds, id, &i) != kind)
        fail_msg("case %d (seed 0x%llx): \"%s\" is not found again", g->number, (unsigned long long)g->seed, id);
    return i;
}

/* Whether figure f of ds has the relation (other, how) among its own. */
static bool has_link(const dataset *ds, uint32_t f, uint32_t other, int how)
{
    uint32_t n;
    const figure_link *links = dataset_figure_relations(ds, f, &n);
    for (uint32_t k = 0; k < n; k++)
        if (links[k].figure == other && links[k].how == how)
            return true;
    return false;
}

/* Figure x of a and its match y of b have the same kind and the same
 * relations, to figures of the same ids (the order may differ: dataset_write
 * lists part_of before overlaps). */
static void same_kind_and_relations(const struct gen *g, const dataset *a, uint32_t x,
                                    const dataset *b, uint32_t y)
{
    const char *id = ds_str(a, a->figures[x].id);
    same_string(g, figure_kind_name(a->figures[x].kind), figure_kind_name(b->figures[y].kind), "kind", id);
    uint32_t na, nb;
    const figure_link *la = dataset_figure_relations(a, x, &na);
    dataset_figure_relations(b, y, &nb);
    if (na != nb)
        fail_msg("case %d (seed 0x%llx): figure %s: %u relations, then %u", g->number,
                 (unsigned long long)g->seed, id, na, nb);
    for (uint32_t k = 0; k < na; k++) {
        const char *other = ds_str(a, a->figures[la[k].figure].id);
        if (!has_link(b, y, find_in(g, b, other, ID_FIGURE), la[k].how))
            fail_msg("case %d (seed 0x%llx): figure %s: its relation to %s is lost", g->number,
                     (unsigned long long)g->seed, id, other);
    }
}

/* Two models of the same dataset agree: counts, every string, every figure's
 * value, unit, qualifier, kind and relations, every entity's parent, every
 * cell as shown. */
static void same_model(const struct gen *g, const dataset *a, const dataset *b)
{
    if (a->nfigures != b->nfigures || a->nentities != b->nentities || a->nthemes != b->nthemes ||
        a->nrecords != b->nrecords || a->report_nfigures != b->report_nfigures || a->meta.nsection != b->meta.nsection)
        fail_msg("case %d (seed 0x%llx): counts differ: %u/%u figures, %u/%u entities, %u/%u themes, %u/%u records, "
                 "%u/%u report figures, %u/%u sections",
                 g->number, (unsigned long long)g->seed, a->nfigures, b->nfigures, a->nentities, b->nentities,
                 a->nthemes, b->nthemes, a->nrecords, b->nrecords, a->report_nfigures, b->report_nfigures,
                 a->meta.nsection, b->meta.nsection);
    SAME_REF(g, a, a->meta.title, b, b->meta.title, "title", "meta");
    SAME_REF(g, a, a->meta.publisher, b, b->meta.publisher, "publisher", "meta");
    SAME_REF(g, a, a->meta.published, b, b->meta.published, "published", "meta");
    for (uint32_t i = 0; i < a->meta.nsection; i++)
        SAME_REF(g, a, a->meta.section[i], b, b->meta.section[i], "section", "meta");
    for (uint32_t i = 0; i < a->nfigures; i++) {
        const figure *x = &a->figures[i];
        const char *id = ds_str(a, x->id);
        const figure *y = &b->figures[find_in(g, b, id, ID_FIGURE)];
        same_kind_and_relations(g, a, i, b, (uint32_t)(y - b->figures));
        SAME_REF(g, a, x->label, b, y->label, "label", id);
        SAME_REF(g, a, x->quote, b, y->quote, "quote", id);
        SAME_REF(g, a, x->measure, b, y->measure, "measure", id);
        if (x->value != y->value || x->unit != y->unit || x->qualifier != y->qualifier || x->headline != y->headline)
            fail_msg("case %d (seed 0x%llx): figure %s: %lld %s %s%s, then %lld %s %s%s", g->number,
                     (unsigned long long)g->seed, id, (long long)x->value, unit_name(x->unit),
                     qualifier_name(x->qualifier), x->headline ? " headline" : "", (long long)y->value,
                     unit_name(y->unit), qualifier_name(y->qualifier), y->headline ? " headline" : "");
        same_string(g, x->theme < 0 ? "" : ds_str(a, a->themes[x->theme].id),
                    y->theme < 0 ? "" : ds_str(b, b->themes[y->theme].id), "theme", id);
    }
    for (uint32_t i = 0; i < a->nentities; i++) {
        const entity *x = &a->entities[i];
        const char *id = ds_str(a, x->id);
        const entity *y = &b->entities[find_in(g, b, id, ID_ENTITY)];
        SAME_REF(g, a, x->name, b, y->name, "name", id);
        SAME_REF(g, a, x->kind, b, y->kind, "kind", id);
        if (x->type != y->type || (x->parent == NONE) != (y->parent == NONE))
            fail_msg("case %d: entity %s: type or parent differ", g->number, id);
        if (x->parent != NONE)
            same_string(g, ds_str(a, a->entities[x->parent].id), ds_str(b, b->entities[y->parent].id), "parent", id);
    }
    for (uint32_t t = 0; t < a->nthemes; t++) {
        const theme *x = &a->themes[t], *y = &b->themes[t];
        const char *id = ds_str(a, x->id);
        SAME_REF(g, a, x->id, b, y->id, "id", "a theme");
        SAME_REF(g, a, x->title, b, y->title, "title", id);
        SAME_REF(g, a, x->heading, b, y->heading, "heading", id);
        if (x->ncolumns != y->ncolumns || x->nrecords != y->nrecords || x->nfigures != y->nfigures)
            fail_msg("case %d: theme %s: %u/%u columns, %u/%u records, %u/%u figures", g->number, id, x->ncolumns,
                     y->ncolumns, x->nrecords, y->nrecords, x->nfigures, y->nfigures);
        for (uint32_t c = 0; c < x->ncolumns; c++) {
            SAME_REF(g, a, x->columns[c].key, b, y->columns[c].key, "column key", id);
            SAME_REF(g, a, x->columns[c].label, b, y->columns[c].label, "column label", id);
            if (x->columns[c].type != y->columns[c].type || x->columns[c].unit != y->columns[c].unit)
                fail_msg("case %d: theme %s column %u: type or unit differ", g->number, id, c);
        }
        for (uint32_t i = 0; i < x->nrecords; i++) {
            uint32_t ra = x->first_record + i;
            const char *rid = rec_id(a, ra);
            uint32_t rb = find_in(g, b, rid, ID_RECORD);
            if (b->records[rb].theme != t)
                fail_msg("case %d: record %s moved to another theme", g->number, rid);
            SAME_REF(g, a, a->records[ra].name, b, b->records[rb].name, "name", rid);
            SAME_REF(g, a, a->records[ra].quote, b, b->records[rb].quote, "quote", rid);
            for (uint32_t c = 0; c < x->ncolumns; c++) {
                buf_clear(&cell);
                buf_clear(&cell2);
                view_cell_text(&cell, a, ra, c);
                view_cell_text(&cell2, b, rb, c);
                same_string(g, cell.data ? cell.data : "", cell2.data ? cell2.data : "", "a cell shown", rid);
                if ((ds_cell(a, ra, c) == NONE) != (ds_cell(b, rb, c) == NONE))
                    fail_msg("case %d: record %s column %u: empty in one model only", g->number, rid, c);
            }
        }
    }
}

static void write_then_load_should_give_the_same_model_and_the_same_bytes(void **state)
{
    (void)state;
    buf *first = &written, *second = &rewritten;
    EACH_CASE(g)
    {
        buf_clear(first);
        buf_clear(second);
        dataset_write(g->ds, first);
        char err[1024];
        if (dataset_load_memory(first->data, first->len, "written", &reloaded, err, sizeof err) != DATASET_OK)
            fail_msg("case %d (seed 0x%llx): what dataset_write wrote does not load: %s", g->number,
                     (unsigned long long)g->seed, err);
        dataset_write(reloaded, second);
        if (first->len != second->len || memcmp(first->data, second->data, first->len)) {
            size_t at = 0;
            while (at < first->len && at < second->len && first->data[at] == second->data[at])
                at++;
            char x[80], y[80];
            snprintf(x, sizeof x, "%.60s", first->data + at);
            snprintf(y, sizeof y, "%.60s", second->data + at);
            fail_msg("case %d (seed 0x%llx): writing again gives other bytes, from byte %zu: \"%s\" then \"%s\"",
                     g->number, (unsigned long long)g->seed, at, x, y);
        }
        same_model(g, g->ds, reloaded);
        dataset_free(reloaded);
        reloaded = NULL;
    }
}

/* A number as value.h says it is shown: exact, in 亿 or 万 where that needs at
 * most 4 or 2 decimals, else with a comma every three digits. Written here
 * without model/value.c. */
static void expected_number(char *out, size_t size, int64_t v)
{
    static const struct {
        int64_t scale, step;
        int decimals;
        const char *suffix;
    } scales[] = {{100000000, 10000, 4, "亿"}, {10000, 100, 2, "万"}};
    for (int s = 0; s < 2; s++) {
        if (v < scales[s].scale || v % scales[s].step)
            continue;
        int n = snprintf(out, size, "%lld", (long long)(v / scales[s].scale));
        int64_t frac = v % scales[s].scale / scales[s].step;
        if (frac) {
            char digits[8];
            snprintf(digits, sizeof digits, "%0*lld", scales[s].decimals, (long long)frac);
            size_t k = strlen(digits);
            while (k && digits[k - 1] == '0')
                digits[--k] = 0;
            n += snprintf(out + n, size - (size_t)n, ".%s", digits);
        }
        snprintf(out + n, size - (size_t)n, "%s", scales[s].suffix);
        return;
    }
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)v);
    size_t nd = strlen(digits), k = 0;
    for (size_t i = 0; i < nd && k + 2 < size; i++) {
        if (i && (nd - i) % 3 == 0)
            out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = 0;
}

/* Whether shown is how figure f should be shown: a date as written; else the
 * number with 约 before it (about), 超 before or 多 after it (over), 以上 after
 * it (at_least), and the measure (the unit's own, or the figure's). */
static bool shown_as_expected(const struct gfig *f, const char *shown)
{
    if (f->unit == U_DATE)
        return !strcmp(shown, f->date);
    char number[64];
    expected_number(number, sizeof number, f->value);
    const char *measures[2] = {default_measures[f->unit], f->measure};
    bool same = false;
    buf want;
    buf_init(&want);
    for (int m = 0; m < 2 && !same; m++) {
        if (!measures[m])
            continue;
        for (int form = 0; form < 2 && !same; form++) {
            const char *pre = f->qual == 3 ? "约" : f->qual == 2 && form == 0 ? "超" : "";
            const char *post = f->qual == 1 ? "以上" : f->qual == 2 && form == 1 ? "多" : "";
            buf_clear(&want);
            buf_printf(&want, "%s%s%s%s", pre, number, measures[m], post);
            same = !strcmp(want.data, shown);
        }
    }
    buf_free(&want);
    return same;
}

/* meta: title, publisher, published date and every section, as written. */
static void check_loaded_meta(const struct gen *g)
{
    const dataset *ds = g->ds;
    same_string(g, ds_str(ds, ds->meta.title), g->title, "title", "meta");
    same_string(g, ds_str(ds, ds->meta.publisher), g->publisher, "publisher", "meta");
    same_string(g, ds_str(ds, ds->meta.published), g->published, "published", "meta");
    if (ds->meta.nsection != (uint32_t)(g->nsection < 0 ? 0 : g->nsection))
        fail_msg("case %d: %u sections, %d generated", g->number, ds->meta.nsection, g->nsection);
    for (int i = 0; i < g->nsection; i++)
        same_string(g, ds_str(ds, ds->meta.section[i]), g->section[i], "section", "meta");
}

/* Every member of every figure must load as written, and show as value.h says. */
static void check_loaded_figures(const struct gen *g)
{
    const dataset *ds = g->ds;
    for (uint32_t i = 0; i < g->nfigs; i++) {
        const struct gfig *f = &g->figs[i];
        const figure *x = &ds->figures[g->fig_ds[i]];
        same_string(g, ds_str(ds, x->label), f->label, "label", f->id);
        same_string(g, ds_str(ds, x->quote), f->quote, "quote", f->id);
        same_string(g, x->measure == NONE ? "(none)" : ds_str(ds, x->measure), f->measure ? f->measure : "(none)",
                    "measure", f->id);
        same_string(g, unit_name(x->unit), unit_names[f->unit], "unit", f->id);
        same_string(g, qualifier_name(x->qualifier), qual_names[f->qual], "qualifier", f->id);
        same_string(g, figure_kind_name(x->kind), figure_kind_name(f->kind), "kind", f->id);
        if (x->value != f->value || x->headline != f->headline || x->theme != f->theme)
            fail_msg("case %d (seed 0x%llx): figure %s: value %lld, headline %d, theme %d; generated %lld, %d, %d",
                     g->number, (unsigned long long)g->seed, f->id, (long long)x->value, x->headline, x->theme,
                     (long long)f->value, f->headline, f->theme);
        buf_clear(&cell);
        view_figure_text(&cell, ds, g->fig_ds[i]);
        if (!shown_as_expected(f, cell.data ? cell.data : ""))
            fail_msg("case %d (seed 0x%llx): figure %s (%lld %s %s) is shown as \"%s\"", g->number,
                     (unsigned long long)g->seed, f->id, (long long)f->value, unit_names[f->unit],
                     qual_names[f->qual], cell.data ? cell.data : "");
    }
}

/* Every relation generated is in the model both ways, and nothing else is. */
static void check_loaded_relations(const struct gen *g)
{
    const dataset *ds = g->ds;
    uint32_t *degree = tracked_alloc((g->nfigs + 1) * sizeof *degree);
    for (uint32_t i = 0; i < g->nfigs; i++) {
        const struct gfig *f = &g->figs[i];
        for (int k = 0; k < f->nrel; k++) {
            uint32_t a = g->fig_ds[i], b = g->fig_ds[f->rel[k]];
            int back = f->rel_how[k] == REL_PART_OF ? REL_HAS_PART : REL_OVERLAPS;
            if (!has_link(ds, a, b, f->rel_how[k]) || !has_link(ds, b, a, back) ||
                !dataset_figures_related(ds, a, b) || !dataset_figures_related(ds, b, a))
                fail_msg("case %d (seed 0x%llx): figure %s lists %s (%s), which the model does not "
                         "relate both ways", g->number, (unsigned long long)g->seed, f->id,
                         g->figs[f->rel[k]].id, f->rel_how[k] == REL_PART_OF ? "part_of" : "overlaps");
            degree[i]++;
            degree[f->rel[k]]++;
        }
    }
    for (uint32_t i = 0; i < g->nfigs; i++) {
        uint32_t n;
        dataset_figure_relations(ds, g->fig_ds[i], &n);
        if (n != degree[i])
            fail_msg("case %d (seed 0x%llx): figure %s has %u relations, %u generated", g->number,
                     (unsigned long long)g->seed, g->figs[i].id, n, degree[i]);
    }
    release(degree);
}

/* Every place and organisation: name, kind, type and where it lies. */
static void check_loaded_entities(const struct gen *g)
{
    const dataset *ds = g->ds;
    for (uint32_t i = 0; i < g->nents; i++) {
        const struct gent *e = &g->ents[i];
        const entity *x = &ds->entities[g->ent_ds[i]];
        same_string(g, ds_str(ds, x->name), e->name, "name", e->id);
        same_string(g, x->kind == NONE ? "(none)" : ds_str(ds, x->kind), e->kind ? e->kind : "(none)", "kind",
                    e->id);
        if ((x->type == ENTITY_PLACE) != e->place || x->parent != (e->parent < 0 ? NONE : g->ent_ds[e->parent]))
            fail_msg("case %d (seed 0x%llx): entity %s: type or parent is not what was generated", g->number,
                     (unsigned long long)g->seed, e->id);
    }
}

/* A cell must be empty or not as generated, and hold what was written, stored and shown. */
static void check_loaded_cell(const struct gen *g, const struct gtheme *t, const struct grec *rec, uint32_t r,
                              uint32_t c)
{
    const dataset *ds = g->ds;
    char whose[160];
    const struct gcell *gc = &rec->cells[c];
    uint32_t got = ds_cell(ds, r, c);
    snprintf(whose, sizeof whose, "%s column %u (%s)", rec->id, c, t->cols[c].key);
    if (!gc->present) {
        if (got != NONE)
            fail_msg("case %d: %s should be empty", g->number, whose);
        return;
    }
    if (got == NONE)
        fail_msg("case %d: %s should not be empty", g->number, whose);
    buf_clear(&cell);
    view_cell_text(&cell, ds, r, c);
    const char *shown = cell.data ? cell.data : "";
    switch (t->cols[c].type) {
    case T_TEXT:
        same_string(g, ds_str(ds, got), gc->text, "text", whose);
        same_string(g, shown, gc->text, "text shown", whose);
        break;
    case T_REFS: {
        buf_clear(&cell2);
        bool same = ds->refs[got] == (uint32_t)gc->nrefs;
        for (int k = 0; k < gc->nrefs; k++) {
            if (k)
                buf_puts(&cell2, "、");
            buf_puts(&cell2, g->ents[gc->refs[k]].name);
            same = same && ds->refs[got + 1 + (uint32_t)k] == g->ent_ds[gc->refs[k]];
        }
        if (!same)
            fail_msg("case %d: %s does not list the generated entities", g->number, whose);
        same_string(g, shown, cell2.data ? cell2.data : "", "names shown", whose);
        break;
    }
    default:
        if (got != g->fig_ds[gc->fig])
            fail_msg("case %d: %s is not figure %s", g->number, whose, g->figs[gc->fig].id);
        if (!shown_as_expected(&g->figs[gc->fig], shown))
            fail_msg("case %d: %s shows \"%s\" for figure %s", g->number, whose, shown, g->figs[gc->fig].id);
    }
}

/* A theme must load with its strings, its columns and its records in the report's order. */
static void check_loaded_theme(const struct gen *g, uint32_t th)
{
    const dataset *ds = g->ds;
    const struct gtheme *t = &g->themes[th];
    const theme *x = &ds->themes[th];
    same_string(g, ds_str(ds, x->id), t->id, "id", "a theme");
    same_string(g, ds_str(ds, x->title), t->title, "title", t->id);
    same_string(g, x->heading == NONE ? "(none)" : ds_str(ds, x->heading), t->heading ? t->heading : "(none)",
                "heading", t->id);
    for (uint32_t c = 0; c < t->ncols; c++) {
        same_string(g, ds_str(ds, x->columns[c].key), t->cols[c].key, "column key", t->id);
        same_string(g, ds_str(ds, x->columns[c].label), t->cols[c].label, "column label", t->id);
        same_string(g, column_type_name(x->columns[c].type), type_names[t->cols[c].type], "column type", t->id);
        if (t->cols[c].type == T_COUNT)
            same_string(g, unit_name(x->columns[c].unit), unit_names[t->cols[c].unit], "column unit", t->id);
    }
    for (uint32_t i = 0; i < t->nrecs; i++) {
        const struct grec *rec = &g->recs[t->first_rec + i];
        uint32_t r = g->rec_ds[t->first_rec + i];
        if (r != x->first_record + i || ds->records[r].theme != th)
            fail_msg("case %d: record %s is not in its theme's place", g->number, rec->id);
        same_string(g, ds_str(ds, ds->records[r].name), rec->name, "name", rec->id);
        same_string(g, ds_str(ds, ds->records[r].quote), rec->quote, "quote", rec->id);
        for (uint32_t c = 0; c < t->ncols; c++)
            check_loaded_cell(g, t, rec, r, c);
    }
}

static void load_should_keep_every_generated_value(void **state)
{
    (void)state;
    EACH_CASE(g)
    {
        check_loaded_meta(g);
        check_loaded_figures(g);
        check_loaded_relations(g);
        check_loaded_entities(g);
        for (uint32_t th = 0; th < g->nthemes; th++)
            check_loaded_theme(g, th);
    }
}

/* ------------------------------------------------------------------------ */
/* The smallest datasets that show what the generated ones found. */

#define ACROSS_FILE "tests/fixtures/properties/needle-across-names.json"
#define LONG_FILE "tests/fixtures/properties/long-needle.json"

/* A fixture that does not load is a broken test, said with the loader's message. */
static dataset *load_fixture(const char *path)
{
    char err[1024];
    if (dataset_load_file(path, &reloaded, err, sizeof err) != DATASET_OK)
        fail_msg("cannot load %s: %s", path, err);
    return reloaded;
}

/* The only record of the view's theme that contains the needle is rec: the
 * filter keeps it alone, view_record_contains says so, and a search from the
 * top finds it. Says what each one did when one does not. */
static void assert_only_match(view *v, uint32_t rec, const char *needle, const char *what)
{
    const dataset *ds = v->ds;
    view_filter(v, needle);
    bool filtered = v->nrows == 1 && v->rows[0] == rec;
    uint32_t nrows = v->nrows;
    view_filter(v, NULL);
    bool contains = view_record_contains(ds, rec, needle);
    uint32_t first = ds->themes[v->theme].first_record;
    long found = view_search(v, needle, -1, 1), want = (long)(rec - first);
    char nb[80];
    if (!filtered || !contains || found != want)
        fail_msg("%s: needle \"%s\" (%zu bytes), which %s shows: view_filter keeps %u rows%s, view_record_contains "
                 "says %s, view_search finds row %ld; expected 1 row (%s), yes, row %ld",
                 what, brief(needle, nb, sizeof nb), strlen(needle), rec_id(ds, rec), nrows,
                 filtered ? " (right)" : "", contains ? "yes" : "no", found, rec_id(ds, rec), want);
}

/* view_cell_text shows a list as its names joined by 、: a needle that spans
 * the 、 is in the text shown, and so in the record. */
static void filter_and_search_should_find_a_needle_across_the_names_of_a_list(void **state)
{
    (void)state;
    const dataset *ds = load_fixture(ACROSS_FILE);
    uint32_t r1;
    assert_int_equal(dataset_find_id(ds, "r1", &r1), ID_RECORD);
    view_cell_text(&cell, ds, r1, (uint32_t)view_find_column(ds, 0, "where"));
    assert_string_equal(cell.data, "Alpha、Beta");
    view *v = open_view(ds, 0);
    assert_only_match(v, r1, "Alpha", "one name (the control)");
    assert_only_match(v, r1, "Alpha、Beta", "the whole list");
    assert_only_match(v, r1, "a、b", "the end of one name and the start of the next");
    assert_only_match(v, r1, "、", "the separator alone");
}

/* Needles are not limited in length: a filter finds a needle of 256 bytes or
 * more, and so must view_record_contains and view_search (row by row, as in
 * any view of at most 4096 rows). */
static void record_contains_and_search_should_find_a_needle_of_256_bytes_or_more(void **state)
{
    (void)state;
    const dataset *ds = load_fixture(LONG_FILE);
    uint32_t r1;
    assert_int_equal(dataset_find_id(ds, "r1", &r1), ID_RECORD);
    view_cell_text(&cell, ds, r1, (uint32_t)view_find_column(ds, 0, "note"));
    assert_int_equal(cell.len, 320);
    view *v = open_view(ds, 0);
    static const size_t lengths[] = {255, 256, 320};
    for (size_t i = 0; i < COUNT_OF(lengths); i++) {
        char what[64];
        snprintf(what, sizeof what, "the first %zu bytes of r1's note", lengths[i]);
        buf_clear(&needle_text);
        buf_put(&needle_text, cell.data, lengths[i]);
        assert_only_match(v, r1, needle_text.data, what);
    }
}

/* ------------------------------------------------------------------------ */

/* Every case is generated and loaded once, for all the tests; ZJDASH_PROPS_CASE picks one. */
static int group_setup(void **state)
{
    (void)state;
    const char *only = getenv("ZJDASH_PROPS_CASE");
    if (only && *only)
        only_case = atoi(only);
    bool ok = true;
    for (int i = 0; i < NCASES; i++) {
        if (only_case >= 0 && i != only_case)
            continue;
        ok &= make_case(i);
        const char *dump = getenv("ZJDASH_PROPS_DUMP");
        if (only_case >= 0 && dump && *dump) {
            FILE *f = fopen(dump, "wb");
            if (f) {
                fwrite(cases[i].json.data, 1, cases[i].json.len, f);
                fclose(f);
            }
        }
    }
    return ok ? 0 : -1;
}

/* The cases live through all the tests and are freed once, at the end. */
static int group_teardown(void **state)
{
    (void)state;
    for (int i = 0; i < NCASES; i++)
        gen_free(&cases[i]);
    return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, test_setup, test_teardown)

/* Loading is checked first: a loader fault shows as such before it shows as a wrong sort. */
int main(void)
{
    static const struct CMUnitTest tests[] = {
        T(load_should_keep_every_generated_value),
        T(sort_by_any_column_should_give_an_ordered_permutation_with_empty_cells_last),
        T(sort_should_keep_tied_rows_in_the_reports_order_whatever_the_sort_before),
        T(sort_reversed_twice_should_give_back_the_same_order),
        T(sort_by_minus_one_should_give_the_report_order),
        T(filter_should_keep_exactly_the_rows_whose_shown_text_contains_the_needle),
        T(filter_should_keep_the_sort_order_and_clearing_it_should_show_every_row),
        T(search_should_find_the_next_matching_row_from_every_start_in_both_directions),
        T(search_over_4096_rows_should_find_the_next_matching_row),
        T(theme_money_should_be_the_sum_of_the_distinct_money_figures_of_its_records),
        T(place_money_should_be_the_sum_over_the_records_about_the_place),
        T(entity_records_should_hold_every_record_naming_the_entity_or_something_inside_it),
        T(entity_records_should_only_hold_records_naming_the_entity_or_something_inside_it),
        T(write_then_load_should_give_the_same_model_and_the_same_bytes),
        T(filter_and_search_should_find_a_needle_across_the_names_of_a_list),
        T(record_contains_and_search_should_find_a_needle_of_256_bytes_or_more),
    };
    return cmocka_run_group_tests_name("test_properties", tests, group_setup, group_teardown);
}

/* Writes a synthetic zjdash dataset of N records in the format of
 * data/SCHEMA.md, shaped like the real one (four themes, a place tree,
 * organisations, money and count figures with quotes), for the benchmarks.
 * No single shape is favoured: the four tables have 2 to 9 columns and
 * unequal shares of the rows, optional cells come and go, texts run from a
 * word to a few hundred characters with ASCII among the Chinese, and the
 * place tree's depth and fan-out vary from branch to branch.
 * The same arguments always give the same bytes.
 *
 *   gen N [THEMES] > file.json     (THEMES 1 to 4, default 4) */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_PLACES 4096
#define ORGS 2000

/* One stream, reseeded for each record, so that N alone fixes the bytes. */
static uint64_t state;

/* xorshift64: the same numbers on every platform, unlike rand(). */
static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

/* Spread the records over places, organisations and words as a real report would. */
static unsigned pick(unsigned n)
{
    return (unsigned)(next() % n);
}

static const char *const words[] = {
    "党建", "联建", "共建", "乡村", "振兴", "产业", "企业", "合作", "项目", "服务", "志愿",
    "帮扶", "治理", "社区", "园区", "文旅", "农户", "技术", "培训", "资金", "示范", "生态",
    "火龙果", "红糖", "茶园", "民宿", "物流", "商会", "协会", "律师", "法治", "公益", "基地",
    "红树林", "党建共赢", "林屋村", "GDP", "App", "5G", "2023年", "No.7", "e-commerce",
};
#define NWORDS (sizeof words / sizeof words[0])

/* Names and quotes in Chinese: filters and pinyin sorts cost what they cost on the report. */
static void phrase(unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        fputs(words[pick(NWORDS)], stdout);
}

/* Most texts are short, one in ten is long: lengths with a tail, as in reports. */
static unsigned text_words(unsigned shortest, unsigned spread)
{
    return pick(10) ? shortest + pick(spread) : 20 + pick(60);
}

static const char *const qualifiers[] = {"exact", "about", "over", "at_least"};

/* A record's bytes must not depend on how many records came before it. */
static unsigned record_seed(unsigned theme, unsigned i)
{
    return theme * 7919u + i;
}

static unsigned nplaces;

/* One place: its parent (or none: the report does not always locate one) and a name of varying length. */
static void write_place(const char *kind, int parent, const char *suffix)
{
    printf(",\n{\"id\": \"p%u\", \"name\": \"", nplaces);
    phrase(1 + pick(3));
    printf("%u%s\", \"kind\": \"%s\"", nplaces, suffix, kind);
    if (parent >= 0)
        printf(", \"parent\": \"p%d\"", parent);
    putchar('}');
    nplaces++;
}

/* The place tree: branches of depth 2 to 5 and fan-outs of 0 to 25, so that
 * no one shape of tree is what opening a place is measured on. */
static void write_places(void)
{
    static const char *const county_kinds[] = {"county", "county_city", "district"};
    static const char *const town_kinds[] = {"town", "township", "subdistrict"};
    printf("\"places\": [\n{\"id\": \"p0\", \"name\": \"湛江市\", \"kind\": \"city\"}");
    nplaces = 1;
    unsigned counties = 6 + pick(9);
    for (unsigned c = 0; c < counties && nplaces < MAX_PLACES; c++) {
        int county = (int)nplaces;
        write_place(county_kinds[pick(3)], 0, "县");
        unsigned towns = 2 + pick(14);
        for (unsigned t = 0; t < towns && nplaces < MAX_PLACES; t++) {
            int town = (int)nplaces;
            write_place(town_kinds[pick(3)], county, "镇");
            unsigned villages = pick(26);
            for (unsigned v = 0; v < villages && nplaces < MAX_PLACES; v++) {
                int village = (int)nplaces;
                write_place("village", pick(5) ? town : county, "村");
                for (unsigned g = pick(4) ? 0 : 1 + pick(4); g > 0 && nplaces < MAX_PLACES; g--)
                    write_place("group", village, "组");
            }
        }
    }
    for (unsigned u = 0; u < 20; u++)
        write_place("zone", -1, "园区");
}

/* Organisations of several kinds, located anywhere in the tree. */
static void write_organizations(void)
{
    static const char *const kinds[] = {"party_branch", "firm", "chamber", "association", "law_firm",
                                        "charity", "government"};
    printf("\n],\n\"organizations\": [\n");
    for (unsigned o = 0; o < ORGS; o++) {
        printf("%s{\"id\": \"o%u\", \"name\": \"", o ? ",\n" : "", o);
        phrase(1 + pick(5));
        printf("%u有限公司\", \"kind\": \"%s\"", o, kinds[pick(7)]);
        if (pick(8))
            printf(", \"place\": \"p%u\"", pick(nplaces));
        putchar('}');
    }
}

/* The four tables differ in their columns and in their share of the rows. */
struct shape {
    const char *id;
    unsigned percent;         /* of all records */
    bool who, where, people, items, date, note;
};

static const struct shape shapes[] = {
    {"organization", 55, true, true, true, false, false, false},
    {"industry", 20, false, true, false, false, false, false},
    {"governance", 15, true, true, true, true, true, true},
    {"assistance", 10, false, false, false, false, false, false},
};

/* Money for every record, a count or a date for some: numbers of every size for the sorts. */
static void write_figures(unsigned theme, unsigned long count)
{
    const struct shape *sh = &shapes[theme];
    printf("\"figures\": [\n");
    for (unsigned long i = 0; i < count; i++) {
        state = record_seed(theme, (unsigned)i) * 0x9E3779B97F4A7C15u + 1;
        uint64_t yuan = (next() % 100000 + 1);
        for (unsigned z = pick(8); z > 0; z--)
            yuan *= 10;
        printf("%s{\"id\": \"m%u.%lu\", \"label\": \"投入资金\", \"value\": %" PRIu64
               ", \"unit\": \"yuan\", \"qualifier\": \"%s\", \"quote\": \"",
               i ? ",\n" : "", theme, i, yuan, qualifiers[pick(4)]);
        phrase(text_words(1, 5));
        printf("投入资金%" PRIu64 "元\"}", yuan);
        if (sh->people && i % 3 == 0)
            printf(",\n{\"id\": \"c%u.%lu\", \"label\": \"党员\", \"value\": %u, \"unit\": \"person\", "
                   "\"qualifier\": \"over\", \"quote\": \"%u多名党员\"}",
                   theme, i, pick(5000) + 1, pick(5000) + 1);
        if (sh->items && i % 2 == 0)
            printf(",\n{\"id\": \"i%u.%lu\", \"label\": \"项目\", \"value\": %u, \"unit\": \"item\", "
                   "\"qualifier\": \"exact\", \"measure\": \"个\", \"quote\": \"项目%u个\"}",
                   theme, i, pick(90) + 1, pick(90) + 1);
        if (sh->date && i % 4 == 0)
            printf(",\n{\"id\": \"d%u.%lu\", \"label\": \"开工\", \"value\": \"20%02u-%02u\", \"unit\": \"date\", "
                   "\"qualifier\": \"exact\", \"quote\": \"开工\"}",
                   theme, i, 15 + pick(10), 1 + pick(12));
    }
}

/* A list of 1 to 3 distinct ids, places or organisations. */
static void write_refs(const char *key, char prefix, unsigned n)
{
    unsigned first = pick(n), count = 1 + (pick(4) ? 0 : 1 + pick(2));
    printf(", \"%s\": [", key);
    for (unsigned k = 0; k < count; k++)
        printf("%s\"%c%u\"", k ? ", " : "", prefix, (first + k * (1 + n / 4)) % n);
    putchar(']');
}

/* Rows with lists, optional cells and texts of every length, for loading, sorting and filtering. */
static void write_records(unsigned theme, unsigned long count)
{
    const struct shape *sh = &shapes[theme];
    printf("\n],\n\"records\": [\n");
    for (unsigned long i = 0; i < count; i++) {
        state = record_seed(theme, (unsigned)i) * 0xD1B54A32D192ED03u + 7;
        printf("%s{\"id\": \"r%u.%lu\", \"name\": \"", i ? ",\n" : "", theme, i);
        phrase(text_words(2, 3));
        printf("%lu\"", i);
        if (sh->who && pick(6))
            write_refs("who", 'o', ORGS);
        if (sh->where && pick(8))
            write_refs("where", 'p', nplaces);
        printf(", \"money\": \"m%u.%lu\"", theme, i);
        if (sh->people && i % 3 == 0)
            printf(", \"people\": \"c%u.%lu\"", theme, i);
        if (sh->items && i % 2 == 0)
            printf(", \"items\": \"i%u.%lu\"", theme, i);
        if (sh->date && i % 4 == 0)
            printf(", \"start\": \"d%u.%lu\"", theme, i);
        if (sh->note && pick(2)) {
            printf(", \"note\": \"");
            phrase(text_words(1, 4));
            putchar('"');
        }
        printf(", \"quote\": \"");
        phrase(text_words(4, 12));
        printf(",");
        phrase(text_words(2, 6));
        printf("\"}");
    }
}

/* The columns of a table, from its shape: 3 to 9 of them. */
static void write_columns(const struct shape *sh)
{
    printf("\"columns\": [{\"key\": \"name\", \"label\": \"名称\", \"type\": \"text\"}");
    if (sh->who)
        printf(", {\"key\": \"who\", \"label\": \"参与组织\", \"type\": \"refs\"}");
    if (sh->where)
        printf(", {\"key\": \"where\", \"label\": \"地点\", \"type\": \"refs\"}");
    printf(", {\"key\": \"money\", \"label\": \"金额\", \"type\": \"money\"}");
    if (sh->people)
        printf(", {\"key\": \"people\", \"label\": \"人数\", \"type\": \"count\", \"unit\": \"person\"}");
    if (sh->items)
        printf(", {\"key\": \"items\", \"label\": \"项目\", \"type\": \"count\", \"unit\": \"item\"}");
    if (sh->date)
        printf(", {\"key\": \"start\", \"label\": \"开工\", \"type\": \"date\"}");
    if (sh->note)
        printf(", {\"key\": \"note\", \"label\": \"备注\", \"type\": \"text\"}");
    printf(", {\"key\": \"quote\", \"label\": \"原文\", \"type\": \"text\"}],\n");
}

/* Every column type the benchmarks measure, in tables of different shapes. */
static void write_theme(unsigned theme, unsigned long count)
{
    printf("%s{\"id\": \"%s\", \"title\": \"主题%u\", \"heading\": \"合成\",\n", theme ? ",\n" : "",
           shapes[theme].id, theme + 1);
    write_columns(&shapes[theme]);
    write_figures(theme, count);
    write_records(theme, count);
    printf("\n]}");
}

/* The same arguments always give the same bytes: runs are compared on equal files. */
int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: gen N [THEMES] > file.json\n");
        return 2;
    }
    unsigned long n = strtoul(argv[1], NULL, 10);
    unsigned themes = argc == 3 ? (unsigned)strtoul(argv[2], NULL, 10) : 4;
    if (themes < 1 || themes > 4)
        themes = 4;
    state = 0x2024020110575800u;
    printf("{\n\"format\": \"zjdash/1.0\",\n"
           "\"meta\": {\"title\": \"合成数据 %lu\", \"publisher\": \"zjdash bench\", "
           "\"published\": \"2024-02-01T10:57:58\", \"section\": [\"bench\"]},\n",
           n);
    write_places();
    write_organizations();
    printf("\n],\n\"themes\": [\n");
    unsigned percent = 0;
    for (unsigned t = 0; t < themes; t++)
        percent += shapes[t].percent;
    unsigned long given = 0;
    for (unsigned t = 0; t < themes; t++) {
        unsigned long share = t + 1 == themes ? n - given : n * shapes[t].percent / percent;
        write_theme(t, share);
        given += share;
    }
    printf("\n]\n}\n");
    return ferror(stdout) ? 1 : 0;
}

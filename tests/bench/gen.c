/* Writes a synthetic zjdash dataset of N records in the format of
 * data/SCHEMA.md, shaped like the real one (four themes, a place tree,
 * organisations, money and count figures with quotes), for the benchmarks.
 * The same N always gives the same bytes.
 *
 *   gen N [THEMES] > file.json     (THEMES 1 to 4, default 4) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define COUNTIES 10
#define TOWNS_PER_COUNTY 10
#define VILLAGES_PER_TOWN 10
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
};
#define NWORDS (sizeof words / sizeof words[0])

/* Names and quotes in Chinese: filters and pinyin sorts cost what they cost on the report. */
static void phrase(unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        fputs(words[pick(NWORDS)], stdout);
}

static const char *const qualifiers[] = {"exact", "about", "over", "at_least"};

/* A record's bytes must not depend on how many records came before it. */
static unsigned record_seed(unsigned theme, unsigned i)
{
    return theme * 7919u + i;
}

/* The place tree of the report, at a size where opening a place has work to do. */
static void write_places(void)
{
    printf("\"places\": [\n{\"id\": \"p\", \"name\": \"湛江市\", \"kind\": \"city\"}");
    for (unsigned c = 0; c < COUNTIES; c++) {
        printf(",\n{\"id\": \"p%u\", \"name\": \"测试%u县\", \"kind\": \"county\", \"parent\": \"p\"}", c, c);
        for (unsigned t = 0; t < TOWNS_PER_COUNTY; t++) {
            printf(",\n{\"id\": \"p%u.%u\", \"name\": \"测试%u镇\", \"kind\": \"town\", \"parent\": \"p%u\"}",
                   c, t, c * TOWNS_PER_COUNTY + t, c);
            for (unsigned v = 0; v < VILLAGES_PER_TOWN; v++)
                printf(",\n{\"id\": \"p%u.%u.%u\", \"name\": \"测试%u村\", \"kind\": \"village\", "
                       "\"parent\": \"p%u.%u\"}",
                       c, t, v, (c * TOWNS_PER_COUNTY + t) * VILLAGES_PER_TOWN + v, c, t);
        }
    }
}

/* Organisations located in villages, so that a place's records include theirs. */
static void write_organizations(void)
{
    printf("\n],\n\"organizations\": [\n");
    for (unsigned o = 0; o < ORGS; o++) {
        printf("%s{\"id\": \"o%u\", \"name\": \"", o ? ",\n" : "", o);
        phrase(2);
        printf("%u有限公司党支部\", \"kind\": \"party_branch\", \"place\": \"p%u.%u.%u\"}", o,
               pick(COUNTIES), pick(TOWNS_PER_COUNTY), pick(VILLAGES_PER_TOWN));
    }
}

/* Money for every record and a count for every third: numbers for the sorts and totals. */
static void write_figures(unsigned theme, unsigned long count)
{
    printf("\"figures\": [\n");
    for (unsigned long i = 0; i < count; i++) {
        state = record_seed(theme, (unsigned)i) * 0x9E3779B97F4A7C15u + 1;
        uint64_t yuan = (next() % 100000 + 1) * 10000;
        printf("%s{\"id\": \"m%u.%lu\", \"label\": \"投入资金\", \"value\": %" PRIu64
               ", \"unit\": \"yuan\", \"qualifier\": \"%s\", \"quote\": \"",
               i ? ",\n" : "", theme, i, yuan, qualifiers[pick(4)]);
        phrase(3);
        printf("投入资金%" PRIu64 "万元\"}", yuan / 10000);
        if (i % 3 == 0)
            printf(",\n{\"id\": \"c%u.%lu\", \"label\": \"党员\", \"value\": %u, \"unit\": \"person\", "
                   "\"qualifier\": \"over\", \"quote\": \"%u多名党员\"}",
                   theme, i, pick(5000) + 1, pick(5000) + 1);
    }
}

/* Rows with lists and long quotes as in the report, for loading, sorting and filtering. */
static void write_records(unsigned theme, unsigned long count)
{
    printf("\n],\n\"records\": [\n");
    for (unsigned long i = 0; i < count; i++) {
        state = record_seed(theme, (unsigned)i) * 0xD1B54A32D192ED03u + 7;
        printf("%s{\"id\": \"r%u.%lu\", \"name\": \"", i ? ",\n" : "", theme, i);
        phrase(3);
        unsigned org = pick(ORGS);
        printf("%lu\", \"who\": [\"o%u\"", i, org);
        if (i % 2)
            printf(", \"o%u\"", (org + 1 + pick(ORGS - 1)) % ORGS);
        printf("], \"where\": [\"p%u.%u.%u\"], \"money\": \"m%u.%lu\"", pick(COUNTIES),
               pick(TOWNS_PER_COUNTY), pick(VILLAGES_PER_TOWN), theme, i);
        if (i % 3 == 0)
            printf(", \"people\": \"c%u.%lu\"", theme, i);
        printf(", \"quote\": \"");
        phrase(7 + pick(7));
        printf(",");
        phrase(5 + pick(5));
        printf("\"}");
    }
}

/* Every column type the benchmarks measure, in each theme. */
static void write_theme(unsigned theme, unsigned long count)
{
    static const char *const ids[] = {"organization", "industry", "governance", "assistance"};
    printf("%s{\"id\": \"%s\", \"title\": \"主题%u\", \"heading\": \"合成\",\n", theme ? ",\n" : "",
           ids[theme], theme + 1);
    printf("\"columns\": [{\"key\": \"name\", \"label\": \"名称\", \"type\": \"text\"},"
           " {\"key\": \"who\", \"label\": \"参与组织\", \"type\": \"refs\"},"
           " {\"key\": \"where\", \"label\": \"地点\", \"type\": \"refs\"},"
           " {\"key\": \"money\", \"label\": \"金额\", \"type\": \"money\"},"
           " {\"key\": \"people\", \"label\": \"人数\", \"type\": \"count\", \"unit\": \"person\"},"
           " {\"key\": \"quote\", \"label\": \"原文\", \"type\": \"text\"}],\n");
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
    for (unsigned theme = 0; theme < themes; theme++)
        write_theme(theme, n / themes + (theme < n % themes));
    printf("\n]\n}\n");
    return ferror(stdout) ? 1 : 0;
}

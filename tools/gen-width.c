/* Turns the Unicode Character Database (Debian package unicode-data) into the
 * range tables model/text.c measures and sanitises with, so that zjdash's idea
 * of a character's width does not depend on the locale of the machine it runs on.
 *
 *   gen-width UnicodeData.txt EastAsianWidth.txt DerivedCoreProperties.txt > model/width_table.inc
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CODE_POINTS 0x110000

enum cls { NARROW, WIDE, ZERO, UNSAFE };

static unsigned char cls[CODE_POINTS];
static unsigned char assigned[CODE_POINTS];
static unsigned char wide[CODE_POINTS];
static unsigned char ignorable[CODE_POINTS];

static FILE *open_or_die(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    return f;
}

static void read_unicode_data(const char *path)
{
    FILE *f = open_or_die(path);
    char line[512];
    long range_first = -1;
    while (fgets(line, sizeof line, f)) {
        char *name = strchr(line, ';');
        if (!name)
            continue;
        char *cat = strchr(name + 1, ';');
        if (!cat)
            continue;
        long cp = strtol(line, NULL, 16);
        long first = cp;
        if (strstr(name, ", First>")) {
            range_first = cp;
            continue;
        }
        if (strstr(name, ", Last>"))
            first = range_first;
        for (long c = first; c <= cp; c++) {
            assigned[c] = 1;
            const char *g = cat + 1;
            /* private use (Co): what a font of the reader's happens to draw there */
            if (!strncmp(g, "Cc", 2) || !strncmp(g, "Cf", 2) || !strncmp(g, "Cs", 2) ||
                !strncmp(g, "Zl", 2) || !strncmp(g, "Zp", 2) || !strncmp(g, "Co", 2))
                cls[c] = UNSAFE;
            else if (!strncmp(g, "Mn", 2) || !strncmp(g, "Me", 2))
                cls[c] = ZERO;
        }
    }
    fclose(f);
}

static void read_east_asian_width(const char *path, char version[32])
{
    FILE *f = open_or_die(path);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') {
            char *v = strstr(line, "EastAsianWidth-");
            if (v && !version[0] && sscanf(v + strlen("EastAsianWidth-"), "%31[0-9.]", version) == 1) {
                size_t n = strlen(version);
                if (n && version[n - 1] == '.')
                    version[n - 1] = 0;
            }
            continue;
        }
        if (!isxdigit((unsigned char)line[0]))
            continue;
        char *end;
        long lo = strtol(line, &end, 16), hi = lo;
        if (end[0] == '.' && end[1] == '.')
            hi = strtol(end + 2, &end, 16);
        if (*end != ';')
            continue;
        char w = end[1];
        if ((w == 'W' || w == 'F') && (end[2] == ' ' || end[2] == '\n' || end[2] == '#'))
            for (long c = lo; c <= hi; c++)
                wide[c] = 1;
    }
    fclose(f);
}

/* Characters meant to be invisible (Hangul fillers, variation selectors,
 * tags): shown as nothing, or (U+FE0F after an emoji) widening what comes
 * before it in some terminals and not in others, which breaks a table's
 * borders. Shown as placeholders instead. */
static void read_default_ignorable(const char *path)
{
    FILE *f = open_or_die(path);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (!isxdigit((unsigned char)line[0]) || !strstr(line, "; Default_Ignorable_Code_Point"))
            continue;
        char *end;
        long lo = strtol(line, &end, 16), hi = lo;
        if (end[0] == '.' && end[1] == '.')
            hi = strtol(end + 2, &end, 16);
        for (long c = lo; c <= hi && c < CODE_POINTS; c++)
            ignorable[c] = 1;
    }
    fclose(f);
}

static void emit(enum cls want, const char *name)
{
    printf("static const struct text_range %s[] = {\n", name);
    long c = 0;
    int n = 0;
    while (c < CODE_POINTS) {
        if (cls[c] != want) {
            c++;
            continue;
        }
        long lo = c;
        while (c < CODE_POINTS && cls[c] == want)
            c++;
        printf("    {0x%04lX, 0x%04lX},\n", lo, c - 1);
        n++;
    }
    printf("};\n\n");
    fprintf(stderr, "%s: %d ranges\n", name, n);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: gen-width UnicodeData.txt EastAsianWidth.txt DerivedCoreProperties.txt\n");
        return 2;
    }
    char version[32] = "";
    read_unicode_data(argv[1]);
    read_east_asian_width(argv[2], version);
    read_default_ignorable(argv[3]);
    for (long c = 0; c < CODE_POINTS; c++) {
        if (!assigned[c])
            cls[c] = UNSAFE;
        else if (cls[c] == NARROW && wide[c])
            cls[c] = WIDE;
    }
    /* Hangul medial vowels and final consonants join the preceding syllable,
     * as terminals (and glibc's wcwidth) draw them, although the database
     * files them as letters. */
    for (long c = 0x1160; c <= 0x11FF; c++)
        cls[c] = ZERO;
    for (long c = 0xD7B0; c <= 0xD7FF; c++)
        if (cls[c] != UNSAFE)
            cls[c] = ZERO;
    for (long c = 0; c < CODE_POINTS; c++)
        if (ignorable[c])
            cls[c] = UNSAFE;
    printf("/* Generated by tools/gen-width.c from the Unicode Character Database %s\n"
           " * (Debian package unicode-data). Do not edit: run `make width-table`. */\n\n",
           version[0] ? version : "(unknown version)");
    emit(WIDE, "text_wide_ranges");
    emit(ZERO, "text_zero_ranges");
    emit(UNSAFE, "text_unsafe_ranges");
    return 0;
}

#include "fontsubset.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* ---- reading, always within bounds ---- */

struct span {
    const unsigned char *p;
    size_t len;
};

/* Every read asks first, so a hostile offset cannot reach past the file (nor at + n wrap). */
static bool has(struct span s, size_t at, size_t n)
{
    return at <= s.len && n <= s.len - at;
}

/* TrueType is big-endian; 0 outside the span, so a truncated table reads as empty, not as memory. */
static uint16_t u16(struct span s, size_t at)
{
    return has(s, at, 2) ? (uint16_t)(s.p[at] << 8 | s.p[at + 1]) : 0;
}

/* u16's 32-bit twin, with the same 0 for what lies outside. */
static uint32_t u32(struct span s, size_t at)
{
    return has(s, at, 4) ? (uint32_t)s.p[at] << 24 | (uint32_t)s.p[at + 1] << 16 |
                               (uint32_t)s.p[at + 2] << 8 | s.p[at + 3]
                         : 0;
}

struct font {
    struct span file;
    struct span head, hhea, hmtx, maxp, loca, glyf, cmap;
    struct span optional[6]; /* OS/2 name cvt fpgm prep gasp, copied as they are */
    size_t dir; /* where the table directory is */
    uint16_t num_glyphs, num_hmetrics;
    bool long_loca;
};

static const char *const optional_tags[6] = {"OS/2", "name", "cvt ", "fpgm", "prep", "gasp"};

/* A table checked against the file once, so later reads need only stay within the table. */
static bool table(struct span file, size_t dir, const char *tag, struct span *out)
{
    uint16_t n = u16(file, dir + 4);
    for (uint16_t i = 0; i < n; i++) {
        size_t e = dir + 12 + 16 * (size_t)i;
        if (!has(file, e, 16))
            return false;
        if (memcmp(file.p + e, tag, 4))
            continue;
        uint32_t off = u32(file, e + 8), len = u32(file, e + 12);
        if (!has(file, off, len))
            return false;
        out->p = file.p + off;
        out->len = len;
        return true;
    }
    out->p = NULL;
    out->len = 0;
    return false;
}

/* Every refusal is one line: the message, and -1 for the caller to return. */
static int fail(char *err, size_t errlen, const char *why)
{
    snprintf(err, errlen, "%s", why);
    return -1;
}

/* Checks all the subset relies on up front, so the rest need not ask whether a count makes sense. */
static int open_font(struct font *f, const unsigned char *data, size_t len, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->file.p = data;
    f->file.len = len;
    size_t dir = 0;
    if (has(f->file, 0, 16) && !memcmp(data, "ttcf", 4))
        dir = u32(f->file, 12); /* the first font of a collection */
    f->dir = dir;
    uint32_t version = u32(f->file, dir);
    if (has(f->file, dir, 4) && !memcmp(data + dir, "OTTO", 4))
        return fail(err, errlen, "it has PostScript (CFF) outlines; give a TrueType font (.ttf or .ttc)");
    if (version != 0x00010000 && memcmp(data + (has(f->file, dir, 4) ? dir : 0), "true", 4))
        return fail(err, errlen, "not a TrueType font");
    if (!table(f->file, dir, "head", &f->head) || !table(f->file, dir, "hhea", &f->hhea) ||
        !table(f->file, dir, "hmtx", &f->hmtx) || !table(f->file, dir, "maxp", &f->maxp) ||
        !table(f->file, dir, "loca", &f->loca) || !table(f->file, dir, "glyf", &f->glyf) ||
        !table(f->file, dir, "cmap", &f->cmap))
        return fail(err, errlen, "a table TrueType needs (head, hhea, hmtx, maxp, loca, glyf, cmap) "
                                 "is missing or lies outside the file");
    for (int i = 0; i < 6; i++)
        table(f->file, dir, optional_tags[i], &f->optional[i]);
    if (f->head.len < 54 || f->hhea.len < 36 || f->maxp.len < 6)
        return fail(err, errlen, "its head, hhea or maxp table is too short");
    f->num_glyphs = u16(f->maxp, 4);
    f->num_hmetrics = u16(f->hhea, 34);
    f->long_loca = u16(f->head, 50) == 1;
    if (!f->num_glyphs || !f->num_hmetrics || f->num_hmetrics > f->num_glyphs ||
        f->hmtx.len < 4u * f->num_hmetrics + 2u * (f->num_glyphs - f->num_hmetrics) ||
        f->loca.len < (size_t)(f->num_glyphs + 1) * (f->long_loca ? 4 : 2))
        return fail(err, errlen, "its glyph counts and tables disagree");
    return 0;
}

/* ---- looking up ---- */

/* Format 4: all that older fonts, and many CJK ones, offer for the BMP. */
static uint32_t lookup_format4(struct span t, uint32_t cp)
{
    if (cp > 0xFFFF)
        return 0;
    uint16_t segx2 = u16(t, 6);
    size_t ends = 14, starts = ends + segx2 + 2, deltas = starts + segx2, ranges = deltas + segx2;
    for (size_t i = 0; i < segx2 / 2u; i++) {
        uint16_t end = u16(t, ends + 2 * i), start = u16(t, starts + 2 * i);
        if (cp > end)
            continue;
        if (cp < start)
            return 0;
        uint16_t delta = u16(t, deltas + 2 * i), range = u16(t, ranges + 2 * i);
        if (!range)
            return (uint16_t)(cp + delta);
        size_t at = ranges + 2 * i + range + 2 * (cp - start);
        uint16_t g = u16(t, at);
        return g ? (uint16_t)(g + delta) : 0;
    }
    return 0;
}

/* Format 12 reaches beyond the BMP (rare characters, some names of places). */
static uint32_t lookup_format12(struct span t, uint32_t cp)
{
    uint32_t groups = u32(t, 12);
    for (uint32_t i = 0; i < groups && has(t, 16 + 12 * (size_t)i, 12); i++) {
        size_t g = 16 + 12 * (size_t)i;
        uint32_t start = u32(t, g), end = u32(t, g + 4);
        if (cp >= start && cp <= end)
            return u32(t, g + 8) + (cp - start);
    }
    return 0;
}

/* The best Unicode subtable: format 12 (all planes), else format 4. */
static bool unicode_map(struct span cmap, struct span *sub, int *format)
{
    uint16_t n = u16(cmap, 2);
    struct span best4 = {NULL, 0};
    for (uint16_t i = 0; i < n; i++) {
        size_t e = 4 + 8 * (size_t)i;
        uint16_t platform = u16(cmap, e), encoding = u16(cmap, e + 2);
        uint32_t off = u32(cmap, e + 4);
        bool unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        if (!unicode || !has(cmap, off, 8))
            continue;
        uint16_t fmt = u16(cmap, off);
        size_t len = fmt == 12 ? u32(cmap, off + 4) : u16(cmap, off + 2);
        if (!has(cmap, off, len))
            continue;
        struct span s = {cmap.p + off, len};
        if (fmt == 12) {
            *sub = s;
            *format = 12;
            return true;
        }
        if (fmt == 4 && !best4.p)
            best4 = s;
    }
    if (!best4.p)
        return false;
    *sub = best4;
    *format = 4;
    return true;
}

/* An outline, or nothing for a glyph without one (a space) or with loca pointing outside glyf. */
static struct span glyph(const struct font *f, uint32_t g)
{
    uint32_t a = f->long_loca ? u32(f->loca, 4 * (size_t)g) : 2u * u16(f->loca, 2 * (size_t)g);
    uint32_t b = f->long_loca ? u32(f->loca, 4 * (size_t)g + 4) : 2u * u16(f->loca, 2 * (size_t)g + 2);
    struct span s = {NULL, 0};
    if (b > a && has(f->glyf, a, b - a)) {
        s.p = f->glyf.p + a;
        s.len = b - a;
    }
    return s;
}

#define ARG_WORDS 0x0001
#define HAS_SCALE 0x0008
#define MORE 0x0020
#define HAS_XY_SCALE 0x0040
#define HAS_2X2 0x0080

/* Calls back with the offset of each component's glyph index in a composite glyph. */
static void components(struct span g, void (*each)(size_t at, void *ctx), void *ctx)
{
    if (g.len < 10 || (int16_t)u16(g, 0) >= 0)
        return;
    size_t at = 10;
    for (int guard = 0; guard < 64; guard++) {
        if (!has(g, at, 4))
            return;
        uint16_t flags = u16(g, at);
        each(at + 2, ctx);
        at += 4 + (flags & ARG_WORDS ? 4 : 2);
        at += flags & HAS_SCALE ? 2 : flags & HAS_XY_SCALE ? 4 : flags & HAS_2X2 ? 8 : 0;
        if (!(flags & MORE))
            return;
    }
}

/* ---- the subset ---- */

struct subset {
    const struct font *f;
    uint32_t *old_of; /* new gid -> old */
    uint32_t *new_of; /* old gid -> new, or UINT32_MAX */
    uint32_t n;
    struct span current; /* the glyph whose components are being added */
};

/* A glyph gets one new number however many characters and composites ask for it. */
static void keep(struct subset *s, uint32_t old)
{
    if (old >= s->f->num_glyphs || s->new_of[old] != UINT32_MAX)
        return;
    s->new_of[old] = s->n;
    s->old_of[s->n++] = old;
}

/* components' callback while choosing: a composite needs its parts. */
static void keep_component(size_t at, void *ctx)
{
    struct subset *s = ctx;
    keep(s, u16(s->current, at));
}

/* The writer's side of u16: TrueType is big-endian whatever the machine. */
static void put16(buf *b, uint32_t v)
{
    unsigned char x[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    buf_put(b, x, 2);
}

/* put16 for 32-bit fields. */
static void put32(buf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
                          (unsigned char)v};
    buf_put(b, x, 4);
}

/* Fixes a field already written, for values known only later (counts, checksums). */
static void set16(buf *b, size_t at, uint32_t v)
{
    b->data[at] = (char)(v >> 8);
    b->data[at + 1] = (char)v;
}

/* set16 for 32-bit fields. */
static void set32(buf *b, size_t at, uint32_t v)
{
    set16(b, at, v >> 16);
    set16(b, at + 2, v & 0xFFFF);
}

struct renumber {
    buf *glyf;
    size_t glyph_at;
    const struct subset *s;
};

/* components' callback while copying: a part's old number would name another glyph here. */
static void renumber_component(size_t at, void *ctx)
{
    struct renumber *r = ctx;
    struct span whole = {(const unsigned char *)r->glyf->data, r->glyf->len};
    uint32_t old = u16(whole, r->glyph_at + at);
    uint32_t now = old < r->s->f->num_glyphs ? r->s->new_of[old] : UINT32_MAX;
    set16(r->glyf, r->glyph_at + at, now == UINT32_MAX ? 0 : now);
}

struct mapping {
    uint32_t cp, gid;
};

/* A cmap must list code points in ascending order. */
static int by_cp(const void *a, const void *b)
{
    uint32_t x = ((const struct mapping *)a)->cp, y = ((const struct mapping *)b)->cp;
    return (x > y) - (x < y);
}

/* Binary-search hints the directory and format 4 both carry: the top power of two <= n, its log2. */
static void search_range(uint32_t n, uint32_t *range, uint32_t *selector)
{
    *range = 1;
    *selector = 0;
    while (*range * 2 <= n) {
        *range *= 2;
        (*selector)++;
    }
}

/* A new cmap, not a cut copy: format 4 for renderers that know only the BMP, format 12 for all. */
static void build_cmap(buf *out, const struct mapping *m, size_t n)
{
    size_t bmp = 0;
    while (bmp < n && m[bmp].cp <= 0xFFFF)
        bmp++;
    /* format 4: a segment per character, then the closing 0xFFFF one */
    size_t segs = bmp + 1;
    size_t f4_len = 16 + 8 * segs;
    put16(out, 0);
    put16(out, 2);
    put16(out, 3); /* Windows, Unicode BMP */
    put16(out, 1);
    put32(out, 4 + 16);
    put16(out, 3); /* Windows, Unicode full */
    put16(out, 10);
    put32(out, (uint32_t)(4 + 16 + f4_len));
    uint32_t range, selector;
    search_range((uint32_t)segs, &range, &selector);
    put16(out, 4);
    put16(out, (uint32_t)f4_len);
    put16(out, 0);
    put16(out, (uint32_t)(2 * segs));
    put16(out, 2 * range);
    put16(out, selector);
    put16(out, (uint32_t)(2 * segs - 2 * range));
    for (size_t i = 0; i < bmp; i++)
        put16(out, m[i].cp);
    put16(out, 0xFFFF);
    put16(out, 0);
    for (size_t i = 0; i < bmp; i++)
        put16(out, m[i].cp);
    put16(out, 0xFFFF);
    for (size_t i = 0; i < bmp; i++)
        put16(out, (m[i].gid - m[i].cp) & 0xFFFF);
    put16(out, 1);
    for (size_t i = 0; i < segs; i++)
        put16(out, 0);
    /* format 12: every character, beyond the BMP too */
    put16(out, 12);
    put16(out, 0);
    put32(out, (uint32_t)(16 + 12 * n));
    put32(out, 0);
    put32(out, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        put32(out, m[i].cp);
        put32(out, m[i].cp);
        put32(out, m[i].gid);
    }
}

/* TrueType's sum of a table or a file: some renderers refuse a font whose sums are wrong. */
static uint32_t checksum(const char *p, size_t len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < len; i += 4) {
        uint32_t w = 0;
        for (size_t k = 0; k < 4; k++)
            w = w << 8 | (i + k < len ? (unsigned char)p[i + k] : 0);
        sum += w;
    }
    return sum;
}

struct out_table {
    char tag[5];
    buf data;
};

/* Tables are gathered, then laid out: the directory needs every length before any table. */
static struct out_table *add_table(struct out_table *t, int *n, const char *tag)
{
    struct out_table *o = &t[(*n)++];
    memcpy(o->tag, tag, 5);
    buf_init(&o->data);
    return o;
}

/* The table directory must be sorted by tag. */
static int by_tag(const void *a, const void *b)
{
    return memcmp(((const struct out_table *)a)->tag, ((const struct out_table *)b)->tag, 4);
}

/* .notdef, the characters' glyphs, then their components, numbered anew; m: the sorted map. */
static size_t choose_glyphs(struct subset *s, struct span map, int format, const uint32_t *cps,
                            size_t ncps, struct mapping *m)
{
    const struct font *f = s->f;
    keep(s, 0);
    size_t nm = 0;
    for (size_t i = 0; i < ncps; i++) {
        uint32_t g = format == 12 ? lookup_format12(map, cps[i]) : lookup_format4(map, cps[i]);
        if (!g || g >= f->num_glyphs)
            continue; /* the font lacks it: the browser's fallback draws it */
        keep(s, g);
        m[nm].cp = cps[i];
        m[nm++].gid = g;
    }
    for (uint32_t i = 0; i < s->n; i++) { /* s->n grows as components are found */
        s->current = glyph(f, s->old_of[i]);
        components(s->current, keep_component, s);
    }
    for (size_t i = 0; i < nm; i++)
        m[i].gid = s->new_of[m[i].gid];
    qsort(m, nm, sizeof *m, by_cp);
    size_t unique = 0;
    for (size_t i = 0; i < nm; i++)
        if (!unique || m[unique - 1].cp != m[i].cp)
            m[unique++] = m[i];
    return unique;
}

/* Together, as loca holds glyf's offsets; a copied composite must name its parts' new numbers. */
static void add_outlines(struct out_table *t, int *nt, const struct subset *s)
{
    struct out_table *glyf = add_table(t, nt, "glyf"), *loca = add_table(t, nt, "loca");
    for (uint32_t i = 0; i < s->n; i++) {
        put32(&loca->data, (uint32_t)glyf->data.len);
        struct span g = glyph(s->f, s->old_of[i]);
        size_t at = glyf->data.len;
        if (g.len) {
            buf_put(&glyf->data, g.p, g.len);
            struct renumber r = {&glyf->data, at, s};
            struct span copy = {(const unsigned char *)glyf->data.data + at, g.len};
            components(copy, renumber_component, &r);
        }
        while (glyf->data.len % 4)
            buf_putc(&glyf->data, 0);
    }
    put32(&loca->data, (uint32_t)glyf->data.len);
}

/* A full metric per glyph: the original's shared trailing advance no longer fits the new order. */
static void add_metrics(struct out_table *t, int *nt, const struct subset *s)
{
    const struct font *f = s->f;
    struct out_table *hmtx = add_table(t, nt, "hmtx");
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t g = s->old_of[i];
        uint32_t h = g < f->num_hmetrics ? g : f->num_hmetrics - 1u;
        put16(&hmtx->data, u16(f->hmtx, 4 * (size_t)h));
        put16(&hmtx->data, g < f->num_hmetrics ? u16(f->hmtx, 4 * (size_t)g + 2)
                                               : u16(f->hmtx, 4 * (size_t)f->num_hmetrics +
                                                                  2 * (size_t)(g - f->num_hmetrics)));
    }
}

/* Copies of the original's, so the metrics stay, with only what the subset changes set anew. */
static void add_headers(struct out_table *t, int *nt, const struct font *f, uint32_t nglyphs)
{
    struct out_table *head = add_table(t, nt, "head");
    buf_put(&head->data, f->head.p, 54);
    set32(&head->data, 8, 0); /* checkSumAdjustment: set when the file is whole */
    set16(&head->data, 50, 1);
    struct out_table *hhea = add_table(t, nt, "hhea");
    buf_put(&hhea->data, f->hhea.p, 36);
    set16(&hhea->data, 34, nglyphs);
    struct out_table *maxp = add_table(t, nt, "maxp");
    buf_put(&maxp->data, f->maxp.p, f->maxp.len);
    set16(&maxp->data, 4, nglyphs);
    struct out_table *post = add_table(t, nt, "post");
    struct span old_post;
    if (table(f->file, f->dir, "post", &old_post) && old_post.len >= 32)
        buf_put(&post->data, old_post.p, 32); /* underline metrics, fixed pitch */
    else
        for (int i = 0; i < 8; i++)
            put32(&post->data, 0);
    set32(&post->data, 0, 0x00030000); /* version 3: no glyph names */
}

/* Sorted directory, padded tables, and head's adjustment so the file sums right; frees the tables. */
static void write_sfnt(buf *out, struct out_table *t, int nt)
{
    qsort(t, (size_t)nt, sizeof t[0], by_tag);
    size_t start = out->len;
    uint32_t range, selector;
    search_range((uint32_t)nt, &range, &selector);
    put32(out, 0x00010000);
    put16(out, (uint32_t)nt);
    put16(out, range * 16);
    put16(out, selector);
    put16(out, (uint32_t)nt * 16 - range * 16);
    size_t offset = 12 + 16 * (size_t)nt, head_at = 0;
    for (int i = 0; i < nt; i++) {
        buf_put(out, t[i].tag, 4);
        put32(out, checksum(t[i].data.data, t[i].data.len));
        put32(out, (uint32_t)offset);
        put32(out, (uint32_t)t[i].data.len);
        if (!memcmp(t[i].tag, "head", 4))
            head_at = offset;
        offset += (t[i].data.len + 3) & ~(size_t)3;
    }
    for (int i = 0; i < nt; i++) {
        buf_put(out, t[i].data.data, t[i].data.len);
        while ((out->len - start) % 4)
            buf_putc(out, 0);
        buf_free(&t[i].data);
    }
    set32(out, start + head_at + 8, 0xB1B0AFBAu - checksum(out->data + start, out->len - start));
}

/* Reads and checks the font, then builds the subset table by table. */
int font_subset(const unsigned char *data, size_t len, const uint32_t *cps, size_t ncps, buf *out,
                char *err, size_t errlen)
{
    struct font f;
    if (open_font(&f, data, len, err, errlen))
        return -1;
    struct span map;
    int format;
    if (!unicode_map(f.cmap, &map, &format))
        return fail(err, errlen, "it has no Unicode character map");
    struct subset s = {&f, mem_alloc((f.num_glyphs + 1u) * sizeof(uint32_t)),
                       mem_alloc((f.num_glyphs + 1u) * sizeof(uint32_t)), 0, {NULL, 0}};
    memset(s.new_of, 0xFF, (f.num_glyphs + 1u) * sizeof(uint32_t));
    struct mapping *m = mem_alloc((ncps + 1) * sizeof *m);
    size_t unique = choose_glyphs(&s, map, format, cps, ncps, m);

    struct out_table t[16];
    int nt = 0;
    add_outlines(t, &nt, &s);
    add_metrics(t, &nt, &s);
    add_headers(t, &nt, &f, s.n);
    build_cmap(&add_table(t, &nt, "cmap")->data, m, unique);
    for (int i = 0; i < 6; i++)
        if (f.optional[i].p)
            buf_put(&add_table(t, &nt, optional_tags[i])->data, f.optional[i].p, f.optional[i].len);
    write_sfnt(out, t, nt);
    free(s.old_of);
    free(s.new_of);
    free(m);
    return 0;
}

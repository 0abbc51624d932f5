/* PNG, PDF and outlined SVG drawn with cairo and Pango (tui/render.c), read
 * back the way a briefing author would meet them: the PNG's pixels (does
 * every Chinese character stay in its two cells? do bars join?), the PDF
 * through poppler (pdftotext finds the names whole and in order, pdffonts
 * says every font is an embedded subset, pdfinfo gives the title, the
 * dates and the pages), the SVG through xmllint. The same grids must give
 * the same bytes. Faces come from fontconfig; two tests give the renderer
 * a fontconfig that knows only one font, or none, in a child process. */
#include <fontconfig/fontconfig.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "app.h"
#include "buf.h"
#include "dataset.h"
#include "grid.h"
#include "render.h"
#include "style.h"
#include "text.h"
#include "../support/testutil.h"

static char tmpdir[64];
static struct render_metrics M; /* what the default fontconfig gives */

#define TITLE "湛江:凝“新”聚力 赋能“百千万工程”"
#define EPOCH 1706745600 /* 2024-02-01T00:00:00Z */
static const char *const NAMES[] = {"中国农业银行湛江分行", "湛江市人民政府", "广东海洋大学",
                                    "徐闻县曲界镇", "Zhanjiang Port Group"};
static const char *const AMOUNTS[] = {"12.5 亿元", "3 个", "980 万元", "42 家", "7.25 亿元"};
#define NNAMES 5

/* ---- setup ---- */

/* The metrics every test sizes its pixels by, and a directory for the files the tools read. */
static int make_tmpdir(void **state)
{
    (void)state;
    char err[512];
    if (render_metrics(&M, err, sizeof err) != 0) {
        fprintf(stderr, "test_render: %s\n", err);
        return -1;
    }
    strcpy(tmpdir, "/tmp/zjdash-render-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

/* Nothing left behind in /tmp. */
static int remove_tmpdir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- grids ---- */

/* A briefing's table: the title on top, column headings, names and amounts, a bar. */
static void known_grid(grid *g)
{
    grid_init(g, 60, NNAMES + 4, false);
    grid_clear(g, ST_NORMAL);
    grid_puts(g, 0, 0, 60, TITLE, ST_TITLE, 0);
    grid_puts(g, 1, 0, 30, "名称", ST_COLUMN, 0);
    grid_puts(g, 1, 30, 30, "金额", ST_COLUMN, 0);
    for (int i = 0; i < NNAMES; i++) {
        grid_puts(g, 2 + i, 0, 30, NAMES[i], ST_NORMAL, 0);
        grid_puts(g, 2 + i, 30, 12, AMOUNTS[i], ST_FIGURE_VALUE, 0);
        for (int x = 0; x < 8 - i; x++)
            grid_puts(g, 2 + i, 44 + x, 1, "█", ST_BAR, TEXT_NO_PAD);
    }
    grid_puts(g, NNAMES + 3, 0, 60, "数据来源:南方日报 2024-02-01", ST_DIM, 0);
}

/* A render that must succeed; its error, if any, is the failure's message. */
static buf render_ok(const grid *const *pages, int n, enum render_format format,
                     const struct render_options *o)
{
    buf b;
    buf_init(&b);
    char err[512] = "";
    int r = render_pages(&b, pages, n, format, o, err, sizeof err);
    if (r != 0)
        fail_msg("render_pages: %s", err);
    assert_true(b.len > 0);
    return b;
}

/* (render_ok of one page) */
static buf render_one(const grid *g, enum render_format format, const struct render_options *o)
{
    const grid *pages[1] = {g};
    return render_ok(pages, 1, format, o);
}

/* ---- files and tools ---- */

/* poppler and xmllint read files: the picture goes into the test's directory. */
static void save(const char *name, const buf *b, char *path, size_t len)
{
    snprintf(path, len, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
    assert_int_equal(fclose(f), 0);
}

/* A tool's standard output; the test fails if it does not exit 0. */
static void run_tool(buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void run_tool(buf *out, const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    buf_clear(out);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_put(out, chunk, n);
    int st = pclose(p);
    if (st != 0)
        fail_msg("%s: exit status %d", cmd, st);
    if (!out->data)
        buf_puts(out, "");
}

/* The value of "Key:" in pdfinfo's output, blanks trimmed. */
static void info_field(const buf *info, const char *key, char *val, size_t len)
{
    const char *p = info->data;
    size_t k = strlen(key);
    while (p && strncmp(p, key, k) != 0) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    if (!p)
        fail_msg("pdfinfo says no %s:\n%s", key, info->data);
    p += k;
    while (*p == ' ')
        p++;
    size_t n = strcspn(p, "\n");
    snprintf(val, len, "%.*s", (int)n, p);
}

/* ---- pixels ---- */

struct image {
    int w, h;
    unsigned char *rgb;
};

/* libpng's simplified API: RGB bytes, whatever the PNG's own format. */
static void decode_png(const buf *b, struct image *im)
{
    png_image pi;
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION;
    assert_true(png_image_begin_read_from_memory(&pi, b->data, b->len));
    pi.format = PNG_FORMAT_RGB;
    im->w = (int)pi.width;
    im->h = (int)pi.height;
    im->rgb = malloc(PNG_IMAGE_SIZE(pi));
    assert_non_null(im->rgb);
    assert_true(png_image_finish_read(&pi, NULL, im->rgb, 0, NULL));
}

/* A pixel as 0xRRGGBB, to compare with the palette's colours. */
static uint32_t pixel(const struct image *im, int x, int y)
{
    const unsigned char *p = im->rgb + ((size_t)y * (size_t)im->w + (size_t)x) * 3;
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* A palette colour, "#rrggbb", as 0xRRGGBB. */
static uint32_t hex(const char *s)
{
    return (uint32_t)strtoul(s + 1, NULL, 16);
}

/* Device pixels of cells [x, x + cells) of row y: left, top, right, bottom (exclusive). */
static void cell_box(const struct render_metrics *m, int scale, int x, int y, int cells, int r[4])
{
    r[0] = (m->margin_x + x * m->cell_w) * scale;
    r[1] = (m->margin_y + y * m->cell_h) * scale;
    r[2] = r[0] + cells * m->cell_w * scale;
    r[3] = r[1] + m->cell_h * scale;
}

/* How many pixels of the box differ from bg. */
static int ink(const struct image *im, int x0, int y0, int x1, int y1, uint32_t bg)
{
    int n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            n += pixel(im, x, y) != bg;
    return n;
}

/* ---- PNG ---- */

/* What the integrator and a slide's layout count on: the size from the grid alone. */
static void png_size_should_be_the_grid_and_its_margins_times_the_scale(void **state)
{
    (void)state;
    grid g;
    known_grid(&g);
    for (int scale = 1; scale <= 3; scale++) {
        struct render_options o = {SNAP_LIGHT, scale, NULL, -1};
        buf b = render_one(&g, RENDER_PNG, &o);
        const unsigned char *p = (const unsigned char *)b.data;
        assert_memory_equal(p, "\x89PNG\r\n\x1a\n", 8);
        assert_memory_equal(p + 12, "IHDR", 4);
        uint32_t w = (uint32_t)p[16] << 24 | (uint32_t)p[17] << 16 | (uint32_t)p[18] << 8 | p[19];
        uint32_t h = (uint32_t)p[20] << 24 | (uint32_t)p[21] << 16 | (uint32_t)p[22] << 8 | p[23];
        assert_int_equal(w, (uint32_t)((g.w * M.cell_w + 2 * M.margin_x) * scale));
        assert_int_equal(h, (uint32_t)((g.h * M.cell_h + 2 * M.margin_y) * scale));
        buf_free(&b);
    }
    /* the geometry itself: a Latin cell half a Chinese character, a margin round the page */
    assert_int_equal(M.font_px, 14);
    assert_int_equal(M.cell_w, 7);
    assert_true(M.cell_h >= M.font_px && M.cell_h <= 2 * M.font_px);
    assert_true(M.margin_x >= 2 * M.cell_w && M.margin_y >= M.margin_x);
    grid_free(&g);
}

/* The characters of text drawn from cell x of row y, a blank cell after
 * each when spaced: each half of every character has ink; when spaced, the
 * blank cells have none, so no character inks outside its two cells; the
 * cell after the last and the rows above and below have none either. */
static void check_cjk_row(const struct image *im, const struct render_metrics *m, int scale,
                          int x, int y, const char *text, bool spaced, uint32_t bg)
{
    int n = 0, r[4], step = spaced ? 3 : 2;
    for (size_t i = 0, len = strlen(text); i < len; n++) {
        uint32_t cp;
        i += text_decode(text + i, len - i, &cp);
    }
    for (int k = 0; k < n; k++) {
        for (int half = 0; half < 2; half++) {
            cell_box(m, scale, x + step * k + half, y, 1, r);
            if (!ink(im, r[0], r[1], r[2], r[3], bg))
                fail_msg("character %d of %s: no ink in its %s cell", k + 1, text,
                         half ? "right" : "left");
        }
        cell_box(m, scale, x + step * k + 2, y, 1, r); /* the cell after it */
        if ((spaced || k == n - 1) && ink(im, r[0], r[1], r[2], r[3], bg))
            fail_msg("character %d of %s: ink in the blank cell after it", k + 1, text);
    }
    cell_box(m, scale, x - 1, y, 1, r);
    assert_int_equal(ink(im, r[0], r[1], r[2], r[3], bg), 0);
    cell_box(m, scale, x, y - 1, step * n, r);
    assert_int_equal(ink(im, r[0], r[1], r[2], r[3], bg), 0);
    cell_box(m, scale, x, y + 1, step * n, r);
    assert_int_equal(ink(im, r[0], r[1], r[2], r[3], bg), 0);
}

/* The grid check_cjk_rows reads: names on rows 1, 3 (bold) and 5 (spaced out). */
static void cjk_grid(grid *g)
{
    grid_init(g, 40, 7, false);
    grid_clear(g, ST_NORMAL);
    grid_puts(g, 1, 2, 30, NAMES[0], ST_NORMAL, TEXT_NO_PAD);
    grid_puts(g, 3, 2, 30, NAMES[1], ST_HEADING, TEXT_NO_PAD);
    for (int x = 2, i = 0, len = (int)strlen(NAMES[2]); i < len; x += 3) {
        uint32_t cp;
        size_t n = text_decode(NAMES[2] + i, (size_t)(len - i), &cp);
        grid_text(g, 5, x, 2, NAMES[2] + i, n, ST_NORMAL, TEXT_NO_PAD);
        i += (int)n;
    }
}

/* The rows of cjk_grid, as any face should draw them. */
static void check_cjk_rows(const buf *png, const struct render_metrics *m, int scale)
{
    struct image im;
    decode_png(png, &im);
    uint32_t bg = hex(style_theme(SNAP_LIGHT)->page_bg);
    check_cjk_row(&im, m, scale, 2, 1, NAMES[0], false, bg);
    check_cjk_row(&im, m, scale, 2, 3, NAMES[1], false, bg);
    check_cjk_row(&im, m, scale, 2, 5, NAMES[2], true, bg);
    free(im.rgb);
}

/* The promise of every picture: a Chinese character in exactly its two cells, regular and bold. */
static void png_should_keep_every_chinese_character_in_its_two_cells(void **state)
{
    (void)state;
    grid g;
    cjk_grid(&g);
    for (int scale = 1; scale <= 2; scale++) {
        struct render_options o = {SNAP_LIGHT, scale, NULL, -1};
        buf b = render_one(&g, RENDER_PNG, &o);
        check_cjk_rows(&b, &M, scale);
        buf_free(&b);
    }
    grid_free(&g);
}

/* · × … “ ” are one cell in the grid (ambiguous width) but full width in
 * the CJK face: each must stay in its cell, blank cells on either side. */
static void full_width_glyphs_in_one_cell_should_stay_in_it(void **state)
{
    (void)state;
    static const char *const marks[] = {"“", "·", "×", "…", "”", "—", "▸"};
    int n = (int)(sizeof marks / sizeof *marks);
    grid g;
    grid_init(&g, 2 * n + 3, 3, false);
    grid_clear(&g, ST_NORMAL);
    for (int i = 0; i < n; i++)
        grid_puts(&g, 1, 2 + 2 * i, 1, marks[i], i % 2 ? ST_HEADING : ST_NORMAL, TEXT_NO_PAD);
    struct render_options o = {SNAP_LIGHT, 2, NULL, -1};
    buf b = render_one(&g, RENDER_PNG, &o);
    struct image im;
    decode_png(&b, &im);
    uint32_t bg = hex(style_theme(SNAP_LIGHT)->page_bg);
    for (int i = 0; i < n; i++) {
        int r[4];
        cell_box(&M, 2, 2 + 2 * i, 1, 1, r);
        if (!ink(&im, r[0], r[1], r[2], r[3], bg))
            fail_msg("%s: no ink in its cell", marks[i]);
        cell_box(&M, 2, 1 + 2 * i, 1, 1, r);
        if (ink(&im, r[0], r[1], r[2], r[3], bg))
            fail_msg("%s: ink in the blank cell before it", marks[i]);
        cell_box(&M, 2, 3 + 2 * i, 1, 1, r);
        if (ink(&im, r[0], r[1], r[2], r[3], bg))
            fail_msg("%s: ink in the blank cell after it", marks[i]);
    }
    free(im.rgb);
    buf_free(&b);
    grid_free(&g);
}

/* The bounding box of the ink in a box of pixels: width and height. */
static void ink_extent(const struct image *im, const int r[4], uint32_t bg, int *w, int *h)
{
    int x0 = r[2], x1 = r[0] - 1, y0 = r[3], y1 = r[1] - 1;
    for (int y = r[1]; y < r[3]; y++)
        for (int x = r[0]; x < r[2]; x++)
            if (pixel(im, x, y) != bg) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
    *w = x1 - x0 + 1;
    *h = y1 - y0 + 1;
}

/* × is as wide as it is high in any face; squeezed from the CJK face's full
 * width into one cell it would be half that, which is not how a terminal
 * shows it. A Latin face's narrower glyph keeps it nearly square. */
static void a_times_sign_in_one_cell_should_keep_its_shape(void **state)
{
    (void)state;
    grid g;
    grid_init(&g, 5, 3, false);
    grid_clear(&g, ST_NORMAL);
    grid_puts(&g, 1, 2, 1, "×", ST_NORMAL, TEXT_NO_PAD);
    struct render_options o = {SNAP_LIGHT, 4, NULL, -1};
    buf b = render_one(&g, RENDER_PNG, &o);
    struct image im;
    decode_png(&b, &im);
    int r[4], w, h;
    cell_box(&M, 4, 2, 1, 1, r);
    ink_extent(&im, r, hex(style_theme(SNAP_LIGHT)->page_bg), &w, &h);
    if (h <= 0 || w * 10 < h * 7)
        fail_msg("× is %d pixels wide and %d high: squeezed", w, h);
    free(im.rgb);
    buf_free(&b);
    grid_free(&g);
}

/* Fonts' █ and │ differ in height and leave gaps; drawn as shapes they join. */
static void bars_and_rules_should_fill_their_cells_and_join(void **state)
{
    (void)state;
    grid g;
    grid_init(&g, 20, 5, false);
    grid_clear(&g, ST_NORMAL);
    grid_puts(&g, 0, 2, 6, "──────", ST_DIM, 0);
    for (int y = 1; y <= 2; y++)
        grid_puts(&g, y, 2, 7, "██████▌", ST_BAR, 0);
    for (int y = 1; y <= 3; y++)
        grid_puts(&g, y, 12, 1, "│", ST_DIM, 0);
    struct render_options o = {SNAP_LIGHT, 2, NULL, -1};
    buf b = render_one(&g, RENDER_PNG, &o);
    struct image im;
    decode_png(&b, &im);
    const struct theme_paint *p = style_theme(SNAP_LIGHT);
    uint32_t bar = hex(p->styles[ST_BAR].fg), dim = hex(p->styles[ST_DIM].fg), bg = hex(p->page_bg);
    int r[4];
    /* every pixel of two rows of six █ is the bar's colour: no gap between cells or rows */
    cell_box(&M, 2, 2, 1, 6, r);
    for (int y = r[1]; y < r[3] + 2 * M.cell_h; y++)
        for (int x = r[0]; x < r[2]; x++)
            if (pixel(&im, x, y) != bar)
                fail_msg("bar pixel (%d, %d) is %06x, not %06x", x, y, pixel(&im, x, y), bar);
    /* ▌ fills the left half of its cell and leaves the right half */
    cell_box(&M, 2, 8, 1, 1, r);
    int half = M.cell_w; /* device pixels at scale 2 */
    assert_int_equal(ink(&im, r[0], r[1], r[0] + half, r[3], bar), 0);
    assert_int_equal(ink(&im, r[0] + half, r[1], r[2], r[3], bg), 0);
    /* ─ makes one unbroken line through six cells */
    cell_box(&M, 2, 2, 0, 6, r);
    bool line = false;
    for (int y = r[1]; y < r[3] && !line; y++)
        line = !ink(&im, r[0], y, r[2], y + 1, dim);
    assert_true(line);
    /* │ makes one unbroken line down three rows */
    cell_box(&M, 2, 12, 1, 1, r);
    line = false;
    for (int x = r[0]; x < r[2] && !line; x++)
        line = !ink(&im, x, r[1], x + 1, r[3] + 4 * M.cell_h, dim);
    assert_true(line);
    free(im.rgb);
    buf_free(&b);
    grid_free(&g);
}

/* One palette for SVG snapshots and these pictures (style_theme), in both themes. */
static void png_should_use_the_pictures_palette_and_underline_headings(void **state)
{
    (void)state;
    grid g;
    grid_init(&g, 20, 3, false);
    grid_clear(&g, ST_NORMAL);
    grid_puts(&g, 0, 0, 20, "标题", ST_TITLE, 0);
    grid_puts(&g, 2, 0, 20, "名称", ST_COLUMN, 0);
    uint32_t page[2];
    for (int th = SNAP_DARK; th <= SNAP_LIGHT; th++) {
        struct render_options o = {(enum snapshot_theme)th, 1, NULL, -1};
        buf b = render_one(&g, RENDER_PNG, &o);
        struct image im;
        decode_png(&b, &im);
        const struct theme_paint *p = style_theme((enum snapshot_theme)th);
        page[th] = pixel(&im, 0, 0);
        assert_int_equal(page[th], hex(p->page_bg));
        int r[4];
        cell_box(&M, 1, 19, 0, 1, r); /* a blank cell of the title row */
        assert_int_equal(pixel(&im, r[0] + 1, r[1] + 1), hex(p->styles[ST_TITLE].bg));
        /* the heading's underline runs under its blanks too, as in the terminal */
        cell_box(&M, 1, 0, 2, 20, r);
        bool under = false;
        for (int y = r[1]; y < r[3] && !under; y++)
            under = !ink(&im, r[0], y, r[2], y + 1, hex(p->styles[ST_COLUMN].fg));
        assert_true(under);
        free(im.rgb);
        buf_free(&b);
    }
    /* the light page is lighter than the dark one (the sum of its channels) */
    assert_true((page[SNAP_LIGHT] >> 16) + (page[SNAP_LIGHT] >> 8 & 0xFF) + (page[SNAP_LIGHT] & 0xFF) >
                (page[SNAP_DARK] >> 16) + (page[SNAP_DARK] >> 8 & 0xFF) + (page[SNAP_DARK] & 0xFF));
    grid_free(&g);
}

/* Pictures in version control and in builds: no time, no counter of the process in them. */
static void the_same_grid_should_give_the_same_bytes_in_every_format(void **state)
{
    (void)state;
    grid g, other;
    known_grid(&g);
    cjk_grid(&other);
    const grid *pages[2] = {&g, &other};
    struct render_options o = {SNAP_DARK, 2, TITLE, -1};
    for (int f = RENDER_PNG; f <= RENDER_SVG_OUTLINES; f++) {
        int n = f == RENDER_PDF ? 2 : 1;
        buf a = render_ok(pages, n, (enum render_format)f, &o);
        buf between = render_ok(pages + 1, 1, (enum render_format)f, &o);
        buf b = render_ok(pages, n, (enum render_format)f, &o);
        if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
            fail_msg("format %d: two renders of one grid differ", f);
        buf_free(&a);
        buf_free(&between);
        buf_free(&b);
    }
    grid_free(&g);
    grid_free(&other);
}

/* ---- PDF ---- */

/* The line of text that holds s, or NULL. */
static const char *line_with(const char *text, const char *s, size_t *len)
{
    const char *p = strstr(text, s);
    if (!p)
        return NULL;
    while (p > text && p[-1] != '\n')
        p--;
    *len = strcspn(p, "\n");
    return p;
}

/* A PDF is searched and copied from: drawn cell by cell, it must still read as lines. */
static void pdf_text_should_read_every_name_whole_and_in_order(void **state)
{
    (void)state;
    grid g;
    known_grid(&g);
    struct render_options o = {SNAP_LIGHT, 0, TITLE, EPOCH};
    buf b = render_one(&g, RENDER_PDF, &o), text;
    buf_init(&text);
    char path[256];
    save("known.pdf", &b, path, sizeof path);
    for (int layout = 0; layout < 2; layout++) {
        run_tool(&text, "pdftotext -enc UTF-8 %s '%s' -", layout ? "-layout" : "", path);
        const char *prev = text.data;
        if (!strstr(text.data, TITLE))
            fail_msg("pdftotext%s: no title %s in:\n%s", layout ? " -layout" : "", TITLE, text.data);
        for (int i = 0; i < NNAMES; i++) {
            const char *at = strstr(text.data, NAMES[i]);
            if (!at || at < prev)
                fail_msg("pdftotext%s: %s %s in:\n%s", layout ? " -layout" : "", NAMES[i],
                         at ? "out of order" : "not whole", text.data);
            prev = at;
            size_t len = 0;
            const char *line = line_with(text.data, NAMES[i], &len);
            const char *amount = strstr(at, AMOUNTS[i]);
            /* -layout keeps a row on one line: the amount after its name */
            if (layout && (!amount || amount > line + len))
                fail_msg("pdftotext -layout: %s not after %s on its line:\n%s", AMOUNTS[i],
                         NAMES[i], text.data);
            if (!amount)
                fail_msg("pdftotext: no %s in:\n%s", AMOUNTS[i], text.data);
        }
        assert_non_null(strstr(text.data, "数据来源:南方日报 2024-02-01"));
    }
    buf_free(&text);
    buf_free(&b);
    grid_free(&g);
}

/* pdffonts: the value under a column heading, on one line of its table. */
static bool pdffonts_column(const char *header, const char *line, const char *col, char out[4])
{
    const char *h = strstr(header, col);
    if (!h)
        return false;
    size_t at = (size_t)(h - header), n = strcspn(line, "\n");
    if (at + 3 > n)
        return false;
    memcpy(out, line + at, 3);
    out[3] = 0;
    return true;
}

/* PowerPoint and printers fetch no fonts: every one must be in the file, cut down. */
static void pdf_fonts_should_all_be_embedded_subsets_regular_and_bold(void **state)
{
    (void)state;
    grid g;
    known_grid(&g);
    buf b = render_one(&g, RENDER_PDF, NULL), out;
    buf_init(&out);
    char path[256];
    save("fonts.pdf", &b, path, sizeof path);
    run_tool(&out, "pdffonts '%s'", path);
    const char *header = out.data, *line = strchr(header, '\n');
    assert_non_null(line);
    line = strchr(line + 1, '\n'); /* past the dashes */
    int fonts = 0;
    bool regular = false, bold = false;
    for (; line && line[1]; line = strchr(line + 1, '\n')) {
        char emb[4], sub[4];
        if (!pdffonts_column(header, line + 1, "emb", emb) ||
            !pdffonts_column(header, line + 1, "sub", sub))
            fail_msg("pdffonts: cannot read:\n%s", out.data);
        if (strcmp(emb, "yes") || strcmp(sub, "yes"))
            fail_msg("pdffonts: a font not embedded as a subset:\n%s", out.data);
        size_t name = strcspn(line + 1, " "); /* ABCDEF+NotoSansMonoCJKsc-Bold */
        regular |= name > 8 && !strncmp(line + 1 + name - 8, "-Regular", 8);
        bold |= name > 5 && !strncmp(line + 1 + name - 5, "-Bold", 5);
        fonts++;
    }
    assert_true(fonts >= 2);
    if (!regular || !bold)
        fail_msg("pdffonts: the title is bold and the names regular, so both should be there:\n%s",
                 out.data);
    buf_free(&out);
    buf_free(&b);
    grid_free(&g);
}

/* A viewer shows the title; SOURCE_DATE_EPOCH gives the dates, else a fixed one. */
static void pdf_should_have_the_title_and_the_dates_given(void **state)
{
    (void)state;
    grid g;
    known_grid(&g);
    buf info;
    buf_init(&info);
    char path[256], val[256];
    struct render_options o = {SNAP_LIGHT, 0, TITLE, EPOCH};
    buf b = render_one(&g, RENDER_PDF, &o);
    save("dated.pdf", &b, path, sizeof path);
    run_tool(&info, "pdfinfo -isodates '%s'", path);
    info_field(&info, "Title:", val, sizeof val);
    assert_string_equal(val, TITLE);
    info_field(&info, "CreationDate:", val, sizeof val);
    assert_string_equal(val, "2024-02-01T00:00:00Z");
    info_field(&info, "ModDate:", val, sizeof val);
    assert_string_equal(val, "2024-02-01T00:00:00Z");
    info_field(&info, "Creator:", val, sizeof val);
    assert_non_null(strstr(val, M.face)); /* which face drew it, for whoever wonders */
    buf_free(&b);
    /* no date given: a fixed one, never today's, so that two runs give the same bytes */
    o.epoch = -1;
    b = render_one(&g, RENDER_PDF, &o);
    save("undated.pdf", &b, path, sizeof path);
    run_tool(&info, "pdfinfo -isodates '%s'", path);
    info_field(&info, "CreationDate:", val, sizeof val);
    assert_string_equal(val, "1970-01-01T00:00:00Z");
    info_field(&info, "ModDate:", val, sizeof val);
    assert_string_equal(val, "1970-01-01T00:00:00Z");
    buf_free(&b);
    buf_free(&info);
    grid_free(&g);
}

/* A pack of pages is one PDF, each page as big as its grid. */
static void pdf_should_have_one_page_per_grid_each_its_own_size(void **state)
{
    (void)state;
    grid g[3];
    const grid *pages[3];
    for (int i = 0; i < 3; i++) {
        grid_init(&g[i], 40 + 10 * i, 3 + 5 * i, false);
        grid_clear(&g[i], ST_NORMAL);
        grid_puts(&g[i], 0, 0, 40, NAMES[i], ST_TITLE, 0);
        pages[i] = &g[i];
    }
    buf b = render_ok(pages, 3, RENDER_PDF, NULL), info, text;
    buf_init(&info);
    buf_init(&text);
    char path[256], val[256], key[32];
    save("pages.pdf", &b, path, sizeof path);
    run_tool(&info, "pdfinfo -f 1 -l 3 '%s'", path);
    info_field(&info, "Pages:", val, sizeof val);
    assert_string_equal(val, "3");
    for (int i = 0; i < 3; i++) {
        char want[64];
        snprintf(key, sizeof key, "Page    %d size:", i + 1);
        info_field(&info, key, val, sizeof val);
        snprintf(want, sizeof want, "%d x %d pts", g[i].w * M.cell_w + 2 * M.margin_x,
                 g[i].h * M.cell_h + 2 * M.margin_y);
        assert_string_equal(val, want);
        /* and each page has its own grid's text */
        run_tool(&text, "pdftotext -enc UTF-8 -f %d -l %d '%s' -", i + 1, i + 1, path);
        assert_non_null(strstr(text.data, NAMES[i]));
    }
    buf_free(&text);
    buf_free(&info);
    buf_free(&b);
    for (int i = 0; i < 3; i++)
        grid_free(&g[i]);
}

/* A grid row as pdftotext -layout should give it: the characters drawn
 * as text (block and box characters are drawn as shapes), each run of
 * blanks one space, none at either end. */
static void row_as_text(const grid *g, int y, buf *out)
{
    buf_clear(out);
    for (int x = 0; x < g->w; x++) {
        const char *t = grid_at(g, y, x)->text;
        uint32_t cp;
        size_t n = strlen(t);
        if (!grid_at(g, y, x)->width)
            continue; /* the right half of a wide character */
        if (text_decode(t, n, &cp) == n && cp >= 0x2500 && cp <= 0x259F)
            t = " ";
        if (strcmp(t, " ") || (out->len && out->data[out->len - 1] != ' '))
            buf_puts(out, t);
    }
    while (out->len && out->data[out->len - 1] == ' ')
        out->data[--out->len] = 0;
}

/* The same for a line of pdftotext's output. */
static void line_as_text(const char *s, size_t n, buf *out)
{
    buf_clear(out);
    for (size_t i = 0; i < n; i++) {
        bool blank = s[i] == ' ' || s[i] == '\f';
        if (!blank)
            buf_putc(out, s[i]);
        else if (out->len && out->data[out->len - 1] != ' ')
            buf_putc(out, ' ');
    }
    while (out->len && out->data[out->len - 1] == ' ')
        out->data[--out->len] = 0;
    if (!out->data)
        buf_puts(out, "");
}

/* The real first tab, row by row: pdftotext -layout reads what the grid holds. */
static void pdf_of_the_dashboard_should_read_as_its_screen(void **state)
{
    (void)state;
    dataset *ds = load_dataset("data/zhanjiang-2024.json");
    assert_non_null(ds);
    struct app_options ao = {0};
    app *a = app_new(ds, &ao);
    grid g;
    grid_init(&g, 100, 30, false);
    app_frame(a, &g);
    buf b = render_one(&g, RENDER_PDF, NULL), text, want, got;
    buf_init(&text);
    buf_init(&want);
    buf_init(&got);
    char path[256];
    save("dashboard.pdf", &b, path, sizeof path);
    run_tool(&text, "pdftotext -layout -enc UTF-8 '%s' -", path);
    const char *p = text.data;
    for (int y = 0; y < g.h; y++) {
        row_as_text(&g, y, &want);
        if (!want.len)
            continue;
        do { /* the next line pdftotext gave that is not blank */
            size_t n = strcspn(p, "\n");
            line_as_text(p, n, &got);
            p += n + (p[n] == '\n');
        } while (!got.len && *p);
        if (strcmp(want.data, got.data) != 0)
            fail_msg("row %d of the screen:\n  drawn: %s\n  read:  %s", y, want.data, got.data);
    }
    buf_free(&got);
    buf_free(&want);
    buf_free(&text);
    buf_free(&b);
    grid_free(&g);
    app_free(a);
    dataset_free(ds);
}

/* ---- SVG ---- */

/* For tools without a Chinese font: nothing in it may need one. */
static void svg_should_be_well_formed_with_outlines_and_no_text(void **state)
{
    (void)state;
    grid g;
    known_grid(&g);
    buf b = render_one(&g, RENDER_SVG_OUTLINES, NULL), out;
    buf_init(&out);
    char path[256];
    save("outlines.svg", &b, path, sizeof path);
    run_tool(&out, "xmllint --noout '%s' 2>&1", path);
    assert_string_equal(out.data, "");
    assert_null(strstr(b.data, "<text"));
    assert_null(strstr(b.data, "font-family"));
    assert_non_null(strstr(b.data, "<symbol"));
    assert_non_null(strstr(b.data, "<path"));
    assert_non_null(strstr(b.data, "<use"));
    char size[64];
    snprintf(size, sizeof size, "width=\"%dpx\" height=\"%dpx\"", g.w * M.cell_w + 2 * M.margin_x,
             g.h * M.cell_h + 2 * M.margin_y);
    assert_non_null(strstr(b.data, size));
    buf_free(&out);
    buf_free(&b);
    grid_free(&g);
}

/* ---- what is refused ---- */

/* A refused picture says why and writes nothing. */
static void what_cannot_be_drawn_should_be_said_and_leave_out_alone(void **state)
{
    (void)state;
    grid g, wide;
    known_grid(&g);
    grid_init(&wide, 3000, 2, false);
    const grid *two[2] = {&g, &g}, *big[1] = {&wide};
    struct {
        const grid *const *pages;
        int n;
        enum render_format f;
        int scale;
        const char *said;
    } cases[] = {
        {two, 2, RENDER_PNG, 2, "one page"},
        {two, 2, RENDER_SVG_OUTLINES, 2, "one page"},
        {two, 0, RENDER_PDF, 2, "no page"},
        {two, 1, RENDER_PNG, 9, "scale"},
        {big, 1, RENDER_PNG, 8, "PDF"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        buf b;
        buf_init(&b);
        buf_puts(&b, "kept");
        char err[512] = "";
        struct render_options o = {SNAP_LIGHT, cases[i].scale, NULL, -1};
        assert_int_equal(render_pages(&b, cases[i].pages, cases[i].n, cases[i].f, &o, err, sizeof err),
                         -1);
        if (!strstr(err, cases[i].said))
            fail_msg("case %zu: \"%s\" does not say %s", i, err, cases[i].said);
        assert_string_equal(b.data, "kept");
        buf_free(&b);
    }
    grid_free(&g);
    grid_free(&wide);
}

/* ---- other fontconfigs, in a child ---- */

/* The file fontconfig has for family, if it has that family. */
static bool font_file(const char *family, char *file, size_t len)
{
    FcPattern *p = FcNameParse((const FcChar8 *)family);
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcPattern *m = FcFontMatch(NULL, p, &res);
    bool found = false;
    FcChar8 *s;
    for (int i = 0; m && FcPatternGetString(m, FC_FAMILY, i, &s) == FcResultMatch; i++)
        found |= !strcmp((const char *)s, family);
    if (found && FcPatternGetString(m, FC_FILE, 0, &s) == FcResultMatch)
        snprintf(file, len, "%s", (const char *)s);
    else
        found = false;
    if (m)
        FcPatternDestroy(m);
    FcPatternDestroy(p);
    return found;
}

/* What a child whose fontconfig knows only file (NULL: no font) says:
 * "status face cell_w cell_h margin_x margin_y|error", and the PNG of cjk_grid in png. */
static void render_with_only(const char *file, buf *said, buf *png)
{
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    char path[256];
    snprintf(path, sizeof path, "%s/child.png", tmpdir);
    unlink(path);
    pid_t pid = fork_or_fail();
    if (pid == 0) {
        close(fd[0]);
        FcConfig *c = FcConfigCreate();
        if (file && !FcConfigAppFontAddFile(c, (const FcChar8 *)file))
            _exit(3);
        FcConfigSetCurrent(c);
        struct render_metrics m = {0};
        char err[512] = "";
        grid g;
        cjk_grid(&g);
        const grid *pages[1] = {&g};
        buf b;
        buf_init(&b);
        struct render_options o = {SNAP_LIGHT, 2, NULL, -1};
        int st = render_metrics(&m, err, sizeof err);
        if (st == 0)
            st = render_pages(&b, pages, 1, RENDER_PNG, &o, err, sizeof err);
        dprintf(fd[1], "%d %d %d %d %d|%s|%s", st, m.cell_w, m.cell_h, m.margin_x, m.margin_y,
                m.face, err);
        FILE *f = fopen(path, "wb");
        if (f && b.len)
            fwrite(b.data, 1, b.len, f);
        if (f)
            fclose(f);
        _exit(0);
    }
    close(fd[1]);
    buf_clear(said);
    char chunk[512];
    ssize_t n;
    while ((n = read(fd[0], chunk, sizeof chunk)) > 0)
        buf_put(said, chunk, (size_t)n);
    close(fd[0]);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    if (!said->data)
        buf_puts(said, "");
    read_file(path, png);
}

/* A fresh machine without CJK fonts: the error says what to install. */
static void without_a_chinese_face_the_error_should_name_the_package(void **state)
{
    (void)state;
    buf said, png;
    buf_init(&said);
    buf_init(&png);
    render_with_only(NULL, &said, &png);
    if (said.data[0] != '-' || !strstr(said.data, RENDER_FONT_PACKAGE))
        fail_msg("with no font at all: %s", said.data);
    assert_int_equal(png.len, 0);
    char file[1024];
    if (!font_file("DejaVu Sans Mono", file, sizeof file))
        skip(); /* (fonts-dejavu-core comes with fontconfig on Debian) */
    render_with_only(file, &said, &png);
    if (said.data[0] != '-' || !strstr(said.data, RENDER_FONT_PACKAGE) ||
        !strstr(said.data, "got DejaVu Sans Mono"))
        fail_msg("with only DejaVu Sans Mono: %s", said.data);
    assert_int_equal(png.len, 0);
    buf_free(&said);
    buf_free(&png);
}

/* The fallback face keeps the same promise as Noto. */
static void without_noto_pictures_should_be_drawn_in_wenquanyi(void **state)
{
    (void)state;
    char file[1024];
    if (!font_file("WenQuanYi Zen Hei Mono", file, sizeof file))
        fail_msg("no WenQuanYi Zen Hei Mono: make check installs fonts-wqy-zenhei");
    buf said, png;
    buf_init(&said);
    buf_init(&png);
    render_with_only(file, &said, &png);
    struct render_metrics m = {0};
    char face[128] = "";
    int st = -1;
    if (sscanf(said.data, "%d %d %d %d %d|%127[^|]", &st, &m.cell_w, &m.cell_h, &m.margin_x,
               &m.margin_y, face) != 6 || st != 0)
        fail_msg("with only WenQuanYi Zen Hei: %s", said.data);
    assert_string_equal(face, "WenQuanYi Zen Hei Mono");
    check_cjk_rows(&png, &m, 2);
    buf_free(&said);
    buf_free(&png);
}

/* The face pictures are drawn in is the one the issue and the docs name. */
static void the_face_should_be_noto_sans_mono_cjk(void **state)
{
    (void)state;
    /* make check installs fonts-noto-cjk; a picture in another face would be a surprise */
    assert_string_equal(M.face, "Noto Sans Mono CJK SC");
}

int main(void)
{
    if (getenv("TEST_FILTER"))
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_face_should_be_noto_sans_mono_cjk),
        cmocka_unit_test(png_size_should_be_the_grid_and_its_margins_times_the_scale),
        cmocka_unit_test(png_should_keep_every_chinese_character_in_its_two_cells),
        cmocka_unit_test(full_width_glyphs_in_one_cell_should_stay_in_it),
        cmocka_unit_test(a_times_sign_in_one_cell_should_keep_its_shape),
        cmocka_unit_test(bars_and_rules_should_fill_their_cells_and_join),
        cmocka_unit_test(png_should_use_the_pictures_palette_and_underline_headings),
        cmocka_unit_test(the_same_grid_should_give_the_same_bytes_in_every_format),
        cmocka_unit_test(pdf_text_should_read_every_name_whole_and_in_order),
        cmocka_unit_test(pdf_fonts_should_all_be_embedded_subsets_regular_and_bold),
        cmocka_unit_test(pdf_should_have_the_title_and_the_dates_given),
        cmocka_unit_test(pdf_should_have_one_page_per_grid_each_its_own_size),
        cmocka_unit_test(pdf_of_the_dashboard_should_read_as_its_screen),
        cmocka_unit_test(svg_should_be_well_formed_with_outlines_and_no_text),
        cmocka_unit_test(what_cannot_be_drawn_should_be_said_and_leave_out_alone),
        cmocka_unit_test(without_a_chinese_face_the_error_should_name_the_package),
        cmocka_unit_test(without_noto_pictures_should_be_drawn_in_wenquanyi),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}

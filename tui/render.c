/* Why cairo and Pango, not SVG text or a font subsetter of our own: the
 * pictures go into PowerPoint and WPS, which do not fetch fonts and do not
 * reliably use fonts embedded in an SVG (librsvg ignores per-glyph
 * positions too). cairo's PDF surface embeds the fonts it uses as subsets by
 * itself, and cairo, Pango, FreeType and HarfBuzz are fuzzed upstream; our
 * part is only to put every character into its cells. */
#include "render.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang.h"
#include "style.h"
#include "text.h"

#define FONT_PX 14
/* For a character the grid gives one cell and the CJK face draws full width
 * (· × … “ ”, ambiguous in East Asian Width): a Latin face's narrower glyph,
 * as a terminal with a Latin font shows it. */
#define NARROW_FAMILIES "DejaVu Sans Mono, Liberation Mono, monospace"
#define PROBE_CJK 0x4E2D /* 中: a face that lacks it cannot draw the report */
#define PNG_MAX_SIDE 32767 /* cairo's image surfaces go no bigger */
/* A PDF's dates when the caller gives none: a constant, so that the same
 * grids give the same bytes (cairo would otherwise write the time now). */
#define FIXED_DATE "1970-01-01T00:00:00Z"

/* The face and the geometry, made once per call: Pango measures, cairo draws. */
struct face {
    PangoFontMap *map;
    PangoContext *ctx;
    PangoFontDescription *desc[4]; /* regular, bold; then the narrow face's */
    struct render_metrics m;
    double baseline;               /* from a cell's top */
    double under_pos, under_thick; /* below the baseline */
    double snap;                   /* device units per picture pixel, to put edges on pixels */
};

/* ---- the face ---- */

/* Grey antialiasing and no hinted advances: subpixel colours would differ by
 * screen, and hinted advances would move glyphs off the cell grid. */
static void face_options(PangoContext *ctx)
{
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_SLIGHT);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    pango_context_set_language(ctx, pango_language_from_string("zh-cn"));
}

/* The advance of one ASCII character is a cell: that is what the face was made for. */
static double face_advance(const struct face *f, const char *s)
{
    PangoLayout *l = pango_layout_new(f->ctx);
    pango_layout_set_font_description(l, f->desc[0]);
    pango_layout_set_text(l, s, -1);
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    g_object_unref(l);
    return logical.width / (double)PANGO_SCALE;
}

/* The cell's size and where text sits in it, from the face's own metrics. */
static void face_geometry(struct face *f, PangoFont *font)
{
    PangoFontMetrics *fm = pango_font_get_metrics(font, pango_context_get_language(f->ctx));
    double ascent = pango_font_metrics_get_ascent(fm) / (double)PANGO_SCALE;
    double descent = pango_font_metrics_get_descent(fm) / (double)PANGO_SCALE;
    f->under_pos = -pango_font_metrics_get_underline_position(fm) / (double)PANGO_SCALE;
    f->under_thick = pango_font_metrics_get_underline_thickness(fm) / (double)PANGO_SCALE;
    pango_font_metrics_unref(fm);
    if (f->under_thick <= 0)
        f->under_thick = 1;
    if (f->under_pos <= 0)
        f->under_pos = descent / 2;
    f->m.font_px = FONT_PX;
    f->m.cell_w = (int)lround(face_advance(f, "0"));
    if (f->m.cell_w < 1)
        f->m.cell_w = (FONT_PX + 1) / 2;
    f->m.cell_h = (int)ceil(ascent + descent);
    if (f->m.cell_h < FONT_PX)
        f->m.cell_h = FONT_PX + FONT_PX / 4;
    f->baseline = round((f->m.cell_h - ascent - descent) / 2 + ascent);
    f->m.margin_x = 2 * f->m.cell_w;
    f->m.margin_y = f->m.cell_h;
}

/* A message of the catalogue, filled in, where a caller gave room for it. */
static void say(char *err, size_t errlen, enum msg m, ...)
{
    buf b;
    buf_init(&b);
    va_list ap;
    va_start(ap, m);
    lang_vprintf(&b, m, ap);
    va_end(ap);
    snprintf(err, errlen, "%s", b.data ? b.data : "");
    buf_free(&b);
}

/* Which face fontconfig gave matters to whoever reads the picture: it is
 * named, and it must have Chinese, or the picture would be boxes. */
static int face_check(struct face *f, char *err, size_t errlen)
{
    PangoFont *font = pango_context_load_font(f->ctx, f->desc[0]);
    if (!font) {
        say(err, errlen, MSG_RENDER_NO_FONT, RENDER_FAMILIES, RENDER_FONT_PACKAGE);
        return -1;
    }
    PangoFontDescription *d = pango_font_describe(font);
    const char *family = pango_font_description_get_family(d);
    snprintf(f->m.face, sizeof f->m.face, "%s", family ? family : "?");
    pango_font_description_free(d);
    if (!pango_font_has_char(font, PROBE_CJK)) {
        say(err, errlen, MSG_RENDER_NO_CJK, RENDER_FAMILIES, f->m.face, RENDER_FONT_PACKAGE);
        g_object_unref(font);
        return -1;
    }
    face_geometry(f, font);
    g_object_unref(font);
    return 0;
}

/* Undoes face_open, whatever part of it was done. */
static void face_close(struct face *f)
{
    for (int i = 0; i < 4; i++)
        if (f->desc[i])
            pango_font_description_free(f->desc[i]);
    if (f->ctx)
        g_object_unref(f->ctx);
    if (f->map)
        g_object_unref(f->map);
    memset(f, 0, sizeof *f);
}

/* A font map of our own, not Pango's default: nothing outlives the call but fontconfig's cache. */
static int face_open(struct face *f, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->map = pango_cairo_font_map_new();
    f->ctx = f->map ? pango_font_map_create_context(f->map) : NULL;
    if (!f->ctx) {
        snprintf(err, errlen, "Pango could not start (no font map)");
        face_close(f);
        return -1;
    }
    face_options(f->ctx);
    for (int i = 0; i < 4; i++) {
        f->desc[i] = pango_font_description_from_string(i < 2 ? RENDER_FAMILIES : NARROW_FAMILIES);
        pango_font_description_set_absolute_size(f->desc[i], FONT_PX * PANGO_SCALE);
        pango_font_description_set_weight(f->desc[i], i % 2 ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    }
    if (face_check(f, err, errlen) != 0) {
        face_close(f);
        return -1;
    }
    f->snap = 1;
    return 0;
}

/* Tests and callers size things by the same numbers the drawing uses. */
int render_metrics(struct render_metrics *m, char *err, size_t errlen)
{
    struct face f;
    if (face_open(&f, err, errlen) != 0)
        return -1;
    *m = f.m;
    face_close(&f);
    return 0;
}

/* ---- colours and edges ---- */

/* The palettes are CSS colours, shared with the SVG snapshots. */
static void set_hex(cairo_t *cr, const char *hex)
{
    unsigned long v = strtoul(hex + 1, NULL, 16);
    cairo_set_source_rgb(cr, (double)(v >> 16 & 0xFF) / 255, (double)(v >> 8 & 0xFF) / 255,
                         (double)(v & 0xFF) / 255);
}

/* Edges on device pixels: a bar or a rule drawn between two pixels would be a blurred grey. */
static double snap(const struct face *f, double v)
{
    return round(v * f->snap) / f->snap;
}

/* A rectangle by its edges, each on a device pixel, so that neighbours meet without a seam. */
static void fill_box(cairo_t *cr, const struct face *f, double x0, double y0, double x1, double y1)
{
    x0 = snap(f, x0);
    y0 = snap(f, y0);
    x1 = snap(f, x1);
    y1 = snap(f, y1);
    if (x1 > x0 && y1 > y0) {
        cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
        cairo_fill(cr);
    }
}

/* ---- block elements and box drawing, as shapes ---- */

/* U+2580-U+259F: the parts of a cell each one fills, in eighths (x0, y0, x1, y1). */
static const unsigned char blocks[32][4] = {
    {0, 0, 8, 4}, {0, 7, 8, 8}, {0, 6, 8, 8}, {0, 5, 8, 8}, {0, 4, 8, 8}, {0, 3, 8, 8},
    {0, 2, 8, 8}, {0, 1, 8, 8}, {0, 0, 8, 8}, {0, 0, 7, 8}, {0, 0, 6, 8}, {0, 0, 5, 8},
    {0, 0, 4, 8}, {0, 0, 3, 8}, {0, 0, 2, 8}, {0, 0, 1, 8}, {4, 0, 8, 8}, {0}, {0}, {0},
    {0, 0, 8, 1}, {7, 0, 8, 8},
};
/* U+2596-U+259F: quadrants, 1 upper left, 2 upper right, 4 lower left, 8 lower right. */
static const unsigned char quadrants[10] = {4, 8, 1, 13, 9, 7, 11, 2, 6, 14};

/* Bars are made of these; a font's glyphs differ in height and leave gaps between cells. */
static void draw_block(cairo_t *cr, const struct face *f, uint32_t cp, double x, double y, double w,
                       double h)
{
    unsigned i = cp - 0x2580;
    if (i >= 0x11 && i <= 0x13) { /* ░▒▓: the colour, thinned */
        double r, g, b, a;
        cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &b, &a);
        cairo_set_source_rgba(cr, r, g, b, a * (i - 0x10) * 0.25);
        fill_box(cr, f, x, y, x + w, y + h);
    } else if (i >= 0x16) {
        unsigned q = quadrants[i - 0x16];
        for (int k = 0; k < 4; k++)
            if (q & 1u << k)
                fill_box(cr, f, x + (k & 1) * w / 2, y + (k >> 1) * h / 2, x + ((k & 1) + 1) * w / 2,
                         y + ((k >> 1) + 1) * h / 2);
    } else {
        const unsigned char *b = blocks[i];
        fill_box(cr, f, x + b[0] * w / 8, y + b[1] * h / 8, x + b[2] * w / 8, y + b[3] * h / 8);
    }
}

/* U+2500-U+257F: the weight of each arm from the centre (0 none, 1 light, 2 heavy, 3 double). */
#define A(l, u, r, d) ((l) | (u) << 2 | (r) << 4 | (d) << 6)
static const unsigned char box_arms[128] = {
    A(1, 0, 1, 0), A(2, 0, 2, 0), A(0, 1, 0, 1), A(0, 2, 0, 2), A(1, 0, 1, 0), A(2, 0, 2, 0),
    A(0, 1, 0, 1), A(0, 2, 0, 2), A(1, 0, 1, 0), A(2, 0, 2, 0), A(0, 1, 0, 1), A(0, 2, 0, 2),
    A(0, 0, 1, 1), A(0, 0, 2, 1), A(0, 0, 1, 2), A(0, 0, 2, 2), A(1, 0, 0, 1), A(2, 0, 0, 1),
    A(1, 0, 0, 2), A(2, 0, 0, 2), A(0, 1, 1, 0), A(0, 1, 2, 0), A(0, 2, 1, 0), A(0, 2, 2, 0),
    A(1, 1, 0, 0), A(2, 1, 0, 0), A(1, 2, 0, 0), A(2, 2, 0, 0), A(0, 1, 1, 1), A(0, 1, 2, 1),
    A(0, 2, 1, 1), A(0, 1, 1, 2), A(0, 2, 1, 2), A(0, 2, 2, 1), A(0, 1, 2, 2), A(0, 2, 2, 2),
    A(1, 1, 0, 1), A(2, 1, 0, 1), A(1, 2, 0, 1), A(1, 1, 0, 2), A(1, 2, 0, 2), A(2, 2, 0, 1),
    A(2, 1, 0, 2), A(2, 2, 0, 2), A(1, 0, 1, 1), A(2, 0, 1, 1), A(1, 0, 2, 1), A(2, 0, 2, 1),
    A(1, 0, 1, 2), A(2, 0, 1, 2), A(1, 0, 2, 2), A(2, 0, 2, 2), A(1, 1, 1, 0), A(2, 1, 1, 0),
    A(1, 1, 2, 0), A(2, 1, 2, 0), A(1, 2, 1, 0), A(2, 2, 1, 0), A(1, 2, 2, 0), A(2, 2, 2, 0),
    A(1, 1, 1, 1), A(2, 1, 1, 1), A(1, 1, 2, 1), A(2, 1, 2, 1), A(1, 2, 1, 1), A(1, 1, 1, 2),
    A(1, 2, 1, 2), A(2, 2, 1, 1), A(1, 2, 2, 1), A(2, 1, 1, 2), A(1, 1, 2, 2), A(2, 2, 2, 1),
    A(2, 1, 2, 2), A(2, 2, 1, 2), A(1, 2, 2, 2), A(2, 2, 2, 2), A(1, 0, 1, 0), A(2, 0, 2, 0),
    A(0, 1, 0, 1), A(0, 2, 0, 2), A(3, 0, 3, 0), A(0, 3, 0, 3), A(0, 0, 3, 1), A(0, 0, 1, 3),
    A(0, 0, 3, 3), A(3, 0, 0, 1), A(1, 0, 0, 3), A(3, 0, 0, 3), A(0, 1, 3, 0), A(0, 3, 1, 0),
    A(0, 3, 3, 0), A(3, 1, 0, 0), A(1, 3, 0, 0), A(3, 3, 0, 0), A(0, 1, 3, 1), A(0, 3, 1, 3),
    A(0, 3, 3, 3), A(3, 1, 0, 1), A(1, 3, 0, 3), A(3, 3, 0, 3), A(3, 0, 3, 1), A(1, 0, 1, 3),
    A(3, 0, 3, 3), A(3, 1, 3, 0), A(1, 3, 1, 0), A(3, 3, 3, 0), A(3, 1, 3, 1), A(1, 3, 1, 3),
    A(3, 3, 3, 3), A(0, 0, 1, 1), A(1, 0, 0, 1), A(1, 1, 0, 0), A(0, 1, 1, 0), 0, 0, 0,
    A(1, 0, 0, 0), A(0, 1, 0, 0), A(0, 0, 1, 0), A(0, 0, 0, 1), A(2, 0, 0, 0), A(0, 2, 0, 0),
    A(0, 0, 2, 0), A(0, 0, 0, 2), A(1, 0, 2, 0), A(0, 1, 0, 2), A(2, 0, 1, 0), A(0, 2, 0, 1),
};
#undef A

/* How far past the centre one line of an arm reaches, so that arms meet
 * without a notch; lines of a double arm stop at a double arm across them
 * and turn the corner with the other double arm's line. */
static double arm_reach(const int wt[4], int side, int line, double t)
{
    bool horizontal = side % 2 == 0;
    int before = wt[horizontal ? 1 : 0], after = wt[horizontal ? 3 : 2]; /* the arms across */
    bool doubles = before == 3 || after == 3;
    if (wt[side] != 3) {
        if (!doubles) /* to the far edge of the thickest arm across, else half its own width */
            return before || after ? (before == 2 || after == 2 ? t : t / 2)
                                   : (wt[side] == 2 ? t : t / 2);
        return before == 3 && after == 3 ? -t / 2 : 1.5 * t; /* to the near line, or across both */
    }
    int across = line < 0 ? before : after;
    if (doubles)
        return across == 3 ? -t / 2 : 1.5 * t;
    return before || after ? t / 2 : 1.5 * t;
}

/* One arm of a box-drawing character: from the cell's edge to the centre, one or two lines. */
static void draw_arm(cairo_t *cr, const struct face *f, const int wt[4], int side, double cx,
                     double cy, const double cell[4], double t)
{
    int lines = wt[side] == 3 ? 2 : 1;
    double thick = wt[side] == 2 ? 2 * t : t;
    for (int k = 0; k < lines; k++) {
        int line = lines == 1 ? 0 : 2 * k - 1;
        double o = line * t, r = arm_reach(wt, side, line, t);
        if (side == 0)
            fill_box(cr, f, cell[0], cy + o - thick / 2, cx + r, cy + o + thick / 2);
        else if (side == 2)
            fill_box(cr, f, cx - r, cy + o - thick / 2, cell[2], cy + o + thick / 2);
        else if (side == 1)
            fill_box(cr, f, cx + o - thick / 2, cell[1], cx + o + thick / 2, cy + r);
        else
            fill_box(cr, f, cx + o - thick / 2, cy - r, cx + o + thick / 2, cell[3]);
    }
}

/* ┄┅┆┇┈┉┊┋╌╍╎╏: a line in n dashes; 0 for a solid character. */
static int dashes(uint32_t cp)
{
    if (cp >= 0x2504 && cp <= 0x250B)
        return cp < 0x2508 ? 3 : 4;
    return cp >= 0x254C && cp <= 0x254F ? 2 : 0;
}

/* A dashed line, each dash centred in its share of the cell, so that rows of them keep one rhythm. */
static void draw_dashes(cairo_t *cr, const struct face *f, int n, bool horizontal, double thick,
                        double cx, double cy, const double cell[4])
{
    double len = horizontal ? cell[2] - cell[0] : cell[3] - cell[1];
    for (int i = 0; i < n; i++) {
        double a = i * len / n + len / n * 0.2, b = (i + 1) * len / n - len / n * 0.2;
        if (horizontal)
            fill_box(cr, f, cell[0] + a, cy - thick / 2, cell[0] + b, cy + thick / 2);
        else
            fill_box(cr, f, cx - thick / 2, cell[1] + a, cx + thick / 2, cell[1] + b);
    }
}

/* The diagonals ╱╲╳, stroked corner to corner. */
static void draw_diagonals(cairo_t *cr, uint32_t cp, const double cell[4], double t)
{
    cairo_set_line_width(cr, t);
    if (cp != 0x2572) {
        cairo_move_to(cr, cell[0], cell[3]);
        cairo_line_to(cr, cell[2], cell[1]);
    }
    if (cp != 0x2571) {
        cairo_move_to(cr, cell[0], cell[1]);
        cairo_line_to(cr, cell[2], cell[3]);
    }
    cairo_stroke(cr);
}

/* Rules and table lines meet the next cell's exactly, whatever the font's glyphs would do. */
static bool draw_box(cairo_t *cr, const struct face *f, uint32_t cp, double x, double y, double w,
                     double h)
{
    unsigned arms = box_arms[cp - 0x2500];
    double t = fmax(1 / f->snap, snap(f, f->m.cell_w / 7.0));
    double cell[4] = {x, y, x + w, y + h};
    /* the centre, so that a line's edges fall on device pixels */
    double cx = snap(f, x + w / 2 - t / 2) + t / 2, cy = snap(f, y + h / 2 - t / 2) + t / 2;
    if (cp >= 0x2571 && cp <= 0x2573) {
        draw_diagonals(cr, cp, cell, t);
        return true;
    }
    if (!arms)
        return false;
    int wt[4];
    for (int side = 0; side < 4; side++)
        wt[side] = arms >> 2 * side & 3;
    int n = dashes(cp);
    if (n) {
        draw_dashes(cr, f, n, wt[0] != 0, wt[0] == 2 || wt[1] == 2 ? 2 * t : t, cx, cy, cell);
        return true;
    }
    for (int side = 0; side < 4; side++)
        if (wt[side])
            draw_arm(cr, f, wt, side, cx, cy, cell, t);
    return true;
}

/* ---- text ---- */

/* The text's extents in picture pixels: its logical box and its ink. */
static void text_extents(PangoLayout *l, const char *s, double *lw, double *ix, double *iw)
{
    pango_layout_set_text(l, s, -1);
    PangoRectangle ink, logical;
    pango_layout_get_extents(l, &ink, &logical);
    *lw = logical.width / (double)PANGO_SCALE;
    *ix = ink.x / (double)PANGO_SCALE;
    *iw = ink.width / (double)PANGO_SCALE;
}

/* One cell's text at its cell, never where Pango's line layout would put it:
 * advances of other faces would drift from the grid. Centred in its box (a
 * wide character in two cells). A glyph wider than its box is narrowed to
 * fit: its ink stays out of the neighbours, and its advance too, or
 * pdftotext would break the word there. Should ink still stray (a face
 * whose ink passes its advance), the ink is centred instead. */
static void draw_text(cairo_t *cr, const struct face *f, PangoLayout *cjk, PangoLayout *narrow,
                      const char *s, double x, double top, int cells)
{
    double box = cells * f->m.cell_w, lw, ix, iw;
    PangoLayout *l = cjk;
    text_extents(l, s, &lw, &ix, &iw);
    if (cells == 1 && lw > box) {
        double nlw, nix, niw;
        text_extents(narrow, s, &nlw, &nix, &niw);
        if (nlw < lw) {
            l = narrow;
            lw = nlw, ix = nix, iw = niw;
        }
    }
    double sx = lw > box ? box / lw : 1, left = (box - lw * sx) / 2;
    if (iw > 0 && (left + ix * sx < 0 || left + (ix + iw) * sx > box)) {
        sx = fmin(sx, box / iw);
        left = (box - iw * sx) / 2 - ix * sx;
    }
    double base = pango_layout_get_baseline(l) / (double)PANGO_SCALE;
    cairo_save(cr);
    cairo_translate(cr, x + left, top + f->baseline - base);
    if (sx < 1)
        cairo_scale(cr, sx, 1);
    cairo_move_to(cr, 0, 0);
    pango_cairo_show_layout(cr, l);
    cairo_restore(cr);
}

/* The one character a cell holds, if it is one character without marks. */
static uint32_t lone_char(const char *s)
{
    uint32_t cp;
    size_t n = strlen(s);
    if (!n || text_decode(s, n, &cp) != n)
        return 0;
    return cp;
}

/* A cell's ink: a shape for blocks and lines, else its text in the style's weight. */
static void draw_cell(cairo_t *cr, const struct face *f, PangoLayout *const lay[4], const grid_cell *c,
                      double x, double y)
{
    if (!c->width || !c->text[0] || !strcmp(c->text, " "))
        return;
    uint32_t cp = lone_char(c->text);
    double w = c->width * f->m.cell_w, h = f->m.cell_h;
    if (cp >= 0x2580 && cp <= 0x259F) {
        draw_block(cr, f, cp, x, y, w, h);
        return;
    }
    if (cp >= 0x2500 && cp <= 0x257F && draw_box(cr, f, cp, x, y, w, h))
        return;
    int bold = style_looks[c->style].attrs & LOOK_BOLD ? 1 : 0;
    draw_text(cr, f, lay[bold], lay[2 + bold], c->text, x, y, c->width);
}

/* ---- a page ---- */

/* Backgrounds first, in runs of a style, so that no seam shows between cells of one bar. */
static void draw_backgrounds(cairo_t *cr, const struct face *f, const grid *g,
                             const struct theme_paint *p)
{
    for (int y = 0; y < g->h; y++) {
        for (int x = 0; x < g->w;) {
            int st = grid_at(g, y, x)->style, start = x;
            while (x < g->w && grid_at(g, y, x)->style == st)
                x++;
            if (!p->styles[st].bg)
                continue;
            set_hex(cr, p->styles[st].bg);
            double top = f->m.margin_y + y * f->m.cell_h;
            fill_box(cr, f, f->m.margin_x + start * f->m.cell_w, top, f->m.margin_x + x * f->m.cell_w,
                     top + f->m.cell_h);
        }
    }
}

/* Underlined styles (column headings) underline every cell, blanks too, as the terminal does. */
static void draw_underline(cairo_t *cr, const struct face *f, const grid_cell *c, double x, double y)
{
    if (!(style_looks[c->style].attrs & LOOK_UNDERLINE) || !c->width)
        return;
    double top = y + f->baseline + f->under_pos - f->under_thick / 2;
    fill_box(cr, f, x, top, x + c->width * f->m.cell_w, top + fmax(f->under_thick, 1 / f->snap));
}

/* The whole page: margins in the page colour, then backgrounds, then ink. */
static void draw_page(cairo_t *cr, const struct face *f, const grid *g, const struct theme_paint *p)
{
    set_hex(cr, p->page_bg);
    cairo_paint(cr);
    draw_backgrounds(cr, f, g, p);
    pango_cairo_update_context(cr, f->ctx);
    PangoLayout *lay[4];
    for (int i = 0; i < 4; i++) {
        lay[i] = pango_layout_new(f->ctx);
        pango_layout_set_font_description(lay[i], f->desc[i]);
    }
    for (int y = 0; y < g->h; y++) {
        double top = f->m.margin_y + y * f->m.cell_h;
        for (int x = 0; x < g->w; x++) {
            const grid_cell *c = grid_at(g, y, x);
            double left = f->m.margin_x + x * f->m.cell_w;
            set_hex(cr, p->styles[c->style].fg);
            draw_cell(cr, f, lay, c, left, top);
            draw_underline(cr, f, c, left, top);
        }
    }
    for (int i = 0; i < 4; i++)
        g_object_unref(lay[i]);
}

/* ---- the formats ---- */

/* A page is its grid and a margin round it, so nothing touches the edge of a slide. */
static double page_w(const struct face *f, const grid *g)
{
    return g->w * f->m.cell_w + 2 * f->m.margin_x;
}

/* (the height, likewise) */
static double page_h(const struct face *f, const grid *g)
{
    return g->h * f->m.cell_h + 2 * f->m.margin_y;
}

/* cairo hands its output over in pieces; they go straight into the caller's buf. */
static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    buf_put(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* cairo remembers its first error on the surface and on the context; either fails the picture. */
static int cairo_result(cairo_t *cr, cairo_surface_t *s, char *err, size_t errlen)
{
    cairo_status_t st = cr ? cairo_status(cr) : CAIRO_STATUS_SUCCESS;
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    if (st == CAIRO_STATUS_SUCCESS)
        return 0;
    snprintf(err, errlen, "cairo: %s", cairo_status_to_string(st));
    return -1;
}

/* A PNG at scale device pixels per picture pixel: sharp on a projected slide. */
static int render_png(buf *out, struct face *f, const grid *g, const struct render_options *o,
                      char *err, size_t errlen)
{
    double w = page_w(f, g) * o->scale, h = page_h(f, g) * o->scale;
    if (w > PNG_MAX_SIDE || h > PNG_MAX_SIDE) {
        say(err, errlen, MSG_RENDER_PNG_TOO_BIG, w, h, PNG_MAX_SIDE);
        return -1;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, o->scale, o->scale);
    f->snap = o->scale;
    draw_page(cr, f, g, style_theme(o->theme));
    int r = cairo_result(cr, s, err, errlen);
    cairo_destroy(cr);
    if (r == 0) {
        cairo_status_t st = cairo_surface_write_to_png_stream(s, to_buf, out);
        if (st != CAIRO_STATUS_SUCCESS) {
            snprintf(err, errlen, "cairo: %s", cairo_status_to_string(st));
            r = -1;
        }
    }
    cairo_surface_destroy(s);
    return r;
}

/* ISO 8601, which cairo turns into the PDF's date form. */
static void pdf_date(char *out, size_t n, long long epoch)
{
    time_t t = (time_t)epoch;
    struct tm tm;
    if (epoch < 0 || !gmtime_r(&t, &tm) || !strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, n, "%s", FIXED_DATE);
}

/* Title and dates: the title shows in a viewer's window; fixed dates make
 * the same grids the same bytes. */
static void pdf_metadata(cairo_surface_t *s, const struct render_options *o, const struct face *f)
{
    char date[32], creator[200];
    pdf_date(date, sizeof date, o->epoch);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
    if (o->title && *o->title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, o->title);
    snprintf(creator, sizeof creator, "zjdash " ZJDASH_VERSION " (%s)", f->m.face);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, creator);
}

/* One PDF page per grid, each its own size: cairo subsets and embeds the fonts. */
static int render_pdf(buf *out, struct face *f, const grid *const *pages, int npages,
                      const struct render_options *o, char *err, size_t errlen)
{
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(to_buf, out, page_w(f, pages[0]), page_h(f, pages[0]));
    pdf_metadata(s, o, f);
    cairo_t *cr = cairo_create(s);
    f->snap = 4;
    for (int i = 0; i < npages; i++) {
        cairo_pdf_surface_set_size(s, page_w(f, pages[i]), page_h(f, pages[i]));
        draw_page(cr, f, pages[i], style_theme(o->theme));
        cairo_show_page(cr);
    }
    int r = cairo_result(cr, s, err, errlen);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (r == 0)
        r = cairo_result(NULL, s, err, errlen);
    cairo_surface_destroy(s);
    return r;
}

/* cairo numbers an SVG's surfaces and images from a counter of the whole
 * process: the second picture of a session would differ from the first.
 * Renumbered in order of appearance, the same grid gives the same bytes. */
static void svg_stable_ids(buf *out, const char *s, size_t n)
{
    static const char *const kinds[] = {"surface", "image"};
    unsigned long seen[64];
    size_t nseen = 0;
    for (size_t i = 0; i < n;) {
        const char *kind = NULL;
        for (int k = 0; k < 2 && !kind && (s[i] == '"' || s[i] == '#'); k++) {
            size_t len = strlen(kinds[k]);
            if (i + 1 + len < n && !memcmp(s + i + 1, kinds[k], len) &&
                isdigit((unsigned char)s[i + 1 + len]))
                kind = kinds[k];
        }
        if (!kind) {
            buf_putc(out, s[i++]);
            continue;
        }
        char *end; /* (raw is a buf: NUL-terminated, so strtoul stops) */
        unsigned long id = strtoul(s + i + 1 + strlen(kind), &end, 10), m = 0;
        while (m < nseen && seen[m] != id)
            m++;
        if (m == nseen && nseen < sizeof seen / sizeof *seen)
            seen[nseen++] = id;
        buf_printf(out, "%c%s%lu", s[i], kind, m < nseen ? m + 1 : id);
        i = (size_t)(end - s);
    }
}

/* For tools that draw SVG but have no CJK font: cairo writes each glyph as a path. */
static int render_svg(buf *out, struct face *f, const grid *g, const struct render_options *o,
                      char *err, size_t errlen)
{
    buf raw;
    buf_init(&raw);
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_buf, &raw, page_w(f, g), page_h(f, g));
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
    cairo_t *cr = cairo_create(s);
    f->snap = 4;
    draw_page(cr, f, g, style_theme(o->theme));
    int r = cairo_result(cr, s, err, errlen);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (r == 0)
        r = cairo_result(NULL, s, err, errlen);
    cairo_surface_destroy(s);
    if (r == 0)
        svg_stable_ids(out, raw.data, raw.len);
    buf_free(&raw);
    return r;
}

/* What the caller may get wrong is said, not drawn: a PNG or SVG holds one page. */
static int check_request(const grid *const *pages, int npages, enum render_format format,
                         const struct render_options *o, char *err, size_t errlen)
{
    if (npages < 1 || !pages) {
        snprintf(err, errlen, "no page to draw");
        return -1;
    }
    for (int i = 0; i < npages; i++)
        if (!pages[i]) {
            snprintf(err, errlen, "page %d is missing", i + 1);
            return -1;
        }
    if (format != RENDER_PDF && npages != 1) {
        snprintf(err, errlen, "%s holds one page, not %d", format == RENDER_PNG ? "a PNG" : "an SVG",
                 npages);
        return -1;
    }
    if (o->scale < 1 || o->scale > 8) {
        snprintf(err, errlen, "scale %d: from 1 to 8", o->scale);
        return -1;
    }
    return 0;
}

/* One entry for the three formats, so that they cannot draw a grid differently. */
int render_pages(buf *out, const grid *const *pages, int npages, enum render_format format,
                 const struct render_options *o, char *err, size_t errlen)
{
    struct render_options opt = {SNAP_DARK, 2, NULL, -1};
    if (o)
        opt = *o;
    if (!opt.scale)
        opt.scale = 2;
    if (check_request(pages, npages, format, &opt, err, errlen) != 0)
        return -1;
    struct face f;
    if (face_open(&f, err, errlen) != 0)
        return -1;
    size_t start = out->len;
    int r;
    if (format == RENDER_PNG)
        r = render_png(out, &f, pages[0], &opt, err, errlen);
    else if (format == RENDER_PDF)
        r = render_pdf(out, &f, pages, npages, &opt, err, errlen);
    else
        r = render_svg(out, &f, pages[0], &opt, err, errlen);
    face_close(&f);
    if (r != 0 && out->data) {
        out->len = start;
        out->data[start] = 0;
    }
    return r;
}

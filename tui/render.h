/* Pictures that travel: PNG, PDF and an SVG whose text is outlines, drawn
 * with cairo and Pango from the same cell grids as every other output. Each
 * character sits in its cells (a Chinese one in exactly two), in a
 * monospace CJK face found through fontconfig; a PDF embeds its fonts as
 * subsets (cairo does that, not our code), so it prints sharp and its text
 * can be searched and copied. The same grids give the same bytes. */
#ifndef ZJDASH_RENDER_H
#define ZJDASH_RENDER_H

#include <stddef.h>

#include "buf.h"
#include "grid.h"
#include "snapshot.h"

enum render_format {
    RENDER_PNG,          /* one page only */
    RENDER_PDF,          /* every page, one PDF page each */
    RENDER_SVG_OUTLINES, /* one page only; glyphs as paths, for tools without a CJK font */
};

struct render_options {
    enum snapshot_theme theme;
    int scale;           /* PNG: device pixels per picture pixel (1-8; 0: 2, the default) */
    const char *title;   /* the PDF's /Title: sanitised UTF-8, or NULL */
    long long epoch;     /* the PDF's dates, seconds since 1970 (SOURCE_DATE_EPOCH), or -1:
                            1970-01-01, never the time now (cairo's default) */
};

/* The faces fontconfig is asked for, best first. */
#define RENDER_FAMILIES "Noto Sans Mono CJK SC, WenQuanYi Zen Hei Mono, monospace"
/* What to install when none of them can draw Chinese (Debian's name). */
#define RENDER_FONT_PACKAGE "fonts-noto-cjk"

/* How a page is laid out, in picture pixels (a PDF's points, an SVG's px):
 * a page is w * cell_w + 2 * margin_x wide and h * cell_h + 2 * margin_y
 * high; a PNG has scale device pixels for each. */
struct render_metrics {
    char face[128];       /* the family the text is drawn in, as fontconfig names it */
    int font_px;          /* the font's size */
    int cell_w, cell_h;   /* one cell; a wide character takes two cells */
    int margin_x, margin_y;
};

/* The face and geometry pictures are drawn with here. Returns 0, or -1 with
 * why in err (no face that has Chinese characters). */
int render_metrics(struct render_metrics *m, char *err, size_t errlen);

/* Draws pages (each a grid, any height) into out. A margin surrounds each
 * page; a page is as tall as its grid. o NULL: the dark theme, scale 2, no
 * title, no dates. Returns 0, or -1 with why in err (no usable font, a PNG
 * too big for cairo, cairo's own error), out then as it was. */
int render_pages(buf *out, const grid *const *pages, int npages, enum render_format format,
                 const struct render_options *o, char *err, size_t errlen);

#endif

/* One way from the app to a picture, for s in the dashboard and for
 * --snapshot. A briefing (PNG, PDF, SVG, HTML) shows the page on top in the
 * briefing layout: a caption, everything, a source line, no terminal chrome;
 * text (.txt) and ANSI (.ans) show the screen as the terminal draws it.
 * PNG, PDF and outlined SVG are drawn by render.c, the rest by snapshot.c,
 * all from cell grids. */
#ifndef ZJDASH_PICTURE_H
#define ZJDASH_PICTURE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "buf.h"
#include "grid.h"
#include "picture_format.h"
#include "snapshot.h"

struct picture_options {
    enum picture_format format;
    enum snapshot_theme theme;
    int scale;          /* PNG: pixels per point, 1-8 */
    bool outlines;      /* SVG: the text as outlines, for tools with no CJK font */
    int width, height;  /* cells: a briefing's width; the whole screen for .txt and .ans */
    long long epoch;    /* SOURCE_DATE_EPOCH for a PDF's dates, or -1 */
};

/* The format a file's name asks for, by its extension; false if none. */
bool picture_format_of(const char *path, enum picture_format *out);
/* Whether a format shows the briefing layout (else the screen as it is). */
bool picture_is_briefing(enum picture_format format);
/* Whether a format holds several pages in one file (else one file a page). */
bool picture_is_multipage(enum picture_format format);
/* Sensible defaults for a format: light for what is printed, 2x PNG, a
 * PDF dated by SOURCE_DATE_EPOCH. */
void picture_defaults(struct picture_options *o, enum picture_format format);

/* Bytes saved beside the pictures ($ZJDASH_SNAPSHOT_DIR, or the current
 * folder) under a new name, zjdash-[KIND-]TAB-YYYYMMDD-HHMMSS.EXT, never
 * over a file: true with the whole path in saved (PICTURE_PATH_MAX bytes);
 * else the status line says cannot, given why and the folder, and false.
 * For s, e and y alike. */
#define PICTURE_PATH_MAX (PATH_MAX + 64)
bool picture_store(app *a, const char *kind, const char *extension, const char *data, size_t len,
                   enum msg cannot, char *saved, size_t saved_len);

/* The page on top of a's stack, as the format shows it, into out. */
void picture_page(app *a, const struct picture_options *o, grid *out);
/* Pages as one file's bytes (a format that is not multipage takes the
 * first). Returns 0, or -1 with why (no font for PNG or PDF). */
int picture_render(buf *out, const app *a, const grid *const *pages, int npages,
                   const struct picture_options *o, char *why, size_t whylen);
/* s: the page on top as a PNG briefing as wide as the screen, under a new
 * name in $ZJDASH_SNAPSHOT_DIR or here; the status line says where (the
 * whole path), or why not. */
void picture_save(app *a, const grid *screen);

#endif

/* Pictures of the screen for briefings: a drawn grid as SVG (a cell grid in
 * which every character sits in its cells, text kept as text), HTML (the same
 * SVG in a page), plain text, or ANSI escapes. The same grid the terminal
 * shows, so a snapshot cannot drift from the screen. Output is deterministic:
 * the same screen gives the same bytes. */
#ifndef ZJDASH_SNAPSHOT_H
#define ZJDASH_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "grid.h"

enum snapshot_format { SNAP_SVG, SNAP_HTML, SNAP_TXT, SNAP_ANS };
enum snapshot_theme { SNAP_DARK, SNAP_LIGHT };

/* The format a file name asks for by its extension; false if none fits. */
bool snapshot_format_of(const char *path, enum snapshot_format *out);

/* Pixel geometry of the SVG: every cell is this wide and high. */
#define SNAPSHOT_CELL_W 10
#define SNAPSHOT_CELL_H 20

void snapshot_render(buf *out, const grid *g, enum snapshot_format format,
                     enum snapshot_theme theme, const char *title);

/* Writes data to path safely: a temporary file in the same directory,
 * flushed to disk, then moved into place only if nothing is there (a file or
 * a symlink). On any error nothing is left behind. Returns 0, or an errno
 * value (EEXIST when path exists). */
int snapshot_write(const char *path, const char *data, size_t len);

/* Saves data in dir under stem + extension, or stem-2, stem-3, ... when a
 * name is taken. On success fills saved with the path and returns 0; else
 * returns an errno value. */
int snapshot_save_new(const char *dir, const char *stem, const char *extension, const char *data,
                      size_t len, char *saved, size_t saved_len);

#endif

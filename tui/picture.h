/* One way from a drawn screen to a picture, for s in the dashboard and for
 * --snapshot: the title, the font, the format and the theme. */
#ifndef ZJDASH_PICTURE_H
#define ZJDASH_PICTURE_H

#include "app.h"
#include "buf.h"
#include "grid.h"
#include "snapshot.h"

/* The grid as a picture in out. Returns 0, or -1 with why the font could
 * not be used. */
int picture_render(buf *out, const app *a, const grid *g, enum snapshot_format format,
                   enum snapshot_theme look, char *why, size_t whylen);
/* s: the screen as SVG in $ZJDASH_SNAPSHOT_DIR or here, under a new name;
 * the status line says where, or why not. */
void picture_save(app *a, const grid *g);

#endif

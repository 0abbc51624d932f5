/* What a long load looks like: a screen with a bar for the dashboard, one
 * line for --check and --dump on a terminal. Pure: it draws into a grid or a
 * buffer and knows nothing of curses or clocks. */
#ifndef ZJDASH_LOADING_H
#define ZJDASH_LOADING_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "grid.h"

struct loading_view {
    const char *name;   /* the file, as the user named it (sanitised when drawn) */
    size_t bytes;       /* read so far; 0 when unknown (a pipe) */
    size_t total_bytes; /* the file's size; 0 when unknown */
    uint32_t records;
    double seconds;     /* since the load began */
};

/* The loading screen: the file's name, a bar (bytes of the total; a block
 * going to and fro when the total is unknown), the figures, how to stop. */
void loading_draw(grid *g, const struct loading_view *v);
/* The figures on one line: bytes of the total, records, rate, time left. */
void loading_figures(buf *out, const struct loading_view *v);
/* The progress line of --check and --dump: the title and the figures, cut
 * and padded to width cells so that a carriage return can redraw it. */
void loading_line(buf *out, const struct loading_view *v, int width);

#endif

/* How each style looks, in one table for every output: the terminal (in
 * colour and in monochrome) and snapshots. Colours are the eight ANSI ones,
 * so the terminal's own palette decides the exact shades there; pictures
 * take theirs from the palettes below. */
#ifndef ZJDASH_STYLE_H
#define ZJDASH_STYLE_H

#include <stdint.h>

#include "grid.h"
#include "snapshot.h"

enum ansi_color {
    COLOR_NONE = -1, /* the terminal's own foreground or background */
    ANSI_BLACK,
    ANSI_RED,
    ANSI_GREEN,
    ANSI_YELLOW,
    ANSI_BLUE,
    ANSI_MAGENTA,
    ANSI_CYAN,
    ANSI_WHITE,
};

enum look_attr {
    LOOK_BOLD = 1,
    LOOK_UNDERLINE = 2,
    LOOK_REVERSE = 4,
    LOOK_DIM = 8,
};

struct look {
    int8_t fg, bg;       /* enum ansi_color */
    uint8_t attrs;       /* with colours */
    uint8_t mono_attrs;  /* without: what carries the meaning then */
};

extern const struct look style_looks[ST_COUNT];

/* A style's colours in a picture (SVG, HTML, PNG, PDF), as "#rrggbb": exact
 * shades, since a picture has no terminal palette to lean on. */
struct paint {
    const char *fg, *bg; /* bg NULL: the page's */
};

/* One theme of pictures: the page and every style on it. */
struct theme_paint {
    const char *page_fg, *page_bg;
    struct paint styles[ST_COUNT];
};

/* The one table every picture format takes its colours from. */
const struct theme_paint *style_theme(enum snapshot_theme theme);

#endif

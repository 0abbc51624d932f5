#include "picture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The title and the font are the same for s and for --snapshot. */
int picture_render(buf *out, const app *a, const grid *g, enum snapshot_format format,
                   enum snapshot_theme look, char *why, size_t whylen)
{
    buf title, font;
    buf_init(&title);
    buf_init(&font);
    int st = 0;
    if (a->picture_font &&
        snapshot_font_face(&font, g, a->picture_font, a->picture_font_len, why, whylen)) {
        st = -1;
    } else {
        app_title(a, &title);
        snapshot_render(out, g, format, look, title.data, font.data);
    }
    buf_free(&title);
    buf_free(&font);
    return st;
}

/* A name that says what and when, so a folder of pictures sorts itself. */
static void picture_stem(const app *a, char *stem, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    snprintf(stem, len, "zjdash-%.64s-%04d%02d%02d-%02d%02d%02d",
             app_in_places(a) ? "places" : ds_str(a->ds, a->ds->themes[a->tab].id),
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* s never overwrites: a picture already in a briefing stays as it was. */
void picture_save(app *a, const grid *g)
{
    a->want_snapshot = false;
    const char *dir = getenv("ZJDASH_SNAPSHOT_DIR");
    if (!dir || !*dir)
        dir = ".";
    buf svg;
    buf_init(&svg);
    char why[256];
    if (picture_render(&svg, a, g, SNAP_SVG, a->light_snapshots ? SNAP_LIGHT : SNAP_DARK, why,
                       sizeof why)) {
        app_say(a, "cannot embed the font: %s", why);
        buf_free(&svg);
        return;
    }
    char stem[160], saved[4096];
    picture_stem(a, stem, sizeof stem);
    int e = snapshot_save_new(dir, stem, ".svg", svg.data, svg.len, saved, sizeof saved);
    if (e)
        app_say(a, "cannot save the picture in %.200s: %s", dir, strerror(e));
    else
        app_say(a, "saved %.400s", saved);
    buf_free(&svg);
}

#define _GNU_SOURCE /* realpath with a NULL buffer */
#include "picture.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "briefing.h"
#include "config.h"
#include "lang.h"
#include "render.h"
#include "text.h"

/* The extension alone picks the format, so a picture opens in whatever its
 * name promises. */
bool picture_format_of(const char *path, enum picture_format *out)
{
    size_t n = strlen(path);
    if (n > 4 && !strcasecmp(path + n - 4, ".png")) {
        *out = PIC_PNG;
        return true;
    }
    if (n > 4 && !strcasecmp(path + n - 4, ".pdf")) {
        *out = PIC_PDF;
        return true;
    }
    enum snapshot_format f;
    if (!snapshot_format_of(path, &f))
        return false;
    static const enum picture_format same[] = {[SNAP_SVG] = PIC_SVG, [SNAP_HTML] = PIC_HTML,
                                               [SNAP_TXT] = PIC_TXT, [SNAP_ANS] = PIC_ANS};
    *out = same[f];
    return true;
}

/* Text and ANSI are for a mail or a terminal: the screen as it is. */
bool picture_is_briefing(enum picture_format format)
{
    return format != PIC_TXT && format != PIC_ANS;
}

/* Only a PDF has pages; the others are one file a page. */
bool picture_is_multipage(enum picture_format format)
{
    return format == PIC_PDF;
}

/* What is printed or pasted on a slide is light; a screen replay is dark.
 * A PDF's dates come from SOURCE_DATE_EPOCH, for s and --snapshot alike,
 * so a build of a briefing is reproducible. */
void picture_defaults(struct picture_options *o, enum picture_format format)
{
    o->format = format;
    o->theme = format == PIC_PNG || format == PIC_PDF ? SNAP_LIGHT : SNAP_DARK;
    o->scale = 2;
    o->outlines = false;
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    o->epoch = epoch && *epoch ? strtoll(epoch, NULL, 10) : -1;
}

void picture_page(app *a, const struct picture_options *o, grid *out)
{
    if (picture_is_briefing(o->format)) {
        briefing_draw(a, o->width, out);
    } else {
        grid_resize(out, o->width, o->height);
        app_frame(a, out);
    }
}

/* cairo draws what must travel (PNG, PDF, outlined SVG); snapshot.c the rest. */
int picture_render(buf *out, const app *a, const grid *const *pages, int npages,
                   const struct picture_options *o, char *why, size_t whylen)
{
    buf raw, title; /* the report's title, from the file: a <title> and a PDF's /Title are printed too */
    buf_init(&raw);
    buf_init(&title);
    app_title(a, &raw);
    text_sanitize(&title, raw.data ? raw.data : "", raw.len);
    buf_puts(&title, "");
    buf_free(&raw);
    int st = 0;
    if (o->format == PIC_PNG || o->format == PIC_PDF || (o->format == PIC_SVG && o->outlines)) {
        struct render_options r = {o->theme, o->scale, title.data, o->epoch};
        enum render_format f = o->format == PIC_PNG   ? RENDER_PNG
                               : o->format == PIC_PDF ? RENDER_PDF
                                                      : RENDER_SVG_OUTLINES;
        st = render_pages(out, pages, f == RENDER_PDF ? npages : 1, f, &r, why, whylen);
    } else {
        static const enum snapshot_format same[] = {[PIC_SVG] = SNAP_SVG, [PIC_HTML] = SNAP_HTML,
                                                    [PIC_TXT] = SNAP_TXT, [PIC_ANS] = SNAP_ANS};
        snapshot_render(out, pages[0], same[o->format], o->theme, title.data);
    }
    buf_free(&title);
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

/* The status line names the whole path: a user over SSH must find the file
 * to copy it, whatever directory the dashboard was started in. The
 * environment wins over the configuration file's picture-folder. */
static const char *picture_dir(char **resolved, buf *expanded)
{
    const char *dir = getenv("ZJDASH_SNAPSHOT_DIR");
    if (!dir || !*dir) {
        config_expand_folder(expanded, config_in_use()->picture_folder);
        dir = expanded->data;
    }
    *resolved = realpath(dir, NULL);
    return *resolved ? *resolved : dir;
}

/* s saves what $ZJDASH_SNAPSHOT_FORMAT says, else the file's picture-format
 * (png unless set: it pastes into any slide); an unknown format is said,
 * not guessed. */
static bool saved_format(app *a, enum picture_format *format, const char **extension)
{
    static const char *const extensions[] = {[PIC_SVG] = ".svg", [PIC_HTML] = ".html",
                                             [PIC_TXT] = ".txt", [PIC_ANS] = ".ans",
                                             [PIC_PNG] = ".png", [PIC_PDF] = ".pdf"};
    const char *want = getenv("ZJDASH_SNAPSHOT_FORMAT");
    char name[32];
    snprintf(name, sizeof name, "x.%.16s",
             want && *want ? want : config_format_name(config_in_use()->picture_format));
    if (!picture_format_of(name, format)) {
        app_say_msg(a, MSG_MSG_SNAPSHOT_FORMAT);
        return false;
    }
    *extension = extensions[*format];
    return true;
}

/* A folder's path in a message: whole, or when longer than a status line
 * its start and end around a visible cut, the reason before it. */
#define SHOWN_PATH 120
static const char *shown_path(const char *path, char *out, size_t len)
{
    size_t n = strlen(path);
    if (n <= SHOWN_PATH)
        return path;
    size_t head = SHOWN_PATH / 3, tail = SHOWN_PATH - head;
    while (head > 0 && ((unsigned char)path[head] & 0xC0) == 0x80) /* whole characters only */
        head--;
    while (tail > 0 && ((unsigned char)path[n - tail] & 0xC0) == 0x80)
        tail--;
    snprintf(out, len, "%.*s…%s", (int)head, path, path + n - tail);
    return out;
}

bool picture_store(app *a, const char *kind, const char *extension, const char *data, size_t len,
                   enum msg cannot, char *saved, size_t saved_len)
{
    char *resolved, stem[160], named[192], shown[SHOWN_PATH + 8];
    buf expanded;
    buf_init(&expanded);
    const char *dir = picture_dir(&resolved, &expanded);
    picture_stem(a, stem, sizeof stem);
    /* zjdash-KIND-TAB-TIME: a copied text is not to be taken for a picture */
    snprintf(named, sizeof named, "zjdash-%s%s%s", kind ? kind : "", kind ? "-" : "", stem + strlen("zjdash-"));
    int e = snapshot_save_new(dir, named, extension, data, len, saved, saved_len);
    if (e)
        app_say_msg(a, cannot, strerror(e), shown_path(dir, shown, sizeof shown));
    free(resolved);
    buf_free(&expanded);
    return !e;
}

/* s never overwrites: a picture already in a briefing stays as it was. */
void picture_save(app *a, const grid *screen)
{
    a->want_snapshot = false;
    enum picture_format format;
    const char *extension;
    if (!saved_format(a, &format, &extension))
        return;
    struct picture_options o;
    picture_defaults(&o, format);
    o.theme = a->dark_pictures ? SNAP_DARK : SNAP_LIGHT;
    o.width = screen->w; /* briefing_draw keeps it within what a briefing can be */
    o.height = screen->h;
    grid page;
    grid_init(&page, o.width, 1, a->ascii);
    if (picture_is_briefing(format))
        briefing_draw(a, o.width, &page);
    buf bytes;
    buf_init(&bytes);
    char why[256];
    const grid *pages[] = {picture_is_briefing(format) ? &page : screen};
    if (picture_render(&bytes, a, pages, 1, &o, why, sizeof why)) {
        app_say_msg(a, MSG_MSG_CANNOT_DRAW, why);
    } else {
        char saved[PICTURE_PATH_MAX];
        if (picture_store(a, NULL, extension, bytes.data, bytes.len, MSG_MSG_CANNOT_SAVE, saved, sizeof saved))
            app_say_msg(a, MSG_MSG_SAVED, saved);
    }
    buf_free(&bytes);
    grid_free(&page);
}

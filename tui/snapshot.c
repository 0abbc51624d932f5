#define _GNU_SOURCE /* renameat2 */
#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "style.h"
#include "text.h"

#define FONT_SIZE 16
#define BASELINE 15 /* from the top of a cell */
#define FONT_STACK                                                                              \
    "'Sarasa Mono SC', 'Noto Sans Mono CJK SC', 'Source Han Mono SC', 'Source Han Mono', "     \
    "'WenQuanYi Zen Hei Mono', 'Microsoft YaHei Mono', 'DejaVu Sans Mono', monospace"

/* The extension alone picks the format, so a picture opens in whatever its name promises. */
bool snapshot_format_of(const char *path, enum snapshot_format *out)
{
    static const char *const extensions[] = {".svg", ".html", ".txt", ".ans"};
    size_t n = strlen(path);
    for (int i = 0; i < 4; i++) {
        size_t e = strlen(extensions[i]);
        if (n > e && !strcasecmp(path + n - e, extensions[i])) {
            *out = (enum snapshot_format)i;
            return true;
        }
    }
    if (n > 4 && !strcasecmp(path + n - 4, ".htm")) {
        *out = SNAP_HTML;
        return true;
    }
    return false;
}

/* ---- text ---- */

/* For pasting into mail or a ticket: the screen's characters, without the trailing blanks. */
static void render_txt(buf *out, const grid *g)
{
    for (int y = 0; y < g->h; y++) {
        size_t start = out->len;
        for (int x = 0; x < g->w; x++)
            buf_puts(out, grid_at(g, y, x)->text);
        while (out->len > start && out->data[out->len - 1] == ' ')
            out->len--;
        buf_putc(out, '\n');
    }
}

/* A full reset before each style, so no attribute of the run before leaks into the next. */
static void sgr(buf *out, int style)
{
    const struct look *l = &style_looks[style];
    buf_puts(out, "\x1b[0");
    if (l->attrs & LOOK_BOLD)
        buf_puts(out, ";1");
    if (l->attrs & LOOK_DIM)
        buf_puts(out, ";2");
    if (l->attrs & LOOK_UNDERLINE)
        buf_puts(out, ";4");
    if (l->attrs & LOOK_REVERSE)
        buf_puts(out, ";7");
    if (l->fg >= 0)
        buf_printf(out, ";%d", 30 + l->fg);
    if (l->bg >= 0)
        buf_printf(out, ";%d", 40 + l->bg);
    buf_putc(out, 'm');
}

/* For `cat` in a terminal: escapes only where the style changes, reset at every line's end. */
static void render_ans(buf *out, const grid *g)
{
    for (int y = 0; y < g->h; y++) {
        int style = -1;
        for (int x = 0; x < g->w; x++) {
            const grid_cell *c = grid_at(g, y, x);
            if (c->style != style) {
                style = c->style;
                sgr(out, style);
            }
            buf_puts(out, c->text);
        }
        buf_puts(out, "\x1b[0m\n");
    }
}

/* ---- SVG ---- */

/* Text as XML character data: markup characters escaped, and nothing XML
 * forbids (the grid holds sanitised text, but a picture is no place to trust
 * that). */
static void xml_text(buf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = text_decode(s + i, n - i, &cp);
        if (!len) {
            buf_puts(out, "\xEF\xBF\xBD");
            i++;
            continue;
        }
        switch (cp) {
        case '&': buf_puts(out, "&amp;"); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '"': buf_puts(out, "&quot;"); break;
        case '\'': buf_puts(out, "&apos;"); break;
        default:
            if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0xD800 && cp <= 0xDFFF) ||
                cp == 0xFFFE || cp == 0xFFFF)
                buf_puts(out, "\xEF\xBF\xBD");
            else
                buf_put(out, s + i, len);
        }
        i += len;
    }
}

/* Classes, not attributes per element: a full screen stays small, in the terminal's own looks. */
static void svg_style(buf *out, const struct theme_paint *p)
{
    buf_puts(out, "<style>\n");
    buf_printf(out, "text { font-family: %s; font-size: %dpx; white-space: pre; }\n", FONT_STACK,
               FONT_SIZE);
    for (int s = 0; s < ST_COUNT; s++) {
        const struct look *l = &style_looks[s];
        buf_printf(out, ".s%d { fill: %s;%s%s }\n", s, p->styles[s].fg,
                   l->attrs & LOOK_BOLD ? " font-weight: bold;" : "",
                   l->attrs & LOOK_UNDERLINE ? " text-decoration: underline;" : "");
        if (p->styles[s].bg)
            buf_printf(out, ".b%d { fill: %s; }\n", s, p->styles[s].bg);
    }
    buf_puts(out, "</style>\n");
}

/* A rectangle per run of a style, not per cell: a smaller file, and no seams between cells. */
static void svg_backgrounds(buf *out, const grid *g, const struct theme_paint *p)
{
    buf_puts(out, "<g>\n");
    for (int y = 0; y < g->h; y++) {
        int x = 0;
        while (x < g->w) {
            int style = grid_at(g, y, x)->style, start = x;
            while (x < g->w && grid_at(g, y, x)->style == style)
                x++;
            if (p->styles[style].bg)
                buf_printf(out, "<rect class=\"b%d\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n",
                           style, start * SNAPSHOT_CELL_W, y * SNAPSHOT_CELL_H,
                           (x - start) * SNAPSHOT_CELL_W, SNAPSHOT_CELL_H);
        }
    }
    buf_puts(out, "</g>\n");
}

/* Each character at its own cell (a mark at its base's), so Chinese takes two cells in any font. */
static int svg_run(buf *xs, buf *chars, const grid *g, int y, int x, bool *ink)
{
    int style = grid_at(g, y, x)->style;
    *ink = false;
    buf_clear(xs);
    buf_clear(chars);
    for (; x < g->w && grid_at(g, y, x)->style == style; x++) {
        const grid_cell *c = grid_at(g, y, x);
        if (!c->width)
            continue;
        size_t n = strlen(c->text), i = 0;
        *ink |= !(n == 1 && c->text[0] == ' ');
        int px = x * SNAPSHOT_CELL_W + (c->width == 2 ? (2 * SNAPSHOT_CELL_W - FONT_SIZE) / 2 : 0);
        while (i < n) {
            uint32_t cp;
            size_t len = text_decode(c->text + i, n - i, &cp);
            if (!len)
                len = 1;
            buf_printf(xs, "%s%d", xs->len ? " " : "", px);
            i += len;
        }
        xml_text(chars, c->text, n);
    }
    return x;
}

/* One text element per run of a style, none for a blank run unless underlined: small files. */
static void svg_texts(buf *out, const grid *g)
{
    buf_puts(out, "<g>\n");
    buf xs, chars;
    buf_init(&xs);
    buf_init(&chars);
    for (int y = 0; y < g->h; y++) {
        int x = 0;
        while (x < g->w) {
            int style = grid_at(g, y, x)->style;
            bool ink;
            x = svg_run(&xs, &chars, g, y, x, &ink);
            if (!ink && !(style_looks[style].attrs & LOOK_UNDERLINE))
                continue;
            buf_printf(out, "<text class=\"s%d\" x=\"%s\" y=\"%d\">", style, xs.data,
                       y * SNAPSHOT_CELL_H + BASELINE);
            buf_put(out, chars.data, chars.len);
            buf_puts(out, "</text>\n");
        }
    }
    buf_free(&xs);
    buf_free(&chars);
    buf_puts(out, "</g>\n");
}

/* Shared by the .svg file and the HTML page, where it is an image in the page, not a document. */
static void render_svg_body(buf *out, const grid *g, enum snapshot_theme theme, const char *title,
                            bool standalone)
{
    const struct theme_paint *p = style_theme(theme);
    int width = g->w * SNAPSHOT_CELL_W, height = g->h * SNAPSHOT_CELL_H;
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\"%s>\n",
               width, height, width, height, standalone ? "" : " role=\"img\"");
    buf_puts(out, "<title>");
    xml_text(out, title, strlen(title));
    buf_puts(out, "</title>\n");
    svg_style(out, p);
    buf_printf(out, "<rect width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", width, height, p->page_bg);
    svg_backgrounds(out, g, p);
    svg_texts(out, g);
    buf_puts(out, "</svg>\n");
}

/* One entry for every format, so the dashboard's s and --snapshot cannot draw differently. */
void snapshot_render(buf *out, const grid *g, enum snapshot_format format,
                     enum snapshot_theme theme, const char *title)
{
    switch (format) {
    case SNAP_TXT:
        render_txt(out, g);
        break;
    case SNAP_ANS:
        render_ans(out, g);
        break;
    case SNAP_SVG:
        buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        render_svg_body(out, g, theme, title, true);
        break;
    case SNAP_HTML:
        buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                      "<title>");
        xml_text(out, title, strlen(title));
        buf_printf(out, "</title>\n<style>body { margin: 0; background: %s; }</style>\n</head>\n"
                        "<body>\n",
                   style_theme(theme)->page_bg);
        render_svg_body(out, g, theme, title, false);
        buf_puts(out, "</body>\n</html>\n");
        break;
    }
}

/* ---- writing files ---- */

/* mkstemp makes files 0600; a picture is for sharing, so it gets what the umask allows. */
static mode_t file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0644 & ~mask;
}

/* Moves tmp to path unless something is at path already. */
static int place(const char *tmp, const char *path)
{
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return errno;
    /* no RENAME_NOREPLACE here: a hard link also refuses to replace */
    if (link(tmp, path) != 0)
        return errno;
    unlink(tmp);
    return 0;
}

/* Never half a file nor a replaced one: a save that fails or races leaves the old state. */
int snapshot_write(const char *path, const char *data, size_t len)
{
    const char *slash = strrchr(path, '/');
    buf tmp;
    buf_init(&tmp);
    if (slash)
        buf_put(&tmp, path, (size_t)(slash - path + 1));
    buf_puts(&tmp, ".zjdash-snapshot-XXXXXX");
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        int e = errno;
        buf_free(&tmp);
        return e;
    }
    int e = 0;
    if (fchmod(fd, file_mode()) != 0)
        e = errno;
    for (size_t done = 0; !e && done < len;) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            e = n < 0 ? errno : EIO;
        else
            done += (size_t)n;
    }
    if (!e && fsync(fd) != 0)
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    if (!e)
        e = place(tmp.data, path);
    if (e)
        unlink(tmp.data);
    buf_free(&tmp);
    return e;
}

/* Pressing s twice must not lose the first picture, so a taken name is skipped, never reused. */
int snapshot_save_new(const char *dir, const char *stem, const char *extension, const char *data,
                      size_t len, char *saved, size_t saved_len)
{
    for (int n = 1; n < 1000; n++) {
        char suffix[16] = "";
        if (n > 1)
            snprintf(suffix, sizeof suffix, "-%d", n);
        int w = snprintf(saved, saved_len, "%s%s%s%s%s", dir && *dir ? dir : "",
                         dir && *dir && dir[strlen(dir) - 1] != '/' ? "/" : "", stem, suffix,
                         extension);
        if (w < 0 || (size_t)w >= saved_len) /* a cut name would be another file */
            return ENAMETOOLONG;
        int e = snapshot_write(saved, data, len);
        if (e != EEXIST)
            return e;
    }
    return EEXIST;
}

#include "pack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "briefing.h"
#include "buf.h"
#include "doc.h"
#include "dump.h"
#include "link.h"
#include "mem.h"
#include "options.h"
#include "snapshot.h"
#include "text.h"

bool pack_is_all(const struct pack_request *r)
{
    return r->tab && !strcmp(r->tab, "all");
}

/* What --open names, exactly one thing, or the usage error that says why not. */
static int find_target(const dataset *ds, const char *name, link_target *target)
{
    link_target found[8];
    uint32_t n = link_find(ds, name, found, 8);
    if (n != 1)
        return options_usage_error_msg(n ? MSG_CLI_PACK_OPEN_SEVERAL : MSG_CLI_PACK_OPEN_NONE, name);
    *target = found[0];
    return EXIT_OK;
}

/* --keys: each character pressed as in the dashboard, a frame after each,
 * so a picture can show a page that only a key opens (m, ?, p). */
static void press_keys(app *a, const struct picture_options *o, const char *keys)
{
    grid g;
    grid_init(&g, o->width, o->height, a->ascii);
    for (size_t i = 0, n = keys ? strlen(keys) : 0; i < n && !a->quit;) {
        uint32_t cp;
        size_t len = text_decode(keys + i, n - i, &cp);
        i += len ? len : 1;
        if (len)
            app_key(a, cp);
        app_frame(a, &g);
    }
    grid_free(&g);
}

struct pages {
    grid **grids;
    int n;
};

/* One more page: what the app shows now, as the format shows it. */
static void add_page(struct pages *p, app *a, const struct picture_options *o)
{
    p->grids = mem_realloc(p->grids, (size_t)(p->n + 1) * sizeof *p->grids);
    grid *g = mem_calloc(1, sizeof *g);
    grid_init(g, o->width, o->height, a->ascii);
    picture_page(a, o, g);
    p->grids[p->n++] = g;
}

/* Every page the request asks for: a pack is briefing.c's order (the
 * tables, the places, then each --open); otherwise the tab, or each --open
 * from its own tab (or from --tab), after --keys. */
static void draw_pages(app *a, const struct pack_request *r, const link_target *targets,
                       struct pages *out)
{
    if (pack_is_all(r)) {
        for (int i = 0, n = briefing_pack_count(a->ds, r->nopens); i < n; i++) {
            briefing_pack_page(a, i, targets, r->nopens);
            add_page(out, a, &r->picture);
        }
        return;
    }
    for (int i = 0; i < r->nopens; i++) {
        if (!r->tab)
            app_switch_tab(a, briefing_home_tab(a->ds, targets[i]));
        app_open(a, targets[i]);
        press_keys(a, &r->picture, r->keys);
        add_page(out, a, &r->picture);
        while (app_back(a))
            ;
    }
    if (r->nopens == 0) {
        press_keys(a, &r->picture, r->keys);
        add_page(out, a, &r->picture);
    }
}

/* A name for page i of n: the path itself for one file, else brief-2.png. */
static int page_path(const char *path, int i, int n, char *out, size_t len)
{
    const char *dot = strrchr(path, '.');
    int w = n == 1 ? snprintf(out, len, "%s", path)
                   : snprintf(out, len, "%.*s-%d%s", (int)(dot - path), path, i + 1, dot);
    return w < 0 || (size_t)w >= len ? ENAMETOOLONG : 0;
}

/* A file that cannot be written is named, sanitised, with why. */
static int write_error(const char *path, int e)
{
    buf safe;
    buf_init(&safe);
    text_sanitize(&safe, path, strlen(path));
    buf line;
    buf_init(&line);
    lang_printf(&line, MSG_CLI_PACK_CANNOT_SAVE, safe.data ? safe.data : "",
            e == EEXIST ? tr(MSG_CLI_PACK_EXISTS) : strerror(e));
    fputs(line.data, stderr);
    buf_free(&line);
    buf_free(&safe);
    return EXIT_OUTPUT;
}

/* Every file is checked free before any is written: a pack is whole or not
 * there at all. */
static int write_pages(const app *a, const struct pack_request *r, const struct pages *p)
{
    int files = picture_is_multipage(r->picture.format) ? 1 : p->n;
    char name[4096];
    for (int i = 0; i < files; i++) {
        int e = page_path(r->path, i, files, name, sizeof name);
        if (e || access(name, F_OK) == 0 || errno != ENOENT)
            return write_error(name, e ? e : EEXIST);
    }
    for (int i = 0; i < files; i++) {
        buf out;
        buf_init(&out);
        char why[256];
        int n = picture_is_multipage(r->picture.format) ? p->n : 1;
        if (picture_render(&out, a, (const grid *const *)p->grids + i, n, &r->picture, why,
                           sizeof why)) {
            buf_free(&out);
            buf line;
            buf_init(&line);
            lang_printf(&line, MSG_CLI_PACK_CANNOT_DRAW, why);
            fputs(line.data, stderr);
            buf_free(&line);
            return EXIT_OUTPUT;
        }
        page_path(r->path, i, files, name, sizeof name);
        int e = snapshot_write(name, out.data ? out.data : "", out.len);
        buf_free(&out);
        if (e)
            return write_error(name, e);
    }
    return EXIT_OK;
}

int pack_run(const dataset *ds, const struct pack_request *r)
{
    link_target targets[PACK_MAX_OPENS];
    for (int i = 0; i < r->nopens; i++) {
        int st = find_target(ds, r->opens[i], &targets[i]);
        if (st != EXIT_OK)
            return st;
    }
    struct app_options options = {r->ascii, pack_is_all(r) ? NULL : r->tab, r->sort, r->filter};
    app *a = app_new(ds, &options);
    struct pages pages = {NULL, 0};
    draw_pages(a, r, targets, &pages);
    int st = write_pages(a, r, &pages);
    for (int i = 0; i < pages.n; i++) {
        grid_free(pages.grids[i]);
        free(pages.grids[i]);
    }
    free(pages.grids);
    app_free(a);
    return st;
}

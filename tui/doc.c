#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "text.h"
#include "value.h"
#include "view.h"

/* A page is built for one width; the builder needs to know it to wrap. */
void doc_init(doc *d, int width, bool ascii)
{
    memset(d, 0, sizeof *d);
    d->width = width;
    d->ascii = ascii;
}

/* Pages are rebuilt on every resize and every page change. */
void doc_free(doc *d)
{
    for (long i = 0; i < d->n; i++) {
        free(d->lines[i].text);
        free(d->lines[i].aside);
    }
    free(d->lines);
    d->lines = NULL;
    d->n = 0;
    d->cap = 0;
}

/* Every line goes through here, so every line is sanitised once. */
struct line *doc_add(doc *d, const char *text, enum style style, int indent)
{
    d->lines = mem_grow(d->lines, &d->cap, (size_t)d->n + 1, sizeof *d->lines);
    struct line *l = &d->lines[d->n++];
    buf safe;
    buf_init(&safe);
    text_sanitize(&safe, text, strlen(text));
    l->text = safe.data ? buf_take(&safe) : mem_strdup("");
    l->style = style;
    l->indent = indent;
    l->opens = false;
    l->aside = NULL;
    return l;
}

/* Sections are separated by a blank line on every page. */
void doc_blank(doc *d)
{
    doc_add(d, "", ST_NORMAL, 0);
}

/* A section's title, after a blank line unless it starts the page. */
void doc_heading(doc *d, const char *text)
{
    if (d->n)
        doc_blank(d);
    doc_add(d, text, ST_HEADING, 0);
}

/* Names and records are what a reader drills down through. */
void doc_link(doc *d, const char *text, int indent, link_target target, const char *aside)
{
    struct line *l = doc_add(d, text, ST_LINK, indent);
    l->opens = true;
    l->target = target;
    if (aside && *aside) {
        buf safe;
        buf_init(&safe);
        text_sanitize(&safe, aside, strlen(aside));
        l->aside = buf_take(&safe);
    }
}

/* Quotes run longer than a screen is wide; a dump keeps them on one line. */
void doc_wrap(doc *d, const char *text, enum style style, int indent, int hang)
{
    if (d->width == DOC_UNWRAPPED) {
        doc_add(d, text, style, indent);
        return;
    }
    buf safe;
    buf_init(&safe);
    text_sanitize(&safe, text, strlen(text));
    const char *s = safe.data ? safe.data : "";
    size_t i = 0;
    do {
        int at = indent + (i ? hang : 0);
        int width = d->width - at < 8 ? 8 : d->width - at;
        size_t n = grid_line_break(s + i, safe.len - i, width);
        char *part = mem_strndup(s + i, n);
        doc_add(d, part, style, at);
        free(part);
        i += n;
    } while (i < safe.len);
    buf_free(&safe);
}

/* A page opens with its first link selected, as a table opens on its first row. */
long doc_first_link(const doc *d)
{
    for (long i = 0; i < d->n; i++)
        if (d->lines[i].opens)
            return i;
    return -1;
}

/* --dump txt --open prints the page a reader would see, without a screen. */
void doc_print(const doc *d, buf *out)
{
    for (long i = 0; i < d->n; i++) {
        const struct line *l = &d->lines[i];
        buf_repeat(out, " ", l->indent);
        buf_puts(out, l->text);
        if (l->aside)
            buf_printf(out, "  (%s)", l->aside);
        buf_putc(out, '\n');
    }
}

/* Some terminals draw · and › two cells wide: --ascii avoids them. */
const char *doc_dot(const doc *d)
{
    return d->ascii ? " - " : " · ";
}

/* The separator of a path of places. */
const char *doc_crumb(const doc *d)
{
    return d->ascii ? " > " : " › ";
}

/* The whole chain, however deep: a path cut short would drop the entity
 * itself from the end of its own path. */
uint32_t *doc_path_ids(const dataset *ds, uint32_t e, uint32_t *n)
{
    *n = link_path(ds, e, NULL, 0);
    uint32_t *path = mem_alloc((*n ? *n : 1) * sizeof *path);
    link_path(ds, e, path, *n);
    return path;
}

/* Both pages head with where the entity is, from the city down. */
void doc_path(buf *out, const dataset *ds, uint32_t e, const char *sep)
{
    uint32_t n;
    uint32_t *path = doc_path_ids(ds, e, &n);
    for (uint32_t i = 0; i < n; i++)
        buf_printf(out, "%s%s", i ? sep : "", ds_str(ds, ds->entities[path[i]].name));
    free(path);
}

/* The tables show a date as the data spells it (2023-09), which sorts; a
 * page is read, so it says the date as a reader writes it. */
void doc_figure_text(buf *out, const dataset *ds, uint32_t f)
{
    if (ds->figures[f].unit != UNIT_DATE) {
        view_figure_text(out, ds, f);
        return;
    }
    buf iso;
    buf_init(&iso);
    view_figure_text(&iso, ds, f);
    lang_date(out, iso.data ? iso.data : "");
    buf_free(&iso);
}

/* English says "1 record" and "2 records"; Chinese has one word for both. */
void doc_records(buf *out, uint32_t n)
{
    lang_printf(out, n == 1 ? MSG_COUNT_RECORD_ONE : MSG_COUNT_RECORDS, n);
}

#include "frame.h"

#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "screens.h"
#include "text.h"

/* The report's title, and at the right where and when it was published. */
static void draw_header(const app *a, grid *g)
{
    const dataset *ds = a->ds;
    grid_blank(g, 0, 0, g->w, ST_TITLE);
    buf source;
    buf_init(&source);
    buf_printf(&source, "%s %s ", ds_str(ds, ds->meta.publisher), grid_glyph(g, "·", "-"));
    const char *published = ds_str(ds, ds->meta.published);
    buf_put(&source, published, strlen(published) > 10 ? 10 : strlen(published));
    int sw = text_width(source.data, source.len);
    int room = g->w - 2;
    if (sw + 12 <= room) {
        app_put(g, 0, g->w - sw - 1, sw, source.data, ST_TITLE);
        room -= sw + 2;
    }
    app_put(g, 0, 1, room, ds_str(ds, ds->meta.title), ST_TITLE);
    buf_free(&source);
}

/* A tab's label: its number is the key that goes there. */
static void tab_label(const app *a, uint32_t t, buf *out)
{
    const dataset *ds = a->ds;
    buf_clear(out);
    if (t < ds->nthemes)
        buf_printf(out, " %u %s ", t + 1, ds_str(ds, ds->themes[t].title));
    else
        buf_printf(out, " %u %s ", t + 1, tr(MSG_FRAME_TAB_PLACES));
}

/* Drawn and clicked alike: each label, then a one-cell bar between them. */
static void draw_tabs(const app *a, grid *g, int y)
{
    grid_blank(g, y, 0, g->w, ST_TAB);
    int x = 0;
    buf label;
    buf_init(&label);
    for (uint32_t t = 0; t <= a->ds->nthemes && x < g->w; t++) {
        tab_label(a, t, &label);
        x += app_put(g, y, x, g->w - x, label.data, t == a->tab ? ST_TAB_CURRENT : ST_TAB);
        if (x < g->w && t < a->ds->nthemes)
            x += app_put(g, y, x, 1, grid_glyph(g, "│", "|"), ST_TAB);
    }
    buf_free(&label);
}

/* A click on the tabs' line: which tab's label is under column x, or -1. */
int frame_tab_at(const app *a, int x)
{
    buf label;
    buf_init(&label);
    int left = 0, found = -1;
    for (uint32_t t = 0; t <= a->ds->nthemes && found < 0; t++) {
        tab_label(a, t, &label);
        int right = left + text_width(label.data, label.len);
        if (x >= left && x < right)
            found = (int)t;
        left = right + 1;
    }
    buf_free(&label);
    return found;
}

/* A hint is its keys and its word, as the status line shows them. */
static int hint_width(const struct keydef *d)
{
    char name[8];
    const char *keys = d->hint_keys ? d->hint_keys : keymap_key_name(d->keys[0], name);
    const char *hint = keymap_words(d->hint);
    return text_width(keys, strlen(keys)) + 1 + text_width(hint, strlen(hint)) + 2;
}

/* The rows of the keys the screen names, with their hints. */
static int collect_hints(const struct screen *s, const struct keydef **out, int max)
{
    int n = 0;
    for (const uint32_t *k = s->hints; *k && n < max; k++) {
        const struct keydef *d = keymap_find(s->keys, *k);
        if (!d)
            d = keymap_find(&global_keys, *k);
        if (d && d->hint)
            out[n++] = d;
    }
    return n;
}

/* The news first, then the state (a search's "match 2 of 5" does not hide
 * the row it landed on); at the right, as many of the keys as fit. */
/* A message wider than the status line starts on the lines above it (at
 * most MESSAGE_LINES in all), over the screen's last rows until the next
 * key: a located error or a path cut in half says nothing. Fills the bytes
 * each line above takes; returns how many lines there are above. */
#define MESSAGE_LINES 3
static int message_above(const app *a, const grid *g, size_t lens[MESSAGE_LINES - 1])
{
    const char *m = a->message;
    size_t n = strlen(m);
    int lines = 0;
    while (lines < MESSAGE_LINES - 1 && text_width(m, n) > g->w - 2) {
        size_t take = grid_line_break(m, n, g->w - 2);
        lens[lines++] = take;
        m += take;
        n -= take;
        size_t space = n && *m == ' '; /* the break's space ends the line above */
        lens[lines - 1] += space;
        m += space;
        n -= space;
    }
    return lines;
}

void frame_draw_message_above(const app *a, grid *g)
{
    size_t lens[MESSAGE_LINES - 1];
    int lines = message_above(a, g, lens);
    const char *m = a->message;
    for (int i = 0; i < lines; i++) {
        int y = g->h - 1 - lines + i;
        grid_blank(g, y, 0, g->w, ST_STATUS);
        grid_text(g, y, 1, g->w - 2, m, lens[i], ST_ERROR, TEXT_NO_PAD);
        m += lens[i];
    }
}

static void draw_status(const app *a, grid *g, const struct screen *s)
{
    int y = g->h - 1;
    grid_blank(g, y, 0, g->w, ST_STATUS);
    int x = 1;
    size_t lens[MESSAGE_LINES - 1];
    const char *rest = a->message;
    for (int i = 0, lines = message_above(a, g, lens); i < lines; i++)
        rest += lens[i];
    if (*rest)
        x += app_put(g, y, x, g->w - x, rest, ST_ERROR) + 2;
    else if (a->rereading) /* a big file takes seconds, and keys clear the message */
        x += app_put(g, y, x, g->w - x, tr(MSG_MSG_REREADING), ST_ERROR) + 2;
    buf left;
    buf_init(&left);
    s->status(a, &left);
    if (x < g->w)
        x += app_put(g, y, x, g->w - x, left.data ? left.data : "", ST_STATUS);
    buf_free(&left);
    x += 2;
    const struct keydef *hints[16];
    int n = collect_hints(s, hints, 16), shown = 0, widths = 0;
    for (; shown < n && x + widths + hint_width(hints[shown]) <= g->w; shown++)
        widths += hint_width(hints[shown]);
    int k = g->w - widths;
    char name[8];
    for (int i = 0; i < shown; i++) {
        const struct keydef *d = hints[i];
        k += app_put(g, y, k, g->w - k, d->hint_keys ? d->hint_keys : keymap_key_name(d->keys[0], name),
                     ST_STATUS_KEY);
        k += 1;
        k += app_put(g, y, k, g->w - k, keymap_words(d->hint), ST_STATUS);
        k += 2;
    }
}

/* Tables and places say their sort alike; the mark where a word would be
 * longer, the word where it reads better (按…降序). */
void frame_status_sort(buf *out, const char *label, bool descending, bool ascii)
{
    enum msg way = descending ? (ascii ? MSG_STATUS_SORT_DOWN_ASCII : MSG_STATUS_SORT_DOWN)
                              : (ascii ? MSG_STATUS_SORT_UP_ASCII : MSG_STATUS_SORT_UP);
    lang_printf(out, MSG_STATUS_SORT, label, tr(way));
}

/* Header, tabs, the screen's heading and the status line. */
void frame_draw(const app *a, grid *g, const struct screen *s)
{
    draw_header(a, g);
    draw_tabs(a, g, FRAME_TABS_Y);
    grid_blank(g, 2, 0, g->w, ST_HEADING);
    buf line;
    buf_init(&line);
    s->heading(a, g, &line);
    app_put(g, 2, 1, g->w - 2, line.data ? line.data : "", ST_HEADING);
    buf_free(&line);
    draw_status(a, g, s);
}

/* The width of a NUL-terminated string, in cells. */
static int width_of(const char *s)
{
    return text_width(s, strlen(s));
}

/* "first › … › tail" (without first: "… › tail") into out, if it fits. */
static bool crumbs_try(buf *out, const char *first, size_t first_len, const char *tail,
                       const char *sep, const char *mark, int width)
{
    buf b;
    buf_init(&b);
    if (first)
        buf_printf(&b, "%.*s%s", (int)first_len, first, sep);
    buf_printf(&b, "%s%s%s", mark, sep, tail);
    bool fits = width_of(b.data) <= width;
    if (fits)
        buf_puts(out, b.data);
    buf_free(&b);
    return fits;
}

/* The path of pages, cut in the middle when it does not fit: the page shown
 * is named at the end, and the tab at the start while there is room. */
void frame_crumbs(const app *a, int width, buf *out)
{
    buf path;
    buf_init(&path);
    app_crumbs(a, &path);
    const char *sep = a->ascii ? " > " : " › ", *mark = a->ascii ? "~" : "…";
    const char *all = path.data ? path.data : "", *first_end = strstr(all, sep), *last = all;
    size_t sl = strlen(sep);
    bool done = width_of(all) <= width;
    if (done)
        buf_puts(out, all);
    /* names after the tab go first, the fewest that make it fit; then the tab */
    for (int keep = 1; keep >= 0 && !done && first_end; keep--)
        for (const char *s = keep ? strstr(first_end + sl, sep) : first_end; s && !done;
             s = strstr(s + sl, sep))
            done = crumbs_try(out, keep ? all : NULL, (size_t)(first_end - all), s + sl, sep, mark,
                              width);
    if (!done) { /* the page's own name is wider than the line: its start */
        for (const char *s = first_end; s; s = strstr(s + sl, sep))
            last = s + sl;
        text_fit(out, last, strlen(last), width, TEXT_NO_PAD | (a->ascii ? TEXT_ASCII : 0));
    }
    buf_free(&path);
}

/* The longest wording that fits says the most a small terminal can; its
 * lines are centred, as a notice in an empty screen is read. */
static void show_wording(grid *g, const char *const wordings[][3], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int lines = 0, fits = 1;
        for (; lines < 2 && wordings[i][lines]; lines++)
            fits &= width_of(wordings[i][lines]) <= g->w;
        if (!fits || lines > g->h)
            continue;
        for (int k = 0; k < lines; k++) {
            int w = width_of(wordings[i][k]);
            grid_puts(g, (g->h - lines) / 2 + k, (g->w - w) / 2, w, wordings[i][k], ST_ERROR,
                      TEXT_NO_PAD);
        }
        return;
    }
}

/* A frame that does not fit would be worse than none. The notice fits the
 * terminal it is shown in, however small: the longest wording that fits, on
 * two lines where there are two, never cut. */
void frame_too_small(grid *g)
{
    grid_clear(g, ST_NORMAL);
    const char *x = grid_glyph(g, "×", "x");
    buf need, have, full, two, bare;
    buf_init(&need);
    buf_init(&have);
    buf_init(&full);
    buf_init(&two);
    buf_init(&bare);
    lang_printf(&need, MSG_FRAME_NEED, APP_MIN_WIDTH, x, APP_MIN_HEIGHT);
    lang_printf(&have, MSG_FRAME_HAVE, g->w, x, g->h);
    lang_printf(&full, MSG_FRAME_TOO_SMALL, need.data, have.data);
    lang_printf(&two, MSG_FRAME_SIZES, need.data, have.data);
    buf_printf(&bare, "%d%s%d", APP_MIN_WIDTH, x, APP_MIN_HEIGHT);
    /* the lines of each wording, longest first; NULL ends a wording */
    const char *const wordings[][3] = {
        {full.data, NULL, NULL},
        {tr(MSG_FRAME_TOO_SMALL_HEAD), two.data, NULL},
        {tr(MSG_FRAME_TOO_SMALL_WORD), need.data, NULL},
        {tr(MSG_FRAME_SMALL_HEAD), need.data, NULL},
        {tr(MSG_FRAME_SMALL_WORD), NULL, NULL},
        {bare.data, NULL, NULL}, /* 60×16 */
        {tr(MSG_FRAME_SMALL), NULL, NULL},
        {"!", NULL, NULL},
    };
    show_wording(g, wordings, sizeof wordings / sizeof wordings[0]);
    buf_free(&need);
    buf_free(&have);
    buf_free(&full);
    buf_free(&two);
    buf_free(&bare);
}

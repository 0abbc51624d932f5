/* The help page: every keymap, row by row, so the help says exactly what the
 * keys do; then the few things that are not keys. */
#include <string.h>

#include "lang.h"
#include "screens.h"
#include "text.h"

#define HELP_KEYS_WIDTH 26

/* A section per keymap, in the order of app_keymaps. */
static void add_keymap(doc *d, const struct keymap *m)
{
    doc_heading(d, keymap_words(m->title));
    buf line, keys;
    buf_init(&line);
    buf_init(&keys);
    for (const struct keydef *k = m->defs; k->keys[0]; k++) {
        buf_clear(&keys);
        keymap_keys_text(&keys, k);
        buf_clear(&line);
        text_fit(&line, keys.data, keys.len, HELP_KEYS_WIDTH, 0);
        buf_puts(&line, keymap_words(k->help));
        doc_wrap(d, line.data, ST_NORMAL, 2, HELP_KEYS_WIDTH);
    }
    buf_free(&line);
    buf_free(&keys);
}

/* The lines are the same whatever page help was opened over. */
static void build(const app *a, const struct page *p, doc *d)
{
    (void)a;
    (void)p;
    for (const struct keymap *const *m = app_keymaps; *m; m++)
        add_keymap(d, *m);
    doc_blank(d);
    doc_wrap(d, tr(MSG_HELP_SEARCH_NOTE), ST_DIM, 2, 0);
    doc_wrap(d, tr(MSG_HELP_ENVIRONMENT_NOTE), ST_DIM, 2, 0);
}

/* Help is a page like any other on the path. */
static void crumb(const app *a, const struct page *p, buf *out)
{
    (void)a;
    (void)p;
    buf_puts(out, tr(MSG_HELP_CRUMB));
}

/* Help is longer than most screens: which lines show, and that more follow. */
static void status(const app *a, buf *out)
{
    long n = a->doc.n, top = app_top(a)->top, last = top + a->layout.rows;
    last = last < n ? last : n;
    lang_printf(out, MSG_HELP_LINES, n ? top + 1 : 0, last, n);
    if (last < n)
        buf_puts(out, tr(a->ascii ? MSG_HELP_MORE_BELOW_ASCII : MSG_HELP_MORE_BELOW));
}

const struct screen help_screen = PAGE_SCREEN(build, status, crumb);

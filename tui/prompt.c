/* The prompt on the status line: / searches as you type on any screen, f
 * filters a table as you type. Enter keeps what it found, Esc goes back to
 * exactly what was there before. */
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "mem.h"
#include "screens.h"
#include "text.h"
#include "view.h"

/* The table the filter works on: only tables have one. */
static view *filtered_view(app *a)
{
    return a->tabs[a->tab].view;
}

/* A filter keeps the selected record selected when it is still shown. */
static void apply_filter(app *a, const char *text)
{
    struct tab *t = &a->tabs[a->tab];
    uint32_t rec = t->view->nrows ? t->view->rows[t->cursor] : NONE;
    view_filter(t->view, text);
    t->cursor = 0;
    for (uint32_t i = 0; rec != NONE && i < t->view->nrows; i++)
        if (t->view->rows[i] == rec) {
            t->cursor = i;
            break;
        }
}

/* Opening remembers where things were, so Esc can put them back. */
void prompt_start(app *a, enum prompt_kind kind)
{
    struct prompt *p = &a->prompt;
    p->kind = kind;
    buf_clear(&p->input);
    p->from = app_screen(a)->get_cursor(a);
    free(p->saved);
    p->saved = NULL;
    if (kind == PROMPT_FILTER && filtered_view(a)->filter) {
        p->saved = mem_strdup(filtered_view(a)->filter);
        buf_puts(&p->input, p->saved);
    }
    a->message[0] = 0;
}

/* As you type: a search starts again from where it began, a filter refilters;
 * with keys already waiting, only the last of them does. */
static void changed(app *a)
{
    a->prompt_stale = a->typing_ahead;
    if (a->prompt_stale)
        return;
    const char *text = a->prompt.input.data ? a->prompt.input.data : "";
    if (a->prompt.kind == PROMPT_FILTER) {
        apply_filter(a, text);
        return;
    }
    app_screen(a)->set_cursor(a, a->prompt.from);
    a->message[0] = 0;
    if (*text)
        app_search(a, text, a->prompt.from - 1, 1, true);
}

void prompt_settle(app *a)
{
    if (a->prompt_stale && a->prompt.kind != PROMPT_NONE) {
        a->typing_ahead = false;
        changed(a);
    }
    a->prompt_stale = false;
}

/* Enter: keep what was found, and let n and N repeat the search. */
static void keep(app *a, uint32_t key)
{
    (void)key;
    prompt_settle(a); /* Enter typed ahead keeps what all the text finds */
    if (a->prompt.kind == PROMPT_SEARCH && a->prompt.input.len) {
        free(a->last_search);
        a->last_search = mem_strdup(a->prompt.input.data);
    }
    a->prompt.kind = PROMPT_NONE;
}

/* Esc: as if the prompt had never opened. */
static void undo(app *a, uint32_t key)
{
    (void)key;
    a->prompt_stale = false;
    if (a->prompt.kind == PROMPT_SEARCH)
        app_screen(a)->set_cursor(a, a->prompt.from);
    else
        apply_filter(a, a->prompt.saved);
    a->prompt.kind = PROMPT_NONE;
    a->message[0] = 0;
}

/* Backspace takes a character, not a byte of one. */
static void erase(app *a, uint32_t key)
{
    (void)key;
    buf *in = &a->prompt.input;
    size_t n = in->len;
    while (n > 0 && ((unsigned char)in->data[n - 1] & 0xC0) == 0x80)
        n--;
    in->len = n ? n - 1 : 0;
    if (in->data)
        in->data[in->len] = 0;
    changed(a);
}

/* Ctrl-U, as in a shell: start the text again. */
static void erase_all(app *a, uint32_t key)
{
    (void)key;
    buf_clear(&a->prompt.input);
    changed(a);
}

/* Only printable text goes into the prompt: it is echoed on the screen. */
void prompt_type(app *a, uint32_t key)
{
    if (key < 0x20 || key == 0x7F || key >= 0x110000 || (key >= 0x80 && key < 0xA0) ||
        text_class_of(key) == TEXT_UNSAFE || a->prompt.input.len > 200)
        return;
    char u[4];
    buf_put(&a->prompt.input, u, text_encode(key, u));
    changed(a);
}

static const struct keydef prompt_defs[] = {
    {{K_ENTER}, keep, "key.prompt.keep", NULL, NULL},
    {{K_ESC, K_CTRL_C}, undo, "key.prompt.undo", NULL, NULL},
    {{K_BACKSPACE}, erase, "key.prompt.erase", NULL, NULL},
    {{K_CTRL_U}, erase_all, "key.prompt.erase_all", NULL, NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const struct keymap prompt_keys = {"key.prompt.title", prompt_defs};

/* The end of long text stays in sight, as in a shell. */
static const char *visible_end(const char *text, int room)
{
    int w = text_width(text, strlen(text));
    while (w > room && *text) {
        uint32_t cp;
        size_t len = text_decode(text, strlen(text), &cp);
        if (!len)
            len = 1;
        w -= text_width(text, len);
        text += len;
    }
    return text;
}

/* The prompt takes the status line while it is open. */
int prompt_draw(const app *a, grid *g)
{
    int y = g->h - 1;
    bool search = a->prompt.kind == PROMPT_SEARCH;
    grid_blank(g, y, 0, g->w, ST_PROMPT);
    int x = app_put(g, y, 0, g->w, search ? "/" : tr(MSG_PROMPT_FILTER), ST_PROMPT);
    int room = g->w - x - 1;
    x += app_put(g, y, x, room, visible_end(a->prompt.input.data ? a->prompt.input.data : "", room),
                 ST_PROMPT);
    buf hint;
    buf_init(&hint);
    buf_printf(&hint, "Enter %s  Esc %s", tr(MSG_PROMPT_KEEP),
               tr(search ? MSG_PROMPT_BACK : MSG_PROMPT_UNDO));
    int hw = text_width(hint.data, hint.len);
    if (x + hw + 3 < g->w)
        app_put(g, y, g->w - hw - 1, hw, hint.data, ST_DIM);
    if (a->message[0] && x + 2 + text_width(a->message, strlen(a->message)) + hw + 4 < g->w)
        app_put(g, y, x + 2, g->w - x - hw - 4, a->message, ST_ERROR);
    buf_free(&hint);
    return x;
}

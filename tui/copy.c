#include "copy.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "doc.h"
#include "lang.h"
#include "picture.h"
#include "text.h"
#include "view.h"

void copy_selection(app *a, bool whole_row)
{
    const view *v = a->tabs[a->tab].view;
    buf_clear(&a->copy);
    a->want_copy = false;
    if (!v->nrows) {
        app_say_msg(a, MSG_MSG_COPY_NOTHING);
        return;
    }
    uint32_t rec = v->rows[a->tabs[a->tab].cursor];
    const theme *t = &a->ds->themes[v->theme];
    buf cell;
    buf_init(&cell);
    for (uint32_t c = 0; c < (whole_row ? t->ncolumns : 1); c++) {
        buf_clear(&cell);
        view_cell_text(&cell, a->ds, rec, c);
        if (c)
            buf_putc(&a->copy, '\t');
        /* as shown: what the clipboard gets is what the eye saw */
        text_sanitize(&a->copy, cell.data ? cell.data : "", cell.len);
    }
    buf_free(&cell);
    buf_puts(&a->copy, "");
    a->copy_what = whole_row ? MSG_MSG_COPY_ROW : MSG_MSG_COPY_CELL;
    a->want_copy = true;
}

void copy_page(app *a, bool whole)
{
    const struct page *p = app_top(a);
    buf_clear(&a->copy);
    a->want_copy = false;
    if (!whole) {
        if (p->cursor < 0 || p->cursor >= a->doc.n) {
            app_say_msg(a, MSG_MSG_COPY_NOTHING);
            return;
        }
        buf_puts(&a->copy, a->doc.lines[p->cursor].text); /* sanitised when the page was made */
        a->copy_what = MSG_MSG_COPY_LINE;
    } else if (p->kind == PAGE_RECORD) {
        const char *quote = ds_str(a->ds, a->ds->records[p->target.index].quote);
        text_sanitize(&a->copy, quote, strlen(quote));
        a->copy_what = MSG_MSG_COPY_QUOTE;
    } else {
        /* unwrapped: a paragraph pasted into a document is one line, not
         * broken where the terminal happened to end */
        doc whole_page;
        doc_init(&whole_page, DOC_UNWRAPPED, a->ascii);
        app_screen(a)->build(a, p, &whole_page);
        doc_print(&whole_page, &a->copy);
        doc_free(&whole_page);
        a->copy_what = MSG_MSG_COPY_PAGE;
    }
    buf_puts(&a->copy, "");
    a->want_copy = true;
}

void copy_osc52(buf *out, const char *text, size_t len)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    buf_puts(out, "\033]52;c;");
    const unsigned char *u = (const unsigned char *)text;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)u[i] << 16 | (i + 1 < len ? (unsigned)u[i + 1] << 8 : 0) |
                     (i + 2 < len ? u[i + 2] : 0);
        buf_putc(out, digits[v >> 18 & 63]);
        buf_putc(out, digits[v >> 12 & 63]);
        buf_putc(out, i + 1 < len ? digits[v >> 6 & 63] : '=');
        buf_putc(out, i + 2 < len ? digits[v & 63] : '=');
    }
    buf_putc(out, '\a');
}

/* Where y and Y's text goes, and so what the status line says of it. */
static enum msg destination(const char *term, size_t len)
{
    const char *to_file = getenv("ZJDASH_COPY_TO_FILE");
    /* the environment wins: 0 there undoes copy = file in the file */
    if (to_file && *to_file ? strcmp(to_file, "0") != 0 : config_in_use()->copy_to_file)
        return MSG_MSG_COPIED_TO_FILE_ASKED;
    static const char *const without[] = {"linux", "vt100", "vt102", "vt220", "dumb", "cons25", NULL};
    for (const char *const *t = without; term && *t; t++)
        if (!strcmp(term, *t))
            return MSG_MSG_COPIED_TO_FILE;
    /* PuTTY takes no OSC 52; with its own terminfo (putty, putty-256color)
     * it says who it is (as xterm it cannot be told: copy = file) */
    if (!term || !*term || !strncmp(term, "putty", 5))
        return MSG_MSG_COPIED_TO_FILE;
    return len > COPY_MAX_BYTES ? MSG_MSG_COPIED_TO_FILE_BIG : MSG_MSG_COPIED;
}

void copy_deliver(app *a, const char *term, buf *to_terminal)
{
    if (!a->want_copy)
        return;
    a->want_copy = false;
    const char *what = tr(a->copy_what);
    enum msg said = destination(term, a->copy.len);
    if (said == MSG_MSG_COPIED) {
        copy_osc52(to_terminal, a->copy.data, a->copy.len);
        app_say_msg(a, MSG_MSG_COPIED, what, a->copy.len);
        return;
    }
    char saved[PICTURE_PATH_MAX];
    if (picture_store(a, "copy", ".txt", a->copy.data, a->copy.len, MSG_MSG_CANNOT_SAVE, saved, sizeof saved))
        app_say_msg(a, said, what, saved);
}

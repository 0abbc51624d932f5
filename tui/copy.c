#include "copy.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
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
    a->copy_row = whole_row;
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

bool copy_wants_file(const char *term)
{
    const char *to_file = getenv("ZJDASH_COPY_TO_FILE");
    if (to_file && *to_file && strcmp(to_file, "0"))
        return true;
    /* the environment wins: 0 there undoes copy = file in the file */
    if ((!to_file || !*to_file) && config_in_use()->copy_to_file)
        return true;
    static const char *const without[] = {"linux", "vt100", "vt102", "vt220", "dumb", "cons25", NULL};
    for (const char *const *t = without; term && *t; t++)
        if (!strcmp(term, *t))
            return true;
    return !term || !*term;
}

void copy_deliver(app *a, const char *term, buf *to_terminal)
{
    if (!a->want_copy)
        return;
    a->want_copy = false;
    const char *what = tr(a->copy_row ? MSG_MSG_COPY_ROW : MSG_MSG_COPY_CELL);
    if (!copy_wants_file(term) && a->copy.len <= COPY_MAX_BYTES) {
        copy_osc52(to_terminal, a->copy.data, a->copy.len);
        app_say_msg(a, MSG_MSG_COPIED, what, a->copy.len);
        return;
    }
    char saved[PICTURE_PATH_MAX];
    if (picture_store(a, "copy", ".txt", a->copy.data, a->copy.len, MSG_MSG_CANNOT_SAVE, saved, sizeof saved))
        app_say_msg(a, MSG_MSG_COPIED_TO_FILE, what, saved);
}

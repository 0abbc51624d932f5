#include "keymap.h"

#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "text.h"

const char *keymap_words(const char *key)
{
    const char *words = key ? tr_key(key) : NULL;
    return words ? words : key ? key : "";
}

/* Linear: a table has a dozen rows, and a key is pressed by a person. */
const struct keydef *keymap_find(const struct keymap *m, uint32_t key)
{
    for (const struct keydef *d = m->defs; d->keys[0]; d++)
        for (int i = 0; i < KEYMAP_KEYS && d->keys[i]; i++)
            if (d->keys[i] == key)
                return d;
    return NULL;
}

/* The docs and the help must spell a key the same way, so there is one
 * spelling, and the tests compare the docs against it. */
const char *keymap_key_name(uint32_t key, char out[8])
{
    static const char *const names[] = {
        [K_UP - K_UP] = "Up",         [K_DOWN - K_UP] = "Down",      [K_LEFT - K_UP] = "Left",
        [K_RIGHT - K_UP] = "Right",   [K_PGUP - K_UP] = "PgUp",      [K_PGDN - K_UP] = "PgDn",
        [K_HOME - K_UP] = "Home",     [K_END - K_UP] = "End",        [K_ENTER - K_UP] = "Enter",
        [K_ESC - K_UP] = "Esc",       [K_BACKSPACE - K_UP] = "Backspace",
        [K_TAB - K_UP] = "Tab",       [K_BACKTAB - K_UP] = "Shift-Tab",
        [K_CTRL_C - K_UP] = "Ctrl-C", [K_CTRL_U - K_UP] = "Ctrl-U",    [K_CTRL_L - K_UP] = "Ctrl-L",
        [K_INSERT - K_UP] = "Insert", [K_DELETE - K_UP] = "Delete",
    };
    if (key >= K_F1 && key <= K_F12) {
        snprintf(out, 8, "F%u", (unsigned)(key - K_F1 + 1));
        return out;
    }
    if (key >= K_UP && key - K_UP < sizeof names / sizeof names[0])
        return names[key - K_UP];
    size_t n = key < 0x110000 ? text_encode(key, out) : 0;
    out[n] = 0;
    return out;
}

/* A run of digits: the help says 1-9 rather than nine names. */
static int digit_run(const struct keydef *d, int from)
{
    int to = from;
    while (to + 1 < KEYMAP_KEYS && d->keys[to + 1] == d->keys[to] + 1 && d->keys[to + 1] >= '0' &&
           d->keys[to + 1] <= '9')
        to++;
    return to;
}

/* The help and --help show a row's keys the same way. */
void keymap_keys_text(buf *out, const struct keydef *d)
{
    char name[8];
    for (int i = 0; i < KEYMAP_KEYS && d->keys[i]; i++) {
        if (i)
            buf_puts(out, "  ");
        buf_puts(out, keymap_key_name(d->keys[i], name));
        if (d->keys[i] >= '0' && d->keys[i] <= '9') {
            int to = digit_run(d, i);
            if (to > i + 1) {
                buf_printf(out, "-%s", keymap_key_name(d->keys[to], name));
                i = to;
            }
        }
    }
}

/* --help lists the keys from the same rows as the help screen. */
void keymap_describe(buf *out, const struct keymap *const *maps, int key_width)
{
    buf keys;
    buf_init(&keys);
    for (; *maps; maps++) {
        buf_printf(out, "  %s%s\n", keymap_words((*maps)->title), tr(MSG_CLI_HELP_KEYMAP_COLON));
        for (const struct keydef *d = (*maps)->defs; d->keys[0]; d++) {
            buf_clear(&keys);
            keymap_keys_text(&keys, d);
            int w = text_width(keys.data, keys.len);
            buf_printf(out, "    %s", keys.data);
            if (w >= key_width) {
                buf_putc(out, '\n');
                w = -4;
            }
            buf_repeat(out, " ", key_width - w);
            buf_printf(out, "%s\n", keymap_words(d->help));
        }
    }
    buf_free(&keys);
}

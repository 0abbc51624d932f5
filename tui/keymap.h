/* Keys as tables: a row names its keys, the action they run and the words
 * that the help screen, the status line, --help and the docs show for them.
 * Each screen has one table; the dispatch, the help and the hints all read
 * the same rows, so no description of a key can drift from what it does. */
#ifndef ZJDASH_KEYMAP_H
#define ZJDASH_KEYMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

/* Keys that are not characters; characters are their code points. */
enum key {
    K_UP = 0x110000,
    K_DOWN,
    K_LEFT,
    K_RIGHT,
    K_PGUP,
    K_PGDN,
    K_HOME,
    K_END,
    K_ENTER,
    K_ESC,
    K_BACKSPACE,
    K_TAB,
    K_BACKTAB,
    K_CTRL_C,
    K_CTRL_U,
    K_CTRL_L,
    K_INSERT,
    K_DELETE,
    K_F1, /* .. K_F12 in order */
    K_F10 = K_F1 + 9,
    K_F12 = K_F1 + 11,
};

struct app;
/* key is the key pressed, for rows that serve several (1-9). */
typedef void key_action(struct app *a, uint32_t key);

#define KEYMAP_KEYS 10

/* help, hint and title are keys of the catalogues (tui/lang.h), so the
 * help, the status line and --help say them in the language chosen;
 * keymap_words gives the words. */
struct keydef {
    uint32_t keys[KEYMAP_KEYS]; /* ends at the first 0 */
    key_action *action;
    const char *help;           /* a line of the help screen and of --help */
    const char *hint;           /* the status line's word for it, or NULL */
    const char *hint_keys;      /* how the status line names the keys; NULL: the first */
};

struct keymap {
    const char *title;          /* the help screen's heading: "On a table" */
    const struct keydef *defs;  /* ends with a row whose keys[0] is 0 */
};

/* The words of a help, hint or title key in the language set (the key
 * itself, until the catalogue has it: test_lang fails then). */
const char *keymap_words(const char *key);

/* The row of a table that key runs, or NULL. */
const struct keydef *keymap_find(const struct keymap *m, uint32_t key);
/* How the docs name a key: "Up", "PgDn", "Shift-Tab", "Ctrl-C", "F10", "q". */
const char *keymap_key_name(uint32_t key, char out[8]);
/* A row's keys as the help shows them: "Up  Down  j  k"; a run of digits as
 * "1-9". */
void keymap_keys_text(buf *out, const struct keydef *d);
/* Appends every table as text, a heading and a line per row, for --help. */
void keymap_describe(buf *out, const struct keymap *const *maps, int key_width);

#endif

#include "input_check.h"

#include <stdbool.h>
#include <string.h>

#include "input.h"
#include "keymap.h"

/* Far more than any bytes can give: each event takes at least one byte. */
#define MAX_EVENTS 4096

struct events {
    struct input_event ev[MAX_EVENTS];
    size_t n;
};

/* Only what input.h says an event can be: a key the app has a name for or a
 * character it can type, or a click on a cell. */
static void check_event(const struct input_event *e, void (*check_failed)(const char *))
{
    switch (e->kind) {
    case INPUT_KEY:
        if (e->key >= K_UP ? e->key > K_F12
                           : e->key < 0x20 || (e->key >= 0x7f && e->key < 0xa0) ||
                                 (e->key >= 0xd800 && e->key < 0xe000))
            check_failed("a key that is neither a key of enum key nor a character one can type");
        break;
    case INPUT_MOUSE:
        if (e->mouse.x < 0 || e->mouse.y < 0 || e->mouse.count != 1 ||
            (unsigned)e->mouse.action > MOUSE_OTHER)
            check_failed("a mouse event off the screen, or of no action");
        break;
    case INPUT_UNKNOWN:
        break;
    default:
        check_failed("an event that is neither a key, a mouse event nor an unknown sequence");
    }
}

/* Every event that is complete, while more may come (the terminal has not
 * gone quiet yet) or not. */
static void drain(input *in, bool more, struct events *out, void (*check_failed)(const char *))
{
    for (;;) {
        struct input_event e = input_next(in, more);
        if (e.kind == INPUT_NONE)
            return;
        check_event(&e, check_failed);
        if (out->n == MAX_EVENTS)
            check_failed("more events than bytes: the decoder gives events without taking bytes");
        out->ev[out->n++] = e;
    }
}

#define WHOLE UINT32_MAX

static uint32_t next_cut(uint32_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    return *state;
}

/* The bytes as reads of the sizes cut says (WHOLE: all that fits; 0: one
 * byte each; else sizes made from it), the decoder asked after each read,
 * as tui/terminal.c does, then once more when the terminal has gone quiet. */
static void decode(const uint8_t *bytes, size_t n, bool mouse, uint32_t cut, struct events *out,
                   void (*check_failed)(const char *))
{
    input in;
    input_init(&in, mouse);
    out->n = 0;
    uint32_t state = cut * 2654435761u + 1u;
    size_t fed = 0;
    while (fed < n) {
        size_t want = n - fed;
        if (cut == 0) {
            want = 1;
        } else if (cut != WHOLE) {
            /* mostly short reads, now and then a long one */
            uint32_t r = next_cut(&state);
            size_t size = r % 8 == 0 ? 1 + r / 8 % 96 : 1 + r / 8 % (cut % 7 + 1);
            want = size < want ? size : want;
        }
        size_t took = input_feed(&in, bytes + fed, want);
        fed += took;
        drain(&in, true, out, check_failed);
        /* tui/terminal.c reads no more than there is room for: with the room
         * all taken by something the decoder still waits to finish, it would
         * read nothing, take that for a terminal gone, and quit */
        if (in.len == INPUT_PENDING_MAX)
            check_failed("the decoder waits for the end of a sequence with no room left for it");
    }
    drain(&in, false, out, check_failed);
    if (input_waiting(&in))
        check_failed("bytes left waiting once the terminal has gone quiet");
}

static bool same(const struct input_event *a, const struct input_event *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == INPUT_KEY)
        return a->key == b->key;
    if (a->kind == INPUT_MOUSE)
        return a->mouse.action == b->mouse.action && a->mouse.x == b->mouse.x &&
               a->mouse.y == b->mouse.y && a->mouse.count == b->mouse.count;
    return true;
}

void input_check(const uint8_t *data, size_t size, void (*check_failed)(const char *why))
{
    if (size == 0)
        return;
    static struct events whole, cut;
    bool mouse = data[0] & 1;
    decode(data + 1, size - 1, mouse, WHOLE, &whole, check_failed);
    decode(data + 1, size - 1, mouse, data[0] >> 1, &cut, check_failed);
    /* The decoder waits for the rest of whatever is unfinished while more may
     * come, so where the reads end must change nothing: only a pause (the
     * terminal gone quiet) may end a sequence early. Unknown sequences count
     * for nothing here (the app ignores them), but no part of one may come
     * out as a key. */
    size_t keys_whole = 0, keys_cut = 0;
    for (size_t i = 0; i < whole.n; i++)
        keys_whole += whole.ev[i].kind != INPUT_UNKNOWN;
    for (size_t i = 0; i < cut.n; i++)
        keys_cut += cut.ev[i].kind != INPUT_UNKNOWN;
    if (keys_whole != keys_cut)
        check_failed("cut into other reads, the same bytes give another number of keys and clicks");
    for (size_t i = 0, j = 0; i < whole.n; i++, j++) {
        while (i < whole.n && whole.ev[i].kind == INPUT_UNKNOWN)
            i++;
        while (j < cut.n && cut.ev[j].kind == INPUT_UNKNOWN)
            j++;
        if (i < whole.n && !same(&whole.ev[i], &cut.ev[j]))
            check_failed("cut into other reads, the same bytes give other keys or clicks");
    }
}

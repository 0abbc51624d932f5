/* Bytes from the terminal, made into keys and mouse events. Terminals send
 * what their terminfo entry does not say (PuTTY's End is ESC [ 4 ~ under
 * TERM=xterm, the Linux console's F1 is ESC [ [ A), so the sequences of
 * every common terminal are read here, whatever TERM says, and a sequence
 * that means nothing to us is swallowed whole: its digits never become keys.
 * Pure: no curses, no clock; the terminal feeds the bytes and says when the
 * wait for the rest of a sequence is over. */
#ifndef ZJDASH_INPUT_H
#define ZJDASH_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum input_kind {
    INPUT_NONE,    /* nothing complete yet */
    INPUT_KEY,     /* a key of enum key, or a character */
    INPUT_MOUSE,
    INPUT_UNKNOWN, /* a sequence or control character we ignore, as a whole */
};

enum mouse_action {
    MOUSE_PRESS,
    MOUSE_RELEASE,
    MOUSE_WHEEL_UP,
    MOUSE_WHEEL_DOWN,
    MOUSE_OTHER,   /* drag, middle or right button, sideways wheel */
};

struct mouse_event {
    enum mouse_action action;
    int x, y;      /* the cell, from 0 */
    int count;     /* 2 for the second press of a double click (the terminal counts) */
};

struct input_event {
    enum input_kind kind;
    uint32_t key;
    struct mouse_event mouse;
};

#define INPUT_PENDING_MAX 64

typedef struct input {
    unsigned char pending[INPUT_PENDING_MAX];
    size_t len;
    bool mouse; /* the terminal reports the mouse: ESC [ M starts a report, not SCO's F1 */
    long last_press_ms;         /* for double clicks */
    int last_press_x, last_press_y;
    /* inside a sequence that is no key, being skipped to its end: a string
     * (ESC ] ... BEL), or a CSI too long to be a key */
    enum { SKIP_NONE, SKIP_STRING, SKIP_CSI } skipping;
} input;

void input_init(input *in, bool mouse);
/* Keeps bytes read from the terminal; returns how many it took (it takes
 * fewer only when the events before them have not been taken yet). */
size_t input_feed(input *in, const unsigned char *bytes, size_t n);
/* The next event. With more_may_come, an unfinished sequence waits
 * (INPUT_NONE); without it, it is taken as it is: a lone ESC is Esc, the
 * start of a sequence is dropped whole. */
struct input_event input_next(input *in, bool more_may_come);
/* Two presses on one cell within this long are a double click. */
#define INPUT_DOUBLE_CLICK_MS 400
/* The app knows nothing of time: given the time of a press (ms on a clock
 * that only goes forward), says in m->count whether it is the second of a
 * double click (2) or not (1); a third press starts anew. */
void input_count_clicks(input *in, struct mouse_event *m, long now_ms);

/* Whether bytes wait: the caller should wait a moment for the rest. */
static inline bool input_waiting(const input *in)
{
    return in->len > 0;
}

#endif

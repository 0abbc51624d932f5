#include "input.h"

#include <string.h>

#include "keymap.h"
#include "text.h"

#define ESC 0x1b
/* A CSI sequence longer than this is not a key: drop it rather than wait. */
#define CSI_MAX 32

void input_init(input *in, bool mouse)
{
    memset(in, 0, sizeof *in);
    in->mouse = mouse;
    in->last_press_ms = -INPUT_DOUBLE_CLICK_MS;
}

void input_count_clicks(input *in, struct mouse_event *m, long now_ms)
{
    if (m->action != MOUSE_PRESS)
        return;
    bool again = now_ms - in->last_press_ms < INPUT_DOUBLE_CLICK_MS &&
                 m->x == in->last_press_x && m->y == in->last_press_y;
    m->count = again ? 2 : 1;
    in->last_press_ms = again ? now_ms - INPUT_DOUBLE_CLICK_MS : now_ms;
    in->last_press_x = m->x;
    in->last_press_y = m->y;
}

size_t input_feed(input *in, const unsigned char *bytes, size_t n)
{
    size_t room = INPUT_PENDING_MAX - in->len;
    size_t take = n < room ? n : room;
    memcpy(in->pending + in->len, bytes, take);
    in->len += take;
    return take;
}

/* ---- what a parsed sequence means ---- */

static struct input_event key_event(uint32_t key)
{
    return (struct input_event){.kind = key ? INPUT_KEY : INPUT_UNKNOWN, .key = key};
}

/* ESC [ n ~ (and rxvt's ^ $ @ for its modifiers): the vt220 numbering that
 * xterm, PuTTY, rxvt, screen, tmux and the Linux console share. */
static uint32_t tilde_key(long n)
{
    switch (n) {
    case 1: case 7: return K_HOME;
    case 2: return K_INSERT;
    case 3: return K_DELETE;
    case 4: case 8: return K_END;
    case 5: return K_PGUP;
    case 6: return K_PGDN;
    case 11: case 12: case 13: case 14: case 15: return K_F1 + (uint32_t)(n - 11);
    case 17: case 18: case 19: case 20: case 21: return K_F1 + 5 + (uint32_t)(n - 17);
    case 23: case 24: return K_F1 + 10 + (uint32_t)(n - 23);
    default: return 0;
    }
}

/* The keys whose final letter says what they are, after ESC [ or ESC O,
 * with or without modifiers (ESC [ 1 ; 5 A is Ctrl-Up: still Up here). */
static uint32_t letter_key(unsigned char c)
{
    switch (c) {
    case 'A': case 'a': return K_UP; /* lower case: rxvt's Shift (CSI) or Ctrl (SS3) */
    case 'B': case 'b': return K_DOWN;
    case 'C': case 'c': return K_RIGHT;
    case 'D': case 'd': return K_LEFT;
    case 'H': return K_HOME;
    case 'F': return K_END;
    case 'P': case 'Q': case 'R': case 'S': return K_F1 + (uint32_t)(c - 'P');
    default: return 0;
    }
}

/* PuTTY's SCO mode: ESC [ letter for the keys that others number. */
static uint32_t sco_key(unsigned char c)
{
    switch (c) {
    case 'G': return K_PGDN;
    case 'I': return K_PGUP;
    case 'L': return K_INSERT;
    default: return c >= 'M' && c <= 'X' ? K_F1 + (uint32_t)(c - 'M') : 0;
    }
}

/* kitty's ESC [ code ; modifiers u: the code is the key's own character. */
static uint32_t csi_u_key(long code)
{
    switch (code) {
    case 9: return K_TAB;
    case 13: return K_ENTER;
    case 27: return K_ESC;
    case 127: return K_BACKSPACE;
    /* nor C1 controls, which take_char refuses too: typed into a prompt,
     * they would be text no terminal shows as it is */
    default: return code >= 0xa0 ? code < 0x110000 && !(code >= 0xd800 && code < 0xe000) ? (uint32_t)code : 0
                    : code >= 0x20 && code < 0x7f ? (uint32_t)code : 0;
    }
}

/* ---- mouse reports ---- */

/* xterm's button byte: low bits the button (3: released), 32 motion,
 * 64 the wheel. */
static struct input_event mouse_event(long b, long x, long y, bool release)
{
    struct input_event ev = {.kind = INPUT_MOUSE};
    ev.mouse.x = (int)(x - 1);
    ev.mouse.y = (int)(y - 1);
    ev.mouse.count = 1;
    if (x < 1 || y < 1)
        return key_event(0);
    if (b & 64)
        ev.mouse.action = (b & 3) == 0 ? MOUSE_WHEEL_UP
                        : (b & 3) == 1 ? MOUSE_WHEEL_DOWN : MOUSE_OTHER;
    else if (b & 32)
        ev.mouse.action = MOUSE_OTHER;
    else if (release || (b & 3) == 3)
        ev.mouse.action = MOUSE_RELEASE;
    else
        ev.mouse.action = (b & 3) == 0 ? MOUSE_PRESS : MOUSE_OTHER;
    return ev;
}

/* ---- the parsers: each returns the bytes it took, 0 for "wait" ---- */

struct csi {
    long param[4];
    int nparams;
    unsigned char lead;  /* '<' or '?' before the numbers, or 0 */
    unsigned char final;
};

/* ECMA-48's shape (parameters, intermediates, a final byte), with rxvt's $
 * taken as a final: it ends its Shift sequences with it. Returns the length
 * from ESC, or 0 if unfinished; c->final is 0 if what that length covers
 * cannot be a key (a control byte cut it short: that byte is read anew). */
static size_t parse_csi(const unsigned char *s, size_t len, struct csi *c)
{
    memset(c, 0, sizeof *c);
    size_t i = 2;
    if (i < len && (s[i] == '<' || s[i] == '?' || s[i] == '>' || s[i] == '='))
        c->lead = s[i++];
    bool digits = false;
    for (; i < len && i < CSI_MAX; i++) {
        unsigned char b = s[i];
        if (b >= '0' && b <= '9') {
            if (c->nparams == 0)
                c->nparams = 1;
            long *p = &c->param[c->nparams - 1];
            *p = *p > 100000 ? *p : *p * 10 + (b - '0');
            digits = true;
        } else if (b == ';' || b == ':') {
            if (c->nparams == 0)
                c->nparams = 1;
            if (c->nparams < 4)
                c->nparams++;
        } else if ((b >= 0x40 && b <= 0x7e) || (b == '$' && digits)) {
            c->final = b;
            return i + 1;
        } else if (b < 0x20 || b > 0x7e) {
            return i; /* a control or 8-bit byte: not part of any key */
        }
    }
    return i >= CSI_MAX ? i : 0;
}

/* What ESC [ ... means, once parse_csi has found its end. */
static struct input_event csi_event(const input *in, const struct csi *c)
{
    if (c->lead == '<' && (c->final == 'M' || c->final == 'm') && c->nparams == 3 && in->mouse)
        return mouse_event(c->param[0], c->param[1], c->param[2], c->final == 'm');
    if (c->lead)
        return key_event(0);
    if (c->final == 'M' && c->nparams == 3 && in->mouse) /* urxvt's 1015 */
        return mouse_event(c->param[0] - 32, c->param[1], c->param[2], false);
    switch (c->final) {
    case '~': case '^': case '$': case '@':
        return key_event(tilde_key(c->param[0]));
    case 'u':
        return key_event(csi_u_key(c->param[0]));
    case 'Z':
        return key_event(K_BACKTAB);
    default:
        break;
    }
    uint32_t k = letter_key(c->final);
    /* ESC [ P with no numbers is SCO's F4; with them it is xterm's F1 */
    if (k >= K_F1 && k <= K_F12 && c->nparams == 0)
        k = 0;
    return key_event(k ? k : c->nparams == 0 ? sco_key(c->final) : 0);
}

/* ESC [ ...: the Linux console's F1-F5 (ESC [ [ A), X10 mouse reports
 * (ESC [ M and three bytes), and everything else ECMA-48 shaped. */
static size_t take_csi(input *in, bool more, struct input_event *ev)
{
    const unsigned char *s = in->pending;
    size_t len = in->len;
    if (len >= 3 && s[2] == '[') {
        if (len < 4)
            return more ? 0 : 3;
        *ev = key_event(s[3] >= 'A' && s[3] <= 'E' ? K_F1 + (uint32_t)(s[3] - 'A') : 0);
        return 4;
    }
    if (len >= 3 && s[2] == 'M' && in->mouse) {
        if (len >= 6) {
            *ev = mouse_event((long)s[3] - 32, (long)s[4] - 32, (long)s[5] - 32, false);
            return 6;
        }
        if (more)
            return 0;
        *ev = key_event(K_F1); /* only three bytes came: SCO's F1 after all */
        return 3;
    }
    struct csi c;
    size_t n = parse_csi(s, len, &c);
    if (n == 0 && more)
        return 0;
    if (n == 0 || !c.final) { /* unfinished when no more can come, or impossible */
        *ev = key_event(0);
        if (n >= CSI_MAX)
            in->skipping = SKIP_CSI;
        return n ? n : len;
    }
    *ev = csi_event(in, &c);
    return n;
}

/* ESC O x: cursor and keypad keys in application mode, F1-F4. */
static size_t take_ss3(input *in, bool more, struct input_event *ev)
{
    const unsigned char *s = in->pending;
    size_t i = 2;
    while (i < in->len && i < CSI_MAX && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';'))
        i++; /* modifiers, as some xterms put them: ESC O 5 A */
    if (i >= CSI_MAX) {
        /* no key is this long; waiting for its end would fill the buffer,
         * and the terminal's next read, given no room, would look like a
         * hang-up and end the dashboard */
        *ev = key_event(0);
        in->skipping = SKIP_CSI;
        return i;
    }
    if (i >= in->len) {
        if (more)
            return 0;
        *ev = key_event(0);
        return in->len;
    }
    unsigned char c = s[i];
    uint32_t k = letter_key(c);
    if (!k && c == 'M')
        k = K_ENTER;
    else if (!k && c >= 'j' && c <= 'y')
        k = (uint32_t)"*+,-./0123456789"[c - 'j'];
    *ev = key_event(k);
    return i + 1;
}

/* Everything that starts with ESC. */
static size_t take_escape(input *in, bool more, struct input_event *ev)
{
    const unsigned char *s = in->pending;
    if (in->len == 1) {
        if (more)
            return 0;
        *ev = key_event(K_ESC);
        return 1;
    }
    if (s[1] == '[')
        return take_csi(in, more, ev);
    if (s[1] == 'O')
        return take_ss3(in, more, ev);
    if (strchr("]P_^X", s[1])) {
        /* a string (an answer to a query someone else made): never keys */
        in->skipping = SKIP_STRING;
        *ev = key_event(0);
        return 2;
    }
    if (s[1] == ESC && in->len == 2 && more)
        return 0; /* PuTTY's Alt-arrow, cut by a read: not two Escs yet */
    if (s[1] == ESC && in->len >= 3 && (s[2] == '[' || s[2] == 'O')) {
        /* PuTTY's Alt-arrow: ESC, then the arrow's own sequence */
        memmove(in->pending, in->pending + 1, --in->len);
        return take_escape(in, more, ev);
    }
    /* Esc and a key in the same read (Alt-key, or a quick typist over a
     * slow link): the Esc now, the key next */
    *ev = key_event(K_ESC);
    return 1;
}

/* The control characters that are keys; the rest mean nothing here. */
static uint32_t control_key(unsigned char c)
{
    switch (c) {
    case '\r': case '\n': return K_ENTER;
    case '\t': return K_TAB;
    case 0x7f: case 0x08: return K_BACKSPACE;
    case 0x03: return K_CTRL_C;
    case 0x0c: return K_CTRL_L;
    case 0x15: return K_CTRL_U;
    default: return 0;
    }
}

/* A character, whole: a UTF-8 sequence cut by a read waits for its end. */
static size_t take_char(input *in, bool more, struct input_event *ev)
{
    const unsigned char *s = in->pending;
    if (s[0] < 0x20 || s[0] == 0x7f) {
        *ev = key_event(control_key(s[0]));
        return 1;
    }
    uint32_t cp;
    size_t n = text_decode((const char *)s, in->len, &cp);
    if (n == 0) {
        size_t need = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
        if (more && in->len < need && s[0] >= 0xc2 && s[0] <= 0xf4)
            return 0;
        *ev = key_event(0); /* invalid: one byte goes, and the rest is read again */
        return 1;
    }
    /* C1 controls are not keys, and a terminal in UTF-8 does not send them */
    *ev = key_event(cp >= 0x80 && cp < 0xa0 ? 0 : cp);
    return n;
}

/* The rest of a sequence being skipped, however long: it may come in
 * several reads. Returns the bytes it took; skipping ends at the end. */
static size_t skip_rest(input *in, bool more)
{
    for (size_t i = 0; i < in->len; i++) {
        unsigned char b = in->pending[i];
        if (in->skipping == SKIP_CSI && (b < 0x20 || b > 0x3f)) {
            in->skipping = SKIP_NONE;
            return b >= 0x40 && b <= 0x7e ? i + 1 : i;
        }
        if (in->skipping == SKIP_STRING && b == 0x07) {
            in->skipping = SKIP_NONE;
            return i + 1;
        }
        if (in->skipping == SKIP_STRING && b == ESC) {
            if (i + 1 == in->len && more)
                return i; /* ESC \ may be cut between two reads */
            in->skipping = SKIP_NONE;
            return i + 1 < in->len && in->pending[i + 1] == '\\' ? i + 2 : i;
        }
    }
    return in->len;
}

struct input_event input_next(input *in, bool more_may_come)
{
    struct input_event ev = {.kind = INPUT_NONE};
    if (in->skipping) {
        size_t used = skip_rest(in, more_may_come);
        memmove(in->pending, in->pending + used, in->len - used);
        in->len -= used;
        if (!more_may_come)
            in->skipping = SKIP_NONE; /* it never ended: what comes next is keys again */
    }
    if (in->len == 0 || in->skipping)
        return ev;
    size_t used = in->pending[0] == ESC ? take_escape(in, more_may_come, &ev)
                                        : take_char(in, more_may_come, &ev);
    if (used == 0)
        return (struct input_event){.kind = INPUT_NONE};
    memmove(in->pending, in->pending + used, in->len - used);
    in->len -= used;
    return ev;
}

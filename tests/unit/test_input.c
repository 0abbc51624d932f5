/* The bytes real terminals send, and the keys they must become, whatever
 * TERM says: xterm, PuTTY in each of its modes, rxvt, the Linux console,
 * screen and tmux, Windows Terminal; the mouse as xterm reports it; and
 * sequences that mean nothing here, which must go as a whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "input.h"
#include "keymap.h"

#define MAX_EVENTS 16

/* Everything bytes become, as if they came in one read and then the
 * terminal fell silent. */
static int decode(const char *bytes, size_t n, bool mouse, struct input_event *out)
{
    input in;
    input_init(&in, mouse);
    int count = 0;
    size_t fed = 0;
    while (count < MAX_EVENTS) {
        fed += input_feed(&in, (const unsigned char *)bytes + fed, n - fed);
        struct input_event ev = input_next(&in, fed < n);
        if (ev.kind == INPUT_NONE) {
            if (fed < n)
                continue;
            ev = input_next(&in, false);
            if (ev.kind == INPUT_NONE)
                break;
        }
        out[count++] = ev;
    }
    return count;
}

struct case_ {
    const char *terminal, *bytes;
    uint32_t key;
};

/* Each sequence gives exactly one key, the one named. */
static void check_cases(const struct case_ *cases, size_t ncases)
{
    for (size_t i = 0; i < ncases; i++) {
        struct input_event ev[MAX_EVENTS];
        int n = decode(cases[i].bytes, strlen(cases[i].bytes), false, ev);
        char want[8], got[8];
        if (n != 1 || ev[0].kind != INPUT_KEY || ev[0].key != cases[i].key)
            fail_msg("%s: %zu bytes gave %d events, the first %s; expected %s", cases[i].terminal,
                     strlen(cases[i].bytes), n,
                     n ? keymap_key_name(ev[0].key, got) : "none",
                     keymap_key_name(cases[i].key, want));
    }
}

static void navigation_keys_should_be_read_as_every_terminal_sends_them(void **state)
{
    (void)state;
    static const struct case_ cases[] = {
        {"xterm", "\033[A", K_UP},          {"xterm", "\033[B", K_DOWN},
        {"xterm", "\033[C", K_RIGHT},       {"xterm", "\033[D", K_LEFT},
        {"xterm", "\033[H", K_HOME},        {"xterm", "\033[F", K_END},
        {"xterm", "\033[5~", K_PGUP},       {"xterm", "\033[6~", K_PGDN},
        {"xterm", "\033[2~", K_INSERT},     {"xterm", "\033[3~", K_DELETE},
        {"xterm app", "\033OA", K_UP},      {"xterm app", "\033OH", K_HOME},
        {"xterm app", "\033OF", K_END},     {"xterm", "\033[Z", K_BACKTAB},
        {"PuTTY", "\033[1~", K_HOME},       {"PuTTY", "\033[4~", K_END},
        {"PuTTY SCO", "\033[H", K_HOME},    {"PuTTY SCO", "\033[F", K_END},
        {"PuTTY SCO", "\033[I", K_PGUP},    {"PuTTY SCO", "\033[G", K_PGDN},
        {"PuTTY SCO", "\033[L", K_INSERT},  {"rxvt", "\033[7~", K_HOME},
        {"rxvt", "\033[8~", K_END},         {"linux", "\033[1~", K_HOME},
        {"linux", "\033[4~", K_END},        {"linux", "\033[3~", K_DELETE},
        {"tmux", "\033[1~", K_HOME},        {"tmux", "\033[4~", K_END},
        {"Windows Terminal", "\033[H", K_HOME}, {"Windows Terminal", "\033[F", K_END},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}

static void modified_arrows_should_be_the_arrows(void **state)
{
    (void)state;
    static const struct case_ cases[] = {
        {"xterm Ctrl-Up", "\033[1;5A", K_UP},      {"xterm Shift-Down", "\033[1;2B", K_DOWN},
        {"xterm Alt-Left", "\033[1;3D", K_LEFT},   {"xterm Ctrl-End", "\033[1;5F", K_END},
        {"xterm Ctrl-PgDn", "\033[6;5~", K_PGDN},  {"PuTTY Ctrl-Up", "\033OA", K_UP},
        {"PuTTY Alt-Up", "\033\033[A", K_UP},      {"rxvt Shift-Up", "\033[a", K_UP},
        {"rxvt Ctrl-Down", "\033Ob", K_DOWN},      {"rxvt Ctrl-PgUp", "\033[5^", K_PGUP},
        {"rxvt Shift-End", "\033[8$", K_END},      {"old xterm Ctrl-Up", "\033O5A", K_UP},
        {"Windows Terminal Ctrl-Right", "\033[1;5C", K_RIGHT},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}

static void function_keys_should_be_read_in_every_numbering(void **state)
{
    (void)state;
    static const struct case_ cases[] = {
        {"xterm F1", "\033OP", K_F1},          {"xterm F4", "\033OS", K_F1 + 3},
        {"xterm Ctrl-F1", "\033[1;5P", K_F1},  {"xterm F5", "\033[15~", K_F1 + 4},
        {"xterm F10", "\033[21~", K_F10},      {"xterm F12", "\033[24~", K_F12},
        {"PuTTY F1", "\033[11~", K_F1},        {"PuTTY F10", "\033[21~", K_F10},
        {"PuTTY Linux F1", "\033[[A", K_F1},   {"PuTTY Linux F5", "\033[[E", K_F1 + 4},
        {"PuTTY SCO F1", "\033[M", K_F1},      {"PuTTY SCO F4", "\033[P", K_F1 + 3},
        {"PuTTY SCO F10", "\033[V", K_F10},    {"PuTTY SCO F12", "\033[X", K_F12},
        {"linux F1", "\033[[A", K_F1},         {"linux F10", "\033[21~", K_F10},
        {"rxvt F1", "\033[11~", K_F1},         {"screen F1", "\033OP", K_F1},
        {"Windows Terminal F10", "\033[21~", K_F10},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}

static void plain_keys_and_control_characters_should_be_their_keys(void **state)
{
    (void)state;
    static const struct case_ cases[] = {
        {"Enter", "\r", K_ENTER},         {"Enter (nl)", "\n", K_ENTER},
        {"Tab", "\t", K_TAB},             {"Backspace", "\177", K_BACKSPACE},
        {"Ctrl-H", "\b", K_BACKSPACE},    {"Ctrl-C", "\003", K_CTRL_C},
        {"Ctrl-L", "\014", K_CTRL_L},     {"Ctrl-U", "\025", K_CTRL_U},
        {"q", "q", 'q'},                  {"a Chinese character", "文", 0x6587},
        {"keypad Enter", "\033OM", K_ENTER}, {"keypad 5", "\033Ou", '5'},
        {"kitty Esc", "\033[27u", K_ESC},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}

static void a_lone_esc_should_wait_for_the_silence_and_then_be_esc(void **state)
{
    (void)state;
    input in;
    input_init(&in, true);
    input_feed(&in, (const unsigned char *)"\033", 1);
    assert_int_equal(input_next(&in, true).kind, INPUT_NONE);
    struct input_event ev = input_next(&in, false);
    assert_int_equal(ev.kind, INPUT_KEY);
    assert_int_equal(ev.key, K_ESC);
    assert_false(input_waiting(&in));
}

static void a_sequence_cut_between_reads_should_wait_for_its_end(void **state)
{
    (void)state;
    input in;
    input_init(&in, false);
    input_feed(&in, (const unsigned char *)"\033[", 2);
    assert_int_equal(input_next(&in, true).kind, INPUT_NONE);
    input_feed(&in, (const unsigned char *)"4~", 2);
    struct input_event ev = input_next(&in, true);
    assert_int_equal(ev.key, K_END);
    /* and a character cut in the middle of its UTF-8 bytes */
    input_feed(&in, (const unsigned char *)"\xe6\x96", 2);
    assert_int_equal(input_next(&in, true).kind, INPUT_NONE);
    input_feed(&in, (const unsigned char *)"\x87", 1);
    ev = input_next(&in, true);
    assert_int_equal(ev.key, 0x6587);
}

/* What must never happen: the digits of a sequence read as keys 1-9 (tabs),
 * its letters as commands. */
static void unknown_sequences_should_go_whole_and_never_become_keys(void **state)
{
    (void)state;
    static const char *const unknown[] = {
        "\033[200~",       /* bracketed paste, not asked for */
        "\033[?1;2c",      /* a device attributes answer */
        "\033[99~",        /* no such key */
        "\033[1;5E",       /* keypad 5 with Ctrl */
        "\033[E",          /* keypad 5 (xterm) */
        "\033]0;title\007", /* an OSC string */
        "\033]11;rgb:0000/0000/0000\033\\", /* its other ending */
        "\033P1$r0m\033\\", /* a DCS answer */
        "\033[12345678901234567890123456789012345678~", /* too long to be a key */
    };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        struct input_event ev[MAX_EVENTS];
        int n = decode(unknown[i], strlen(unknown[i]), true, ev);
        for (int k = 0; k < n; k++)
            if (ev[k].kind != INPUT_UNKNOWN)
                fail_msg("sequence %zu gave a %s (%u) as event %d", i,
                         ev[k].kind == INPUT_KEY ? "key" : "mouse event", ev[k].key, k);
        assert_true(n >= 1 && n <= 2);
    }
}

static void esc_before_a_key_should_be_esc_then_the_key(void **state)
{
    (void)state;
    struct input_event ev[MAX_EVENTS];
    int n = decode("\033j", strlen("\033j"), true, ev);
    assert_int_equal(n, 2);
    assert_int_equal(ev[0].key, K_ESC);
    assert_int_equal(ev[1].key, 'j');
    n = decode("\033[4~2", strlen("\033[4~2"), true, ev); /* End, then the key 2 */
    assert_int_equal(n, 2);
    assert_int_equal(ev[0].key, K_END);
    assert_int_equal(ev[1].key, '2');
    n = decode("\033[\033[A", strlen("\033[\033[A"), true, ev); /* a cut sequence does not eat the next */
    assert_int_equal(ev[n - 1].kind, INPUT_KEY);
    assert_int_equal(ev[n - 1].key, K_UP);
}

static void mouse_reports_should_give_the_cell_and_the_action(void **state)
{
    (void)state;
    struct input_event ev[MAX_EVENTS];
    int n = decode("\033[<0;31;2M\033[<0;31;2m", strlen("\033[<0;31;2M\033[<0;31;2m"), true, ev); /* SGR 1006 */
    assert_int_equal(n, 2);
    assert_int_equal(ev[0].kind, INPUT_MOUSE);
    assert_int_equal(ev[0].mouse.action, MOUSE_PRESS);
    assert_int_equal(ev[0].mouse.x, 30);
    assert_int_equal(ev[0].mouse.y, 1);
    assert_int_equal(ev[1].mouse.action, MOUSE_RELEASE);
    n = decode("\033[<64;5;9M\033[<65;5;9M", strlen("\033[<64;5;9M\033[<65;5;9M"), true, ev);
    assert_int_equal(ev[0].mouse.action, MOUSE_WHEEL_UP);
    assert_int_equal(ev[1].mouse.action, MOUSE_WHEEL_DOWN);
    n = decode("\033[M !!", strlen("\033[M !!"), true, ev); /* X10: button 0 at 1,1 */
    assert_int_equal(n, 1);
    assert_int_equal(ev[0].kind, INPUT_MOUSE);
    assert_int_equal(ev[0].mouse.action, MOUSE_PRESS);
    assert_int_equal(ev[0].mouse.x, 0);
    assert_int_equal(ev[0].mouse.y, 0);
    n = decode("\033[M#\xff\x60", strlen("\033[M#\xff\x60"), true, ev); /* X10 release far right: bytes past ASCII */
    assert_int_equal(ev[0].mouse.action, MOUSE_RELEASE);
    assert_int_equal(ev[0].mouse.x, 0xff - 33);
    assert_int_equal(ev[0].mouse.y, 0x60 - 33);
    n = decode("\033[<32;5;9M", strlen("\033[<32;5;9M"), true, ev); /* a drag: no click */
    assert_int_equal(ev[0].mouse.action, MOUSE_OTHER);
    n = decode("\033[<2;5;9M", strlen("\033[<2;5;9M"), true, ev); /* the right button: no click */
    assert_int_equal(ev[0].mouse.action, MOUSE_OTHER);
}

static void without_the_mouse_esc_bracket_m_should_be_sco_f1(void **state)
{
    (void)state;
    struct input_event ev[MAX_EVENTS];
    int n = decode("\033[M", strlen("\033[M"), true, ev); /* mouse on, but nothing follows */
    assert_int_equal(n, 1);
    assert_int_equal(ev[0].key, K_F1);
    n = decode("\033[M !!", strlen("\033[M !!"), false, ev);
    assert_int_equal(ev[0].key, K_F1);
    assert_int_equal(n, 4); /* and the rest as typed */
}

static void mouse_reports_unasked_for_should_be_no_clicks(void **state)
{
    (void)state;
    struct input_event ev[MAX_EVENTS];
    int n = decode("\033[<0;31;2M", strlen("\033[<0;31;2M"), false, ev);
    assert_int_equal(n, 1);
    assert_int_equal(ev[0].kind, INPUT_UNKNOWN);
}

/* Two presses on one cell within 400 ms are a double click; a third, a
 * press elsewhere, a late one or a release is not its second press. */
static void a_second_press_soon_on_the_same_cell_should_count_two(void **state)
{
    (void)state;
    input in;
    input_init(&in, true);
    struct mouse_event m = {MOUSE_PRESS, 5, 7, 1};
    long t = 100000;
    input_count_clicks(&in, &m, t);
    assert_int_equal(m.count, 1);
    input_count_clicks(&in, &m, t + 150);
    assert_int_equal(m.count, 2);
    input_count_clicks(&in, &m, t + 300); /* a third starts anew */
    assert_int_equal(m.count, 1);
    input_count_clicks(&in, &m, t + 300 + INPUT_DOUBLE_CLICK_MS); /* too late */
    assert_int_equal(m.count, 1);
    struct mouse_event other = {MOUSE_PRESS, 6, 7, 1};
    input_count_clicks(&in, &other, t + 900); /* another cell */
    assert_int_equal(other.count, 1);
    struct mouse_event release = {MOUSE_RELEASE, 6, 7, 1};
    input_count_clicks(&in, &release, t + 950);
    assert_int_equal(release.count, 1);
    input_count_clicks(&in, &other, t + 1000); /* the release did not count */
    assert_int_equal(other.count, 2);
}

static void invalid_utf8_should_be_dropped_not_shown(void **state)
{
    (void)state;
    struct input_event ev[MAX_EVENTS];
    int n = decode("\xff" "a\xc2\x9b" "b", strlen("\xff" "a\xc2\x9b" "b"), false, ev);
    assert_int_equal(n, 4);
    assert_int_equal(ev[0].kind, INPUT_UNKNOWN);
    assert_int_equal(ev[1].key, 'a');
    assert_int_equal(ev[2].kind, INPUT_UNKNOWN); /* U+009B, a C1 control */
    assert_int_equal(ev[3].key, 'b');
}

/* Found by the fuzzer (tests/fuzz/findings-input/): each of these is kept
 * there as bytes; here, what a user would have seen. */

/* kitty's code for a C1 control is no more a key than the control itself:
 * typed at a prompt it would become text no terminal shows as it is. */
static void kitty_codes_of_c1_controls_should_be_no_keys(void **state)
{
    (void)state;
    struct input_event ev[MAX_EVENTS];
    int n = decode("\033[134u\033[160u", strlen("\033[134u\033[160u"), false, ev);
    assert_int_equal(n, 2);
    assert_int_equal(ev[0].kind, INPUT_UNKNOWN);
    assert_int_equal(ev[1].kind, INPUT_KEY); /* U+00A0 is a character */
    assert_int_equal(ev[1].key, 0xa0);
}

/* PuTTY's Alt-Up cut between its Escs and the rest over a slow link: Up,
 * not an Esc that would close the page first. */
static void alt_arrow_cut_after_its_escs_should_be_the_arrow(void **state)
{
    (void)state;
    input in;
    input_init(&in, false);
    input_feed(&in, (const unsigned char *)"\033\033", 2);
    assert_int_equal(input_next(&in, true).kind, INPUT_NONE);
    input_feed(&in, (const unsigned char *)"[A", 2);
    struct input_event ev = input_next(&in, true);
    assert_int_equal(ev.kind, INPUT_KEY);
    assert_int_equal(ev.key, K_UP);
    assert_int_equal(input_next(&in, false).kind, INPUT_NONE);
}

/* ESC O and digits without end: waiting for the end filled the buffer, and
 * the dashboard, with no room to read into, took the terminal for gone and
 * quit. It is dropped, like a CSI too long to be a key, and what follows
 * its end is keys again. */
static void an_endless_ss3_should_be_dropped_before_it_fills_the_buffer(void **state)
{
    (void)state;
    input in;
    input_init(&in, false);
    unsigned char bytes[INPUT_PENDING_MAX];
    bytes[0] = 0x1b, bytes[1] = 'O';
    memset(bytes + 2, '0', sizeof bytes - 2);
    assert_int_equal(input_feed(&in, bytes, sizeof bytes), sizeof bytes);
    struct input_event ev = input_next(&in, true);
    assert_int_equal(ev.kind, INPUT_UNKNOWN);
    assert_true(in.len < INPUT_PENDING_MAX);
    while (input_next(&in, true).kind != INPUT_NONE)
        ;
    input_feed(&in, (const unsigned char *)"000Aj", 5);
    ev = input_next(&in, true);
    assert_int_equal(ev.kind, INPUT_KEY);
    assert_int_equal(ev.key, 'j');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(navigation_keys_should_be_read_as_every_terminal_sends_them),
        cmocka_unit_test(modified_arrows_should_be_the_arrows),
        cmocka_unit_test(function_keys_should_be_read_in_every_numbering),
        cmocka_unit_test(plain_keys_and_control_characters_should_be_their_keys),
        cmocka_unit_test(a_lone_esc_should_wait_for_the_silence_and_then_be_esc),
        cmocka_unit_test(a_sequence_cut_between_reads_should_wait_for_its_end),
        cmocka_unit_test(unknown_sequences_should_go_whole_and_never_become_keys),
        cmocka_unit_test(esc_before_a_key_should_be_esc_then_the_key),
        cmocka_unit_test(mouse_reports_should_give_the_cell_and_the_action),
        cmocka_unit_test(without_the_mouse_esc_bracket_m_should_be_sco_f1),
        cmocka_unit_test(mouse_reports_unasked_for_should_be_no_clicks),
        cmocka_unit_test(a_second_press_soon_on_the_same_cell_should_count_two),
        cmocka_unit_test(invalid_utf8_should_be_dropped_not_shown),
        cmocka_unit_test(kitty_codes_of_c1_controls_should_be_no_keys),
        cmocka_unit_test(alt_arrow_cut_after_its_escs_should_be_the_arrow),
        cmocka_unit_test(an_endless_ss3_should_be_dropped_before_it_fills_the_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

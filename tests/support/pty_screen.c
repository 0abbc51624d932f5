/* See pty_screen.h. */
#include "pty_screen.h"

#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "text.h"

void pty_init(struct pty_screen *s, int rows, int cols, int patience_ms, int quiet_ms)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->rows = rows;
    s->cols = cols;
    s->patience_ms = patience_ms;
    s->quiet_ms = quiet_ms;
    buf_init(&s->raw);
    buf_init(&s->line);
}

void pty_attach(struct pty_screen *s, int master, bool altscreen, const VTermScreenCallbacks *callbacks,
                void *user)
{
    s->fd = master;
    fcntl(s->fd, F_SETFL, fcntl(s->fd, F_GETFL) | O_NONBLOCK);
    s->vt = vterm_new(s->rows, s->cols);
    vterm_set_utf8(s->vt, 1);
    s->screen = vterm_obtain_screen(s->vt);
    if (altscreen)
        vterm_screen_enable_altscreen(s->screen, 1);
    if (callbacks)
        vterm_screen_set_callbacks(s->screen, callbacks, user);
    vterm_screen_reset(s->screen, 1);
}

void pty_close(struct pty_screen *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    if (s->vt)
        vterm_free(s->vt);
    s->vt = NULL;
    s->screen = NULL;
    buf_free(&s->raw);
    buf_free(&s->line);
}

bool pty_read(struct pty_screen *s, int ms)
{
    if (s->fd < 0)
        return false;
    struct pollfd p = {s->fd, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0)
        return false;
    char chunk[65536];
    ssize_t n = read(s->fd, chunk, sizeof chunk);
    if (n <= 0)
        return false;
    s->written += (size_t)n;
    if (s->mute)
        return true;
    buf_put(&s->raw, chunk, (size_t)n);
    vterm_input_write(s->vt, chunk, (size_t)n);
    /* the emulator's answers (cursor position, device attributes): a program
     * that asks waits for them */
    char reply[256];
    size_t r;
    while ((r = vterm_output_read(s->vt, reply, sizeof reply)) > 0)
        if (write(s->fd, reply, r) < 0)
            break;
    return true;
}

void pty_settle(struct pty_screen *s)
{
    long end = now_ms() + s->patience_ms;
    while (now_ms() < end && pty_read(s, s->quiet_ms))
        ;
}

void pty_row(struct pty_screen *s, int y, buf *out)
{
    buf_clear(out);
    for (int x = 0; x < s->cols; x++) {
        VTermScreenCell c;
        vterm_screen_get_cell(s->screen, (VTermPos){y, x}, &c);
        if (c.chars[0] == 0) {
            if (c.width != 0)
                buf_putc(out, ' ');
            continue;
        }
        for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && c.chars[i]; i++) {
            char u[4];
            buf_put(out, u, text_encode(c.chars[i], u));
        }
        if (c.width == 2)
            x++;
    }
    if (!out->data)
        buf_puts(out, "");
}

bool pty_shows(struct pty_screen *s, const char *text, int *row)
{
    bool found = false;
    for (int y = 0; y < s->rows && !found; y++) {
        pty_row(s, y, &s->line);
        if (strstr(s->line.data, text)) {
            found = true;
            if (row)
                *row = y;
        }
    }
    return found;
}

void pty_dump(struct pty_screen *s)
{
    for (int y = 0; y < s->rows; y++) {
        pty_row(s, y, &s->line);
        fprintf(stderr, "|%s|\n", s->line.data);
    }
}

int pty_wait_for(struct pty_screen *s, const char *text)
{
    long end = now_ms() + s->patience_ms;
    int row = -1;
    while (!pty_shows(s, text, &row)) {
        if (now_ms() > end) {
            fprintf(stderr, "waited for \"%s\"; the screen:\n", text);
            pty_dump(s);
            fail_msg("the screen never showed \"%s\"", text);
        }
        pty_read(s, 50);
    }
    return row;
}

void pty_set_size(struct pty_screen *s, int rows, int cols)
{
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    ioctl(s->fd, TIOCSWINSZ, &ws);
    vterm_set_size(s->vt, rows, cols);
    s->rows = rows;
    s->cols = cols;
}

#include "loading.h"

#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "text.h"

/* The widest bar: wider says nothing more. */
#define BAR_MAX 60
/* Rates and time left from less are noise. */
#define STEADY_SECONDS 0.3

/* Sizes as people read them: 446 MB, 12.3 MB, 900 kB (decimal, as df -H and pv do). */
static void size_text(char *out, size_t n, size_t bytes)
{
    static const char *const units[] = {"B", "kB", "MB", "GB", "TB"};
    double v = (double)bytes;
    int u = 0;
    while (v >= 1000 && u < 4)
        v /= 1000, u++;
    snprintf(out, n, u && v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
}

/* Time left by the rate so far: a file's only (a pipe has no end to count to). */
static void time_left(buf *out, const struct loading_view *v)
{
    double rate = (double)v->bytes / v->seconds;
    if (!v->total_bytes || v->bytes >= v->total_bytes || rate <= 0)
        return;
    unsigned left = (unsigned)((double)(v->total_bytes - v->bytes) / rate + 0.5);
    buf_puts(out, " · ");
    if (left >= 60)
        lang_printf(out, MSG_LOAD_LEFT_MINUTES, left / 60, left % 60);
    else
        lang_printf(out, MSG_LOAD_LEFT_SECONDS, left);
}

/* One line of figures, the same on the screen and on standard error. */
void loading_figures(buf *out, const struct loading_view *v)
{
    char done[32], all[32];
    size_text(done, sizeof done, v->bytes);
    if (v->total_bytes) {
        size_text(all, sizeof all, v->total_bytes);
        int pct = (int)((double)v->bytes * 100 / (double)v->total_bytes);
        lang_printf(out, MSG_LOAD_BYTES_OF, done, all, pct > 100 ? 100 : pct);
    } else if (v->bytes) {
        lang_printf(out, MSG_LOAD_BYTES, done);
    }
    if (out->len)
        buf_puts(out, " · ");
    lang_printf(out, v->records == 1 ? MSG_LOAD_RECORDS_ONE : MSG_LOAD_RECORDS, (unsigned)v->records);
    if (v->seconds < STEADY_SECONDS)
        return;
    buf_puts(out, " · ");
    if (v->bytes) {
        size_text(done, sizeof done, (size_t)((double)v->bytes / v->seconds));
        lang_printf(out, MSG_LOAD_RATE_BYTES, done);
        time_left(out, v);
    } else {
        lang_printf(out, MSG_LOAD_RATE_RECORDS, (unsigned)((double)v->records / v->seconds));
    }
}

/* ASCII, so that no terminal draws it two cells a character; with no total,
 * a block goes to and fro, so that the screen is seen to be alive. */
static void bar_text(buf *out, const struct loading_view *v, int width)
{
    int inner = width - 2;
    buf_putc(out, '[');
    if (v->total_bytes) {
        double part = (double)v->bytes / (double)v->total_bytes;
        int filled = (int)(part > 1 ? inner : part * inner);
        for (int i = 0; i < inner; i++)
            buf_putc(out, i < filled ? '#' : '-');
    } else {
        int block = inner < 8 ? inner : 8, span = inner - block;
        int step = (int)(v->seconds * 20), at = span ? step % (2 * span) : 0;
        at = at > span ? 2 * span - at : at;
        for (int i = 0; i < inner; i++)
            buf_putc(out, i >= at && i < at + block ? '#' : '-');
    }
    buf_putc(out, ']');
}

/* A line centred in the grid's width, cut if the grid is narrower. */
static void centred(grid *g, int y, const char *s, enum style st)
{
    if (y < 0 || y >= g->h)
        return;
    int w = text_width(s, strlen(s));
    int x = w >= g->w ? 0 : (g->w - w) / 2;
    grid_text(g, y, x, g->w - x, s, strlen(s), st, TEXT_NO_PAD);
}

/* In the middle of the screen, where the eye is when a program starts. */
void loading_draw(grid *g, const struct loading_view *v)
{
    grid_clear(g, ST_NORMAL);
    if (g->w < 4 || g->h < 1)
        return;
    buf line;
    buf_init(&line);
    int y = g->h / 2 - 3;
    lang_printf(&line, MSG_LOAD_TITLE, v->name);
    centred(g, y, line.data, ST_HEADING);
    buf_clear(&line);
    bar_text(&line, v, g->w - 4 < BAR_MAX ? g->w - 4 : BAR_MAX);
    centred(g, y + 2, line.data, ST_BAR);
    buf_clear(&line);
    loading_figures(&line, v);
    centred(g, y + 3, line.data, ST_NORMAL);
    centred(g, y + 5, tr(MSG_LOAD_HINT), ST_DIM);
    buf_free(&line);
}

/* Cut, never wrapped (a wrapped line cannot be redrawn with \r), and padded,
 * so that it covers a longer line before it without an escape sequence. */
void loading_line(buf *out, const struct loading_view *v, int width)
{
    buf line;
    buf_init(&line);
    lang_printf(&line, MSG_LOAD_TITLE, v->name);
    buf_puts(&line, ": ");
    loading_figures(&line, v);
    text_fit(out, line.data, line.len, width, 0);
    buf_free(&line);
}

/* What the dashboard costs over a slow link: the bytes it writes to the
 * terminal for a cursor move, a one-line scroll and a page move, measured
 * through a pseudo-terminal at 80x24 and 200x50, beside `less -S` scrolling
 * the same rows in the same run; and how long the first screen takes.
 *
 *   bytes ZJDASH DATASET ROWS_FILE
 *
 * ROWS_FILE is the same table as text (zjdash --dump txt), for less. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define QUIET_MS 120
#define MOVES 20
#define HTOP_CURSOR_BYTES 340 /* htop's cursor move, as measured when the target was set */

struct session {
    pid_t pid;
    int fd;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static struct session start(int rows, int cols, char *const argv[])
{
    struct session s;
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    s.pid = forkpty(&s.fd, NULL, NULL, &ws);
    if (s.pid < 0) {
        perror("forkpty");
        exit(1);
    }
    if (s.pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        setenv("LANG", "C.UTF-8", 1);
        setenv("ZJDASH_LANG", "en", 1); /* the marker "row 1 of" is the English status line */
        /* a configuration file of the machine's must not move what is measured */
        setenv("XDG_CONFIG_HOME", "/dev/null/zjdash-bench-reads-no-configuration", 1);
        unsetenv("LC_ALL");
        setenv("LESS", "", 1);
        setenv("LESSHISTFILE", "-", 1);
        execvp(argv[0], argv);
        _exit(127);
    }
    return s;
}

/* Reads until nothing has come for QUIET_MS; returns the bytes read. */
static size_t drain(struct session *s, const char *until, double *first_ms)
{
    size_t total = 0;
    char chunk[65536];
    double started = now_ms();
    char tail[256] = "";
    for (;;) {
        struct pollfd p = {s->fd, POLLIN, 0};
        /* Until the marker has come, silence only means the program is still
         * starting (loading 10,000 records can take longer than QUIET_MS on
         * a busy machine): a first screen not drained here would be counted
         * as the bytes of the first key. */
        bool waiting = until && first_ms && *first_ms < 0 && now_ms() - started < 10000;
        if (poll(&p, 1, waiting ? 200 : QUIET_MS) <= 0) {
            if (waiting)
                continue;
            break;
        }
        ssize_t n = read(s->fd, chunk, sizeof chunk);
        if (n <= 0)
            break;
        total += (size_t)n;
        if (until && first_ms && *first_ms < 0) {
            /* look for the marker across chunk boundaries */
            size_t keep = strlen(tail);
            char *joined = malloc(keep + (size_t)n + 1);
            memcpy(joined, tail, keep);
            memcpy(joined + keep, chunk, (size_t)n);
            joined[keep + (size_t)n] = 0;
            if (memmem(joined, keep + (size_t)n, until, strlen(until)))
                *first_ms = now_ms() - started;
            size_t last = keep + (size_t)n < 200 ? keep + (size_t)n : 200;
            memcpy(tail, joined + keep + (size_t)n - last, last);
            tail[last] = 0;
            free(joined);
        }
    }
    return total;
}

static double per_key(struct session *s, const char *key, int times)
{
    size_t total = 0;
    for (int i = 0; i < times; i++) {
        if (write(s->fd, key, strlen(key)) < 0)
            break;
        total += drain(s, NULL, NULL);
    }
    return (double)total / times;
}

static void stop(struct session *s, const char *quit)
{
    if (write(s->fd, quit, strlen(quit)) < 0)
        perror("write");
    drain(s, NULL, NULL);
    kill(s->pid, SIGTERM);
    waitpid(s->pid, NULL, 0);
    close(s->fd);
}

struct costs {
    double cursor, scroll, page;
};

static struct costs measure_zjdash(const char *zjdash, const char *dataset, int rows, int cols,
                                   double *first_ms)
{
    char *argv[] = {(char *)zjdash, (char *)dataset, NULL};
    struct session s = start(rows, cols, argv);
    *first_ms = -1;
    double t0 = now_ms();
    drain(&s, "row 1 of", first_ms);
    (void)t0;
    struct costs c;
    c.cursor = per_key(&s, "j", 5); /* within the first page: only the highlight moves */
    per_key(&s, "\x1b[6~", 1);      /* a page down: the cursor sits at the last row */
    per_key(&s, "\x1b[5~", 1);
    per_key(&s, "\x1b[6~", 1);
    c.scroll = per_key(&s, "j", MOVES);
    c.page = per_key(&s, "\x1b[6~", 5);
    stop(&s, "Q");
    return c;
}

static struct costs measure_less(const char *rows_file, int rows, int cols)
{
    char *argv[] = {(char *)"less", (char *)"-S", (char *)rows_file, NULL};
    struct session s = start(rows, cols, argv);
    drain(&s, NULL, NULL);
    struct costs c;
    c.cursor = -1; /* less has no cursor */
    per_key(&s, " ", 1);
    c.scroll = per_key(&s, "j", MOVES);
    c.page = per_key(&s, " ", 5);
    stop(&s, "q");
    return c;
}

static double first_screen(const char *zjdash)
{
    double best = 1e9;
    for (int i = 0; i < 5; i++) {
        char *argv[] = {(char *)zjdash, NULL};
        double t = -1;
        struct session s = start(24, 80, argv);
        drain(&s, "row 1 of", &t);
        stop(&s, "Q");
        if (t >= 0 && t < best)
            best = t;
    }
    return best;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bytes ZJDASH DATASET ROWS_FILE\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    printf("bytes written to the terminal, through a pseudo-terminal (TERM=xterm-256color)\n");
    printf("  %-30s %10s %16s %8s  %s\n", "", "zjdash", "baseline", "ratio", "target");
    static const int sizes[][2] = {{24, 80}, {50, 200}};
    for (int i = 0; i < 2; i++) {
        int rows = sizes[i][0], cols = sizes[i][1];
        double first;
        struct costs z = measure_zjdash(argv[1], argv[2], rows, cols, &first);
        struct costs l = measure_less(argv[3], rows, cols);
        char what[64];
        snprintf(what, sizeof what, "%dx%d cursor move", cols, rows);
        printf("  %-30s %8.0f B %10s %3d B %7.2fx  <= htop  %s\n", what, z.cursor, "htop",
               HTOP_CURSOR_BYTES, z.cursor / HTOP_CURSOR_BYTES,
               z.cursor <= HTOP_CURSOR_BYTES ? "ok" : "MISSED");
        snprintf(what, sizeof what, "%dx%d one-line scroll", cols, rows);
        printf("  %-30s %8.0f B %10s %3.0f B %7.2fx  <= less  %s\n", what, z.scroll, "less -S",
               l.scroll, z.scroll / l.scroll, z.scroll <= l.scroll ? "ok" : "MISSED");
        snprintf(what, sizeof what, "%dx%d page move", cols, rows);
        printf("  %-30s %8.0f B %10s %3.0f B %7.2fx\n", what, z.page, "less -S", l.page,
               z.page / l.page);
    }
    double t = first_screen(argv[1]);
    printf("  %-30s %8.1f ms %27s  %s\n", "first screen, built-in data", t, "< 50 ms",
           t < 50 ? "ok" : "MISSED");
    return 0;
}

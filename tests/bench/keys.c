/* What a user feels: the time from writing a key's bytes to a pseudo-terminal
 * to the moment the dashboard's answer has been drawn (the last byte before
 * the output goes quiet), for a cursor move, a page, a sort and each keystroke
 * of a filter; and the time to the first frame. Each figure is the median of
 * several presses, beside `less -S` on the same rows where less can do the
 * same thing, and beside the issue's target. Last, R: the file read again
 * while the cursor keeps moving, beside the first load of the same file.
 *
 *   keys ZJDASH DATASET ROWS_FILE */
#define _GNU_SOURCE
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

/* Longer than any pause inside one frame's output, shorter than a person's. */
#define QUIET_MS 100
/* A first answer slower than this is a hang, not a figure. */
#define ANSWER_MS 60000
#define MOVES 15
#define PAGES 7
#define SORTS 6

#define CURSOR_TARGET_MS 5.0   /* "a cursor move: a few ms" */
#define KEY_TARGET_MS 100.0    /* "each filter keystroke <= 100 ms" */
#define FIRST_TARGET_MS 50.0   /* "first frame <= 50 ms" */

struct session {
    pid_t pid;
    int fd;
};

/* A clock no change of the time of day can move. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Both programs see the same terminal: the size and type a user's would be. */
static struct session start(char *const argv[])
{
    struct session s;
    struct winsize ws = {.ws_row = 30, .ws_col = 100};
    s.pid = forkpty(&s.fd, NULL, NULL, &ws);
    if (s.pid < 0) {
        perror("forkpty");
        exit(1);
    }
    if (s.pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        setenv("LANG", "C.UTF-8", 1);
        setenv("ZJDASH_LANG", "en", 1); /* the marker below is the English status line */
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

/* Reads what has come; remembers when the last byte came and whether the
 * marker has been seen (across reads: the last bytes are kept). */
struct reading {
    double first, last;
    bool seen;
    char tail[256];
};

/* One read of whatever is there; false at the end of the session. */
static bool take(struct session *s, struct reading *r, const char *marker)
{
    char chunk[65536 + 256];
    size_t keep = strlen(r->tail);
    memcpy(chunk, r->tail, keep);
    ssize_t n = read(s->fd, chunk + keep, 65536);
    if (n <= 0)
        return false;
    double t = now_ms();
    if (r->first < 0)
        r->first = t;
    r->last = t;
    size_t all = keep + (size_t)n;
    if (marker && !r->seen && memmem(chunk, all, marker, strlen(marker)))
        r->seen = true;
    size_t last = all < 200 ? all : 200;
    memcpy(r->tail, chunk + all - last, last);
    r->tail[last] = 0;
    return true;
}

/* Waits for the first byte (or the marker) up to patience ms, then reads until quiet. */
static struct reading answer_within(struct session *s, const char *marker, double patience)
{
    struct reading r = {-1, -1, false, ""};
    double started = now_ms();
    for (;;) {
        bool waiting = r.first < 0 || (marker && !r.seen);
        struct pollfd p = {s->fd, POLLIN, 0};
        if (poll(&p, 1, waiting ? 20 : QUIET_MS) <= 0) {
            if (waiting && now_ms() - started < patience)
                continue;
            return r;
        }
        if (!take(s, &r, marker))
            return r;
    }
}

/* Every measured key has an answer on the screen; a slow one is waited for. */
static struct reading answer(struct session *s, const char *marker)
{
    return answer_within(s, marker, ANSWER_MS);
}

/* Keys that may leave the screen as it is (a second Esc, the quit key). */
static void settle(struct session *s, const char *key)
{
    if (write(s->fd, key, strlen(key)) >= 0)
        answer_within(s, NULL, 1000);
}

/* Key to screen: from writing the bytes to the last byte of the answer. */
static double press(struct session *s, const char *key)
{
    double t0 = now_ms();
    if (write(s->fd, key, strlen(key)) < 0)
        return -1;
    struct reading r = answer(s, NULL);
    return r.last < 0 ? -1 : r.last - t0;
}

/* qsort's comparison for the medians. */
static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n presses of one key: one slow frame does not decide. */
static double median_of(struct session *s, const char *key, int n)
{
    double t[64];
    for (int i = 0; i < n; i++)
        t[i] = press(s, key);
    qsort(t, (size_t)n, sizeof *t, by_value);
    return t[n / 2];
}

/* Ends a session whatever state it is in; the child is ours to reap. */
static void stop(struct session *s, const char *quit)
{
    settle(s, quit);
    kill(s->pid, SIGTERM);
    waitpid(s->pid, NULL, 0);
    close(s->fd);
}

/* Labels hold Chinese needles: padded by terminal cells, not bytes. */
static int cells(const char *s)
{
    int n = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        if ((*u & 0xC0) != 0x80)
            n += *u >= 0xE0 ? 2 : 1;
    return n;
}

/* One line: the figure, its baseline (or none), the target and the verdict. */
static void line(const char *what, double ms, const char *base, double target)
{
    char fig[32];
    if (ms < 0)
        snprintf(fig, sizeof fig, "no answer");
    else
        snprintf(fig, sizeof fig, "%.1f ms", ms);
    int pad = 34 - cells(what);
    printf("  %s%*s %12s %-22s <= %-6.0f %s\n", what, pad > 0 ? pad : 0, "", fig, base, target,
           ms >= 0 && ms <= target ? "ok" : "MISSED");
}

/* Typing a needle into the filter prompt, one character (not byte) a key. */
static void filter_keystrokes(struct session *s, const char *needle)
{
    press(s, "f");
    char keys[256] = "";
    double worst = 0;
    for (const char *c = needle; *c;) {
        size_t n = 1;
        while (((unsigned char)c[n] & 0xC0) == 0x80)
            n++;
        char key[8] = "";
        memcpy(key, c, n);
        double ms = press(s, key);
        worst = ms < 0 || ms > worst ? (ms < 0 ? 1e9 : ms) : worst;
        size_t used = strlen(keys);
        snprintf(keys + used, sizeof keys - used, "%s%s %.0f", used ? "," : "", key, ms);
        c += n;
    }
    settle(s, "\x1b"); /* leave the prompt, then clear the filter */
    settle(s, "\x1b");
    char what[96];
    snprintf(what, sizeof what, "filter \"%s\", slowest key", needle);
    char base[64];
    snprintf(base, sizeof base, "(%s ms)", keys);
    line(what, worst >= 1e9 ? -1 : worst, "", KEY_TARGET_MS);
    printf("    %s\n", base);
}

/* less has no sort and no filter: it is the baseline for moving only. */
static void measure_less(const char *rows_file, double *cursor, double *page)
{
    char *argv[] = {(char *)"less", (char *)"-S", (char *)rows_file, NULL};
    struct session s = start(argv);
    answer(&s, NULL);
    *cursor = median_of(&s, "j", MOVES);
    *page = median_of(&s, " ", PAGES);
    stop(&s, "q");
}

/* The first frame is whatever the program draws first (a loading screen
 * counts); the table is the first frame with rows in it. */
static struct session open_dashboard(const char *zjdash, const char *dataset, double *table_ms)
{
    char *argv[] = {(char *)zjdash, (char *)dataset, NULL};
    double t0 = now_ms();
    struct session s = start(argv);
    struct reading r = answer(&s, "row 1 of");
    char base[64];
    *table_ms = r.seen ? r.last - t0 : -1;
    snprintf(base, sizeof base, "(table: %.0f ms)", *table_ms);
    line("first frame", r.first < 0 ? -1 : r.first - t0, base, FIRST_TARGET_MS);
    return s;
}

/* A key's answer, however long it takes to begin; *seen_at, when the output
 * that held marker ended (left as it was if marker has not come). */
static double press_noting(struct session *s, const char *key, const char *marker, double *seen_at)
{
    struct reading r = {-1, -1, false, ""};
    double t0 = now_ms();
    if (write(s->fd, key, strlen(key)) < 0)
        return -1;
    for (;;) {
        struct pollfd p = {s->fd, POLLIN, 0};
        if (poll(&p, 1, r.first < 0 ? ANSWER_MS : QUIET_MS) <= 0 || !take(s, &r, marker))
            break;
    }
    if (r.seen && *seen_at < 0)
        *seen_at = r.last;
    return r.last < 0 ? -1 : r.last - t0;
}

/* R: the whole file read again (and its places) on a thread, then moved
 * onto; the cursor is moved all the while, and its slowest answer is what
 * a user waits for at worst. The first load of the file is the baseline:
 * reading again should cost about what starting again would, and a key
 * should never wait for it. */
static void reload_figures(struct session *s, double table_ms)
{
    /* "loaded", not "reloaded": curses does not send again what is on the
     * screen already, and the status line said "reading" there */
    double t0 = now_ms(), worst = 0, done = -1;
    int moves = 0;
    press_noting(s, "R", "loaded", &done);
    while (done < 0 && now_ms() - t0 < ANSWER_MS) {
        double ms = press_noting(s, moves++ % 2 ? "k" : "j", "loaded", &done);
        worst = ms < 0 || ms > worst ? (ms < 0 ? 1e9 : ms) : worst;
    }
    char base[64];
    snprintf(base, sizeof base, "(first table: %.0f ms)", table_ms);
    line("R, to the table on the new data", done < 0 ? -1 : done - t0, base, 2 * table_ms);
    snprintf(base, sizeof base, "(%d moves)", moves);
    line("cursor move while it reads, slowest", worst >= 1e9 ? -1 : worst, base, KEY_TARGET_MS);
}

/* One session on the dataset: every key measured in the same one, as a user would. */
int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: keys ZJDASH DATASET ROWS_FILE\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    double less_cursor, less_page;
    measure_less(argv[3], &less_cursor, &less_page);
    printf("key to screen, through a pseudo-terminal at 100x30 (median of several presses)\n");
    printf("  %-34s %12s %-22s %-9s\n", "", "zjdash", "baseline", "target");
    double table_ms;
    struct session s = open_dashboard(argv[1], argv[2], &table_ms);
    char base[64];
    snprintf(base, sizeof base, "less -S %.1f ms", less_cursor);
    line("cursor move (j)", median_of(&s, "j", MOVES), base, CURSOR_TARGET_MS);
    snprintf(base, sizeof base, "less -S %.1f ms", less_page);
    line("page (PgDn)", median_of(&s, "\x1b[6~", PAGES), base, KEY_TARGET_MS);
    press(&s, "g");
    line("sort by the next column (>)", median_of(&s, ">", SORTS), "", KEY_TARGET_MS);
    line("reverse the sort (r)", median_of(&s, "r", 3), "", KEY_TARGET_MS);
    static const char *const needles[] = {"djgy", "lwc", "红树林", "4000"};
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++)
        filter_keystrokes(&s, needles[i]);
    reload_figures(&s, table_ms);
    stop(&s, "Q");
    return 0;
}

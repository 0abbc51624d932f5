#define _GNU_SOURCE /* close_range, ptsname */
/* The soak: the real dashboard (ZJDASH, the sanitizer build in make check and
 * make soak) on a pseudo-terminal for SOAK_SECONDS, given what a long day of
 * use gives it: the keys of the README (the storm's set in test_faults),
 * Chinese typed at prompts, clicks and the wheel when it asks the terminal
 * for the mouse, new sizes, pictures taken with s, and its dataset file
 * rewritten under it (valid and not, in place and renamed over it, so that
 * it reloads onto whatever page the keys left open). It must never die,
 * must show its frame whenever the keys have settled, and must not grow:
 * its resident memory, read from /proc after a warm-up, stays within
 * RSS_GROWTH_KB of what it was then. The pictures are taken in each format
 * s knows, png, svg and txt, one run of the program each (s reads
 * ZJDASH_SNAPSHOT_FORMAT when pressed, from an environment set at start), so
 * that each run has a third of the time.
 *
 * A random seed each run, printed first and on failure; SOAK_SEED=N replays
 * one (the same keys; the timing, and so what they meet, may differ). */
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

#include <cmocka.h>

#include "buf.h"
#include "text.h"

#include "../support/pty_screen.h"
#include "../support/testutil.h"

#define PATIENCE_MS 10000 /* generous: the sanitizer build is slow */
#define QUIET_MS 150
/* The first run's share of the time it may spend warming up, and the most:
 * long enough for the caches that fill once (fontconfig's and Pango's with
 * the first picture, each tab's and page's first layout) to be full. */
#define WARM_UP_SHARE 4
#define WARM_UP_MAX_MS 60000
/* How much the resident set may grow after the warm-up, in kB. Measured on
 * the sanitizer build in runs of 4 to 7 s: 0 to 4 MB, as ASan's allocator
 * and quarantine (kept small here, see QUARANTINE) fill and a freed
 * picture's memory goes back to the system or not (the first picture, and
 * one at 300x100, the largest, are in the warm-up). 24 MB is well above
 * that, and below what a leak of a frame or a picture a key adds soon: a
 * 256 kB block kept on every key went past it within 7 s (make check's
 * third of 20 s); the 10-minute soak gives such a leak 200 s a run. */
#define RSS_GROWTH_KB (24 * 1024)
/* ASan keeps freed memory in quarantine, 256 MB by default: in a run of a
 * few minutes that alone would look like growth. 4 MB still catches a use
 * of what was freed a moment ago, the only kind a soak can point at. Its
 * allocator also keeps freed pages of each size of block until told to
 * give them back: in ten minutes of pictures (blocks of megabytes, of many
 * sizes) the resident set grew 46 MB that way, while the plain build, 190
 * pictures later, had grown 1 MB. Given back every half second, what is
 * left is what the program holds. */
#define QUARANTINE "quarantine_size_mb=4:allocator_release_to_os_interval_ms=500"
/* The frame, whatever the page: the tab bar's first and last titles. */
#define FRAME_FIRST "1 组织凝心"
#define FRAME_LAST "4 帮扶暖心"

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

static uint64_t seed;
static long soak_ms;

/* Every key of the README but those that quit (q on a table, Q, Ctrl-C),
 * and s, which is taken apart, and e, whose files would fill the folder:
 * the storm's set (test_faults), and R. */
/* clang-format off */
static const char *const soak_keys[] = {
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "\t", "\x1b[Z", "p", "+", "-", "c",
    "\x1bOA", "\x1bOB", "\x1b[A", "\x1b[B", "j", "k", "\x1b[5~", "\x1b[6~",
    "\x1bOH", "\x1bOF", "\x1b[H", "\x1b[F", "\x1b[1~", "\x1b[4~", "g", "G",
    "\r", "\x1bOC", "\x1b[C", "l", "\x1b", "\x1bOD", "\x1b[D", "h", "\x7f", "\b",
    "<", ">", "r", "/", "n", "N", "f", "t", "?", "?q", "?q", "R", "y", "Y",
};
/* clang-format on */

static const char chinese[] = "组织凝心联建强心治理同心帮扶暖心湛江文章村布政党支部企业乡村振兴";

struct soak {
    struct pty_screen pty;
    pid_t pid;
    int status;
    bool mouse; /* the program asked the terminal for the mouse */
    int probe;  /* the terminal's other side, to see what is still unread */
    char dir[64], err_path[96];
    const char *format;
    long rss_warm_kb, rss_peak_kb;
    buf recent; /* what was sent since the frame was last seen, for a failure */
    char data_path[96]; /* the dataset it was started on, rewritten as it runs */
    unsigned actions, clicks, resizes, pictures, rewrites;
};

/* The dataset as a user edits it while the dashboard shows it: the same
 * again, a theme's id changed (its tab is gone), a record's id changed (its
 * pages are gone), or a file cut in half (not valid: nothing changes). */
static void write_data(const char *path, uint32_t variant)
{
    static buf original;
    if (!original.len)
        assert_true(read_file("data/zhanjiang-2024.json", &original));
    static const char *const changes[][2] = {
        {NULL, NULL}, {"\"governance\"", "\"governance_renamed\""}, {"r_org_plan", "r_org_planx"}};
    buf text;
    buf_init(&text);
    if (variant < 3 && changes[variant][0]) {
        const char *at = strstr(original.data, changes[variant][0]);
        assert_non_null(at);
        buf_put(&text, original.data, (size_t)(at - original.data));
        buf_puts(&text, changes[variant][1]);
        buf_puts(&text, at + strlen(changes[variant][0]));
    } else {
        buf_put(&text, original.data, variant < 3 ? original.len : original.len / 2);
    }
    /* in place, or as a safe editor saves: a new file renamed over it */
    char tmp[128];
    snprintf(tmp, sizeof tmp, "%s.new", path);
    bool rename_in = variant & 1;
    FILE *f = fopen(rename_in ? tmp : path, "w");
    assert_non_null(f);
    fwrite(text.data, 1, text.len, f);
    fclose(f);
    if (rename_in)
        assert_int_equal(rename(tmp, path), 0);
    buf_free(&text);
}

/* The run under way, for the teardown. */
static struct soak *live;

static int on_termprop(VTermProp prop, VTermValue *val, void *user)
{
    struct soak *s = user;
    if (prop == VTERM_PROP_MOUSE)
        s->mouse = val->number != VTERM_PROP_MOUSE_NONE;
    return 1;
}

static const VTermScreenCallbacks callbacks = {.settermprop = on_termprop};

static void describe(char *out, size_t n, int status)
{
    if (WIFSIGNALED(status))
        snprintf(out, n, "killed by signal %d", WTERMSIG(status));
    else
        snprintf(out, n, "exit status %d", WEXITSTATUS(status));
}

/* What a failure needs: the seed to replay it, the screen, what the program
 * said on standard error. */
static void fail_with(struct soak *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail_with(struct soak *s, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    pty_dump(&s->pty);
    fprintf(stderr, "sent since the frame was last seen (~W: a resize to W columns):\n%s\n",
            s->recent.data ? s->recent.data : "");
    buf err;
    buf_init(&err);
    read_file(s->err_path, &err);
    fprintf(stderr, "its standard error:\n%s\n", err.data ? err.data : "");
    buf_free(&err);
    fail_msg("%s (snapshots in %s; %u actions, %u clicks, %u resizes, %u pictures; replay with "
             "SOAK_SEED=%llu SOAK_SECONDS=%ld)",
             why, s->format, s->actions, s->clicks, s->resizes, s->pictures, (unsigned long long)seed,
             soak_ms / 1000);
}

static bool ended(struct soak *s)
{
    if (s->pid <= 0)
        return true;
    int status;
    if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
        s->status = status;
        s->pid = 0;
        return true;
    }
    return false;
}

static void assert_alive(struct soak *s)
{
    if (ended(s)) {
        char why[64];
        describe(why, sizeof why, s->status);
        fail_with(s, "zjdash died: %s", why);
    }
}

static void start(struct soak *s, const char *format)
{
    memset(s, 0, sizeof *s);
    buf_init(&s->recent);
    s->format = format;
    const char *tmp = getenv("TMPDIR");
    snprintf(s->dir, sizeof s->dir, "%s/zjdash-soak-XXXXXX", tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    assert_non_null(mkdtemp(s->dir));
    snprintf(s->err_path, sizeof s->err_path, "%s/stderr", s->dir);
    snprintf(s->data_path, sizeof s->data_path, "%s/data.json", s->dir);
    write_data(s->data_path, 0);
    pty_init(&s->pty, 30, 100, PATIENCE_MS, QUIET_MS);
    struct winsize ws = {.ws_row = 30, .ws_col = 100};
    int master;
    fflush(NULL);
    s->pid = forkpty(&master, NULL, NULL, &ws);
    assert_true(s->pid >= 0);
    if (s->pid == 0) {
        char dir_env[96], format_env[64], asan[512];
        snprintf(dir_env, sizeof dir_env, "ZJDASH_SNAPSHOT_DIR=%s", s->dir);
        snprintf(format_env, sizeof format_env, "ZJDASH_SNAPSHOT_FORMAT=%s", format);
        const char *was = getenv("ASAN_OPTIONS");
        snprintf(asan, sizeof asan, "ASAN_OPTIONS=%s%s" QUARANTINE, was ? was : "", was && *was ? ":" : "");
        const char *env[] = {dir_env, format_env, asan, NULL};
        child_environment(env);
        int e = open(s->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (e < 0 || dup2(e, STDERR_FILENO) < 0)
            _exit(126);
        close_range(3, ~0U, 0);
        const char *argv[] = {zjdash_binary(), s->data_path, NULL};
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    pty_attach(&s->pty, master, false, &callbacks, s);
    s->probe = open(ptsname(master), O_RDWR | O_NOCTTY);
    assert_true(s->probe >= 0);
    long end = now_ms() + PATIENCE_MS;
    while (!pty_shows(&s->pty, FRAME_FIRST, NULL) && now_ms() < end && !ended(s))
        pty_read(&s->pty, 50);
    if (!pty_shows(&s->pty, FRAME_FIRST, NULL))
        fail_with(s, "zjdash did not show its frame at start");
}

/* Writes all of bytes, reading what the program writes meanwhile: a program
 * that cannot write its screen does not read its keys either. */
static void send_bytes(struct soak *s, const char *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c < 0x20 || c == 0x7f)
            buf_printf(&s->recent, "\\x%02x", c);
        else
            buf_putc(&s->recent, (char)c);
    }
    long end = now_ms() + PATIENCE_MS * 3;
    while (n > 0) {
        ssize_t w = write(s->pty.fd, bytes, n);
        if (w > 0) {
            bytes += w;
            n -= (size_t)w;
            continue;
        }
        if (w < 0 && errno != EAGAIN && errno != EINTR)
            fail_with(s, "cannot write to the terminal: %s", strerror(errno));
        assert_alive(s);
        if (now_ms() > end)
            fail_with(s, "zjdash has not read its keys for %d s", PATIENCE_MS * 3 / 1000);
        pty_read(&s->pty, 10);
    }
}

/* Waits until the program has read all but most bytes of its keys: a
 * typist far ahead of it would be one long paste, every resize seen at once. */
static void wait_unread(struct soak *s, int most)
{
    long end = now_ms() + PATIENCE_MS * 3;
    for (;;) {
        int n = 0;
        if (ioctl(s->probe, FIONREAD, &n) != 0 || n <= most)
            return;
        assert_alive(s);
        if (now_ms() > end)
            fail_with(s, "zjdash has left %d bytes of keys unread for %d s", n, PATIENCE_MS * 3 / 1000);
        pty_read(&s->pty, 5);
    }
}

/* Whether the program sleeps (waits for keys, in poll): not drawing, not
 * saving a picture. */
static bool sleeping(struct soak *s)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)s->pid);
    buf st;
    buf_init(&st);
    bool asleep = false;
    if (read_file(path, &st) && st.data) {
        const char *p = strrchr(st.data, ')');
        asleep = p && p[1] == ' ' && p[2] == 'S';
    }
    buf_free(&st);
    return asleep;
}

/* Until every key is read and the program has slept through a quiet spell. */
static void settle_idle(struct soak *s)
{
    long end = now_ms() + PATIENCE_MS * 3;
    do {
        wait_unread(s, 0);
        pty_settle(&s->pty);
        assert_alive(s);
        if (now_ms() > end)
            fail_with(s, "zjdash has not gone idle for %d s", PATIENCE_MS * 3 / 1000);
    } while (!sleeping(s) || pty_read(&s->pty, QUIET_MS));
}

static long rss_kb(struct soak *s)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", (int)s->pid);
    buf st;
    buf_init(&st);
    long kb = -1;
    if (read_file(path, &st) && st.data) {
        const char *p = strstr(st.data, "VmRSS:");
        if (p)
            kb = strtol(p + 6, NULL, 10);
    }
    buf_free(&st);
    if (kb < 0)
        assert_alive(s);
    return kb;
}

static void put_chinese(buf *out)
{
    char u[4];
    if (rnd(2)) {
        size_t n = (sizeof chinese - 1) / 3, k = rnd((uint32_t)n);
        buf_put(out, chinese + 3 * k, 3);
    } else {
        buf_put(out, u, text_encode(0x4E00 + rnd(0x9FA5 - 0x4E00), u));
    }
}

/* A prompt opened on some tab, Chinese and other text typed and corrected,
 * then taken or left. */
static void prompt(buf *out)
{
    char tab = (char)('1' + rnd(5));
    buf_printf(out, "\x1b%c%c%c", tab, tab, tab == '5' || rnd(2) ? '/' : 'f');
    for (uint32_t n = 1 + rnd(12), i = 0; i < n; i++) {
        uint32_t k = rnd(10);
        if (k < 6)
            put_chinese(out);
        else if (k < 8)
            buf_putc(out, (char)(rnd(2) ? 'a' + rnd(26) : '0' + rnd(10)));
        else
            buf_putc(out, '\x7f');
    }
    buf_putc(out, rnd(2) ? '\r' : '\x1b');
}

/* A click (press and release) or a turn of the wheel, in SGR form, on any cell. */
static void mouse(struct soak *s, buf *out)
{
    int x = 1 + (int)rnd((uint32_t)s->pty.cols), y = 1 + (int)rnd((uint32_t)s->pty.rows);
    uint32_t k = rnd(6);
    if (k < 3)
        buf_printf(out, "\x1b[<0;%d;%dM\x1b[<0;%d;%dm", x, y, x, y);
    else if (k < 4) /* a double click */
        buf_printf(out, "\x1b[<0;%d;%dM\x1b[<0;%d;%dm\x1b[<0;%d;%dM\x1b[<0;%d;%dm", x, y, x, y, x, y, x, y);
    else
        buf_printf(out, "\x1b[<%d;%d;%dM", k == 4 ? 64 : 65, x, y);
    s->clicks++;
}

/* Not below what the dashboard draws in (60x16: smaller, it says so and
 * nothing else, and the storm of test_faults tries those), now and then
 * the largest a wide screen has. */
static void resize(struct soak *s)
{
    int rows = 16 + (int)rnd(45), cols = 60 + (int)rnd(141);
    if (!rnd(10))
        rows = 100, cols = 300;
    pty_set_size(&s->pty, rows, cols);
    buf_printf(&s->recent, " ~%dx%d ", cols, rows);
    s->resizes++;
}

/* Whatever the keys left open, Esc closes (three: a prompt, a help over a
 * page, the page) and the frame is there, whole, at a usual size. */
static void assert_frame(struct soak *s)
{
    pty_settle(&s->pty);
    pty_set_size(&s->pty, 30, 100);
    pty_settle(&s->pty);
    for (int i = 0; i < 3; i++) {
        send_bytes(s, "\x1b", 1);
        pty_settle(&s->pty);
    }
    /* the emulator back once the program is done with the keys and the
     * old sizes (a picture at 300x100 may keep it busy, and silent, longer
     * than a settle waits), told to forget the modes it missed (a
     * scrolling region among them), and a whole new screen for it (Ctrl-L),
     * the same size or not */
    settle_idle(s);
    s->pty.mute = false;
    vterm_screen_reset(s->pty.screen, 1);
    send_bytes(s, "\f", 1);
    pty_settle(&s->pty);
    assert_alive(s);
    if (!pty_shows(&s->pty, FRAME_FIRST, NULL) || !pty_shows(&s->pty, FRAME_LAST, NULL))
        fail_with(s, "after the keys settled, Esc Esc Esc at 100x30 does not show the tab bar");
    buf_clear(&s->recent);
    /* libvterm 0.1.4 itself crashes on some screens after a resize (see
     * the storm in test_faults): it sits the keys out, counting what the
     * program writes, and sees the screen only here */
    s->pty.mute = true;
}

/* The pictures taken so far: counted, then removed, so that ten minutes of
 * them do not fill the disk. */
static unsigned take_pictures(struct soak *s)
{
    DIR *d = opendir(s->dir);
    assert_non_null(d);
    unsigned n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (strncmp(e->d_name, "zjdash-", 7))
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", s->dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && st.st_size > 0 && strstr(e->d_name, s->format))
            n++;
        unlink(path);
    }
    closedir(d);
    return n;
}

/* One run of the program for ms, pictures in format. */
static void soak_run(const char *format, long ms)
{
    static struct soak s; /* the teardown's too, after a failure */
    live = &s;
    start(&s, format);
    long began = now_ms(), end = began + ms;
    long warm = ms / WARM_UP_SHARE < WARM_UP_MAX_MS ? ms / WARM_UP_SHARE : WARM_UP_MAX_MS;
    s.pty.mute = true; /* see assert_frame */
    /* pictures at once, at the usual size and the largest, so that the
     * warm-up has what the first one loads and the biggest a picture takes */
    send_bytes(&s, "s", 1);
    pty_settle(&s.pty);
    pty_set_size(&s.pty, 100, 300);
    pty_settle(&s.pty);
    send_bytes(&s, "s", 1);
    pty_settle(&s.pty);
    s.pictures += 2;
    buf keys;
    buf_init(&keys);
    long next_check = began + 2000, next_rss = began + warm;
    bool warmed = false;
    while (now_ms() < end) {
        buf_clear(&keys);
        uint32_t kind = rnd(100);
        if (kind < 55 || (kind >= 70 && kind < 85 && !s.mouse))
            buf_puts(&keys, soak_keys[rnd(sizeof soak_keys / sizeof soak_keys[0])]);
        else if (kind < 70)
            prompt(&keys);
        else if (kind < 85)
            mouse(&s, &keys);
        else if (kind < 92)
            resize(&s);
        else if (kind < 95) {
            buf_putc(&keys, 's');
            s.pictures++;
        } else if (kind < 97) {
            write_data(s.data_path, rnd(4));
            s.rewrites++;
        } else {
            put_chinese(&keys); /* on a table: nothing, or the start of a search */
        }
        if (keys.len)
            send_bytes(&s, keys.data, keys.len);
        s.actions++;
        wait_unread(&s, 32);
        /* now and then a pause, long enough for a frame: typed ahead, keys
         * are taken with no frame drawn between them */
        if (!rnd(10))
            pty_settle(&s.pty);
        else
            pty_read(&s.pty, 0);
        if (now_ms() >= next_check) {
            assert_frame(&s);
            next_check = now_ms() + 2000;
        }
        if (now_ms() >= next_rss) {
            pty_settle(&s.pty);
            long kb = rss_kb(&s);
            if (!warmed) {
                s.rss_warm_kb = s.rss_peak_kb = kb;
                warmed = true;
            } else if (kb > s.rss_peak_kb) {
                s.rss_peak_kb = kb;
                if (kb - s.rss_warm_kb > RSS_GROWTH_KB)
                    fail_with(&s, "its memory grew from %ld kB after the warm-up to %ld kB", s.rss_warm_kb,
                              kb);
            }
            next_rss = now_ms() + 1000;
        }
    }
    buf_free(&keys);
    assert_frame(&s);
    send_bytes(&s, "Q", 1);
    long quit_end = now_ms() + 5000;
    while (!ended(&s) && now_ms() < quit_end)
        pty_read(&s.pty, 20);
    if (s.pid > 0)
        fail_with(&s, "Q did not end zjdash within 5 s");
    buf err;
    buf_init(&err);
    read_file(s.err_path, &err);
    bool report = err.data && (strstr(err.data, "Sanitizer") || strstr(err.data, "runtime error"));
    if (!WIFEXITED(s.status) || WEXITSTATUS(s.status) != 0 || report) {
        char why[64];
        describe(why, sizeof why, s.status);
        fail_with(&s, "zjdash ended with %s%s", why, report ? " and a sanitizer's report" : "");
    }
    buf_free(&err);
    unsigned pictures = take_pictures(&s);
    if (pictures == 0)
        fail_with(&s, "s pressed %u times and no %s picture saved", s.pictures, format);
    printf("  %s: %u actions, %u clicks, %u resizes, %u pictures, %u rewrites of the data, memory %ld "
           "kB after the warm-up, at most %ld kB after\n",
           format, s.actions, s.clicks, s.resizes, s.pictures, s.rewrites, s.rss_warm_kb,
           s.rss_peak_kb);
    unlink(s.err_path);
    unlink(s.data_path);
    rmdir(s.dir);
    buf_free(&s.recent);
    close(s.probe);
    pty_close(&s.pty);
    live = NULL;
}

/* Each format's run its third of the time. */
static void the_dashboard_should_live_through_a_long_day(void **state)
{
    (void)state;
    static const char *const formats[] = {"png", "svg", "txt"};
    printf("  SOAK_SEED=%llu SOAK_SECONDS=%ld (%s)\n", (unsigned long long)seed, soak_ms / 1000,
           zjdash_binary());
    for (int i = 0; i < 3; i++)
        soak_run(formats[i], soak_ms / 3);
}

/* A failed assertion jumps out of a run: its program is killed here, its
 * pictures and standard error left for whoever reads the failure. */
static int teardown(void **state)
{
    (void)state;
    if (live && live->pid > 0) {
        kill(live->pid, SIGKILL);
        waitpid(live->pid, NULL, 0);
    }
    if (live) {
        buf_free(&live->recent);
        close(live->probe);
        pty_close(&live->pty);
    }
    live = NULL;
    return 0;
}

int main(void)
{
    const char *sec = getenv("SOAK_SECONDS"), *sd = getenv("SOAK_SEED");
    soak_ms = 1000 * (sec && *sec ? strtol(sec, NULL, 10) : 20);
    if (soak_ms < 3000)
        soak_ms = 3000;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    seed = sd && *sd ? strtoull(sd, NULL, 0) : (uint64_t)now.tv_sec * 1000003u ^ (uint64_t)now.tv_nsec ^ (uint64_t)getpid();
    rng_state = seed ? seed : 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(the_dashboard_should_live_through_a_long_day, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#define _GNU_SOURCE /* memmem, openpty, login_tty, close_range, wait4 */
/* zjdash when things go wrong: a storm of keys and resizes, signals and
 * hang-ups, environments it cannot run in, hostile text in a dataset, and the
 * file descriptors and memory it leaves behind. The real binary (ZJDASH) runs
 * on a pseudo-terminal whose output feeds a real terminal emulator (libvterm),
 * or with its standard streams in files; the assertions are on the emulated
 * screen, the bytes written, the terminal's settings and the exit status. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <utmp.h>
#include <vterm.h>

#include <cmocka.h>

#include "buf.h"
#include "text.h"

#include "../support/model_extra.h"
#include "../support/pty_screen.h"
#include "../support/testutil.h"

#define PATIENCE_MS 10000 /* generous: the sanitizer build is slow */
#define QUIET_MS 120
#define STORM_EVENTS 3000
#define STORM_SEED 0x7a6a64617368ULL /* "zjdash" */

/* ---- things to clean up after a failed assertion jumps out of a test ---- */

static pid_t live_pids[16];
static char live_dirs[16][64];

/* A child left running by a failed assertion is killed by the teardown. */
static void track_pid(pid_t pid)
{
    for (int i = 0; i < 16; i++)
        if (!live_pids[i]) {
            live_pids[i] = pid;
            return;
        }
}

/* A reaped child's pid may be reused: the teardown must not kill it. */
static void untrack_pid(pid_t pid)
{
    for (int i = 0; i < 16; i++)
        if (live_pids[i] == pid)
            live_pids[i] = 0;
}

/* Buffers and terminals a test uses, released by the teardown. */
static buf scratch_pool[512];
static int nscratch;
struct term;
static struct term *live_terms[8];
static void term_free(struct term *t);

static buf row_text;

/* Buffers a failed assertion would leak, freed by the teardown instead. */
static buf *scratch(void)
{
    if (nscratch == (int)(sizeof scratch_pool / sizeof scratch_pool[0]))
        fail_msg("too many scratch buffers");
    buf *b = &scratch_pool[nscratch++];
    buf_init(b);
    return b;
}

/* The temporary directories hold only plain files: one level is enough. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[512];
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* A fresh temporary directory, removed by untrack_dir or the teardown. */
static const char *new_dir(void)
{
    for (int i = 0; i < 16; i++)
        if (!live_dirs[i][0]) {
            strcpy(live_dirs[i], "/tmp/zjdash-faults-XXXXXX");
            assert_non_null(mkdtemp(live_dirs[i]));
            return live_dirs[i];
        }
    fail_msg("too many temporary directories");
    return NULL;
}

/* A test that is done removes its directory, so that the teardown does not. */
static void untrack_dir(const char *dir)
{
    for (int i = 0; i < 16; i++)
        if (live_dirs[i][0] && !strcmp(live_dirs[i], dir)) {
            remove_dir(live_dirs[i]);
            live_dirs[i][0] = 0;
        }
}

/* A failed assertion jumps out of a test: what it started or made is ended here. */
static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < 8; i++)
        if (live_terms[i])
            term_free(live_terms[i]);
    for (int i = 0; i < nscratch; i++)
        buf_free(&scratch_pool[i]);
    buf_free(&row_text);
    nscratch = 0;
    for (int i = 0; i < 16; i++) {
        if (live_pids[i] > 0) {
            kill(live_pids[i], SIGKILL);
            waitpid(live_pids[i], NULL, 0); /* at once for a child, -1 for a grandchild */
            live_pids[i] = 0;
        }
        if (live_dirs[i][0]) {
            remove_dir(live_dirs[i]);
            live_dirs[i][0] = 0;
        }
    }
    /* reap whatever is left (the relays and their children) */
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    return 0;
}

/* ---- small helpers ---- */

/* CPU time tells a program that spins from one that waits. */
static double cpu_seconds(const struct rusage *ru)
{
    return (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec / 1e6 +
           (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec / 1e6;
}

/* A dataset a test made must be on disk whole before zjdash reads it. */
static void write_path(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Bytes shown for a failure message: escapes and controls as \xHH. */
static void visible(buf *out, const char *s, size_t n)
{
    buf_clear(out);
    for (size_t i = 0; i < n && i < 600; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            buf_printf(out, "\\x%02X", c);
        else
            buf_putc(out, (char)c);
    }
    if (!out->data)
        buf_puts(out, "");
}

/* A child inherits the test's dispositions and mask: zjdash must start as from a shell. */
static void child_signals(bool ignore_hup)
{
    for (int s = 1; s < NSIG; s++)
        if (s != SIGKILL && s != SIGSTOP)
            signal(s, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (ignore_hup)
        signal(SIGHUP, SIG_IGN);
}

/* Failure messages say how zjdash ended in words, not as a wait status. */
static void describe_status(char *out, size_t n, int status)
{
    if (WIFEXITED(status))
        snprintf(out, n, "exit status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(out, n, "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(out, n, "wait status 0x%x", status);
}

/* Fails with a message; the long text (a sanitizer's or valgrind's report)
 * goes to standard error whole, where cmocka would cut it. */
#define fail_showing(text, ...)                                                                    \
    do {                                                                                           \
        fprintf(stderr, "%s\n", (text));                                                           \
        fail_msg(__VA_ARGS__);                                                                     \
    } while (0)

/* ---- the terminal ---- */

struct term {
    pid_t pid;   /* zjdash */
    pid_t relay; /* under job control: the shell-like parent of zjdash */
    int events;  /* the relay's reports */
    struct pty_screen pty;
    int status; /* after term_wait_exit */
    struct rusage usage;
    struct termios before; /* the terminal's settings before zjdash started */
    const char *dir;
    char err_path[128]; /* its standard error, when captured */
    int titles;         /* times the window title or icon name was set */
    bool altscreen, cursor_visible;
    bool mouse; /* the terminal reports the mouse to the program */
    int probe; /* the terminal's slave side, opened to see what is unread */
};

struct opts {
    const char *const *args;
    const char *const *env;
    bool ignore_hup;
    bool capture_stderr; /* standard error to a file rather than the terminal */
    bool job_control;    /* run as a shell runs a job: its own foreground group */
    bool own_stdin;      /* standard input from stdin_fd rather than the terminal */
    int stdin_fd;
};

/* The one way zjdash starts on a terminal, with or without a relay in between. */
static void exec_zjdash(const struct opts *o, const char *err_path)
{
    child_environment(o->env);
    child_signals(o->ignore_hup);
    if (o->own_stdin)
        dup2(o->stdin_fd, STDIN_FILENO);
    if (err_path) {
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (e < 0 || dup2(e, STDERR_FILENO) < 0)
            _exit(126);
    }
    close_range(3, ~0U, 0);
    const char *argv[24] = {zjdash_binary()};
    int n = 1;
    for (const char *const *a = o->args; a && *a && n < 23; a++)
        argv[n++] = *a;
    argv[n] = NULL;
    execv(argv[0], (char *const *)argv);
    _exit(127);
}

struct event {
    int kind; /* 0: the pid of zjdash; 1: a wait status */
    int value;
};

/* The session leader of the terminal, as a shell: starts zjdash in its own
 * process group in the foreground and reports what becomes of it. A stop
 * signal does stop a job like that; it is discarded for a session leader. */
static void relay(int out, const struct opts *o, const char *err_path)
{
    pid_t b = fork();
    if (b == 0) {
        signal(SIGTTOU, SIG_IGN);
        setpgid(0, 0);
        tcsetpgrp(STDIN_FILENO, getpid());
        exec_zjdash(o, err_path);
    }
    setpgid(b, b);
    struct event e = {0, b};
    if (write(out, &e, sizeof e) != sizeof e)
        _exit(1);
    for (;;) {
        int st;
        pid_t w = waitpid(b, &st, WUNTRACED | WCONTINUED);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            _exit(1);
        }
        e = (struct event){1, st};
        if (write(out, &e, sizeof e) != sizeof e)
            _exit(1);
        if (WIFEXITED(st) || WIFSIGNALED(st))
            _exit(0);
    }
}

/* Titles, the alternate screen and the cursor are not on the screen: libvterm reports them here. */
static int on_termprop(VTermProp prop, VTermValue *val, void *user)
{
    struct term *t = user;
    switch (prop) {
    case VTERM_PROP_TITLE:
    case VTERM_PROP_ICONNAME:
        t->titles++;
        break;
    case VTERM_PROP_ALTSCREEN:
        t->altscreen = val->boolean;
        break;
    case VTERM_PROP_CURSORVISIBLE:
        t->cursor_visible = val->boolean;
        break;
    case VTERM_PROP_MOUSE:
        t->mouse = val->number != VTERM_PROP_MOUSE_NONE;
        break;
    default:
        break;
    }
    return 1;
}

static const VTermScreenCallbacks screen_callbacks = {.settermprop = on_termprop};

/* The relay reports on a pipe, read with a time limit so that a test cannot hang. */
static bool next_event(struct term *t, struct event *e, int ms)
{
    struct pollfd p = {t->events, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0)
        return false;
    return read(t->events, e, sizeof *e) == (ssize_t)sizeof *e;
}

/* Starts zjdash on a rows x cols terminal. */
static void term_start(struct term *t, int rows, int cols, const struct opts *o)
{
    memset(t, 0, sizeof *t);
    pty_init(&t->pty, rows, cols, PATIENCE_MS, QUIET_MS);
    t->events = -1;
    t->probe = -1;
    t->cursor_visible = true;
    for (int i = 0; i < 8; i++)
        if (!live_terms[i]) {
            live_terms[i] = t;
            break;
        }
    t->dir = new_dir();
    if (o->capture_stderr)
        snprintf(t->err_path, sizeof t->err_path, "%s/stderr", t->dir);
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    int master, slave;
    assert_int_equal(openpty(&master, &slave, NULL, NULL, &ws), 0);
    assert_int_equal(tcgetattr(slave, &t->before), 0);
    int ev[2] = {-1, -1};
    if (o->job_control)
        assert_int_equal(pipe(ev), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(master);
        if (login_tty(slave) != 0)
            _exit(126);
        if (!o->job_control)
            exec_zjdash(o, o->capture_stderr ? t->err_path : NULL);
        close(ev[0]);
        relay(ev[1], o, o->capture_stderr ? t->err_path : NULL);
        _exit(0);
    }
    close(slave);
    pty_attach(&t->pty, master, true, &screen_callbacks, t);
    track_pid(pid);
    if (o->job_control) {
        close(ev[1]);
        t->relay = pid;
        t->events = ev[0];
        struct event e;
        assert_true(next_event(t, &e, PATIENCE_MS));
        assert_int_equal(e.kind, 0);
        t->pid = e.value;
        track_pid(t->pid);
    } else {
        t->pid = pid;
    }
}

/* Ends zjdash and its relay and closes the terminal, whether the test went well or not. */
static void term_free(struct term *t)
{
    for (int i = 0; i < 8; i++)
        if (live_terms[i] == t)
            live_terms[i] = NULL;
    if (t->relay && t->pid > 0) {
        /* not a child: signalled only while the relay has not reported its end */
        struct event e;
        while (t->events >= 0 && next_event(t, &e, 0))
            if (e.kind == 1 && (WIFEXITED(e.value) || WIFSIGNALED(e.value))) {
                untrack_pid(t->pid);
                t->pid = 0;
            }
    }
    if (t->pid > 0) {
        kill(t->pid, SIGKILL);
        if (!t->relay)
            waitpid(t->pid, NULL, 0);
        untrack_pid(t->pid);
    }
    if (t->relay > 0) {
        kill(t->relay, SIGKILL);
        waitpid(t->relay, NULL, 0);
        untrack_pid(t->relay);
    }
    pty_close(&t->pty);
    if (t->events >= 0)
        close(t->events);
    if (t->probe >= 0)
        close(t->probe);
    if (t->dir)
        untrack_dir(t->dir);
}

/* Whether zjdash (a child, not under job control) has ended; if so it is
 * reaped, its status kept, and its pid forgotten. */
static bool term_ended(struct term *t)
{
    int status;
    if (t->relay || t->pid <= 0 || wait4(t->pid, &status, WNOHANG, &t->usage) != t->pid)
        return false;
    t->status = status;
    untrack_pid(t->pid);
    t->pid = 0;
    return true;
}

/* Writes all of keys, reading the program's output whenever the terminal's
 * input is full, so that neither side waits for the other. */
static void term_send_n(struct term *t, const char *keys, size_t n)
{
    long end = now_ms() + PATIENCE_MS * 3;
    while (n > 0) {
        ssize_t w = write(t->pty.fd, keys, n);
        if (w > 0) {
            keys += w;
            n -= (size_t)w;
            continue;
        }
        if (w < 0 && errno != EAGAIN && errno != EINTR)
            fail_msg("cannot write to the terminal: %s", strerror(errno));
        if (now_ms() > end)
            fail_msg("the program has not read its input for %d s", PATIENCE_MS * 3 / 1000);
        pty_read(&t->pty, 10);
    }
}

/* How many bytes typed the program has not read yet. */
static int term_unread(struct term *t)
{
    int n = 0;
    if (t->probe < 0) {
        t->probe = open(ptsname(t->pty.fd), O_RDWR | O_NOCTTY);
        assert_true(t->probe >= 0);
    }
    assert_int_equal(ioctl(t->probe, FIONREAD, &n), 0);
    return n;
}

/* Reads the program's output until it has read all but most bytes typed. */
static void term_wait_unread(struct term *t, int most)
{
    long end = now_ms() + PATIENCE_MS * 3;
    while (term_unread(t) > most) {
        if (term_ended(t)) {
            char why[128];
            describe_status(why, sizeof why, t->status);
            buf *err = scratch();
            if (t->err_path[0])
                read_file(t->err_path, err);
            fail_showing(err->data ? err->data : "",
                         "zjdash ended with keys still unread: %s; its standard error", why);
        }
        if (now_ms() > end)
            fail_msg("the program has not read what was typed for %d s", PATIENCE_MS * 3 / 1000);
        pty_read(&t->pty, 5);
    }
}

/* Most keys are a C string: no length to count. */
static void term_send(struct term *t, const char *keys)
{
    term_send_n(t, keys, strlen(keys));
}

/* A test looks at the screen after keys only once the program has answered them. */
static void term_keys(struct term *t, const char *keys)
{
    term_send(t, keys);
    pty_settle(&t->pty);
}

/* Waits up to ms for the program to end; returns whether it did. */
static bool term_wait_exit(struct term *t, int ms)
{
    long end = now_ms() + ms;
    while (now_ms() <= end) {
        pty_read(&t->pty, 5);
        if (t->relay) {
            struct event e;
            while (next_event(t, &e, 0))
                if (e.kind == 1 && (WIFEXITED(e.value) || WIFSIGNALED(e.value))) {
                    t->status = e.value;
                    untrack_pid(t->pid);
                    t->pid = 0;
                    return true;
                }
            continue;
        }
        if (term_ended(t)) {
            while (pty_read(&t->pty, 0))
                ;
            return true;
        }
    }
    return false;
}

/* Under job control: waits for the relay to report a status that pred accepts. */
static bool term_wait_event(struct term *t, bool (*pred)(int), int ms)
{
    long end = now_ms() + ms;
    while (now_ms() <= end) {
        pty_read(&t->pty, 0);
        struct event e;
        if (next_event(t, &e, 5) && e.kind == 1 && pred(e.value))
            return true;
    }
    return false;
}

/* term_wait_event takes a function, and WIFSTOPPED is a macro. */
static bool is_stopped(int st)
{
    return WIFSTOPPED(st);
}

/* term_wait_event takes a function, and WIFCONTINUED is a macro. */
static bool is_continued(int st)
{
    return WIFCONTINUED(st);
}

/* The terminal's settings as a line of hex, for messages. */
static void describe_termios(char *out, size_t n, const struct termios *tio)
{
    int k = snprintf(out, n, "iflag %#x oflag %#x cflag %#x lflag %#x cc", (unsigned)tio->c_iflag,
                     (unsigned)tio->c_oflag, (unsigned)tio->c_cflag, (unsigned)tio->c_lflag);
    for (int i = 0; i < NCCS && k > 0 && (size_t)k < n; i++)
        k += snprintf(out + k, n - (size_t)k, " %02x", tio->c_cc[i]);
}

/* Only the flags and control characters: memcmp would compare padding and speeds too. */
static bool same_settings(const struct termios *a, const struct termios *b)
{
    return a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag && a->c_cflag == b->c_cflag &&
           a->c_lflag == b->c_lflag && !memcmp(a->c_cc, b->c_cc, sizeof a->c_cc);
}

/* The settings zjdash left on its terminal are the ones it found. */
static void assert_settings_restored(struct term *t, const char *after)
{
    struct termios now;
    assert_int_equal(tcgetattr(t->pty.fd, &now), 0);
    if (!same_settings(&now, &t->before)) {
        char was[512], is[512];
        describe_termios(was, sizeof was, &t->before);
        describe_termios(is, sizeof is, &now);
        fail_msg("after %s the terminal's settings differ from before zjdash started:\n"
                 "  before: %s\n  after:  %s",
                 after, was, is);
    }
    if (t->mouse) /* the shell would get the clicks as typed text */
        fail_msg("after %s the terminal still reports the mouse", after);
}

/* The program has the terminal in its own mode: no echo, no line editing.
 * (Also shows that the master reports the settings of its terminal.) */
static void assert_raw_within(struct term *t, int ms)
{
    long end = now_ms() + ms;
    struct termios now;
    for (;;) {
        assert_int_equal(tcgetattr(t->pty.fd, &now), 0);
        if (!(now.c_lflag & (ICANON | ECHO)))
            return;
        if (now_ms() > end)
            break;
        pty_read(&t->pty, 10);
    }
    char is[512];
    describe_termios(is, sizeof is, &now);
    fail_msg("the dashboard's terminal is not in its own mode (ICANON and ECHO off): %s", is);
}

/* ---- 1. a storm of keys and resizes ---- */

static uint64_t rng_state;

/* The storm's own generator, so that a seed replays the same storm everywhere. */
static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* Every key of the README except those that quit (q on a table, Q, Ctrl-C,
 * which is SIGINT on a terminal): "?q" opens the help (or types at a prompt)
 * before q goes back, so it never quits. Both encodings of the cursor keys:
 * application mode's, which the terminfo names, and normal mode's. */
/* clang-format off */
static const char *const storm_keys[] = {
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "\t", "\x1b[Z", "p", "+", "-", "c",
    "\x1bOA", "\x1bOB", "\x1b[A", "\x1b[B", "j", "k", "\x1b[5~", "\x1b[6~",
    "\x1bOH", "\x1bOF", "\x1b[H", "\x1b[F", "\x1b[1~", "\x1b[4~", "g", "G",
    "\r", "\x1bOC", "\x1b[C", "l", "\x1b", "\x1bOD", "\x1b[D", "h", "\x7f", "\b",
    "<", ">", "r", "/", "n", "N", "f", "s", "t", "?", "?q", "?q",
};
/* clang-format on */

static const char storm_chinese[] =
    "组织凝心联建强心治理同心帮扶暖心湛江文章村布政党支部企业乡村振兴";

/* A random Chinese character: from the dataset's, or any of the CJK block. */
static void put_chinese(buf *out)
{
    char u[4];
    if (rnd(2)) {
        size_t n = (sizeof storm_chinese - 1) / 3, k = rnd((uint32_t)n);
        buf_put(out, storm_chinese + 3 * k, 3);
    } else {
        buf_put(out, u, text_encode(0x4E00 + rnd(0x9FA5 - 0x4E00), u));
    }
}

/* Printable ASCII; never q or Q; never [ or O straight after an Esc, where
 * it would start an escape sequence that swallows the keys after it. */
static char random_printable(bool after_esc)
{
    for (;;) {
        char c = (char)(0x20 + rnd(0x5F));
        if (c == 'q' || c == 'Q' || (after_esc && (c == '[' || c == 'O')))
            continue;
        return c;
    }
}

/* Esc (leaves a prompt, if one is open), a tab by number twice (a tab
 * shows the page it was left on; its number again, its table, or the places
 * for 5), / or f, text with q and Q and Chinese and Backspace, then Enter
 * or Esc. */
static void prompt_episode(buf *out)
{
    char tab = (char)('1' + rnd(5));
    buf_putc(out, '\x1b');
    buf_putc(out, tab);
    buf_putc(out, tab);
    buf_putc(out, tab == '5' || rnd(2) ? '/' : 'f');
    for (uint32_t n = rnd(13), i = 0; i < n; i++) {
        uint32_t k = rnd(10);
        if (k < 5)
            buf_putc(out, (char)(0x20 + rnd(0x5F)));
        else if (k < 8)
            put_chinese(out);
        else
            buf_putc(out, '\x7f');
    }
    buf_putc(out, rnd(2) ? '\r' : '\x1b');
}

/* Sizes at the edges (1x1, 100x300, a few rows or columns) are where drawing breaks. */
static void random_size(int *rows, int *cols)
{
    switch (rnd(8)) {
    case 0:
        *rows = 1, *cols = 1;
        break;
    case 1:
        *rows = 100, *cols = 300;
        break;
    case 2:
        *rows = 1 + (int)rnd(3), *cols = 1 + (int)rnd(300);
        break;
    case 3:
        *rows = 1 + (int)rnd(100), *cols = 1 + (int)rnd(3);
        break;
    default:
        *rows = 1 + (int)rnd(100), *cols = 1 + (int)rnd(300);
    }
}

/* The sanitizer build reports in standard error, which the tests read for it. */
static bool sanitizer_report(const char *s)
{
    return strstr(s, "Sanitizer") || strstr(s, "runtime error") || strstr(s, "==ERROR") ||
           strstr(s, "SUMMARY:");
}

/* STORM_SEED=N replays another storm, for a bug this one does not show (0: the usual one). */
static uint64_t storm_seed(void)
{
    uint64_t seed = getenv("STORM_SEED") ? strtoull(getenv("STORM_SEED"), NULL, 0) : STORM_SEED;
    return seed ? seed : STORM_SEED;
}

/* Keys, text, prompts, tab switches and resizes, typed no faster than zjdash reads them. */
static int storm(struct term *t)
{
    buf *keys = scratch();
    int resizes = 0;
    bool after_esc = false;
    /* libvterm 0.1.4 itself crashes on some screens at one column, so the
     * terminal emulator sits the storm out; the program repaints all of the
     * screen after the last resize */
    t->pty.mute = true;
    for (int i = 0; i < STORM_EVENTS; i++) {
        buf_clear(keys);
        uint32_t kind = rnd(100);
        if (kind < 55) {
            buf_puts(keys, storm_keys[rnd(sizeof storm_keys / sizeof storm_keys[0])]);
        } else if (kind < 70) {
            buf_putc(keys, random_printable(after_esc));
        } else if (kind < 76) {
            put_chinese(keys);
        } else if (kind < 88) {
            prompt_episode(keys);
        } else if (kind < 96) {
            static const char *const switches[] = {"\t", "\x1b[Z", "1", "2", "3", "4", "5", "p"};
            buf_puts(keys, switches[rnd(8)]);
        } else {
            int rows, cols;
            random_size(&rows, &cols);
            pty_set_size(&t->pty, rows, cols);
            resizes++;
            continue;
        }
        term_send_n(t, keys->data, keys->len);
        after_esc = keys->data[keys->len - 1] == '\x1b';
        /* a typist far ahead of the program would see every resize in one */
        term_wait_unread(t, 32);
    }
    term_wait_unread(t, 0);
    pty_settle(&t->pty);
    return resizes;
}

/* Whatever the storm left, a few keys at a sane size must bring back the first table, whole. */
static void assert_answers_after_the_storm(struct term *t)
{
    char why[128];
    if (term_ended(t)) {
        describe_status(why, sizeof why, t->status);
        buf *err = scratch();
        read_file(t->err_path, err);
        fail_showing(err->data, "zjdash did not survive the storm (%s); its standard error", why);
    }
    /* a sane size, then back to the first table: Esc leaves a prompt or a
     * page; 1 1 is tab 1's table; Esc there clears a filter the storm may
     * have left on it, and g clears the message that says so */
    pty_set_size(&t->pty, 30, 100);
    pty_settle(&t->pty);
    for (int i = 0; i < 3; i++)
        term_keys(t, "\x1b");
    term_keys(t, "11"); /* tab 1, then its table: the tab keeps its pages */
    term_keys(t, "\x1b");
    term_keys(t, "g");
    long end = now_ms() + PATIENCE_MS;
    while (!pty_shows(&t->pty, "1 组织凝心", NULL) && now_ms() < end)
        pty_read(&t->pty, 50);
    int y = -1;
    if (!pty_shows(&t->pty, "1 组织凝心", &y)) {
        pty_dump(&t->pty);
        buf *err = scratch();
        read_file(t->err_path, err);
        if (term_ended(t))
            describe_status(why, sizeof why, t->status);
        else
            snprintf(why, sizeof why, "still running");
        fail_showing(
            err->data,
            "after the storm, at 100x30, Esc Esc Esc 1 1 Esc g does not show the first table; "
            "zjdash is %s; its standard error",
            why);
    }
    buf *line = scratch();
    pty_row(&t->pty, y, line);
    const char *titles[] = {"1 组织凝心", "2 联建强心", "3 治理同心", "4 帮扶暖心"};
    for (int i = 0; i < 4; i++)
        if (!strstr(line->data, titles[i])) {
            pty_dump(&t->pty);
            fail_msg("after the storm the tabs do not show \"%s\"", titles[i]);
        }
    pty_row(&t->pty, t->pty.rows - 1, line);
    if (strncmp(line->data, " row ", 5) != 0) {
        pty_dump(&t->pty);
        fail_msg("after the storm the status line is not \"row N of M\": |%s|", line->data);
    }
}

/* Q must still quit cleanly after the storm: status 0, no report, the settings restored. */
static void assert_quits_cleanly_after_the_storm(struct term *t)
{
    char why[128];
    term_send(t, "Q");
    assert_true(term_wait_exit(t, 3000));
    describe_status(why, sizeof why, t->status);
    buf *err = scratch();
    read_file(t->err_path, err);
    if (!WIFEXITED(t->status) || WEXITSTATUS(t->status) != 0)
        fail_showing(err->data, "Q after the storm: %s, expected exit status 0; standard error",
                     why);
    if (sanitizer_report(err->data))
        fail_showing(err->data, "the sanitizers reported during the storm");
    assert_settings_restored(t, "Q after the storm");
}

static void a_storm_of_keys_and_resizes_should_leave_it_running_and_answering(void **state)
{
    (void)state;
    long started = now_ms();
    static struct term t; /* static: the teardown may free it after a failure */
    const char *snapdir = new_dir();
    char env[128];
    snprintf(env, sizeof env, "ZJDASH_SNAPSHOT_DIR=%s", snapdir);
    term_start(&t, 30, 100,
               &(struct opts){.env = (const char *[]){env, NULL}, .capture_stderr = true});
    pty_wait_for(&t.pty, "row 1 of 13");
    uint64_t seed = rng_state = storm_seed();
    int resizes = storm(&t);
    long stormed = now_ms();
    t.pty.mute = false;
    assert_answers_after_the_storm(&t);
    assert_quits_cleanly_after_the_storm(&t);
    fprintf(stderr,
            "storm %#llx: %d events (%d resizes), %zu bytes written, %.1f s storm, "
            "%.1f s in all, %.1f s CPU in zjdash\n",
            (unsigned long long)seed, STORM_EVENTS, resizes, t.pty.written,
            (double)(stormed - started) / 1000.0, (double)(now_ms() - started) / 1000.0,
            cpu_seconds(&t.usage));
    term_free(&t);
    untrack_dir(snapdir);
}

/* Found by the storm: a search in the places that finds nothing must leave
 * the cursor on a place, and Enter after it must open a real row. */
static void a_places_search_that_finds_nothing_should_keep_the_cursor_on_a_place(void **state)
{
    (void)state;
    static struct term t; /* static: the teardown may free it after a failure */
    term_start(&t, 30, 100, &(struct opts){.capture_stderr = true});
    pty_wait_for(&t.pty, "row 1 of 13");
    term_keys(&t, "5");
    pty_wait_for(&t.pty, "place 1 of ");
    term_keys(&t, "/zzz");
    term_keys(&t, "\r");
    term_keys(&t, "x"); /* no key: the status line is the place's again */
    buf *line = scratch();
    pty_row(&t.pty, t.pty.rows - 1, line);
    bool on_a_place = strstr(line->data, "place 1 of ") != NULL;
    char status_line[512];
    snprintf(status_line, sizeof status_line, "%s", line->data);
    term_keys(&t, "\r"); /* opens the selected place, whatever it is */
    term_keys(&t, "Q");
    bool ended = term_wait_exit(&t, 3000);
    buf *err = scratch();
    read_file(t.err_path, err);
    if (sanitizer_report(err->data))
        fail_showing(err->data, "Enter after a search in the places that found nothing");
    if (!on_a_place)
        fail_msg("after a search in the places that found nothing the cursor should stay on "
                 "place 1; the status line says: |%s|",
                 status_line);
    assert_true(ended);
    assert_true(WIFEXITED(t.status) && WEXITSTATUS(t.status) == 0);
    term_free(&t);
}

/* ---- 2. signals and hang-ups ---- */

/* The dashboard running on the first table, in its own terminal mode. */
static void start_dashboard(struct term *t, const struct opts *o)
{
    term_start(t, 24, 80, o);
    pty_wait_for(&t->pty, "row 1 of 13");
    pty_settle(&t->pty);
    assert_raw_within(t, 1000);
}

/* SIGTERM, SIGINT and SIGHUP share one check, so that the three cannot drift apart. */
static void signal_should_end_it_and_restore_the_terminal(int sig)
{
    static struct term t; /* static: the teardown may free it after a failure */
    start_dashboard(&t, &(struct opts){.capture_stderr = true});
    long start = now_ms();
    kill(t.pid, sig);
    if (!term_wait_exit(&t, 1000))
        fail_msg("zjdash still runs 1 s after signal %d (%s)", sig, strsignal(sig));
    long took = now_ms() - start;
    char why[128];
    describe_status(why, sizeof why, t.status);
    assert_settings_restored(&t, strsignal(sig));
    if (t.altscreen)
        fail_msg("after %s the terminal is still on the alternate screen", strsignal(sig));
    if (!t.cursor_visible)
        fail_msg("after %s the cursor is still hidden", strsignal(sig));
    buf *err = scratch();
    read_file(t.err_path, err);
    if (sanitizer_report(err->data))
        fail_showing(err->data, "the sanitizers reported after %s", strsignal(sig));
    fprintf(stderr, "%s: ended in %ld ms, %s\n", strsignal(sig), took, why);
    term_free(&t);
}

static void sigterm_should_end_it_within_a_second_and_restore_the_terminal(void **state)
{
    (void)state;
    signal_should_end_it_and_restore_the_terminal(SIGTERM);
}

static void sigint_should_end_it_within_a_second_and_restore_the_terminal(void **state)
{
    (void)state;
    signal_should_end_it_and_restore_the_terminal(SIGINT);
}

static void sighup_should_end_it_within_a_second_and_restore_the_terminal(void **state)
{
    (void)state;
    signal_should_end_it_and_restore_the_terminal(SIGHUP);
}

/* The master closed: the SSH session is gone. (The terminal's settings
 * cannot be read back: a hung-up terminal answers nothing.) */
static void hang_up(bool ignore_hup)
{
    static struct term t; /* static: the teardown may free it after a failure */
    start_dashboard(&t, &(struct opts){.ignore_hup = ignore_hup, .capture_stderr = true});
    close(t.pty.fd);
    t.pty.fd = -1;
    long start = now_ms();
    if (!term_wait_exit(&t, 1000))
        fail_msg("zjdash still runs 1 s after its terminal hung up (SIGHUP %s)",
                 ignore_hup ? "ignored" : "default");
    long took = now_ms() - start;
    double cpu = cpu_seconds(&t.usage);
    if (cpu >= 0.5)
        fail_msg("zjdash used %.2f s of CPU in all, hang-up included: it spins", cpu);
    buf *err = scratch();
    read_file(t.err_path, err);
    if (sanitizer_report(err->data))
        fail_showing(err->data, "the sanitizers reported after the hang-up");
    char why[128];
    describe_status(why, sizeof why, t.status);
    fprintf(stderr, "hang-up, SIGHUP %s: ended in %ld ms, %.2f s CPU, %s\n",
            ignore_hup ? "ignored" : "default", took, cpu, why);
    term_free(&t);
}

static void hang_up_should_end_it_within_a_second(void **state)
{
    (void)state;
    hang_up(false);
}

static void hang_up_with_sighup_ignored_should_end_it_within_a_second_without_spinning(void **state)
{
    (void)state;
    hang_up(true);
}

/* Standard input a pipe that is already at its end, the terminal on standard
 * output: not a terminal to read keys from, said at once. */
static void closed_pipe_as_input_should_end_it_at_once_with_a_message(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    close(p[1]);
    static struct term t; /* static: the teardown may free it after a failure */
    long start = now_ms();
    term_start(&t, 24, 80, &(struct opts){.own_stdin = true, .stdin_fd = p[0]});
    close(p[0]);
    if (!term_wait_exit(&t, 1000))
        fail_msg("zjdash with standard input at its end still runs after 1 s");
    long took = now_ms() - start;
    char why[128];
    describe_status(why, sizeof why, t.status);
    buf *shown = scratch();
    visible(shown, t.pty.raw.data ? t.pty.raw.data : "", t.pty.raw.len);
    if (!WIFEXITED(t.status) || WEXITSTATUS(t.status) != 4)
        fail_msg("expected exit status 4, found %s; it wrote: %s", why, shown->data);
    if (!t.pty.raw.len || !memmem(t.pty.raw.data, t.pty.raw.len, "standard input", 14))
        fail_msg("expected a message about standard input, found: %s", shown->data);
    if (memchr(t.pty.raw.data, 0x1b, t.pty.raw.len))
        fail_msg("the message has escape bytes: %s", shown->data);
    double cpu = cpu_seconds(&t.usage);
    if (cpu >= 0.5)
        fail_msg("zjdash used %.2f s of CPU to say that", cpu);
    assert_settings_restored(&t, "standard input at its end");
    fprintf(stderr, "closed pipe as input: %s in %ld ms: %s\n", why, took, shown->data);
    term_free(&t);
}

/* Standard input a terminal of its own that reaches its end (its master
 * closes, no SIGHUP: it is not the controlling terminal); the screen stays. */
static void end_of_input_on_a_terminal_should_end_it_and_restore_the_screen(void **state)
{
    (void)state;
    int in_master, in_slave;
    assert_int_equal(openpty(&in_master, &in_slave, NULL, NULL, NULL), 0);
    static struct term t; /* static: the teardown may free it after a failure */
    term_start(&t, 24, 80,
               &(struct opts){.own_stdin = true, .stdin_fd = in_slave, .capture_stderr = true});
    close(in_slave);
    pty_wait_for(&t.pty, "row 1 of 13");
    pty_settle(&t.pty);
    assert_raw_within(&t, 1000);
    close(in_master);
    long start = now_ms();
    if (!term_wait_exit(&t, 1000))
        fail_msg("zjdash still runs 1 s after the end of its input");
    long took = now_ms() - start;
    double cpu = cpu_seconds(&t.usage);
    if (cpu >= 0.5)
        fail_msg("zjdash used %.2f s of CPU in all: it spins at the end of its input", cpu);
    assert_settings_restored(&t, "the end of its input");
    if (t.altscreen)
        fail_msg("after the end of its input the terminal is still on the alternate screen");
    if (!t.cursor_visible)
        fail_msg("after the end of its input the cursor is still hidden");
    char why[128];
    describe_status(why, sizeof why, t.status);
    buf *err = scratch();
    buf *shown = scratch();
    read_file(t.err_path, err);
    visible(shown, err->data, err->len);
    if (sanitizer_report(err->data))
        fail_showing(err->data, "the sanitizers reported at the end of input");
    fprintf(stderr, "end of input on a terminal: %s in %ld ms, %.2f s CPU; standard error: %s\n",
            why, took, cpu, shown->data);
    term_free(&t);
}

static void sigtstp_should_stop_it_cooked_and_sigcont_should_bring_it_back(void **state)
{
    (void)state;
    static struct term t; /* static: the teardown may free it after a failure */
    start_dashboard(&t, &(struct opts){.job_control = true, .capture_stderr = true});
    kill(t.pid, SIGTSTP);
    if (!term_wait_event(&t, is_stopped, 1000))
        fail_msg("zjdash did not stop within 1 s of SIGTSTP");
    pty_settle(&t.pty);
    struct termios stopped;
    assert_int_equal(tcgetattr(t.pty.fd, &stopped), 0);
    if ((stopped.c_lflag & (ICANON | ECHO)) != (ICANON | ECHO)) {
        char is[512];
        describe_termios(is, sizeof is, &stopped);
        fail_msg("while stopped the terminal is not cooked (ICANON and ECHO on): %s", is);
    }
    if (!same_settings(&stopped, &t.before)) {
        char was[512], is[512];
        describe_termios(was, sizeof was, &t.before);
        describe_termios(is, sizeof is, &stopped);
        fail_msg("while stopped the settings are not those before it started:\n  before: %s\n"
                 "  stopped: %s",
                 was, is);
    }
    if (t.altscreen)
        fail_msg("while stopped the terminal is still on the alternate screen");
    if (!t.cursor_visible)
        fail_msg("while stopped the cursor is hidden");
    if (t.mouse)
        fail_msg("while stopped the terminal still reports the mouse to the shell");
    if (pty_shows(&t.pty, "row 1 of 13", NULL)) {
        pty_dump(&t.pty);
        fail_msg("while stopped the dashboard is still on the screen");
    }
    kill(t.pid, SIGCONT);
    if (!term_wait_event(&t, is_continued, 1000))
        fail_msg("zjdash did not continue within 1 s of SIGCONT");
    assert_raw_within(&t, 1000);
    pty_wait_for(&t.pty, "row 1 of 13"); /* drawn again, all of it */
    pty_wait_for(&t.pty, "1 组织凝心");
    if (!t.mouse)
        fail_msg("after SIGCONT the mouse is no longer reported");
    term_keys(&t, "j");
    pty_wait_for(&t.pty, "row 2 of 13");
    term_send(&t, "Q");
    assert_true(term_wait_exit(&t, 3000));
    char why[128];
    describe_status(why, sizeof why, t.status);
    if (!WIFEXITED(t.status) || WEXITSTATUS(t.status) != 0)
        fail_msg("Q after SIGCONT: %s, expected exit status 0", why);
    assert_settings_restored(&t, "Q after SIGTSTP and SIGCONT");
    buf *err = scratch();
    read_file(t.err_path, err);
    if (sanitizer_report(err->data))
        fail_showing(err->data, "the sanitizers reported");
    term_free(&t);
}

/* ---- running zjdash without a terminal ---- */

struct run {
    buf *out, *err;
    int status;
    double cpu;
};

/* Runs argv (argv[0] a path) with standard input from in (NULL: /dev/null),
 * standard output to a file (or /dev/null when out_null), standard error to a
 * file; waits at most 120 s. */
static void run_cmd(struct run *r, const char *const *argv, const char *in, bool out_null,
                    const char *const *env)
{
    const char *dir = new_dir();
    char out_path[128], err_path[128];
    snprintf(out_path, sizeof out_path, "%s/out", dir);
    snprintf(err_path, sizeof err_path, "%s/err", dir);
    r->out = scratch();
    r->err = scratch();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        child_environment(env);
        child_signals(false);
        int i = open(in ? in : "/dev/null", O_RDONLY);
        int o = open(out_null ? "/dev/null" : out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (i < 0 || o < 0 || e < 0 || dup2(i, 0) < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(126);
        close_range(3, ~0U, 0);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    track_pid(pid);
    long end = now_ms() + 120000;
    struct rusage ru;
    int status;
    pid_t w;
    while ((w = wait4(pid, &status, WNOHANG, &ru)) == 0) {
        if (now_ms() > end) {
            kill(pid, SIGKILL);
            fail_msg("%s did not end within 120 s", argv[0]);
        }
        usleep(2000);
    }
    untrack_pid(pid);
    assert_int_equal(w, pid);
    r->status = status;
    r->cpu = cpu_seconds(&ru);
    read_file(out_path, r->out);
    read_file(err_path, r->err);
    untrack_dir(dir);
}

/* The most combining characters in a row in bytes written to a terminal. */
static int longest_mark_run(const char *s, size_t n)
{
    int run = 0, longest = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = text_decode(s + i, n - i, &cp);
        if (!len) {
            run = 0;
            i++;
            continue;
        }
        if (cp >= 0x80 && text_class_of(cp) == TEXT_ZERO) {
            if (++run > longest)
                longest = run;
        } else {
            run = 0;
        }
        i += len;
    }
    return longest;
}

/* The first problem in s, a one-line message: NULL if it is one line of text
 * that ends in end (\n, or \r\n from a terminal) with no control byte (C0,
 * DEL, C1, raw or as UTF-8), no invisible or direction-changing character, no
 * invalid UTF-8. */
static const char *message_problem(const char *s, size_t n, const char *end)
{
    size_t e = strlen(end);
    if (n <= e || memcmp(s + n - e, end, e) != 0)
        return "it is not one line that ends in a newline";
    n -= e;
    if (text_invalid_at(s, n) != n)
        return "it is not UTF-8";
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = text_decode(s + i, n - i, &cp);
        if (cp == '\n')
            return "it is more than one line";
        if (cp == 0x1b)
            return "it has an escape byte";
        if (cp < 0x20 || cp == 0x7f)
            return "it has a control byte";
        if (cp >= 0x80 && cp < 0xa0)
            return "it has a C1 control character";
        if (text_class_of(cp) == TEXT_UNSAFE)
            return "it has an invisible or direction-changing character";
        i += len;
    }
    if (longest_mark_run(s, n) > TEXT_MAX_COMBINING)
        return "it has more than 4 combining marks on one character";
    return NULL;
}

/* A message must be one clean line; a failure shows its bytes, escapes made visible. */
static void assert_one_line(const char *what, const char *s, size_t n, const char *end)
{
    const char *problem = message_problem(s, n, end);
    if (problem) {
        buf *shown = scratch();
        visible(shown, s, n);
        fail_msg("%s: %s: \"%s\"", what, problem, shown->data);
    }
}

/* ---- 3. environments it cannot run in ---- */

/* The dashboard on a terminal with env changed: exit status 4 and one line. */
static void refused_on_a_terminal(const char *const *env, const char *advice)
{
    static struct term t; /* static: the teardown may free it after a failure */
    term_start(&t, 24, 80, &(struct opts){.env = env});
    if (!term_wait_exit(&t, 5000))
        fail_msg("zjdash with %s did not end within 5 s", env[0]);
    char why[128];
    describe_status(why, sizeof why, t.status);
    buf *shown = scratch();
    visible(shown, t.pty.raw.data ? t.pty.raw.data : "", t.pty.raw.len);
    if (!WIFEXITED(t.status) || WEXITSTATUS(t.status) != 4)
        fail_msg("%s: %s, expected exit status 4; it wrote: %s", env[0], why, shown->data);
    if (memchr(t.pty.raw.data ? t.pty.raw.data : "", 0x1b, t.pty.raw.len))
        fail_msg("%s: escape bytes written: %s", env[0], shown->data);
    assert_one_line(env[0], t.pty.raw.data ? t.pty.raw.data : "", t.pty.raw.len, "\r\n");
    if (!memmem(t.pty.raw.data, t.pty.raw.len, advice, strlen(advice)))
        fail_msg("%s: the message does not say \"%s\": %s", env[0], advice, shown->data);
    if (t.titles)
        fail_msg("%s: the terminal's title was set", env[0]);
    assert_settings_restored(&t, env[0]);
    term_free(&t);
}

static void another_character_set_should_be_refused_with_advice_and_status_4(void **state)
{
    (void)state;
    refused_on_a_terminal((const char *[]){"LC_ALL=zh_CN.GB18030", NULL}, "LC_ALL=C.UTF-8 zjdash");
}

static void term_dumb_should_be_refused_with_advice_and_status_4(void **state)
{
    (void)state;
    refused_on_a_terminal((const char *[]){"TERM=dumb", NULL}, "TERM=xterm-256color");
}

static void an_unknown_term_should_be_refused_with_advice_and_status_4(void **state)
{
    (void)state;
    refused_on_a_terminal((const char *[]){"TERM=unknown", NULL}, "TERM=xterm-256color");
}

static void no_term_should_be_refused_with_advice_and_status_4(void **state)
{
    (void)state;
    refused_on_a_terminal((const char *[]){"TERM=", NULL}, "TERM=xterm-256color");
}

static void no_terminal_at_all_should_be_refused_with_advice_and_status_4(void **state)
{
    (void)state;
    const char *argv[] = {zjdash_binary(), NULL};
    for (int to_file = 0; to_file < 2; to_file++) {
        struct run r;
        run_cmd(&r, argv, NULL, !to_file, NULL);
        const char *what =
            to_file ? "standard output a file" : "standard input and output /dev/null";
        char why[128];
        describe_status(why, sizeof why, r.status);
        if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 4)
            fail_msg("%s: %s, expected exit status 4; standard error: %s", what, why, r.err->data);
        assert_one_line(what, r.err->data, r.err->len, "\n");
        if (!strstr(r.err->data, "--dump"))
            fail_msg("%s: the message does not name --dump: %s", what, r.err->data);
        if (memchr(r.out->data, 0x1b, r.out->len) || r.out->len)
            fail_msg("%s: %zu bytes on standard output", what, r.out->len);
    }
}

/* ---- 4. hostile text ---- */

/* Bidi controls, then zero-width characters. */
static const uint32_t hostile_cps[] = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066,
                                       0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C,
                                       0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF};
#define NHOSTILE (sizeof hostile_cps / sizeof hostile_cps[0])
#define MARKS 500

/* A JSON string: label, every hostile character, a letter with 500 combining
 * marks, format directives; raw UTF-8 or \u escapes. */
static void hostile_string(buf *b, const char *label, bool escaped)
{
    buf_printf(b, "\"%s ", label);
    for (size_t i = 0; i < NHOSTILE; i++) {
        if (escaped) {
            buf_printf(b, "\\u%04X", (unsigned)hostile_cps[i]);
        } else {
            char u[4];
            buf_put(b, u, text_encode(hostile_cps[i], u));
        }
    }
    buf_putc(b, 'e');
    for (int i = 0; i < MARKS; i++)
        buf_puts(b, escaped ? "\\u0301" : "\xCC\x81");
    buf_puts(b, " %n%s%x\"");
}

/* By turns raw and escaped: *k counts the strings across helpers, so that the turns go on. */
#define H(label) hostile_string(b, label, ((*k)++ & 1) != 0)

/* The strings of the pages besides the tables: meta, a report figure, places, organisations. */
static void hostile_top(buf *b, int *k)
{
    buf_puts(b, "{\"format\": \"zjdash/1.0\",\n\"meta\": {\"title\": ");
    H("Title");
    buf_puts(b, ", \"publisher\": ");
    H("Publisher");
    buf_puts(b, ", \"published\": \"2024-02-01\", \"section\": [");
    H("Section");
    buf_puts(b, ", ");
    H("Section two");
    buf_puts(b, "]},\n\"figures\": [{\"id\": \"f.top:0\", \"label\": ");
    H("Top label");
    buf_puts(b, ", \"value\": 7, \"unit\": \"item\", \"qualifier\": \"exact\", \"measure\": ");
    H("M");
    buf_puts(b, ", \"quote\": ");
    H("Top quote");
    buf_puts(b, "}],\n\"places\": [{\"id\": \"p.city:1\", \"kind\": \"city\", \"name\": ");
    H("City");
    buf_puts(b, "},\n {\"id\": \"p.county-2\", \"kind\": \"county\", \"parent\": \"p.city:1\", "
                "\"name\": ");
    H("County");
    buf_puts(b, "},\n {\"id\": \"p.village_3\", \"kind\": \"village\", \"parent\": \"p.county-2\", "
                "\"name\": ");
    H("Village");
    buf_puts(b, "}],\n\"organizations\": [{\"id\": \"o.firm:1\", \"kind\": \"firm\", "
                "\"place\": \"p.village_3\", \"name\": ");
    H("Firm");
    buf_puts(b, "},\n {\"id\": \"o.free:2\", \"kind\": \"charity\", \"name\": ");
    H("Charity");
    buf_puts(b, "}],\n\"themes\": [");
}

/* A column of every type, so that every kind of cell is drawn under a hostile header. */
static void hostile_columns(buf *b, int *k)
{
    static const char *const cols[] = {
        "\"key\": \"name\", \"type\": \"text\"",
        "\"key\": \"note\", \"type\": \"text\"",
        "\"key\": \"who\", \"type\": \"refs\"",
        "\"key\": \"money\", \"type\": \"money\"",
        "\"key\": \"count\", \"type\": \"count\", \"unit\": \"item\"",
        "\"key\": \"when\", \"type\": \"date\"",
        "\"key\": \"quote\", \"type\": \"text\""};
    for (int c = 0; c < 7; c++) {
        buf_printf(b, "%s{%s, \"label\": ", c ? ", " : "", cols[c]);
        H("Column");
        buf_putc(b, '}');
    }
}

/* Headline figures of each unit, so that the chart draws their labels. */
static void hostile_theme_figures(buf *b, int *k, int t)
{
    buf_printf(b,
               "],\n \"figures\": [{\"id\": \"t%d.f.money\", \"value\": 130000000, "
               "\"unit\": \"yuan\", \"qualifier\": \"about\", \"headline\": true, \"label\": ",
               t);
    H("Money label");
    buf_puts(b, ", \"quote\": ");
    H("Money quote");
    buf_printf(b,
               "},\n  {\"id\": \"t%d.f.count\", \"value\": 42, \"unit\": \"item\", "
               "\"qualifier\": \"over\", \"headline\": true, \"label\": ",
               t);
    H("Count label");
    buf_puts(b, ", \"measure\": ");
    H("U");
    buf_puts(b, ", \"quote\": ");
    H("Count quote");
    buf_printf(b,
               "},\n  {\"id\": \"t%d.f.date\", \"value\": \"2023-09\", \"unit\": \"date\", "
               "\"qualifier\": \"exact\", \"label\": ",
               t);
    H("Date label");
    buf_puts(b, ", \"quote\": ");
    H("Date quote");
}

/* Records that name places and organisations, so that their pages link to hostile names. */
static void hostile_records(buf *b, int *k, int t)
{
    static const char *const who[3] = {"\"o.firm:1\", \"p.village_3\"",
                                       "\"p.city:1\", \"o.free:2\"", "\"p.county-2\""};
    buf_puts(b, "}],\n \"records\": [");
    for (int r = 0; r < 3; r++) {
        buf_printf(b,
                   "%s{\"id\": \"t%d.r-%d:x\", \"who\": [%s], \"money\": \"t%d.f.money\", "
                   "\"count\": \"t%d.f.count\", \"when\": \"t%d.f.date\", \"name\": ",
                   r ? ",\n  " : "", t, r, who[r], t, t, t);
        H("Record");
        buf_puts(b, ", \"note\": ");
        H("Note");
        buf_puts(b, ", \"quote\": ");
        H("Quote");
        buf_putc(b, '}');
    }
}

/* A valid dataset with hostile text in every string a screen can show. */
static void hostile_dataset(buf *b)
{
    int count = 0, *k = &count;
    hostile_top(b, k);
    for (int t = 0; t < 2; t++) {
        buf_printf(b, "%s{\"id\": \"t%d.theme:x\", \"title\": ", t ? ",\n" : "", t);
        H("Theme");
        buf_puts(b, ", \"heading\": ");
        H("Heading");
        buf_puts(b, ",\n \"columns\": [");
        hostile_columns(b, k);
        hostile_theme_figures(b, k, t);
        hostile_records(b, k, t);
        buf_puts(b, "]}");
    }
    buf_puts(b, "]}\n");
}
#undef H

/* What a screen may show of hostile text, and what it has shown. */
struct seen {
    bool placeholder[NHOSTILE];
    bool marks_summary, format;
    int max_marks; /* combining characters on one cell */
    bool record_page, entity_page, places_page, help_page, chart; /* visited */
};

/* What hostile text may do to a screen, collected after each step. */
static void look(struct term *t, struct seen *s)
{
    buf *line = &row_text; /* reused: called in loops */
    for (int y = 0; y < t->pty.rows; y++) {
        pty_row(&t->pty, y, line);
        for (size_t i = 0; i < NHOSTILE; i++) {
            char p[16];
            snprintf(p, sizeof p, "<U+%04X>", (unsigned)hostile_cps[i]);
            s->placeholder[i] |= strstr(line->data, p) != NULL;
        }
        s->marks_summary |= strstr(line->data, " marks>") != NULL;
        s->format |= strstr(line->data, "%n%s%x") != NULL;
        s->record_page |= strstr(line->data, "The report's words") != NULL;
        s->entity_page |= strstr(line->data, "Lies in") || strstr(line->data, "Located in");
        s->places_page |= strstr(line->data, "place 1 of ") != NULL;
        s->help_page |= strstr(line->data, "quit at once") != NULL;
        s->chart |= strstr(line->data, "█") != NULL;
        for (int x = 0; x < t->pty.cols; x++) {
            VTermScreenCell c;
            vterm_screen_get_cell(t->pty.screen, (VTermPos){y, x}, &c);
            int n = 0;
            while (n < VTERM_MAX_CHARS_PER_CELL && c.chars[n])
                n++;
            if (n - 1 > s->max_marks)
                s->max_marks = n - 1;
        }
    }
}

/* Every key is followed by a look, so that no screen goes unchecked. */
static void step(struct term *t, struct seen *s, const char *keys)
{
    term_keys(t, keys);
    look(t, s);
}

/* It must load: a refused hostile dataset would show only that the loader refuses it. */
static void write_hostile_dataset(char *path, size_t size, const char *dir)
{
    snprintf(path, size, "%s/hostile.json", dir);
    buf *json = scratch();
    hostile_dataset(json);
    write_path(path, json->data, json->len);
    /* the dataset is valid: the loader takes these characters */
    struct run r;
    run_cmd(&r, (const char *[]){zjdash_binary(), "--check", path, NULL}, NULL, false, NULL);
    if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0)
        fail_msg("the hostile dataset should be valid; --check says: %s", r.err->data);
    assert_one_line("--check of the hostile dataset", r.out->data, r.out->len, "\n");
}

/* Every screen a table leads to, and the prompts, with hostile text typed at them. */
static void tour_the_tables(struct term *t, struct seen *s)
{
    static const char tabs[] = "12";
    for (int tab = 0; tab < 2; tab++) {
        char key[2] = {tabs[tab], 0};
        step(t, s, key);
        step(t, s, "c"); /* the chart of headline figures, and back */
        step(t, s, "c");
        for (int row = 0; row < 3; row++) {
            char keys[8] = "g";
            for (int j = 0; j < row; j++)
                strcat(keys, "j");
            strcat(keys, "\r");
            step(t, s, keys); /* the record */
            for (int link = 0; link < 4; link++) {
                step(t, s, "j\r"); /* a place or organisation */
                step(t, s, "j\r"); /* what it links to */
                step(t, s, "\x1b");
                step(t, s, "\x1b");
            }
            step(t, s, "\x1b");
        }
        step(t, s, "/%n%s%x\r"); /* echoed at the prompt, then "no row contains" */
        step(t, s, "f%x");
        step(t, s, "\r");
        step(t, s, "\x1b");
    }
    /* typed at the prompts too: U+202E, and a letter with ten marks */
    static const char typed[] = "\xE2\x80\xAE"
                                "e\xCC\x81\xCC\x81\xCC\x81\xCC\x81\xCC\x81"
                                "\xCC\x81\xCC\x81\xCC\x81\xCC\x81\xCC\x81";
    step(t, s, "/");
    step(t, s, typed);
    step(t, s, "\r");
    step(t, s, "f");
    step(t, s, typed);
    step(t, s, "\r");
    step(t, s, "x");
    step(t, s, "\x1b");
}

/* The places and the help: the screens no table leads to. */
static void tour_the_places(struct term *t, struct seen *s)
{
    step(t, s, "3"); /* the places */
    step(t, s, "+");
    for (int row = 0; row < 6; row++) {
        step(t, s, row ? "j\r" : "g\r");
        step(t, s, "j\r");
        step(t, s, "\x1b");
        step(t, s, "\x1b");
    }
    step(t, s, "?");
    step(t, s, "\x1b");
}

/* Nothing hostile written raw, and every placeholder and every kind of screen seen. */
static void assert_only_placeholders(const struct term *t, const struct seen *s)
{
    const char *raw = t->pty.raw.data ? t->pty.raw.data : "";
    for (size_t i = 0; i < NHOSTILE; i++) {
        char u[4];
        size_t n = text_encode(hostile_cps[i], u);
        if (memmem(raw, t->pty.raw.len, u, n))
            fail_msg("U+%04X reached the terminal raw", (unsigned)hostile_cps[i]);
        if (!s->placeholder[i])
            fail_msg("the placeholder <U+%04X> was never on the screen", (unsigned)hostile_cps[i]);
    }
    if (memmem(raw, t->pty.raw.len, "\x1b]", 2))
        fail_msg("an operating system command (ESC ]) was written");
    if (memmem(raw, t->pty.raw.len, "\x1bP", 2))
        fail_msg("a device control string (ESC P) was written");
    if (memmem(raw, t->pty.raw.len, "\xc2\x9d", 2) || memmem(raw, t->pty.raw.len, "\xc2\x90", 2))
        fail_msg("a C1 OSC or DCS was written");
    if (t->titles)
        fail_msg("the terminal's title was set %d times", t->titles);
    if (!s->record_page || !s->entity_page || !s->places_page || !s->help_page || !s->chart)
        fail_msg("not every kind of screen was drawn: record %d, place or organisation %d, "
                 "places %d, help %d, chart %d",
                 s->record_page, s->entity_page, s->places_page, s->help_page, s->chart);
    int run = longest_mark_run(raw, t->pty.raw.len);
    if (run > TEXT_MAX_COMBINING)
        fail_msg("%d combining marks in a row were written (at most %d)", run, TEXT_MAX_COMBINING);
    if (s->max_marks > TEXT_MAX_COMBINING)
        fail_msg("a cell of the screen had %d combining marks (at most %d)", s->max_marks,
                 TEXT_MAX_COMBINING);
    if (!s->marks_summary)
        fail_msg("the marks beyond %d were never summarised on the screen (\"<+N marks>\")",
                 TEXT_MAX_COMBINING);
    if (!s->format)
        fail_msg("the text \"%%n%%s%%x\" was never on the screen as it is");
}

static void hostile_text_should_reach_the_terminal_only_as_placeholders(void **state)
{
    (void)state;
    const char *dir = new_dir();
    char path[128];
    write_hostile_dataset(path, sizeof path, dir);

    static struct term t; /* static: the teardown may free it after a failure */
    term_start(&t, 50, 250,
               &(struct opts){.args = (const char *[]){path, NULL}, .capture_stderr = true});
    struct seen s = {0};
    pty_wait_for(&t.pty, "1 Theme");
    pty_settle(&t.pty);
    look(&t, &s);
    tour_the_tables(&t, &s);
    tour_the_places(&t, &s);
    term_send(&t, "Q");
    assert_true(term_wait_exit(&t, 3000));
    char why[128];
    describe_status(why, sizeof why, t.status);
    if (!WIFEXITED(t.status) || WEXITSTATUS(t.status) != 0)
        fail_msg("Q: %s, expected exit status 0", why);
    assert_only_placeholders(&t, &s);
    buf *err = scratch();
    read_file(t.err_path, err);
    if (sanitizer_report(err->data))
        fail_showing(err->data, "the sanitizers reported");
    term_free(&t);
    untrack_dir(dir);
}

/* A valid dataset with bad text put into it: the text replaces the JSON value
 * (a string literal, with its quotes) of the title, or of the first record's
 * name, or is inserted as a member of meta. */
struct bad_case {
    const char *what;
    const char *text;
    int where; /* 0: title; 1: a record's name; 2: a member of meta, as "text": 1 */
};

static const struct bad_case bad_cases[] = {
    {"CSI 31m escaped", "\"x\\u001b[31mred\"", 0},
    {"ESC raw", "\"x\x1b[31mred\"", 0},
    {"OSC 0 title escaped", "\"x\\u001b]0;pwned\\u0007\"", 0},
    {"OSC 0 title raw", "\"x\x1b]0;pwned\x07\"", 1},
    {"OSC 52 clipboard", "\"x\\u001b]52;c;cHduZWQ=\\u0007\"", 1},
    {"DCS", "\"x\\u001bP1$r0m\\u001b\\\\\"", 0},
    {"CR", "\"x\\rover\"", 1},
    {"BS", "\"x\\b\\b\\bover\"", 0},
    {"TAB", "\"x\\tover\"", 1},
    {"LF", "\"x\\nover\"", 0},
    {"LF raw", "\"x\nover\"", 1},
    {"U+0085 raw (C2 85)", "\"x\xc2\x85over\"", 0},
    {"U+0085 escaped", "\"x\\u0085over\"", 1},
    {"CSI as C1 raw (C2 9B)",
     "\"x\xc2\x9b"
     "31mred\"",
     1},
    {"OSC as C1 escaped", "\"x\\u009d0;pwned\\u009c\"", 0},
    {"DEL", "\"x\\u007fover\"", 0},
    {"a member named with OSC", "\"\\u001b]0;pwned\\u0007\"", 2},
    {"a member named with U+202E", "\"x\\u202Eevil\"", 2},
    {"a member named with 6 combining marks", "\"e\\u0301\\u0301\\u0301\\u0301\\u0301\\u0301\"", 2},
};

/* Valid but for the one bad text, so that the bad text is what is refused. */
static void bad_dataset(buf *b, const struct bad_case *c)
{
    buf_puts(b, "{\"format\": \"zjdash/1.0\",\n\"meta\": {\"title\": ");
    buf_puts(b, c->where == 0 ? c->text : "\"Title\"");
    buf_puts(b, ", \"publisher\": \"P\", \"published\": \"2024-02-01\"");
    if (c->where == 2) {
        buf_puts(b, ", ");
        buf_puts(b, c->text);
        buf_puts(b, ": 1");
    }
    buf_puts(b, "},\n\"themes\": [{\"id\": \"t\", \"title\": \"T\",\n"
                " \"columns\": [{\"key\": \"name\", \"label\": \"Name\", \"type\": \"text\"}],\n"
                " \"records\": [{\"id\": \"r1\", \"quote\": \"q\",\n  \"name\": ");
    buf_puts(b, c->where == 1 ? c->text : "\"Name\"");
    buf_puts(b, "}]}]}\n");
}

/* The dataset at path must be refused with status 1 and a clean line, by the
 * dashboard on a terminal, by --check and by --dump txt. */
static void assert_refused_cleanly(const char *what, const char *path)
{
    static struct term t; /* static: the teardown may free it after a failure */
    term_start(&t, 24, 80, &(struct opts){.args = (const char *[]){path, NULL}});
    if (!term_wait_exit(&t, 5000))
        fail_msg("%s: the dashboard did not end within 5 s", what);
    char why[128], label[160];
    describe_status(why, sizeof why, t.status);
    buf *shown = scratch();
    visible(shown, t.pty.raw.data ? t.pty.raw.data : "", t.pty.raw.len);
    if (!WIFEXITED(t.status) || WEXITSTATUS(t.status) != 1)
        fail_msg("%s: the dashboard: %s, expected exit status 1: %s", what, why, shown->data);
    snprintf(label, sizeof label, "%s: the dashboard's message", what);
    assert_one_line(label, t.pty.raw.data ? t.pty.raw.data : "", t.pty.raw.len, "\r\n");
    if (t.titles)
        fail_msg("%s: the terminal's title was set", what);
    term_free(&t);

    static const char *const modes[][3] = {{"--check", NULL, NULL}, {"--dump", "txt", NULL}};
    for (int m = 0; m < 2; m++) {
        const char *argv[6] = {zjdash_binary()};
        int n = 1;
        for (int i = 0; modes[m][i]; i++)
            argv[n++] = modes[m][i];
        argv[n++] = path;
        argv[n] = NULL;
        struct run r;
        run_cmd(&r, argv, NULL, false, NULL);
        describe_status(why, sizeof why, r.status);
        if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 1)
            fail_msg("%s: %s: %s, expected exit status 1: %s", what, modes[m][0], why, r.err->data);
        if (r.out->len)
            fail_msg("%s: %s wrote %zu bytes to standard output", what, modes[m][0], r.out->len);
        snprintf(label, sizeof label, "%s: the message of %s", what, modes[m][0]);
        assert_one_line(label, r.err->data, r.err->len, "\n");
        if (!strstr(r.err->data, "expected"))
            fail_msg("%s: %s: the message does not say what was expected: %s", what, modes[m][0],
                     r.err->data);
    }
}

static void control_characters_in_a_dataset_should_be_refused_in_one_clean_line(void **state)
{
    (void)state;
    const char *dir = new_dir();
    char path[128];
    snprintf(path, sizeof path, "%s/bad.json", dir);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        buf *json = scratch();
        bad_dataset(json, &bad_cases[i]);
        write_path(path, json->data, json->len);
        assert_refused_cleanly(bad_cases[i].what, path);
    }
    untrack_dir(dir);
}

/* The file's name is echoed in the message: it may hold escapes too. */
static void a_hostile_file_name_should_not_reach_the_terminal_raw(void **state)
{
    (void)state;
    const char *dir = new_dir();
    char path[160];
    snprintf(path, sizeof path, "%s/x\x1b]0;pwned\x07\xe2\x80\xae\nnext.json", dir);
    const struct bad_case c = {"", "\"x\\u001b[31m\"", 0};
    buf *json = scratch();
    bad_dataset(json, &c);
    write_path(path, json->data, json->len);
    assert_refused_cleanly("a file name with OSC, U+202E and a newline", path);
    unlink(path);
    untrack_dir(dir);
}

/* ---- 5. file descriptors and memory under valgrind ---- */

/* Without valgrind the test must fail with advice, not with an error from exec. */
static bool find_on_path(const char *name, char *out, size_t n)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t len = colon ? (size_t)(colon - path) : strlen(path);
        snprintf(out, n, "%.*s/%s", (int)len, path, name);
        if (len && access(out, X_OK) == 0)
            return true;
        path += len + (colon ? 1 : 0);
    }
    return false;
}

/* Valgrind cannot run a program built with AddressSanitizer: under the
 * sanitizer build (…/san/zjdash) the plain build beside it (…/zjdash) runs. */
static void plain_binary(char *out, size_t n)
{
    const char *b = zjdash_binary();
    const char *san = strstr(b, "san/zjdash");
    if (san && (san == b || san[-1] == '/'))
        snprintf(out, n, "%.*szjdash", (int)(san - b), b);
    else
        snprintf(out, n, "%s", b);
}

static void file_descriptors_and_memory_should_all_be_released(void **state)
{
    (void)state;
    char valgrind[512], zjdash[512];
    if (!find_on_path("valgrind", valgrind, sizeof valgrind))
        fail_msg("valgrind is not on PATH: this test needs it (on Debian: apt-get install "
                 "valgrind; make check installs it)");
    plain_binary(zjdash, sizeof zjdash);
    if (access(zjdash, X_OK) != 0)
        fail_msg("%s, the build valgrind can run, does not exist: build it first", zjdash);
    const char *dir = new_dir();
    char bad[160], svg[160];
    snprintf(bad, sizeof bad, "%s/bad.json", dir);
    snprintf(svg, sizeof svg, "%s/shot.svg", dir);
    const char *bad_json =
        "{\"format\": \"zjdash/1.0\", \"meta\": {\"title\": \"x\\u001b]0;t\\u0007\"}}\n";
    write_path(bad, bad_json, strlen(bad_json));
    struct {
        const char *what;
        const char *args[6];
        const char *in;
        int status;
    } cases[] = {
        {"--check", {"--check"}, NULL, 0},
        {"--check of the data file", {"--check", "data/zhanjiang-2024.json"}, NULL, 0},
        {"--check of standard input", {"--check", "-"}, "data/zhanjiang-2024.json", 0},
        {"--dump json", {"--dump", "json"}, NULL, 0},
        {"--dump txt --open 文章村", {"--dump", "txt", "--open", "文章村"}, NULL, 0},
        {"a bad dataset", {"--check", bad}, NULL, 1},
        {"--snapshot", {"--snapshot", svg, "--tab", "industry"}, NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* valgrind reports on standard error: a --log-file would be one more
         * descriptor in its own count */
        const char *argv[16] = {valgrind, "--track-fds=yes", "--leak-check=full", zjdash};
        int n = 4;
        for (int a = 0; cases[i].args[a]; a++)
            argv[n++] = cases[i].args[a];
        argv[n] = NULL;
        long start = now_ms();
        struct run r;
        run_cmd(&r, argv, cases[i].in, false, NULL);
        buf *report = r.err;
        char why[128];
        describe_status(why, sizeof why, r.status);
        if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != cases[i].status)
            fail_showing(report->data,
                         "%s under valgrind: %s, expected exit status %d; standard error",
                         cases[i].what, why, cases[i].status);
        const char *fds = strstr(report->data, "FILE DESCRIPTORS: ");
        if (!fds)
            fail_showing(report->data, "%s: valgrind gave no FILE DESCRIPTORS line", cases[i].what);
        int open_fds = atoi(fds + strlen("FILE DESCRIPTORS: "));
        if (open_fds != 3)
            fail_showing(report->data,
                         "%s: %d file descriptors open at exit, expected 0, 1 and 2 only",
                         cases[i].what, open_fds);
        bool no_leaks = strstr(report->data, "All heap blocks were freed") ||
                        strstr(report->data, "definitely lost: 0 bytes");
        if (!no_leaks)
            fail_showing(report->data, "%s: memory definitely lost", cases[i].what);
        if (!strstr(report->data, "ERROR SUMMARY: 0 errors"))
            fail_showing(report->data, "%s: valgrind found errors", cases[i].what);
        fprintf(stderr, "valgrind %s: %d descriptors open at exit, no leaks, %.1f s\n",
                cases[i].what, open_fds, (double)(now_ms() - start) / 1000.0);
    }
    untrack_dir(dir);
}

/* TEST_FILTER picks the tests to run: the whole group takes most of a minute. */
int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (getenv("TEST_FILTER"))
        cmocka_set_test_filter(getenv("TEST_FILTER"));
#define T(f) cmocka_unit_test_teardown(f, teardown)
    const struct CMUnitTest tests[] = {
        T(a_storm_of_keys_and_resizes_should_leave_it_running_and_answering),
        T(a_places_search_that_finds_nothing_should_keep_the_cursor_on_a_place),
        T(sigterm_should_end_it_within_a_second_and_restore_the_terminal),
        T(sigint_should_end_it_within_a_second_and_restore_the_terminal),
        T(sighup_should_end_it_within_a_second_and_restore_the_terminal),
        T(hang_up_should_end_it_within_a_second),
        T(hang_up_with_sighup_ignored_should_end_it_within_a_second_without_spinning),
        T(closed_pipe_as_input_should_end_it_at_once_with_a_message),
        T(end_of_input_on_a_terminal_should_end_it_and_restore_the_screen),
        T(sigtstp_should_stop_it_cooked_and_sigcont_should_bring_it_back),
        T(another_character_set_should_be_refused_with_advice_and_status_4),
        T(term_dumb_should_be_refused_with_advice_and_status_4),
        T(an_unknown_term_should_be_refused_with_advice_and_status_4),
        T(no_term_should_be_refused_with_advice_and_status_4),
        T(no_terminal_at_all_should_be_refused_with_advice_and_status_4),
        T(hostile_text_should_reach_the_terminal_only_as_placeholders),
        T(control_characters_in_a_dataset_should_be_refused_in_one_clean_line),
        T(a_hostile_file_name_should_not_reach_the_terminal_raw),
        T(file_descriptors_and_memory_should_all_be_released),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}

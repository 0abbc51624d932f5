/* The command line as a user meets it: the real zjdash binary (ZJDASH, default
 * build/zjdash) is run with fork and execv, its standard output, standard error
 * and exit status captured, and what it printed is checked against the dataset
 * loaded independently through the model. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "dataset.h"
#include "load.h"
#include "options.h"
#include "text.h"

#include "../support/kept.h"
#include "../support/oracle.h"
#include "../support/testutil.h"

#define DATA_FILE "data/zhanjiang-2024.json"
#define HOSTILE_FILE "tests/fixtures/hostile.json"
#define TRY_HELP "Try 'zjdash --help' for more information."
#define RUN_SECONDS 60

/* ------------------------------------------------------------------------ */
/* Shared state: the dataset as the model loads it, and a scratch directory. */

static dataset *shipped;
static char tmpdir[256];

/* What a test allocates is kept (tests/support/kept.h) and released by the
 * test, or by the teardown after a failed assertion has jumped out of it. */
static void release_json(void *p)
{
    cJSON_Delete(p);
}

/* Zeroed and kept: released even when an assertion jumps out of the test. */
static void *kept_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        exit(99);
    return keep(p, free);
}

/* The binary reads its dataset from a file: a test writes one whole, or fails. */
static void write_whole(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

/* Paths in the group's scratch directory, which the teardown removes. */
static char *tmp_path(const char *name)
{
    size_t n = strlen(tmpdir) + strlen(name) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", tmpdir, name);
    return keep(p, free);
}

/* ------------------------------------------------------------------------ */
/* Running the binary. */

enum stdout_to { TO_PIPE, TO_DEV_FULL, TO_CLOSED };

typedef struct run_result {
    char *out, *err;
    size_t out_len, err_len;
    int status;   /* the exit status; -1 when killed by a signal */
    int signal;   /* the signal that killed it, or 0 */
    long peak_kib; /* its largest resident memory */
} run_result;

struct run_opts {
    const char *in; /* bytes for standard input; NULL: /dev/null */
    size_t in_len;
    enum stdout_to out;
    const char *const *env; /* NAME=VALUE set in the child (NAME= unsets); NULL-ended, or NULL */
};

struct growbuf {
    char *data;
    size_t len, cap;
};

/* Output of any length, kept NUL-terminated so that it can be searched as a string. */
static void grow_append(struct growbuf *g, const char *s, size_t n)
{
    if (g->len + n + 1 > g->cap) {
        size_t cap = g->cap ? g->cap : 4096;
        while (g->len + n + 1 > cap)
            cap *= 2;
        char *nd = realloc(g->data, cap);
        if (!nd)
            exit(99);
        g->data = nd;
        g->cap = cap;
    }
    memcpy(g->data + g->len, s, n);
    g->len += n;
    g->data[g->len] = 0;
}

/* A clock that no change of the time of day can move, for RUN_SECONDS. */
static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The pipes of one run; -1 for a stream that is not a pipe. */
struct run_pipes {
    int in[2], out[2], err[2];
};

/* In the child: the streams asked for, no other descriptor, SIGPIPE as a shell leaves it. */
static void exec_child(const struct run_opts *o, const struct run_pipes *p, char **argv)
{
    signal(SIGPIPE, SIG_DFL);
    int fd;
    if (o->in) {
        dup2(p->in[0], 0);
    } else if ((fd = open("/dev/null", O_RDONLY)) >= 0) {
        dup2(fd, 0);
        close(fd);
    }
    dup2(p->err[1], 2);
    switch (o->out) {
    case TO_PIPE:
        dup2(p->out[1], 1);
        break;
    case TO_DEV_FULL:
        fd = open("/dev/full", O_WRONLY);
        if (fd < 0)
            _exit(126);
        dup2(fd, 1);
        close(fd);
        break;
    case TO_CLOSED:
        close(1);
        break;
    }
    int all[6] = {p->in[0], p->in[1], p->out[0], p->out[1], p->err[0], p->err[1]};
    for (int i = 0; i < 6; i++)
        if (all[i] > 2)
            close(all[i]);
    setenv("ZJDASH_LANG", "en", 1); /* the assertions read the English frame */
    for (const char *const *e = o->env; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(eq - *e), *e);
        if (eq[1])
            setenv(name, eq + 1, 1);
        else
            unsetenv(name);
    }
    execv(argv[0], argv);
    static const char msg[] = "test_cli: cannot execute the zjdash binary\n";
    if (write(2, msg, sizeof msg - 1) < 0)
        _exit(127);
    _exit(127);
}

/* Standard input goes as the child takes it, so that a child that never reads it cannot block us. */
static void write_some(int *fd, const struct run_opts *o, size_t *done)
{
    ssize_t w = write(*fd, o->in + *done, o->in_len - *done);
    if (w > 0)
        *done += (size_t)w;
    if ((w < 0 && errno != EAGAIN && errno != EINTR) || *done == o->in_len) {
        close(*fd);
        *fd = -1;
    }
}

/* Output is read as it comes, so that a child that fills a pipe cannot block. */
static void read_some(int *fd, struct growbuf *g)
{
    char chunk[65536];
    ssize_t n = read(*fd, chunk, sizeof chunk);
    if (n > 0) {
        grow_append(g, chunk, (size_t)n);
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        close(*fd);
        *fd = -1;
    }
}

/* All streams at once, so that neither side waits for the other; a hung child is killed. */
static bool pump(pid_t pid, const struct run_opts *o, int in_fd, int out_fd, int err_fd, struct growbuf *out,
                 struct growbuf *err)
{
    size_t in_done = 0;
    if (in_fd >= 0 && o->in_len == 0) {
        close(in_fd);
        in_fd = -1;
    }
    double deadline = now_seconds() + RUN_SECONDS;
    bool killed = false;
    while (out_fd >= 0 || err_fd >= 0 || in_fd >= 0) {
        struct pollfd p[3];
        int np = 0, iin = -1, iout = -1, ierr = -1;
        if (in_fd >= 0) {
            p[np] = (struct pollfd){in_fd, POLLOUT, 0};
            iin = np++;
        }
        if (out_fd >= 0) {
            p[np] = (struct pollfd){out_fd, POLLIN, 0};
            iout = np++;
        }
        if (err_fd >= 0) {
            p[np] = (struct pollfd){err_fd, POLLIN, 0};
            ierr = np++;
        }
        int ready = poll(p, (nfds_t)np, 250);
        if (ready < 0 && errno != EINTR)
            fail_msg("poll: %s", strerror(errno));
        if (now_seconds() > deadline && !killed) {
            kill(pid, SIGKILL);
            killed = true;
        }
        if (ready <= 0)
            continue;
        if (iin >= 0 && p[iin].revents)
            write_some(&in_fd, o, &in_done);
        if (iout >= 0 && p[iout].revents)
            read_some(&out_fd, out);
        if (ierr >= 0 && p[ierr].revents)
            read_some(&err_fd, err);
    }
    return killed;
}

/* A killed run or a binary that cannot run fails here, not in whatever assertion comes next. */
static void finish_run(run_result *r, pid_t pid, struct growbuf *out, struct growbuf *err, bool killed)
{
    int st;
    struct rusage ru;
    while (wait4(pid, &st, 0, &ru) < 0)
        if (errno != EINTR)
            fail_msg("wait4: %s", strerror(errno));
    r->peak_kib = ru.ru_maxrss;
    r->out = keep(out->data, free);
    r->out_len = out->len;
    r->err = keep(err->data, free);
    r->err_len = err->len;
    if (WIFEXITED(st)) {
        r->status = WEXITSTATUS(st);
        r->signal = 0;
    } else {
        r->status = -1;
        r->signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    }
    if (killed)
        fail_msg("zjdash did not finish within %d seconds", RUN_SECONDS);
    if (r->status == 127 && strstr(r->err, "cannot execute the zjdash binary"))
        fail_msg("cannot execute %s (set ZJDASH to the binary)", zjdash_binary());
}

/* Runs zjdash with args (NULL-terminated, without argv[0]). */
static void run_v(run_result *r, const struct run_opts *o, const char *const *args)
{
    size_t nargs = 0;
    while (args[nargs])
        nargs++;
    char **argv = xmalloc((nargs + 2) * sizeof *argv);
    argv[0] = (char *)zjdash_binary();
    for (size_t i = 0; i < nargs; i++)
        argv[i + 1] = (char *)args[i];
    argv[nargs + 1] = NULL;

    struct run_pipes p = {{-1, -1}, {-1, -1}, {-1, -1}};
    if (o->in && pipe(p.in) != 0)
        fail_msg("pipe: %s", strerror(errno));
    if (o->out == TO_PIPE && pipe(p.out) != 0)
        fail_msg("pipe: %s", strerror(errno));
    if (pipe(p.err) != 0)
        fail_msg("pipe: %s", strerror(errno));
    pid_t pid = fork_or_fail();
    if (pid == 0)
        exec_child(o, &p, argv);
    free(argv);
    if (o->in)
        close(p.in[0]);
    if (o->out == TO_PIPE)
        close(p.out[1]);
    close(p.err[1]);
    if (o->in)
        fcntl(p.in[1], F_SETFL, fcntl(p.in[1], F_GETFL) | O_NONBLOCK);

    struct growbuf out = {0}, err = {0};
    grow_append(&out, "", 0);
    grow_append(&err, "", 0);
    bool killed = pump(pid, o, o->in ? p.in[1] : -1, o->out == TO_PIPE ? p.out[0] : -1, p.err[0], &out, &err);
    finish_run(r, pid, &out, &err, killed);
}

/* A test releases one run's output before it reuses the result for the next. */
static void run_free(run_result *r)
{
    release(r->out);
    release(r->err);
    r->out = r->err = NULL;
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define RUN(r, ...) run_v((r), &(struct run_opts){NULL, 0, TO_PIPE, NULL}, ARGS(__VA_ARGS__))
/* The same with an environment: ENV("XDG_CONFIG_HOME=/x", ...). */
#define ENV(...) ((const char *const[]){__VA_ARGS__, NULL})
#define RUN_ENV(r, env, ...) run_v((r), &(struct run_opts){NULL, 0, TO_PIPE, (env)}, ARGS(__VA_ARGS__))

/* ------------------------------------------------------------------------ */
/* What may appear in output. */

/* Characters that make a terminal show text other than it is (Trojan Source). */
static bool is_bidi_or_invisible(uint32_t cp)
{
    return cp == 0x061C || cp == 0x200B || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

/* Marks stacked on one character paint over other lines: a run of them is limited. */
static bool is_combining_mark(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
           (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* Output is safe for a terminal: valid UTF-8; no C0 control but \n (and \r
 * just before \n when crlf), no DEL, no C1 control, no bidi or invisible
 * format character; when max_marks >= 0, no more combining marks in a row. */
static void assert_clean_output(const char *what, const char *s, size_t n, bool crlf, int max_marks)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    int marks = 0;
    while (i < n) {
        uint32_t cp = 0;
        size_t len = utf8_next(u + i, n - i, &cp);
        if (!len)
            fail_msg("%s: byte %zu (0x%02X) is not UTF-8", what, i, u[i]);
        if (cp == 0x1B)
            fail_msg("%s: raw ESC at byte %zu", what, i);
        if (cp < 0x20 && cp != '\n' && !(crlf && cp == '\r' && i + 1 < n && s[i + 1] == '\n'))
            fail_msg("%s: raw control 0x%02X at byte %zu", what, (unsigned)cp, i);
        if (cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
            fail_msg("%s: raw control U+%04X at byte %zu", what, (unsigned)cp, i);
        if (is_bidi_or_invisible(cp))
            fail_msg("%s: raw U+%04X at byte %zu", what, (unsigned)cp, i);
        marks = is_combining_mark(cp) ? marks + 1 : 0;
        if (max_marks >= 0 && marks > max_marks)
            fail_msg("%s: more than %d combining marks in a row at byte %zu", what, max_marks, i);
        i += len;
    }
}

/* Both streams reach the user's terminal: both must be clean. */
static void assert_clean_run(const char *what, const run_result *r, bool crlf)
{
    char label[512];
    snprintf(label, sizeof label, "%s (stdout)", what);
    assert_clean_output(label, r->out, r->out_len, crlf, TEXT_MAX_COMBINING);
    snprintf(label, sizeof label, "%s (stderr)", what);
    assert_clean_output(label, r->err, r->err_len, false, TEXT_MAX_COMBINING);
}

/* Messages promise one line: counted by their newlines. */
static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The shape of a message is easier to state as a regular expression. */
static bool matches(const char *pattern, const char *s)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        fail_msg("bad test regex %s", pattern);
    bool ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

#define assert_contains(hay, needle)                                                                  \
    do {                                                                                              \
        const char *h_ = (hay), *n_ = (needle);                                                       \
        if (!strstr(h_, n_))                                                                          \
            fail_msg("expected to find \"%s\" in:\n%.4000s", n_, h_);                                 \
    } while (0)

#define assert_status(r, want)                                                                        \
    do {                                                                                              \
        if ((r)->status != (want))                                                                    \
            fail_msg("exit status %d (signal %d), expected %d; stderr:\n%.4000s", (r)->status,        \
                     (r)->signal, (want), (r)->err);                                                  \
    } while (0)

/* ------------------------------------------------------------------------ */
/* The dataset, read through the model, for the expected answers. */

/* Figures are found by the words the report quotes, as a reader looks for them. */
static const char *fig_quote(uint32_t f)
{
    return ds_str(shipped, shipped->figures[f].quote);
}

/* Whether the quote s ends in text: a figure's quote runs from its subject to
 * its number, so the quotes of one sentence's later figures hold the earlier
 * figures' words too (捐资捐物超4000万元's quote holds 投入资金约1.3亿元); the figure
 * those words give is the one whose quote ends in them. */
static bool quote_ends_in(const char *s, const char *text)
{
    size_t n = strlen(s), k = strlen(text);
    return n >= k && !memcmp(s + n - k, text, k);
}

/* The money figure whose quote ends in text, e.g. "约1.3亿元". */
static uint32_t figure_quoting(const char *text, enum unit unit)
{
    uint32_t found = NONE;
    for (uint32_t f = 0; f < shipped->nfigures; f++)
        if (shipped->figures[f].unit == unit && quote_ends_in(fig_quote(f), text)) {
            if (found != NONE)
                fail_msg("more than one figure quotes \"%s\"", text);
            found = f;
        }
    if (found == NONE)
        fail_msg("no figure quotes \"%s\"", text);
    return found;
}

/* Tests name themes by id, which does not move when the report's order does. */
static int theme_by_id(const char *id)
{
    for (uint32_t t = 0; t < shipped->nthemes; t++)
        if (!strcmp(ds_str(shipped, shipped->themes[t].id), id))
            return (int)t;
    fail_msg("no theme %s", id);
    return -1;
}

/* Whether entity e is x or lies (transitively) in x. */
static bool entity_within(const dataset *ds, uint32_t e, uint32_t x)
{
    for (int depth = 0; e != NONE && depth < 64; depth++) {
        if (e == x)
            return true;
        e = ds->entities[e].parent;
    }
    return false;
}

/* ASCII-case-insensitive substring. */
static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i]) {
            unsigned char a = (unsigned char)hay[i], b = (unsigned char)needle[i];
            if (a >= 'A' && a <= 'Z')
                a = (unsigned char)(a - 'A' + 'a');
            if (b >= 'A' && b <= 'Z')
                b = (unsigned char)(b - 'A' + 'a');
            if (a != b)
                break;
            i++;
        }
        if (i == n)
            return true;
    }
    return n == 0;
}

/* Records whose text (name, quote, text cells, names of the entities they
 * name) contains text, ignoring ASCII case. */
static uint32_t records_containing(const char *text)
{
    uint32_t n = 0;
    for (uint32_t r = 0; r < shipped->nrecords; r++) {
        const record *rec = &shipped->records[r];
        const theme *t = &shipped->themes[rec->theme];
        bool hit = contains_ci(ds_str(shipped, rec->name), text) || contains_ci(ds_str(shipped, rec->quote), text);
        for (uint32_t c = 0; c < t->ncolumns && !hit; c++) {
            uint32_t cell = ds_cell(shipped, r, c);
            if (cell == NONE)
                continue;
            if (t->columns[c].type == COL_TEXT)
                hit = contains_ci(ds_str(shipped, cell), text);
            else if (t->columns[c].type == COL_REFS)
                for (uint32_t k = 1; k <= shipped->refs[cell] && !hit; k++)
                    hit = contains_ci(ds_str(shipped, shipped->entities[shipped->refs[cell + k]].name), text);
        }
        n += hit;
    }
    return n;
}

/* ------------------------------------------------------------------------ */
/* CSV, parsed as RFC 4180 says. */

typedef struct csv {
    char ***rows;    /* rows[i][j] */
    size_t *nfields;
    size_t nrows;
    bool all_crlf;
} csv;

/* For kept.h: a parsed CSV is freed after a failed assertion too. */
static void csv_free(void *p)
{
    csv *c = p;
    for (size_t i = 0; i < c->nrows; i++) {
        for (size_t j = 0; j < c->nfields[i]; j++)
            free(c->rows[i][j]);
        free(c->rows[i]);
    }
    free(c->rows);
    free(c->nfields);
    free(c);
}

/* Returns NULL on success, else what is wrong. */
static const char *csv_parse(const char *s, size_t n, csv *c)
{
    memset(c, 0, sizeof *c);
    c->all_crlf = true;
    size_t cap_rows = 0, i = 0;
    const char *problem = NULL;
    while (i < n && !problem) {
        char **fields = NULL;
        size_t nf = 0, capf = 0;
        for (;;) {
            struct growbuf f = {0};
            grow_append(&f, "", 0);
            if (i < n && s[i] == '"') {
                for (i++;; i++) {
                    if (i >= n) {
                        problem = "a quoted field does not end";
                        break;
                    }
                    if (s[i] == '"') {
                        if (i + 1 < n && s[i + 1] == '"') {
                            grow_append(&f, "\"", 1);
                            i++;
                            continue;
                        }
                        i++;
                        break;
                    }
                    grow_append(&f, s + i, 1);
                }
                if (!problem && i < n && s[i] != ',' && s[i] != '\r' && s[i] != '\n')
                    problem = "text after a closing quote";
            } else {
                for (; i < n && s[i] != ',' && s[i] != '\r' && s[i] != '\n'; i++) {
                    if (s[i] == '"') {
                        problem = "a quote inside an unquoted field";
                        break;
                    }
                    grow_append(&f, s + i, 1);
                }
            }
            if (nf == capf) {
                capf = capf ? capf * 2 : 16;
                char **nfs = realloc(fields, capf * sizeof *fields);
                if (!nfs)
                    exit(99);
                fields = nfs;
            }
            fields[nf++] = f.data;
            if (problem || i >= n || s[i] != ',')
                break;
            i++;
        }
        if (!problem) {
            if (i < n && s[i] == '\r')
                i++;
            else
                c->all_crlf = false;
            if (i < n && s[i] == '\n')
                i++;
            else if (i < n)
                problem = "a bare carriage return";
        }
        if (c->nrows == cap_rows) {
            cap_rows = cap_rows ? cap_rows * 2 : 64;
            char ***nr = realloc(c->rows, cap_rows * sizeof *c->rows);
            size_t *nn = nr ? realloc(c->nfields, cap_rows * sizeof *c->nfields) : NULL;
            if (!nr || !nn)
                exit(99);
            c->rows = nr;
            c->nfields = nn;
        }
        c->rows[c->nrows] = fields;
        c->nfields[c->nrows++] = nf;
    }
    return problem;
}

/* Every CSV test needs the output parsed and rectangular before it looks at a field. */
static csv *csv_parse_ok(const run_result *r)
{
    csv *c = keep(xmalloc(sizeof *c), csv_free);
    const char *problem = csv_parse(r->out, r->out_len, c);
    if (problem)
        fail_msg("the CSV does not parse: %s", problem);
    assert_true(c->nrows >= 1);
    for (size_t i = 1; i < c->nrows; i++)
        if (c->nfields[i] != c->nfields[0])
            fail_msg("CSV row %zu has %zu fields, the header %zu", i, c->nfields[i], c->nfields[0]);
    return c;
}

/* Columns are found by label, as a spreadsheet's user finds them, not by position. */
static size_t csv_column(const csv *c, const char *label)
{
    for (size_t j = 0; j < c->nfields[0]; j++)
        if (!strcmp(c->rows[0][j], label))
            return j;
    fail_msg("no CSV column %s", label);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* JSON helpers. */

/* Every JSON test needs standard output to be one JSON value; a failure says where it is not. */
static cJSON *parse_json_output(const run_result *r)
{
    const char *end = NULL;
    cJSON *j = keep(cJSON_ParseWithOpts(r->out, &end, 1), release_json);
    if (!j)
        fail_msg("the output is not one JSON value; trouble near byte %td: %.80s",
                 end ? end - r->out : (ptrdiff_t)-1, end ? end : "");
    return j;
}

/* A missing member fails with its name rather than a NULL dereference. */
static cJSON *member(const cJSON *o, const char *key)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!m)
        fail_msg("JSON object has no member \"%s\"", key);
    return m;
}

/* A member of the wrong type fails with its name rather than a NULL dereference. */
static const char *member_string(const cJSON *o, const char *key)
{
    cJSON *m = member(o, key);
    if (!cJSON_IsString(m))
        fail_msg("JSON member \"%s\" is not a string", key);
    return m->valuestring;
}

static const char *const unit_names[] = {"yuan", "person", "person_time", "item", "date"};
static const char *const qualifier_names[] = {"exact", "at_least", "over", "about"};

/* Dates are dumped as the report wrote them (2023, 2023-09, 2023-09-01), not packed. */
static void format_date(char *out, size_t n, int64_t packed)
{
    int y = (int)(packed / 10000), m = (int)(packed / 100 % 100), d = (int)(packed % 100);
    if (d)
        snprintf(out, n, "%04d-%02d-%02d", y, m, d);
    else if (m)
        snprintf(out, n, "%04d-%02d", y, m);
    else
        snprintf(out, n, "%04d", y);
}

/* A figure object of the dump agrees with figure f of the dataset. */
static void check_json_figure(const cJSON *o, uint32_t f)
{
    const figure *fig = &shipped->figures[f];
    assert_true(cJSON_IsObject(o));
    assert_string_equal(member_string(o, "id"), ds_str(shipped, fig->id));
    cJSON *v = member(o, "value");
    if (fig->unit == UNIT_DATE) {
        char date[48];
        format_date(date, sizeof date, fig->value);
        if (!cJSON_IsString(v) || strcmp(v->valuestring, date))
            fail_msg("figure %s: value should be the string \"%s\"", ds_str(shipped, fig->id), date);
    } else {
        if (!cJSON_IsNumber(v) || v->valuedouble != (double)fig->value)
            fail_msg("figure %s: value should be the number %lld", ds_str(shipped, fig->id), (long long)fig->value);
    }
    assert_string_equal(member_string(o, "unit"), unit_names[fig->unit]);
    assert_string_equal(member_string(o, "qualifier"), qualifier_names[fig->qualifier]);
    assert_string_equal(member_string(o, "quote"), fig_quote(f));
    assert_string_equal(member_string(o, "label"), ds_str(shipped, fig->label));
}

/* ------------------------------------------------------------------------ */
/* --check */

/* --check's one line, whatever it checked, must give the model's counts. */
static void check_summary_line(const run_result *r, const char *name)
{
    assert_status(r, 0);
    assert_int_equal(r->err_len, 0);
    assert_int_equal(count_lines(r->out), 1);
    assert_true(r->out_len > 0 && r->out[r->out_len - 1] == '\n');
    assert_true(!strncmp(r->out, name, strlen(name)));
    assert_int_equal(shipped->nthemes, 4);
    char want[64];
    assert_contains(r->out, "4 themes");
    snprintf(want, sizeof want, " %u records", shipped->nrecords);
    assert_contains(r->out, want);
    snprintf(want, sizeof want, " %u entities", shipped->nentities);
    assert_contains(r->out, want);
    snprintf(want, sizeof want, " %u figures", shipped->nfigures);
    assert_contains(r->out, want);
    assert_clean_run("--check", r, false);
}

/* Without FILE, --check checks the dataset built into the binary. */
static void test_check_builtin(void **state)
{
    (void)state;
    run_result r;
    RUN(&r, "--check");
    check_summary_line(&r, "");
    run_free(&r);
}

/* A dataset file is checked with its name at the start of the line. */
static void test_check_file(void **state)
{
    (void)state;
    run_result r;
    RUN(&r, "--check", DATA_FILE);
    check_summary_line(&r, DATA_FILE ":");
    run_free(&r);
}

/* An invalid dataset whose mistake is at a known place: the number 7
 * where the second record's quote should be; the CJK before it on that line
 * makes characters and bytes differ. */
static const char bad_dataset[] =
    "{\"format\": \"zjdash/1.0\",\n"
    " \"meta\": {\"title\": \"T\", \"publisher\": \"P\", \"published\": \"2024-02-01\"},\n"
    " \"themes\": [{\"id\": \"t\", \"title\": \"T\",\n"
    "   \"columns\": [{\"key\": \"name\", \"label\": \"N\", \"type\": \"text\"}],\n"
    "   \"records\": [{\"id\": \"r1\", \"name\": \"x\", \"quote\": \"q\"},\n"
    "               {\"id\": \"r2\", \"name\": \"名称\", \"quote\": 7}]}]}\n";

/* Where the 7 is: line and column in characters, both from 1. */
static void bad_dataset_position(int *line, int *col)
{
    const char *at = strstr(bad_dataset, "\"quote\": 7") + strlen("\"quote\": ");
    *line = 1;
    const char *bol = bad_dataset;
    for (const char *p = bad_dataset; p < at; p++)
        if (*p == '\n') {
            (*line)++;
            bol = p + 1;
        }
    *col = 1;
    for (const char *p = bol; p < at; p++)
        *col += ((unsigned char)*p & 0xC0) != 0x80;
}

/* An editor jumps to FILE:LINE:COLUMN: a refusal must give the mistake's place, in characters. */
static void check_error_line(const run_result *r, const char *name)
{
    assert_status(r, 1);
    assert_int_equal(r->out_len, 0);
    if (count_lines(r->err) != 1)
        fail_msg("expected exactly one line on stderr, got:\n%s", r->err);
    int line, col;
    bad_dataset_position(&line, &col);
    char prefix[512];
    snprintf(prefix, sizeof prefix, "%s:%d:%d: ", name, line, col);
    if (strncmp(r->err, prefix, strlen(prefix)))
        fail_msg("stderr should start with \"%s\", is:\n%s", prefix, r->err);
    const char *rest = r->err + strlen(prefix);
    /* PATH: expected ..., found ... */
    if (!matches("^[^ :]+: expected .+, found .+\n$", rest))
        fail_msg("not of the form FILE:LINE:COLUMN: PATH: expected ..., found ...:\n%s", r->err);
    size_t plen = (size_t)(strchr(rest, ':') - rest);
    char path[256];
    snprintf(path, sizeof path, "%.*s", (int)plen, rest);
    if (!strstr(path, "records[1]") || plen < 5 || strcmp(path + plen - 5, "quote"))
        fail_msg("the path should name the second record's quote, is %s", path);
    assert_clean_run("invalid dataset", r, false);
}

/* A mistake in the dataset is refused with its place, by --check and by the dumps alike. */
static void test_check_invalid_file(void **state)
{
    (void)state;
    char *path = tmp_path("bad.json");
    write_whole(path, bad_dataset);
    run_result r;
    RUN(&r, "--check", path);
    check_error_line(&r, path);
    run_free(&r);
    /* Without --check, the same refusal. */
    RUN(&r, "--dump", "txt", path);
    check_error_line(&r, path);
    run_free(&r);
    unlink(path);
    release(path);
}

/* A missing file is said as the C library says it, and nothing else. */
static void test_check_missing_file(void **state)
{
    (void)state;
    char *path = tmp_path("no-such-dataset.json");
    run_result r;
    RUN(&r, "--check", path);
    assert_status(&r, 1);
    assert_int_equal(r.out_len, 0);
    char want[512];
    snprintf(want, sizeof want, "%s: No such file or directory\n", path);
    assert_string_equal(r.err, want);
    run_free(&r);
    release(path);
}

/* FILE "-" reads standard input, as a pipe from another tool gives it. */
static void test_stdin(void **state)
{
    (void)state;
    size_t len;
    char *data = read_whole(DATA_FILE, &len);
    assert_non_null(data);
    run_result r;
    run_v(&r, &(struct run_opts){data, len, TO_PIPE, NULL}, ARGS("--check", "-"));
    check_summary_line(&r, "<stdin>:");
    run_free(&r);

    /* A dump from standard input is the dump of the file. */
    run_result a, b;
    run_v(&a, &(struct run_opts){data, len, TO_PIPE, NULL}, ARGS("--dump", "json", "-"));
    RUN(&b, "--dump", "json", DATA_FILE);
    assert_status(&a, 0);
    assert_status(&b, 0);
    assert_int_equal(a.out_len, b.out_len);
    assert_memory_equal(a.out, b.out, a.out_len);
    run_free(&a);
    run_free(&b);
    release(data);

    run_v(&r, &(struct run_opts){bad_dataset, strlen(bad_dataset), TO_PIPE, NULL}, ARGS("--check", "-"));
    check_error_line(&r, "<stdin>");
    run_free(&r);
}

/* ------------------------------------------------------------------------ */
/* --dump json */

/* Every figure is in --dump json once, with the value, unit and qualifier the report gave. */
static void test_json_figures(void **state)
{
    (void)state;
    run_result r;
    RUN(&r, "--dump", "json");
    assert_status(&r, 0);
    assert_int_equal(r.err_len, 0);
    assert_clean_run("--dump json", &r, false);
    cJSON *j = parse_json_output(&r);

    uint32_t *seen = kept_calloc(shipped->nfigures, sizeof *seen);
    const cJSON *lists[16];
    int nlists = 0;
    lists[nlists++] = member(j, "figures");
    const cJSON *themes = member(j, "themes"), *t;
    assert_int_equal(cJSON_GetArraySize(themes), (int)shipped->nthemes);
    cJSON_ArrayForEach(t, themes)
    {
        cJSON *f = cJSON_GetObjectItemCaseSensitive(t, "figures");
        if (f && nlists < 16)
            lists[nlists++] = f;
    }
    for (int l = 0; l < nlists; l++) {
        const cJSON *f;
        assert_true(cJSON_IsArray(lists[l]));
        cJSON_ArrayForEach(f, lists[l])
        {
            uint32_t index;
            const char *id = member_string(f, "id");
            if (dataset_find_id(shipped, id, &index) != ID_FIGURE)
                fail_msg("the dump lists a figure %s the dataset does not have", id);
            seen[index]++;
            check_json_figure(f, index);
        }
    }
    for (uint32_t f = 0; f < shipped->nfigures; f++)
        if (seen[f] != 1)
            fail_msg("figure %s is listed %u times, expected once", ds_str(shipped, shipped->figures[f].id),
                     seen[f]);
    release(seen);

    /* The report's own money figures, in yuan with their qualifiers. */
    struct {
        const char *quoted;
        double value;
        const char *qualifier;
    } money[] = {
        {"约1.3亿元", 130000000, "about"},
        {"超4000万元", 40000000, "over"},
        {"10万元以上", 100000, "at_least"},
    };
    for (size_t m = 0; m < sizeof money / sizeof *money; m++) {
        bool found = false;
        for (int l = 0; l < nlists; l++) {
            const cJSON *f;
            cJSON_ArrayForEach(f, lists[l])
            {
                if (!quote_ends_in(member_string(f, "quote"), money[m].quoted) ||
                    strcmp(member_string(f, "unit"), "yuan"))
                    continue;
                found = true;
                cJSON *v = member(f, "value");
                if (!cJSON_IsNumber(v) || v->valuedouble != money[m].value)
                    fail_msg("the figure quoting %s should have value %.0f", money[m].quoted, money[m].value);
                assert_string_equal(member_string(f, "qualifier"), money[m].qualifier);
            }
        }
        if (!found)
            fail_msg("no figure quoting %s in the dump", money[m].quoted);
    }
    release(j);
    run_free(&r);
}

/* Every record of theme ti, in order, with its cells. */
static void check_json_theme_records(const cJSON *jt, uint32_t ti)
{
    const theme *t = &shipped->themes[ti];
    assert_string_equal(member_string(jt, "id"), ds_str(shipped, t->id));
    assert_string_equal(member_string(jt, "title"), ds_str(shipped, t->title));
    const cJSON *recs = member(jt, "records"), *jr;
    assert_int_equal(cJSON_GetArraySize(recs), (int)t->nrecords);
    uint32_t r = t->first_record;
    cJSON_ArrayForEach(jr, recs)
    {
        const record *rec = &shipped->records[r];
        assert_string_equal(member_string(jr, "id"), ds_str(shipped, rec->id));
        assert_string_equal(member_string(jr, "name"), ds_str(shipped, rec->name));
        assert_string_equal(member_string(jr, "quote"), ds_str(shipped, rec->quote));
        const cJSON *cells = member(jr, "cells");
        assert_true(cJSON_IsObject(cells));
        for (uint32_t c = 0; c < t->ncolumns; c++) {
            const column *col = &t->columns[c];
            const char *key = ds_str(shipped, col->key);
            uint32_t cell = ds_cell(shipped, r, c);
            cJSON *jc = cJSON_GetObjectItemCaseSensitive(cells, key);
            if (cell == NONE) {
                if (jc)
                    fail_msg("record %s: cell %s should be absent", ds_str(shipped, rec->id), key);
                continue;
            }
            if (!jc)
                fail_msg("record %s: cell %s is missing", ds_str(shipped, rec->id), key);
            switch (col->type) {
            case COL_TEXT:
                assert_true(cJSON_IsString(jc));
                assert_string_equal(jc->valuestring, ds_str(shipped, cell));
                break;
            case COL_REFS: {
                assert_true(cJSON_IsArray(jc));
                assert_int_equal(cJSON_GetArraySize(jc), (int)shipped->refs[cell]);
                for (uint32_t k = 1; k <= shipped->refs[cell]; k++) {
                    const entity *e = &shipped->entities[shipped->refs[cell + k]];
                    const cJSON *je = cJSON_GetArrayItem(jc, (int)k - 1);
                    assert_string_equal(member_string(je, "id"), ds_str(shipped, e->id));
                    assert_string_equal(member_string(je, "name"), ds_str(shipped, e->name));
                }
                break;
            }
            default:
                check_json_figure(jc, cell);
            }
        }
        r++;
    }
}

/* --dump json holds every record of every theme, in order, cell by cell. */
static void test_json_records(void **state)
{
    (void)state;
    run_result r;
    RUN(&r, "--dump", "json");
    assert_status(&r, 0);
    cJSON *j = parse_json_output(&r);
    const cJSON *meta = member(j, "meta");
    assert_string_equal(member_string(meta, "title"), ds_str(shipped, shipped->meta.title));
    assert_string_equal(member_string(meta, "publisher"), ds_str(shipped, shipped->meta.publisher));
    const cJSON *themes = member(j, "themes"), *t;
    uint32_t ti = 0;
    cJSON_ArrayForEach(t, themes)
    {
        check_json_theme_records(t, ti);
        ti++;
    }
    assert_int_equal(ti, shipped->nthemes);
    release(j);
    run_free(&r);
}

/* --tab takes a theme's id, number or title, and dumps that theme alone. */
static void test_json_tab(void **state)
{
    (void)state;
    int ti = theme_by_id("industry");
    assert_string_equal(ds_str(shipped, shipped->themes[ti].title), "联建强心");
    char number[16];
    snprintf(number, sizeof number, "%d", ti + 1);
    run_result a, b, c;
    RUN(&a, "--dump", "json", "--tab", "industry");
    assert_status(&a, 0);
    cJSON *j = parse_json_output(&a);
    const cJSON *themes = member(j, "themes");
    assert_int_equal(cJSON_GetArraySize(themes), 1);
    check_json_theme_records(cJSON_GetArrayItem(themes, 0), (uint32_t)ti);
    release(j);

    RUN(&b, "--dump", "json", "--tab", number);
    RUN(&c, "--dump", "json", "--tab", "联建强心");
    assert_status(&b, 0);
    assert_status(&c, 0);
    assert_string_equal(b.out, a.out);
    assert_string_equal(c.out, a.out);
    run_free(&a);
    run_free(&b);
    run_free(&c);
}

/* ------------------------------------------------------------------------ */
/* --dump csv */

/* A spreadsheet reads only plain digits as a number: no 1.3亿, no commas. */
static bool plain_number(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* A row's numbers and a record's figures are compared as sorted lists. */
static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The header is all that tells a number column: "X" followed by "X qualifier". */
static bool *number_columns(const csv *c)
{
    size_t nf = c->nfields[0];
    bool *number_col = kept_calloc(nf, sizeof *number_col);
    size_t numbers = 0;
    for (size_t k = 0; k + 1 < nf; k++) {
        char q[512];
        snprintf(q, sizeof q, "%s qualifier", c->rows[0][k]);
        if (!strcmp(c->rows[0][k + 1], q)) {
            number_col[k] = true;
            numbers++;
        }
    }
    assert_true(numbers > 0);
    return number_col;
}

/* The CSV names its columns by label: the quote column is the label of the key "quote". */
static size_t quote_column(const csv *c)
{
    const char *quote_label = NULL;
    for (uint32_t cc = 0; cc < shipped->themes[0].ncolumns; cc++)
        if (!strcmp(ds_str(shipped, shipped->themes[0].columns[cc].key), "quote"))
            quote_label = ds_str(shipped, shipped->themes[0].columns[cc].label);
    assert_non_null(quote_label);
    return csv_column(c, quote_label);
}

/* A spreadsheet needs plain numbers, each with its qualifier: the values of the record's figures. */
static void check_csv_numbers(const csv *c, size_t i, uint32_t rec, const bool *number_col)
{
    char **row = c->rows[i];
    int64_t got[64], want[64];
    size_t ngot = 0, nwant = 0;
    for (size_t k = 0; k < c->nfields[0]; k++) {
        if (!number_col[k])
            continue;
        const char *q = row[k + 1];
        if (!*row[k]) {
            if (*q)
                fail_msg("CSV row %zu: a qualifier (%s) without a number", i, q);
            continue;
        }
        if (!plain_number(row[k]))
            fail_msg("CSV row %zu, column %s: \"%s\" is not a plain number", i, c->rows[0][k], row[k]);
        if (strcmp(q, "exact") && strcmp(q, "about") && strcmp(q, "over") && strcmp(q, "at_least"))
            fail_msg("CSV row %zu: qualifier \"%s\"", i, q);
        if (ngot < 64)
            got[ngot++] = strtoll(row[k], NULL, 10);
    }
    const theme *t = &shipped->themes[shipped->records[rec].theme];
    for (uint32_t cc = 0; cc < t->ncolumns; cc++) {
        uint32_t cell = ds_cell(shipped, rec, cc);
        if ((t->columns[cc].type == COL_MONEY || t->columns[cc].type == COL_COUNT) && cell != NONE && nwant < 64)
            want[nwant++] = shipped->figures[cell].value;
    }
    qsort(got, ngot, sizeof *got, cmp_i64);
    qsort(want, nwant, sizeof *want, cmp_i64);
    if (ngot != nwant || memcmp(got, want, ngot * sizeof *got))
        fail_msg("CSV row %zu (%s): numbers do not match the record's figures", i, row[1]);
}

/* --dump csv gives RFC 4180 CSV: a row per record, with its theme, id, quote and numbers. */
static void test_csv(void **state)
{
    (void)state;
    run_result r;
    RUN(&r, "--dump", "csv");
    assert_status(&r, 0);
    assert_int_equal(r.err_len, 0);
    assert_clean_run("--dump csv", &r, true);
    assert_true(!strncmp(r.out, "theme,id", 8));
    csv *c = csv_parse_ok(&r);
    assert_int_equal(c->nrows - 1, shipped->nrecords);
    assert_true(c->nfields[0] >= 2);
    assert_string_equal(c->rows[0][0], "theme");
    assert_string_equal(c->rows[0][1], "id");

    /* Number columns: X followed by "X qualifier". */
    bool *number_col = number_columns(c);

    /* The quote column holds the record's words, commas and all. */
    size_t qcol = quote_column(c);
    bool any_comma = false;

    for (size_t i = 1; i < c->nrows; i++) {
        char **row = c->rows[i];
        uint32_t rec;
        if (dataset_find_id(shipped, row[1], &rec) != ID_RECORD)
            fail_msg("CSV row %zu: %s is no record", i, row[1]);
        assert_string_equal(row[0], ds_str(shipped, shipped->themes[shipped->records[rec].theme].id));
        assert_string_equal(row[qcol], ds_str(shipped, shipped->records[rec].quote));
        any_comma |= strchr(row[qcol], ',') != NULL;
        /* The numbers of the row are the values of the record's money and count figures. */
        check_csv_numbers(c, i, rec, number_col);
    }
    assert_true(any_comma);
    /* Fields with commas went out quoted. */
    assert_contains(r.out, ",\"");
    release(number_col);
    release(c);
    run_free(&r);
}

/* A name from the file that a spreadsheet would run as a formula (=, +, -,
 * @) goes out with a leading apostrophe, as OWASP advises, and quoted; a
 * name's own leading apostrophe gets one too, since the first is hidden. */
static void test_csv_formulas(void **state)
{
    (void)state;
    static const char *const names[] = {"=HYPERLINK(\"http://x\",\"go\")", "+1+1", "-2", "@SUM(A1)", "'a", "a=b"};
    char *path = tmp_path("formulas.json");
    buf json;
    buf_init(&json);
    buf_puts(&json, "{\"format\": \"zjdash/1.0\", \"meta\": {\"title\": \"T\", \"publisher\": \"P\", "
                    "\"published\": \"2024-02-01\"}, \"places\": [{\"id\": \"p\", \"name\": \"=1+1\", "
                    "\"kind\": \"city\"}], \"themes\": [{\"id\": \"t\", \"title\": \"T\", \"columns\": "
                    "[{\"key\": \"name\", \"label\": \"N\", \"type\": \"text\"}, {\"key\": \"where\", "
                    "\"label\": \"W\", \"type\": \"refs\"}], \"records\": [");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        buf_printf(&json, "%s{\"id\": \"r%zu\", \"name\": \"", i ? "," : "", i);
        for (const char *c = names[i]; *c; c++)
            buf_printf(&json, *c == '"' ? "\\\"" : "%c", *c);
        buf_puts(&json, "\", \"where\": [\"p\"], \"quote\": \"q\"}");
    }
    buf_puts(&json, "]}]}\n");
    write_whole(path, json.data);
    buf_free(&json);
    run_result r;
    RUN(&r, "--dump", "csv", path);
    assert_status(&r, 0);
    csv *c = csv_parse_ok(&r);
    size_t ncol = csv_column(c, "N"), wcol = csv_column(c, "W");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *got = c->rows[i + 1][ncol];
        bool guarded = strchr("=+-@'", names[i][0]) != NULL;
        if (guarded ? got[0] != '\'' || strcmp(got + 1, names[i]) : strcmp(got, names[i]))
            fail_msg("%s went out as %s", names[i], got);
        assert_string_equal(c->rows[i + 1][wcol], "'=1+1");
    }
    assert_non_null(strstr(r.out, "\"'=HYPERLINK(")); /* quoted, as OWASP says */
    release(c);
    run_free(&r);
    RUN(&r, "--dump", "csv", "--tab", "places", path);
    assert_status(&r, 0);
    assert_non_null(strstr(r.out, ",\"'=1+1\","));
    run_free(&r);
    unlink(path);
    release(path);
}

/* Numbers on the command line and in ESCDELAY are digits alone: what strtol
 * and atoi would also take (a sign, spaces, leading zeros, more after the
 * digits, too many digits) is refused, and the bound is exact. */
static void test_numbers_are_plain_digits(void **state)
{
    (void)state;
    long v = -1;
    assert_true(options_number("8", 1, 8, &v) && v == 8);
    assert_true(options_number("0", 1, 8, &v) && v == 0);
    assert_true(options_number("1000", 4, 1000, &v) && v == 1000);
    assert_true(options_number("10000", 5, 10000, &v) && v == 10000);
    static const char *const bad[] = {"9", "1001", "", " 1", "1 ", "+1", "-1", "01", "00", "1e2", "0x10",
                                      "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long max = i == 1 ? 1000 : 8;
        if (options_number(bad[i], strlen(bad[i]), max, &v))
            fail_msg("\"%s\" taken as %ld (at most %ld)", bad[i], v, max);
    }
}

/* ------------------------------------------------------------------------ */
/* --dump txt */

/* --dump txt shows every theme, under its title, in the report's order. */
static void test_txt_titles(void **state)
{
    (void)state;
    run_result r;
    RUN(&r, "--dump", "txt");
    assert_status(&r, 0);
    assert_int_equal(r.err_len, 0);
    assert_clean_run("--dump txt", &r, false);
    static const char *const titles[] = {"组织凝心", "联建强心", "治理同心", "帮扶暖心"};
    const char *at = r.out;
    for (int i = 0; i < 4; i++) {
        const char *p = strstr(at, titles[i]);
        if (!p)
            fail_msg("%s missing, or not after %s", titles[i], i ? titles[i - 1] : "the start");
        at = p + strlen(titles[i]);
    }
    run_free(&r);
}

/* Records of theme ti in the order a sort by column c puts them: by value,
 * stable, empty cells last either way. */
static uint32_t expected_sort(uint32_t ti, uint32_t c, bool descending, uint32_t *out)
{
    const theme *t = &shipped->themes[ti];
    uint32_t n = 0;
    for (uint32_t r = t->first_record; r < t->first_record + t->nrecords; r++)
        out[n++] = r;
    for (uint32_t i = 1; i < n; i++) {
        uint32_t x = out[i], j = i;
        for (; j > 0; j--) {
            uint32_t y = out[j - 1];
            uint32_t fx = ds_cell(shipped, x, c), fy = ds_cell(shipped, y, c);
            bool before;
            if (fx == NONE)
                before = false;
            else if (fy == NONE)
                before = true;
            else if (descending)
                before = shipped->figures[fx].value > shipped->figures[fy].value;
            else
                before = shipped->figures[fx].value < shipped->figures[fy].value;
            if (!before)
                break;
            out[j] = y;
        }
        out[j] = x;
    }
    return n;
}

/* The table rows of a one-tab txt dump, as record indices: lines after the
 * rule that begin with a record's name (at most 15 characters of it). */
static uint32_t txt_row_order(const char *txt, uint32_t ti, uint32_t *out, uint32_t max)
{
    const theme *t = &shipped->themes[ti];
    const char *p = strstr(txt, "\n---");
    assert_non_null(p);
    p = strchr(p + 1, '\n');
    assert_non_null(p);
    p++;
    uint32_t n = 0;
    while (*p && *p != '\n' && n < max) {
        const char *eol = strchr(p, '\n');
        if (!eol)
            eol = p + strlen(p);
        uint32_t match = NONE;
        size_t best = 0;
        for (uint32_t r = t->first_record; r < t->first_record + t->nrecords; r++) {
            const char *name = ds_str(shipped, shipped->records[r].name);
            size_t len = 0;
            for (int chars = 0; name[len] && chars < 15; chars++) {
                len++;
                while (((unsigned char)name[len] & 0xC0) == 0x80)
                    len++;
            }
            if ((size_t)(eol - p) >= len && !strncmp(p, name, len) && len > best) {
                best = len;
                match = r;
            }
        }
        if (match == NONE)
            fail_msg("a table row begins with no record's name: %.*s", (int)(eol - p), p);
        out[n++] = match;
        p = *eol ? eol + 1 : eol;
    }
    return n;
}

/* Order on the page is checked by positions in the text: a missing line fails here. */
static const char *line_with(const char *s, const char *needle)
{
    const char *p = strstr(s, needle);
    if (!p)
        fail_msg("\"%s\" not found", needle);
    return p;
}

/* The txt and JSON dumps must agree with expected_sort, for one column and direction. */
static void check_sorted_dumps(uint32_t ti, uint32_t c, int dir, uint32_t *want, uint32_t *got)
{
    const theme *t = &shipped->themes[ti];
    char sort[128];
    snprintf(sort, sizeof sort, "%s:%s", ds_str(shipped, t->columns[c].key), dir ? "desc" : "asc");
    run_result r;
    RUN(&r, "--dump", "txt", "--tab", ds_str(shipped, t->id), "--sort", sort);
    assert_status(&r, 0);
    assert_clean_run("--dump txt --sort", &r, false);
    uint32_t n = expected_sort(ti, c, dir, want);
    uint32_t m = txt_row_order(r.out, ti, got, 256);
    assert_int_equal(m, n);
    for (uint32_t i = 0; i < n; i++)
        if (got[i] != want[i])
            fail_msg("--tab %s --sort %s: row %u is %s, expected %s", ds_str(shipped, t->id), sort, i + 1,
                     ds_str(shipped, shipped->records[got[i]].id), ds_str(shipped, shipped->records[want[i]].id));
    /* The same order in the JSON dump. */
    run_result jr;
    RUN(&jr, "--dump", "json", "--tab", ds_str(shipped, t->id), "--sort", sort);
    assert_status(&jr, 0);
    cJSON *j = parse_json_output(&jr);
    const cJSON *recs = member(cJSON_GetArrayItem(member(j, "themes"), 0), "records");
    assert_int_equal(cJSON_GetArraySize(recs), (int)n);
    for (uint32_t i = 0; i < n; i++)
        assert_string_equal(member_string(cJSON_GetArrayItem(recs, (int)i), "id"),
                            ds_str(shipped, shipped->records[want[i]].id));
    release(j);
    run_free(&jr);
    run_free(&r);
}

/* What a reader sees: the biggest sums first. The theme of 约1.3亿元 sorted by
 * its money column (by label) shows it above the smaller sums there; the
 * theme of 905万元 shows it below the larger one. */
static void check_biggest_sums_first(void)
{
    uint32_t big = figure_quoting("约1.3亿元", UNIT_YUAN), small = figure_quoting("905万元", UNIT_YUAN);
    uint32_t donation = figure_quoting("超4000万元", UNIT_YUAN);
    assert_int_equal(shipped->figures[big].theme, shipped->figures[donation].theme);
    const char *views[][3] = {
        {"约1.3亿元", "3900万元", NULL},
        {"3365万元", "905万元", NULL},
    };
    int themes_of[2] = {shipped->figures[big].theme, shipped->figures[small].theme};
    for (int v = 0; v < 2; v++) {
        const theme *t = &shipped->themes[themes_of[v]];
        const char *label = NULL;
        for (uint32_t c = 0; c < t->ncolumns && !label; c++)
            if (t->columns[c].type == COL_MONEY && !strcmp(ds_str(shipped, t->columns[c].key), "money"))
                label = ds_str(shipped, t->columns[c].label);
        assert_non_null(label);
        char sort[128];
        snprintf(sort, sizeof sort, "%s:desc", label);
        run_result r;
        RUN(&r, "--dump", "txt", "--tab", ds_str(shipped, t->id), "--sort", sort);
        assert_status(&r, 0);
        const char *table = line_with(r.out, "\n---");
        const char *first = line_with(table, views[v][0]), *second = line_with(table, views[v][1]);
        if (first > second)
            fail_msg("sorted descending, %s should come above %s", views[v][0], views[v][1]);
        run_free(&r);
    }
    /* Across the whole dump sorted by money, 约1.3亿元 comes above 超4000万元 above 905万元. */
    run_result r;
    RUN(&r, "--dump", "txt", "--sort", "money:desc");
    assert_status(&r, 0);
    const char *a = line_with(line_with(r.out, "\n---"), "约1.3亿元");
    const char *b = line_with(a, "超4000万元");
    line_with(b, "905万元");
    run_free(&r);
}

/* --sort orders the dumps by value, stably, empty cells last, both ways, by key or by label. */
static void test_txt_sort(void **state)
{
    (void)state;
    uint32_t want[256], got[256];
    bool any_money = false;
    for (uint32_t ti = 0; ti < shipped->nthemes; ti++) {
        const theme *t = &shipped->themes[ti];
        for (uint32_t c = 0; c < t->ncolumns; c++) {
            if (t->columns[c].type != COL_MONEY)
                continue;
            any_money = true;
            for (int dir = 0; dir < 2; dir++)
                check_sorted_dumps(ti, c, dir, want, got);
        }
    }
    assert_true(any_money);
    check_biggest_sums_first();
}

/* The txt dump says "N of M records" for each theme: a filter's count is their sum. */
static void count_txt_records(const char *txt, unsigned *shown, unsigned *total)
{
    *shown = *total = 0;
    const char *p = txt;
    unsigned a, b;
    while ((p = strstr(p, " records")) != NULL) {
        const char *bol = p;
        while (bol > txt && bol[-1] != '\n')
            bol--;
        if (sscanf(bol, "%u of %u records", &a, &b) == 2) {
            *shown += a;
            *total += b;
        }
        p += 8;
    }
}

/* --filter keeps exactly the records whose text contains the needle, ASCII in either case. */
static void test_filter(void **state)
{
    (void)state;
    /* ASCII in the dataset's words: "1+5+N". */
    bool present = false;
    for (uint32_t r = 0; r < shipped->nrecords; r++)
        present |= strstr(ds_str(shipped, shipped->records[r].quote), "1+5+N") != NULL;
    assert_true(present);
    static const char *const filters[] = {"1+5+N", "1+5+n", "文章村"};
    for (size_t i = 0; i < sizeof filters / sizeof *filters; i++) {
        uint32_t want = records_containing(filters[i]);
        assert_true(want > 0 && want < shipped->nrecords);
        run_result r;
        RUN(&r, "--dump", "csv", "--filter", filters[i]);
        assert_status(&r, 0);
        csv *c = csv_parse_ok(&r);
        if (c->nrows - 1 != want)
            fail_msg("--filter %s: %zu rows, expected %u", filters[i], c->nrows - 1, want);
        release(c);
        run_free(&r);

        RUN(&r, "--dump", "txt", "--filter", filters[i]);
        assert_status(&r, 0);
        assert_clean_run("--dump txt --filter", &r, false);
        unsigned shown, total;
        count_txt_records(r.out, &shown, &total);
        assert_int_equal(total, shipped->nrecords);
        if (shown != want)
            fail_msg("--dump txt --filter %s says %u records shown, expected %u", filters[i], shown, want);
        run_free(&r);
    }
    /* Either case gives the same answer. */
    run_result a, b;
    RUN(&a, "--dump", "csv", "--filter", "1+5+N");
    RUN(&b, "--dump", "csv", "--filter", "1+5+n");
    assert_string_equal(a.out, b.out);
    run_free(&a);
    run_free(&b);
}

/* ------------------------------------------------------------------------ */
/* --open */

/* The records about entity e: naming it or something inside it. */
static uint32_t records_about(uint32_t e, bool *is_about)
{
    uint32_t n = 0;
    for (uint32_t r = 0; r < shipped->nrecords; r++) {
        is_about[r] = false;
        for (uint32_t x = 0; x < shipped->nentities && !is_about[r]; x++)
            if (entity_within(shipped, x, e) && record_names_entity(shipped, r, x))
                is_about[r] = true;
        n += is_about[r];
    }
    return n;
}

/* --open of a place shows its path and the themes of the records about it, by name or by id. */
static void test_open_place(void **state)
{
    (void)state;
    uint32_t e = entity_named(shipped, "文章村");
    bool *about = kept_calloc(shipped->nrecords, sizeof *about);
    uint32_t n = records_about(e, about);
    assert_true(n > 0);
    bool in_theme[16] = {false};
    for (uint32_t r = 0; r < shipped->nrecords; r++)
        if (about[r])
            in_theme[shipped->records[r].theme] = true;
    int industry = theme_by_id("industry"), governance = theme_by_id("governance");
    assert_true(in_theme[industry] && in_theme[governance]);

    run_result r, by_id;
    RUN(&r, "--dump", "txt", "--open", "文章村");
    assert_status(&r, 0);
    assert_int_equal(r.err_len, 0);
    assert_clean_run("--open 文章村", &r, false);
    assert_contains(r.out, "湛江市 › 赤坎区 › 文章村");
    for (uint32_t t = 0; t < shipped->nthemes; t++) {
        bool shows = strstr(r.out, ds_str(shipped, shipped->themes[t].title)) != NULL;
        if (shows != in_theme[t])
            fail_msg("--open 文章村 %s theme %s", shows ? "shows" : "does not show",
                     ds_str(shipped, shipped->themes[t].title));
    }
    assert_contains(r.out, "联建强心");
    assert_contains(r.out, "治理同心");
    RUN(&by_id, "--dump", "txt", "--open", ds_str(shipped, shipped->entities[e].id));
    assert_status(&by_id, 0);
    assert_string_equal(by_id.out, r.out);
    run_free(&by_id);
    run_free(&r);
    release(about);
}

/* White space between the members and elements of a file read through a
 * pipe is passed, not kept: 200 MB of it, in every kind of place between
 * two tokens of the outer structure, leave the reader a few MB and a
 * located error at the end (it once kept them all, and under a memory
 * limit died of it with no line). */
static void test_white_space_is_not_kept(void **state)
{
    (void)state;
    static const char *const before[] = {"{\"format\": \"zjdash/1.0\",", "{\"format\"",
                                         "{\"format\": \"zjdash/1.0\", \"places\": [",
                                         "{\"format\": \"zjdash/1.0\", \"places\": [{\"id\": \"p\", \"name\": \"n\"}"};
    size_t spaces = 200u << 20;
    for (size_t i = 0; i < sizeof before / sizeof before[0]; i++) {
        size_t n = strlen(before[i]), size = n + spaces + 3;
        /* not inherited by the child, whose peak would count it until exec */
        char *in = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        assert_true(in != MAP_FAILED);
        assert_int_equal(madvise(in, size, MADV_DONTFORK), 0);
        memcpy(in, before[i], n);
        memset(in + n, i % 2 ? '\n' : ' ', spaces);
        memcpy(in + n + spaces, "]}", 3);
        run_result r;
        run_v(&r, &(struct run_opts){in, n + spaces + 2, TO_PIPE, NULL}, ARGS("--check", "-"));
        munmap(in, size);
        assert_status(&r, 1);
        if (!matches("^<stdin>:[0-9]+:[0-9]+: .*expected .*\n$", r.err))
            fail_msg("case %zu: not one located line: %s", i, r.err);
        if (r.peak_kib > 64 * 1024)
            fail_msg("case %zu: %ld KiB at the peak for 200 MiB of white space", i, r.peak_kib);
        run_free(&r);
    }
}

/* A chain of places as deep as a file may nest them, and an organisation in
 * the deepest: a path of 34, longer than any limit a path once had (16 in the
 * dumps, 32 on the screen): the entity stays at the end of its own path. */
static void test_open_deep_path(void **state)
{
    (void)state;
    enum { DEPTH = DATASET_MAX_PLACE_DEPTH + 1 }; /* the deepest a file may nest places */
    buf json_text, want_text;
    buf_init(&json_text);
    buf_init(&want_text);
    buf *json = &json_text;
    buf_puts(json, "{\"format\": \"zjdash/1.0\", \"meta\": {\"title\": \"Deep\", \"publisher\": \"P\", "
                   "\"published\": \"2024-02-01\"}, \"places\": [");
    buf *want = &want_text;
    for (int i = 0; i < DEPTH; i++) {
        buf_printf(json, "%s{\"id\": \"p%d\", \"name\": \"层%d\"", i ? ", " : "", i, i);
        if (i)
            buf_printf(json, ", \"parent\": \"p%d\"", i - 1);
        buf_puts(json, "}");
        buf_printf(want, "层%d › ", i);
    }
    buf_puts(want, "最深处的组织");
    buf_printf(json, "], \"organizations\": [{\"id\": \"deep\", \"name\": \"最深处的组织\", \"place\": "
                     "\"p%d\"}], ", DEPTH - 1);
    buf_puts(json, "\"themes\": [{\"id\": \"t\", \"title\": \"T\", \"columns\": ["
                   "{\"key\": \"name\", \"label\": \"名称\", \"type\": \"text\"}, "
                   "{\"key\": \"who\", \"label\": \"组织\", \"type\": \"refs\"}], \"records\": ["
                   "{\"id\": \"r\", \"name\": \"记录\", \"who\": [\"deep\"], \"quote\": \"q\"}]}]}");
    run_result r;
    run_v(&r, &(struct run_opts){json->data, json->len, TO_PIPE, NULL}, ARGS("--dump", "txt", "--open", "deep", "-"));
    assert_status(&r, 0);
    assert_contains(r.out, want->data);
    run_free(&r);
    run_v(&r, &(struct run_opts){json->data, json->len, TO_PIPE, NULL}, ARGS("--dump", "json", "--open", "deep", "-"));
    assert_status(&r, 0);
    /* the path: every place from the top, then the organisation itself */
    const char *path = strstr(r.out, "\"path\"");
    assert_non_null(path);
    const char *end = strstr(path, "\"inside\"");
    assert_non_null(end);
    int ids = 0;
    for (const char *at = strstr(path, "\"id\""); at && at < end; at = strstr(at + 1, "\"id\""))
        ids++;
    assert_int_equal(ids, DEPTH + 1);
    const char *last = strstr(path, "\"deep\"");
    assert_true(last && last < end);
    run_free(&r);
    buf_free(&json_text);
    buf_free(&want_text);
}

/* --open in JSON lists only records about the place. */
static void test_open_json(void **state)
{
    (void)state;
    uint32_t e = entity_named(shipped, "文章村");
    bool *about = kept_calloc(shipped->nrecords, sizeof *about);
    uint32_t n = records_about(e, about);
    run_result r;
    RUN(&r, "--dump", "json", "--open", "文章村");
    assert_status(&r, 0);
    assert_clean_run("--dump json --open", &r, false);
    cJSON *j = parse_json_output(&r);
    const cJSON *open = member(j, "open");
    assert_string_equal(member_string(open, "type"), "place");
    const cJSON *recs = member(open, "records"), *jr;
    assert_int_equal(cJSON_GetArraySize(recs), (int)n);
    cJSON_ArrayForEach(jr, recs)
    {
        uint32_t rec;
        const char *id = member_string(jr, "id");
        if (dataset_find_id(shipped, id, &rec) != ID_RECORD || !about[rec])
            fail_msg("--open 文章村 lists %s, which is not about 文章村", id);
    }
    release(j);
    run_free(&r);
    release(about);
}

/* A name that fits many things is a usage error listing their ids; one that fits none too. */
static void test_open_ambiguous(void **state)
{
    (void)state;
    run_result r;
    RUN(&r, "--dump", "txt", "--open", "村");
    assert_status(&r, 2);
    assert_int_equal(r.out_len, 0);
    assert_clean_run("--open 村", &r, false);
    unsigned listed = 0;
    for (uint32_t e = 0; e < shipped->nentities; e++) {
        if (!strstr(ds_str(shipped, shipped->entities[e].name), "村"))
            continue;
        char id[128];
        snprintf(id, sizeof id, "%s", ds_str(shipped, shipped->entities[e].id));
        listed += strstr(r.err, id) != NULL;
    }
    if (listed < 2)
        fail_msg("--open 村 should list candidate ids, printed:\n%s", r.err);
    run_free(&r);

    RUN(&r, "--dump", "txt", "--open", "no such thing anywhere");
    assert_status(&r, 2);
    assert_int_equal(r.out_len, 0);
    assert_true(r.err_len > 0);
    run_free(&r);
}

/* --open of a record shows its quote and everything it names. */
static void test_open_record(void **state)
{
    (void)state;
    /* The record that names the most entities. */
    uint32_t best = NONE, most = 0;
    for (uint32_t rec = 0; rec < shipped->nrecords; rec++) {
        uint32_t n = 0;
        for (uint32_t e = 0; e < shipped->nentities; e++)
            n += record_names_entity(shipped, rec, e);
        if (n > most) {
            most = n;
            best = rec;
        }
    }
    assert_true(best != NONE && most >= 2);
    run_result r;
    RUN(&r, "--dump", "txt", "--open", ds_str(shipped, shipped->records[best].id));
    assert_status(&r, 0);
    assert_clean_run("--open RECORD", &r, false);
    assert_contains(r.out, ds_str(shipped, shipped->records[best].quote));
    for (uint32_t e = 0; e < shipped->nentities; e++)
        if (record_names_entity(shipped, best, e))
            assert_contains(r.out, ds_str(shipped, shipped->entities[e].name));
    run_free(&r);

    RUN(&r, "--dump", "json", "--open", ds_str(shipped, shipped->records[best].id));
    assert_status(&r, 0);
    cJSON *j = parse_json_output(&r);
    const cJSON *open = member(j, "open");
    assert_string_equal(member_string(open, "type"), "record");
    release(j);
    run_free(&r);
}

/* ------------------------------------------------------------------------ */
/* Usage errors, help, version. */

struct usage_case {
    const char *name;
    const char *args[8];
};

static const struct usage_case usage_cases[] = {
    {"usage: unknown option", {"--no-such-option", NULL}},
    {"usage: unknown short option", {"-x", NULL}},
    {"usage: --dump xml", {"--dump", "xml", NULL}},
    {"usage: --tab without a value", {"--dump", "txt", "--tab", NULL}},
    {"usage: two FILE arguments", {"--dump", "txt", DATA_FILE, DATA_FILE, NULL}},
    {"usage: --tab nosuch", {"--dump", "txt", "--tab", "nosuch", NULL}},
    {"usage: --sort nosuch", {"--dump", "txt", "--sort", "nosuch", NULL}},
    {"usage: --check with --dump", {"--check", "--dump", "json", NULL}},
    {"usage: --filter on the places", {"--dump", "txt", "--tab", "places", "--filter", "x", NULL}},
    {"usage: --config and --no-config", {"--config", "tests/fuzz/corpus-config/good", "--no-config", NULL}},
    {"usage: --config of no file", {"--config", "/nonexistent/zjdash/config", NULL}},
    {"usage: --config of a folder", {"--config", "tests", "--dump", "txt", NULL}},
    {"usage: --print-config with --dump", {"--print-config", "--dump", "txt", NULL}},
    {"usage: --print-config with --snapshot", {"--print-config", "--snapshot", "x.png", NULL}},
    {"usage: --print-config with a file", {"--print-config", DATA_FILE, NULL}},
};

/* Every usage error is exit status 2, one line, and a pointer to --help. */
static void test_usage(void **state)
{
    const struct usage_case *u = *state;
    run_result r;
    run_v(&r, &(struct run_opts){NULL, 0, TO_PIPE, NULL}, u->args);
    assert_status(&r, 2);
    assert_int_equal(r.out_len, 0);
    assert_clean_run(u->name, &r, false);
    const char *nl = strchr(r.err, '\n');
    if (count_lines(r.err) != 2 || !nl || strcmp(nl + 1, TRY_HELP "\n") || nl == r.err)
        fail_msg("expected one message line and \"" TRY_HELP "\", got:\n%s", r.err);
    run_free(&r);
}

/* --help must not fall behind the options tui/cli.c defines. */
static void test_help(void **state)
{
    (void)state;
    size_t len;
    char *src = read_whole("tui/cli.c", &len);
    assert_non_null(src);
    run_result r;
    RUN(&r, "--help");
    assert_status(&r, 0);
    assert_int_equal(r.err_len, 0);
    assert_clean_run("--help", &r, false);
    /* Every {"name", no_argument|required_argument|optional_argument, ...}. */
    regex_t re;
    assert_int_equal(regcomp(&re, "\\{[[:space:]]*\"([a-z0-9-]+)\"[[:space:]]*,[[:space:]]*"
                                  "(no_argument|required_argument|optional_argument)",
                             REG_EXTENDED),
                     0);
    regmatch_t m[3];
    const char *p = src;
    int options = 0;
    while (regexec(&re, p, 3, m, 0) == 0) {
        char opt[80];
        snprintf(opt, sizeof opt, "--%.*s", (int)(m[1].rm_eo - m[1].rm_so), p + m[1].rm_so);
        bool found = false;
        for (const char *h = strstr(r.out, opt); h && !found; h = strstr(h + 1, opt)) {
            char after = h[strlen(opt)];
            found = !((after >= 'a' && after <= 'z') || (after >= '0' && after <= '9') || after == '-');
        }
        if (!found)
            fail_msg("--help does not mention %s, which tui/cli.c defines", opt);
        options++;
        p += m[0].rm_eo;
    }
    regfree(&re);
    assert_true(options >= 8);
    /* and every key of the configuration file, in its paragraph */
    const char *conf = strstr(r.out, "Configuration file (");
    assert_non_null(conf);
    size_t conf_len = strcspn(conf, "\n") + 1;
    conf_len += strcspn(conf + conf_len, "\n") + 1;
    conf_len += strcspn(conf + conf_len, "\n");
    for (int k = 0; k < CONFIG_NKEYS; k++) {
        const char *key = config_key_name((enum config_key)k), *at = conf;
        bool found = false;
        while (!found && (at = strstr(at, key)) && at < conf + conf_len) {
            found = strchr(" \n", at[-1]) && strchr(",. (", at[strlen(key)]);
            at++;
        }
        if (!found)
            fail_msg("--help does not name the configuration key %s", key);
    }
    run_free(&r);
    release(src);
}

/* Scripts read --version: one line, "zjdash X.Y". */
static void test_version(void **state)
{
    (void)state;
    run_result r;
    RUN(&r, "--version");
    assert_status(&r, 0);
    assert_int_equal(r.err_len, 0);
    if (!matches("^zjdash [0-9]+(\\.[0-9]+)+[^\n]*\n$", r.out))
        fail_msg("--version printed: %s", r.out);
    run_free(&r);
}

/* ------------------------------------------------------------------------ */
/* Output that cannot be written. */

static const char *const *const unwritable_cases[] = {
    ARGS("--dump", "txt"),
    ARGS("--dump", "csv"),
    ARGS("--dump", "json"),
    ARGS("--dump", "txt", "--open", "文章村"),
    ARGS("--check"),
    ARGS("--check", DATA_FILE),
    ARGS("--help"),
    ARGS("--version"),
};

/* A full disk or a closed standard output is an error (status 3), never success. */
static void test_output_full(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof unwritable_cases / sizeof *unwritable_cases; i++)
        for (int mode = TO_DEV_FULL; mode <= TO_CLOSED; mode++) {
            run_result r;
            run_v(&r, &(struct run_opts){NULL, 0, (enum stdout_to)mode, NULL}, unwritable_cases[i]);
            if (r.status != 3 || r.err_len == 0)
                fail_msg("zjdash %s %s with stdout %s: exit %d, stderr \"%s\"; expected 3 and a message",
                         unwritable_cases[i][0], unwritable_cases[i][1] ? unwritable_cases[i][1] : "",
                         mode == TO_DEV_FULL ? "on /dev/full" : "closed", r.status, r.err);
            assert_clean_run("unwritable stdout", &r, false);
            run_free(&r);
        }
    /* With stdout closed, the dataset file is not written to. */
    size_t len, len2;
    char *orig = read_whole(DATA_FILE, &len);
    char *copy = tmp_path("copy.json");
    write_whole(copy, orig);
    run_result r;
    run_v(&r, &(struct run_opts){NULL, 0, TO_CLOSED, NULL}, ARGS("--dump", "txt", copy));
    assert_status(&r, 3);
    char *after = read_whole(copy, &len2);
    assert_int_equal(len2, len);
    assert_memory_equal(after, orig, len);
    run_free(&r);
    unlink(copy);
    release(copy);
    release(after);
    release(orig);
}

/* ------------------------------------------------------------------------ */
/* Hostile text. */

/* Text in a dataset must not control the user's terminal, in any output format. */
static void test_hostile_dataset(void **state)
{
    (void)state;
    run_result r;
    RUN(&r, "--check", HOSTILE_FILE);
    if (r.status != 0)
        fail_msg(HOSTILE_FILE " should be a valid dataset: %s", r.err);
    assert_clean_run("--check hostile", &r, false);
    run_free(&r);

    static const char *const placeholders[] = {"<U+202E>", "<U+2066>", "<U+200B>", "<U+FEFF>", "%n%s%s"};
    static const char *const modes[][6] = {
        {"--dump", "txt", HOSTILE_FILE, NULL},
        {"--dump", "csv", HOSTILE_FILE, NULL},
        {"--dump", "txt", "--open", "r_one", HOSTILE_FILE, NULL},
        {"--dump", "txt", "--open", "p_city", HOSTILE_FILE, NULL},
        {"--dump", "csv", "--open", "p_city", HOSTILE_FILE, NULL},
        {"--dump", "txt", "--filter", "raw", HOSTILE_FILE, NULL},
    };
    for (size_t m = 0; m < sizeof modes / sizeof *modes; m++) {
        run_v(&r, &(struct run_opts){NULL, 0, TO_PIPE, NULL}, modes[m]);
        char what[256];
        snprintf(what, sizeof what, "hostile %s %s %s", modes[m][0], modes[m][1], modes[m][2]);
        if (r.status != 0)
            fail_msg("%s: exit %d: %s", what, r.status, r.err);
        assert_clean_run(what, &r, !strcmp(modes[m][1], "csv"));
        for (size_t p = 0; p < sizeof placeholders / sizeof *placeholders; p++)
            if (!strstr(r.out, placeholders[p]))
                fail_msg("%s: no %s in the output", what, placeholders[p]);
        run_free(&r);
    }

    /* CSV of the hostile file still parses, a comma and quotes included. */
    RUN(&r, "--dump", "csv", HOSTILE_FILE);
    csv *c = csv_parse_ok(&r);
    assert_int_equal(c->nrows, 3);
    bool note = false;
    for (size_t k = 0; k < c->nfields[1]; k++)
        note |= !strncmp(c->rows[1][k], "Note, with a comma and \"quotes\"", 31);
    assert_true(note);
    release(c);
    run_free(&r);

    /* JSON: escaped, and what it decodes to is the text of the file. */
    dataset *h = NULL;
    char err[1024];
    assert_int_equal(dataset_load_file(HOSTILE_FILE, &h, err, sizeof err), DATASET_OK);
    keep(h, release_dataset);
    static const char *const json_modes[][6] = {
        {"--dump", "json", HOSTILE_FILE, NULL},
        {"--dump", "json", "--open", "r_one", HOSTILE_FILE, NULL},
        {"--dump", "json", "--open", "p_city", HOSTILE_FILE, NULL},
    };
    for (size_t m = 0; m < sizeof json_modes / sizeof *json_modes; m++) {
        run_v(&r, &(struct run_opts){NULL, 0, TO_PIPE, NULL}, json_modes[m]);
        assert_status(&r, 0);
        assert_clean_output("hostile json", r.out, r.out_len, false, -1);
        assert_clean_output("hostile json (stderr)", r.err, r.err_len, false, TEXT_MAX_COMBINING);
        static const char *const escapes[] = {"\\u202E", "\\u2066", "\\u200B", "\\uFEFF"};
        for (size_t e = 0; e < 4; e++) {
            char lower[8];
            snprintf(lower, sizeof lower, "%s", escapes[e]);
            for (char *q = lower + 2; *q; q++)
                if (*q >= 'A' && *q <= 'F')
                    *q = (char)(*q - 'A' + 'a');
            if (!strstr(r.out, escapes[e]) && !strstr(r.out, lower))
                fail_msg("hostile json: no %s escape", escapes[e]);
        }
        cJSON *j = parse_json_output(&r);
        if (m == 0) {
            assert_string_equal(member_string(member(j, "meta"), "title"), ds_str(h, h->meta.title));
            const cJSON *rec = cJSON_GetArrayItem(member(cJSON_GetArrayItem(member(j, "themes"), 0), "records"), 0);
            assert_string_equal(member_string(rec, "quote"), ds_str(h, h->records[0].quote));
            assert_string_equal(member_string(rec, "name"), ds_str(h, h->records[0].name));
        }
        release(j);
        run_free(&r);
    }
    release(h);
}

/* Text from the command line is shown as safely as text from the file. */
struct hostile_arg_case {
    const char *name;
    const char *args[6];
};

static const struct hostile_arg_case hostile_arg_cases[] = {
    {"hostile argument: unknown option", {"--\x1b[31mzz", NULL}},
    {"hostile argument: --dump FORMAT", {"--dump", "\x1b[31m", NULL}},
    {"hostile argument: second FILE", {"--dump", "txt", DATA_FILE, "\x1b[2J\xe2\x80\xae", NULL}},
    {"hostile argument: --tab", {"--dump", "txt", "--tab", "\x1b]0;pwned\x07", NULL}},
    {"hostile argument: --sort", {"--dump", "txt", "--sort", "\x1b[2J", NULL}},
    {"hostile argument: --open", {"--dump", "txt", "--open", "\x1b[2J\xe2\x81\xa6%n%s%s", NULL}},
    {"hostile argument: --open invalid UTF-8", {"--dump", "txt", "--open", "\xff\xfe\xc0\x80", NULL}},
    {"hostile argument: --filter", {"--dump", "txt", "--filter", "\x1b[2J\xe2\x80\xae", NULL}},
    {"hostile argument: --filter json", {"--dump", "json", "--filter", "\x1b[2J\xe2\x80\xae", NULL}},
    {"hostile argument: missing FILE", {"--check", "\x1b[2J\xe2\x80\xae.json", NULL}},
};

/* Each hostile argument is a test of its own, so that one failure hides no other. */
static void test_hostile_argument(void **state)
{
    const struct hostile_arg_case *h = *state;
    run_result r;
    run_v(&r, &(struct run_opts){NULL, 0, TO_PIPE, NULL}, h->args);
    if (r.status < 0)
        fail_msg("%s: killed by signal %d", h->name, r.signal);
    assert_clean_run(h->name, &r, false);
    run_free(&r);
}

/* ------------------------------------------------------------------------ */
/* The configuration file. */

/* A directory of the scratch directory, made with its parents. */
static char *tmp_dir(const char *name)
{
    char *d = tmp_path(name);
    for (char *slash = strchr(d + strlen(tmpdir) + 1, '/');; slash = strchr(slash + 1, '/')) {
        if (slash)
            *slash = 0;
        if (mkdir(d, 0700) != 0 && errno != EEXIST)
            fail_msg("mkdir %s: %s", d, strerror(errno));
        if (!slash)
            break;
        *slash = '/';
    }
    return d;
}

/* DIR/zjdash/config with text, DIR in the scratch directory; returns DIR. */
static char *config_home(const char *dir, const char *text)
{
    char sub[256];
    snprintf(sub, sizeof sub, "%s/zjdash", dir);
    tmp_dir(sub);
    snprintf(sub, sizeof sub, "%s/zjdash/config", dir);
    write_whole(tmp_path(sub), text);
    return tmp_path(dir);
}

/* An environment variable NAME=VALUE, kept. */
static char *env_var(const char *name, const char *value)
{
    size_t n = strlen(name) + strlen(value) + 2;
    char *e = xmalloc(n);
    snprintf(e, n, "%s=%s", name, value);
    return keep(e, free);
}

/* What --print-config printed after its comment line. */
static const char *after_header(const run_result *r)
{
    if (r->out[0] != '#')
        fail_msg("--print-config does not start with a comment:\n%s", r->out);
    const char *nl = strchr(r->out, '\n');
    assert_non_null(nl);
    return nl + 1;
}

static const char config_text[] = "# mine\n"
                                  "language = en\n"
                                  "picture-format = svg\n"
                                  "picture-folder = \" ~/pictures #1 \"\r\n"
                                  "mouse = no\n"
                                  "tab = industry\n"
                                  "csv-bom = on\n";

static void test_print_config_from_file(void **state)
{
    (void)state;
    char *home = config_home("pc/xdg", config_text);
    run_result r;
    RUN_ENV(&r, ENV(env_var("XDG_CONFIG_HOME", home), "ZJDASH_LANG="), "--print-config");
    assert_status(&r, 0);
    assert_int_equal(r.err_len, 0);
    char want_file[512];
    snprintf(want_file, sizeof want_file, "%s/zjdash/config", home);
    if (!strstr(r.out, want_file) || strchr(r.out, '\n') < strstr(r.out, want_file))
        fail_msg("the comment does not name %s:\n%s", want_file, r.out);
    /* what nobody chose is a comment: read back, it stays a default */
    assert_string_equal(after_header(&r), "language = en\n"
                                          "# picture-theme = light\n"
                                          "picture-format = svg\n"
                                          "picture-folder = \" ~/pictures #1 \"\n"
                                          "mouse = off\n"
                                          "# ascii = off\n"
                                          "# colour = on\n"
                                          "tab = industry\n"
                                          "# sort =\n"
                                          "csv-bom = on\n"
                                          "# copy = terminal\n");
    run_free(&r);
}

/* The command line over the environment over the file. */
static void test_print_config_overrides(void **state)
{
    (void)state;
    char *home = config_home("po/xdg", config_text);
    run_result r;
    RUN_ENV(&r, ENV(env_var("XDG_CONFIG_HOME", home), "ZJDASH_SNAPSHOT_FORMAT=pdf", "NO_COLOR=1",
                    "ZJDASH_COPY_TO_FILE=1", "ZJDASH_LANG=zh"),
            "--print-config", "--lang", "en", "--ascii", "--tab", "3", "--sort", "money:desc");
    assert_status(&r, 0);
    assert_string_equal(after_header(&r), "language = en\n"
                                          "# picture-theme = light\n"
                                          "picture-format = pdf\n"
                                          "picture-folder = \" ~/pictures #1 \"\n"
                                          "mouse = off\n"
                                          "ascii = on\n"
                                          "colour = off\n"
                                          "tab = 3\n"
                                          "sort = money:desc\n"
                                          "csv-bom = on\n"
                                          "copy = file\n");
    run_free(&r);
    /* the environment's language over the file's */
    RUN_ENV(&r, ENV(env_var("XDG_CONFIG_HOME", home), "ZJDASH_LANG=zh"), "--print-config");
    assert_non_null(strstr(r.out, "\nlanguage = zh\n"));
    run_free(&r);
    /* each variable over its key: 0 takes copy = file back, a folder is a folder */
    char *other = config_home("po/other", "copy = file\npicture-folder = ~/a\nmouse = on\n");
    RUN_ENV(&r, ENV(env_var("XDG_CONFIG_HOME", other), "ZJDASH_COPY_TO_FILE=0", "ZJDASH_SNAPSHOT_DIR=/srv/pics",
                    "ZJDASH_NO_MOUSE=1"),
            "--print-config");
    assert_non_null(strstr(r.out, "\ncopy = terminal\n"));
    assert_non_null(strstr(r.out, "\npicture-folder = /srv/pics\n"));
    assert_non_null(strstr(r.out, "\nmouse = off\n"));
    run_free(&r);
}

/* What --print-config prints, read back with --config, prints the same. */
static void test_print_config_round_trip(void **state)
{
    (void)state;
    char *home = config_home("rt/xdg", config_text);
    run_result a, b;
    RUN_ENV(&a, ENV(env_var("XDG_CONFIG_HOME", home), "ZJDASH_LANG="), "--print-config", "--no-mouse",
            "--sort", " spaced ");
    assert_status(&a, 0);
    char *printed = tmp_path("rt/printed");
    write_whole(printed, a.out);
    RUN_ENV(&b, ENV("ZJDASH_LANG="), "--config", printed, "--print-config");
    assert_status(&b, 0);
    assert_int_equal(b.err_len, 0);
    assert_non_null(strstr(b.out, "\nsort = \" spaced \"\n"));
    assert_string_equal(after_header(&b), after_header(&a));
    run_free(&a);
    run_free(&b);
}

/* A bad line is said as FILE:LINE: expected ..., and the program does its job. */
static void test_config_bad_lines(void **state)
{
    (void)state;
    char *home = config_home("bad/xdg", "language = en\nlang = en\ntab = 2\nnonsense\nmouse = maybe\n");
    run_result r;
    RUN_ENV(&r, ENV(env_var("XDG_CONFIG_HOME", home)), "--dump", "txt", "--tab", "1");
    assert_status(&r, 0);
    assert_true(r.out_len > 100);
    char want[2048];
    snprintf(want, sizeof want,
             "%s/zjdash/config:2: expected one of the keys language, picture-theme, picture-format, "
             "picture-folder, mouse, ascii, colour, tab, sort, csv-bom, copy; \"lang\" is none of them\n"
             "%s/zjdash/config:4: expected key = value\n"
             "%s/zjdash/config:5: mouse: expected one of on, off, not \"maybe\"\n",
             home, home, home);
    assert_string_equal(r.err, want);
    run_free(&r);
    /* the file's language says them, when nothing else chooses one */
    RUN_ENV(&r, ENV(env_var("XDG_CONFIG_HOME", home), "ZJDASH_LANG="), "--check");
    assert_status(&r, 0);
    assert_non_null(strstr(r.err, "config:4: expected key = value\n"));
    run_free(&r);
    RUN_ENV(&r, ENV(env_var("XDG_CONFIG_HOME", home), "ZJDASH_LANG="), "--check", "--lang", "zh");
    assert_non_null(strstr(r.err, "config:4: 应为“键 = 值”\n"));
    run_free(&r);
}

/* XDG_CONFIG_HOME counts only when absolute (the XDG base directory spec);
 * else ~/.config. */
static void test_config_relative_xdg_ignored(void **state)
{
    (void)state;
    char *home = config_home("rel/home/.config", "tab = 2\n");
    char *home_dir = tmp_path("rel/home");
    (void)home;
    run_result r;
    RUN_ENV(&r, ENV("XDG_CONFIG_HOME=tests", env_var("HOME", home_dir)), "--print-config");
    assert_status(&r, 0);
    assert_non_null(strstr(r.out, "rel/home/.config/zjdash/config"));
    assert_non_null(strstr(r.out, "\ntab = 2\n"));
    run_free(&r);
    /* and with an absolute one, HOME is not looked at */
    char *xdg = tmp_dir("rel/empty");
    RUN_ENV(&r, ENV(env_var("XDG_CONFIG_HOME", xdg), env_var("HOME", home_dir)), "--print-config");
    assert_status(&r, 0);
    assert_null(strstr(r.out, "rel/home"));
    assert_non_null(strstr(r.out, "\n# tab =\n"));
    run_free(&r);
}

static void test_no_config_ignores_the_file(void **state)
{
    (void)state;
    char *home = config_home("nc/xdg", "tab = 2\ncsv-bom = on\n");
    run_result r;
    RUN_ENV(&r, ENV(env_var("XDG_CONFIG_HOME", home)), "--no-config", "--print-config");
    assert_status(&r, 0);
    assert_non_null(strstr(r.out, "no file read"));
    assert_non_null(strstr(r.out, "\n# tab =\n"));
    assert_non_null(strstr(r.out, "\n# csv-bom = off\n"));
    run_free(&r);
    RUN_ENV(&r, ENV(env_var("XDG_CONFIG_HOME", home)), "--no-config", "--dump", "csv");
    assert_status(&r, 0);
    assert_false(r.out_len >= 3 && !memcmp(r.out, "\xEF\xBB\xBF", 3));
    run_free(&r);
}

/* csv-bom: a byte order mark before the CSV, and nothing else changed. */
static void test_config_csv_bom(void **state)
{
    (void)state;
    char *file = tmp_path("bom.conf");
    write_whole(file, "csv-bom = on\n");
    run_result with, without;
    RUN(&with, "--config", file, "--dump", "csv", "--tab", "industry", "--sort", "money:desc");
    RUN(&without, "--dump", "csv", "--tab", "industry", "--sort", "money:desc");
    assert_status(&with, 0);
    assert_status(&without, 0);
    assert_int_equal(with.out_len, without.out_len + 3);
    assert_memory_equal(with.out, "\xEF\xBB\xBF", 3);
    assert_memory_equal(with.out + 3, without.out, without.out_len);
    assert_false(without.out_len >= 3 && !memcmp(without.out, "\xEF\xBB\xBF", 3));
    run_free(&with);
    run_free(&without);
    /* the places' CSV too: every CSV zjdash prints */
    RUN(&with, "--config", file, "--dump", "csv", "--tab", "places");
    assert_status(&with, 0);
    assert_memory_equal(with.out, "\xEF\xBB\xBF", 3);
    run_free(&with);
}

/* The file's tab and sort start the dashboard only: a script's --dump
 * prints what it always did. */
static void test_config_tab_not_for_dumps(void **state)
{
    (void)state;
    char *file = tmp_path("tab.conf");
    write_whole(file, "tab = industry\nsort = money:desc\n");
    run_result with, without;
    RUN(&with, "--config", file, "--dump", "txt");
    RUN(&without, "--no-config", "--dump", "txt");
    assert_status(&with, 0);
    assert_string_equal(with.out, without.out);
    run_free(&with);
    run_free(&without);
}

/* picture-theme is --snapshot's theme when --theme says none (--theme
 * wins), and ascii its borders. */
static void test_config_snapshot(void **state)
{
    (void)state;
    char *file = tmp_path("theme.conf");
    write_whole(file, "picture-theme = light\n");
    const char *names[] = {"from-file.html", "from-option.html", "default.html", "both.html"};
    char *paths[4];
    for (int i = 0; i < 4; i++)
        paths[i] = tmp_path(names[i]);
    run_result r;
    RUN(&r, "--config", file, "--snapshot", paths[0]);
    assert_status(&r, 0);
    run_free(&r);
    RUN(&r, "--no-config", "--snapshot", paths[1], "--theme", "light");
    assert_status(&r, 0);
    run_free(&r);
    RUN(&r, "--no-config", "--snapshot", paths[2]);
    assert_status(&r, 0);
    run_free(&r);
    RUN(&r, "--config", file, "--snapshot", paths[3], "--theme", "dark");
    assert_status(&r, 0);
    run_free(&r);
    size_t n[4];
    char *html[4];
    for (int i = 0; i < 4; i++)
        html[i] = read_whole(paths[i], &n[i]);
    assert_string_equal(html[0], html[1]);
    assert_string_not_equal(html[0], html[2]); /* .html is dark without the file */
    assert_string_equal(html[3], html[2]);
    /* ascii = on is --ascii, in pictures too */
    write_whole(file, "ascii = on\n");
    char *txt[2] = {tmp_path("from-file.txt"), tmp_path("from-option.txt")};
    RUN(&r, "--config", file, "--snapshot", txt[0]);
    assert_status(&r, 0);
    run_free(&r);
    RUN(&r, "--no-config", "--snapshot", txt[1], "--ascii");
    assert_status(&r, 0);
    run_free(&r);
    char *a = read_whole(txt[0], &n[0]), *b = read_whole(txt[1], &n[1]);
    assert_string_equal(a, b);
    assert_null(strstr(a, "│"));
}

/* A default file that is there and cannot be read is a problem said; the
 * program goes on. A folder in its place: root can read any file. */
static void test_config_unreadable_default(void **state)
{
    (void)state;
    char *home = tmp_dir("ur/xdg/zjdash/config");
    home[strlen(home) - strlen("/zjdash/config")] = 0;
    run_result r;
    RUN_ENV(&r, ENV(env_var("XDG_CONFIG_HOME", home)), "--check");
    assert_status(&r, 0);
    char want[600];
    snprintf(want, sizeof want, "%s/zjdash/config: expected a file zjdash can read: not a regular file\n", home);
    assert_string_equal(r.err, want);
    run_free(&r);
}

/* ------------------------------------------------------------------------ */

/* The expected answers come from the model loading the file the binary reads. */
static int group_setup(void **state)
{
    (void)state;
    signal(SIGPIPE, SIG_IGN);
    shipped = load_dataset(DATA_FILE);
    if (!shipped)
        return -1;
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/zjdash-test-cli-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return -1;
    }
    struct stat st;
    if (stat(zjdash_binary(), &st) != 0) {
        fprintf(stderr, "no zjdash binary at %s (set ZJDASH)\n", zjdash_binary());
        return -1;
    }
    return 0;
}

/* The scratch directory must not outlive the run, even after failed tests. */
static int group_teardown(void **state)
{
    (void)state;
    dataset_free(shipped);
    remove_tree(tmpdir);
    return 0;
}

#define NUSAGE (sizeof usage_cases / sizeof *usage_cases)
#define NHOSTILE_ARGS (sizeof hostile_arg_cases / sizeof *hostile_arg_cases)

/* The usage and hostile-argument cases run as tests of their own, so that each failure is named. */
int main(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test_teardown(test_check_builtin, release_all),
        cmocka_unit_test_teardown(test_check_file, release_all),
        cmocka_unit_test_teardown(test_check_invalid_file, release_all),
        cmocka_unit_test_teardown(test_check_missing_file, release_all),
        cmocka_unit_test_teardown(test_stdin, release_all),
        cmocka_unit_test_teardown(test_json_figures, release_all),
        cmocka_unit_test_teardown(test_json_records, release_all),
        cmocka_unit_test_teardown(test_json_tab, release_all),
        cmocka_unit_test_teardown(test_csv, release_all),
        cmocka_unit_test_teardown(test_csv_formulas, release_all),
        cmocka_unit_test_teardown(test_numbers_are_plain_digits, release_all),
        cmocka_unit_test_teardown(test_txt_titles, release_all),
        cmocka_unit_test_teardown(test_txt_sort, release_all),
        cmocka_unit_test_teardown(test_filter, release_all),
        cmocka_unit_test_teardown(test_open_place, release_all),
        cmocka_unit_test_teardown(test_white_space_is_not_kept, release_all),
        cmocka_unit_test_teardown(test_open_deep_path, release_all),
        cmocka_unit_test_teardown(test_open_json, release_all),
        cmocka_unit_test_teardown(test_open_ambiguous, release_all),
        cmocka_unit_test_teardown(test_open_record, release_all),
        cmocka_unit_test_teardown(test_help, release_all),
        cmocka_unit_test_teardown(test_version, release_all),
        cmocka_unit_test_teardown(test_output_full, release_all),
        cmocka_unit_test_teardown(test_hostile_dataset, release_all),
        cmocka_unit_test_teardown(test_print_config_from_file, release_all),
        cmocka_unit_test_teardown(test_print_config_overrides, release_all),
        cmocka_unit_test_teardown(test_print_config_round_trip, release_all),
        cmocka_unit_test_teardown(test_config_bad_lines, release_all),
        cmocka_unit_test_teardown(test_config_relative_xdg_ignored, release_all),
        cmocka_unit_test_teardown(test_no_config_ignores_the_file, release_all),
        cmocka_unit_test_teardown(test_config_csv_bom, release_all),
        cmocka_unit_test_teardown(test_config_tab_not_for_dumps, release_all),
        cmocka_unit_test_teardown(test_config_unreadable_default, release_all),
        cmocka_unit_test_teardown(test_config_snapshot, release_all),
    };
    enum { NFIXED = sizeof fixed / sizeof *fixed };
    struct CMUnitTest tests[NFIXED + NUSAGE + NHOSTILE_ARGS];
    size_t n = 0;
    for (size_t i = 0; i < NFIXED; i++)
        tests[n++] = fixed[i];
    for (size_t i = 0; i < NUSAGE; i++)
        tests[n++] = (struct CMUnitTest){usage_cases[i].name, test_usage, NULL, release_all, (void *)&usage_cases[i]};
    for (size_t i = 0; i < NHOSTILE_ARGS; i++)
        tests[n++] = (struct CMUnitTest){hostile_arg_cases[i].name, test_hostile_argument, NULL, release_all,
                                         (void *)&hostile_arg_cases[i]};
    return _cmocka_run_group_tests("test_cli", tests, n, group_setup, group_teardown);
}

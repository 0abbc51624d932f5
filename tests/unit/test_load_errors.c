/* Every way the loader refuses a dataset, one fixture each.
 *
 * tests/fixtures/bad/NAME.json is an invalid dataset and NAME.err the one line
 * that dataset_load_file must put into err for it: "FILE:LINE:COLUMN: PATH:
 * expected ..., found ...". The list of tests is made at run time from the
 * directory, so a new fixture needs no change here. Each is loaded three ways:
 * as a file, from memory under another name, and through a pipe; the message
 * must be the same, apart from the name.
 *
 * Every .json in tests/fixtures/ok looks odd but is valid: each must load.
 * Format 1.1's kinds and relations between figures load as written
 * (tests/fixtures/good/relations.json), and a newer minor version's kind word
 * this version does not know reads as unknown.
 *
 * Then the loader's other doors: a missing file, a directory, a descriptor
 * that cannot be read, a record larger than the first read window through a
 * pipe, a string over the 1 MiB limit, an element over the 16 MiB limit, an
 * error after the window has moved on.
 *
 * Run from the top of the tree (make check does). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dataset.h"
#include "load.h"

#include "../support/kept.h"
#include "../support/testutil.h"

#define BAD_DIR "tests/fixtures/bad"
#define OK_DIR "tests/fixtures/ok"
#define RELATIONS_FILE "tests/fixtures/good/relations.json"
#define MIN_BAD_FIXTURES 40
#define ERR_MAX 8192

/* ------------------------------------------------------------------------ */
/* Memory: what a test allocates is kept (tests/support/kept.h) and released
 * by the teardown, also after a failed assertion has jumped out of the test. */

/* Allocations that live until the end of the test. */
static void *tmalloc(size_t n)
{
    return keep(xmalloc(n), free);
}

static char *join_with(void *(*alloc)(size_t), const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = alloc(na + nb + 1);
    memcpy(s, a, na);
    memcpy(s + na, b, nb + 1);
    return s;
}

/* a followed by b, until the end of the test */
static char *join(const char *a, const char *b)
{
    return join_with(tmalloc, a, b);
}

/* ------------------------------------------------------------------------ */
/* Directories, pipes, files. */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir ending with suffix, sorted, each malloc'ed; *count how many. */
static char **list_dir(const char *dir, const char *suffix, size_t *count)
{
    *count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    size_t cap = 64, n = 0;
    char **names = xmalloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, suffix))
            continue;
        if (n == cap) {
            cap *= 2;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn)
                exit(99);
            names = nn;
        }
        names[n++] = join_with(xmalloc, e->d_name, "");
    }
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    *count = n;
    return names;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

struct names {
    char **v;
    size_t n;
};

static struct names *names_of(const char *dir, const char *suffix)
{
    struct names *names = xmalloc(sizeof *names);
    names->v = list_dir(dir, suffix, &names->n);
    return names;
}

static void release_names(void *p)
{
    struct names *names = p;
    free_names(names->v, names->n);
    free(names);
}

/* Loads len bytes of data through a pipe: a child writes them, the loader
 * reads the other end as it would standard input. */
static enum dataset_status load_through_pipe(const char *data, size_t len, const char *name,
                                             dataset **out, char *err, size_t errlen)
{
    int fds[2];
    if (pipe(fds) != 0)
        fail_msg("pipe: %s", strerror(errno));
    pid_t pid = fork_or_fail();
    if (pid == 0) {
        close(fds[0]);
        /* the loader may stop reading at an error: then the write fails */
        size_t done = 0;
        while (done < len) {
            ssize_t n = write(fds[1], data + done, len - done);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                _exit(1);
            }
            done += (size_t)n;
        }
        _exit(0);
    }
    close(fds[1]);
    enum dataset_status st = dataset_load_fd(fds[0], name, out, err, errlen);
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return st;
}

/* Writes len bytes to a new file under TMPDIR (or /tmp); returns its path. */
static char *write_temp(const char *data, size_t len)
{
    const char *dir = getenv("TMPDIR");
    char *path = join(dir && *dir ? dir : "/tmp", "/zjdash-load-errors-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        fail_msg("mkstemp %s: %s", path, strerror(errno));
    for (size_t done = 0; done < len;) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            unlink(path);
            fail_msg("write %s: %s", path, strerror(errno));
        }
        done += (size_t)n;
    }
    close(fd);
    return path;
}

/* A dataset that loaded although it must not is freed at once. */
static void drop(enum dataset_status st, dataset *ds)
{
    if (st == DATASET_OK)
        dataset_free(ds);
}

/* ------------------------------------------------------------------------ */
/* The invalid fixtures, one test each. */

struct bad_fixture {
    char *json;     /* tests/fixtures/bad/NAME.json */
    char *err_path; /* tests/fixtures/bad/NAME.err */
    char *base;     /* NAME.json */
};

/* expected, whose name part is json, with the name part replaced by name */
static char *renamed(const char *expected, const char *json, const char *name)
{
    size_t n = strlen(json);
    assert_true(!strncmp(expected, json, n) && expected[n] == ':');
    return join(name, expected + n);
}

static void test_bad_fixture(void **state)
{
    const struct bad_fixture *fx = *state;

    size_t elen;
    char *expected = read_whole(fx->err_path, &elen);
    if (!expected)
        fail_msg("%s: cannot read the expected message: %s", fx->err_path, strerror(errno));
    expected[strcspn(expected, "\n")] = 0; /* the first line */
    if (!expected[0])
        fail_msg("%s: the first line is empty", fx->err_path);

    /* as a file */
    char err[ERR_MAX] = "";
    dataset *ds = (dataset *)&ds; /* anything but NULL: the loader must clear it */
    enum dataset_status st = dataset_load_file(fx->json, &ds, err, sizeof err);
    drop(st, ds);
    if (st != DATASET_INVALID)
        fprintf(stderr, "%s: loaded (status %d), expected\n  %s\n", fx->json, (int)st, expected);
    assert_int_equal(st, DATASET_INVALID);
    assert_null(ds);
    if (strcmp(err, expected))
        fprintf(stderr, "%s:\n  expected: %s\n  actual:   %s\n", fx->json, expected, err);
    assert_string_equal(err, expected);

    /* the same bytes from memory, under another name */
    size_t len;
    char *data = read_whole(fx->json, &len);
    assert_non_null(data);
    char *mem_name = join("memory:", fx->base);
    char *mem_expected = renamed(expected, fx->json, mem_name);
    ds = (dataset *)&ds;
    st = dataset_load_memory(data, len, mem_name, &ds, err, sizeof err);
    drop(st, ds);
    assert_int_equal(st, DATASET_INVALID);
    assert_null(ds);
    assert_string_equal(err, mem_expected);

    /* and through a pipe */
    char *pipe_name = join("pipe:", fx->base);
    char *pipe_expected = renamed(expected, fx->json, pipe_name);
    ds = (dataset *)&ds;
    st = load_through_pipe(data, len, pipe_name, &ds, err, sizeof err);
    drop(st, ds);
    assert_int_equal(st, DATASET_INVALID);
    assert_null(ds);
    assert_string_equal(err, pipe_expected);
}

/* Enough fixtures, each .json with its .err and each .err with its .json. */
static void test_bad_fixtures_complete(void **state)
{
    (void)state;
    struct names *js_names = keep(names_of(BAD_DIR, ".json"), release_names);
    struct names *err_names = keep(names_of(BAD_DIR, ".err"), release_names);
    char **json = js_names->v, **errs = err_names->v;
    size_t njson = js_names->n, nerr = err_names->n;
    if (njson < MIN_BAD_FIXTURES)
        fprintf(stderr, "%s: %zu fixtures, expected at least %d\n", BAD_DIR, njson,
                MIN_BAD_FIXTURES);
    assert_true(njson >= MIN_BAD_FIXTURES);
    char other[1024], *key = other;
    for (size_t i = 0; i < njson; i++) {
        snprintf(other, sizeof other, "%.*s.err", (int)(strlen(json[i]) - strlen(".json")), json[i]);
        if (!bsearch(&key, errs, nerr, sizeof *errs, compare_names))
            fail_msg("%s/%s has no %s beside it", BAD_DIR, json[i], other);
    }
    for (size_t i = 0; i < nerr; i++) {
        snprintf(other, sizeof other, "%.*s.json", (int)(strlen(errs[i]) - strlen(".err")), errs[i]);
        if (!bsearch(&key, json, njson, sizeof *json, compare_names))
            fail_msg("%s/%s has no %s beside it", BAD_DIR, errs[i], other);
    }
}

/* ------------------------------------------------------------------------ */
/* The valid but odd fixtures. */

static dataset *load_ok(const char *path)
{
    char err[ERR_MAX] = "";
    dataset *ds = NULL;
    enum dataset_status st = dataset_load_file(path, &ds, err, sizeof err);
    keep(ds, release_dataset);
    if (st != DATASET_OK)
        fprintf(stderr, "%s: %s\n", path, err);
    assert_int_equal(st, DATASET_OK);
    assert_non_null(ds);
    return ds;
}

static void test_ok_fixture(void **state)
{
    const char *path = *state;
    dataset *ds = load_ok(path);
    assert_true(ds->nthemes >= 1);
}

static void test_ok_fixtures_exist(void **state)
{
    (void)state;
    static const char *const wanted[] = {
        OK_DIR "/utf8-bom.json",
        OK_DIR "/newer-minor-version.json",
        OK_DIR "/negative-zero.json",
        OK_DIR "/limits.json",
    };
    for (size_t i = 0; i < sizeof wanted / sizeof *wanted; i++)
        if (access(wanted[i], R_OK) != 0)
            fail_msg("%s: %s", wanted[i], strerror(errno));
}

static const figure *find_figure(const dataset *ds, const char *id)
{
    uint32_t index;
    enum id_kind kind = dataset_find_id(ds, id, &index);
    assert_int_equal(kind, ID_FIGURE);
    assert_true(index < ds->nfigures);
    return &ds->figures[index];
}

/* The byte-order mark is skipped: the first member is still "format", and the
 * title does not begin with U+FEFF. */
static void test_ok_utf8_bom(void **state)
{
    (void)state;
    size_t len;
    char *raw = read_whole(OK_DIR "/utf8-bom.json", &len);
    assert_non_null(raw);
    assert_true(len > 3);
    assert_memory_equal(raw, "\xEF\xBB\xBF", 3);
    dataset *ds = load_ok(OK_DIR "/utf8-bom.json");
    assert_string_equal(ds_str(ds, ds->meta.title), "带字节顺序标记的数据集");
}

/* zjdash/1.5: members this version does not know are passed over, wherever
 * they are, and what it knows is read as usual. */
static void test_ok_newer_minor(void **state)
{
    (void)state;
    dataset *ds = load_ok(OK_DIR "/newer-minor-version.json");
    assert_string_equal(ds_str(ds, ds->meta.title), "较新的小版本");
    assert_int_equal(ds->nthemes, 1);
    assert_int_equal(ds->themes[0].ncolumns, 3);
    assert_int_equal(ds->nrecords, 1);
    assert_int_equal(ds->nentities, 2);
    assert_int_equal(find_figure(ds, "f_total")->value, 15000000);
}

static void test_ok_negative_zero(void **state)
{
    (void)state;
    dataset *ds = load_ok(OK_DIR "/negative-zero.json");
    const figure *f = find_figure(ds, "f_zero");
    assert_int_equal(f->value, 0);
    char text[64];
    snprintf(text, sizeof text, "%lld", (long long)f->value);
    assert_string_equal(text, "0");
}

/* The edges of what is allowed: a 64-character id, the largest value, a leap
 * day, a leap second with an offset, escapes of every allowed kind, a surrogate
 * pair, members in an unusual order, an empty theme. */
static void test_ok_limits(void **state)
{
    (void)state;
    dataset *ds = load_ok(OK_DIR "/limits.json");
    assert_string_equal(ds_str(ds, ds->meta.title), "边界 😀 \"引号\" \\ / \u200B");
    assert_string_equal(ds_str(ds, ds->meta.published), "2024-02-29T23:59:60+08:00");
    assert_int_equal(find_figure(ds, "f_max")->value, INT64_C(9007199254740991));
    assert_int_equal(find_figure(ds, "f_exp")->value, 1500);
    assert_int_equal(find_figure(ds, "f_leap")->value, 20240229);
    assert_int_equal(find_figure(ds, "f_year")->value, 10000);
    uint32_t e;
    assert_int_equal(
        dataset_find_id(ds, "a234567890123456789012345678901234567890123456789012345678901234", &e),
        ID_ENTITY);
    assert_int_equal(dataset_find_id(ds, "Z-._:9", &e), ID_ENTITY);
    assert_int_equal(ds->nthemes, 2);
    assert_string_equal(ds_str(ds, ds->themes[0].title), "最后的编号");
    assert_string_equal(ds_str(ds, ds->themes[0].heading), "标题之前");
    assert_int_equal(ds->themes[1].nrecords, 0);
}

/* ------------------------------------------------------------------------ */
/* Format 1.1: kinds and relations. */

/* A figure's index by id, for the relation checks. */
static uint32_t figure_index(const dataset *ds, const char *id)
{
    return (uint32_t)(find_figure(ds, id) - ds->figures);
}

/* Whether a's relations, as dataset_figure_relations lists them, are exactly
 * want: "id:how id:how", how p (part of), h (has part) or o (overlaps). */
static void assert_relations(const dataset *ds, const char *a, const char *want)
{
    uint32_t n;
    const figure_link *links = dataset_figure_relations(ds, figure_index(ds, a), &n);
    char got[512] = "";
    size_t used = 0;
    for (uint32_t i = 0; i < n && used + 80 < sizeof got; i++)
        used += (size_t)snprintf(got + used, sizeof got - used, "%s%s:%c", i ? " " : "",
                                 ds_str(ds, ds->figures[links[i].figure].id),
                                 "pho"[links[i].how]);
    if (strcmp(got, want))
        fail_msg("relations of %s: \"%s\", expected \"%s\"", a, got, want);
}

/* Kinds load as their words, and a figure without one is of unknown kind. */
static void test_kinds_loaded(void **state)
{
    (void)state;
    dataset *ds = load_ok(RELATIONS_FILE);
    static const char *const want[][2] = {
        {"r_invest", "investment"}, {"r_donation", "donation"}, {"r_members", "unknown"},
        {"a_income", "income"},     {"a_gift_a", "unknown"},    {"o_school", "donation"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        assert_string_equal(figure_kind_name(find_figure(ds, want[i][0])->kind), want[i][1]);
    enum figure_kind k;
    assert_false(figure_kind_parse("unknown", &k));
    assert_true(figure_kind_parse("funding", &k));
    assert_int_equal(k, FIGURE_KIND_FUNDING);
}

/* A relation listed on one figure holds both ways, and only between the two. */
static void test_relations_loaded(void **state)
{
    (void)state;
    dataset *ds = load_ok(RELATIONS_FILE);
    assert_int_equal(ds->nrelations, 3);
    static const char *const related[][2] = {
        {"o_school", "r_donation"}, {"o_village", "r_invest"}, {"a_hall", "a_firms"}};
    for (size_t i = 0; i < sizeof related / sizeof *related; i++) {
        uint32_t a = figure_index(ds, related[i][0]), b = figure_index(ds, related[i][1]);
        assert_true(dataset_figures_related(ds, a, b));
        assert_true(dataset_figures_related(ds, b, a));
    }
    static const char *const unrelated[][2] = {{"o_school", "r_invest"}, {"o_fund", "r_invest"},
                                               {"a_hall", "a_members"},  {"a_gift_a", "a_gift_b"},
                                               {"a_firms", "a_firms"}};
    for (size_t i = 0; i < sizeof unrelated / sizeof *unrelated; i++)
        assert_false(dataset_figures_related(ds, figure_index(ds, unrelated[i][0]),
                                             figure_index(ds, unrelated[i][1])));
    assert_relations(ds, "r_donation", "o_school:o");
    assert_relations(ds, "o_school", "r_donation:o");
    assert_relations(ds, "a_firms", "a_hall:h");
    assert_relations(ds, "a_hall", "a_firms:p");
    assert_relations(ds, "a_gift_a", "");
}

/* zjdash/1.2 may know kinds this version does not: such a figure is of
 * unknown kind (never added), not an error; known words still read. */
static void test_newer_minor_kind(void **state)
{
    (void)state;
    static const char text[] =
        "{\"format\": \"zjdash/1.2\",\n"
        " \"meta\": {\"title\": \"新种类\", \"publisher\": \"测试\", \"published\": \"2024-02-01\"},\n"
        " \"figures\": [\n"
        "  {\"id\": \"f_tax\", \"label\": \"税\", \"value\": 100, \"unit\": \"yuan\", \"qualifier\": "
        "\"exact\", \"kind\": \"tax\", \"quote\": \"税100元\"},\n"
        "  {\"id\": \"f_out\", \"label\": \"产值\", \"value\": 200, \"unit\": \"yuan\", \"qualifier\": "
        "\"exact\", \"kind\": \"output\", \"overlaps\": [\"f_tax\"], \"weight\": 2, \"quote\": \"产值200元\"}],\n"
        " \"themes\": [{\"id\": \"t\", \"title\": \"T\",\n"
        "   \"columns\": [{\"key\": \"name\", \"label\": \"名称\", \"type\": \"text\"}],\n"
        "   \"records\": []}]}\n";
    char err[ERR_MAX] = "";
    dataset *ds = NULL;
    enum dataset_status st = dataset_load_memory(text, sizeof text - 1, "newer", &ds, err, sizeof err);
    keep(ds, release_dataset);
    if (st != DATASET_OK)
        fprintf(stderr, "%s\n", err);
    assert_int_equal(st, DATASET_OK);
    assert_int_equal(find_figure(ds, "f_tax")->kind, FIGURE_KIND_UNKNOWN);
    assert_int_equal(find_figure(ds, "f_out")->kind, FIGURE_KIND_OUTPUT);
    assert_true(dataset_figures_related(ds, 0, 1));
}

/* ------------------------------------------------------------------------ */
/* The other doors. */

static void test_memory_same_message(void **state)
{
    (void)state;
    static const char text[] = "{\n  \"format\": \"zjdash/1.0\",\n  \"meta\": {\"title\": 12}\n}\n";
    char err[ERR_MAX] = "";
    dataset *ds = (dataset *)&ds;
    enum dataset_status st =
        dataset_load_memory(text, sizeof text - 1, "<built in>", &ds, err, sizeof err);
    drop(st, ds);
    assert_int_equal(st, DATASET_INVALID);
    assert_null(ds);
    assert_string_equal(err, "<built in>:3:21: meta.title: expected non-empty text, found the number 12");
}

static const char small_valid[] =
    "{\"format\": \"zjdash/1.0\",\n"
    " \"meta\": {\"title\": \"管道\", \"publisher\": \"测试\", \"published\": \"2024-02-01\"},\n"
    " \"themes\": [{\"id\": \"t\", \"title\": \"T\",\n"
    "   \"columns\": [{\"key\": \"name\", \"label\": \"名称\", \"type\": \"text\"}],\n"
    "   \"records\": [{\"id\": \"r1\", \"name\": \"一\", \"quote\": \"一\"}]}]}\n";

static void test_pipe_valid(void **state)
{
    (void)state;
    char err[ERR_MAX] = "";
    dataset *ds = NULL;
    enum dataset_status st =
        load_through_pipe(small_valid, sizeof small_valid - 1, "<stdin>", &ds, err, sizeof err);
    keep(ds, release_dataset);
    if (st != DATASET_OK)
        fprintf(stderr, "%s\n", err);
    assert_int_equal(st, DATASET_OK);
    assert_non_null(ds);
    assert_string_equal(ds_str(ds, ds->meta.title), "管道");
    assert_int_equal(ds->nrecords, 1);
}

static void test_pipe_invalid(void **state)
{
    (void)state;
    /* the same file with its last record's quote cut short */
    size_t cut = strlen(small_valid) - strlen("\"}]}]}\n");
    char err[ERR_MAX] = "";
    dataset *ds = (dataset *)&ds;
    enum dataset_status st = load_through_pipe(small_valid, cut, "<stdin>", &ds, err, sizeof err);
    drop(st, ds);
    assert_int_equal(st, DATASET_INVALID);
    assert_null(ds);
    assert_string_equal(err, "<stdin>:5:51: themes[0].records[0].quote: "
                             "expected a closing \" for this string, found end of file");
}

static void test_missing_file(void **state)
{
    (void)state;
    char err[ERR_MAX] = "";
    dataset *ds = (dataset *)&ds;
    enum dataset_status st = dataset_load_file(BAD_DIR "/no-such-fixture.json", &ds, err, sizeof err);
    drop(st, ds);
    assert_int_equal(st, DATASET_UNREADABLE);
    assert_null(ds);
    assert_string_equal(err, BAD_DIR "/no-such-fixture.json: No such file or directory");
}

static void test_directory(void **state)
{
    (void)state;
    char err[ERR_MAX] = "";
    dataset *ds = (dataset *)&ds;
    enum dataset_status st = dataset_load_file(BAD_DIR, &ds, err, sizeof err);
    drop(st, ds);
    assert_int_equal(st, DATASET_UNREADABLE);
    assert_null(ds);
    assert_string_equal(err, BAD_DIR ": is a directory, expected a dataset file");
}

/* A descriptor that opens but cannot be read (here a directory; on a real
 * file, a disk error): the dataset is unreadable, not invalid, as when open
 * fails, and the message names the descriptor and why. The position may stay. */
static void test_read_error(void **state)
{
    (void)state;
    int fd = open(BAD_DIR, O_RDONLY);
    if (fd < 0)
        fail_msg("open %s: %s", BAD_DIR, strerror(errno));
    char err[ERR_MAX] = "";
    dataset *ds = (dataset *)&ds;
    enum dataset_status st = dataset_load_fd(fd, "<directory>", &ds, err, sizeof err);
    close(fd);
    drop(st, ds);
    if (st != DATASET_UNREADABLE)
        fprintf(stderr, "status %d (%s), expected DATASET_UNREADABLE\n", (int)st, err);
    assert_null(ds);
    char *why = join("cannot read: ", strerror(EISDIR));
    assert_true(!strncmp(err, "<directory>:", strlen("<directory>:")));
    assert_true(strlen(err) >= strlen(why) && !strcmp(err + strlen(err) - strlen(why), why));
    assert_int_equal(st, DATASET_UNREADABLE);
}

/* Whole copies of pattern, n bytes at most, at *p. */
static void put_pattern(char **p, const char *pattern, size_t n)
{
    size_t m = strlen(pattern), done = 0;
    while (done + m <= n) {
        memcpy(*p, pattern, m);
        *p += m;
        done += m;
    }
}

#define BIG_STRING (900u << 10)

/* One record of about 3.5 MiB, four strings of 900 KiB: more than the first
 * window of 1 MiB, read through a pipe in whatever pieces it delivers. */
static void test_big_record_through_pipe(void **state)
{
    (void)state;
    static const char *const patterns[] = {"abcdefghij", "湛江凝新聚力", "村企共建 a1 ", "0123456789"};
    static const char head[] =
        "{\"format\": \"zjdash/1.0\",\n"
        " \"meta\": {\"title\": \"大记录\", \"publisher\": \"测试\", \"published\": \"2024-02-01\"},\n"
        " \"themes\": [{\"id\": \"t\", \"title\": \"T\",\n"
        "   \"columns\": [{\"key\": \"name\", \"label\": \"名称\", \"type\": \"text\"},\n"
        "               {\"key\": \"a\", \"label\": \"A\", \"type\": \"text\"},\n"
        "               {\"key\": \"b\", \"label\": \"B\", \"type\": \"text\"},\n"
        "               {\"key\": \"c\", \"label\": \"C\", \"type\": \"text\"}],\n"
        "   \"records\": [{\"id\": \"r0\", \"name\": \"小\", \"quote\": \"小\"},\n"
        "               {\"id\": \"r1\", \"name\": \"大\", ";
    static const char *const keys[] = {"quote", "a", "b", "c"};
    static const char tail[] = "},\n               {\"id\": \"r2\", \"name\": \"后\", \"quote\": \"后\"}]}]}\n";
    size_t cap = sizeof head + 4 * (BIG_STRING + 16) + sizeof tail;
    char *doc = tmalloc(cap), *p = doc;
    memcpy(p, head, sizeof head - 1);
    p += sizeof head - 1;
    char *starts[4];
    size_t lens[4];
    for (int k = 0; k < 4; k++) {
        p += sprintf(p, "%s\"%s\": \"", k ? ", " : "", keys[k]);
        starts[k] = p;
        put_pattern(&p, patterns[k], BIG_STRING);
        lens[k] = (size_t)(p - starts[k]);
        *p++ = '"';
    }
    memcpy(p, tail, sizeof tail - 1);
    p += sizeof tail - 1;
    size_t len = (size_t)(p - doc);
    assert_true(len > 3 * (1u << 20));

    char err[ERR_MAX] = "";
    dataset *ds = NULL;
    enum dataset_status st = load_through_pipe(doc, len, "<stdin>", &ds, err, sizeof err);
    keep(ds, release_dataset);
    if (st != DATASET_OK)
        fprintf(stderr, "%s\n", err);
    assert_int_equal(st, DATASET_OK);
    assert_non_null(ds);
    assert_int_equal(ds->nrecords, 3);
    uint32_t r;
    assert_int_equal(dataset_find_id(ds, "r1", &r), ID_RECORD);
    const char *quote = ds_str(ds, ds->records[r].quote);
    assert_int_equal(strlen(quote), lens[0]);
    assert_memory_equal(quote, starts[0], lens[0]);
    for (uint32_t c = 1; c <= 3; c++) {
        const char *cell = ds_str(ds, ds_cell(ds, r, c));
        assert_int_equal(strlen(cell), lens[c]);
        assert_memory_equal(cell, starts[c], lens[c]);
    }
    assert_int_equal(dataset_find_id(ds, "r2", &r), ID_RECORD);
    assert_string_equal(ds_str(ds, ds->records[r].name), "后");
}

/* A title of 2 MiB: refused at its opening quote, from a pipe and from memory. */
static void test_string_over_limit(void **state)
{
    (void)state;
    static const char head[] = "{\"format\": \"zjdash/1.0\",\n \"meta\": {\"title\": \"";
    static const char tail[] =
        "\", \"publisher\": \"测试\", \"published\": \"2024-02-01\"},\n"
        " \"themes\": [{\"id\": \"t\", \"title\": \"T\",\n"
        "   \"columns\": [{\"key\": \"name\", \"label\": \"名称\", \"type\": \"text\"}],\n"
        "   \"records\": []}]}\n";
    size_t n = 2u << 20;
    size_t len = sizeof head - 1 + n + sizeof tail - 1;
    char *doc = tmalloc(len);
    memcpy(doc, head, sizeof head - 1);
    memset(doc + sizeof head - 1, 'x', n);
    memcpy(doc + sizeof head - 1 + n, tail, sizeof tail - 1);

    static const char message[] =
        ":2:20: meta.title: expected a string of at most 1 MiB, found a longer one";
    char err[ERR_MAX] = "";
    dataset *ds = (dataset *)&ds;
    enum dataset_status st = load_through_pipe(doc, len, "<stdin>", &ds, err, sizeof err);
    drop(st, ds);
    assert_int_equal(st, DATASET_INVALID);
    assert_null(ds);
    assert_string_equal(err, join("<stdin>", message));

    ds = (dataset *)&ds;
    st = dataset_load_memory(doc, len, "big", &ds, err, sizeof err);
    drop(st, ds);
    assert_int_equal(st, DATASET_INVALID);
    assert_null(ds);
    assert_string_equal(err, join("big", message));
}

/* The same bytes as a file, from memory and through a pipe: each must be
 * refused with its own name followed by tail (":LINE:COLUMN: PATH: ..."). */
static void expect_refused_three_ways(const char *data, size_t len, const char *tail)
{
    char err[ERR_MAX] = "";
    char *path = write_temp(data, len);
    dataset *ds = (dataset *)&ds;
    enum dataset_status st = dataset_load_file(path, &ds, err, sizeof err);
    unlink(path);
    drop(st, ds);
    char *want = join(path, tail);
    if (st != DATASET_INVALID)
        fprintf(stderr, "as a file: loaded (status %d), expected %s\n", (int)st, want);
    assert_int_equal(st, DATASET_INVALID);
    assert_null(ds);
    assert_string_equal(err, want);

    ds = (dataset *)&ds;
    st = dataset_load_memory(data, len, "memory", &ds, err, sizeof err);
    drop(st, ds);
    want = join("memory", tail);
    if (st != DATASET_INVALID)
        fprintf(stderr, "from memory: loaded (status %d), expected %s\n", (int)st, want);
    assert_int_equal(st, DATASET_INVALID);
    assert_null(ds);
    assert_string_equal(err, want);

    ds = (dataset *)&ds;
    st = load_through_pipe(data, len, "<stdin>", &ds, err, sizeof err);
    drop(st, ds);
    want = join("<stdin>", tail);
    if (st != DATASET_INVALID)
        fprintf(stderr, "through a pipe: loaded (status %d), expected %s\n", (int)st, want);
    assert_int_equal(st, DATASET_INVALID);
    assert_null(ds);
    assert_string_equal(err, want);
}

#define ELEMENT_STRINGS 18
#define ELEMENT_STRING (1000u << 10)

/* One record of about 17.6 MiB (18 strings of 1000 KiB, each under the 1 MiB
 * string limit): over the 16 MiB an element may have, however it arrives. */
static void test_element_over_limit(void **state)
{
    (void)state;
    size_t cap = ELEMENT_STRINGS * (ELEMENT_STRING + 64) + 4096;
    char *doc = tmalloc(cap), *p = doc;
    p += sprintf(p, "{\"format\": \"zjdash/1.0\",\n"
                    " \"meta\": {\"title\": \"大元素\", \"publisher\": \"测试\", \"published\": \"2024-02-01\"},\n"
                    " \"themes\": [{\"id\": \"t\", \"title\": \"T\",\n"
                    "   \"columns\": [{\"key\": \"name\", \"label\": \"名称\", \"type\": \"text\"}");
    for (int k = 0; k < ELEMENT_STRINGS; k++)
        p += sprintf(p, ", {\"key\": \"c%d\", \"label\": \"C\", \"type\": \"text\"}", k);
    p += sprintf(p, "],\n   \"records\": [\n    {\"id\": \"r1\", \"name\": \"大\", \"quote\": \"大\"");
    for (int k = 0; k < ELEMENT_STRINGS; k++) {
        p += sprintf(p, ", \"c%d\": \"", k);
        memset(p, 'a' + k % 26, ELEMENT_STRING);
        p += ELEMENT_STRING;
        *p++ = '"';
    }
    p += sprintf(p, "}]}]}\n");
    assert_true((size_t)(p - doc) < cap);
    assert_true((size_t)(p - doc) > (17u << 20));
    expect_refused_three_ways(doc, (size_t)(p - doc),
                              ":6:5: themes[0].records[0]: expected an element of at most 16 MiB, "
                              "found a larger one");
}

/* Characters (not bytes) in the first n bytes of s, plus one: a column. */
static size_t column_after(const char *s, size_t n)
{
    size_t col = 1;
    for (size_t i = 0; i < n; i++)
        col += ((unsigned char)s[i] & 0xC0) != 0x80;
    return col;
}

#define MANY_RECORDS 8000

/* An error after some megabytes, when the window has moved on many times:
 * still the right line and column, from a file, memory and a pipe. The last
 * record is last_line_head, defect (where the error must point), rest. */
static void check_late_error(const char *last_line_head, const char *defect, const char *rest,
                             const char *path_and_message)
{
    static const char head[] =
        "{\n"
        "  \"format\": \"zjdash/1.0\",\n"
        "  \"meta\": {\"title\": \"很多记录\", \"publisher\": \"测试\", \"published\": \"2024-02-01\"},\n"
        "  \"places\": [{\"id\": \"zhanjiang\", \"name\": \"湛江市\"}],\n"
        "  \"themes\": [{\n"
        "    \"id\": \"t\", \"title\": \"T\",\n"
        "    \"columns\": [{\"key\": \"name\", \"label\": \"名称\", \"type\": \"text\"},\n"
        "                {\"key\": \"where\", \"label\": \"地点\", \"type\": \"refs\"},\n"
        "                {\"key\": \"note\", \"label\": \"备注\", \"type\": \"text\"}],\n"
        "    \"records\": [\n";
    size_t cap = sizeof head + (size_t)MANY_RECORDS * 1024 + 4096;
    char *doc = tmalloc(cap), *p = doc;
    memcpy(p, head, sizeof head - 1);
    p += sizeof head - 1;
    size_t line = 11; /* the first record's */
    for (int r = 0; r < MANY_RECORDS; r++, line++) {
        p += sprintf(p, "      {\"id\": \"r%d\", \"name\": \"记录%d\", \"where\": [\"zhanjiang\"], \"note\": \"",
                     r, r);
        for (int k = 0; k < 40; k++)
            p += sprintf(p, "%s", k % 3 ? "湛江凝新" : "village ");
        p += sprintf(p, "\", \"quote\": \"引语%d\"},\n", r);
    }
    char *line_start = p;
    p += sprintf(p, "%s", last_line_head);
    size_t col = column_after(line_start, (size_t)(p - line_start));
    p += sprintf(p, "%s%s\n    ]\n  }]\n}\n", defect, rest);
    assert_true((size_t)(p - doc) < cap);
    assert_true((size_t)(p - doc) > (4u << 20));
    char tail[1024];
    snprintf(tail, sizeof tail, ":%zu:%zu: themes[0].records[%d]%s", line, col, MANY_RECORDS,
             path_and_message);
    expect_refused_three_ways(doc, (size_t)(p - doc), tail);
}

static void test_late_error_position(void **state)
{
    (void)state;
    check_late_error("      {\"id\": \"bad\", \"name\": \"坏记录\", \"note\": \"湛江湛江\", "
                     "\"where\": [\"zhanjiang\", ",
                     "\"nowhere\"", "], \"quote\": \"引语\"}",
                     ".where[1]: expected the id of a place or an organisation, found \"nowhere\", "
                     "which no earlier element defines (ids are defined before they are used)");
    check_late_error("      {\"id\": \"bad\", \"name\": \"坏记录\", \"note\": \"湛江湛江", "\x01",
                     "\", \"quote\": \"引语\"}",
                     ".note: expected text without control characters, found U+0001");
}

/* ------------------------------------------------------------------------ */

int main(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test_teardown(test_bad_fixtures_complete, release_all),
        cmocka_unit_test_teardown(test_ok_fixtures_exist, release_all),
        cmocka_unit_test_teardown(test_ok_utf8_bom, release_all),
        cmocka_unit_test_teardown(test_ok_newer_minor, release_all),
        cmocka_unit_test_teardown(test_ok_negative_zero, release_all),
        cmocka_unit_test_teardown(test_ok_limits, release_all),
        cmocka_unit_test_teardown(test_kinds_loaded, release_all),
        cmocka_unit_test_teardown(test_relations_loaded, release_all),
        cmocka_unit_test_teardown(test_newer_minor_kind, release_all),
        cmocka_unit_test_teardown(test_memory_same_message, release_all),
        cmocka_unit_test_teardown(test_pipe_valid, release_all),
        cmocka_unit_test_teardown(test_pipe_invalid, release_all),
        cmocka_unit_test_teardown(test_missing_file, release_all),
        cmocka_unit_test_teardown(test_directory, release_all),
        cmocka_unit_test_teardown(test_read_error, release_all),
        cmocka_unit_test_teardown(test_big_record_through_pipe, release_all),
        cmocka_unit_test_teardown(test_string_over_limit, release_all),
        cmocka_unit_test_teardown(test_element_over_limit, release_all),
        cmocka_unit_test_teardown(test_late_error_position, release_all),
    };
    enum { NFIXED = sizeof fixed / sizeof *fixed };

    /* a pipe the loader stopped reading must not end the test program */
    signal(SIGPIPE, SIG_IGN);

    size_t nbad, nok;
    char **bad = list_dir(BAD_DIR, ".json", &nbad);
    char **ok = list_dir(OK_DIR, ".json", &nok);
    struct CMUnitTest *tests = xmalloc((NFIXED + nbad + nok) * sizeof *tests);
    struct bad_fixture *fixtures = xmalloc((nbad ? nbad : 1) * sizeof *fixtures);
    char **ok_paths = xmalloc((nok ? nok : 1) * sizeof *ok_paths);
    size_t n = 0;
    for (size_t i = 0; i < NFIXED; i++)
        tests[n++] = fixed[i];
    for (size_t i = 0; i < nbad; i++) {
        struct bad_fixture *fx = &fixtures[i];
        fx->json = join_with(xmalloc, BAD_DIR "/", bad[i]);
        fx->err_path = join_with(xmalloc, fx->json, "");
        strcpy(fx->err_path + strlen(fx->err_path) - strlen(".json"), ".err");
        fx->base = bad[i];
        tests[n++] = (struct CMUnitTest){.name = fx->base,
                                         .test_func = test_bad_fixture,
                                         .teardown_func = release_all,
                                         .initial_state = fx};
    }
    for (size_t i = 0; i < nok; i++) {
        ok_paths[i] = join_with(xmalloc, OK_DIR "/", ok[i]);
        tests[n++] = (struct CMUnitTest){.name = ok_paths[i],
                                         .test_func = test_ok_fixture,
                                         .teardown_func = release_all,
                                         .initial_state = ok_paths[i]};
    }

    int failed = _cmocka_run_group_tests("test_load_errors", tests, n, NULL, NULL);

    for (size_t i = 0; i < nbad; i++) {
        free(fixtures[i].json);
        free(fixtures[i].err_path);
    }
    for (size_t i = 0; i < nok; i++)
        free(ok_paths[i]);
    free(ok_paths);
    free(fixtures);
    free(tests);
    free_names(bad, nbad);
    free_names(ok, nok);
    return failed;
}

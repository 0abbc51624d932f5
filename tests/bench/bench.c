/* Measures loading, sorting and filtering one dataset and prints each figure
 * beside a baseline measured in the same run on the same file:
 *
 *   cJSON     the file read into memory, then cJSON_ParseWithLength on those
 *             bytes: one tree of everything (both parts shown)
 *   qsort     qsort of an index array by a double key, the textbook sort
 *
 * cJSON runs in a child process so that its memory does not count as ours;
 * our peak memory is this process's, measured right after loading.
 *
 *   bench FILE [screen]     (screen: the headless dashboard's part alone) */
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "dataset.h"
#include "grid.h"
#include "keymap.h"
#include "load.h"
#include "text.h"
#include "view.h"

#define REPEATS 3
/* Loads are timed LOAD_RUNS times each (the best counts) below this size. */
#define LOAD_RUNS 3
#define LOAD_RUNS_BELOW (256.0 * 1024 * 1024)
#define FILTER_TARGET_MS 200.0
/* Keeps make bench's run short: strcoll sorts 100k rows in seconds, a million in half a minute. */
#define STRCOLL_ROWS 200000u

/* A clock that no change of the time of day can move. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* File and memory sizes read best in MiB. */
static double mib(double bytes)
{
    return bytes / (1024.0 * 1024.0);
}

/* The baseline for reading: the bytes alone, as cJSON needs them. */
static char *read_all(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        perror(path);
        exit(1);
    }
    char *b = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (b && got < (size_t)st.st_size) {
        ssize_t n = read(fd, b + got, (size_t)st.st_size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (!b || got != (size_t)st.st_size) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        exit(1);
    }
    b[got] = 0;
    *len = got;
    return b;
}

struct baseline {
    double read_s, cjson_s;
    long cjson_peak_kib;
};

/* In a child: read the file, then parse it with cJSON into one tree. */
static struct baseline measure_cjson(const char *path)
{
    struct baseline b = {0, 0, 0};
    int fds[2];
    if (pipe(fds) < 0) {
        perror("pipe");
        exit(1);
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        double t0 = now();
        size_t len;
        char *bytes = read_all(path, &len);
        double t1 = now();
        cJSON *tree = cJSON_ParseWithLength(bytes, len);
        double t2 = now();
        double times[2] = {t1 - t0, tree ? t2 - t1 : -1};
        if (write(fds[1], times, sizeof times) != (ssize_t)sizeof times)
            _exit(1);
        _exit(0); /* the tree is never freed: freeing is not what is measured */
    }
    close(fds[1]);
    double times[2] = {0, 0};
    if (read(fds[0], times, sizeof times) != (ssize_t)sizeof times)
        fprintf(stderr, "bench: the cJSON child said nothing\n");
    close(fds[0]);
    struct rusage ru;
    int status;
    wait4(pid, &status, 0, &ru);
    b.read_s = times[0];
    b.cjson_s = times[1];
    b.cjson_peak_kib = ru.ru_maxrss;
    return b;
}

static const double *sort_keys;

/* qsort has no context argument: the keys are in sort_keys. */
static int compare_by_key(const void *a, const void *b)
{
    double x = sort_keys[*(const unsigned *)a], y = sort_keys[*(const unsigned *)b];
    return (x > y) - (x < y);
}

/* The baseline for sorting by a number: qsort by a double key, best of REPEATS. */
static double best_qsort(const dataset *ds, uint32_t theme_index, int col)
{
    const theme *t = &ds->themes[theme_index];
    double *keys = malloc((t->nrecords + 1) * sizeof *keys);
    unsigned *index = malloc((t->nrecords + 1) * sizeof *index);
    for (uint32_t i = 0; i < t->nrecords; i++) {
        uint32_t f = ds_cell(ds, t->first_record + i, (uint32_t)col);
        keys[i] = f == NONE ? 1e300 : (double)ds->figures[f].value;
    }
    sort_keys = keys;
    double best = 1e30;
    for (int r = 0; r < REPEATS; r++) {
        for (uint32_t i = 0; i < t->nrecords; i++)
            index[i] = i;
        double t0 = now();
        qsort(index, t->nrecords, sizeof *index, compare_by_key);
        double dt = now() - t0;
        best = dt < best ? dt : best;
    }
    free(keys);
    free(index);
    return best;
}

static const char **text_keys;
static int (*text_compare)(const char *, const char *);

/* qsort has no context argument: the texts and their order are in statics. */
static int compare_text_index(const void *a, const void *b)
{
    return text_compare(text_keys[*(const unsigned *)a], text_keys[*(const unsigned *)b]);
}

/* The baseline for text: qsort of an index array by a string comparison. */
static double best_text_qsort(const dataset *ds, uint32_t theme_index, int col,
                              int (*compare)(const char *, const char *))
{
    const theme *t = &ds->themes[theme_index];
    text_keys = malloc((t->nrecords + 1) * sizeof *text_keys);
    unsigned *index = malloc((t->nrecords + 1) * sizeof *index);
    for (uint32_t i = 0; i < t->nrecords; i++)
        text_keys[i] = ds_str(ds, ds_cell(ds, t->first_record + i, (uint32_t)col));
    text_compare = compare;
    double best = 1e30;
    for (int r = 0; r < REPEATS; r++) {
        for (uint32_t i = 0; i < t->nrecords; i++)
            index[i] = i;
        double t0 = now();
        qsort(index, t->nrecords, sizeof *index, compare_text_index);
        double dt = now() - t0;
        best = dt < best ? dt : best;
    }
    free(text_keys);
    free(index);
    return best;
}

/* glibc's pinyin collation, where a zh_CN locale exists or can be made with
 * localedef into build/locale (the locales package has its sources). */
static bool zh_collation(void)
{
    if (setlocale(LC_COLLATE, "zh_CN.UTF-8"))
        return true;
    if (system("mkdir -p build/locale && localedef -i zh_CN -f UTF-8 build/locale/zh_CN.UTF-8 "
               ">/dev/null 2>&1") != 0)
        return false;
    setenv("LOCPATH", "build/locale", 1);
    return setlocale(LC_COLLATE, "zh_CN.UTF-8") != NULL;
}

/* Best of REPEATS, each from the report's order, so that no run starts sorted. */
static double best_sort(view *v, int col, bool descending)
{
    double best = 1e30;
    for (int r = 0; r < REPEATS; r++) {
        view_sort(v, -1, false);
        double t0 = now();
        view_sort(v, col, descending);
        double dt = now() - t0;
        best = dt < best ? dt : best;
    }
    return best;
}

/* Best of REPEATS, each from no filter, so that no run narrows an earlier one. */
static double best_filter(view *v, const char *text, uint32_t *rows)
{
    double best = 1e30;
    for (int r = 0; r < REPEATS; r++) {
        view_filter(v, NULL);
        double t0 = now();
        view_filter(v, text);
        double dt = now() - t0;
        best = dt < best ? dt : best;
    }
    *rows = v->nrows;
    view_filter(v, NULL);
    return best;
}

/* One line of the table, so that every figure reads against its baseline and target. */
static void row(const char *what, const char *ours, const char *base, double ratio,
                const char *target, bool ok)
{
    /* padded by display width: the needles are Chinese */
    int pad = 38 - text_width(what, strlen(what));
    printf("  %s%*s %12s %16s", what, pad > 0 ? pad : 0, "", ours, base);
    if (ratio >= 0)
        printf(" %7.2fx", ratio);
    else
        printf(" %8s", "");
    printf("  %-10s %s\n", target, target[0] ? (ok ? "ok" : "MISSED") : "");
}

/* Only what loading added counts: the libraries' memory was there before it. */
static dataset *measured_load(const char *path, double *load_s, double *peak)
{
    struct rusage before;
    getrusage(RUSAGE_SELF, &before);
    double t0 = now();
    dataset *ds;
    char err[1024];
    if (dataset_load_file(path, &ds, err, sizeof err) != DATASET_OK) {
        fprintf(stderr, "%s\n", err);
        return NULL;
    }
    *load_s = now() - t0;
    struct rusage after;
    getrusage(RUSAGE_SELF, &after);
    /* what loading added to the process, not the libraries it started with */
    *peak = (double)(after.ru_maxrss - before.ru_maxrss) * 1024.0;
    return ds;
}

/* Loading is judged against cJSON's whole-tree parse of the same file: the
 * file read into memory, as cJSON needs it, and parsed. zjdash's figure
 * includes its reading too, so both sides read the file; the parse alone is
 * shown below it. */
static void report_load(double file_bytes, const struct baseline *base, double load_s, double peak)
{
    char a[64], b[64];
    double cjson_file_s = base->read_s + base->cjson_s;
    snprintf(a, sizeof a, "%.3f s", load_s);
    snprintf(b, sizeof b, "cJSON %.3f s", cjson_file_s);
    row("load: read, validate, build the model", a, b, load_s / cjson_file_s, "<= 1x", load_s <= cjson_file_s);
    snprintf(b, sizeof b, "%.3f s", base->read_s);
    row("  (of cJSON's: reading the file)", "", b, -1, "", true);
    snprintf(b, sizeof b, "%.3f s", base->cjson_s);
    row("  (of cJSON's: cJSON_Parse alone)", "", b, load_s / base->cjson_s, "", true);
    snprintf(a, sizeof a, "%.0f MiB", mib(peak));
    snprintf(b, sizeof b, "file %.0f MiB", mib(file_bytes));
    row("peak memory loading added", a, b, peak / file_bytes, "<= 1x", peak <= file_bytes);
    snprintf(b, sizeof b, "%.0f MiB", mib((double)base->cjson_peak_kib * 1024.0));
    row("  (cJSON's peak, file bytes included)", "", b, (double)base->cjson_peak_kib * 1024.0 / file_bytes, "",
        true);
}

/* The table with the most rows: where sorting and filtering cost the most. */
static uint32_t largest_theme(const dataset *ds)
{
    uint32_t ti = 0;
    for (uint32_t t = 1; t < ds->nthemes; t++)
        if (ds->themes[t].nrecords > ds->themes[ti].nrecords)
            ti = t;
    return ti;
}

/* Sorts are judged against qsort: money by a double key, names by strcmp (and glibc's strcoll). */
static void report_sorts(const dataset *ds, uint32_t ti, view *v)
{
    char a[64], b[64];
    int money = -1, name = view_find_column(ds, ti, "name");
    for (uint32_t c = 0; c < ds->themes[ti].ncolumns; c++)
        if (ds->themes[ti].columns[c].type == COL_MONEY && money < 0)
            money = (int)c;
    printf("table \"%s\": %u rows\n", ds_str(ds, ds->themes[ti].id), v->total);
    if (money >= 0) {
        double q = best_qsort(ds, ti, money);
        snprintf(b, sizeof b, "qsort %.1f ms", q * 1e3);
        double s = best_sort(v, money, false);
        snprintf(a, sizeof a, "%.1f ms", s * 1e3);
        row("sort by money, ascending", a, b, s / q, "<= 1x", s <= q);
        s = best_sort(v, money, true);
        snprintf(a, sizeof a, "%.1f ms", s * 1e3);
        row("sort by money, descending", a, b, s / q, "<= 1x", s <= q);
    }
    if (name >= 0) {
        double s = best_sort(v, name, false);
        double q = best_text_qsort(ds, ti, name, strcmp);
        snprintf(a, sizeof a, "%.1f ms", s * 1e3);
        snprintf(b, sizeof b, "strcmp %.1f ms", q * 1e3);
        row("sort by name (pinyin order)", a, b, s / q, "<= 2x", s <= 2 * q);
        if (v->total > STRCOLL_ROWS) {
            printf("    (glibc's strcoll not measured above %u rows: it takes half a minute there)\n",
                   STRCOLL_ROWS);
        } else if (zh_collation()) {
            double c = best_text_qsort(ds, ti, name, strcoll);
            snprintf(b, sizeof b, "strcoll %.1f ms", c * 1e3);
            row("  (glibc zh_CN.UTF-8 strcoll)", "", b, s / c, "", true);
        } else {
            printf("    (no zh_CN.UTF-8 locale here for strcoll: install the locales package)\n");
        }
    }
}

/* Filters and searches have no baseline: the target is what a typist must not wait for. */
static void report_filters(const dataset *ds, uint32_t ti, view *v)
{
    char a[64];
    view *fresh = view_new(ds, ti);
    double f0 = now();
    view_filter(fresh, "4000");
    double f1 = now();
    view_free(fresh);
    snprintf(a, sizeof a, "%.1f ms", (f1 - f0) * 1e3);
    row("first filter of a new view", a, "", -1, "< 200 ms", (f1 - f0) * 1e3 < FILTER_TARGET_MS);
    printf("    (\"4000\" may be in a figure: figures are searched as shown, formatted at load time)\n");
    static const char *const needles[] = {"火龙果", "不在其中的词", "AbC", "4000", "约", "djgy"};
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++) {
        uint32_t rows;
        double f = best_filter(v, needles[i], &rows);
        char what[96];
        snprintf(what, sizeof what, "filter \"%s\" (%u rows)", needles[i], rows);
        snprintf(a, sizeof a, "%.1f ms", f * 1e3);
        row(what, a, "", -1, "< 200 ms", f * 1e3 < FILTER_TARGET_MS);
    }
    double s0 = now();
    long found = view_search(v, "不在其中的词", -1, 1);
    double s1 = now();
    snprintf(a, sizeof a, "%.1f ms", (s1 - s0) * 1e3);
    row(found < 0 ? "search, no match anywhere" : "search", a, "", -1, "< 200 ms",
        (s1 - s0) * 1e3 < FILTER_TARGET_MS);
}

#define SCREEN_W 120
#define SCREEN_H 40
#define MOVES 200
#define KEY_TARGET_MS 100.0

/* A key and the frame the terminal would draw after it, as the dashboard
 * does, with no terminal: what a reader waits for. Milliseconds. */
static double key_and_frame(app *a, grid *g, uint32_t key)
{
    double t0 = now();
    app_key(a, key);
    app_frame(a, g);
    return (now() - t0) * 1e3;
}

/* Moving the cursor must cost what is on screen, whatever the table's size. */
static void report_moves(app *a, grid *g, const char *what)
{
    double worst = 0, sum = 0;
    for (int i = 0; i < MOVES; i++) {
        double ms = key_and_frame(a, g, i % 2 ? 'k' : 'j');
        sum += ms;
        worst = ms > worst ? ms : worst;
    }
    char ours[64], what_line[96];
    snprintf(ours, sizeof ours, "%.2f ms", sum / MOVES);
    snprintf(what_line, sizeof what_line, "key j/k + frame, %s", what);
    row(what_line, ours, "", -1, "< 10 ms", sum / MOVES < 10.0);
    snprintf(ours, sizeof ours, "%.2f ms", worst);
    row("  (the slowest of them)", ours, "", -1, "", true);
}

/* f, then the needle typed a character at a time: each keystroke and its
 * frame; Esc puts the rows back. */
static void report_typing(app *a, grid *g, const char *needle)
{
    key_and_frame(a, g, 'f');
    const char *p = needle;
    while (*p) {
        uint32_t cp;
        size_t len = text_decode(p, strlen(p), &cp);
        if (!len)
            break;
        double t0 = now();
        app_key(a, cp);
        double t1 = now();
        app_frame(a, g);
        double ms = (now() - t0) * 1e3;
        char what[96], ours[64], parts[64];
        snprintf(what, sizeof what, "f %.*s (%u rows)", (int)(p + len - needle), needle,
                 a->tabs[a->tab].view->nrows);
        snprintf(ours, sizeof ours, "%.1f ms", ms);
        snprintf(parts, sizeof parts, "key %.1f+frame %.1f", (t1 - t0) * 1e3, ms - (t1 - t0) * 1e3);
        row(what, ours, parts, -1, "< 100 ms", ms < KEY_TARGET_MS);
        p += len;
    }
    key_and_frame(a, g, K_ESC);
}

/* The dashboard headless on the largest table: keys, not the terminal's bytes. */
static void report_screen(const dataset *ds, uint32_t ti)
{
    struct app_options o = {false, NULL, NULL, NULL};
    app *a = app_new(ds, &o);
    app_switch_tab(a, ti);
    grid g;
    grid_init(&g, SCREEN_W, SCREEN_H, false);
    double first = key_and_frame(a, &g, 'j');
    char ours[64];
    snprintf(ours, sizeof ours, "%.1f ms", first);
    printf("dashboard, %dx%d, headless\n", SCREEN_W, SCREEN_H);
    row("first frame", ours, "", -1, "", true);
    report_moves(a, &g, "chart on");
    key_and_frame(a, &g, 'c');
    report_moves(a, &g, "chart off");
    key_and_frame(a, &g, 'c');
    static const char *const needles[] = {"djgy", "lwc", "红树林", "4000", "火龙果"};
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++)
        report_typing(a, &g, needles[i]);
    grid_free(&g);
    app_free(a);
}

/* cJSON is measured first, in its own process, so that its memory is not counted as ours. */
int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "screen"))) {
        fprintf(stderr, "usage: bench FILE [screen]\n");
        return 2;
    }
    if (argc == 3) { /* the dashboard alone: quicker to run again and again */
        dataset *ds;
        char err[1024];
        if (dataset_load_file(argv[1], &ds, err, sizeof err) != DATASET_OK) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        report_screen(ds, largest_theme(ds));
        dataset_free(ds);
        return 0;
    }
    const char *path = argv[1];
    struct stat st;
    if (stat(path, &st) < 0) {
        perror(path);
        return 1;
    }
    double file_bytes = (double)st.st_size;
    /* the best of a few runs of each, taken in turns, so that another
     * program's moment on a shared machine does not decide the ratio; one
     * of each for a big file, where cJSON alone takes many seconds */
    int runs = file_bytes < LOAD_RUNS_BELOW ? LOAD_RUNS : 1;
    struct baseline base = {0, 0, 0};
    double load_s = 0, peak = 0;
    dataset *ds = NULL;
    for (int r = 0; r < runs; r++) {
        struct baseline b = measure_cjson(path);
        if (!r || b.read_s + b.cjson_s < base.read_s + base.cjson_s) {
            long first_peak = base.cjson_peak_kib;
            base = b;
            /* the first child's: later ones start as copies of a process
             * that holds a dataset, and their peak would count it */
            base.cjson_peak_kib = r ? first_peak : b.cjson_peak_kib;
        }
        double s, p;
        dataset_free(ds);
        ds = measured_load(path, &s, &p);
        if (!ds)
            return 1;
        if (!r || s < load_s)
            load_s = s;
        peak = r ? peak : p; /* the first load's: the later ones reuse what it freed */
    }

    printf("%s: %.1f MiB, %u records, %u figures, %u entities\n", path, mib(file_bytes),
           ds->nrecords, ds->nfigures, ds->nentities);
    printf("  %-38s %12s %16s %8s  %-10s\n", "", "zjdash", "baseline", "ratio", "target");
    report_load(file_bytes, &base, load_s, peak);
    uint32_t ti = largest_theme(ds);
    view *v = view_new(ds, ti);
    report_sorts(ds, ti, v);
    report_filters(ds, ti, v);
    view_free(v);
    report_screen(ds, ti);
    dataset_free(ds);
    return 0;
}

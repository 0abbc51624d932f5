/* Every fuzzer's seeds and every finding kept from `make fuzz`, replayed
 * through the same checks as its libFuzzer harness, one test per file: so
 * that make check, with and without the sanitizers, keeps them from coming
 * back. The loader's (tests/fuzz/corpus, tests/fuzz/findings) through
 * tests/fuzz/exercise.c; the key decoder's (tests/fuzz/corpus-input,
 * findings-input) through input_check.c; the command line's (corpus-cli,
 * findings-cli) through cli_check.c; the configuration file's
 * (corpus-config, findings-config) through config_check.c. Each
 * file runs in a child process, so that a crash, a sanitizer's report, a leak
 * or a hang fails that file's test and the others still run. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../fuzz/exercise.c"
#include "../fuzz/input_check.c"
#include "../fuzz/cli_check.c"
#include "../fuzz/config_check.c"

/* Where each fuzzer's files are, and the fewest seeds there must be (fewer:
 * the test runs from elsewhere than the top of the tree). */
static const struct target {
    const char *corpus, *findings;
    size_t least;
    void (*check)(const uint8_t *data, size_t size, void (*fail)(const char *why));
} targets[] = {
    {"tests/fuzz/corpus", "tests/fuzz/findings", 20, NULL},
    {"tests/fuzz/corpus-input", "tests/fuzz/findings-input", 10, input_check},
    {"tests/fuzz/corpus-cli", "tests/fuzz/findings-cli", 10, cli_check},
    {"tests/fuzz/corpus-config", "tests/fuzz/findings-config", 10, config_check},
};
/* Seconds one file may take, under the sanitizers too: a hang is a finding. */
#define FILE_SECONDS 120

static const char *current;

/* In the child: say what failed, and leave without the leak check (a failed
 * check leaves what it was looking at allocated). */
static void fail_child(const char *message)
{
    fprintf(stderr, "%s: %s\n", current, message);
    fflush(stderr);
    _exit(1);
}

/* The file into a buffer of exactly its size: no NUL after it. */
static char *read_exact(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0)
        fail_child("cannot open");
    *size = (size_t)st.st_size;
    char *data = malloc(*size ? *size : 1);
    if (!data || fread(data, 1, *size, f) != *size)
        fail_child("cannot read");
    fclose(f);
    return data;
}

struct file {
    char *path;
    const struct target *target;
};

static void replay(void **state)
{
    const struct file *file = *state;
    current = file->path;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* cmocka's own handlers would go on with the next test in here */
        static const int deadly[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGSYS};
        for (size_t i = 0; i < sizeof deadly / sizeof deadly[0]; i++)
            signal(deadly[i], SIG_DFL);
        alarm(FILE_SECONDS);
        size_t size;
        char *data = read_exact(current, &size);
        if (file->target->check)
            file->target->check((const uint8_t *)data, size, fail_child);
        else
            exercise(data, size, fail_child);
        free(data);
        exit(0); /* LeakSanitizer checks here, in the sanitizers' build */
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status))
        fail_msg("%s: killed by signal %d%s", current, WTERMSIG(status),
                 WTERMSIG(status) == SIGALRM ? " (took too long: a hang?)" : "");
    if (WEXITSTATUS(status) != 0)
        fail_msg("%s: exit status %d (1: a check failed or a sanitizer reported, 23: a leak; see above)", current,
                 WEXITSTATUS(status));
}

struct files {
    struct file *files;
    size_t n, cap;
};

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct file *)a)->path, ((const struct file *)b)->path);
}

/* Every regular file of dir but its README, sorted. */
static size_t list(struct files *f, const char *dir, const struct target *target)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t before = f->n;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || !strncmp(e->d_name, "README", 6))
            continue;
        size_t len = strlen(dir) + 1 + strlen(e->d_name) + 1;
        char *path = malloc(len);
        snprintf(path, len, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        if (f->n == f->cap) {
            f->cap = f->cap ? 2 * f->cap : 64;
            f->files = realloc(f->files, f->cap * sizeof *f->files);
        }
        f->files[f->n++] = (struct file){path, target};
    }
    closedir(d);
    qsort(f->files + before, f->n - before, sizeof *f->files, by_name);
    return f->n - before;
}

int main(void)
{
    struct files f = {NULL, 0, 0};
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        size_t seeds = list(&f, targets[t].corpus, &targets[t]);
        list(&f, targets[t].findings, &targets[t]);
        if (seeds < targets[t].least) {
            fprintf(stderr, "test_fuzz_corpus: %zu files in %s (run from the top of the tree)\n", seeds,
                    targets[t].corpus);
            return 1;
        }
    }
    struct CMUnitTest *tests = calloc(f.n, sizeof *tests);
    for (size_t i = 0; i < f.n; i++) {
        tests[i].name = f.files[i].path;
        tests[i].test_func = replay;
        tests[i].initial_state = &f.files[i];
    }
    int failures = _cmocka_run_group_tests("fuzz corpus and findings", tests, f.n, NULL, NULL);
    for (size_t i = 0; i < f.n; i++)
        free(f.files[i].path);
    free(f.files);
    free(tests);
    return failures;
}

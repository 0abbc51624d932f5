/* See testutil.h. */
#include "testutil.h"

#include "lang.h"

#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "load.h"

/* Under /dev/null, a file, so that no directory of that name can ever be
 * made: zjdash finds no configuration file there (ENOTDIR), as when there is
 * none. */
#define NO_CONFIG_HOME "/dev/null/zjdash-tests-read-no-configuration"

/* Once in a process: every child inherits it, and a test that wants a file
 * sets XDG_CONFIG_HOME (child_environment's env, or its own setenv) after
 * this, or passes --config. */
static void no_user_config(void)
{
    static bool set;
    if (!set) {
        setenv("XDG_CONFIG_HOME", NO_CONFIG_HOME, 1);
        set = true;
    }
}

const char *zjdash_binary(void)
{
    no_user_config();
    const char *b = getenv("ZJDASH");
    return b && *b ? b : "build/zjdash";
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

void remove_tree(const char *dir)
{
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

pid_t fork_or_fail(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        fail_msg("fork: %s", strerror(errno));
    return pid;
}

void child_environment(const char *const *env)
{
    setenv("TERM", "xterm-256color", 1);
    setenv("LANG", "C.UTF-8", 1);
    unsetenv("LC_ALL");
    unsetenv("LC_CTYPE");
    unsetenv("NO_COLOR");
    unsetenv("ESCDELAY");
    unsetenv("ZJDASH_SNAPSHOT_DIR");
    unsetenv("ZJDASH_NO_MOUSE");
    setenv("ZJDASH_LANG", "en", 1);
    unsetenv("ZJDASH_SNAPSHOT_FORMAT");
    unsetenv("ZJDASH_COPY_TO_FILE");
    unsetenv("SOURCE_DATE_EPOCH");
    no_user_config();
    for (; env && *env; env++) {
        char *name = strdup(*env), *eq = strchr(name, '=');
        if (!eq)
            setenv(name, "", 1);
        else if (*eq = 0, eq[1])
            setenv(name, eq + 1, 1);
        else
            unsetenv(name);
    }
}

bool read_file(const char *path, buf *out)
{
    buf_clear(out);
    FILE *f = fopen(path, "rb");
    bool opened = f != NULL;
    if (opened) {
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
            buf_put(out, chunk, n);
        fclose(f);
    }
    if (!out->data)
        buf_puts(out, "");
    return opened;
}

dataset *load_dataset(const char *path)
{
    dataset *ds = NULL;
    char err[2048];
    if (dataset_load_file(path, &ds, err, sizeof err) != DATASET_OK) {
        fprintf(stderr, "cannot load %s: %s\n", path, err);
        return NULL;
    }
    return ds;
}

/* One lookup for every program, so that a renamed field changes one place. */
uint32_t entity_named(const dataset *ds, const char *name)
{
    for (uint32_t e = 0; e < ds->nentities; e++)
        if (!strcmp(ds_str(ds, ds->entities[e].name), name))
            return e;
    fail_msg("no entity named %s", name);
    return NONE;
}

/* The tests of behaviour read the English frame (their words are the
 * assertions); the tests of the Chinese one ask for it with lang_set. */
__attribute__((constructor)) static void tests_read_english(void)
{
    lang_set(LANG_EN);
}

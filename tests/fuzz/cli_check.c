#include "cli_check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dump.h"
#include "lang.h"

/* More than anyone types; getopt's cost grows with each. */
#define MAX_ARGS 64

/* One of the program's standard streams, sent to a file for one parse. */
struct capture {
    FILE *stream;
    int fd, saved;
    FILE *file;
    char text[8192];
    size_t len;
};

static void capture_begin(struct capture *c)
{
    if (!c->file && !(c->file = tmpfile()))
        abort();
    fflush(c->stream);
    if (ftruncate(fileno(c->file), 0) != 0)
        abort();
    rewind(c->file);
    c->saved = dup(c->fd);
    if (c->saved < 0 || dup2(fileno(c->file), c->fd) < 0)
        abort();
}

static void capture_end(struct capture *c)
{
    fflush(c->stream);
    clearerr(c->stream);
    dup2(c->saved, c->fd);
    close(c->saved);
    rewind(c->file);
    c->len = fread(c->text, 1, sizeof c->text - 1, c->file);
    c->text[c->len] = 0;
}

void cli_check(const uint8_t *data, size_t size, void (*check_failed)(const char *why))
{
    static struct capture out = {.fd = STDOUT_FILENO}, err = {.fd = STDERR_FILENO};
    out.stream = stdout;
    err.stream = stderr;
    /* each argument a block of its own size: a read past its end is seen */
    char *argv[MAX_ARGS + 2] = {NULL};
    char name[] = "zjdash";
    argv[0] = name;
    int argc = 1;
    for (size_t at = 0; at <= size && argc <= MAX_ARGS;) {
        const uint8_t *nul = memchr(data + at, 0, size - at);
        size_t len = nul ? (size_t)(nul - (data + at)) : size - at;
        argv[argc] = malloc(len + 1);
        if (!argv[argc])
            abort();
        memcpy(argv[argc], data + at, len);
        argv[argc++][len] = 0;
        at += len + 1;
    }
    /* as in a fresh process: the language is the environment's, and there
     * is none */
    unsetenv("ZJDASH_LANG");
    lang_set(LANG_ZH);
    /* and no configuration file but one an argument names (--config): the
     * fuzzing machine's own must not count (under /dev/null, none can be) */
    setenv("XDG_CONFIG_HOME", "/dev/null/zjdash-fuzz-reads-no-configuration", 1);
    struct cli c;
    capture_begin(&out);
    capture_begin(&err);
    int st = cli_parse(argc, argv, &c);
    capture_end(&err);
    capture_end(&out);

    const char *why = NULL;
    /* a file --config names may be any file: its problems are said, one
     * line each, once the options are all taken (a refusal stays one line) */
    bool config_said = st != EXIT_USAGE && c.config_file && c.problems.count;
    if (st == -1) {
        if (out.len || (err.len && !config_said))
            why = "options taken, yet something was printed";
        bool found = !c.file;
        for (int i = 1; i < argc && !found; i++)
            found = c.file == argv[i];
        if (!why && !found)
            why = "the file named is none of the arguments";
    } else if (st == EXIT_OK) {
        if ((err.len && !config_said) || !out.len)
            why = "--help or --version said nothing, or something on standard error";
    } else if (st == EXIT_USAGE) {
        /* one line that says what is wrong, then where to look, and nothing
         * the terminal would take for a command */
        const char *try_help = TRY_HELP;
        const char *end = strchr(err.text, '\n');
        if (out.len)
            why = "a refusal printed on standard output";
        else if (strncmp(err.text, "zjdash: ", 8) || !end || end == err.text + 8)
            why = "a refusal is not one line \"zjdash: ...\" on standard error";
        else if (strcmp(end + 1, try_help))
            why = "a refusal's line is not followed by where to look, and only that";
        for (const char *p = err.text; !why && p < end; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                why = "a refusal's line holds a control character";
    } else {
        why = "an exit status other than 0 (help, version) or 2 (a mistake)";
    }
    for (const char *p = err.text; config_said && !why && *p; p++)
        if (((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7f)
            why = "a configuration's problem holds a control character";
    for (int i = 1; i < argc; i++)
        free(argv[i]);
    if (why) {
        fprintf(stderr, "status %d; standard output (%zu bytes), then standard error:\n%s\n--\n%s\n--\n",
                st, out.len, out.text, err.text);
        check_failed(why);
    }
}

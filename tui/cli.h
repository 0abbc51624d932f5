/* The command line, read: what main (tui/main.c) does with it, and what the
 * command-line fuzzer (tests/fuzz/fuzz_cli.c) checks of every argv. */
#ifndef ZJDASH_CLI_H
#define ZJDASH_CLI_H

#include <stdbool.h>

#include "dump.h"
#include "pack.h"

/* Everything the command line says, parsed before anything is loaded. */
struct cli {
    struct dump_options dump;
    bool check, dumping, ascii, sized, themed, scaled, outlines, dark, no_mouse;
    int scale;
    struct pack_request picture; /* --snapshot */
    const char *file;
};

/* Sets the language (--lang, ZJDASH_LANG), then reads every option into c.
 * Returns -1 to go on, or the status to exit with: 0 after --help or
 * --version (printed), 2 after a mistake (one line on standard error, then
 * where to look). Nothing is allocated that outlives it; c points into argv. */
int cli_parse(int argc, char **argv, struct cli *c);

/* A full disk or a closed pipe is an error the user must hear about:
 * EXIT_OUTPUT if standard output could not be written, else EXIT_OK. */
int cli_finish_output(void);

#endif

/* The command line, read: what main (tui/main.c) does with it, and what the
 * command-line fuzzer (tests/fuzz/fuzz_cli.c) checks of every argv. */
#ifndef ZJDASH_CLI_H
#define ZJDASH_CLI_H

#include <stdbool.h>

#include "config.h"
#include "dump.h"
#include "pack.h"

/* Everything the command line says, parsed before anything is loaded. */
struct cli {
    struct dump_options dump;
    bool check, dumping, ascii, sized, themed, scaled, outlines, dark, no_mouse;
    bool no_config, print_config;
    int scale;
    struct pack_request picture; /* --snapshot */
    const char *file;
    /* The configuration in effect: the defaults, the file's lines over
     * them, the environment over those, the command line over all. The
     * dashboard's tab and sort from the file are config.tab and config.sort
     * when dump.tab and dump.sort (the command line's) are NULL. */
    struct config config;
    const char *config_file; /* the file read (argv, or config_path), or NULL */
    char config_path[CONFIG_PATH_MAX];
    struct config_problems problems; /* the file's, said on standard error */
};

/* Reads the configuration file (--config, or the default one unless
 * --no-config) and sets the language (--lang, ZJDASH_LANG, the file), says
 * the file's problems on standard error, then reads every option into c.
 * Returns -1 to go on, or the status to exit with: 0 after --help,
 * --version or --print-config (printed), 2 after a mistake (one line on
 * standard error, then where to look). Nothing is allocated that outlives
 * it; c points into argv and into itself (config_file). */
int cli_parse(int argc, char **argv, struct cli *c);

/* A full disk or a closed pipe is an error the user must hear about:
 * EXIT_OUTPUT if standard output could not be written, else EXIT_OK. */
int cli_finish_output(void);

#endif

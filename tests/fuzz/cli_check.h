/* What the command line's parsing (tui/cli.h) must do with any argv, checked
 * by the libFuzzer target fuzz_cli.c and replayed by
 * tests/unit/test_fuzz_corpus.c. */
#ifndef ZJDASH_FUZZ_CLI_CHECK_H
#define ZJDASH_FUZZ_CLI_CHECK_H

#include <stddef.h>
#include <stdint.h>

/* The bytes are the arguments after the program's name, each ended by a NUL
 * (the last one by the end). check_failed is called (and must not
 * return) when the parsing does what it must not; standard output and
 * error are the caller's again by then. */
void cli_check(const uint8_t *data, size_t size, void (*check_failed)(const char *why));

#endif

/* What the test programs that run the real zjdash binary, or load a dataset
 * from a file, need alike: where the binary is, a clock for their deadlines,
 * a child process and the environment it runs in, a file read whole, a
 * dataset loaded. One copy, so that every program runs the same binary the
 * same way and a change (another default path, another variable to clear) is
 * made once. */
#ifndef ZJDASH_TESTS_TESTUTIL_H
#define ZJDASH_TESTS_TESTUTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "dataset.h"

/* The binary under test: $ZJDASH (make test sets it to the build being
 * tested, the sanitizer one too), else build/zjdash. The first call also
 * points XDG_CONFIG_HOME, for this process and every zjdash it spawns,
 * where no configuration file can be: a developer's own
 * ~/.config/zjdash/config must change no test's result. */
const char *zjdash_binary(void);

/* Removes dir and everything below it (a scratch directory, after a test),
 * symbolic links as links. */
void remove_tree(const char *dir);

/* Milliseconds on a clock that a change of the time of day does not move. */
long now_ms(void);

/* fork, with every stdio buffer flushed first (else the child would write
 * what the parent has pending a second time); fails the test if it cannot. */
pid_t fork_or_fail(void);

/* For a forked child, before it runs zjdash: a UTF-8 locale and xterm, the
 * English frame (ZJDASH_LANG=en: the words the tests assert; a test of the
 * Chinese one passes --lang zh), and none of the caller's NO_COLOR, ESCDELAY
 * or other ZJDASH_* settings, and no configuration file (XDG_CONFIG_HOME
 * where none can be), so that a test does not depend on the shell it runs
 * in or the home it runs from; then the test's own changes,
 * NAME=VALUE (NAME= unsets; NAME alone sets it to the empty string). */
void child_environment(const char *const *env);

/* The whole file into out ("" when it is empty or cannot be opened); whether
 * it could be opened. */
bool read_file(const char *path, buf *out);

/* The dataset at path, or NULL with the loader's message on standard error:
 * for a group setup, which can only fail, not say why. */
dataset *load_dataset(const char *path);

/* Tests name places and organisations as a user does, by name; a missing
 * one fails the test plainly. */
uint32_t entity_named(const dataset *ds, const char *name);

#endif

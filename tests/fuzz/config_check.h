/* What the configuration file's parser (tui/config.h) must do with any
 * bytes, checked by the libFuzzer target fuzz_config.c and replayed by
 * tests/unit/test_fuzz_corpus.c. */
#ifndef ZJDASH_FUZZ_CONFIG_CHECK_H
#define ZJDASH_FUZZ_CONFIG_CHECK_H

#include <stddef.h>
#include <stdint.h>

/* The bytes are a configuration file. check_failed is called (and must not
 * return) when the parser does what it must not: a problem said with a byte
 * a terminal would act on or with invalid UTF-8 (in either language), a
 * configuration that --print-config writes and that reads back otherwise or
 * with problems. */
void config_check(const uint8_t *data, size_t size, void (*check_failed)(const char *why));

#endif

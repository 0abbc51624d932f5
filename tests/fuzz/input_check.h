/* What the key decoder (tui/input.h) must do with any bytes, checked by the
 * libFuzzer target fuzz_input.c and replayed by tests/unit/test_fuzz_corpus.c. */
#ifndef ZJDASH_FUZZ_INPUT_CHECK_H
#define ZJDASH_FUZZ_INPUT_CHECK_H

#include <stddef.h>
#include <stdint.h>

/* The first byte chooses: bit 0, whether the terminal reports the mouse;
 * the other bits, how the rest is cut into reads (0: a byte a read). The
 * rest is what the terminal sends. check_failed is called (and must not
 * return) when the decoder does what it must not. */
void input_check(const uint8_t *data, size_t size, void (*check_failed)(const char *why));

#endif

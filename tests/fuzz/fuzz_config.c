/* libFuzzer harness: see config_check.h for what the bytes are and what is
 * checked. Build and run it with `make fuzz` (tests/fuzz/fuzz.mk). */
#include <stdio.h>
#include <stdlib.h>

#include "config_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *message)
{
    fprintf(stderr, "fuzz_config: check failed: %s\n", message);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    config_check(data, size, fail);
    return 0;
}

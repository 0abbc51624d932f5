/* libFuzzer harness: see input_check.h for what the bytes are and what is
 * checked. Build and run it with `make fuzz` (tests/fuzz/fuzz.mk). */
#include <stdio.h>
#include <stdlib.h>

#include "input_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *message)
{
    fprintf(stderr, "fuzz_input: check failed: %s\n", message);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input_check(data, size, fail);
    return 0;
}

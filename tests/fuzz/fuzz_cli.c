/* libFuzzer harness: see cli_check.h for what the bytes are and what is
 * checked. Build and run it with `make fuzz` (tests/fuzz/fuzz.mk). */
#include <stdio.h>
#include <stdlib.h>

#include "cli_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *message)
{
    fprintf(stderr, "fuzz_cli: check failed: %s\n", message);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cli_check(data, size, fail);
    return 0;
}

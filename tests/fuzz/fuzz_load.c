/* libFuzzer harness: any bytes as a dataset file, through the loader and, when
 * they load, through every operation of the model and the batch output (see
 * exercise.h). A failed check aborts, so that libFuzzer keeps the input. Build
 * and run it with `make fuzz` (tests/fuzz/Makefile.fragment). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *message)
{
    fprintf(stderr, "fuzz_load: check failed: %s\n", message);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Exactly size bytes and no NUL after them, so that AddressSanitizer sees
     * any read past the end. */
    char *copy = malloc(size);
    if (!copy && size)
        abort();
    if (size)
        memcpy(copy, data, size);
    exercise(copy, size, fail);
    free(copy);
    return 0;
}

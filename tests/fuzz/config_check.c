#include "config_check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "lang.h"
#include "text.h"

/* A line a terminal shows as it is: valid UTF-8, no control character but
 * the newlines that end the lines. */
static bool shown_as_is(const buf *b)
{
    for (size_t i = 0; i < b->len;) {
        uint32_t cp;
        size_t k = text_decode(b->data + i, b->len - i, &cp);
        if (!k || (cp < 0x20 && cp != '\n') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
            return false;
        i += k;
    }
    return true;
}

/* A file name with an escape in it: the messages carry it, sanitised. */
#define FILE_NAME "cfg\033[31m"

void config_check(const uint8_t *data, size_t size, void (*check_failed)(const char *why))
{
    /* a block of exactly the file's size: a read past its end is seen */
    char *text = malloc(size ? size : 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    struct config *c = malloc(sizeof *c), *back = malloc(sizeof *back);
    struct config_problems *p = calloc(1, sizeof *p), *again = calloc(1, sizeof *again);
    if (!c || !back || !p || !again)
        abort();
    config_defaults(c);
    config_parse(text, size, c, p);
    const char *why = NULL;
    buf said, printed;
    buf_init(&said);
    buf_init(&printed);
    for (int l = 0; l < 2 && !why; l++) {
        lang_set(l ? LANG_EN : LANG_ZH);
        buf_clear(&said);
        config_describe(&said, FILE_NAME, p);
        config_describe_first(&said, FILE_NAME, p);
        if (!shown_as_is(&said))
            why = "a problem is said with a control character or invalid UTF-8";
    }
    config_print(&printed, c, FILE_NAME);
    if (!why && !shown_as_is(&printed))
        why = "--print-config writes a control character or invalid UTF-8";
    config_defaults(back);
    config_parse(printed.data, printed.len, back, again);
    if (!why && again->count)
        why = "what --print-config writes reads back with problems";
    if (!why && memcmp(back, c, sizeof *c))
        why = "what --print-config writes reads back as another configuration";
    if (why)
        fprintf(stderr, "said:\n%s\nprinted:\n%s\n", said.data ? said.data : "",
                printed.data ? printed.data : "");
    buf_free(&said);
    buf_free(&printed);
    free(text);
    free(c);
    free(back);
    free(p);
    free(again);
    if (why)
        check_failed(why);
}

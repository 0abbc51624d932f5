/* A growable byte string, always NUL-terminated. */
#ifndef ZJDASH_BUF_H
#define ZJDASH_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data;
    size_t len;
    size_t cap;
} buf;

void buf_init(buf *b);
void buf_free(buf *b);
void buf_clear(buf *b);
/* Makes room for extra more bytes at once, when their number is known. */
void buf_reserve(buf *b, size_t extra);
void buf_put(buf *b, const void *bytes, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_repeat(buf *b, const char *s, int times);
/* Only ever called with literal formats: data never becomes a format. */
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hands the string to the caller and leaves b empty. */
char *buf_take(buf *b);

#endif

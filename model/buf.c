#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* A buf on the stack starts empty and owns nothing until something is put in it. */
void buf_init(buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

/* Leaves b empty again, so that a freed buf may be reused or freed twice. */
void buf_free(buf *b)
{
    free(b->data);
    buf_init(b);
}

/* Reused scratch bufs keep their memory: loops over a million cells allocate once. */
void buf_clear(buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = 0;
}

/* Callers that write into data directly (vsnprintf) make their room first. */
void buf_reserve(buf *b, size_t extra)
{
    b->data = mem_grow(b->data, &b->cap, b->len + extra + 1, 1);
}

/* Every append ends here, so that data is always a C string, "" even when nothing was put. */
void buf_put(buf *b, const void *bytes, size_t n)
{
    if (!n && b->data)
        return;
    buf_reserve(b, n);
    if (!n) { /* still a string: "" rather than NULL */
        b->data[b->len] = 0;
        return;
    }
    memcpy(b->data + b->len, bytes, n);
    b->len += n;
    b->data[b->len] = 0;
}

/* Most text appended is a C string already. */
void buf_puts(buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

/* Separators and quotes are single characters. */
void buf_putc(buf *b, char c)
{
    buf_put(b, &c, 1);
}

/* Padding and indentation repeat a string, often a wide one, a number of times. */
void buf_repeat(buf *b, const char *s, int times)
{
    for (int i = 0; i < times; i++)
        buf_puts(b, s);
}

/* Formatted text of any length, measured first, so that nothing is ever cut. */
void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return;
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

/* buf_vprintf for callers with the arguments in hand. */
void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

/* A buf built up becomes a plain string its new owner frees; never NULL. */
char *buf_take(buf *b)
{
    if (!b->data) {
        buf_reserve(b, 0);
        b->data[0] = 0;
    }
    char *s = b->data;
    buf_init(b);
    return s;
}

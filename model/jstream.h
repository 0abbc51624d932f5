/* Reads one JSON document in a single pass through a small sliding window, so
 * that a file far larger than memory's comfort can be loaded one element at a
 * time. It validates strictly as it goes (RFC 8259 grammar, UTF-8, no control
 * characters, paired surrogates, bounded nesting and sizes) and knows where it
 * is, so every error is one line: FILE:LINE:COLUMN: PATH: message.
 *
 * The caller walks the outer structure with begin/next calls and takes each
 * element it wants as a tree of cJSON nodes built as its bytes are validated
 * (jstream_tree), or as the validated span of bytes, then releases it so the
 * window can move on. */
#ifndef ZJDASH_JSTREAM_H
#define ZJDASH_JSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "jtree.h"

#define JSTREAM_MAX_DEPTH 64
#define JSTREAM_MAX_STRING (1u << 20)
#define JSTREAM_MAX_VALUE (16u << 20)

typedef struct jstream jstream;

/* A step below a value: a member (by key and occurrence, 1 for the first) or
 * an array element (by index); used to point into a value already read. */
typedef struct jstream_step {
    const char *key; /* NULL for an array index */
    size_t index;    /* element index, or occurrence of key (1 = first) */
} jstream_step;

jstream *jstream_open_fd(int fd, const char *name);
jstream *jstream_open_mem(const char *data, size_t len, const char *name);
void jstream_free(jstream *js);
/* A pipe may stall for as long as its writer likes: while a read of one
 * waits, wait(user) is called every JSTREAM_WAIT_MS, so that a loading
 * screen can draw and hear a key; when it returns false the read stops and
 * the document fails. Regular files never wait. */
#define JSTREAM_WAIT_MS 50
/* Bytes read from the descriptor so far: a pipe has no offset to ask. */
uint64_t jstream_bytes_read(const jstream *js);
void jstream_on_wait(jstream *js, bool (*wait)(void *user), void *user);

/* Each returns false once anything has failed; the error is then set. */
bool jstream_begin_object(jstream *js);
/* Reads the next member's key and its colon: 1, or 0 at the closing brace, or -1. */
int jstream_next_member(jstream *js, const char **key, size_t *key_len);
bool jstream_begin_array(jstream *js);
/* Moves to the next element: 1, or 0 at the closing bracket, or -1. */
int jstream_next_element(jstream *js);
/* Reads and validates one whole value; *start stays valid until the next release. */
bool jstream_value(jstream *js, const char **start, size_t *len);
/* jstream_value, and the value's tree built as it is read (see jtree.h), in
 * *tree until the arena is reset. */
bool jstream_tree(jstream *js, jtree_arena *a, cJSON **tree);
/* Everything read so far may be forgotten. */
void jstream_release(jstream *js);
/* After the top-level value: only white space may follow. */
bool jstream_end(jstream *js);

/* Finds, inside the value last read by jstream_value, the place the steps lead
 * to (no steps: the value itself): the start and length of that value, or with
 * at_key of the member's key. False if the steps lead nowhere. */
bool jstream_locate(jstream *js, const jstream_step *steps, size_t nsteps, bool at_key,
                    const char **at, size_t *len);
/* Reports an error at `at` (a place inside the current window), naming the
 * current path followed by the steps. */
void jstream_fail_at(jstream *js, const char *at, const jstream_step *steps, size_t nsteps,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Reports an error at the start of the object of the outer structure that
 * jstream_next_member last closed (for a member it lacked). */
void jstream_fail_at_closed(jstream *js, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports an error at the key of the current member of the innermost object. */
void jstream_fail_at_key(jstream *js, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Whether the failure was reading the file (not what it says). */
bool jstream_unreadable(const jstream *js);
const char *jstream_error(const jstream *js);

/* Appends a short, terminal-safe description of the JSON value at s (valid,
 * len bytes): `a string "abc"`, `the number 12`, `an object`, `true`, ... */
void jstream_describe(buf *out, const char *s, size_t len);

#endif

/* y and Y: what is selected, copied to the user's clipboard over SSH with
 * the terminal's OSC 52 (iTerm2, kitty, WezTerm, Windows Terminal, xterm),
 * or written to a file where the terminal is known not to take it. */
#ifndef ZJDASH_COPY_H
#define ZJDASH_COPY_H

#include <stdbool.h>

#include "app.h"
#include "buf.h"

/* OSC 52 payloads past this are refused by some terminals: a file instead. */
#define COPY_MAX_BYTES 65536

/* The selected row's first cell (y) or its every cell, tab-separated (Y),
 * as shown: into a->copy, for the terminal to send after the key. */
void copy_selection(app *a, bool whole_row);
/* On a page: the selected line (y); or (Y) a record's quote, as the report
 * words it, and on any other page the whole page as text. */
void copy_page(app *a, bool whole);
/* The escape sequence that puts text on the clipboard: OSC 52, base64, BEL. */
void copy_osc52(buf *out, const char *text, size_t len);
/* After the key: the clipboard, or a file beside the pictures where the
 * terminal is known to take none (the Linux console, a VT100, a dumb
 * terminal), the text is over COPY_MAX_BYTES, or ZJDASH_COPY_TO_FILE or
 * copy = file asks for one; the status line says which, and why. */
void copy_deliver(app *a, const char *term, buf *to_terminal);

#endif

#!/bin/sh
# Writes, on standard output, a C file that holds the bytes of FILE as the
# built-in dataset (see tui/builtin.h).
set -eu
[ $# -eq 1 ] || { echo "usage: tools/embed.sh FILE" >&2; exit 2; }
echo "/* Generated from $1 by tools/embed.sh: do not edit. */"
echo '#include "builtin.h"'
echo ''
echo 'const unsigned char zjdash_builtin_data[] = {'
od -An -v -tx1 "$1" | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'
echo '0};'
echo ''
echo '/* The NUL above is not part of the data. */'
echo 'const size_t zjdash_builtin_size = sizeof zjdash_builtin_data - 1;'

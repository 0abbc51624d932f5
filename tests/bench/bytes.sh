#!/bin/sh
# The over-SSH part of `make bench`: bytes per key through a pseudo-terminal,
# on a 10,000-record table, beside less -S on the same rows.
#   tests/bench/bytes.sh ZJDASH BINDIR DATADIR
set -eu
zjdash=$1
bin=$2
dir=$3
mkdir -p "$dir"
data="$dir/records-10000-1.json"
if [ ! -s "$data" ] || [ "$bin/gen" -nt "$data" ]; then
    "$bin/gen" 10000 1 > "$data.tmp"
    mv "$data.tmp" "$data"
fi
"$zjdash" --dump txt "$data" > "$data.txt"
"$bin/bytes" "$zjdash" "$data" "$data.txt"

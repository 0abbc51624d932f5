#!/bin/sh
# Runs the benchmarks of `make bench` on synthetic datasets of the sizes given
# (records, over four tables of different shapes), made by gen once and kept
# in DATADIR: loading, sorting and filtering inside the process (bench, beside
# cJSON's tree and qsort), then what a user feels through a pseudo-terminal
# (keys, beside less -S on the same rows).
#   tests/bench/run.sh ZJDASH BINDIR DATADIR SIZE...
set -eu
zjdash=$1
bin=$2
dir=$3
shift 3
mkdir -p "$dir"
for n in "$@"; do
    file="$dir/records-$n.json"
    if [ ! -s "$file" ] || [ "$bin/gen" -nt "$file" ]; then
        echo "writing $file"
        "$bin/gen" "$n" > "$file.tmp"
        mv "$file.tmp" "$file"
    fi
    "$bin/bench" "$file"
    # less gets the same rows as text; made again only when the data changed
    if [ ! -s "$file.txt" ] || [ "$file" -nt "$file.txt" ]; then
        "$zjdash" --dump txt --tab 1 "$file" > "$file.txt"
    fi
    "$bin/keys" "$zjdash" "$file" "$file.txt"
    echo
done

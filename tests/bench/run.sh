#!/bin/sh
# Runs the benchmarks of `make bench` on synthetic datasets of the sizes given
# (records; one table each), made by gen once and kept under build/.
#   tests/bench/run.sh BINDIR SIZE...
set -eu
bin=$1
shift
dir=build/bench-data
mkdir -p "$dir"
for n in "$@"; do
    file="$dir/records-$n.json"
    if [ ! -s "$file" ] || [ "$bin/gen" -nt "$file" ]; then
        echo "writing $file"
        "$bin/gen" "$n" 1 > "$file.tmp"
        mv "$file.tmp" "$file"
    fi
    "$bin/bench" "$file"
    echo
done

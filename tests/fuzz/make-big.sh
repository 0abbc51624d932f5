#!/bin/sh
# Writes a dataset whose meta.title is one string of 100 MB of 'a' (far over
# the 1 MiB a string may have) to FILE, for `make fuzz`: too big to keep in git.
#   tests/fuzz/make-big.sh FILE [BYTES]
set -eu
out=$1
bytes=${2:-104857600}
tmp="$out.tmp"
{
    printf '{"format":"zjdash/1.0","meta":{"title":"'
    head -c "$bytes" /dev/zero | tr '\0' a
    printf '","publisher":"p","published":"2024-02-01"},"themes":[]}\n'
} > "$tmp"
mv "$tmp" "$out"

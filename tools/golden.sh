#!/bin/sh
# make golden: makes every golden file of tests/golden/LIST again with ZJDASH,
# the way test_snapshot makes them to compare (LIST says how), and says which
# files changed. A golden whose zjdash fails is left as it is, and this fails.
#   tools/golden.sh ZJDASH LIST
set -eu
[ $# -eq 2 ] || { echo "usage: tools/golden.sh ZJDASH LIST" >&2; exit 2; }
zjdash=$1
list=$2
dir=$(dirname "$list")
case $zjdash in /*) ;; *) zjdash=./$zjdash ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zjdash-golden-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The environment test_snapshot gives zjdash (tests/support: child_environment).
run() {
    env -u LC_ALL -u LC_CTYPE -u NO_COLOR -u ESCDELAY -u ZJDASH_SNAPSHOT_DIR \
        -u ZJDASH_NO_MOUSE -u ZJDASH_SNAPSHOT_FORMAT -u SOURCE_DATE_EPOCH \
        -u ZJDASH_COPY_TO_FILE XDG_CONFIG_HOME=/dev/null/zjdash-tests-read-no-configuration \
        TERM=xterm-256color LANG=C.UTF-8 ZJDASH_LANG=en "$zjdash" "$@"
}

set -f # the arguments are words, not patterns
status=0 names=" LIST "
while IFS= read -r line || [ -n "$line" ]; do
    case $line in '#'* | '') continue ;; esac
    # shellcheck disable=SC2086 # one word per argument, by design
    set -- $line
    name=$1
    shift
    case $name in */* | .* | LIST)
        echo "$list: $name: a golden is a plain file name in $dir" >&2
        status=1
        continue ;;
    esac
    names="$names$name "
    out="$tmp/$name"
    snapshot=0 prev="" n=$#
    # The arguments again, with @ after --snapshot made the file to compare.
    while [ "$n" -gt 0 ]; do
        a=$1
        shift
        if [ "$prev" = --snapshot ] && [ "$a" = @ ]; then
            a="$out"
            snapshot=1
        fi
        set -- "$@" "$a"
        prev=$a
        n=$((n - 1))
    done
    if [ "$snapshot" -eq 1 ]; then
        run "$@" > "$tmp/stdout" 2> "$tmp/stderr" && st=0 || st=$?
    else
        run "$@" > "$out" 2> "$tmp/stderr" && st=0 || st=$?
    fi
    if [ "$st" -ne 0 ] || [ ! -f "$out" ]; then
        echo "$name: zjdash $line: exit status $st:" >&2
        cat "$tmp/stderr" >&2
        status=1
        continue
    fi
    if [ ! -f "$dir/$name" ]; then
        cp "$out" "$dir/$name"
        echo "$dir/$name: new"
    elif ! cmp -s "$out" "$dir/$name"; then
        cp "$out" "$dir/$name"
        echo "$dir/$name: changed"
    fi
done < "$list"
set +f

# What changed against the last commit, and what LIST no longer names.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git diff --stat -- "$dir"
    git ls-files --others --exclude-standard -- "$dir" | while IFS= read -r f; do
        case $names in *" $(basename "$f") "*) echo "$f: new, not in git yet: git add it" ;; esac
    done
fi
for f in "$dir"/*; do
    case $names in
    *" $(basename "$f") "*) ;;
    *) echo "$f: not in $list, so neither made nor compared (git rm it if it is no longer wanted)" ;;
    esac
done
exit $status

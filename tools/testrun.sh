#!/bin/sh
# How make check runs its programs side by side and still reads well: each
# program's output goes to a log file, and one line is printed when it ends
# (the whole log before it if it failed); at the end, one count for them all.
#
#   tools/testrun.sh one DIR LABEL COMMAND [ARG...]
#       runs COMMAND with its output in DIR/LABEL.log (a / in LABEL becomes
#       a -) and its result in DIR/LABEL.result; always exits 0, so that make
#       goes on with the other programs.
#   tools/testrun.sh summary DIR LABEL...
#       prints the programs that failed or did not run, then the closing line
#       "N passed, N failed"; exits 1 if anything failed or did not run.
#
# The counts are cmocka's "[  PASSED  ] N test(s)." and "[  FAILED  ] N
# test(s)" lines, summed. A program that prints no such line (the fuzzer, the
# man page's lint) counts as one test; one that exits non-zero with no failed
# test (a crash, a sanitizer's report after the last test) counts as one failed.
set -u

count() { # the sum of the numbers on the lines of $2 that start with $1
    grep -a "^\[  $1  \] [0-9]* test" "$2" | awk '{ n += $4 } END { print n + 0 }'
}

case "${1:-}" in
one)
    dir=$2 label=$3
    shift 3
    name=$(printf '%s' "$label" | tr / -)
    log="$dir/$name.log"
    mkdir -p "$dir"
    start=$(date +%s)
    "$@" > "$log" 2>&1 < /dev/null
    status=$?
    end=$(date +%s)
    seconds=$((end - start))
    passed=$(count PASSED "$log")
    failed=$(count FAILED "$log")
    if ! grep -aq '^\[  PASSED  \]' "$log" && ! grep -aq '^\[  FAILED  \]' "$log"; then
        [ "$status" -eq 0 ] && passed=1
    fi
    [ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
    # (start and end: to see how the programs shared the machine)
    echo "$status $passed $failed $seconds $start $end" > "$dir/$name.result"
    if [ "$status" -eq 0 ]; then
        printf '  ok    %-28s %4d passed %5d s\n' "$label" "$passed" "$seconds"
    else
        # One write, so that the log is not cut by another program's line.
        {
            printf '==== %s: exit status %d; its output (%s):\n' "$label" "$status" "$log"
            cat "$log"
            printf '  FAIL  %-28s %4d passed %4d failed %5d s  (%s)\n' \
                "$label" "$passed" "$failed" "$seconds" "$log"
        } > "$dir/$name.report"
        cat "$dir/$name.report"
    fi
    exit 0
    ;;
summary)
    dir=$2
    shift 2
    passed=0 failed=0 bad=""
    for label in "$@"; do
        name=$(printf '%s' "$label" | tr / -)
        if [ ! -f "$dir/$name.result" ]; then
            bad="$bad $label(did not run)"
            failed=$((failed + 1))
            continue
        fi
        read -r status p f _ < "$dir/$name.result"
        passed=$((passed + p))
        failed=$((failed + f))
        [ "$status" -ne 0 ] && bad="$bad $label"
    done
    [ -n "$bad" ] && echo "failed:$bad (logs in $dir)"
    echo "$passed passed, $failed failed"
    [ -z "$bad" ]
    ;;
*)
    echo "usage: tools/testrun.sh one DIR LABEL COMMAND... | summary DIR LABEL..." >&2
    exit 2
    ;;
esac

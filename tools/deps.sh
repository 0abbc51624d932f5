#!/bin/sh
# Installs the Debian packages that one make target needs, if any are missing:
# with apt-get when run as root, otherwise by printing the command to run.
#
#   tools/deps.sh run      build and run zjdash (make run, make golden; make deps)
#   tools/deps.sh check    also every test of make check, the fuzzer included
#   tools/deps.sh fuzz     build, and the fuzzer (make fuzz)
#   tools/deps.sh bench    build, and less to compare with (make bench)
#   tools/deps.sh tables   the Unicode data the tables are made from
#                          (make width-table, make pinyin-table, make tables-check)
#
# Why each package is there (grep tests/ for the command before adding one):
#   gcc make pkg-config libncurses-dev libcjson-dev
#           the build: compiler, make, the flags of ncursesw and cJSON
#           (libncurses-dev brings libc6-dev, which gcc only recommends)
#   libcairo2-dev libpango1.0-dev  PNG, PDF and outlined SVG pictures (tui/render.c):
#           cairo draws and embeds font subsets in a PDF, Pango finds faces
#           through fontconfig and shapes (libfontconfig-dev comes with them)
#   fonts-noto-cjk     the face pictures are drawn in, Noto Sans Mono CJK SC
#           (regular and bold): a Chinese character exactly two Latin ones
#           wide. The one font installed for running (make run, make check;
#           not for fuzz or bench, which draw no pictures)
#   libcmocka-dev      every test program is a cmocka program
#   libvterm-dev       test_tui, test_faults: the terminal the dashboard is read back from
#   libpng-dev         test_snapshot reads the browser's screenshots
#   libxml2-utils      test_snapshot: xmllint says the SVG and HTML are well formed
#   chromium           test_snapshot: a real browser draws Chinese in exactly two cells
#   fonts-wqy-microhei test_snapshot: a CJK font for the browser that draws the SVG
#   fonts-wqy-zenhei   test_render: the face pictures fall back to (WenQuanYi Zen
#           Hei Mono) when Noto is not there; not installed for running, where
#           fonts-noto-cjk is
#   poppler-utils      test_render: pdftotext, pdffonts and pdfinfo read the PDFs back
#   valgrind           test_faults: descriptors and leaks of the plain build
#   mandoc             make check lints the man page
#   clang libclang-rt-dev  make check fuzzes (libFuzzer comes with clang's
#           runtime; libclang-rt-dev is Debian's name for the one of its clang)
#   less               make bench compares the bytes per key with less -S
#   unicode-data bzip2 UnicodeData.txt, EastAsianWidth.txt, Unihan_Readings.txt.bz2
#
# Not needed by anything: locales (the tests use C.UTF-8, which glibc has
# built in; test_snapshot also sets de_DE.UTF-8, which installing locales
# does not generate, so it never was there), ncurses-term (the tests use
# xterm-256color and vt100, in the essential ncurses-base), unicode-data and
# bzip2 for make check (only the table targets read the Unicode data).
set -eu

build="gcc make pkg-config libncurses-dev libcjson-dev libcairo2-dev libpango1.0-dev"
modules="ncursesw libcjson cairo pangocairo"
fuzz="clang libclang-rt-dev"
case "${1:-}" in
run) packages="$build fonts-noto-cjk" modules="$modules" commands="cc" ;;
check)
    packages="$build fonts-noto-cjk libcmocka-dev libvterm-dev libpng-dev libxml2-utils chromium fonts-wqy-microhei fonts-wqy-zenhei poppler-utils valgrind mandoc $fuzz"
    modules="$modules cmocka vterm libpng fontconfig"
    commands="cc xmllint chromium pdftotext pdffonts pdfinfo valgrind mandoc clang" ;;
fuzz) packages="$build $fuzz" modules="$modules" commands="cc clang" ;;
bench) packages="$build less" modules="$modules" commands="cc less" ;;
tables) packages="gcc make unicode-data bzip2" modules="" commands="cc bzcat" ;;
*)
    echo "usage: tools/deps.sh run|check|fuzz|bench|tables" >&2
    exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
    missing=""
    for module in $modules; do
        pkg-config --exists "$module" 2>/dev/null || missing="$missing $module"
    done
    for command in $commands; do
        command -v "$command" >/dev/null 2>&1 || missing="$missing $command"
    done
    if [ -n "$missing" ]; then
        echo "zjdash: not a Debian system, and these are missing (pkg-config modules or commands):$missing" >&2
        echo "zjdash: install their packages; the Debian names, for reference: $packages" >&2
        exit 1
    fi
    exit 0
fi

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "zjdash: installing:$missing"
    apt-get update -q
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
else
    echo "zjdash: these Debian packages are missing:$missing" >&2
    echo "zjdash: run: sudo apt-get install --no-install-recommends$missing" >&2
    exit 1
fi

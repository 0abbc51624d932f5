#!/bin/sh
# Installs the Debian packages that zjdash needs to build, run and test, if any
# are missing: with apt-get when run as root, otherwise by printing the command.
set -eu

packages="gcc make pkg-config libncurses-dev libcjson-dev libcmocka-dev unicode-data libvterm-dev mandoc less libxml2-utils libpng-dev chromium fonts-wqy-microhei bzip2 locales valgrind clang libclang-rt-14-dev"

if ! command -v dpkg-query >/dev/null 2>&1; then
    missing=""
    for module in ncursesw libcjson cmocka; do
        pkg-config --exists "$module" 2>/dev/null || missing="$missing $module"
    done
    if [ -n "$missing" ]; then
        echo "zjdash: not a Debian system and pkg-config cannot find:$missing" >&2
        echo "zjdash: install the development packages of ncursesw, cJSON and cmocka" >&2
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
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
else
    echo "zjdash: these Debian packages are missing:$missing" >&2
    echo "zjdash: run: sudo apt-get install$missing" >&2
    exit 1
fi

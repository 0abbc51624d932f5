# zjdash: a terminal dashboard over one report. See README.md.
#
#   make           build build/zjdash
#   make run       install what is missing, build, and run on the built-in dataset
#   make check     install what is missing, build, and run every test (also under
#                  AddressSanitizer and UndefinedBehaviorSanitizer)
#   make bench     load, sort and filter synthetic datasets of up to a million records
#   make install   PREFIX=/usr/local DESTDIR= : the binary and the man page
#   make width-table, make pinyin-table: regenerate the tables made from the
#                  Unicode data (Debian unicode-data)

VERSION := 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1

PKG_CONFIG ?= pkg-config
PKGS = ncursesw libcjson
B = build
BENCH_SIZES = 10000 100000 1000000

WARNINGS = -Wall -Wextra -Werror -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wold-style-definition -Wformat=2 -Wundef -Wcast-align -Wwrite-strings -Wvla \
           -Wpointer-arith -Wmissing-declarations
OPTIMIZE ?= -O2 -g
BASE_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DZJDASH_VERSION='"$(VERSION)"' \
              -Imodel -Itui -MMD -MP $(WARNINGS)
SANITIZE = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# Expanded only when a recipe runs, so after `make deps` has installed pkg-config.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka vterm libpng)
TEST_LIBS = $(shell $(PKG_CONFIG) --libs cmocka vterm libpng)

MODEL_SRC = $(sort $(wildcard model/*.c))
TUI_SRC = $(filter-out tui/main.c,$(sort $(wildcard tui/*.c)))
LIB_SRC = $(MODEL_SRC) $(TUI_SRC) $(B)/builtin.c
TEST_SRC = $(sort $(wildcard tests/unit/test_*.c))
TEST_NAMES = $(TEST_SRC:tests/unit/%.c=%)
# What the test programs share (tests/support): linked into every one of them.
SUPPORT_SRC = $(sort $(wildcard tests/support/*.c))

REL_OBJ = $(LIB_SRC:%.c=$(B)/rel/%.o)
SAN_OBJ = $(LIB_SRC:%.c=$(B)/san/%.o)
REL_TESTS = $(TEST_NAMES:%=$(B)/rel/tests/%)
SAN_TESTS = $(TEST_NAMES:%=$(B)/san/tests/%)
REL_SUPPORT = $(SUPPORT_SRC:%.c=$(B)/rel/%.o)
SAN_SUPPORT = $(SUPPORT_SRC:%.c=$(B)/san/%.o)

# Keep object files that only a final link needs, so nothing is rebuilt twice.
.SECONDARY:

# Quiet unless V=1: one line per file compiled or linked.
V ?= 0
ifeq ($(V),0)
Q = @
say = @echo "  $(1)	$(2)"
else
Q =
say =
endif

.PHONY: all deps run check test bench install uninstall clean width-table pinyin-table fuzz
.DEFAULT_GOAL := all

all: $(B)/zjdash

deps:
	@tools/deps.sh

# Sub-makes, so that nothing is compiled before deps has installed the compiler
# and libraries.
run:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	$(B)/zjdash

# make check also fuzzes for a bounded time (tests/fuzz/fuzz.mk); longer with
# make fuzz FUZZ_SECONDS=3600.
CHECK_FUZZ_SECONDS = 120
check:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory fuzz-run FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS)

bench:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory $(B)/zjdash $(B)/rel/bench/gen $(B)/rel/bench/bench $(B)/rel/bench/bytes
	tests/bench/run.sh $(B)/rel/bench $(BENCH_SIZES)
	tests/bench/bytes.sh $(B)/zjdash $(B)/rel/bench

$(B)/builtin.c: data/zhanjiang-2024.json tools/embed.sh
	@mkdir -p $(@D)
	tools/embed.sh $< > $@.tmp && mv $@.tmp $@

$(B)/rel/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(BASE_CFLAGS) $(OPTIMIZE) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

$(B)/san/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC san,$<)
	$(Q)$(CC) $(BASE_CFLAGS) $(SANITIZE) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

# The shorter stem wins: test sources also get cmocka's flags.
$(B)/rel/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(BASE_CFLAGS) $(OPTIMIZE) $(PKG_CFLAGS) $(TEST_CFLAGS) $(CFLAGS) -c $< -o $@

$(B)/san/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(call say,CC san,$<)
	$(Q)$(CC) $(BASE_CFLAGS) $(SANITIZE) $(PKG_CFLAGS) $(TEST_CFLAGS) $(CFLAGS) -c $< -o $@

$(B)/zjdash: $(B)/rel/tui/main.o $(REL_OBJ)
	$(call say,LD,$@)
	$(Q)$(CC) $(OPTIMIZE) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/san/zjdash: $(B)/san/tui/main.o $(SAN_OBJ)
	$(call say,LD,$@)
	$(Q)$(CC) $(SANITIZE) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/rel/tests/%: $(B)/rel/tests/unit/%.o $(REL_SUPPORT) $(REL_OBJ)
	$(call say,LD,$@)
	$(Q)$(CC) $(OPTIMIZE) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

$(B)/san/tests/%: $(B)/san/tests/unit/%.o $(SAN_SUPPORT) $(SAN_OBJ)
	$(call say,LD,$@)
	$(Q)$(CC) $(SANITIZE) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

$(B)/gen-width: tools/gen-width.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 $(WARNINGS) -o $@ $<

$(B)/rel/bench/bench: $(B)/rel/tests/bench/bench.o $(REL_OBJ)
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(OPTIMIZE) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/rel/bench/bytes: $(B)/rel/tests/bench/bytes.o
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(OPTIMIZE) $(LDFLAGS) -o $@ $^

$(B)/rel/bench/gen: $(B)/rel/tests/bench/gen.o
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(OPTIMIZE) $(LDFLAGS) -o $@ $^

$(B)/gen-pinyin: tools/gen-pinyin.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 $(WARNINGS) -o $@ $<

UCD = /usr/share/unicode
pinyin-table: $(B)/gen-pinyin
	bzcat $(UCD)/Unihan_Readings.txt.bz2 | $(B)/gen-pinyin > model/pinyin_table.inc

width-table: $(B)/gen-width
	$(B)/gen-width $(UCD)/UnicodeData.txt $(UCD)/EastAsianWidth.txt > model/width_table.inc

# Every test program runs from the top of the tree, once as built for use and
# once under the sanitizers; the command-line tests drive the matching binary.
test: $(REL_TESTS) $(SAN_TESTS) $(B)/zjdash $(B)/san/zjdash $(B)/gen-width $(B)/gen-pinyin
	@set -e; \
	for t in $(REL_TESTS); do echo "== $$t"; ZJDASH=$(B)/zjdash $$t; done; \
	for t in $(SAN_TESTS); do echo "== $$t (AddressSanitizer, UndefinedBehaviorSanitizer)"; \
	    ZJDASH=$(B)/san/zjdash $$t; done
	@echo "== the width table is what tools/gen-width makes of $(UCD)"
	@$(B)/gen-width $(UCD)/UnicodeData.txt $(UCD)/EastAsianWidth.txt 2>/dev/null | \
	    cmp -s - model/width_table.inc || \
	    { echo "model/width_table.inc differs from the Unicode data here: run make width-table"; exit 1; }
	@echo "== the pinyin table is what tools/gen-pinyin makes of $(UCD)"
	@bzcat $(UCD)/Unihan_Readings.txt.bz2 | $(B)/gen-pinyin 2>/dev/null | \
	    cmp -s - model/pinyin_table.inc || \
	    { echo "model/pinyin_table.inc differs from the Unihan data here: run make pinyin-table"; exit 1; }
	@echo "== the man page passes mandoc -T lint"
	@mandoc -T lint -W style man/zjdash.1
	@echo "all tests passed"

install: $(B)/zjdash
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)
	install -m 0755 $(B)/zjdash $(DESTDIR)$(BINDIR)/zjdash
	install -m 0644 man/zjdash.1 $(DESTDIR)$(MANDIR)/zjdash.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/zjdash $(DESTDIR)$(MANDIR)/zjdash.1

clean:
	rm -rf $(B)

include tests/fuzz/fuzz.mk

-include $(shell find $(B) -name '*.d' 2>/dev/null)

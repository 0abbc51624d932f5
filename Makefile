# zjdash: a terminal dashboard over one report. See README.md.
#
#   make           build build/zjdash
#   make run       install what building and running need, build, and run on
#                  the built-in dataset
#   make check     install what the tests need, build, and run every test (also
#                  under AddressSanitizer and UndefinedBehaviorSanitizer) side by
#                  side, JOBS at a time, and fuzz for CHECK_FUZZ_SECONDS
#   make soak      the dashboard under keys, clicks, resizes and pictures for
#                  SOAK_SECONDS (600), its memory watched (tests/soak/soak.c)
#   make fuzz      fuzz every parser for FUZZ_SECONDS each (tests/fuzz/fuzz.mk)
#   make bench     load, sort and filter synthetic datasets of up to a million records
#   make install   PREFIX=/usr/local DESTDIR= : the binary and the man pages
#                  (English, and Chinese under share/man/zh_CN)
#   make golden    regenerate tests/golden/ from tests/golden/LIST
#   make width-table, make pinyin-table: regenerate the tables made from the
#                  Unicode data (Debian unicode-data); make tables-check: say
#                  whether the committed ones are what the data here gives

VERSION := 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
# The Chinese translation of the man page: man -L zh_CN zjdash, or under a
# zh_CN locale man zjdash.
MANDIR_ZH = $(PREFIX)/share/man/zh_CN/man1

PKG_CONFIG ?= pkg-config
PKGS = ncursesw libcjson cairo pangocairo
B = build
# Records in each dataset of `make bench` (four tables of different shapes; about 530
# bytes a record in the file).
BENCH_SIZES = 100000 200000 1000000

WARNINGS = -Wall -Wextra -Werror -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wold-style-definition -Wformat=2 -Wundef -Wcast-align -Wwrite-strings -Wvla \
           -Wpointer-arith -Wmissing-declarations
OPTIMIZE ?= -O2 -g
BASE_CFLAGS = -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -DZJDASH_VERSION='"$(VERSION)"' \
              -Imodel -Itui -I$(B) -MMD -MP $(WARNINGS)
SANITIZE = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# What the sanitizer build's tests run with: the leaks of cairo and fontconfig
# themselves are not ours to fix (tests/lsan.supp says which); GLib 2.74 keeps
# freed objects in its slice allocator, where no leak is seen, unless told to
# use malloc (a Pango layout left unfreed is then reported).
SAN_ENV = LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 G_SLICE=always-malloc
# Expanded only when a recipe runs, so after `make deps` has installed pkg-config.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm -pthread
TEST_PKGS = cmocka vterm libpng fontconfig
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS))
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS))

MODEL_SRC = $(sort $(wildcard model/*.c))
TUI_SRC = $(filter-out tui/main.c,$(sort $(wildcard tui/*.c)))
LIB_SRC = $(MODEL_SRC) $(TUI_SRC) $(B)/builtin.c $(B)/catalog.c
# The words of the program in each language (tui/lang.h): one catalogue a
# language (tools/po2c also takes several files a language, for a part of the
# program being translated apart).
PO_ZH = po/zh_CN.po
PO_EN = po/en.po
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

.PHONY: all deps run check test bench install uninstall clean width-table pinyin-table \
        tables-check golden fuzz soak
.DEFAULT_GOAL := all

all: $(B)/zjdash

# What building and running need; each target that needs more asks for it
# (tools/deps.sh run|check|fuzz|bench|tables says which package is for what).
deps:
	@tools/deps.sh run

# Sub-makes, so that nothing is compiled before deps has installed the compiler
# and libraries.
run:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	$(B)/zjdash

# make fuzz, make fuzz-min, and the fuzzer that make check runs; before the
# rules of check, which name its files.
include tests/fuzz/fuzz.mk

# make check: every test program twice (as built for use, and under ASan and
# UBSan), the man page's lint and a short fuzzing run, as independent targets
# of one make -j$(JOBS), so that they run side by side. Each writes its output
# to $(B)/check/NAME.log and prints one line when it ends (its whole log if it
# failed); the last line counts the tests of all of them: N passed, N failed.
#
# JOBS: one per core and one more. Most of the wall time is test_faults and
# test_tui waiting on a pseudo-terminal (test_faults: 35-50 s, of which 10-14 s
# of CPU), so one job more than there are cores keeps the cores busy. On the
# 2-core development machine, from a clean tree: -j2 111 s, -j3 92-96 s, -j4
# 101 s (one run each but -j3; the fuzzer then ended last), against 309-319 s
# for the old make check, one program after the other. JOBS=1: one at a time.
JOBS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
# 40 s: make check used to fuzz for 120 s, after the tests. Beside them now,
# the fuzzers' compile (15-20 s), the loader's 100 MB input (7 s) and 40 s of
# fuzzing end about when the two test_faults do (they start after the build,
# at 20-25 s, and take 45-50 s), so the fuzzing adds little wall time; each
# second more would hold one of the two cores a second longer. The 40 s are
# shared, one fuzzer after the other: 22 s for the loader (about 22,000 runs:
# each input goes through the whole model), 6 s each for the key decoder, the
# command line and the configuration file, whose inputs are small and quick
# (the first two made 230,000 and 280,000 runs in 8 s; in 45 s a million more
# found nothing new). Each starts
# from its seeds, its kept findings and the corpus earlier runs left in
# $(B)/fuzz-corpus*, so short runs add up. Every kept finding is also
# replayed, one test each, by test_fuzz_corpus in both builds. Longer: make
# fuzz FUZZ_SECONDS=3600 (each target that long).
CHECK_FUZZ_SECONDS = 40
CHECK_FUZZ_SPLIT = FUZZ_SECONDS_load=$$(( $(CHECK_FUZZ_SECONDS) * 11 / 20 )) \
                   FUZZ_SECONDS_input=$$(( $(CHECK_FUZZ_SECONDS) * 3 / 20 )) \
                   FUZZ_SECONDS_cli=$$(( $(CHECK_FUZZ_SECONDS) * 3 / 20 )) \
                   FUZZ_SECONDS_config=$$(( $(CHECK_FUZZ_SECONDS) * 3 / 20 ))
CHECK_DIR = $(B)/check
# The slowest first (measured), so that no long program starts last and runs
# alone; then the others in name order.
CHECK_SLOW = fuzz san/test_faults rel/test_faults soak san/test_properties san/test_tui \
             rel/test_tui san/test_text san/test_snapshot san/test_view
CHECK_ALL = $(CHECK_SLOW) $(filter-out $(CHECK_SLOW),$(TEST_NAMES:%=rel/%) $(TEST_NAMES:%=san/%) man)
CHECK_TARGETS = $(CHECK_ALL:%=check/%)
TESTRUN = tools/testrun.sh one $(CHECK_DIR)

check:
	@tools/deps.sh check
	@rm -rf $(CHECK_DIR)
	@echo "make check: $(words $(CHECK_ALL)) programs, $(JOBS) at a time; logs in $(CHECK_DIR)/"
	@# Generated first: make -j defers a target whose prerequisite is being made
	@# until it has started everything else it can, and the fuzzer (one long
	@# compile, then CHECK_FUZZ_SECONDS) must start at once to end in time.
	@$(MAKE) --no-print-directory -s $(B)/builtin.c
	@$(MAKE) --no-print-directory -j$(JOBS) check-all; status=$$?; \
	    tools/testrun.sh summary $(CHECK_DIR) $(CHECK_ALL) && exit $$status

# The table generators are built (not run) so that they keep compiling.
.PHONY: check-all $(CHECK_TARGETS)
check-all: $(CHECK_TARGETS) $(B)/gen-width $(B)/gen-pinyin

# Every test program runs from the top of the tree; the command-line tests
# drive the binary of the same build.
$(TEST_NAMES:%=check/rel/%): check/rel/%: $(B)/rel/tests/% $(B)/zjdash
	@$(TESTRUN) rel/$* env ZJDASH=$(B)/zjdash $<

# (test_faults runs the plain build under valgrind, from either build.)
$(TEST_NAMES:%=check/san/%): check/san/%: $(B)/san/tests/% $(B)/san/zjdash $(B)/zjdash
	@$(TESTRUN) san/$* env ZJDASH=$(B)/san/zjdash $(SAN_ENV) $<

check/man:
	@$(TESTRUN) man mandoc -T lint -W style man/zjdash.1 man/zh_CN/zjdash.1

# The fuzzers and the big input are built here, beside the rest; the sub-make
# only runs them.
check/fuzz: $(FUZZ_BINS) $(FUZZ_BIG)
	@$(TESTRUN) fuzz $(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) \
	    fuzz-run $(CHECK_FUZZ_SPLIT)

# The soak (tests/soak/soak.c): the sanitizer build under keys, clicks, resizes
# and pictures for CHECK_SOAK_SECONDS, its memory watched. 20 s: it waits on
# the terminal most of the time and the program it drives takes a core, and
# 20 s beside the tests ends before the two test_faults do; make soak is the
# long one.
CHECK_SOAK_SECONDS = 20
check/soak: $(B)/rel/soak/soak $(B)/san/zjdash
	@$(TESTRUN) soak env ZJDASH=$(B)/san/zjdash $(SAN_ENV) SOAK_SECONDS=$(CHECK_SOAK_SECONDS) $<

# One after the other, everything on the terminal, no fuzzing (the old make check).
test: $(REL_TESTS) $(SAN_TESTS) $(B)/zjdash $(B)/san/zjdash
	@set -e; \
	for t in $(REL_TESTS); do echo "== $$t"; ZJDASH=$(B)/zjdash $$t; done; \
	for t in $(SAN_TESTS); do echo "== $$t (AddressSanitizer, UndefinedBehaviorSanitizer)"; \
	    ZJDASH=$(B)/san/zjdash $(SAN_ENV) $$t; done
	@echo "== the man pages pass mandoc -T lint"
	@mandoc -T lint -W style man/zjdash.1 man/zh_CN/zjdash.1
	@echo "all tests passed"

# The goldens of test_snapshot, made again by the binary as it is now; read
# the diff (git diff tests/golden) before committing it.
golden:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory $(B)/zjdash
	@tools/golden.sh $(B)/zjdash tests/golden/LIST

# make soak: the soak for SOAK_SECONDS (ten minutes); SOAK_SEED=N replays a
# run whose seed a failure printed.
SOAK_SECONDS ?= 600
soak:
	@tools/deps.sh check
	@$(MAKE) --no-print-directory $(B)/rel/soak/soak $(B)/san/zjdash
	env ZJDASH=$(B)/san/zjdash $(SAN_ENV) SOAK_SECONDS=$(SOAK_SECONDS) $(B)/rel/soak/soak

$(B)/rel/soak/soak: $(B)/rel/tests/soak/soak.o $(REL_SUPPORT) $(REL_OBJ)
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(OPTIMIZE) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

bench:
	@tools/deps.sh bench
	@$(MAKE) --no-print-directory $(B)/zjdash $(B)/rel/bench/gen $(B)/rel/bench/bench $(B)/rel/bench/bytes \
	    $(B)/rel/bench/keys
	tests/bench/run.sh $(B)/zjdash $(B)/rel/bench $(B)/bench-data $(BENCH_SIZES)
	tests/bench/bytes.sh $(B)/zjdash $(B)/rel/bench $(B)/bench-data

$(B)/builtin.c: data/zhanjiang-2024.json tools/embed.sh
	@mkdir -p $(@D)
	tools/embed.sh $< > $@.tmp && mv $@.tmp $@

$(B)/po2c: tools/po2c.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) -std=c11 -O2 $(WARNINGS) -o $@ $<

# The catalogue is made before anything is compiled: every file may use it.
$(B)/catalog.h: $(B)/po2c $(PO_ZH) $(PO_EN)
	$(call say,PO2C,$@)
	$(Q)$(B)/po2c header $@.tmp $(PO_ZH) -- $(PO_EN) && mv $@.tmp $@

$(B)/catalog.c: $(B)/po2c $(B)/catalog.h $(PO_ZH) $(PO_EN)
	$(call say,PO2C,$@)
	$(Q)$(B)/po2c source $@.tmp $(PO_ZH) -- $(PO_EN) && mv $@.tmp $@

$(B)/rel/%.o: %.c | $(B)/catalog.h
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(BASE_CFLAGS) $(OPTIMIZE) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

$(B)/san/%.o: %.c | $(B)/catalog.h
	@mkdir -p $(@D)
	$(call say,CC san,$<)
	$(Q)$(CC) $(BASE_CFLAGS) $(SANITIZE) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

# The shorter stem wins: test sources also get cmocka's flags.
$(B)/rel/tests/%.o: tests/%.c | $(B)/catalog.h
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(BASE_CFLAGS) $(OPTIMIZE) $(PKG_CFLAGS) $(TEST_CFLAGS) $(CFLAGS) -c $< -o $@

$(B)/san/tests/%.o: tests/%.c | $(B)/catalog.h
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
	$(call say,CC,$<)
	$(Q)$(CC) -std=c11 -O2 $(WARNINGS) -o $@ $<

$(B)/rel/bench/bench: $(B)/rel/tests/bench/bench.o $(REL_OBJ)
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(OPTIMIZE) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/rel/bench/bytes: $(B)/rel/tests/bench/bytes.o
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(OPTIMIZE) $(LDFLAGS) -o $@ $^

$(B)/rel/bench/keys: $(B)/rel/tests/bench/keys.o
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(OPTIMIZE) $(LDFLAGS) -o $@ $^

$(B)/rel/bench/gen: $(B)/rel/tests/bench/gen.o
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(OPTIMIZE) $(LDFLAGS) -o $@ $^

$(B)/gen-pinyin: tools/gen-pinyin.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) -std=c11 -O2 $(WARNINGS) -o $@ $<

# The tables made from the host's Unicode data (Debian unicode-data). Not part
# of make check: another distribution's data, older or newer, would fail it
# with nothing wrong in zjdash. Regenerate them when the Unicode version moves
# on, and commit the diff; tables-check says whether they are up to date here.
UCD = /usr/share/unicode
$(B)/tables/width_table.inc: $(B)/gen-width
	@mkdir -p $(@D)
	$(B)/gen-width $(UCD)/UnicodeData.txt $(UCD)/EastAsianWidth.txt $(UCD)/DerivedCoreProperties.txt \
	    > $@.tmp && mv $@.tmp $@

$(B)/tables/pinyin_table.inc: $(B)/gen-pinyin
	@mkdir -p $(@D)
	bzcat $(UCD)/Unihan_Readings.txt.bz2 > $(@D)/Unihan_Readings.txt
	$(B)/gen-pinyin < $(@D)/Unihan_Readings.txt > $@.tmp && mv $@.tmp $@

# (.PHONY does not reach the generated files: they are remade every time.)
.PHONY: $(B)/tables/width_table.inc $(B)/tables/pinyin_table.inc

width-table pinyin-table:
	@tools/deps.sh tables
	@$(MAKE) --no-print-directory $(B)/tables/$(subst -,_,$@).inc
	@cmp -s $(B)/tables/$(subst -,_,$@).inc model/$(subst -,_,$@).inc && \
	    echo "model/$(subst -,_,$@).inc: unchanged" || \
	    { cp $(B)/tables/$(subst -,_,$@).inc model/$(subst -,_,$@).inc; \
	      echo "model/$(subst -,_,$@).inc: regenerated; review git diff model/$(subst -,_,$@).inc"; }

tables-check:
	@tools/deps.sh tables
	@$(MAKE) --no-print-directory $(B)/tables/width_table.inc $(B)/tables/pinyin_table.inc
	@status=0; for t in width pinyin; do \
	    if cmp -s $(B)/tables/$${t}_table.inc model/$${t}_table.inc; then \
	        echo "model/$${t}_table.inc is what the Unicode data in $(UCD) gives"; \
	    else \
	        diff -u model/$${t}_table.inc $(B)/tables/$${t}_table.inc | head -40; \
	        echo "model/$${t}_table.inc differs from what the Unicode data in $(UCD) gives" \
	             "(above, the first lines of the diff): make $$t-table"; status=1; \
	    fi; \
	done; exit $$status

install: $(B)/zjdash
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(MANDIR_ZH)
	install -m 0755 $(B)/zjdash $(DESTDIR)$(BINDIR)/zjdash
	install -m 0644 man/zjdash.1 $(DESTDIR)$(MANDIR)/zjdash.1
	install -m 0644 man/zh_CN/zjdash.1 $(DESTDIR)$(MANDIR_ZH)/zjdash.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/zjdash $(DESTDIR)$(MANDIR)/zjdash.1 $(DESTDIR)$(MANDIR_ZH)/zjdash.1

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

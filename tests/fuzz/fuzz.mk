# make fuzz: coverage-guided fuzzing of the loader and of everything a loaded
# dataset goes through (tests/fuzz/fuzz_load.c, checks in tests/fuzz/exercise.c),
# with libFuzzer, AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer.
#
#   make fuzz                      fuzz for FUZZ_SECONDS (60) seconds
#   make fuzz FUZZ_SECONDS=600
#   make fuzz-min CRASH=FILE       minimise a finding into FILE.min
#
# It seeds a corpus kept between runs in $(B)/fuzz-corpus with tests/fuzz/corpus,
# tests/fuzz/findings and a generated 100 MB string; anything it finds (crash,
# leak, timeout, out of memory, sanitizer report, failed check) is written to
# $(B)/fuzz-findings and makes it fail. Minimise a finding (make fuzz-min), name
# it for what it does and keep it in tests/fuzz/findings/: make check replays it.
#
# The Makefile includes this file after its variables (LIB_SRC, B, ...);
# make check builds $(FUZZ_BIN) and $(FUZZ_BIG) beside the tests and runs
# fuzz-run for CHECK_FUZZ_SECONDS (see the Makefile for why that long).

FUZZ_SECONDS ?= 60
# Above most seeds (data/zhanjiang-2024.json is 35 KB, 10,000 levels of nesting
# 20 KB); the 100 MB string is run whole on its own, and the unit test runs every
# seed whole.
FUZZ_MAX_LEN ?= 65536
FUZZ_CC ?= clang
# The project's flags less -Werror (clang warns of things gcc does not, and a
# warning should not stop the fuzzing) and less the dependency files.
FUZZ_CFLAGS = $(filter-out -MMD -MP -Werror,$(BASE_CFLAGS)) -g -O1 -fno-omit-frame-pointer \
              -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# The support files with no cmocka in them: what the fuzzer's checks use besides the model.
FUZZ_SUPPORT = tests/support/oracle.c tests/support/dataset_write.c tests/support/model_extra.c
FUZZ_SRC = tests/fuzz/fuzz_load.c tests/fuzz/exercise.c $(FUZZ_SUPPORT) $(LIB_SRC)
FUZZ_BIN = $(B)/fuzz/fuzz_load
FUZZ_CORPUS = $(B)/fuzz-corpus
FUZZ_FINDINGS = $(B)/fuzz-findings
FUZZ_BIG = $(FUZZ_CORPUS)/big-string-100mb.json
FUZZ_ENV = UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1
FUZZ_FLAGS = -rss_limit_mb=4096 -artifact_prefix=$(FUZZ_FINDINGS)/

.PHONY: fuzz fuzz-deps fuzz-run fuzz-min

# Sub-makes, as for check: nothing is compiled before the packages are there
# (tools/deps.sh fuzz: the build's and clang with its libFuzzer runtime).
# (-f: the same makefile, also when it is not ./Makefile.)
FUZZ_MAKE = $(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST))
fuzz:
	@$(FUZZ_MAKE) fuzz-deps
	@$(FUZZ_MAKE) fuzz-run

fuzz-deps:
	@tools/deps.sh fuzz

$(FUZZ_BIN): $(FUZZ_SRC) tests/fuzz/exercise.h $(FUZZ_SUPPORT:.c=.h) $(wildcard model/*.h model/*.inc tui/*.h)
	@mkdir -p $(@D)
	$(call say,CC fuzz,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $(FUZZ_SRC) $(PKG_LIBS)

$(FUZZ_BIG): tests/fuzz/make-big.sh
	@mkdir -p $(@D)
	$(call say,GEN,$@)
	$(Q)tests/fuzz/make-big.sh $@

fuzz-run: $(FUZZ_BIN) $(FUZZ_BIG)
	@rm -rf $(FUZZ_FINDINGS)
	@mkdir -p $(FUZZ_FINDINGS) $(FUZZ_CORPUS)
	@cp tests/fuzz/corpus/* $(FUZZ_CORPUS)/
	@find tests/fuzz/findings -type f ! -name 'README*' -exec cp {} $(FUZZ_CORPUS)/ \;
	@echo "== the 100 MB string, whole (scanned to its end under the sanitizers: more than 10 s)"
	$(FUZZ_ENV) $(FUZZ_BIN) $(FUZZ_FLAGS) -timeout=300 $(FUZZ_BIG)
	@echo "== fuzzing for $(FUZZ_SECONDS) s over $(FUZZ_CORPUS)"
	$(FUZZ_ENV) $(FUZZ_BIN) $(FUZZ_FLAGS) -timeout=10 -dict=tests/fuzz/zjdash.dict \
	    -max_len=$(FUZZ_MAX_LEN) -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 $(FUZZ_CORPUS)
	@if [ -n "$$(ls -A $(FUZZ_FINDINGS))" ]; then \
	    echo "make fuzz: findings in $(FUZZ_FINDINGS):"; ls -l $(FUZZ_FINDINGS); exit 1; \
	fi
	@echo "make fuzz: no findings"

# make fuzz-min CRASH=build/fuzz-findings/crash-...
fuzz-min: $(FUZZ_BIN)
	@test -n "$(CRASH)" || { echo "make fuzz-min CRASH=FILE" >&2; exit 2; }
	$(FUZZ_ENV) $(FUZZ_BIN) -minimize_crash=1 -max_total_time=60 -timeout=10 -rss_limit_mb=4096 \
	    -exact_artifact_path=$(CRASH).min $(CRASH)

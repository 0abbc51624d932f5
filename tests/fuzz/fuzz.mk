# make fuzz: coverage-guided fuzzing, with libFuzzer, AddressSanitizer,
# LeakSanitizer and UndefinedBehaviorSanitizer, of every parser zjdash has:
#
#   load   the loader and everything a loaded dataset goes through
#          (tests/fuzz/fuzz_load.c, checks in tests/fuzz/exercise.c)
#   input  the key decoder, bytes cut into reads every way (input_check.c)
#   cli    the command line's parsing, in-process (cli_check.c)
#   config the configuration file's parser (config_check.c)
#
#   make fuzz                      fuzz each for FUZZ_SECONDS (60) seconds
#   make fuzz FUZZ_TARGETS=input FUZZ_SECONDS=600
#   make fuzz-min CRASH=FILE [FUZZ_TARGET=load]  minimise a finding into FILE.min
#
# Each target keeps a corpus between runs in $(B)/fuzz-corpus-TARGET (the
# loader's in $(B)/fuzz-corpus), seeded with its seeds (tests/fuzz/corpus for
# the loader, tests/fuzz/corpus-TARGET for the others), its kept findings
# (tests/fuzz/findings, tests/fuzz/findings-TARGET) and, for the loader, a
# generated 100 MB string; anything found (crash, leak, timeout, out of
# memory, sanitizer report, failed check) is written to $(B)/fuzz-findings and
# makes it fail. Minimise a finding (make fuzz-min), name it for what it does
# and keep it in the target's findings: make check replays it
# (tests/unit/test_fuzz_corpus.c).
#
# The Makefile includes this file after its variables (LIB_SRC, B, ...);
# make check builds the fuzzers and $(FUZZ_BIG) beside the tests and runs
# fuzz-run with CHECK_FUZZ_SECONDS shared between them (see the Makefile).

FUZZ_SECONDS ?= 60
# Above most seeds (data/zhanjiang-2024.json is 35 KB, 10,000 levels of nesting
# 20 KB); the 100 MB string is run whole on its own, and the unit test runs every
# seed whole.
FUZZ_MAX_LEN ?= 65536
FUZZ_CC ?= clang
# The project's flags less -Werror (clang warns of things gcc does not, and a
# warning should not stop the fuzzing) and less the dependency files. The
# objects are shared by the targets: instrumented for libFuzzer, which only
# the final link brings in.
FUZZ_CFLAGS = $(filter-out -MMD -MP -Werror,$(BASE_CFLAGS)) -g -O1 -fno-omit-frame-pointer \
              -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_LDFLAGS = -fsanitize=fuzzer,address,undefined
# The support files with no cmocka in them: what the loader's checks use besides the model.
FUZZ_SUPPORT = tests/support/oracle.c tests/support/dataset_write.c tests/support/model_extra.c
FUZZ_TARGETS ?= load input cli config
FUZZ_SRC_load = tests/fuzz/fuzz_load.c tests/fuzz/exercise.c $(FUZZ_SUPPORT)
FUZZ_SRC_input = tests/fuzz/fuzz_input.c tests/fuzz/input_check.c
FUZZ_SRC_cli = tests/fuzz/fuzz_cli.c tests/fuzz/cli_check.c
FUZZ_SRC_config = tests/fuzz/fuzz_config.c tests/fuzz/config_check.c
FUZZ_BINS = $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)
FUZZ_LIB_OBJ = $(LIB_SRC:%.c=$(B)/fuzz/%.o)
# The loader's corpus keeps the name it always had, so that what earlier
# runs found is not lost.
fuzz_corpus = $(if $(filter load,$(1)),$(B)/fuzz-corpus,$(B)/fuzz-corpus-$(1))
fuzz_seeds = $(if $(filter load,$(1)),tests/fuzz/corpus tests/fuzz/findings,tests/fuzz/corpus-$(1) tests/fuzz/findings-$(1))
FUZZ_FINDINGS = $(B)/fuzz-findings
FUZZ_BIG = $(B)/fuzz-corpus/big-string-100mb.json
FUZZ_ENV = UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1
FUZZ_FLAGS = -rss_limit_mb=4096 -artifact_prefix=$(FUZZ_FINDINGS)/
# -dict and -max_len of each: the loader's inputs are files (see FUZZ_MAX_LEN);
# the decoder's are what a terminal sends in a burst, a command line is short;
# a configuration file is read to 64 KiB, but its lines are what matter.
FUZZ_OPTS_load = -dict=tests/fuzz/zjdash.dict -max_len=$(FUZZ_MAX_LEN)
FUZZ_OPTS_input = -dict=tests/fuzz/input.dict -max_len=1024
FUZZ_OPTS_cli = -dict=tests/fuzz/cli.dict -max_len=512
FUZZ_OPTS_config = -dict=tests/fuzz/config.dict -max_len=4096

.PHONY: fuzz fuzz-deps fuzz-run fuzz-min $(FUZZ_TARGETS:%=fuzz-run-%)

# Sub-makes, as for check: nothing is compiled before the packages are there
# (tools/deps.sh fuzz: the build's and clang with its libFuzzer runtime).
# (-f: the same makefile, also when it is not ./Makefile.)
FUZZ_MAKE = $(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST))
fuzz:
	@$(FUZZ_MAKE) fuzz-deps
	@$(FUZZ_MAKE) fuzz-run

fuzz-deps:
	@tools/deps.sh fuzz

# (what the harnesses include besides the program's headers)
$(foreach t,load input cli config,$(FUZZ_SRC_$(t):%.c=$(B)/fuzz/%.o)): $(wildcard tests/fuzz/*.h) $(FUZZ_SUPPORT:.c=.h)
$(B)/fuzz/%.o: %.c $(wildcard model/*.h model/*.inc tui/*.h) | $(B)/catalog.h
	@mkdir -p $(@D)
	$(call say,CC fuzz,$<)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

# (each fuzzer's own objects, besides the library's)
$(B)/fuzz/fuzz_load: $(FUZZ_SRC_load:%.c=$(B)/fuzz/%.o)
$(B)/fuzz/fuzz_input: $(FUZZ_SRC_input:%.c=$(B)/fuzz/%.o)
$(B)/fuzz/fuzz_cli: $(FUZZ_SRC_cli:%.c=$(B)/fuzz/%.o)
$(B)/fuzz/fuzz_config: $(FUZZ_SRC_config:%.c=$(B)/fuzz/%.o)
$(B)/fuzz/fuzz_%: $(FUZZ_LIB_OBJ)
	$(call say,LD fuzz,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $(FUZZ_SRC_$*:%.c=$(B)/fuzz/%.o) $(FUZZ_LIB_OBJ) $(PKG_LIBS)

$(FUZZ_BIG): tests/fuzz/make-big.sh
	@mkdir -p $(@D)
	$(call say,GEN,$@)
	$(Q)tests/fuzz/make-big.sh $@

# One fuzzer after the other: each takes a core.
fuzz-run: $(FUZZ_BINS) $(if $(filter load,$(FUZZ_TARGETS)),$(FUZZ_BIG))
	@rm -rf $(FUZZ_FINDINGS)
	@mkdir -p $(FUZZ_FINDINGS)
	@status=0; for t in $(FUZZ_TARGETS); do \
	    $(FUZZ_MAKE) fuzz-run-$$t || status=1; done; \
	if [ -n "$$(ls -A $(FUZZ_FINDINGS))" ]; then \
	    echo "make fuzz: findings in $(FUZZ_FINDINGS):"; ls -l $(FUZZ_FINDINGS); exit 1; \
	fi; \
	[ $$status -eq 0 ] && echo "make fuzz: no findings"

# The loader's 100 MB string, whole, before its fuzzing (scanned to its end
# under the sanitizers: more than 10 s).
FUZZ_RUN_BIG = $(FUZZ_ENV) $(B)/fuzz/fuzz_load $(FUZZ_FLAGS) -timeout=300 $(FUZZ_BIG)

# FUZZ_SECONDS_TARGET, when set, instead of FUZZ_SECONDS (make check shares its time so).
fuzz-run-load: $(FUZZ_BIG)
$(FUZZ_TARGETS:%=fuzz-run-%): fuzz-run-%: $(B)/fuzz/fuzz_%
	@mkdir -p $(FUZZ_FINDINGS) $(call fuzz_corpus,$*)
	@for d in $(call fuzz_seeds,$*); do [ -d $$d ] || continue; \
	    find $$d -type f ! -name 'README*' -exec cp {} $(call fuzz_corpus,$*)/ \; ; done
	$(if $(filter load,$*),$(FUZZ_RUN_BIG))
	@echo "== fuzzing $* for $(or $(FUZZ_SECONDS_$*),$(FUZZ_SECONDS)) s over $(call fuzz_corpus,$*)"
	$(FUZZ_ENV) $< $(FUZZ_FLAGS) -timeout=10 $(FUZZ_OPTS_$*) \
	    -max_total_time=$(or $(FUZZ_SECONDS_$*),$(FUZZ_SECONDS)) -print_final_stats=1 $(call fuzz_corpus,$*)

# make fuzz-min CRASH=build/fuzz-findings/crash-... FUZZ_TARGET=input
FUZZ_TARGET ?= load
fuzz-min: $(B)/fuzz/fuzz_$(FUZZ_TARGET)
	@test -n "$(CRASH)" || { echo "make fuzz-min CRASH=FILE [FUZZ_TARGET=load|input|cli|config]" >&2; exit 2; }
	$(FUZZ_ENV) $< -minimize_crash=1 -max_total_time=60 -timeout=10 -rss_limit_mb=4096 \
	    -exact_artifact_path=$(CRASH).min $(CRASH)

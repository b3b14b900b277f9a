# QueueLab. The two commands a newcomer needs:
#   make check   grade your exercises (embedded emulator; no Docker, no AWS)
#   make test    the project's own tests (what CI runs)

GO          ?= go
BACKEND     ?= embedded
SUBMISSIONS ?= fixtures/submissions
# The grader is built into bin/ (relinked only when it changed), so that its
# own exit status (0 pass, 1 a check failed, 2 could not run) is what make
# sees; `go run ./grader/cmd/grader ...` works the same.
GRADER      := bin/grader

.PHONY: check test lint fuzz serve bench bench-emulator bench-batch sample-class grade $(GRADER)

# The first build downloads and compiles the AWS SDK, a minute or two with no
# output of its own: say so. Later builds relink only what changed (touch, as
# go build leaves an up-to-date binary as it was).
$(GRADER):
	@if [ ! -x $(GRADER) ]; then \
	  echo "Building the grader (first run only: downloads and compiles the AWS SDK, 1-2 minutes)…" >&2; \
	elif [ -n "$$(find go.mod go.sum grader -newer $(GRADER) \( -name '*.go' -o -name 'go.*' \) 2>/dev/null | head -n 1)" ]; then \
	  echo "Rebuilding the grader (its sources changed)…" >&2; \
	fi
	@$(GO) build -o $(GRADER) ./grader/cmd/grader && touch $(GRADER)

## check: run the checks and report per learning objective
##        (BACKEND=localstack|endpoint, EXERCISES="02 03", CHECK_TIMEOUT=30s)
check: $(GRADER)
	@$(GRADER) check --backend $(BACKEND) $(if $(CHECK_TIMEOUT),--check-timeout $(CHECK_TIMEOUT)) $(EXERCISES)

## test: the project's own tests (what CI runs): formatting, vet and
## staticcheck; each fuzz target for 50,000 executions; then every test under the
## race detector, including the proof that every check passes on solutions/
## and fails on the stubs, the lesson and the docs' shell blocks against real
## AWS clients and the checks against fauxqs. gotestsum ends the run with
## every skipped test and its reason, then its DONE line; under CI=true a
## test whose tool (AWS CLI, boto3, Chromium, fauxqs, git) is missing fails.
GOTESTSUM := gotest.tools/gotestsum@v1.13.0
test: lint
	$(MAKE) fuzz FUZZTIME=50000x
	$(GO) run $(GOTESTSUM) --format pkgname --raw-command -- \
	  $(GO) test -json -race -timeout 30m ./grader/... ./fixtures/...

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

## lint: gofmt, go vet and staticcheck on the module and the solutions
lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^fixtures/hostile/')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	cd solutions && $(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	cd solutions && $(GO) run $(STATICCHECK) ./...

# A count of executions, not a duration: with a duration, Go 1.26's fuzz
# coordinator can fail a target with a bare "context deadline exceeded" when
# the time runs out under load (go.dev/issue/75804, fixed in Go 1.27), which
# once failed CI with no failing input. A count has no deadline to race.
FUZZTIME ?= 200000x
FUZZ_TARGETS := \
	./grader/emulator/query:FuzzDecode \
	./grader/emulator/query:FuzzWriteError \
	./grader/emulator/sqs:FuzzServeJSON \
	./grader/emulator/sqs:FuzzServeQuery \
	./grader/emulator/sqs:FuzzAppendJSONString \
	./grader/emulator/sns:FuzzServeQuery \
	./grader/emulator/sns:FuzzWriteJSONString \
	./grader/emulator/sns/filterpolicy:FuzzParseMatch \
	./grader/emulator/store:FuzzReadJournal

## fuzz: every fuzz target (request decoders, reply encoders, the state
##       journal's reader), FUZZTIME
##       executions each (FUZZTIME=30s still runs for a time instead)
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
	  $(GO) test $$pkg -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME); \
	done

## serve: the emulator on 127.0.0.1:4566 for the AWS CLI and boto3, its
##        state kept across restarts in .queuelab/ (git-ignored)
serve: $(GRADER)
	$(GRADER) serve --state .queuelab

## bench: the grader's benchmarks (a warm `grader check --solutions`)
bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./grader/runner/

## bench-emulator: the emulator's benchmarks beside their baseline handler,
## BENCH_COUNT rounds with baseline and emulator alternating in each, so that
## a drifting machine moves both alike; writes bin/bench-emulator.txt
## (compare with `benchstat bin/bench-emulator.txt`)
BENCH_COUNT ?= 6
bench-emulator:
	@mkdir -p bin
	$(GO) test -c -o bin/emulator.test ./grader/emulator/
	@rm -f bin/bench-emulator.txt
	@for i in $$(seq $(BENCH_COUNT)); do \
		(cd grader/emulator && ../../bin/emulator.test -test.run '^$$' -test.benchmem \
			-test.bench 'SendMessage|ReceiveAndDeleteBatch|StoredMessageMemory|Publish|ServerCPU') \
			| tee -a bin/bench-emulator.txt || exit 1; \
	done

## bench-batch: `grader batch` on a class of BENCH_SUBMISSIONS generated
##              submissions (default 40), warm build cache, seconds per
##              submission for a class whose code repeats and one whose every
##              submission's code differs, side by side: BENCH_ROUNDS rounds
##              (default 1), both classes in each; writes bin/bench-batch.txt
##              (compare with `benchstat bin/bench-batch.txt`)
BENCH_SUBMISSIONS ?= 40
bench-batch:
	@mkdir -p bin
	$(GO) test -c -o bin/batch.test ./grader/batch/
	@rm -f bin/bench-batch.txt
	@for i in $$(seq $(or $(BENCH_ROUNDS),1)); do \
		echo "# round $$i, load average: $$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" | tee -a bin/bench-batch.txt; \
		(cd grader/batch && QUEUELAB_BENCH_SUBMISSIONS=$(BENCH_SUBMISSIONS) ../../bin/batch.test -test.run '^$$' \
			-test.bench '^BenchmarkClass$$' -test.benchtime 1x) | tee -a bin/bench-batch.txt || exit 1; \
	done
	@echo "# after, load average: $$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" | tee -a bin/bench-batch.txt

## sample-class: write the batch grader's sample class (16 submissions and
##               their expected grades) to fixtures/submissions/, from the
##               committed stubs and solutions (HEAD), never the working tree
sample-class:
	@rm -rf fixtures/submissions
	$(GO) run ./grader/batch/internal/fixturegen/gen -out fixtures/submissions

## grade: grade a class of submissions (SUBMISSIONS=folder) into results/;
##        without SUBMISSIONS, the sample class, made afresh, and then say
##        whether every grade matches its expected.csv (or which differ)
grade: $(GRADER) $(if $(filter fixtures/submissions,$(SUBMISSIONS)),sample-class)
	$(GRADER) batch $(SUBMISSIONS) --out results/
ifeq ($(SUBMISSIONS),fixtures/submissions)
	@$(GO) run ./grader/batch/internal/fixturegen/compare fixtures/submissions/expected.csv results/grades.csv
endif

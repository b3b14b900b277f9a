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

.PHONY: check test serve bench grade $(GRADER)

$(GRADER):
	@$(GO) build -o $(GRADER) ./grader/cmd/grader

## check: run the checks and report per learning objective
##        (BACKEND=localstack|endpoint, EXERCISES="02 03")
check: $(GRADER)
	@$(GRADER) check --backend $(BACKEND) $(EXERCISES)

## test: the project's own tests, with the proof that every check passes on
## solutions/ and fails on the stubs
test:
	$(GO) test ./grader/...

## serve: the emulator on 127.0.0.1:4566 for the AWS CLI and boto3
serve: $(GRADER)
	$(GRADER) serve

## bench: the grader's benchmarks (a warm `grader check --solutions`)
bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./grader/runner/

## grade: grade a class of submissions (SUBMISSIONS=folder) into results/
grade: $(GRADER)
	$(GRADER) batch $(SUBMISSIONS) --out results/

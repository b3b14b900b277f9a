// Package runner grades one learner's exercise sources with the grader's own
// pristine checks and returns a report.Report. `grader check` calls it once;
// `grader batch` calls it once per submission.
//
// # What it does
//
// Run builds an isolated work folder: a copy of the pristine module (go.mod,
// the grader, the checks: every exercises/<id>/*_test.go) into which only the
// learner's exercise sources (the non-test .go files of exercises/<id>/) and
// learner.yaml are copied. It compiles the checks with `go test -c`, all
// exercises' into one test binary where it can (combined.go), runs one
// process per exercise, each in its own process group with a time limit and a
// cap on the output kept, and kills the group when it ends. Every selected
// check starts as StatusError ("did not run") and becomes pass, fail or skip
// only on a sealed verdict (see below); a compile error, a crash, a timeout
// or an early exit leaves it an error with the reason.
//
// # Threat model: where verdicts come from
//
// The learner's code runs in the same process as the checks, so nothing that
// process prints is evidence: stdout, stderr, test2json lines, "--- PASS",
// exit status. The only evidence is a verdict line signed with HMAC-SHA256
// under a 32-byte key that Run makes per test process and hands over on an
// inherited pipe (package labtest/seal). labtest, the check helper, reads the
// key while it initialises and closes the pipe; a file that Run adds to every
// exercise package imports labtest, so labtest initialises before any of the
// learner's package variables or init functions run. labtest signs one
// verdict per top-level check, in t.Cleanup, after the check and its subtests
// finished, and only for the test function of that name declared in the
// exercise's pristine _test.go files.
//
// What this defeats: edited or added _test.go files (never copied), fake
// "--- PASS" or test2json output (not read for verdicts), os.Exit(0) anywhere
// (a check that did not finish has no verdict), a panic or a hang (same),
// running one check under another's name (the stack is checked), reading
// the key from the environment or the pipe (gone before learner code runs).
// Before building, Run rejects learner sources that import "unsafe" or "C",
// use //go:linkname or //line directives, or import another exercise package
// (whose init could run before labtest's): the tools that would let code read
// labtest's memory, call its internals, disguise a function as a check or run
// before the key is taken. Cgo is off.
//
// What remains: code that patches its own process through /proc/self/mem or
// a debugger attached to it can still forge a verdict. Sandboxing the test
// process (namespaces, seccomp) is the next step if that matters.
//
// The learner's code also runs as the grader's user: it cannot change the
// pristine copy that verdicts are built from through the work folder (only a
// copy is there), but it can reach the file system. Run passes the checks a
// minimal environment (no tokens from the grader's own environment).
package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/report"
)

// Options says what to grade and how. The zero value grades every exercise
// of the learner's tree in the current folder with the pristine copy found
// by PristineRoot, each check on its own embedded emulator.
type Options struct {
	// Pristine is the root of the grader's own copy of the module: go.mod,
	// grader/, exercises/ with the checks and the catalogue, solutions/.
	// Empty: PristineRoot().
	Pristine string
	// Sources is the root of the learner's tree: exercises/<id>/*.go (test
	// files are ignored) and, optionally, learner.yaml. Empty: ".".
	// A submission holding only the exercise folders works when put under
	// an exercises/ folder.
	Sources string
	// Solutions grades Pristine's solutions/<id>/ instead of Sources.
	Solutions bool
	// Exercises selects exercises by id ("02_sqs_send") or number ("02").
	// Empty: every exercise in the catalogue.
	Exercises []string
	// Endpoint is the SQS/SNS endpoint the checks use (QUEUELAB_ENDPOINT).
	// Empty: every check starts an embedded emulator of its own.
	Endpoint string
	// RealAWS makes the checks use the AWS credential chain instead of a
	// fresh account per check (QUEUELAB_REAL_AWS=1), and passes the AWS_*
	// variables of the grader's environment through.
	RealAWS bool
	// Env adds KEY=VALUE pairs to the checks' environment, for example
	// QUEUELAB_LEARNER or QUEUELAB_REGION. Nothing else of the grader's
	// environment reaches the checks but PATH, HOME and the locale.
	Env []string
	// Lacks names the features the backend lacks, each with why: a check
	// whose catalogue entry needs one is skipped, by name, with the reason.
	Lacks map[string]string
	// Skip names checks not to run, each with the reason shown in the
	// report: "TestName" or "exercise/TestName".
	Skip map[string]string
	// Timeout bounds the whole run, build included. Default DefaultTimeout.
	Timeout time.Duration
	// CheckTimeout bounds one check: the grader stops a check that runs
	// longer (time paused in t.Parallel does not count), says where the
	// learner's code was, and runs the checks it kept from finishing again
	// in a fresh process. Default DefaultCheckTimeout.
	CheckTimeout time.Duration
	// OutputLimit is how many bytes of an exercise's test output are kept
	// for messages; a process that writes 16 times more is killed.
	// Default DefaultOutputLimit.
	OutputLimit int64
	// MemoryLimit caps the address space of each exercise's test process,
	// in bytes, so that a submission that exhausts memory fails its own
	// checks instead of the machine. Zero means no cap. It is applied with
	// util-linux's prlimit(1) before the test binary starts, where prlimit
	// is on PATH (Linux); elsewhere it is ignored.
	MemoryLimit int64
	// Jobs is how many exercises' test processes run at once. Default
	// GOMAXPROCS, and at least 4: checks mostly wait on queues and clocks.
	Jobs int
	// WorkDir is the folder in which the work folder is made and removed
	// at the end. Default os.TempDir().
	WorkDir string
	// BinCache, when set, is a lasting folder for the test binaries, so
	// that a warm run relinks only what changed. Only for a learner grading
	// their own tree: a graded submission's code could write there, so batch
	// grading leaves it empty (binaries then live in the work folder).
	BinCache string
	// SharedBins, when set, is the batch's store of test binaries: an
	// exercise whose sources were already built for another submission is
	// copied from there (verified against the hash kept in memory) instead
	// of linked again. It takes precedence over BinCache.
	SharedBins *SharedBinaries
	// KeepWork leaves the work folder in place, for debugging.
	KeepWork bool
	// Backend names the backend in the report ("embedded", ...).
	Backend string
	// Progress, when set, is told each check's verdict as it arrives. It
	// is called from several goroutines, one at a time.
	Progress func(Progress)
}

// Progress is one step of a run, for a live progress line.
type Progress struct {
	// Phase is "build", "run" or a check's verdict arriving ("check").
	Phase string
	// Exercise and Check name the check whose verdict arrived.
	Exercise, Check string
	Status          report.Status
	// Done and Total count the checks with a verdict and all checks.
	Done, Total int
}

// Defaults of Options.
const (
	DefaultTimeout      = 5 * time.Minute
	DefaultCheckTimeout = 10 * time.Second
	DefaultOutputLimit  = 1 << 20
)

// ErrNoToolchain means the go command was not found: the grader compiles the
// checks, so it needs Go installed.
var ErrNoToolchain = errors.New("the go command is not installed or not on PATH (QueueLab needs Go to build the checks)")

// Run grades the learner's sources and returns the report. An error means
// the grader itself could not run (no pristine copy, no Go toolchain, a
// broken catalogue); everything the learner's code does, including failing
// to compile, ends up in the report instead.
func Run(ctx context.Context, opts Options) (*report.Report, error) {
	started := time.Now()
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()

	cat, err := loadCatalogue(opts.Pristine)
	if err != nil {
		return nil, err
	}
	selected, err := selectExercises(cat, opts.Exercises)
	if err != nil {
		return nil, err
	}
	g := newGrading(cat, selected, opts)
	g.readLearner()
	g.warnAboutEditedChecks()

	work, err := os.MkdirTemp(opts.WorkDir, "queuelab-grade-")
	if err != nil {
		return nil, fmt.Errorf("make a work folder: %w", err)
	}
	if opts.KeepWork || os.Getenv("QUEUELAB_KEEP_WORK") == "1" {
		fmt.Fprintf(os.Stderr, "queuelab: work folder kept: %s\n", work)
	} else {
		defer os.RemoveAll(work)
	}
	trace := tracer(started)
	if err := g.prepare(work); err != nil {
		return nil, err
	}
	trace("prepared the work folder")
	if err := g.build(ctx, work); err != nil {
		return nil, err
	}
	trace("built the checks")
	g.runAll(ctx, work)
	trace("ran the checks")
	r := g.report()
	r.Duration = time.Since(started)
	return r, nil
}

// tracer prints how long each phase took when QUEUELAB_TRACE=1, to stderr.
func tracer(started time.Time) func(string) {
	if os.Getenv("QUEUELAB_TRACE") != "1" {
		return func(string) {}
	}
	return func(what string) {
		fmt.Fprintf(os.Stderr, "queuelab: %6.2fs %s\n", time.Since(started).Seconds(), what)
	}
}

func (o *Options) defaults() error {
	if o.Pristine == "" {
		root, err := PristineRoot()
		if err != nil {
			return err
		}
		o.Pristine = root
	}
	if o.Sources == "" {
		o.Sources = "."
	}
	for _, p := range []*string{&o.Pristine, &o.Sources} {
		abs, err := filepath.Abs(*p)
		if err != nil {
			return fmt.Errorf("resolve %s: %w", *p, err)
		}
		*p = abs
	}
	if o.Solutions {
		o.Sources = filepath.Join(o.Pristine, "solutions")
		if _, err := os.Stat(o.Sources); err != nil {
			return fmt.Errorf("this copy of the grader has no solutions/ (%s): --solutions works in a QueueLab checkout", o.Pristine)
		}
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.CheckTimeout <= 0 {
		o.CheckTimeout = DefaultCheckTimeout
	}
	if o.OutputLimit <= 0 {
		o.OutputLimit = DefaultOutputLimit
	}
	if o.Jobs <= 0 {
		o.Jobs = max(runtime.GOMAXPROCS(0), 4)
	}
	if o.WorkDir == "" {
		o.WorkDir = os.TempDir()
	}
	return nil
}

// exerciseDir is where the learner's sources of exercise id are. With
// Solutions, Sources is already the solutions/ folder.
func (o *Options) exerciseDir(id string) string {
	if o.Solutions {
		return filepath.Join(o.Sources, id)
	}
	return filepath.Join(o.Sources, "exercises", id)
}

// learnerFile is the learner file graded with the sources.
func (o *Options) learnerFile() string {
	if o.Solutions {
		return filepath.Join(o.Pristine, "learner.yaml")
	}
	return filepath.Join(o.Sources, "learner.yaml")
}

func loadCatalogue(pristine string) (*catalogue.Catalogue, error) {
	data, err := os.ReadFile(filepath.Join(pristine, "exercises", "catalogue.yaml"))
	if err != nil {
		return nil, fmt.Errorf("read the pristine catalogue: %w", err)
	}
	return catalogue.Parse(data)
}

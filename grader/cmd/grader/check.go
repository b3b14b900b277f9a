package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/grader/backend"
	"github.com/queuelab/queuelab/grader/learner"
	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/runner"
)

// checkFlags are check's flags (watch shares most of them).
type checkFlags struct {
	backend   backend.Config
	solutions bool
	formats   []string
	out       string
	timeout   time.Duration
	checkTime time.Duration
	jobs      int
	pristine  string
	sources   string
}

func (f *checkFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	f.backend.RegisterFlags(fs)
	fs.BoolVar(&f.solutions, "solutions", false, "grade the reference solutions (solutions/) instead of your exercises")
	fs.StringArrayVar(&f.formats, "format", nil, "output format: text, json, junit, github, gradescope, exercism, classroom; NAME=FILE writes it to FILE (repeatable)")
	fs.StringVar(&f.out, "out", "", "write the report to this file instead of standard output")
	fs.DurationVar(&f.timeout, "timeout", runner.DefaultTimeout, "stop grading after this long")
	fs.DurationVar(&f.checkTime, "check-timeout", runner.DefaultCheckTimeout, "stop a check that runs longer than this and say where it was stuck")
	fs.IntVar(&f.jobs, "jobs", 0, "exercises graded at once (default: the number of CPUs)")
	fs.StringVar(&f.sources, "dir", ".", "the root of the learner's repository (exercises/ and learner.yaml)")
	fs.StringVar(&f.pristine, "pristine", "", "the grader's own copy of the checks (default: the grader's module)")
	_ = fs.MarkHidden("pristine")
}

func newCheckCmd() *cobra.Command {
	var f checkFlags
	var l lessonFlags
	cmd := &cobra.Command{
		Use:   "check [EXERCISE...]",
		Short: "Run the checks and report pass/fail per learning objective",
		Long: `Run the checks of every exercise, or of the exercises named (by id such as
02_sqs_send, or number such as 02), and report per learning objective what
passes, the points, and under each failed check its hint and why it failed.

The checks are the grader's own pristine copy: editing or adding _test.go files
in your repository changes nothing (the grader warns when your copy differs).

Backends (--backend):
  embedded    the emulator, in the grader's process (default; needs nothing)
  localstack  one LocalStack container for the run (needs Docker)
  endpoint    --endpoint URL or AWS_ENDPOINT_URL: a running LocalStack or other
              emulator; with neither, real AWS through your AWS profile

The lesson's own steps (--lesson): what you did by following the slides,
with the console, the AWS CLI or boto3, graded per objective by observing
make serve (default), --endpoint URL (LocalStack) or real AWS (--profile).
Nothing is received from or deleted in your queues.

Exit status: 0 every selected check passed, 1 a check did not, 2 the grader
could not run.`,
		Example: `  grader check
  grader check 02 03
  grader check --solutions
  grader check --backend localstack
  grader check --backend endpoint --endpoint http://127.0.0.1:4566
  grader check --format junit=junit.xml --format github
  grader check --lesson
  grader check --lesson --endpoint http://localhost:4566
  grader check --lesson --profile my-aws-profile`,
		RunE: func(cmd *cobra.Command, args []string) error {
			outs, err := parseOutputs(f.formats, f.out)
			if err != nil {
				return exitError{code: 2, err: err}
			}
			r, err := f.gradeWhat(cmd, &l, args)
			if err != nil {
				return err
			}
			topts := textOptions{colour: colourWanted(cmd.OutOrStdout()), width: terminalWidth(), command: selfCommand()}
			for _, o := range outs {
				if err := o.write(cmd.OutOrStdout(), r, topts); err != nil {
					return exitError{code: 2, err: err}
				}
			}
			if !r.Passed {
				return checksFailed
			}
			return nil
		},
	}
	f.register(cmd)
	l.register(cmd)
	return cmd
}

// gradeWhat grades the lesson's steps when asked to, else the exercises.
func (f *checkFlags) gradeWhat(cmd *cobra.Command, l *lessonFlags, args []string) (*report.Report, error) {
	if l.wanted(args) {
		return f.gradeLesson(cmd, l, args)
	}
	return f.grade(cmd, args)
}

// grade checks the learner file, starts the backend, runs the checks and
// stops the backend, also on Ctrl-C.
func (f *checkFlags) grade(cmd *cobra.Command, exerciseIDs []string) (*report.Report, error) {
	if err := f.checkLearner(cmd, exerciseIDs); err != nil {
		return nil, err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sess, err := backend.Start(ctx, f.backend)
	if err != nil {
		return nil, exitError{code: 2, err: err}
	}
	defer sess.Stop()
	prog := newProgressLine(cmd.ErrOrStderr())
	prog.firstBuild = firstBuild(binCache())
	r, err := runner.Run(ctx, runner.Options{
		Pristine:     f.pristine,
		Sources:      f.sources,
		Solutions:    f.solutions,
		Exercises:    exerciseIDs,
		Endpoint:     sess.Target.URL,
		RealAWS:      sess.Target.RealAWS,
		Lacks:        sess.Target.Lacks,
		Timeout:      f.timeout,
		CheckTimeout: f.checkTime,
		Jobs:         f.jobs,
		Backend:      sess.Name(),
		BinCache:     binCache(),
		Progress:     prog.update,
	})
	prog.clear()
	var exErr *runner.ExerciseError
	if errors.As(err, &exErr) {
		return nil, exitError{code: 2, err: fmt.Errorf("%w; `%s list` says what each is", exErr, selfCommand())}
	}
	if err != nil {
		return nil, exitError{code: 2, err: err}
	}
	// The context ends only on Ctrl-C or SIGTERM (its cause names the
	// signal) or when the caller's ends: the report is partial.
	if ctx.Err() != nil {
		return nil, exitError{code: 2, err: errors.New("interrupted")}
	}
	return r, nil
}

// checkLearner validates the learner file graded with the sources (with
// --solutions, the grader's own) before anything runs: a mistake in it
// would fail correct code with misleading hints.
func (f *checkFlags) checkLearner(cmd *cobra.Command, args []string) error {
	root := f.sources
	if f.solutions {
		root = f.pristine
		if root == "" {
			var err error
			if root, err = runner.PristineRoot(); err != nil {
				return nil // the runner says so
			}
		}
	}
	path := filepath.Join(root, learner.FileName)
	if name := os.Getenv(learner.EnvName); name != "" {
		if err := learner.ValidateName(name); err != nil {
			return exitError{code: 2, err: fmt.Errorf("%s=%q: %w", learner.EnvName, name, err)}
		}
		if _, err := os.Stat(path); err != nil {
			return nil // the name comes from the environment
		}
	}
	if _, err := learner.Load(path); err != nil {
		return exitError{code: 2, err: errors.New(learner.Advice(err, rerun(cmd, args)))}
	}
	return nil
}

// binCache is where `grader check` keeps its test binaries between runs
// (see runner.Options.BinCache), or "" when there is no user cache folder.
func binCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "queuelab", "bin")
}

// colourWanted: colour on a terminal, unless NO_COLOR is set.
func colourWanted(w io.Writer) bool {
	return isTerminal(w) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func terminalWidth() int {
	var n int
	if _, err := fmt.Sscan(os.Getenv("COLUMNS"), &n); err == nil && n > 0 {
		return n
	}
	return 0
}

// progressLine is the live line on a terminal: checks done of all, and the
// last verdict. Off a terminal it writes nothing but the first build's
// notice.
type progressLine struct {
	w  io.Writer
	on bool
	// firstBuild: say, once, that this build is slow only the first time.
	firstBuild bool
}

// firstBuildNotice is said before the first build of the checks, which also
// compiles the AWS SDK and the emulator's dependencies.
const firstBuildNotice = "Compiling the checks for the first time (about a minute; later runs take seconds)…"

// firstBuild reports whether no checks were ever compiled into cacheDir
// (binCache): then this build is the slow first one.
func firstBuild(cacheDir string) bool {
	if cacheDir == "" {
		return false
	}
	entries, err := os.ReadDir(cacheDir)
	return err != nil || len(entries) == 0
}

func newProgressLine(w io.Writer) *progressLine {
	return &progressLine{w: w, on: isTerminal(w)}
}

func (p *progressLine) update(e runner.Progress) {
	if e.Phase == "build" && p.firstBuild {
		p.firstBuild = false
		if p.on {
			fmt.Fprint(p.w, "\r\033[K")
		}
		fmt.Fprintln(p.w, firstBuildNotice)
	}
	if !p.on {
		return
	}
	switch e.Phase {
	case "build":
		fmt.Fprintf(p.w, "\r\033[Kbuilding the checks…")
	case "run":
		fmt.Fprintf(p.w, "\r\033[Krunning %d checks…", e.Total)
	case "check":
		mark := "✓"
		if e.Status != report.StatusPass {
			mark = "✗"
		}
		fmt.Fprintf(p.w, "\r\033[K[%d/%d] %s %s/%s", e.Done, e.Total, mark, e.Exercise, e.Check)
	}
}

func (p *progressLine) clear() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

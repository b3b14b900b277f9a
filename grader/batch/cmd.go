package batch

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/grader/backend"
)

// CommandOption changes how NewCommand's command works.
type CommandOption func(*command)

type command struct {
	// start starts the backend the flags chose: backend.Start, the path
	// `grader check` takes too, but in tests.
	start func(ctx context.Context, cfg backend.Config) (*backend.Session, error)
}

// WithStart replaces how the command starts its backend (backend.Start).
func WithStart(start func(context.Context, backend.Config) (*backend.Session, error)) CommandOption {
	return func(c *command) { c.start = start }
}

// NewCommand returns the `batch` command: grader batch SUBMISSIONS --out DIR.
func NewCommand(options ...CommandOption) *cobra.Command {
	c := &command{start: backend.Start}
	for _, o := range options {
		o(c)
	}
	var bcfg backend.Config
	var opts Options
	cmd := &cobra.Command{
		Use:   "batch SUBMISSIONS --out DIR",
		Short: "Grade a class: every submission in a folder, with a gradebook and a class report",
		Long: `Grade every submission in the folder SUBMISSIONS with the grader's own checks
and write the results to DIR.

A submission is a folder (a clone of the student's repository, or only its
exercises/ folder), a .zip, a .tar.gz or a git bundle. Only the exercise
sources are taken from it (the .go files of exercises/*/ that are not tests,
learner.yaml and the quiz answers); the checks are the grader's own. The
student's id is the entry's name without its extension (the login it was
collected under), or with --roster the id of the roster's student it
belongs to; the name in learner.yaml is only shown beside it.

Submissions are graded in parallel, each in its own work folder with its own
time limit. Each result is written as soon as it is known: a batch that was
stopped continues with --resume and grades only what is missing.

DIR receives:
  grades.csv          one row per student: score, each objective, each exercise
  results.json        everything, per student and per check
  canvas.csv          the gradebook as Canvas imports it
  moodle.csv          the gradebook as Moodle imports it
  scores.csv          id, name, email, student number, score and max
  feedback/<id>.md    what each student reads: objectives met, hints, reasons
  report.html         the class report: distribution, pass rates, confidence
  junit.xml           one test suite per student
  journal/            one file per graded submission, for --resume and merge

With --shard I/N the batch grades only part I (from 0) of N of the class,
split by a hash of each entry's name, so that N machines, CI jobs or pods
grade a large class together; "grader merge" then writes the outputs of the
whole class from their journals.`,
		Example: `  grader batch submissions/ --out results/
  grader batch submissions/ --out results/ --resume
  grader batch submissions/ --out results/ --jobs 4 --timeout 3m
  grader batch submissions/ --out results/ --roster classroom_roster.csv
  grader batch submissions/ --out results-v2/ --compare results/
  grader batch submissions/ --out shards/1 --shard 1/3`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			opts.Submissions = args[0]
			opts.Progress = cmd.ErrOrStderr()
			// The embedded backend serves no emulator for the batch: each
			// check starts its own, so no submission shares one.
			bcfg.PerCheck = true
			if bcfg.Name == backend.Endpoint && bcfg.Endpoint == "" && os.Getenv("AWS_ENDPOINT_URL") == "" {
				return errors.New("--backend endpoint needs --endpoint URL (or AWS_ENDPOINT_URL)")
			}
			sess, err := c.start(ctx, bcfg)
			if err != nil {
				return err
			}
			defer sess.Stop()
			opts.Runner.Backend, opts.Runner.Endpoint, opts.Runner.Lacks = sess.Name(), sess.Target.URL, sess.Target.Lacks
			sum, err := Run(ctx, opts)
			if sum.Total > 0 || err == nil {
				sum.Write(cmd.OutOrStdout())
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Out, "out", "o", "", "folder for the outputs (required)")
	f.IntVarP(&opts.Jobs, "jobs", "j", DefaultJobs(), "submissions graded at once (default two per core: checks mostly wait)")
	f.DurationVar(&opts.Timeout, "timeout", DefaultTimeout, "time limit of one submission")
	f.DurationVar(&opts.Runner.CheckTimeout, "check-timeout", DefaultCheckTimeout, "time limit of one check: a stuck check is stopped and named, the others run again in a fresh process")
	f.Int64Var(&opts.Runner.MemoryLimit, "memory-limit", DefaultMemoryLimit, "address-space limit of each test process, in bytes (negative: none)")
	f.BoolVar(&opts.Resume, "resume", false, "keep what DIR's journal already graded and grade the rest")
	f.Var(&opts.Shard, "shard", "grade only part I (from 0) of N of the class, for grader merge")
	f.StringVar(&opts.Roster, "roster", "", "CSV of the class (an id column; optional name, email, student number, github_username): one row per roster student, in its order")
	f.StringVar(&opts.Compare, "compare", "", "a previous batch's output folder: list every student whose score changed since, and the checks that flipped")
	f.StringVar(&opts.Export.Assignment, "assignment", "QueueLab", `the assignment's name in canvas.csv and moodle.csv ("Name (1234)" fills Canvas assignment 1234)`)
	f.BoolVar(&opts.Export.PerObjective, "per-objective", false, "export one column per objective instead of the total")
	bcfg.RegisterFlags(f)
	f.StringVar(&opts.Runner.WorkDir, "work-dir", "", "where submissions are unpacked and built (default the system's temporary folder)")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

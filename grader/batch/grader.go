package batch

import (
	"context"
	"time"

	"github.com/queuelab/queuelab/grader/batch/intake"
	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/runner"
)

// Submission is one student's sources, taken out of their submission and
// laid out as a repository: Dir/exercises/NN_name/*.go and Dir/learner.yaml.
type Submission struct {
	// ID is the student's id, as the outputs name them.
	ID string
	// Entry is the submission's name in the submissions folder.
	Entry string
	// Dir is the folder with the sources.
	Dir string
	// Learner is the learner name the checks use in resource names.
	Learner string
}

// Grader grades one submission. It must return a report for everything the
// submission's code does (a compile error, a crash, a timeout); an error
// means the grader itself failed, and a resumed batch tries again.
type Grader interface {
	Grade(ctx context.Context, sub Submission) (*report.Report, error)
}

// RunnerGrader grades with the grader's own runner: each submission in its
// own work folder with the pristine checks, each exercise's test process in
// its own process group, time-limited and with its output capped.
type RunnerGrader struct {
	// Pristine is the grader's own copy of the module; "" finds it.
	Pristine string
	// Endpoint is the SQS/SNS endpoint; "" gives each check an embedded
	// emulator in its own test process.
	Endpoint string
	// Backend names the backend in the reports.
	Backend string
	// Lacks names the features the backend lacks, with why.
	Lacks map[string]string
	// CheckTimeout bounds one check; 0 is the runner's default.
	CheckTimeout time.Duration
	// MemoryLimit caps each test process's address space, in bytes; 0 is
	// none (see runner.Options.MemoryLimit).
	MemoryLimit int64
	// Jobs is how many exercises of one submission run at once.
	Jobs int
	// WorkDir is where work folders are made; "" is the system's.
	WorkDir string
	// Exercises selects exercises by id; empty grades every one.
	Exercises []string
	// Shared is the batch's store of test binaries (see
	// runner.SharedBinaries); nil links every submission's own.
	Shared *runner.SharedBinaries
}

// Warm compiles what every submission's checks import, once, before the
// first submission's time limit starts (see runner.WarmBuildCache).
func (g RunnerGrader) Warm(ctx context.Context) error {
	return runner.WarmBuildCache(ctx, g.Pristine)
}

// Grade runs the runner on the submission. The per-submission deadline of
// ctx becomes the runner's own time limit, so a submission out of time still
// gets a report with the verdicts observed so far.
func (g RunnerGrader) Grade(ctx context.Context, sub Submission) (*report.Report, error) {
	opts := runner.Options{
		Pristine:     g.Pristine,
		Sources:      sub.Dir,
		Endpoint:     g.Endpoint,
		Lacks:        g.Lacks,
		Backend:      g.Backend,
		CheckTimeout: g.CheckTimeout,
		MemoryLimit:  g.MemoryLimit,
		Jobs:         g.Jobs,
		WorkDir:      g.WorkDir,
		Exercises:    g.Exercises,
		SharedBins:   g.Shared,
	}
	if sub.Learner != "" {
		opts.Env = append(opts.Env, "QUEUELAB_LEARNER="+sub.Learner)
	}
	if deadline, ok := ctx.Deadline(); ok {
		opts.Timeout = time.Until(deadline)
	}
	r, err := runner.Run(ctx, opts)
	if err != nil {
		return nil, err
	}
	forStudent(r)
	return r, nil
}

// forStudent drops the runner's warnings that are not news to a student
// graded by the batch: it takes no test files from a submission on
// purpose, so that they are missing tells the student nothing.
func forStudent(r *report.Report) {
	r.WithoutWarnings(report.WarningMissingCheck)
}

// intakeWarnings are what intake refused or skipped in a submission, as
// the report's warnings.
func intakeWarnings(in intake.Result) []report.Warning {
	var out []report.Warning
	for _, w := range in.Warnings {
		out = append(out, report.Warning{Kind: report.WarningSubmission, Message: w})
	}
	return out
}

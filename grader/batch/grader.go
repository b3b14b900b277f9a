package batch

import (
	"context"
	"slices"
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
	// Options are what every submission is graded with: the pristine copy,
	// the backend (Endpoint, Backend, Lacks), CheckTimeout, MemoryLimit (0
	// is none), Jobs (exercises of one submission at once), WorkDir,
	// Exercises and SharedBins, the batch's store of test binaries (nil
	// links every submission's own). Grade sets Sources to the submission,
	// adds its learner to Env, and makes the submission's deadline the
	// Timeout.
	Options runner.Options
}

// Warm compiles what every submission's checks import, once, before the
// first submission's time limit starts (see runner.WarmBuildCache).
func (g RunnerGrader) Warm(ctx context.Context) error {
	return runner.WarmBuildCache(ctx, g.Options.Pristine)
}

// Grade runs the runner on the submission. The per-submission deadline of
// ctx becomes the runner's own time limit, so a submission out of time still
// gets a report with the verdicts observed so far.
func (g RunnerGrader) Grade(ctx context.Context, sub Submission) (*report.Report, error) {
	opts := g.Options
	opts.Sources, opts.Solutions = sub.Dir, false
	if sub.Learner != "" {
		// Clipped: submissions graded at once never share Env's array.
		opts.Env = append(slices.Clip(opts.Env), "QUEUELAB_LEARNER="+sub.Learner)
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

package batch

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/batch/intake"
	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/runner"
)

// TestForStudentDropsMissingChecksByKind: the batch drops the runner's
// "missing from your copy" warnings by their kind, not their words, and
// keeps every other warning whatever it says.
func TestForStudentDropsMissingChecksByKind(t *testing.T) {
	t.Parallel()
	r := &report.Report{Warnings: []report.Warning{
		{Kind: report.WarningMissingCheck, Exercise: "01_dummy_queue", File: "exercises/01_dummy_queue/queue_test.go", Message: "reworded: no queue_test.go"},
		{Kind: report.WarningEditedCheck, Message: "exercises/is missing from your copy_test.go differs from the grader's copy"},
		{Kind: report.WarningLearnerFile, Message: "learner file: missing"},
	}}
	forStudent(r)
	assert.Equal(t, []string{
		"exercises/is missing from your copy_test.go differs from the grader's copy",
		"learner file: missing",
	}, report.WarningMessages(r.Warnings))
}

func TestIntakeWarningsAreAboutTheSubmission(t *testing.T) {
	t.Parallel()
	ws := intakeWarnings(intake.Result{Warnings: []string{"skipped link"}})
	assert.Equal(t, []report.Warning{{Kind: report.WarningSubmission, Message: "skipped link"}}, ws)
	assert.Empty(t, intakeWarnings(intake.Result{}))
}

// TestDefaultGraderTakesTheRunnerOptions: the batch's runner options reach
// the RunnerGrader as they are, but for the batch's own meanings: its
// defaults, a negative memory limit for none, and no lasting binary cache.
func TestDefaultGraderTakesTheRunnerOptions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		memory    int64
		endpoint  string
		wantMem   int64
		wantBknd  string
		wantCheck time.Duration
	}{
		{"defaults", 0, "", DefaultMemoryLimit, "embedded", DefaultCheckTimeout},
		{"no memory limit", -1, "http://localhost:4566", 0, "endpoint", DefaultCheckTimeout},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := Options{Submissions: t.TempDir(), Out: t.TempDir(), Jobs: 2, Runner: runner.Options{
				Pristine: "/pristine", Endpoint: tc.endpoint, Lacks: map[string]string{"fifo": "no"},
				MemoryLimit: tc.memory, WorkDir: t.TempDir(), Exercises: []string{"01_dummy_queue"},
				BinCache: "/lasting",
			}}
			require.NoError(t, opts.defaults())
			g, done, err := opts.defaultGrader()
			require.NoError(t, err)
			defer done()
			got := g.Options
			assert.Equal(t, tc.wantMem, got.MemoryLimit)
			assert.Equal(t, tc.wantBknd, got.Backend)
			assert.Equal(t, tc.wantCheck, got.CheckTimeout)
			assert.Equal(t, "/pristine", got.Pristine)
			assert.Equal(t, tc.endpoint, got.Endpoint)
			assert.Equal(t, map[string]string{"fifo": "no"}, got.Lacks)
			assert.Equal(t, opts.Runner.WorkDir, got.WorkDir)
			assert.Equal(t, []string{"01_dummy_queue"}, got.Exercises)
			assert.GreaterOrEqual(t, got.Jobs, 4)
			assert.NotNil(t, got.SharedBins)
			assert.Empty(t, got.BinCache, "a submission's code could write to a lasting cache")
		})
	}
}

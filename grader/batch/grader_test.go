package batch

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/queuelab/queuelab/grader/batch/intake"
	"github.com/queuelab/queuelab/grader/report"
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

package report_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

func TestWhyAndDetails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		check         report.CheckResult
		location, why string
		details       string
	}{
		{"pass says nothing", report.CheckResult{Status: report.StatusPass, Message: "ok"}, "", "", ""},
		{"fail with place", report.CheckResult{Status: report.StatusFail, Message: "\n  got 1\nwant 2\n", File: "a.go", Line: 3},
			"a.go:3", "a.go:3: got 1", "a.go:3: got 1\nwant 2"},
		{"file without line", report.CheckResult{Status: report.StatusFail, Message: "boom", File: "a.go"}, "a.go", "a.go: boom", "a.go: boom"},
		{"compiler message names the file itself", report.CheckResult{Status: report.StatusError, Message: "a.go:3:5: undefined: x", File: "a.go", Line: 3},
			"a.go:3", "a.go:3:5: undefined: x", "a.go:3:5: undefined: x"},
		{"never ran", report.CheckResult{Status: report.StatusError}, "", "did not run", "did not run"},
		{"skip without reason", report.CheckResult{Status: report.StatusSkip}, "", "the backend cannot run this check", "the backend cannot run this check"},
		{"fail without message", report.CheckResult{Status: report.StatusFail}, "", "failed", "failed"},
		{"unknown status is not a pass", report.CheckResult{Message: "x"}, "", "x", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.location, tt.check.Location())
			assert.Equal(t, tt.why, tt.check.Why())
			assert.Equal(t, tt.details, tt.check.Details())
		})
	}
}

func TestNextStep(t *testing.T) {
	t.Parallel()
	c, ok := reporttest.Mixed().NextStep()
	assert.True(t, ok)
	assert.Equal(t, "TestDeletesAfterProcessing", c.Name)

	_, ok = reporttest.AllPass().NextStep()
	assert.False(t, ok)

	r := reporttest.Mixed()
	r.Objectives[1].Checks[0].Status = report.StatusSkip
	r.Objectives[2].Checks[0].Status = report.StatusSkip
	_, ok = r.NextStep()
	assert.False(t, ok, "skipped checks are not a next step")
}

func TestObjectivesMet(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 4, reporttest.AllPass().ObjectivesMet())
	assert.Equal(t, 1, reporttest.Mixed().ObjectivesMet())
	assert.Equal(t, 0, reporttest.Empty().ObjectivesMet())
}

package report_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/queuelab/queuelab/grader/report"
)

func TestRunnerStatus(t *testing.T) {
	t.Parallel()
	check := func(s report.Status) report.CheckResult { return report.CheckResult{Status: s} }
	pass, fail := check(report.StatusPass), check(report.StatusFail)
	errored, skipped := check(report.StatusError), check(report.StatusSkip)
	for _, tt := range []struct {
		check report.CheckResult
		want  string
	}{{pass, "pass"}, {fail, "fail"}, {errored, "error"}, {skipped, "error"}} {
		assert.Equal(t, tt.want, tt.check.RunnerStatus(), "a %s check", tt.check.Status)
	}
	for _, tt := range []struct {
		name   string
		checks []report.CheckResult
		want   string
	}{
		{"no checks", nil, "error"},
		{"none ran", []report.CheckResult{errored, skipped}, "error"},
		{"all passed", []report.CheckResult{pass, pass}, "pass"},
		{"one failed", []report.CheckResult{pass, fail}, "fail"},
		{"one did not run", []report.CheckResult{pass, errored}, "fail"},
	} {
		assert.Equal(t, tt.want, report.RunnerStatus(tt.checks), tt.name)
	}
}

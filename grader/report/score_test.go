package report_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/queuelab/queuelab/grader/report"
)

func TestTally(t *testing.T) {
	t.Parallel()
	check := func(s report.Status, points int) report.CheckResult {
		return report.CheckResult{Status: s, MaxScore: points, Score: 99, Passed: s != report.StatusPass}
	}
	r := report.Report{Objectives: []report.ObjectiveResult{
		{ID: "LO1", Checks: []report.CheckResult{check(report.StatusPass, 2), check(report.StatusSkip, 3)}},
		{ID: "LO2", Checks: []report.CheckResult{check(report.StatusPass, 1), check(report.StatusFail, 4), check(report.StatusError, 5)}},
	}}
	r.Tally()
	lo1, lo2 := r.Objectives[0], r.Objectives[1]
	assert.Equal(t, []int{2, 0}, []int{lo1.Checks[0].Score, lo1.Checks[1].Score}, "only a pass earns points")
	assert.True(t, lo1.Checks[0].Passed)
	assert.False(t, lo1.Checks[1].Passed)
	assert.Equal(t, 2, lo1.Score)
	assert.Equal(t, 2, lo1.MaxScore, "a skipped check counts toward no maximum")
	assert.True(t, lo1.Passed, "a skip does not fail an objective")
	assert.Equal(t, 1, lo2.Score)
	assert.Equal(t, 10, lo2.MaxScore)
	assert.False(t, lo2.Passed)
	assert.Equal(t, 3, r.Score)
	assert.Equal(t, 12, r.MaxScore)
	assert.False(t, r.Passed)
	assert.Equal(t, 3, r.ExerciseScore(""), "every check here is of exercise \"\"")
	assert.Zero(t, r.ExerciseScore("02_sqs_send"))

	empty := report.Report{}
	empty.Tally()
	assert.True(t, empty.Passed, "nothing to fail")
}

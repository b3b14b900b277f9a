package report_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
		{"panic in a goroutine", report.CheckResult{Status: report.StatusError, Reason: report.ReasonPanic, Function: "Produce.func1",
			Message: "assignment to entry in nil map\ngoroutine 7", File: "q.go", Line: 27},
			"q.go:27", "panicked in a goroutine started by Produce (q.go:27): assignment to entry in nil map",
			"panicked in a goroutine started by Produce (q.go:27): assignment to entry in nil map\ngoroutine 7"},
		{"panic message keeps no panic: prefix", report.CheckResult{Status: report.StatusError, Reason: report.ReasonPanic, Function: "(*Queue).Consume",
			Message: "panic: runtime error: index out of range [0] with length 0"},
			"", "panicked in (*Queue).Consume: runtime error: index out of range [0] with length 0",
			"panicked in (*Queue).Consume: runtime error: index out of range [0] with length 0"},
		{"panic with nothing known", report.CheckResult{Status: report.StatusError, Reason: report.ReasonPanic}, "", "panicked", "panicked"},
		{"stuck", report.CheckResult{Status: report.StatusError, Reason: report.ReasonTimeout, Function: "Consume", Duration: 10*time.Second + 300*time.Millisecond,
			Message: "did not finish", File: "q.go", Line: 31},
			"q.go:31", "stuck for 10s in Consume (q.go:31): did not finish", "stuck for 10s in Consume (q.go:31): did not finish"},
		{"stuck without a function", report.CheckResult{Status: report.StatusError, Reason: report.ReasonTimeout}, "", "stuck", "stuck"},
		{"comparison and seed follow in details", report.CheckResult{Status: report.StatusFail, Message: "wrong message", Expected: `"a"`, Actual: `"b"`, Seed: "42"},
			"", "wrong message", "wrong message\nexpected: \"a\"\ngot: \"b\"\nseed: QUEUELAB_SEED=42"},
		{"a pass shows no comparison", report.CheckResult{Status: report.StatusPass, Expected: "a", Actual: "a"}, "", "", ""},
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

func TestFunctionName(t *testing.T) {
	t.Parallel()
	tests := []struct{ raw, want string }{
		{"Consume", "Consume"},
		{"(*Queue).Consume", "(*Queue).Consume"},
		{"Produce.func1", "a goroutine started by Produce"},
		{"Produce.func1.2", "a goroutine started by Produce"},
		{"Process.gowrap1", "a goroutine started by Process"},
		{"(*VisibilityQueue).Receive.func3", "a goroutine started by (*VisibilityQueue).Receive"},
		{"func1", "func1"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, report.FunctionName(tt.raw), tt.raw)
	}
}

func TestCauseAndAdvice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		check         report.CheckResult
		cause, advice string
	}{
		{"compiler message loses its place", report.CheckResult{Status: report.StatusError, Reason: report.ReasonCompile,
			Message: "exercises/06_fifo/orders.go:12:5: undefined: x", File: "exercises/06_fifo/orders.go", Line: 12, Hint: "unrelated"},
			"undefined: x", "Fix the compile error in exercises/06_fifo/orders.go:12 first: undefined: x"},
		{"message without a place", report.CheckResult{Status: report.StatusFail, Message: "got 1", File: "a.go", Hint: "do it"}, "got 1", "do it"},
		{"no hint gives why", report.CheckResult{Status: report.StatusFail, Message: "got 1", File: "a.go", Line: 2}, "got 1", "a.go:2: got 1"},
		{"compile error without a message", report.CheckResult{Status: report.StatusError, Reason: report.ReasonCompile}, "", "Fix the compile error first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.cause, tt.check.Cause())
			assert.Equal(t, tt.advice, tt.check.Advice())
		})
	}
}

func TestNextStepInLessonOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		report func() *report.Report
		want   string
	}{
		{"an earlier exercise before an earlier objective", reporttest.LessonOrder, "02_sqs_send/TestSaleHasAuthorAttribute"},
		{"a compile error first, even after a failure", reporttest.NotCompiled, "06_fifo/TestCreatesFifoQueue"},
		{"within an exercise by step, not objective", func() *report.Report {
			r := reporttest.LessonOrder()
			r.Objectives[2].Checks[1].Status = report.StatusPass // 02_sqs_send done
			r.Objectives[1].Checks[0].Status = report.StatusPass // 03_sqs_consume done
			return r
		}, "04_dlq/TestCreatesDeadLetterQueue"},
		{"exercises the report does not place come last", func() *report.Report {
			r := reporttest.LessonOrder()
			r.Exercises = []string{"03_sqs_consume", "04_dlq"}
			return r
		}, "03_sqs_consume/TestConsumerUsesLongPolling"},
		{"mixed", reporttest.Mixed, "03_sqs_consume/TestDeletesAfterProcessing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, ok := tt.report().NextStep()
			require.True(t, ok)
			assert.Equal(t, tt.want, c.Exercise+"/"+c.Name)
		})
	}
}

func TestNotCompiledOncePerExercise(t *testing.T) {
	t.Parallel()
	nc := reporttest.NotCompiled().NotCompiled()
	require.Len(t, nc, 1)
	assert.Equal(t, "06_fifo/TestCreatesFifoQueue", nc[0].Exercise+"/"+nc[0].Name)
	assert.Empty(t, reporttest.Mixed().NotCompiled())
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

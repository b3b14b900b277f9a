package classreport

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

// stopped is a report whose check of 01_dummy_queue ended as c says,
// every other check passing.
func stopped(c report.CheckResult) *report.Report {
	r := reporttest.AllPass()
	cr := &r.Objectives[0].Checks[1]
	c.Name, c.Exercise, c.MaxScore, c.Hint = cr.Name, cr.Exercise, cr.MaxScore, cr.Hint
	if c.Status == "" {
		c.Status = report.StatusError
	}
	*cr = c
	return refinish(r)
}

func TestNote(t *testing.T) {
	t.Parallel()
	queue := "exercises/01_dummy_queue/queue.go"
	cases := []struct {
		name string
		res  Result
		want string
	}{
		{"clean", Result{Status: StatusGraded, Report: reporttest.AllPass()}, ""},
		{"a failed assertion is no trouble", Result{Status: StatusGraded, Report: reporttest.Mixed()}, ""},
		{"panic", Result{Status: StatusGraded, Report: panicked()}, "panicked in Dequeue (exercises/01_dummy_queue/queue.go:27)"},
		{"hung", Result{Status: StatusGraded, Report: hung()}, "stuck in Consume (exercises/03_sqs_consume/consumer.go:31) — stopped after 10s"},
		{"hung, nowhere known", Result{Status: StatusGraded, Report: stopped(report.CheckResult{Reason: report.ReasonTimeout})},
			"stuck in 01_dummy_queue — stopped at its time limit"},
		{"panic in init", Result{Status: StatusGraded, Report: stopped(report.CheckResult{Reason: report.ReasonPanic, File: queue, Line: 3})},
			"panicked in 01_dummy_queue (exercises/01_dummy_queue/queue.go:3)"},
		{"crash", Result{Status: StatusGraded, Report: stopped(report.CheckResult{Reason: report.ReasonCrash})},
			"crashed in 01_dummy_queue: the test process ended early"},
		{"flood", Result{Status: StatusGraded, Report: stopped(report.CheckResult{Reason: report.ReasonFlood})},
			"printed far too much in 01_dummy_queue — stopped"},
		{"out of memory", Result{Status: StatusGraded, Report: stopped(report.CheckResult{Reason: report.ReasonOutOfMemory, Function: "Enqueue"})},
			"ran out of memory in Enqueue"},
		{"grader", Result{Status: StatusGraded, Report: stopped(report.CheckResult{Reason: report.ReasonGrader})},
			"the grader failed on 01_dummy_queue (not the student's fault)"},
		{"compile error by reason", Result{Status: StatusGraded, Report: stopped(report.CheckResult{Reason: report.ReasonCompile, Message: "build failed"})},
			"does not compile: 01_dummy_queue"},
		{"compile error, from a journal without reasons", Result{Status: StatusGraded, Report: reporttest.CompileError()},
			"does not compile: 02_sqs_send"},
		{"not graded", Result{Status: StatusUnreadable, Error: "read x.zip: zip: not a valid zip file", Report: reporttest.NeverRan()},
			"read x.zip: zip: not a valid zip file"},
		// The words of the runner before reasons were recorded, as journals
		// written then keep them.
		{"legacy panic", Result{Status: StatusGraded, Report: stopped(report.CheckResult{
			Message: "did not run: the test process crashed first: panic: fixture: a panic while the package initialises"})},
			"panicked in 01_dummy_queue"},
		{"legacy panic with a place is no compile error", Result{Status: StatusGraded, Report: stopped(report.CheckResult{
			Message: "panic: runtime error: index out of range", File: queue, Line: 27})},
			"panicked in 01_dummy_queue (exercises/01_dummy_queue/queue.go:27)"},
		{"legacy hang", Result{Status: StatusGraded, Report: stopped(report.CheckResult{
			Message: "the test process was stopped after 50.1s: too slow, or stuck"})},
			"stuck in 01_dummy_queue — stopped after 50.1s"},
		{"legacy flood", Result{Status: StatusGraded, Report: stopped(report.CheckResult{
			Message: "the test process was stopped: it printed far too much output"})},
			"printed far too much in 01_dummy_queue — stopped"},
		{"legacy exit", Result{Status: StatusGraded, Report: stopped(report.CheckResult{
			Message: "did not run: the test process ended before this check started (os.Exit or a crash in the code under test?)"})},
			"crashed in 01_dummy_queue: the test process ended early"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Note(tc.res))
			assert.Equal(t, tc.want != "", Misbehaved(tc.res), "Misbehaved is told from the data, not the note")
		})
	}
}

func TestTroublesOncePerPlaceInLessonOrder(t *testing.T) {
	t.Parallel()
	r := panicked()
	// The same panic stops a second check; a later exercise hangs.
	lo4 := r.Objectives[3].Checks
	lo4[1] = r.Objectives[0].Checks[1]
	lo4[1].Name = "TestAnother"
	lo4[0].Status, lo4[0].Passed, lo4[0].Reason = report.StatusError, false, report.ReasonTimeout
	lo4[0].Function, lo4[0].Duration = "Send", 10*time.Second
	assert.Equal(t, []Trouble{
		{Reason: report.ReasonPanic, Exercise: "01_dummy_queue", Function: "Dequeue", Location: "exercises/01_dummy_queue/queue.go:27"},
		{Reason: report.ReasonTimeout, Exercise: "02_sqs_send", Function: "Send", Stopped: 10 * time.Second},
	}, Troubles(r))
}

func TestCompileErrorsByReason(t *testing.T) {
	t.Parallel()
	withReason := stopped(report.CheckResult{Reason: report.ReasonCompile, Message: "undefined: Queue", File: "exercises/01_dummy_queue/queue.go", Line: 4})
	assert.Equal(t, map[string]string{"01_dummy_queue": "exercises/01_dummy_queue/queue.go:4: undefined: Queue"}, CompileErrors(withReason))
	// Once reasons are recorded, words that look like a compiler's do not
	// make a compile error.
	panicAt := stopped(report.CheckResult{Reason: report.ReasonPanic, Message: "exercises/01_dummy_queue/queue.go:27: build failed"})
	assert.Empty(t, CompileErrors(panicAt))
}

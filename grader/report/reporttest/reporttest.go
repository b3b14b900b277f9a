// Package reporttest holds sample reports for the tests of the output
// formats: a run where every check passes, a mixed run, a run where one
// exercise does not compile, a run where no check ran, an empty run, a run
// whose strings are full of characters that formats must escape, and the
// runs that show why a check failed (see why.go). Every function returns a
// fresh value, so a test may change what it gets.
package reporttest

import (
	"slices"
	"time"

	"github.com/queuelab/queuelab/grader/report"
)

// Sample is a named sample report, for table-driven tests.
type Sample struct {
	Name   string
	Report *report.Report
}

// All returns every sample, in a fixed order.
func All() []Sample {
	return []Sample{
		{"all_pass", AllPass()},
		{"mixed", Mixed()},
		{"compile_error", CompileError()},
		{"never_ran", NeverRan()},
		{"empty", Empty()},
		{"escaping", Escaping()},
		{"not_compiled", NotCompiled()},
		{"panicked", Panicked()},
		{"stuck", Stuck()},
		{"scoped", Scoped()},
		{"expected_actual", ExpectedActual()},
		{"seeded", Seeded()},
		{"lesson_order", LessonOrder()},
	}
}

// Lesson is the catalogue's exercises in lesson order.
var Lesson = []string{
	"00_quiz", "01_dummy_queue", "02_sqs_send", "03_sqs_consume", "04_dlq",
	"05_sns_fanout", "06_fifo", "07_event_driven", "08_large_payloads",
}

// The lesson's objectives, as the catalogue titles them.
const (
	LO1 = "Understand what a queue is, and its use cases"
	LO2 = "Understand how system design can change to utilise queues"
	LO3 = "Understand the pub/sub model, and its use cases"
	LO4 = "Create/use a queue and a notification topic in AWS"
)

// check is a passing check; the samples change what differs.
func check(exercise, name string, points int, hint string) report.CheckResult {
	return report.CheckResult{
		Name:     name,
		Exercise: exercise,
		Status:   report.StatusPass,
		Passed:   true,
		Score:    points,
		MaxScore: points,
		Hint:     hint,
		Duration: 120 * time.Millisecond,
	}
}

func fail(c report.CheckResult, message, file string, line int) report.CheckResult {
	c.Status, c.Passed, c.Score = report.StatusFail, false, 0
	c.Message, c.File, c.Line = message, file, line
	return c
}

func errored(c report.CheckResult, message, file string, line int) report.CheckResult {
	c = fail(c, message, file, line)
	c.Status = report.StatusError
	c.Duration = 0
	return c
}

func skipped(c report.CheckResult, message string) report.CheckResult {
	c = fail(c, message, "", 0)
	c.Status = report.StatusSkip
	c.Duration = 0
	return c
}

// The checks of a complete run, every one passing, in objective order.
func passingObjectives() []report.ObjectiveResult {
	return []report.ObjectiveResult{
		{ID: "LO1", Title: LO1, Checks: []report.CheckResult{
			check("00_quiz", "TestQuizAnswers", 2, "Re-read \"What is a queue?\" and answer every question in answers.go."),
			check("01_dummy_queue", "TestDummyQueueIsFIFO", 3, "Dequeue must return the oldest message first."),
		}},
		{ID: "LO2", Title: LO2, Checks: []report.CheckResult{
			check("03_sqs_consume", "TestDeletesAfterProcessing", 3, "Delete a message with its receipt handle only after it was processed."),
			check("04_dlq", "TestRedrivePolicySendsToDLQ", 3, "Set RedrivePolicy with the DLQ's ARN and maxReceiveCount 3."),
		}},
		{ID: "LO3", Title: LO3, Checks: []report.CheckResult{
			check("05_sns_fanout", "TestFanOutToTwoQueues", 4, "Subscribe both queues to the topic and allow SNS to send to them."),
		}},
		{ID: "LO4", Title: LO4, Checks: []report.CheckResult{
			check("02_sqs_send", "TestCreatesEncryptedQueue", 2, "Create the queue with SqsManagedSseEnabled set to true."),
			check("06_fifo", "TestDeduplicatesSales", 3, "Use the sale id as MessageDeduplicationId."),
		}},
	}
}

// finish fills the objective and report totals from the checks, and the
// lesson's exercises in order, as the runner does.
func finish(r *report.Report) *report.Report {
	r.Score, r.MaxScore, r.Passed = 0, 0, true
	r.Exercises = slices.Clone(Lesson)
	for i := range r.Objectives {
		o := &r.Objectives[i]
		o.Score, o.MaxScore, o.Passed = 0, 0, true
		for _, c := range o.Checks {
			o.Score += c.Score
			o.MaxScore += c.MaxScore
			o.Passed = o.Passed && c.Passed
		}
		r.Score += o.Score
		r.MaxScore += o.MaxScore
		r.Passed = r.Passed && o.Passed
	}
	return r
}

// AllPass is a run where every check passed.
func AllPass() *report.Report {
	return finish(&report.Report{
		Learner:    "ada",
		Confidence: map[string]int{"queues": 4, "sqs": 4, "failure_handling": 3, "topics": 5, "overall": 4},
		Backend:    "embedded",
		Objectives: passingObjectives(),
		Duration:   2300 * time.Millisecond,
	})
}

// Mixed is a run with passing, failing and skipped checks: LO1 met, LO2 and
// LO3 failing, LO4 missing a check the backend could not run.
func Mixed() *report.Report {
	o := passingObjectives()
	o[1].Checks[0] = fail(o[1].Checks[0],
		"message was received 3 times: delete it after processing",
		"exercises/03_sqs_consume/consumer.go", 42)
	o[2].Checks[0] = fail(o[2].Checks[0], "not implemented yet", "exercises/05_sns_fanout/fanout.go", 17)
	o[3].Checks[1] = skipped(o[3].Checks[1], "the backend lacks fifo_deduplication")
	return finish(&report.Report{
		Learner:    "grace",
		Confidence: map[string]int{"queues": 3, "sqs": 2, "topics": 0},
		Backend:    "endpoint",
		Objectives: o,
		Duration:   3100 * time.Millisecond,
		Warnings: []report.Warning{{Kind: report.WarningEditedCheck, Exercise: "03_sqs_consume", File: "exercises/03_sqs_consume/consumer_test.go",
			Message: "exercises/03_sqs_consume/consumer_test.go differs from the grader's copy; the grader's copy was used"}},
	})
}

// CompileError is a run where exercise 02_sqs_send does not compile, so its
// check never ran; the other exercises did.
func CompileError() *report.Report {
	o := passingObjectives()
	o[3].Checks[0] = errored(o[3].Checks[0],
		"exercises/02_sqs_send/queue.go:12:5: undefined: sqs.CreateQueueInputt",
		"exercises/02_sqs_send/queue.go", 12)
	o[3].Checks[0].Reason = report.ReasonCompile
	return finish(&report.Report{
		Learner:    "linus",
		Backend:    "embedded",
		Objectives: o,
		Duration:   1800 * time.Millisecond,
	})
}

// NeverRan is a run where no check ran at all (the grader was stopped, or
// every exercise timed out): every check is still in its first state, error.
func NeverRan() *report.Report {
	o := passingObjectives()
	for i := range o {
		for j := range o[i].Checks {
			o[i].Checks[j] = errored(o[i].Checks[j], "", "", 0)
		}
	}
	return finish(&report.Report{Backend: "localstack", Objectives: o})
}

// Empty is a run that selected no checks.
func Empty() *report.Report {
	return finish(&report.Report{})
}

// Escaping is a run whose names, hints and messages hold what the formats
// must escape: XML and HTML markup, markdown, GitHub workflow-command
// characters, control characters and non-ASCII text.
func Escaping() *report.Report {
	o := []report.ObjectiveResult{
		{ID: "LO1", Title: "Queues & <topics>: “ünïcødé” 🚀", Checks: []report.CheckResult{
			fail(check("01_dummy_queue", "TestÜnicode_Name", 2, "Use `Enqueue` | not *Push* & <b>bold</b> 100% [link](x)"),
				"got \"a\"\r\nwant \"b\": 50% done, file=x,line=1 ::error::injected\x1b[31m",
				"exercises/01_dummy_queue/queue,odd:name.go", 7),
			check("01_dummy_queue", "TestPasses", 1, "never shown"),
		}},
		{ID: "LO2", Title: "Design", Checks: []report.CheckResult{
			errored(check("03_sqs_consume", "TestControl", 1, "hint with ]]> and \x00 nul"), "line1\nline2\n", "", 0),
		}},
	}
	r := finish(&report.Report{
		Learner:    "zoë",
		Backend:    "embedded",
		Objectives: o,
		Duration:   10 * time.Millisecond,
		Warnings:   []report.Warning{{Message: "warning with <xml> & 100%"}},
	})
	r.Objectives[0].Checks[0].Output = "=== RUN TestÜnicode_Name\n<output> & more\n--- FAIL"
	return r
}

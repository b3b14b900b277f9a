package classreport

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

// testCatalogue lists the checks of reporttest's samples.
func testCatalogue(t testing.TB) *catalogue.Catalogue {
	t.Helper()
	cat, err := catalogue.Parse([]byte(`
objectives:
  - {id: LO1, title: "` + reporttest.LO1 + `"}
  - {id: LO2, title: "` + reporttest.LO2 + `"}
  - {id: LO3, title: "` + reporttest.LO3 + `"}
  - {id: LO4, title: "` + reporttest.LO4 + `"}
exercises:
  - id: 00_quiz
    title: Quiz
    checks:
      - {name: TestQuizAnswers, objective: LO1, points: 2, hint: "Re-read the lesson."}
  - id: 01_dummy_queue
    title: Dummy queue
    checks:
      - {name: TestDummyQueueIsFIFO, objective: LO1, points: 3, hint: "Dequeue the oldest first."}
  - id: 02_sqs_send
    title: Send
    checks:
      - {name: TestCreatesEncryptedQueue, objective: LO4, points: 2, hint: "Turn SSE on."}
  - id: 03_sqs_consume
    title: Consume
    checks:
      - {name: TestDeletesAfterProcessing, objective: LO2, points: 3, hint: "Delete after processing."}
  - id: 04_dlq
    title: DLQ
    checks:
      - {name: TestRedrivePolicySendsToDLQ, objective: LO2, points: 3, hint: "Set RedrivePolicy."}
  - id: 05_sns_fanout
    title: Fan-out
    checks:
      - {name: TestFanOutToTwoQueues, objective: LO3, points: 4, hint: "Subscribe both queues."}
  - id: 06_fifo
    title: FIFO
    checks:
      - {name: TestDeduplicatesSales, objective: LO4, points: 3, hint: "Use MessageDeduplicationId."}
`))
	require.NoError(t, err)
	return cat
}

// class is a small class built from reporttest's samples.
func class(t testing.TB) []Result {
	t.Helper()
	cat := testCatalogue(t)
	mk := func(id string, r *report.Report, status Status, d time.Duration) Result {
		return Result{ID: id, Entry: id + ".zip", Kind: "zip", Status: status, Report: r, Duration: d}
	}
	results := []Result{
		mk("ada", reporttest.AllPass(), StatusGraded, 3*time.Second),
		mk("grace", reporttest.Mixed(), StatusGraded, 4*time.Second),
		mk("linus", reporttest.CompileError(), StatusGraded, 2*time.Second),
		mk("=HYPERLINK(\"http://x\")", reporttest.NeverRan(), StatusGraded, time.Second),
		{ID: "mallory", Entry: "mallory.tar.gz", Kind: "tar.gz", Status: StatusUnreadable,
			Error: "submission too large: more than 20000 entries", Report: Failed(cat, "submission too large: more than 20000 entries"),
			Duration: 10 * time.Millisecond},
	}
	Sort(results)
	return results
}

// troubledClass is class with two more students whose code misbehaved:
// hedy's Consume hung, ken's Dequeue panicked.
func troubledClass(t testing.TB) []Result {
	t.Helper()
	results := append(class(t),
		Result{ID: "hedy", Entry: "hedy", Kind: "folder", Status: StatusGraded, Report: hung(), Duration: 12 * time.Second},
		Result{ID: "ken", Entry: "ken.zip", Kind: "zip", Status: StatusGraded, Report: panicked(), Duration: 2500 * time.Millisecond})
	Sort(results)
	return results
}

// panicked is a run where Dequeue panicked in the one check of
// 01_dummy_queue.
func panicked() *report.Report {
	r := reporttest.AllPass()
	r.Learner, r.Confidence = "ken", nil
	c := &r.Objectives[0].Checks[1]
	c.Status, c.Passed, c.Score = report.StatusError, false, 0
	c.Reason = report.ReasonPanic
	c.Message = "panic: runtime error: index out of range [0] with length 0"
	c.Function, c.File, c.Line = "Dequeue", "exercises/01_dummy_queue/queue.go", 27
	return refinish(r)
}

// hung is a run where Consume never returned and its check was stopped
// after 10s.
func hung() *report.Report {
	r := reporttest.AllPass()
	r.Learner, r.Confidence = "hedy", map[string]int{"overall": 5}
	c := &r.Objectives[1].Checks[0]
	c.Status, c.Passed, c.Score = report.StatusError, false, 0
	c.Reason = report.ReasonTimeout
	c.Message = "timed out after 10s (an endless loop, or waiting for a message that never comes?)"
	c.Function, c.File, c.Line = "Consume", "exercises/03_sqs_consume/consumer.go", 31
	c.Duration = 10 * time.Second
	return refinish(r)
}

// refinish sums a changed report's scores again, as the runner does.
func refinish(r *report.Report) *report.Report {
	r.Score, r.MaxScore, r.Passed = 0, 0, true
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

// Package exercism writes a report as the results.json of Exercism's test
// runner interface, version 3, so QueueLab's exercises can run where an
// Exercism-style runner is expected:
//
//	{
//	  "version": 3,
//	  "status": "fail",          // pass: every check passed; error: no check ran; else fail
//	  "message": "...",          // only with status error: why nothing ran
//	  "tests": [{
//	    "name": "03_sqs_consume/TestDeletesAfterProcessing",
//	    "status": "fail",        // pass | fail | error (did not run, or skipped)
//	    "message": "Hint: ...",  // hint and why, only when not passed
//	    "output": "...",         // the check's output, at most 500 characters
//	    "test_code": "go test -run '^TestDeletesAfterProcessing$' ./exercises/03_sqs_consume",
//	    "task_id": 4             // the exercise's 1-based place in the lesson (Report.Exercises)
//	  }]
//	}
//
// Tests come in lesson order (exercise, then check), as the interface asks
// for the order of the tests file; the order travels in the report
// (Report.Exercises, CheckResult.Step), so this package needs no catalogue.
package exercism

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/queuelab/queuelab/grader/report"
)

// Limits the interface sets.
const (
	maxOutput     = 500
	maxMessage    = 65535 // bytes, for the top-level message
	truncatedNote = "\n\nOutput was truncated. Please limit to 500 chars"
)

type results struct {
	Version int     `json:"version"`
	Status  string  `json:"status"`
	Message *string `json:"message,omitempty"`
	Tests   []test  `json:"tests"`
}

type test struct {
	Name     string `json:"name"`
	Status   string `json:"status"`
	Message  string `json:"message,omitempty"`
	Output   string `json:"output,omitempty"`
	TestCode string `json:"test_code"`
	TaskID   int    `json:"task_id,omitempty"`
}

// Write writes r as results.json. Tests come in lesson order and are
// numbered by task as r.Exercises (the lesson's exercises, in order) says;
// a check of an exercise it does not list has no task_id and comes last.
func Write(w io.Writer, r *report.Report) error {
	if r == nil {
		return errors.New("write exercism results: no report")
	}
	checks := r.InLessonOrder()
	res := results{Version: 3, Status: report.RunnerStatus(checks), Tests: []test{}}
	if res.Status == "error" {
		msg := whyNothingRan(checks)
		res.Message = &msg
	}
	for _, ch := range checks {
		t := test{
			Name:     ch.Exercise + "/" + ch.Name,
			Status:   ch.RunnerStatus(),
			Output:   truncate(strings.TrimSpace(ch.Output)),
			TestCode: fmt.Sprintf("go test -run '^%s$' ./exercises/%s", ch.Name, ch.Exercise),
			TaskID:   taskID(r, ch.Exercise),
		}
		switch ch.Status {
		case report.StatusPass:
		case report.StatusSkip:
			t.Message = "Skipped: " + ch.Details()
		default:
			t.Message = message(ch)
		}
		res.Tests = append(res.Tests, t)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		return fmt.Errorf("write exercism results: %w", err)
	}
	return nil
}

// taskID is the exercise's 1-based place in the lesson, 0 when unknown.
func taskID(r *report.Report, exercise string) int {
	return slices.Index(r.Exercises, exercise) + 1
}

func message(ch report.CheckResult) string {
	var parts []string
	if ch.Hint != "" {
		parts = append(parts, "Hint: "+ch.Hint)
	}
	return strings.Join(append(parts, ch.Details()), "\n\n")
}

// whyNothingRan is the top-level message of an error result: the first
// reason a check gives, which for a compile error is the compiler's.
func whyNothingRan(checks []report.CheckResult) string {
	if len(checks) == 0 {
		return "No checks were selected, so nothing was graded."
	}
	msg := "No check ran."
	for _, ch := range checks {
		if strings.TrimSpace(ch.Message) != "" {
			msg = "No check ran: " + strings.TrimSpace(ch.Message)
			break
		}
	}
	if len(msg) > maxMessage {
		msg = msg[:maxMessage]
		for !utf8.ValidString(msg) {
			msg = msg[:len(msg)-1]
		}
	}
	return msg
}

// truncate keeps output within the interface's 500 characters, saying so
// when it cuts.
func truncate(s string) string {
	if utf8.RuneCountInString(s) <= maxOutput {
		return s
	}
	keep := maxOutput - utf8.RuneCountInString(truncatedNote)
	return string([]rune(s)[:keep]) + truncatedNote
}

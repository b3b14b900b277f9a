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
//	    "task_id": 4             // the exercise's 1-based place in the catalogue
//	  }]
//	}
//
// Tests come in the catalogue's order (exercise, then check), as the
// interface asks for the order of the tests file.
package exercism

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/catalogue"
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

// Write writes r as results.json, numbering tasks by QueueLab's catalogue.
func Write(w io.Writer, r *report.Report) error {
	return WriteCatalogue(w, r, exercises.Catalogue())
}

// WriteCatalogue writes r as results.json, numbering tasks and ordering
// tests by the catalogue c. A check of an exercise c does not list has no
// task_id and comes last.
func WriteCatalogue(w io.Writer, r *report.Report, c *catalogue.Catalogue) error {
	if r == nil {
		return errors.New("write exercism results: no report")
	}
	if c == nil {
		c = &catalogue.Catalogue{}
	}
	checks := ordered(r.Checks(), c)
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
			TaskID:   taskID(c, ch.Exercise),
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

// ordered sorts checks by their exercise's and then their own place in the
// catalogue, keeping the report's order for what the catalogue lacks.
func ordered(checks []report.CheckResult, c *catalogue.Catalogue) []report.CheckResult {
	type place struct{ exercise, check int }
	where := func(ch report.CheckResult) place {
		for i, e := range c.Exercises {
			if e.ID != ch.Exercise {
				continue
			}
			for j, k := range e.Check {
				if k.Name == ch.Name {
					return place{i, j}
				}
			}
			return place{i, len(e.Check)}
		}
		return place{len(c.Exercises), 0}
	}
	out := slices.Clone(checks)
	slices.SortStableFunc(out, func(a, b report.CheckResult) int {
		pa, pb := where(a), where(b)
		return cmp.Or(cmp.Compare(pa.exercise, pb.exercise), cmp.Compare(pa.check, pb.check))
	})
	return out
}

func taskID(c *catalogue.Catalogue, exercise string) int {
	for i, e := range c.Exercises {
		if e.ID == exercise {
			return i + 1
		}
	}
	return 0
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

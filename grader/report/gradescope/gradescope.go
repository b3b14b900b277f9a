// Package gradescope writes a report as the results.json that a Gradescope
// autograder leaves in /autograder/results/, following Gradescope's
// "Autograder Specifications":
//
//	{
//	  "score": 10,                 // number: points earned; overrides the sum of the tests
//	  "execution_time": 3,         // number: seconds
//	  "output": "QueueLab: ...",   // string shown above the tests
//	  "output_format": "text",     // shown as plain text, never as HTML
//	  "test_output_format": "text",
//	  "test_name_format": "text",
//	  "tests": [{
//	    "score": 0, "max_score": 3,
//	    "status": "failed",        // "passed" | "failed"
//	    "name": "03_sqs_consume/TestDeletesAfterProcessing",
//	    "name_format": "text",
//	    "number": "2.1",           // objective.check, so Gradescope orders by objective
//	    "output": "Hint: ...",     // the hint, why, and the check's output
//	    "output_format": "text",
//	    "tags": ["LO2", "03_sqs_consume"],
//	    "visibility": "visible"
//	  }]
//	}
//
// A skipped check or one that never ran is "failed" with no points: Gradescope
// has no other status, and neither earned its points.
package gradescope

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/queuelab/queuelab/grader/report"
)

type results struct {
	Score            int    `json:"score"`
	ExecutionTime    int    `json:"execution_time"`
	Output           string `json:"output"`
	OutputFormat     string `json:"output_format"`
	TestOutputFormat string `json:"test_output_format"`
	TestNameFormat   string `json:"test_name_format"`
	Tests            []test `json:"tests"`
}

type test struct {
	Score        int      `json:"score"`
	MaxScore     int      `json:"max_score"`
	Status       string   `json:"status"`
	Name         string   `json:"name"`
	NameFormat   string   `json:"name_format"`
	Number       string   `json:"number"`
	Output       string   `json:"output"`
	OutputFormat string   `json:"output_format"`
	Tags         []string `json:"tags"`
	Visibility   string   `json:"visibility"`
}

// Plain text: Gradescope renders "html", "md" and "simple_format" as markup,
// and a submission's messages must show as written.
const plain = "text"

// Write writes r to w as Gradescope's results.json.
func Write(w io.Writer, r *report.Report) error {
	if r == nil {
		return errors.New("write gradescope results: no report")
	}
	res := results{
		Score:            r.Score,
		ExecutionTime:    int(math.Round(r.Duration.Seconds())),
		Output:           summary(r),
		OutputFormat:     plain,
		TestOutputFormat: plain,
		TestNameFormat:   plain,
		Tests:            []test{},
	}
	for i, o := range r.Objectives {
		for j, c := range o.Checks {
			t := test{
				Score:        c.Score,
				MaxScore:     c.MaxScore,
				Status:       "failed",
				Name:         c.Exercise + "/" + c.Name,
				NameFormat:   plain,
				Number:       fmt.Sprintf("%d.%d", i+1, j+1),
				Output:       output(c),
				OutputFormat: plain,
				Tags:         []string{o.ID, c.Exercise},
				Visibility:   "visible",
			}
			if c.Status == report.StatusPass {
				t.Status = "passed"
			}
			res.Tests = append(res.Tests, t)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		return fmt.Errorf("write gradescope results: %w", err)
	}
	return nil
}

// summary is the text above the tests: the total, every objective, and
// what to do next.
func summary(r *report.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "QueueLab: %d/%d points, %d of %d objectives met\n", r.Score, r.MaxScore, r.ObjectivesMet(), len(r.Objectives))
	for _, o := range r.Objectives {
		mark := "✗"
		if o.Passed {
			mark = "✓"
		}
		fmt.Fprintf(&b, "%s %s %s: %d/%d\n", mark, o.ID, o.Title, o.Score, o.MaxScore)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "Warning: %s\n", w.Message)
	}
	if c, ok := r.NextStep(); ok {
		fmt.Fprintf(&b, "Next: %s/%s: %s\n", c.Exercise, c.Name, c.Advice())
	}
	return b.String()
}

// output is what a learner reads under a test: why it failed and the hint
// first, then the check's own output.
func output(c report.CheckResult) string {
	var parts []string
	switch c.Status {
	case report.StatusPass:
		parts = append(parts, "Passed.")
	case report.StatusSkip:
		parts = append(parts, "Skipped: "+c.Details())
	default:
		if c.Hint != "" {
			parts = append(parts, "Hint: "+c.Hint)
		}
		parts = append(parts, c.Details())
	}
	if out := strings.TrimSpace(c.Output); out != "" {
		parts = append(parts, "Output:\n"+out)
	}
	return strings.Join(parts, "\n\n")
}

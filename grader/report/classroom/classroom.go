// Package classroom writes a report as the result that GitHub Classroom's
// autograding reporter (classroom-resources/autograding-grading-reporter)
// reads: base64 of a JSON document shaped as Classroom's own graders
// (autograding-command-grader) write it,
//
//	{"version": 1, "status": "fail", "max_score": 20,
//	 "tests": [{"name": "...", "status": "fail", "score": 0, "message": "...",
//	            "test_code": "...", "filename": "...", "line_no": 42, "duration": 120}]}
//
// where status is "pass", "fail" or "error", score is points earned and
// duration is milliseconds. The reporter adds up the tests' scores against
// max_score, shows each test's message, and fails its step unless status is
// "pass".
//
// A workflow hands the result over through a step output named result:
//
//   - id: queuelab
//     run: go run github.com/queuelab/queuelab/grader/cmd/grader@v1.0.0 check --format classroom >> "$GITHUB_OUTPUT"
//   - uses: classroom-resources/autograding-grading-reporter@v1
//     if: always()
//     env:
//     QUEUELAB_RESULTS: ${{ steps.queuelab.outputs.result }}
//     with:
//     runners: queuelab
//
// The reporter reads <RUNNER>_RESULTS for each id in runners, upper-cased.
package classroom

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/queuelab/queuelab/grader/report"
)

// Result is the document the reporter decodes.
type Result struct {
	Version  int    `json:"version"`
	Status   string `json:"status"`
	MaxScore int    `json:"max_score"`
	Tests    []Test `json:"tests"`
}

// Test is one check as the reporter shows it.
type Test struct {
	Name     string `json:"name"`
	Status   string `json:"status"`
	Score    int    `json:"score"`
	Message  string `json:"message"`
	TestCode string `json:"test_code"`
	Filename string `json:"filename"`
	LineNo   int    `json:"line_no"`
	Duration int64  `json:"duration"`
}

// Write writes r as a step-output line, "result=<base64>\n", to append to
// the file named by $GITHUB_OUTPUT.
func Write(w io.Writer, r *report.Report) error {
	enc, err := Encode(r)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, "result="+enc+"\n"); err != nil {
		return fmt.Errorf("write classroom result: %w", err)
	}
	return nil
}

// Encode returns r's result as the reporter reads it: base64 of its JSON.
func Encode(r *report.Report) (string, error) {
	res, err := Convert(r)
	if err != nil {
		return "", err
	}
	doc, err := json.Marshal(res)
	if err != nil {
		return "", fmt.Errorf("encode classroom result: %w", err)
	}
	return base64.StdEncoding.EncodeToString(doc), nil
}

// Convert returns r as the reporter's result document.
func Convert(r *report.Report) (Result, error) {
	if r == nil {
		return Result{}, errors.New("write classroom result: no report")
	}
	checks := r.Checks()
	res := Result{Version: 1, Status: report.RunnerStatus(checks), MaxScore: r.MaxScore, Tests: []Test{}}
	for _, c := range checks {
		t := Test{
			Name:     c.Exercise + "/" + c.Name,
			Status:   c.RunnerStatus(),
			Score:    c.Score,
			TestCode: fmt.Sprintf("go test -run '^%s$' ./exercises/%s", c.Name, c.Exercise),
			Filename: c.File,
			LineNo:   c.Line,
			Duration: c.Duration.Milliseconds(),
		}
		switch c.Status {
		case report.StatusPass:
		case report.StatusSkip:
			t.Message = "Skipped: " + c.Details()
		default:
			t.Message = message(c)
		}
		res.Tests = append(res.Tests, t)
	}
	return res, nil
}

// message is what the reporter prints under a failed test: the hint, then
// why, then the rest of a message longer than one line, each on its own line.
func message(c report.CheckResult) string {
	var parts []string
	if c.Hint != "" {
		parts = append(parts, c.Hint)
	}
	return strings.Join(append(parts, c.Details()), "\n")
}

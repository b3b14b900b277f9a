// Package github writes a report for GitHub Actions: workflow-command
// annotations, which the runner reads from a step's standard output and
// shows on the lines of the learner's code, and a step summary in markdown,
// which the runner reads from the file named by $GITHUB_STEP_SUMMARY and
// shows on the run's page.
//
//	::error file=exercises/03_sqs_consume/consumer.go,line=42,title=LO2 03_sqs_consume/TestDeletesAfterProcessing (0/3)::Delete a message ...%0Aexercises/...
//
// Everything from a submission is escaped: annotation values as GitHub's
// workflow-command rules say (%, CR and LF; also : and , in properties), so
// that a message cannot end its command or start another; summary text as
// markdown and HTML, so that it shows as written.
package github

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/queuelab/queuelab/grader/report"
)

// SummaryEnv names the file a step appends its summary to.
const SummaryEnv = "GITHUB_STEP_SUMMARY"

// Write writes r's annotations to annotations (a step's standard output)
// and its markdown summary to summary.
func Write(annotations, summary io.Writer, r *report.Report) error {
	if err := WriteAnnotations(annotations, r); err != nil {
		return err
	}
	return WriteSummary(summary, r)
}

// WriteEnv is Write as a step on a runner does it: annotations to stdout,
// the summary appended to the file named by $GITHUB_STEP_SUMMARY, or after
// the annotations on stdout when that is not set (a local preview). getenv
// is os.Getenv outside tests.
func WriteEnv(stdout io.Writer, getenv func(string) string, r *report.Report) error {
	path := getenv(SummaryEnv)
	if path == "" {
		return Write(stdout, stdout, r)
	}
	if err := WriteAnnotations(stdout, r); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("open step summary: %w", err)
	}
	if err := WriteSummary(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write step summary: %w", err)
	}
	return nil
}

var errNoReport = errors.New("write github report: no report")

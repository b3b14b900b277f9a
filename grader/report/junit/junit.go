// Package junit writes reports as JUnit XML, the format GitHub's test
// reporters read (dorny/test-reporter, mikepenz/action-junit-report) and
// most CI systems show.
//
// One report is one <testsuite>; every check is a <testcase> whose classname
// is its objective ("LO2 Understand how system design ...") and whose name is
// "exercise/Check". A failed check has a <failure>, a check that never ran
// (it did not compile, crashed or timed out) an <error>, a check the backend
// could not run <skipped>. The failure's message attribute is the one line
// of why; its text adds the hint and the check's output. Each testcase also
// carries file and line attributes when the runner found where in the
// learner's code it failed, which mikepenz/action-junit-report turns into
// annotations on that line.
//
// The types are our own rather than a library's: they are a few lines, and
// the common Go JUnit types (go-junit-report's) have no file or line
// attribute on a testcase.
package junit

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/queuelab/queuelab/grader/report"
)

// Suite is one graded report, named for the learner it belongs to.
type Suite struct {
	Name   string
	Report *report.Report
}

// Write writes r as a JUnit document with one test suite, named after the
// learner (or "QueueLab" when the report has no learner).
func Write(w io.Writer, r *report.Report) error {
	if r == nil {
		return errors.New("write junit report: no report")
	}
	name := r.Learner
	if name == "" {
		name = "QueueLab"
	}
	return WriteSuites(w, []Suite{{Name: name, Report: r}})
}

// WriteSuites writes one JUnit document with a test suite per report, for
// the batch grader: one suite per learner.
func WriteSuites(w io.Writer, suites []Suite) error {
	doc := testsuites{Name: "QueueLab", Suites: []testsuite{}}
	for i, s := range suites {
		if s.Report == nil {
			return fmt.Errorf("write junit report: suite %d (%q) has no report", i, s.Name)
		}
		ts := convert(s.Name, s.Report)
		doc.Tests += ts.Tests
		doc.Failures += ts.Failures
		doc.Errors += ts.Errors
		doc.Skipped += ts.Skipped
		doc.Time += ts.Time
		doc.Suites = append(doc.Suites, ts)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write junit report: %w", err)
	}
	bw.WriteByte('\n')
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write junit report: %w", err)
	}
	return nil
}

func convert(name string, r *report.Report) testsuite {
	ts := testsuite{
		Name:      name,
		Time:      seconds(r.Duration),
		Testcases: []testcase{},
		Properties: &properties{Properties: []property{
			{Name: "score", Value: fmt.Sprint(r.Score)},
			{Name: "max_score", Value: fmt.Sprint(r.MaxScore)},
			{Name: "objectives_met", Value: fmt.Sprintf("%d/%d", r.ObjectivesMet(), len(r.Objectives))},
		}},
	}
	if r.Learner != "" {
		ts.Properties.Properties = append(ts.Properties.Properties, property{Name: "learner", Value: r.Learner})
	}
	if r.Backend != "" {
		ts.Properties.Properties = append(ts.Properties.Properties, property{Name: "backend", Value: r.Backend})
	}
	for _, o := range r.Objectives {
		classname := o.ID + " " + o.Title
		for _, c := range o.Checks {
			tc := testcase{
				Classname: classname,
				Name:      c.Exercise + "/" + c.Name,
				Time:      seconds(c.Duration),
				File:      c.File,
				Line:      c.Line,
				SystemOut: c.Output,
			}
			switch c.Status {
			case report.StatusPass:
			case report.StatusSkip:
				tc.Skipped = &result{Message: c.Why()}
				ts.Skipped++
			case report.StatusFail:
				tc.Failure = &result{Message: c.Why(), Type: "fail", Text: details(c)}
				ts.Failures++
			default: // error, or a status this package does not know: not passed
				tc.Error = &result{Message: c.Why(), Type: "error", Text: details(c)}
				ts.Errors++
			}
			ts.Tests++
			ts.Testcases = append(ts.Testcases, tc)
		}
	}
	return ts
}

// details is the text of a failure: the hint first, because it says what to
// do, then why, then the check's output.
func details(c report.CheckResult) string {
	s := ""
	if c.Hint != "" {
		s += "Hint: " + c.Hint + "\n"
	}
	return s + c.Details()
}

func seconds(d time.Duration) secondsAttr { return secondsAttr(d.Seconds()) }

package classreport

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/batch/classreport/browsertest"
	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/report"
)

// TestReportInBrowser opens the class report of a class graded on the
// lesson's own catalogue in headless Chromium, at 1280 px and in a narrow
// window. QUEUELAB_SCREENSHOTS=dir keeps the screenshots (report-1280.png,
// report-500.png) there, to look at.
func TestReportInBrowser(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cat := exercises.Catalogue()
	results := lessonClass(cat)
	require.NoError(t, WriteAll(dir, cat, results, HTMLOptions{}))
	path := filepath.Join(dir, ReportFile)

	dom := browsertest.Check(t, path, len(results))
	assert.Contains(t, dom, `<table id="troubled">`)
	assert.Contains(t, dom, "panicked in Dequeue (exercises/01_dummy_queue/queue.go:27)")
	assert.Contains(t, dom, "stuck in Consume (exercises/03_sqs_consume/consumer.go:31) — stopped after 10s")
	assert.Contains(t, dom, `<b id="stat-trouble">2</b>`)

	// What the catalogue says the page must show, in lesson order.
	var headings []string
	var labels []browsertest.Label
	for _, o := range cat.Objectives {
		heading := ""
		for _, e := range cat.Exercises {
			for _, c := range e.Check {
				if c.Objective != o.ID {
					continue
				}
				if heading == "" {
					heading = o.ID + " " + o.Title + " · "
				}
				labels = append(labels, browsertest.Label{Heading: heading, Text: c.Name})
			}
		}
		if heading != "" {
			headings = append(headings, heading)
		}
	}
	shots := os.Getenv("QUEUELAB_SCREENSHOTS")
	for _, width := range []int{1280, 500} {
		layout := browsertest.MeasureChecks(t, path, width)
		require.Len(t, layout.Labels, len(labels), "one label per check at %d px", width)
		for i, h := range layout.Headings {
			require.Less(t, i, len(headings))
			assert.Regexp(t, "^"+headings[i]+`\d+ checks?$`, h, "objective headings in the catalogue's order at %d px", width)
		}
		for i, got := range layout.Labels {
			want := labels[i]
			assert.Regexp(t, "^"+want.Heading, got.Heading, "%s under its objective at %d px", want.Text, width)
			assert.Equal(t, want.Text, got.Text, "check %d in lesson order, its whole name, at %d px", i, width)
			assert.False(t, got.Cut, "%s is not cut at %d px", got.Text, width)
			assert.False(t, got.Overlaps, "%s stays clear of its bar at %d px", got.Text, width)
			if width >= 1280 {
				assert.Equal(t, 1, got.Lines, "%s fits on one line at %d px", got.Text, width)
			}
		}
		if shots != "" {
			require.NoError(t, os.MkdirAll(shots, 0o755))
			browsertest.Screenshot(t, path, width, 5200, filepath.Join(shots, fmt.Sprintf("report-%d.png", width)))
		}
	}
}

// lessonClass is a class graded on the lesson's catalogue: one student
// solved everything, others solved the first n exercises, one's Dequeue
// panicked, one's Consume hung, and one's archive could not be read.
func lessonClass(cat *catalogue.Catalogue) []Result {
	graded := func(id string, solved int, change func(*report.CheckResult)) Result {
		r := &report.Report{Learner: id}
		for _, o := range cat.Objectives {
			or := report.ObjectiveResult{ID: o.ID, Title: o.Title}
			for i, e := range cat.Exercises {
				for _, c := range e.Check {
					if c.Objective != o.ID {
						continue
					}
					cr := report.CheckResult{Name: c.Name, Exercise: e.ID, MaxScore: c.Points, Hint: c.Hint,
						Status: report.StatusFail, Message: "not implemented yet", Reason: report.ReasonNotImplemented}
					if i < solved {
						cr.Status, cr.Message, cr.Reason = report.StatusPass, "", report.ReasonNone
					}
					change(&cr)
					cr.Passed = cr.Status == report.StatusPass
					if cr.Passed {
						cr.Score = cr.MaxScore
					}
					or.Checks = append(or.Checks, cr)
				}
			}
			r.Objectives = append(r.Objectives, or)
		}
		return Result{ID: id, Entry: id, Kind: "folder", Status: StatusGraded, Report: refinish(r), Duration: 3 * time.Second}
	}
	keep := func(*report.CheckResult) {}
	results := []Result{
		graded("ada", len(cat.Exercises), keep),
		graded("barbara", 2, keep),
		graded("charles", 4, keep),
		graded("dennis", 6, keep),
		graded("ken", len(cat.Exercises), func(c *report.CheckResult) {
			if c.Exercise == "01_dummy_queue" && c.Name == "TestQueueMatchesModel" {
				c.Status, c.Reason, c.Message = report.StatusError, report.ReasonPanic, "panic: runtime error: index out of range [0] with length 0"
				c.Function, c.File, c.Line = "Dequeue", "exercises/01_dummy_queue/queue.go", 27
			}
		}),
		graded("hedy", len(cat.Exercises), func(c *report.CheckResult) {
			if c.Exercise == "03_sqs_consume" && c.Name == "TestConsumerStopsOnCancel" {
				c.Status, c.Reason, c.Message = report.StatusError, report.ReasonTimeout, "timed out after 10s"
				c.Function, c.File, c.Line, c.Duration = "Consume", "exercises/03_sqs_consume/consumer.go", 31, 10*time.Second
			}
		}),
		{ID: "olivia", Entry: "olivia.zip", Kind: "zip", Status: StatusUnreadable,
			Error:  "read olivia.zip: open zip: zip: not a valid zip file",
			Report: Failed(cat, "your submission could not be read: read olivia.zip: open zip: zip: not a valid zip file")},
	}
	Sort(results)
	return results
}

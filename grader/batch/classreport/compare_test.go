package classreport

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

func TestCompare(t *testing.T) {
	t.Parallel()
	// After the checks changed: ada's FIFO check now fails, grace is the
	// same, linus is new and mallory is gone.
	adaNow := reporttest.AllPass()
	c := &adaNow.Objectives[0].Checks[1]
	c.Status, c.Passed, c.Score = report.StatusFail, false, 0
	refinish(adaNow)
	before := []Result{
		{ID: "ada", Report: reporttest.AllPass()},
		{ID: "grace", Report: reporttest.Mixed()},
		{ID: "mallory", Report: reporttest.Mixed()},
	}
	after := []Result{
		{ID: "ada", Report: adaNow},
		{ID: "grace", Report: reporttest.Mixed()},
		{ID: "linus", Report: reporttest.NeverRan()},
	}
	changes := Compare(before, after)
	require.Len(t, changes, 2, "linus scores 0 as he would have: no change; grace is the same")
	assert.Equal(t, "ada", changes[0].ID)
	assert.Equal(t, reporttest.AllPass().Score, changes[0].Before)
	assert.Equal(t, adaNow.Score, changes[0].After)
	assert.Equal(t, []Flip{{Exercise: c.Exercise, Name: c.Name, Passes: false}}, changes[0].Flipped)
	assert.Equal(t, "−"+c.Exercise+"/"+c.Name, changes[0].Flipped[0].String())
	assert.Equal(t, "mallory", changes[1].ID)
	assert.True(t, changes[1].Gone)
	assert.NotEmpty(t, changes[1].Flipped)
}

func TestReadResultsRoundTrips(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cat := testCatalogue(t)
	results := rosterClass(t)
	require.NoError(t, WriteAll(dir, cat, results, HTMLOptions{}))
	got, err := ReadResults(dir)
	require.NoError(t, err)
	assert.Empty(t, Compare(results, got))
	_, err = ReadResults(filepath.Join(dir, "nope"))
	assert.ErrorContains(t, err, "read the previous results")
}

func TestReportShowsRosterAndChanges(t *testing.T) {
	t.Parallel()
	cat := testCatalogue(t)
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, cat, rosterClass(t), HTMLOptions{
		Compared: "results-v1",
		Changes:  []Change{{ID: "ada", Before: 20, After: 17, Flipped: []Flip{{Exercise: "01_dummy_queue", Name: "TestDummyQueueIsFIFO"}}}},
	}))
	page := buf.String()
	assert.Contains(t, page, `<p id="missing">bob</p>`)
	assert.Contains(t, page, `id="not-on-roster"`)
	assert.Contains(t, page, "=cmd.zip")
	assert.Contains(t, page, "Changes since results-v1")
	assert.Contains(t, page, "<code>−01_dummy_queue/TestDummyQueueIsFIFO</code>")
	assert.Contains(t, page, `<p class="sub">3 submissions graded`, "bob handed nothing in: not in the class statistics")
	assert.NotContains(t, page, `href="feedback/bob.md"`, "no feedback page for a missing student")
}

func TestWriteAllSkipsFeedbackOfMissing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, WriteAll(dir, testCatalogue(t), rosterClass(t), HTMLOptions{}))
	assert.NoFileExists(t, filepath.Join(dir, "feedback", "bob.md"))
	assert.FileExists(t, filepath.Join(dir, "feedback", "grace.md"))
}

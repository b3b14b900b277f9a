package classreport

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

func TestWriteCSV(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, testCatalogue(t), troubledClass(t)))
	want := `id,score,max,LO1 score,LO1 pass,LO2 score,LO2 pass,LO3 score,LO3 pass,LO4 score,LO4 pass,00_quiz score,01_dummy_queue score,02_sqs_send score,03_sqs_consume score,04_dlq score,05_sns_fanout score,06_fifo score,status,note,learner,entry
"'=HYPERLINK(""http://x"")",0,20,0,fail,0,fail,0,fail,0,fail,0,0,0,0,0,0,0,graded,,,"'=HYPERLINK(""http://x"").zip"
ada,20,20,5,pass,6,pass,4,pass,5,pass,2,3,2,3,3,4,3,graded,,,ada.zip
grace,10,20,5,pass,3,fail,0,fail,2,fail,2,3,2,0,3,0,0,graded,,,grace.zip
hedy,17,20,5,pass,3,fail,4,pass,5,pass,2,3,2,0,3,4,3,graded,stuck in Consume (exercises/03_sqs_consume/consumer.go:31) — stopped after 10s,,hedy
ken,17,20,2,fail,6,pass,4,pass,5,pass,2,0,2,3,3,4,3,graded,panicked in Dequeue (exercises/01_dummy_queue/queue.go:27),,ken.zip
linus,18,20,5,pass,6,pass,4,pass,3,fail,2,3,0,3,3,4,3,graded,does not compile: 02_sqs_send,,linus.zip
mallory,0,20,0,fail,0,fail,0,fail,0,fail,0,0,0,0,0,0,0,unreadable,submission too large: more than 20000 entries,,mallory.tar.gz
`
	assert.Equal(t, want, buf.String())
	// It parses back as a rectangle.
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	assert.Len(t, rows, 8)
}

func TestCellText(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"alice": "alice", "=1+2": "'=1+2", "+1": "'+1", "-x": "'-x", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "": "", "a=b": "a=b",
	}
	for in, want := range cases {
		assert.Equal(t, want, cellText(in), "%q", in)
	}
}

func TestWriteJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	results := class(t)
	require.NoError(t, WriteJSON(&buf, testCatalogue(t), results))
	var doc struct {
		MaxScore   int `json:"max_score"`
		Objectives []struct{ ID, Title string }
		Students   []Result `json:"students"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	assert.Equal(t, 20, doc.MaxScore)
	assert.Len(t, doc.Objectives, 4)
	require.Len(t, doc.Students, len(results))
	assert.Equal(t, results[1].Report.Checks(), doc.Students[1].Report.Checks(), "checks round-trip with messages and timings")
	assert.Equal(t, StatusUnreadable, doc.Students[4].Status)
}

func TestWriteFeedback(t *testing.T) {
	t.Parallel()
	cat := testCatalogue(t)
	results := class(t)
	byID := map[string]Result{}
	for _, r := range results {
		byID[r.ID] = r
	}
	feedback := func(id string) string {
		var buf bytes.Buffer
		require.NoError(t, WriteFeedback(&buf, cat, byID[id]))
		return buf.String()
	}

	ada := feedback("ada")
	assert.Contains(t, ada, "# QueueLab feedback for ada")
	assert.Contains(t, ada, "**Score: 20 / 20** (100%) · objectives met: 4 of 4")
	assert.Contains(t, ada, "Every check passed.")

	grace := feedback("grace")
	assert.Contains(t, grace, "| LO2 Understand how system design can change to utilise queues | not met yet | 3 / 6 |")
	assert.Contains(t, grace, "### LO2")
	assert.Contains(t, grace, "- **03\\_sqs\\_consume / TestDeletesAfterProcessing** (0 of 3 points)")
	assert.Contains(t, grace, "  - Hint: Delete a message with its receipt handle only after it was processed.")
	assert.Contains(t, grace, "  - Why: exercises/03\\_sqs\\_consume/consumer.go:42: message was received 3 times")
	assert.Contains(t, grace, "## Not graded on this backend")
	assert.Contains(t, grace, "## Notes")
	next, _, _ := strings.Cut(grace, "## Not graded")
	assert.NotContains(t, next, "TestDeduplicatesSales", "a skipped check is not a failure")

	mallory := feedback("mallory")
	assert.Contains(t, mallory, "> Your submission could not be read: submission too large")
	assert.NotContains(t, mallory, "Hint:", "no hints for code nobody read")
}

func TestWriteFeedbackEscapesSubmissionText(t *testing.T) {
	t.Parallel()
	r := reporttest.Escaping()
	var buf bytes.Buffer
	require.NoError(t, WriteFeedback(&buf, testCatalogue(t), Result{ID: "zoe", Status: StatusGraded, Report: r}))
	out := buf.String()
	assert.NotContains(t, out, "<xml>")
	assert.NotContains(t, out, "\x1b")
	assert.NotContains(t, out, "\r")
	assert.Contains(t, out, "warning with \\<xml\\> \\& 100%")
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	assert.Equal(t, map[string]string{
		"02_sqs_send": "exercises/02_sqs_send/queue.go:12:5: undefined: sqs.CreateQueueInputt",
	}, CompileErrors(reporttest.CompileError()))
	assert.Empty(t, CompileErrors(reporttest.Mixed()))
	assert.Empty(t, CompileErrors(reporttest.NeverRan()), "a check that never ran is not a compile error")
	assert.True(t, isCompilerMessage("build failed: exercises/x"))
	assert.False(t, isCompilerMessage("timed out after 2m0s"))
}

func TestCompute(t *testing.T) {
	t.Parallel()
	st := Compute(testCatalogue(t), class(t))
	assert.Equal(t, 5, st.Students)
	assert.Equal(t, 20, st.MaxScore)
	assert.Equal(t, 1, st.PassedAll)
	assert.Equal(t, [10]int{2, 0, 0, 0, 0, 1, 0, 0, 0, 2}, st.Distribution)
	assert.InDelta(t, 48.0, st.MeanPercent, 0.01)
	assert.Equal(t, 10.0, st.MedianScore)
	require.Len(t, st.Objectives, 4)
	lo1 := st.Objectives[0]
	assert.Equal(t, 3, lo1.Passed)
	assert.InDelta(t, 0.6, lo1.Rate, 1e-9)
	// ada: queues 4, overall 4 -> 4; grace: queues 3 -> 3.
	assert.Equal(t, 2, lo1.Answered)
	assert.InDelta(t, 3.5, lo1.Confidence, 1e-9)
	// LO3: ada (topics 5, overall 4 -> 4.5) met it; grace answered topics 0,
	// which is "not answered".
	lo3 := st.Objectives[2]
	assert.Equal(t, 1, lo3.Answered)
	assert.Equal(t, 0, lo3.ConfidentFailing)
	require.Len(t, st.Checks, 7)
	assert.Equal(t, "00_quiz", st.Checks[0].Exercise)
	require.Len(t, st.Compile, 1)
	assert.Equal(t, CompileFailure{ID: "linus", Exercises: []string{"02_sqs_send"}, Message: "exercises/02_sqs_send/queue.go:12:5: undefined: sqs.CreateQueueInputt"}, st.Compile[0])
	require.Len(t, st.Unreadable, 1)
	assert.Equal(t, "grace", st.Slowest[0].ID)
}

func TestComputeEmptyClass(t *testing.T) {
	t.Parallel()
	st := Compute(testCatalogue(t), nil)
	assert.Zero(t, st.Students)
	assert.Len(t, st.Objectives, 4)
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, testCatalogue(t), nil, HTMLOptions{}))
	assert.Contains(t, buf.String(), "0 submissions graded")
}

func TestWriteHTMLIsSelfContained(t *testing.T) {
	t.Parallel()
	results := class(t)
	results = append(results, Result{ID: "zoe", Status: StatusGraded, Report: reporttest.Escaping()})
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, testCatalogue(t), results, HTMLOptions{Title: "Class <A>"}))
	page := buf.String()
	for _, external := range []string{"<script", "<link", "src=", "@import", "url(", "https://", "href=\"http"} {
		assert.NotContains(t, page, external)
	}
	assert.Contains(t, page, "<title>Class &lt;A&gt;</title>")
	assert.Contains(t, page, `<a href="feedback/ada.md">ada</a>`)
	assert.Contains(t, page, `<a href="feedback/_HYPERLINK__http___x__.md">`)
	assert.NotContains(t, page, "<xml>", "text from submissions is escaped")
	assert.Equal(t, 10, strings.Count(sectionOf(page, "chart-distribution"), "<rect class=\"bar\""))
	assert.Equal(t, 8, strings.Count(sectionOf(page, "chart-objectives"), "<rect"))
	checks := page[strings.Index(page, `<div id="chart-checks"`):]
	checks = checks[:strings.Index(checks, "<h2>")]
	assert.Equal(t, 7, strings.Count(checks, `class="check-row"`))
	assert.NotContains(t, checks, "…", "no check name is cut")
	assert.Contains(t, checks, `<h3 id="checks-LO2"><b>LO2</b> `+reporttest.LO2+` <span class="sub">· 2 checks</span></h3>`)
	assert.Contains(t, page, "does not compile: 02_sqs_send")
}

// sectionOf returns the SVG element with the given id.
func sectionOf(page, id string) string {
	start := strings.Index(page, `<svg id="`+id+`"`)
	if start < 0 {
		return ""
	}
	end := strings.Index(page[start:], "</svg>")
	return page[start : start+end]
}

func TestWriteJUnit(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, class(t)))
	var doc struct {
		Suites []struct {
			Name  string `xml:"name,attr"`
			Tests int    `xml:"tests,attr"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc))
	require.Len(t, doc.Suites, 5)
	assert.Equal(t, "ada", doc.Suites[1].Name)
	assert.Equal(t, 7, doc.Suites[1].Tests)
}

func TestWriteAll(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	results := class(t)
	require.NoError(t, WriteAll(dir, testCatalogue(t), results, HTMLOptions{}))
	for _, name := range []string{GradesFile, ResultsFile, ReportFile, JUnitFile, "feedback/ada.md", "feedback/mallory.md", "feedback/_HYPERLINK__http___x__.md"} {
		info, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err, name)
		assert.Positive(t, info.Size(), name)
	}
}

func TestFailedListsEveryCheck(t *testing.T) {
	t.Parallel()
	r := Failed(testCatalogue(t), "could not read")
	assert.Equal(t, 20, r.MaxScore)
	assert.Zero(t, r.Score)
	require.Len(t, r.Checks(), 7)
	for _, c := range r.Checks() {
		assert.Equal(t, report.StatusError, c.Status)
		assert.Equal(t, "could not read", c.Message)
	}
}

package classreport

import (
	"bytes"
	"encoding/csv"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report/reporttest"
)

// rosterClass is a class graded against a roster: ada and grace are on it
// (grace with her student number and email), bob is missing, and
// "=cmd" handed in without being on it.
func rosterClass(t testing.TB) []Result {
	t.Helper()
	cat := testCatalogue(t)
	results := []Result{
		{ID: "bob", Roster: &RosterStudent{Row: 2, ID: "bob", Name: "Bob Barker"}, Status: StatusMissing, Error: "no submission", Report: Failed(cat, "no submission")},
		{ID: "=cmd", Entry: "=cmd.zip", NotOnRoster: true, Status: StatusGraded, Report: reporttest.NeverRan()},
		{ID: "grace", Entry: "grace.zip", Learner: "ada", Roster: &RosterStudent{Row: 3, ID: "grace", Name: "Grace Hopper", Email: "grace@example.edu", Number: "s-1906"}, Status: StatusGraded, Report: reporttest.Mixed()},
		{ID: "ada", Entry: "ada", Learner: "ada", Roster: &RosterStudent{Row: 1, ID: "ada", Name: "Ada Lovelace"}, Status: StatusGraded, Report: reporttest.AllPass()},
	}
	Sort(results)
	return results
}

func TestSortPutsTheRosterFirstInItsOrder(t *testing.T) {
	t.Parallel()
	var ids []string
	for _, r := range rosterClass(t) {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"ada", "bob", "grace", "=cmd"}, ids)
}

// TestExportsGolden keeps the gradebook imports instructors upload as
// golden files (-update rewrites them), and checks each against the
// header its LMS documents.
func TestExportsGolden(t *testing.T) {
	t.Parallel()
	cat := testCatalogue(t)
	results := rosterClass(t)
	cases := []struct {
		golden string
		write  func(io.Writer, Gradebook) error
		opts   ExportOptions
		// header is what the LMS documents for its first columns.
		header []string
	}{
		{"canvas.csv", WriteCanvas, ExportOptions{}, []string{"Student", "ID", "SIS User ID", "SIS Login ID", "Section", "QueueLab"}},
		{"canvas_objectives.csv", WriteCanvas, ExportOptions{Assignment: "Lab 3 (1234)", PerObjective: true}, []string{"Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lab 3 (1234) LO1"}},
		{"moodle.csv", WriteMoodle, ExportOptions{}, []string{"Username", "ID number", "Email address", "QueueLab"}},
		{"moodle_objectives.csv", WriteMoodle, ExportOptions{PerObjective: true}, []string{"Username", "ID number", "Email address", "QueueLab LO1"}},
		{"scores.csv", WriteScores, ExportOptions{}, []string{"id", "name", "email", "student number", "QueueLab score", "QueueLab max"}},
	}
	for _, tc := range cases {
		t.Run(tc.golden, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			require.NoError(t, tc.write(&buf, Grades(cat, results, tc.opts)))
			rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
			require.NoError(t, err)
			require.GreaterOrEqual(t, len(rows[0]), len(tc.header))
			assert.Equal(t, tc.header, rows[0][:len(tc.header)])
			reporttest.Golden(t, tc.golden, buf.Bytes())
		})
	}
}

func TestCanvasPointsPossibleRow(t *testing.T) {
	t.Parallel()
	cat := testCatalogue(t)
	var buf bytes.Buffer
	require.NoError(t, WriteCanvas(&buf, Grades(cat, rosterClass(t), ExportOptions{PerObjective: true})))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"Points Possible", "", "", "", "", "5", "6", "4", "5"}, rows[1])
	assert.Equal(t, []string{"Bob Barker", "", "", "bob", "", "0", "0", "0", "0"}, rows[3], "a missing student has 0")
}

// TestFractionalScoresStayFractional: scores are whole numbers today, but
// every writer goes through points, so partial credit is never rounded.
func TestFractionalScoresStayFractional(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   float64
		want string
	}{{7, "7"}, {7.5, "7.5"}, {0.25, "0.25"}, {2.0 / 3, "0.6666666666666666"}, {0, "0"}}
	for _, tc := range cases {
		assert.Equal(t, tc.want, points(tc.in))
	}
	gb := Gradebook{
		Columns: []Column{{Title: "QueueLab", Max: 20.5}},
		Rows:    []Grade{{Result: Result{ID: "ada", Roster: &RosterStudent{Email: "ada@example.edu"}}, Points: []float64{12.75}}},
	}
	writers := map[string]func(io.Writer, Gradebook) error{"canvas": WriteCanvas, "moodle": WriteMoodle, "scores": WriteScores}
	for name, write := range writers {
		var buf bytes.Buffer
		require.NoError(t, write(&buf, gb))
		assert.Contains(t, buf.String(), "12.75", name)
		if name != "moodle" { // Moodle's grade item holds its maximum
			assert.Contains(t, buf.String(), "20.5", name)
		}
	}
}

func TestGradebookCSVHasLearnerAndEntry(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, testCatalogue(t), rosterClass(t)))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	header := rows[0]
	require.Equal(t, []string{"status", "note", "learner", "entry"}, header[len(header)-4:], "new columns go last")
	last := func(row []string) []string { return row[len(row)-4:] }
	assert.Equal(t, "ada", rows[1][0])
	assert.Equal(t, []string{"graded", "", "ada", "ada"}, last(rows[1]))
	assert.Equal(t, []string{"missing", "no submission", "", ""}, last(rows[2]))
	assert.Equal(t, []string{"graded", "", "ada", "grace.zip"}, last(rows[3]), "grace kept name: ada; her id is still grace")
	assert.Equal(t, "'=cmd", rows[4][0], "an id a spreadsheet would run is quoted")
}

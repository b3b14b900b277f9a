package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/batch/classreport"
	"github.com/queuelab/queuelab/grader/runner"
)

func options(t testing.TB, subs string, g Grader) Options {
	t.Helper()
	return Options{
		Submissions: subs,
		Out:         filepath.Join(t.TempDir(), "out"),
		Jobs:        3,
		Timeout:     500 * time.Millisecond,
		Grader:      g,
		Catalogue:   testCatalogue(t),
		Runner:      runner.Options{WorkDir: t.TempDir()},
		Now:         func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) },
	}
}

func readFile(t testing.TB, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	return string(data)
}

func TestRunGradesTheClass(t *testing.T) {
	t.Parallel()
	subs := smallClass(t)
	opts := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
	var progress bytes.Buffer
	opts.Progress = &progress
	sum, err := Run(context.Background(), opts)
	require.NoError(t, err)

	assert.Equal(t, smallClassGrades, readFile(t, filepath.Join(opts.Out, "grades.csv")))
	assert.Equal(t, 6, sum.Total)
	assert.Equal(t, 6, sum.Graded)
	assert.Equal(t, 1, sum.Unreadable)
	assert.Equal(t, 1, sum.TimedOut)
	assert.Equal(t, 1, sum.PassedAll)
	assert.Equal(t, []string{"notes.txt: not a submission (a folder, .zip, .tar.gz or git bundle)"}, sum.Ignored)

	for _, id := range []string{"alice", "bob", "carol", "dave", "erin", "frank"} {
		assert.FileExists(t, filepath.Join(opts.Out, "feedback", id+".md"))
	}
	for _, f := range []string{"results.json", "report.html", "junit.xml", "canvas.csv", "moodle.csv", "scores.csv"} {
		assert.FileExists(t, filepath.Join(opts.Out, f))
	}
	bob := readFile(t, filepath.Join(opts.Out, "feedback", "bob.md"))
	assert.Contains(t, bob, "Hint: Say when it is empty.", "bob's edited test changed nothing")
	dave := readFile(t, filepath.Join(opts.Out, "feedback", "dave.md"))
	assert.Contains(t, dave, "could not be read: no exercise sources found")
	erin := readFile(t, filepath.Join(opts.Out, "feedback", "erin.md"))
	assert.NotContains(t, erin, "another submission", "erin's learner file says alice; her id is her entry's")

	var doc struct {
		Students []classreport.Result `json:"students"`
	}
	require.NoError(t, json.Unmarshal([]byte(readFile(t, filepath.Join(opts.Out, "results.json"))), &doc))
	require.Len(t, doc.Students, 6)
	assert.Equal(t, map[string]int{"queues": 5}, doc.Students[0].Report.Confidence, "confidence comes from the learner file")
	assert.Equal(t, "carol", doc.Students[2].Report.Learner, "a submission without a learner file is graded under its id")
	assert.Equal(t, "alice", doc.Students[4].Learner, "erin's learner file is kept beside her id")

	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	require.Len(t, lines, 7)
	assert.Equal(t, "grading 6 submissions", lines[0])
	assert.Contains(t, progress.String(), "dave: 0/6, unreadable")
	assert.Contains(t, progress.String(), "frank: 0/6, timeout")
}

func TestRunGivesTheSameGradesTwice(t *testing.T) {
	t.Parallel()
	subs := smallClass(t)
	first := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
	_, err := Run(context.Background(), first)
	require.NoError(t, err)
	second := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
	second.Jobs = 1
	_, err = Run(context.Background(), second)
	require.NoError(t, err)
	assert.Equal(t, readFile(t, filepath.Join(first.Out, "grades.csv")), readFile(t, filepath.Join(second.Out, "grades.csv")))
}

// TestKillAndResume stops a batch after some submissions, as Ctrl-C would,
// then resumes it: nothing graded is graded again, and the gradebook is the
// one an uninterrupted batch writes.
func TestKillAndResume(t *testing.T) {
	t.Parallel()
	subs := smallClass(t)
	for stopAfter := 1; stopAfter <= 4; stopAfter++ {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		g := &fakeGrader{cat: testCatalogue(t), after: func(n int) {
			if n == stopAfter {
				cancel()
			}
		}}
		opts := options(t, subs, g)
		opts.Jobs = 2
		sum, err := Run(ctx, opts)
		require.ErrorIs(t, err, context.Canceled)
		assert.Contains(t, err.Error(), "rerun with --resume")
		assert.Less(t, sum.Done(), sum.Total)
		journaled, err := os.ReadDir(filepath.Join(opts.Out, JournalDir))
		require.NoError(t, err)
		assert.Len(t, journaled, sum.Done()+1, "every graded submission is in the journal, with its manifest")

		resumed := &fakeGrader{cat: testCatalogue(t)}
		opts.Grader = resumed
		opts.Resume = true
		sum2, err := Run(context.Background(), opts)
		require.NoError(t, err)
		assert.Equal(t, smallClassGrades, readFile(t, filepath.Join(opts.Out, "grades.csv")), "stopped after %d", stopAfter)
		assert.Equal(t, sum.Done(), sum2.Resumed)
		assert.Equal(t, sum.Total-sum.Done(), sum2.Graded)
		// Nothing already graded reaches the grader again.
		assert.LessOrEqual(t, int(resumed.calls.Load()), sum.Total-sum.Done())
	}
}

func TestResumeRegradesChangedAndFailedSubmissions(t *testing.T) {
	t.Parallel()
	subs := smallClass(t)
	writeSubmission(t, subs, "gina", map[string]string{"exercises/01_dummy_queue/q.go": "package q // BROKEN\n"})
	opts := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
	sum, err := Run(context.Background(), opts)
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Errors)

	// carol fixes her queue; the grader is mended for gina.
	writeSubmission(t, subs, "carol", map[string]string{"01_dummy_queue/queue.go": source("queue", "TestFIFO", "TestEmpty")})
	writeSubmission(t, subs, "gina", map[string]string{"exercises/01_dummy_queue/q.go": source("q", "TestEmpty")})
	g := &fakeGrader{cat: testCatalogue(t)}
	opts.Grader, opts.Resume = g, true
	sum, err = Run(context.Background(), opts)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"carol", "gina"}, g.graded)
	assert.Equal(t, 5, sum.Resumed)
	grades := readFile(t, filepath.Join(opts.Out, "grades.csv"))
	assert.Contains(t, grades, "carol,6,6,3,pass,3,pass,3,3,graded,,,carol\n")
	assert.Contains(t, grades, "gina,1,6,1,fail,0,fail,1,0,graded,,,gina\n")
}

func TestRunWithoutResumeGradesEverythingAgain(t *testing.T) {
	t.Parallel()
	subs := smallClass(t)
	opts := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
	_, err := Run(context.Background(), opts)
	require.NoError(t, err)
	g := &fakeGrader{cat: testCatalogue(t)}
	opts.Grader = g
	sum, err := Run(context.Background(), opts)
	require.NoError(t, err)
	assert.Equal(t, 0, sum.Resumed)
	assert.Equal(t, 5, int(g.calls.Load()), "all but the unreadable one reach the grader")
}

func TestRunEmptyFolder(t *testing.T) {
	t.Parallel()
	opts := options(t, t.TempDir(), &fakeGrader{cat: testCatalogue(t)})
	sum, err := Run(context.Background(), opts)
	require.NoError(t, err)
	assert.Zero(t, sum.Total)
	assert.Equal(t, "id,score,max,LO1 score,LO1 pass,LO2 score,LO2 pass,01_dummy_queue score,03_sqs_consume score,status,note,learner,entry\n",
		readFile(t, filepath.Join(opts.Out, "grades.csv")))
}

func TestRunRefusesBadOptions(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "x.zip")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	cases := []struct {
		name string
		opts Options
		want string
	}{
		{"no submissions", Options{Out: "x"}, "name the folder of submissions"},
		{"no out", Options{Submissions: "x"}, "--out"},
		{"missing folder", Options{Submissions: filepath.Join(t.TempDir(), "nope"), Out: "x"}, "no such file"},
		{"a file", Options{Submissions: file, Out: "x"}, "is not a folder"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Run(context.Background(), tc.opts)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestSummaryWrite(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	Summary{Total: 3, Graded: 2, Resumed: 1, CompileFailures: 1, MeanPercent: 55.4, PassedAll: 1, Out: "out", Duration: 1500 * time.Millisecond}.Write(&buf)
	assert.Equal(t, `Graded 3 of 3 submissions in 1.5s (1 kept from the last run).
Mean score 55%; 1 met every objective.
Problems: 1 do not compile, 0 could not be read, 0 ran out of time, 0 could not be graded.
Gradebook: out/grades.csv
Class report: out/report.html
Feedback: out/feedback/
`, buf.String())
}

func TestLearnerName(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "bob", learnerName("bob"))
	assert.Equal(t, "bob-smith", learnerName("bob.smith"))
	assert.Equal(t, "student", learnerName("..."))
	assert.Len(t, learnerName(strings.Repeat("x", 80)), 40)
}

package batch

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/batch/classreport/browsertest"
	"github.com/queuelab/queuelab/grader/batch/internal/fixturegen"
	"github.com/queuelab/queuelab/grader/runner"
)

// sampleClass makes the sample class afresh from the current tree, so the
// test follows the exercises as they change.
func sampleClass(t testing.TB) (dir string, tree fixturegen.Tree) {
	t.Helper()
	root, err := runner.PristineRoot()
	require.NoError(t, err)
	tree = fixturegen.LoadTree(root, exercises.Catalogue())
	dir = filepath.Join(t.TempDir(), "submissions")
	require.NoError(t, tree.Generate(dir))
	return dir, tree
}

// TestSampleClassGradesAsExpected grades the sample class with the real
// runner: every submission gets exactly its expected grades, whatever it
// does, and the class report shows in a browser.
func TestSampleClassGradesAsExpected(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a whole class with the real runner")
	}
	subs, tree := sampleClass(t)
	if only := os.Getenv("QUEUELAB_BATCH_ONLY"); only != "" {
		keep := filepath.Join(t.TempDir(), "subs")
		require.NoError(t, os.Mkdir(keep, 0o755))
		require.NoError(t, os.Rename(filepath.Join(subs, only), filepath.Join(keep, only)))
		subs = keep
	}
	out, work := filepath.Join(t.TempDir(), "out"), t.TempDir()
	sum, err := Run(context.Background(), Options{
		Submissions: subs,
		Out:         out,
		Jobs:        2,
		// Only exercises the tree has: a catalogue entry whose folder is
		// still missing cannot be graded yet.
		Runner: runner.Options{WorkDir: work, Exercises: tree.Exercises},
	})
	require.NoError(t, err)
	t.Logf("graded %d submissions in %v", sum.Total, sum.Duration)
	left, err := filepath.Glob(filepath.Join(work, "queuelab-bins-*"))
	require.NoError(t, err)
	assert.Empty(t, left, "the batch's store of test binaries is removed at the end")
	if os.Getenv("QUEUELAB_BATCH_ONLY") != "" {
		t.Log(readFile(t, filepath.Join(out, "grades.csv")))
		return
	}
	want, _ := splitNotes(t, readFile(t, filepath.Join(subs, "expected.csv")))
	got, notes := splitNotes(t, readFile(t, filepath.Join(out, "grades.csv")))
	assert.Equal(t, want, got)
	// The note is in the runner's words: each misbehaving submission has
	// one that says how, the others none.
	wantNotes := map[string]string{
		"frances": "^does not compile: ", "grace": "^(panicked|crashed) in ", "hedy": "^stuck in .* stopped",
		"ivan": "^printed far too much in ", "leslie": "^crashed in ", "olivia": "zip",
	}
	for id, note := range notes {
		if pattern, ok := wantNotes[id]; ok {
			assert.Regexp(t, pattern, note, "%s's note", id)
		} else {
			assert.Empty(t, note, "%s's note", id)
		}
	}
	browsertest.Check(t, filepath.Join(out, "report.html"), sum.Total)
}

// splitNotes takes the note column out of grades.csv: the grades without
// it, and each id's note.
func splitNotes(t *testing.T, grades string) (string, map[string]string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(grades)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	col := slices.Index(rows[0], "note")
	require.GreaterOrEqual(t, col, 0, "grades.csv has a note column")
	notes := map[string]string{}
	var b strings.Builder
	w := csv.NewWriter(&b)
	for i, row := range rows {
		if i > 0 {
			notes[row[0]] = row[col]
		}
		require.NoError(t, w.Write(slices.Delete(slices.Clone(row), col, col+1)))
	}
	w.Flush()
	return b.String(), notes
}

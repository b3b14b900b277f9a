package fixturegen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/batch/intake"
	"github.com/queuelab/queuelab/grader/catalogue"
)

func tinyTree(t *testing.T) Tree {
	t.Helper()
	root := t.TempDir()
	for _, p := range []string{"exercises/01_q/q.go", "exercises/01_q/q_test.go", "solutions/01_q/q.go", "exercises/02_s/s.go", "solutions/02_s/s.go"} {
		full := filepath.Join(root, p)
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte("package q\n"), 0o644))
	}
	cat, err := catalogue.Parse([]byte(`
objectives: [{id: LO1, title: One}, {id: LO2, title: Two}]
exercises:
  - {id: 01_q, title: Q, checks: [{name: TestA, objective: LO1, points: 2, hint: h}]}
  - {id: 02_s, title: S, checks: [{name: TestB, objective: LO2, points: 3, hint: h}, {name: TestC, objective: LO2, points: 1, hint: h}]}
  - {id: 03_missing, title: M, checks: [{name: TestD, objective: LO2, points: 5, hint: h}]}
`))
	require.NoError(t, err)
	return LoadTree(root, cat)
}

func TestClassCoversEveryPath(t *testing.T) {
	t.Parallel()
	tree := tinyTree(t)
	assert.Equal(t, []string{"01_q", "02_s"}, tree.Exercises)
	specs := tree.Class()
	assert.GreaterOrEqual(t, len(specs), 12)
	seen := map[sabotage]bool{}
	kinds := map[intake.Kind]bool{}
	for _, s := range specs {
		seen[s.Sabotage] = true
		kinds[s.Kind] = true
	}
	for _, s := range []sabotage{typeError, panicInit, loopInit, hugeOutput, exitInit, forge, snoop} {
		assert.True(t, seen[s], string(s))
	}
	assert.Len(t, kinds, 4, "folders, zips, tarballs and bundles")
}

func TestExpected(t *testing.T) {
	t.Parallel()
	tree := tinyTree(t)
	full := tree.Expected(Spec{Name: "a", Learner: "a", Solved: []string{"*"}})
	assert.Equal(t, 6, full.Report.Score, "a missing exercise is not graded")
	broken := tree.Expected(Spec{Name: "b", Solved: []string{"*"}, Sabotage: panicInit, SabotageIn: "02_s"})
	assert.Equal(t, 2, broken.Report.Score)
	snooping := tree.Expected(Spec{Name: "c.zip", Solved: []string{"*"}, Sabotage: snoop, SabotageIn: "02_s"})
	assert.Equal(t, 6, snooping.Report.Score)
	assert.Equal(t, "c", snooping.ID)
}

func TestGenerateIsRepeatable(t *testing.T) {
	t.Parallel()
	tree := tinyTree(t)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	require.NoError(t, tree.Generate(a))
	require.NoError(t, tree.Generate(b))
	for _, name := range []string{"barbara.zip", "charles.tar.gz", "expected.csv"} {
		x, err := os.ReadFile(filepath.Join(a, name))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, name))
		require.NoError(t, err)
		assert.Equal(t, x, y, name)
	}
}

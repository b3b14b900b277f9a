package fixturegen

import (
	"os"
	"os/exec"
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

// TestLoadCommittedIgnoresTheWorkingTree: a stub solved in the working
// tree, and an uncommitted new exercise, change neither the class nor its
// expected grades.
func TestLoadCommittedIgnoresTheWorkingTree(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	files := map[string]string{
		"exercises/01_q/q.go":        "package q // stub\n",
		"exercises/01_q/q_test.go":   "package q\n",
		"solutions/01_q/q.go":        "package q // solved\n",
		"exercises/catalogue.yaml":   "objectives: [{id: LO1, title: One}]\nexercises:\n  - {id: 01_q, title: Q, checks: [{name: TestA, objective: LO1, points: 2, hint: h}]}\n",
		"grader/not/in/the/class.go": "package x\n",
	}
	for p, body := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(body), 0o644))
	}
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %v: %s", args, out)
	}
	git("init", "--quiet", "-b", "main")
	git("add", "-A")
	git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "kit")
	require.NoError(t, os.WriteFile(filepath.Join(root, "exercises/01_q/q.go"), []byte("package q // solved\n"), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "exercises/02_new"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "exercises/02_new/n.go"), []byte("package n\n"), 0o644))

	tree, err := LoadCommitted(t.Context(), root, "")
	require.NoError(t, err)
	t.Cleanup(func() { _ = tree.Close() })
	assert.Equal(t, []string{"01_q"}, tree.Exercises)
	assert.ElementsMatch(t, []string{"exercises/01_q/q.go", "exercises/02_new/n.go"}, tree.LeftOut)
	assert.Contains(t, tree.From, "(HEAD)")

	dst := filepath.Join(t.TempDir(), "class")
	require.NoError(t, tree.Generate(dst))
	stub, err := os.ReadFile(filepath.Join(dst, "ken", "exercises", "01_q", "q.go"))
	require.NoError(t, err)
	assert.Equal(t, "package q // stub\n", string(stub), "an unsolved submission holds the committed stub")
	assert.NoDirExists(t, filepath.Join(dst, "ada", "exercises", "02_new"))

	_, err = LoadCommitted(t.Context(), t.TempDir(), "")
	assert.ErrorContains(t, err, "not the top folder of a git checkout")
}

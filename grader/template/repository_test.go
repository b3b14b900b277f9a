package template_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/mod/modfile"

	"github.com/queuelab/queuelab/grader/runner"
	"github.com/queuelab/queuelab/grader/template"
)

// dirtyClone clones this repository's HEAD and then does what an
// instructor trying the exercises does: solves 01_dummy_queue in the
// working tree and puts another name in learner.yaml.
func dirtyClone(t *testing.T) string {
	t.Helper()
	needGit(t)
	root, err := runner.PristineRoot()
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skip("this copy of the kit is no git checkout: nothing committed to export")
	}
	clone := filepath.Join(t.TempDir(), "kit")
	gitIn(t, root, "clone", "--quiet", "--shared", "--no-checkout", root, clone)
	gitIn(t, clone, "checkout", "--quiet", "HEAD")
	solved := filepath.Join(clone, "solutions", "01_dummy_queue")
	entries, err := os.ReadDir(solved)
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") {
			data, err := os.ReadFile(filepath.Join(solved, e.Name()))
			require.NoError(t, err)
			write(t, clone, "exercises/01_dummy_queue/"+e.Name(), string(data))
		}
	}
	write(t, clone, "learner.yaml", "name: grace\n")
	return clone
}

// TestRepositoryExportFromADirtyTree exports this repository from a
// working tree with a solved exercise and another learner.yaml: the export
// holds the committed stubs and learner.yaml, no solution, and a learner's
// Makefile whose targets work.
func TestRepositoryExportFromADirtyTree(t *testing.T) {
	t.Parallel()
	clone := dirtyClone(t)
	tree, err := template.Pristine(t.Context(), clone, "")
	require.NoError(t, err)
	t.Cleanup(tree.Close)
	assert.Contains(t, tree.LeftOut, "exercises/01_dummy_queue/queue.go")
	assert.Contains(t, tree.LeftOut, "learner.yaml")
	dst := filepath.Join(t.TempDir(), "starter")
	require.NoError(t, template.Export(tree.Dir, dst, template.Options{Version: "v0.0.0"}))

	for _, rel := range []string{"exercises/01_dummy_queue/queue.go", "exercises/01_dummy_queue/visibility.go", "learner.yaml"} {
		committed := gitIn(t, clone, "show", "HEAD:"+rel)
		assert.Equal(t, committed, read(t, dst, rel), "%s is the committed one", rel)
	}
	assert.Contains(t, read(t, dst, "learner.yaml"), "name: ada", "the default learner file")

	solutions := map[string]string{}
	require.NoError(t, filepath.WalkDir(filepath.Join(clone, "solutions"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			data, _ := os.ReadFile(path)
			solutions[string(data)] = path
		}
		return err
	}))
	require.NotEmpty(t, solutions)
	for _, rel := range files(t, dst) {
		if from, same := solutions[read(t, dst, rel)]; same {
			t.Errorf("%s is the solution %s", rel, from)
		}
	}
	assert.NoDirExists(t, filepath.Join(dst, "solutions"))
	assert.NoDirExists(t, filepath.Join(dst, "fixtures", "mistakes", "testdata"), "nearly solved exercises stay out")

	readme := read(t, dst, "README.md")
	for _, id := range []string{"00_quiz", "01_dummy_queue", "08_large_payloads"} {
		assert.Contains(t, readme, "| `"+id+"` |")
	}
	assert.NotContains(t, readme, "make test", "the developers' README stays out")
	learnerMakefile(t, dst)
}

// learnerMakefile runs the starter Makefile's targets: each says what it
// runs, make hint without an exercise says how to ask, make list builds
// the repository's grader and lists the exercises.
func learnerMakefile(t *testing.T, dst string) {
	t.Helper()
	if _, err := exec.LookPath("make"); err != nil {
		t.Log("make is not installed: the starter Makefile is not run")
		return
	}
	mk := func(args ...string) (string, error) {
		cmd := exec.Command("make", append([]string{"--no-print-directory"}, args...)...)
		cmd.Dir = dst
		cmd.Env = append(os.Environ(), "MAKEFLAGS=", "NO_COLOR=1")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"-n", "check"}, []string{"go build -o bin/grader ./grader/cmd/grader", "bin/grader check --backend embedded"}},
		{[]string{"-n", "check", "EXERCISES=02 03"}, []string{"bin/grader check --backend embedded 02 03"}},
		{[]string{"-n", "hint", "EXERCISE=03"}, []string{"bin/grader hint --backend embedded 03"}},
		{[]string{"-n", "watch"}, []string{"bin/grader watch --backend embedded"}},
		{[]string{"-n", "serve"}, []string{"bin/grader serve --state .queuelab"}},
		{[]string{"-n", "lesson"}, []string{"bin/grader check --lesson"}},
		{[]string{"-n", "check", "PINNED=1"}, []string{"go install " + runner.ModulePath + "/grader/cmd/grader@v0.0.0", "bin/grader check"}},
	}
	for _, tc := range cases {
		out, err := mk(tc.args...)
		require.NoError(t, err, "make %v: %s", tc.args, out)
		for _, want := range tc.want {
			assert.Contains(t, out, want, "make %v", tc.args)
		}
	}
	out, err := mk("hint")
	assert.Error(t, err)
	assert.Contains(t, out, "make hint EXERCISE=03")
	out, err = mk("list")
	require.NoError(t, err, "make list: %s", out)
	assert.Contains(t, out, "01_dummy_queue")
	assert.Contains(t, read(t, dst, ".gitignore"), "/.queuelab/", "make serve's state is never committed")
}

// TestRepositoryFork forks this repository's committed tree under another
// module path: nothing in it names the old one where Go resolves paths.
func TestRepositoryFork(t *testing.T) {
	t.Parallel()
	clone := dirtyClone(t)
	tree, err := template.Pristine(t.Context(), clone, "")
	require.NoError(t, err)
	t.Cleanup(tree.Close)
	const school = "school.example/queuelab"
	dst := filepath.Join(t.TempDir(), "fork")
	res, err := template.Fork(tree.Dir, dst, school)
	require.NoError(t, err)
	assert.Equal(t, runner.ModulePath, res.From)
	assert.Equal(t, 2, res.GoMod, "go.mod and solutions/go.mod")
	assert.Positive(t, res.GoFiles)

	gomod := read(t, dst, "go.mod")
	assert.Equal(t, school, modfile.ModulePath([]byte(gomod)))
	assert.Equal(t, school+"/solutions", modfile.ModulePath([]byte(read(t, dst, "solutions/go.mod"))))
	assert.Equal(t, read(t, tree.Dir, "go.sum"), read(t, dst, "go.sum"))
	assert.DirExists(t, filepath.Join(dst, "solutions", "01_dummy_queue"), "a fork is the whole kit")
	assert.Equal(t, gitIn(t, clone, "show", "HEAD:exercises/01_dummy_queue/queue.go"), read(t, dst, "exercises/01_dummy_queue/queue.go"),
		"the fork holds the committed stubs")
	assert.Contains(t, read(t, dst, "grader/runner/pristine.go"), `const ModulePath = "`+school+`"`)

	fset := token.NewFileSet()
	imports := 0
	require.NoError(t, filepath.WalkDir(dst, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.Contains(path, "testdata") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			assert.False(t, p == runner.ModulePath || strings.HasPrefix(p, runner.ModulePath+"/"), "%s imports %s", path, p)
			if strings.HasPrefix(p, school+"/") {
				imports++
			}
		}
		return nil
	}))
	assert.Greater(t, imports, 50, "the fork's own packages are imported under its path")
}

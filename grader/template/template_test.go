package template_test

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/queuelab/queuelab/grader/template"
)

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	path := filepath.Join(root, filepath.FromSlash(rel))
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

func read(t *testing.T, root, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	require.NoError(t, err)
	return string(data)
}

// files lists the regular files under root, slash-separated.
func files(t *testing.T, root string) []string {
	t.Helper()
	var got []string
	require.NoError(t, filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, path)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	}))
	return got
}

const tinyCatalogue = `
objectives: [{id: LO1, title: Understand queues}, {id: LO4, title: Create a queue}]
exercises:
  - {id: 02_sqs_send, title: Send to SQS, checks: [{name: TestA, objective: LO4, points: 3, hint: h}, {name: TestB, objective: LO1, points: 2, hint: h}]}
`

// tinyKit writes a kit with one file of every kind the export sorts.
func tinyKit(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	for _, rel := range []string{"README.md", "Makefile", "learner.yaml", "exercises/02_sqs_send/send.go", "exercises/02_sqs_send/send_test.go",
		"exercises/02_sqs_send/README.md", "solutions/02_sqs_send/send.go", "fixtures/submissions/alice/exercises/02_sqs_send/send.go",
		"fixtures/messages/sale.json", "fixtures/hostile/testdata/x/x.go", "fixtures/mistakes/testdata/x/x.go",
		"handouts/cli-cheat-sheet.md", "handouts/instructor-guide.md", "handouts/grading-at-scale/k8s/grade-job.yaml", ".git/HEAD", ".github/workflows/ci.yml", ".ci/run"} {
		write(t, src, rel, rel)
	}
	write(t, src, "go.mod", "module school.example/kit\n\ngo 1.26\n")
	write(t, src, "exercises/catalogue.yaml", tinyCatalogue)
	return src
}

func TestExportLeavesOutSolutionsAndDevelopersFiles(t *testing.T) {
	t.Parallel()
	src, dst := tinyKit(t), filepath.Join(t.TempDir(), "starter")
	require.NoError(t, template.Export(src, dst, template.Options{Version: "v1.2.3", Classroom: true}))

	assert.ElementsMatch(t, []string{"go.mod", "README.md", "Makefile", "learner.yaml", "exercises/catalogue.yaml",
		"exercises/02_sqs_send/send.go", "exercises/02_sqs_send/send_test.go", "exercises/02_sqs_send/README.md",
		"fixtures/messages/sale.json", "handouts/cli-cheat-sheet.md",
		".github/workflows/grade.yml", ".github/workflows/classroom.yml"}, files(t, dst))
	assert.Equal(t, "exercises/02_sqs_send/README.md", read(t, dst, "exercises/02_sqs_send/README.md"), "exercise READMEs are kept")

	for _, rel := range []string{".github/workflows/grade.yml", ".github/workflows/classroom.yml", "Makefile", "README.md"} {
		content := read(t, dst, rel)
		assert.Contains(t, content, "school.example/kit/grader/cmd/grader@v1.2.3", "%s pins the tree's own module", rel)
		assert.NotContains(t, content, "{{MODULE}}", rel)
		assert.NotContains(t, content, "{{VERSION}}", rel)
		assert.NotContains(t, content, "{{EXERCISES}}", rel)
	}
	readme := read(t, dst, "README.md")
	assert.Contains(t, readme, "| `02_sqs_send` | Send to SQS | LO4, LO1 | 2 | 5 |", "the exercises table comes from the catalogue")
	assert.Contains(t, readme, "- **LO4** Create a queue")
	for _, target := range []string{"make check", "make hint EXERCISE=", "make watch", "make serve", "make lesson", "/console/", "learner.yaml"} {
		assert.Contains(t, readme, target)
	}
}

func TestExportRefuses(t *testing.T) {
	t.Parallel()
	src := tinyKit(t)
	full := t.TempDir()
	write(t, full, "x", "x")
	noModule := t.TempDir()
	write(t, noModule, "exercises/catalogue.yaml", tinyCatalogue)
	cases := []struct {
		name, src, dst, version, want string
	}{
		{"no version", src, t.TempDir(), "", "version"},
		{"inside the source", src, filepath.Join(src, "inside"), "v1", "inside the repository"},
		{"not empty", src, full, "v1", "not empty"},
		{"no go.mod", noModule, filepath.Join(t.TempDir(), "s"), "v1", "go.mod"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.ErrorContains(t, template.Export(tc.src, tc.dst, template.Options{Version: tc.version}), tc.want)
		})
	}
}

// TestWorkflowsAreValid: both workflows are YAML with the steps a student
// repository needs, and run the pinned grader, never the repository's.
func TestWorkflowsAreValid(t *testing.T) {
	t.Parallel()
	for name, content := range map[string]string{
		"grade":     template.GradeWorkflow("school.example/kit", "v1.0.0"),
		"classroom": template.ClassroomWorkflow("school.example/kit", "v1.0.0"),
	} {
		var wf struct {
			On   any               `yaml:"on"`
			Env  map[string]string `yaml:"env"`
			Jobs map[string]struct {
				Steps []map[string]any `yaml:"steps"`
			} `yaml:"jobs"`
		}
		require.NoError(t, yaml.Unmarshal([]byte(content), &wf), name)
		assert.Equal(t, "school.example/kit/grader/cmd/grader@v1.0.0", wf.Env["GRADER"], name)
		assert.Len(t, wf.Jobs, 1, name)
		assert.NotContains(t, content, "./grader/cmd/grader", "%s runs the pinned grader, not the student's copy", name)
	}
	assert.Contains(t, template.GradeWorkflow("m", "v1"), "--format junit=junit.xml --format github")
	assert.Contains(t, template.ClassroomWorkflow("m", "v1"), "--format classroom")
}

// gitRepo makes a git repository at dir with everything in it committed.
func gitRepo(t *testing.T, dir string) {
	t.Helper()
	for _, args := range [][]string{
		{"init", "--quiet", "-b", "main"},
		{"add", "-A"},
		{"-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "kit"},
	} {
		gitIn(t, dir, args...)
	}
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %v: %s", args, out)
	return string(out)
}

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: the committed tree is read with git archive")
	}
}

// TestPristineIsTheCommit: a working tree with a solved stub, another
// learner.yaml, a deleted file and a new one yields the commit, and names
// what it left out; a folder that is no checkout is refused.
func TestPristineIsTheCommit(t *testing.T) {
	t.Parallel()
	needGit(t)
	src := tinyKit(t)
	require.NoError(t, os.RemoveAll(filepath.Join(src, ".git")))
	gitRepo(t, src)
	write(t, src, "exercises/02_sqs_send/send.go", "solved")
	write(t, src, "learner.yaml", "name: grace\n")
	write(t, src, "exercises/02_sqs_send/extra.go", "new")
	require.NoError(t, os.Remove(filepath.Join(src, "fixtures/messages/sale.json")))

	tree, err := template.Pristine(t.Context(), src, "")
	require.NoError(t, err)
	t.Cleanup(tree.Close)
	assert.Equal(t, "exercises/02_sqs_send/send.go", read(t, tree.Dir, "exercises/02_sqs_send/send.go"))
	assert.Equal(t, "learner.yaml", read(t, tree.Dir, "learner.yaml"))
	assert.Equal(t, "fixtures/messages/sale.json", read(t, tree.Dir, "fixtures/messages/sale.json"))
	assert.NoFileExists(t, filepath.Join(tree.Dir, "exercises/02_sqs_send/extra.go"))
	assert.ElementsMatch(t, []string{"exercises/02_sqs_send/send.go", "learner.yaml", "exercises/02_sqs_send/extra.go", "fixtures/messages/sale.json"}, tree.LeftOut)
	assert.Contains(t, tree.From, "(HEAD)")

	dir := tree.Dir
	tree.Close()
	assert.NoDirExists(t, dir, "Close removes the temporary copy")

	cases := []struct{ name, root, ref, want string }{
		{"not a checkout", t.TempDir(), "", "neither a git checkout nor a released version"},
		{"a folder inside a checkout", filepath.Join(src, "exercises"), "", "neither a git checkout nor a released version"},
		{"no such ref", src, "v9.9.9", `no commit "v9.9.9"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := template.Pristine(t.Context(), tc.root, tc.ref)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

// TestPristineAtRef reads a tag, not HEAD, and then names nothing left out.
func TestPristineAtRef(t *testing.T) {
	t.Parallel()
	needGit(t)
	src := tinyKit(t)
	require.NoError(t, os.RemoveAll(filepath.Join(src, ".git")))
	gitRepo(t, src)
	gitIn(t, src, "tag", "v1.0.0")
	write(t, src, "learner.yaml", "name: later\n")
	gitIn(t, src, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-am", "later")
	tree, err := template.Pristine(t.Context(), src, "v1.0.0")
	require.NoError(t, err)
	t.Cleanup(tree.Close)
	assert.Equal(t, "learner.yaml", read(t, tree.Dir, "learner.yaml"))
	assert.Empty(t, tree.LeftOut)
}

// TestLearnerReadmeFollowsTheMainReadme: the starter README's CLI steps use
// the account convention of README.md's "The lesson's CLI and boto3 steps".
func TestLearnerReadmeFollowsTheMainReadme(t *testing.T) {
	t.Parallel()
	main, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	learner, err := os.ReadFile(filepath.Join("files", "README.md"))
	require.NoError(t, err)
	for _, line := range strings.Split(string(learner), "\n") {
		if strings.HasPrefix(line, "export AWS_") || strings.HasPrefix(line, "aws --endpoint-url") {
			assert.True(t, bytes.Contains(main, []byte(line)), "README.md no longer says %q: update grader/template/files/README.md", line)
		}
	}
}

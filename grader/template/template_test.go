package template_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/queuelab/queuelab/grader/runner"
	"github.com/queuelab/queuelab/grader/template"
)

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	path := filepath.Join(root, filepath.FromSlash(rel))
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

func TestExportLeavesOutSolutions(t *testing.T) {
	t.Parallel()
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "starter")
	for _, rel := range []string{"go.mod", "README.md", "exercises/02_sqs_send/send.go", "exercises/02_sqs_send/send_test.go",
		"solutions/02_sqs_send/send.go", "fixtures/submissions/alice/exercises/02_sqs_send/send.go", "fixtures/messages/sale.json",
		".git/HEAD", ".github/workflows/ci.yml", ".ci/run"} {
		write(t, src, rel, rel)
	}
	require.NoError(t, template.Export(src, dst, template.Options{Version: "v1.2.3", Classroom: true}))

	var got []string
	require.NoError(t, filepath.WalkDir(dst, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dst, path)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	}))
	assert.ElementsMatch(t, []string{"go.mod", "README.md", "exercises/02_sqs_send/send.go", "exercises/02_sqs_send/send_test.go",
		"fixtures/messages/sale.json", ".github/workflows/grade.yml", ".github/workflows/classroom.yml"}, got)

	grade, err := os.ReadFile(filepath.Join(dst, ".github", "workflows", "grade.yml"))
	require.NoError(t, err)
	assert.Contains(t, string(grade), "github.com/queuelab/queuelab/grader/cmd/grader@v1.2.3")
	assert.NotContains(t, string(grade), "{{VERSION}}")
}

func TestExportRefuses(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	write(t, src, "go.mod", "module x")
	assert.ErrorContains(t, template.Export(src, t.TempDir(), template.Options{}), "version")
	assert.ErrorContains(t, template.Export(src, filepath.Join(src, "inside"), template.Options{Version: "v1"}), "inside the repository")
	full := t.TempDir()
	write(t, full, "x", "x")
	assert.ErrorContains(t, template.Export(src, full, template.Options{Version: "v1"}), "not empty")
}

// TestWorkflowsAreValid: both workflows are YAML with the steps a student
// repository needs, and run the pinned grader, never the repository's.
func TestWorkflowsAreValid(t *testing.T) {
	t.Parallel()
	for name, content := range map[string]string{
		"grade":     template.GradeWorkflow("v1.0.0"),
		"classroom": template.ClassroomWorkflow("v1.0.0"),
	} {
		var wf struct {
			On   any               `yaml:"on"`
			Env  map[string]string `yaml:"env"`
			Jobs map[string]struct {
				Steps []map[string]any `yaml:"steps"`
			} `yaml:"jobs"`
		}
		require.NoError(t, yaml.Unmarshal([]byte(content), &wf), name)
		assert.Equal(t, "github.com/queuelab/queuelab/grader/cmd/grader@v1.0.0", wf.Env["GRADER"], name)
		assert.Len(t, wf.Jobs, 1, name)
		assert.NotContains(t, content, "./grader/cmd/grader", "%s runs the pinned grader, not the student's copy", name)
	}
	assert.Contains(t, template.GradeWorkflow("v1"), "--format junit=junit.xml --format github")
	assert.Contains(t, template.ClassroomWorkflow("v1"), "--format classroom")
}

// TestRepositoryExportHasNoSolution exports this repository and checks that
// no exported file is one of the reference solutions.
func TestRepositoryExportHasNoSolution(t *testing.T) {
	t.Parallel()
	root, err := runner.PristineRoot()
	require.NoError(t, err)
	dst := filepath.Join(t.TempDir(), "starter")
	require.NoError(t, template.Export(root, dst, template.Options{Version: "v0.0.0"}))
	solutions := map[string]string{}
	_ = filepath.WalkDir(filepath.Join(root, "solutions"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			solutions[string(data)] = path
		}
		return nil
	})
	if len(solutions) == 0 {
		t.Skip("no solutions yet")
	}
	require.NoError(t, filepath.WalkDir(dst, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		if from, same := solutions[string(data)]; same && len(bytes.TrimSpace(data)) > 0 {
			t.Errorf("%s is the solution %s", path, from)
		}
		return nil
	}))
	_, err = os.Stat(filepath.Join(dst, "exercises", "catalogue.yaml"))
	assert.NoError(t, err, "the exercises are exported")
}

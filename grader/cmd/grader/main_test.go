package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/backend"
	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/runner"
)

// grader runs the command line in-process and returns its exit status and
// output.
func grader(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := runner.PristineRoot()
	require.NoError(t, err)
	return root
}

func TestExitStatus(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	cases := []struct {
		name     string
		args     []string
		code     int
		stdout   string
		oneLine  string // the whole of stderr, one line, when code is 2
		noStderr bool
	}{
		{name: "solutions pass", args: []string{"check", "--solutions", "00"}, code: 0, stdout: "LO1"},
		{name: "stubs fail with hints", args: []string{"check", "--dir", root, "00"}, code: 1, stdout: "hint:"},
		{name: "bad format", args: []string{"check", "--format", "xml"}, code: 2, oneLine: `grader: unknown --format "xml"`},
		{name: "bad flag", args: []string{"check", "--nope"}, code: 2, oneLine: "grader: unknown flag: --nope"},
		{name: "unknown exercise", args: []string{"check", "--dir", root, "99"}, code: 2, oneLine: `grader: no exercise "99": the exercises are 00_quiz, `},
		{name: "ambiguous exercise", args: []string{"check", "--dir", root, "0"}, code: 2, oneLine: `grader: exercise "0" is ambiguous: it could be 00_quiz, 01_dummy_queue, `},
		{name: "unknown backend", args: []string{"check", "--dir", root, "--backend", "docker"}, code: 2, oneLine: `grader: unknown backend "docker"`},
		{name: "hint of two exercises", args: []string{"hint", "01", "02"}, code: 2, oneLine: "grader: hint takes one exercise, such as `"},
		{name: "list", args: []string{"list"}, code: 0, stdout: "01_dummy_queue"},
		{name: "help", args: []string{"help"}, code: 0, stdout: "grader check"},
		{name: "check help", args: []string{"check", "--help"}, code: 0, stdout: "--backend"},
		{name: "hint", args: []string{"hint", "--dir", root, "00"}, code: 0, stdout: "Next: 00_quiz/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := grader(t, tc.args...)
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Contains(t, stdout, tc.stdout)
			if tc.oneLine != "" {
				assert.True(t, strings.HasPrefix(stderr, tc.oneLine), "stderr: %q", stderr)
				assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
			}
		})
	}
}

// TestLocalStackWithoutDocker: on a machine with no Docker host, the
// localstack backend says so in one line and exits 2, without a stack trace.
func TestLocalStackWithoutDocker(t *testing.T) {
	t.Parallel()
	if err := (backendDocker{}).available(); err == nil {
		t.Skip("Docker is available here: the localstack backend would start a container")
	}
	code, _, stderr := grader(t, "check", "--dir", repoRoot(t), "--backend", "localstack", "00")
	assert.Equal(t, 2, code)
	assert.Equal(t, "grader: "+backend.ErrNoDocker.Error()+"\n", stderr)
}

type backendDocker struct{}

func (backendDocker) available() error {
	b, err := backend.New(backend.Config{Name: backend.LocalStack})
	if err != nil {
		return err
	}
	_, err = b.Start(context.Background()) // fails fast, before any container, without Docker
	if err == nil {
		_ = b.Stop(context.Background())
	}
	return err
}

// TestFormatsToFiles: several formats in one run, each to its file.
func TestFormatsToFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	jsonFile, junitFile, summary := filepath.Join(dir, "r.json"), filepath.Join(dir, "junit.xml"), filepath.Join(dir, "summary.md")
	code, stdout, stderr := grader(t, "check", "--solutions", "00", "--format", "text",
		"--format", "json="+jsonFile, "--format", "junit="+junitFile, "--format", "github="+summary)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "00_quiz/")

	var r report.Report
	data, err := os.ReadFile(jsonFile)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &r))
	assert.Equal(t, r.MaxScore, r.Score)
	assert.NotEmpty(t, r.Checks())

	data, err = os.ReadFile(junitFile)
	require.NoError(t, err)
	var doc struct{ XMLName xml.Name }
	require.NoError(t, xml.Unmarshal(data, &doc))

	data, err = os.ReadFile(summary)
	require.NoError(t, err)
	assert.Contains(t, string(data), "LO1")
}

func TestOutNeedsOneFormat(t *testing.T) {
	t.Parallel()
	code, _, stderr := grader(t, "check", "--format", "json", "--format", "junit", "--out", "x")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--out names the file of one --format")
}

// TestLearnerFileMistakesStopEverything: a mistake in learner.yaml is
// reported before anything runs, by check, hint and watch alike: exit 2,
// nothing on stdout, the line to fix quoted.
func TestLearnerFileMistakesStopEverything(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string // file "" is no learner.yaml at all
		want       string
	}{
		{name: "unknown field", file: "nmae: ada\n", want: "grader: learner.yaml:1: unknown field \"nmae\"\n    1 | nmae: ada\nThe valid fields are name"},
		{name: "name with spaces", file: "name: ada lovelace\n", want: `grader: learner.yaml:1: name "ada lovelace" can't be used in queue names`},
		{name: "missing", want: "grader: learner.yaml is missing: create it at the root of your repository"},
	}
	for _, tt := range tests {
		for _, command := range []string{"check", "hint", "watch"} {
			t.Run(tt.name+"/"+command, func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				require.NoError(t, os.MkdirAll(filepath.Join(dir, "exercises", "01_dummy_queue"), 0o755))
				if tt.file != "" {
					require.NoError(t, os.WriteFile(filepath.Join(dir, "learner.yaml"), []byte(tt.file), 0o644))
				}
				code, stdout, stderr := grader(t, command, "--dir", dir)
				assert.Equal(t, 2, code)
				assert.Empty(t, stdout, "nothing ran")
				assert.True(t, strings.HasPrefix(stderr, tt.want), "stderr:\n%s", stderr)
				assert.Contains(t, stderr, " "+command)
				assert.True(t, strings.HasSuffix(stderr, " again.\n"), "stderr:\n%s", stderr)
			})
		}
	}
}

// TestLearnerNameFromTheEnvironment: QUEUELAB_LEARNER stands in for a
// missing learner.yaml, and a bad one is refused in one line.
func TestLearnerNameFromTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "exercises"), 0o755))
	t.Setenv("QUEUELAB_LEARNER", "ada lovelace")
	code, _, stderr := grader(t, "check", "--dir", dir)
	assert.Equal(t, 2, code)
	assert.Equal(t, `grader: QUEUELAB_LEARNER="ada lovelace": learner.yaml: name "ada lovelace" can't be used in queue names: it has a space (use - or _, as in ada-lovelace)`+"\n", stderr)

	t.Setenv("QUEUELAB_LEARNER", "ada")
	f := checkFlags{sources: dir}
	require.NoError(t, f.checkLearner(newCheckCmd(), nil))
}

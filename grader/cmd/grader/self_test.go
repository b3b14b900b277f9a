package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/runner"
)

func TestSelfCommand(t *testing.T) {
	t.Parallel()
	repo := filepath.FromSlash("/home/ada/queuelab")
	tests := []struct {
		name string
		in   invocation
		want string
	}{
		{name: "make check's bin/grader", in: invocation{exe: filepath.Join(repo, "bin", "grader"), wd: repo}, want: filepath.FromSlash("bin/grader")},
		{name: "bin/grader from an exercise", in: invocation{exe: filepath.Join(repo, "bin", "grader"), wd: filepath.Join(repo, "exercises", "02_sqs_send")}, want: filepath.FromSlash("../../bin/grader")},
		{name: "built here", in: invocation{exe: filepath.Join(repo, "grader"), wd: repo}, want: filepath.FromSlash("./grader")},
		{name: "far away", in: invocation{exe: filepath.FromSlash("/opt/q/bin/grader"), wd: filepath.FromSlash("/home/ada/a/b")}, want: filepath.FromSlash("/opt/q/bin/grader")},
		{name: "on PATH", in: invocation{exe: filepath.FromSlash("/home/ada/go/bin/grader"), onPath: filepath.FromSlash("/home/ada/go/bin/grader"), wd: repo}, want: "grader"},
		{name: "another grader on PATH", in: invocation{exe: filepath.Join(repo, "bin", "grader"), onPath: filepath.FromSlash("/usr/bin/grader"), wd: repo}, want: filepath.FromSlash("bin/grader")},
		{name: "go run in a checkout", in: invocation{exe: filepath.FromSlash("/tmp/go-build123/b001/exe/grader"), wd: repo, root: repo}, want: "go run " + filepath.FromSlash("./grader/cmd/grader")},
		{name: "go run from an exercise", in: invocation{exe: filepath.FromSlash("/tmp/go-build123/b001/exe/grader"), wd: filepath.Join(repo, "exercises", "02_sqs_send"), root: repo}, want: "go run " + filepath.FromSlash("../../grader/cmd/grader")},
		{name: "go run cached", in: invocation{exe: filepath.FromSlash("/home/ada/.cache/go-build/ab/abcd-d/grader"), wd: repo, root: repo}, want: "go run " + filepath.FromSlash("./grader/cmd/grader")},
		{name: "go run pinned", in: invocation{exe: filepath.FromSlash("/tmp/go-build9/b001/exe/grader"), wd: repo, version: "v1.2.0"}, want: "go run github.com/queuelab/queuelab/grader/cmd/grader@v1.2.0"},
		{name: "go run, checkout unknown", in: invocation{exe: filepath.FromSlash("/tmp/go-build9/b001/exe/grader"), wd: repo}, want: "go run github.com/queuelab/queuelab/grader/cmd/grader"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.in.command())
		})
	}
}

func TestRerun(t *testing.T) {
	self := selfCommand()
	t.Setenv("MAKELEVEL", "")
	assert.Equal(t, self+" check 02", rerun(newCheckCmd(), []string{"02"}))
	assert.Equal(t, self+" watch", rerun(newWatchCmd(), []string{"02_sqs_send"}), "watch takes no exercises")
	t.Setenv("MAKELEVEL", "1")
	assert.Equal(t, "make check", rerun(newCheckCmd(), nil))
	assert.Equal(t, self+" hint 02", rerun(newHintCmd(), []string{"02"}))
}

// TestFirstBuildNotice: with no test binary cached yet, the build phase is
// announced once, on a terminal or not; later builds say nothing.
func TestFirstBuildNotice(t *testing.T) {
	t.Parallel()
	empty, warm := t.TempDir(), t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(warm, "0123abcd"), 0o755))
	tests := []struct {
		name  string
		cache string
		want  bool
	}{
		{name: "no cache folder yet", cache: filepath.Join(empty, "queuelab", "bin"), want: true},
		{name: "empty cache folder", cache: empty, want: true},
		{name: "warm cache", cache: warm, want: false},
		{name: "no user cache at all", cache: "", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, firstBuild(tt.cache))
			var out bytes.Buffer
			p := newProgressLine(&out) // not a terminal
			p.firstBuild = firstBuild(tt.cache)
			for _, phase := range []string{"build", "build", "run"} {
				p.update(runner.Progress{Phase: phase})
			}
			p.clear()
			want := ""
			if tt.want {
				want = "Compiling the checks for the first time (about a minute; later runs take seconds)…\n"
			}
			assert.Equal(t, want, out.String())
		})
	}
}

func TestHintTakesAtMostOneExercise(t *testing.T) {
	t.Parallel()
	cmd := newHintCmd()
	require.NoError(t, cmd.Args(cmd, nil), "no exercise: the next unmet check of all")
	require.NoError(t, cmd.Args(cmd, []string{"02"}))
	assert.ErrorContains(t, cmd.Args(cmd, []string{"02", "03"}), "hint takes one exercise, such as `"+selfCommand()+" hint 02`")
}

package batch

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/backend"
)

func TestCommandRefusesBadUse(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no folder", []string{"--out", t.TempDir()}, "accepts 1 arg"},
		{"no out", []string{t.TempDir()}, `required flag(s) "out" not set`},
		{"unknown backend", []string{t.TempDir(), "--out", t.TempDir(), "--backend", "docker"}, `unknown backend "docker"`},
		{"endpoint without url", []string{t.TempDir(), "--out", t.TempDir(), "--backend", "endpoint"}, "needs --endpoint"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := NewCommand()
			cmd.SetArgs(tc.args)
			var out bytes.Buffer
			cmd.SetOut(&out)
			cmd.SetErr(&out)
			require.ErrorContains(t, cmd.Execute(), tc.want)
		})
	}
}

func TestCommandStartsASharedBackend(t *testing.T) {
	started, stopped := false, false
	cmd := NewCommand(WithStart(func(ctx context.Context, cfg backend.Config) (*backend.Session, error) {
		started = true
		assert.Equal(t, backend.LocalStack, cfg.Name)
		return nil, errors.New("docker is not available")
	}))
	cmd.SetArgs([]string{t.TempDir(), "--out", t.TempDir(), "--backend", "localstack"})
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	require.ErrorContains(t, cmd.Execute(), "docker is not available")
	assert.True(t, started)
	assert.False(t, stopped, "nothing to stop when it did not start")
}

// TestCommandPassesEveryBackendFlag: batch starts its backend the way
// check does, from the same flags; --lacks and --like reach it.
func TestCommandPassesEveryBackendFlag(t *testing.T) {
	var got backend.Config
	cmd := NewCommand(WithStart(func(ctx context.Context, cfg backend.Config) (*backend.Session, error) {
		got = cfg
		return nil, errors.New("stop here")
	}))
	cmd.SetArgs([]string{t.TempDir(), "--out", t.TempDir(), "--lacks", "fifo=not today", "--like", "fauxqs"})
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	require.ErrorContains(t, cmd.Execute(), "stop here")
	assert.Equal(t, backend.Embedded, got.Name)
	assert.Equal(t, map[string]string{"fifo": "not today"}, got.Lacks)
	assert.Equal(t, "fauxqs", got.Like)
	assert.True(t, got.PerCheck, "each check of a batch gets an emulator of its own")
}

func TestCommandHelp(t *testing.T) {
	t.Parallel()
	cmd := NewCommand()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"--help"})
	require.NoError(t, cmd.Execute())
	for _, want := range []string{"grades.csv", "--resume", "--jobs", "--timeout", "git bundle"} {
		assert.Contains(t, out.String(), want)
	}
}

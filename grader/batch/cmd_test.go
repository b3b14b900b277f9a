package batch

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		{"unknown backend", []string{t.TempDir(), "--out", t.TempDir(), "--backend", "localstack"}, `backend "localstack" is not available`},
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
	cmd := NewCommand(WithBackend("localstack", func(ctx context.Context, name string) (string, func(), error) {
		started = true
		return "", func() { stopped = true }, errors.New("docker is not available")
	}))
	cmd.SetArgs([]string{t.TempDir(), "--out", t.TempDir(), "--backend", "localstack"})
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	require.ErrorContains(t, cmd.Execute(), "docker is not available")
	assert.True(t, started)
	assert.False(t, stopped, "nothing to stop when it did not start")
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

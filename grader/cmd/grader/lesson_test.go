package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/server"
)

// grader check --lesson: 1 when a step fails (here, on an empty server),
// 2 with one line saying to run make serve when nothing answers.
func TestCheckLessonExitCodes(t *testing.T) {
	t.Setenv("QUEUELAB_LEARNER", "ada")
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, server.Config{Port: -1, Ready: func(ep string) { ready <- ep }}) }()
	t.Cleanup(func() { cancel(); require.NoError(t, <-done) })
	endpoint := <-ready

	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string
		stderr   string
		stderrNL int
	}{
		{"empty server", []string{"check", "--lesson", "--endpoint", endpoint}, 1, "Total 0/11", "", 0},
		{"hint lesson", []string{"hint", "lesson", "--endpoint", endpoint}, 0, "Next: lesson/SalesQueue", "", 0},
		{"json", []string{"check", "--lesson", "--endpoint", endpoint, "--format", "json"}, 1, `"exercise": "lesson"`, "", 0},
		{"no server", []string{"check", "--lesson", "--endpoint", "http://127.0.0.1:1"}, 2, "", "make serve", 1},
		{"exercises too", []string{"check", "--lesson", "02"}, 2, "", "leave out the exercise names", 1},
		{"localstack backend", []string{"check", "--lesson", "--backend", "localstack"}, 2, "", "--endpoint URL", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tc.args, &stdout, &stderr)
			assert.Equal(t, tc.code, code, "stdout: %s\nstderr: %s", stdout.String(), stderr.String())
			assert.Contains(t, stdout.String(), tc.stdout)
			assert.Contains(t, stderr.String(), tc.stderr)
			if tc.stderrNL > 0 {
				assert.Equal(t, tc.stderrNL, bytes.Count(stderr.Bytes(), []byte("\n")), "one line: %s", stderr.String())
			}
		})
	}
}

package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a bytes.Buffer that the serving goroutine and the test
// can share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A bad fault file stops `grader serve` before it listens, with exit status
// 2 and the rule to fix.
func TestServeBadFaultsFileExits2(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, want string
	}{
		{name: "unknown operation", file: "rules:\n  - {service: sqs, operation: Recieve, error: InternalError}\n", want: `fault rule 1: sqs has no operation "Recieve"`},
		{name: "unknown field", file: "rules:\n  - service: sqs\n    eror: InternalError\n", want: "line 3: field eror not found"},
		{name: "error sqs cannot answer", file: "rules: [{service: sqs, error: Throttled}]", want: `sqs cannot be made to answer "Throttled": choose one of`},
		{name: "empty", file: "", want: "the fault file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "faults.yaml")
			require.NoError(t, os.WriteFile(path, []byte(tt.file), 0o644))
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"serve", "--port", "-1", "--faults", path}, &stdout, &stderr)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr.String(), tt.want)
			assert.Empty(t, stdout.String(), "nothing was served")
		})
	}
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"serve", "--port", "-1", "--faults", "/nonexistent/faults.yaml"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "no such file")
}

func TestServeWithFaultsFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "faults.yaml")
	require.NoError(t, os.WriteFile(path, []byte("seed: 5\nrules:\n  - {service: sqs, operation: ReceiveMessage, error: RequestThrottled, share: 0.5}\n"), 0o644))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", "--port", "-1", "--faults", path}, &stdout, &stderr) }()

	line := regexp.MustCompile(`Faults: 1 rules from \S+ \(seed 5\); list and change them at (http://\S+)`)
	var url string
	require.Eventually(t, func() bool {
		m := line.FindStringSubmatch(stdout.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	}, 10*time.Second, 10*time.Millisecond, "the banner names the faults: %s", stdout.String())
	resp, err := http.Get(url)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Contains(t, string(body), `"error": "RequestThrottled"`)

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

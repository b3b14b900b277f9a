package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/store"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// start runs a server on a free loopback port and returns its endpoint, the
// banner buffer, a stop function and the channel Run's result arrives on.
func start(t *testing.T) (string, *syncBuffer, context.CancelFunc, <-chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Config{Host: "127.0.0.1", Port: -1, Out: out, Ready: func(ep string) { ready <- ep }})
	}()
	select {
	case ep := <-ready:
		t.Cleanup(cancel)
		return ep, out, cancel, done
	case err := <-done:
		cancel()
		t.Fatalf("server did not start: %v", err)
	}
	return "", nil, nil, nil
}

func TestRunServesAndStops(t *testing.T) {
	t.Parallel()
	endpoint, out, stop, done := start(t)

	resp, err := http.Get(endpoint + "/_localstack/health")
	require.NoError(t, err)
	var health struct{ Services map[string]string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&health))
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, "running", health.Services["sqs"])
	assert.Equal(t, "running", health.Services["sns"])

	banner := out.String()
	assert.Contains(t, banner, endpoint)
	assert.Contains(t, banner, "aws --endpoint-url "+endpoint+" sqs create-queue --queue-name ")

	stop()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
	assert.Contains(t, out.String(), "stopped")
	_, err = http.Get(endpoint + "/health")
	assert.Error(t, err, "nothing listens any more")
}

func TestRunReportsBusyPort(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	port := ln.Addr().(*net.TCPAddr).Port

	err = Run(context.Background(), Config{Host: "127.0.0.1", Port: port})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "listen on 127.0.0.1:"+strconv.Itoa(port))
	assert.Contains(t, err.Error(), "--port")
}

func TestDisplayAddr(t *testing.T) {
	t.Parallel()
	bound := &net.TCPAddr{IP: net.IPv4zero, Port: 4566}
	assert.Equal(t, "127.0.0.1:4566", displayAddr("0.0.0.0", bound))
	assert.Equal(t, "127.0.0.1:4566", displayAddr("::", bound))
	assert.Equal(t, "localhost:4566", displayAddr("localhost", bound))
}

// A state folder the emulator cannot use stops Run before it listens, and
// is left as it was.
func TestRunRefusesACorruptStateFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	require.NoError(t, os.WriteFile(path, []byte("not a state file"), 0o600))
	err := Run(context.Background(), Config{Host: "127.0.0.1", Port: -1, StateDir: dir})
	require.ErrorIs(t, err, store.ErrCorrupt)
	data, readErr := os.ReadFile(path)
	require.NoError(t, readErr)
	assert.Equal(t, "not a state file", string(data))
}

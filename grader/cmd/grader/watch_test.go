package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWatchStopsCleanlyOnCtrlC: Ctrl-C (os.Interrupt sent to this process)
// ends grader watch with exit status 0 and nothing on stderr. Not parallel:
// the signal goes to the whole test process.
func TestWatchStopsCleanlyOnCtrlC(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("os.Interrupt cannot be sent to a process on Windows")
	}
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "exercises", "01_dummy_queue"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "learner.yaml"), []byte("name: ada\n"), 0o644))

	outR, outW := io.Pipe()
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- run(context.Background(), []string{"watch", "--dir", dir}, outW, &stderr)
		outW.Close()
	}()
	// watch listens for the signal before it says it is watching.
	first, err := bufio.NewReader(outR).ReadString('\n')
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(first, "Watching "), first)
	go func() { _, _ = io.Copy(io.Discard, outR) }()

	self, err := os.FindProcess(os.Getpid())
	require.NoError(t, err)
	require.NoError(t, self.Signal(os.Interrupt))
	select {
	case c := <-code:
		assert.Equal(t, 0, c)
		assert.Empty(t, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not stop on Ctrl-C")
	}
}

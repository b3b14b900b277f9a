package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/backend"
	"github.com/queuelab/queuelab/grader/internal/testenv"
	"github.com/queuelab/queuelab/grader/report"
)

// TestSolutionsPassOnFauxqs runs `grader check --solutions --backend
// endpoint` against fauxqs, an SQS/SNS emulator nobody on QueueLab wrote, to
// prove that the checks rely on the wire protocol only. Every check passes,
// except those that need a feature fauxqs lacks (backend.Profiles), which
// are skipped by name with the reason. .ci/install-fauxqs.sh installs it.
func TestSolutionsPassOnFauxqs(t *testing.T) {
	t.Parallel()
	url := startFauxqs(t)
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"check", "--solutions", "--backend", "endpoint",
		"--endpoint", url, "--like", "fauxqs", "--format", "json"}, &out, &errOut)

	var r report.Report
	require.NoError(t, json.Unmarshal(out.Bytes(), &r), "json report; stderr: %s", errOut.String())
	lacks := backend.Profiles["fauxqs"]
	for _, e := range exercises.Catalogue().Exercises {
		for _, c := range e.Check {
			got, ok := find(r, e.ID, c.Name)
			require.True(t, ok, "%s/%s is in the report", e.ID, c.Name)
			if need, lacked := lacking(c.Needs, lacks); lacked {
				assert.Equal(t, report.StatusSkip, got.Status, "%s/%s needs %s, which fauxqs lacks", e.ID, c.Name, need)
				assert.Contains(t, got.Message, need)
				continue
			}
			assert.Equal(t, report.StatusPass, got.Status, "%s/%s on fauxqs: %s\n%s", e.ID, c.Name, got.Message, got.Output)
		}
	}
	assert.Equal(t, 0, code, "exit status; stderr: %s", errOut.String())
}

func find(r report.Report, exercise, name string) (report.CheckResult, bool) {
	for _, c := range r.Checks() {
		if c.Exercise == exercise && c.Name == name {
			return c, true
		}
	}
	return report.CheckResult{}, false
}

func lacking(needs []string, lacks map[string]string) (string, bool) {
	for _, n := range needs {
		if _, ok := lacks[n]; ok {
			return n, true
		}
	}
	return "", false
}

// startFauxqs starts fauxqs on a free loopback port and returns its URL; it
// skips the test when fauxqs is not installed (fails it under CI=true).
func startFauxqs(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("FAUXQS_DIR")
	if dir == "" {
		dir = "/opt/fauxqs"
	}
	node := filepath.Join(dir, "node_modules", ".bin", "node")
	app := filepath.Join(dir, "node_modules", "fauxqs", "dist", "app.js")
	for _, p := range []string{node, app} {
		if _, err := os.Stat(p); err != nil {
			testenv.Missing(t, "fauxqs is not installed in %s (run .ci/install-fauxqs.sh): %v", dir, err)
		}
	}
	port := freePort(t)
	launcher, err := filepath.Abs(filepath.Join("testdata", "fauxqs-loopback.mjs"))
	require.NoError(t, err)
	cmd := exec.Command(node, launcher)
	cmd.Env = append(os.Environ(), "FAUXQS_APP="+app, "FAUXQS_PORT="+strconv.Itoa(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	ready := make(chan struct{})
	go func() {
		s := bufio.NewScanner(stdout)
		for s.Scan() {
			if strings.Contains(s.Text(), "listening") {
				close(ready)
				break
			}
		}
		for s.Scan() { // keep draining so fauxqs never blocks on its output
		}
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		t.Fatal("fauxqs did not start within 60s")
	}
	return "http://127.0.0.1:" + strconv.Itoa(port)
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

package runner

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/queuelab/queuelab/grader/labtest"
	"github.com/queuelab/queuelab/grader/labtest/seal"
	"github.com/queuelab/queuelab/grader/report"
)

// drainGrace is how long the grader keeps reading a test process's pipes
// after killing its group: enough for the kernel to close them.
const drainGrace = 2 * time.Second

// runAll runs the graded exercises' test binaries, Jobs at a time.
func (g *grading) runAll(ctx context.Context, work string) {
	if !sealSupported {
		g.warnings = append(g.warnings, "this system cannot pass the grader's verdict channel to the checks: grade on Linux, macOS or WSL")
		return
	}
	g.progress(Progress{Phase: "run"})
	sem := make(chan struct{}, g.opts.Jobs)
	var wg sync.WaitGroup
	for _, id := range g.graded {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			g.runExercise(ctx, work, id)
		})
	}
	wg.Wait()
}

// runExercise runs one exercise's test binary and records what it proves.
func (g *grading) runExercise(ctx context.Context, work, id string) {
	e, _ := g.cat.Exercise(id)
	var run []string
	for _, c := range e.Check {
		if _, skip := g.opts.skipReason(id, c); !skip {
			run = append(run, regexp.QuoteMeta(c.Name))
		}
	}
	if len(run) == 0 {
		return
	}
	res, err := g.execute(ctx, work, id, len(run), []string{"-test.run=^(" + strings.Join(run, "|") + ")$"})
	if err != nil {
		g.setExercise(id, report.StatusError, "the grader could not run the checks: "+err.Error(), "", 0)
		return
	}
	g.record(id, res)
}

// execution is what the grader saw of one test process.
type execution struct {
	verdicts    map[string]seal.Verdict // by check, the worst seen
	rejected    int
	output      string
	overflowed  bool
	timedOut    bool
	outOfMemory bool
	elapsed     time.Duration
}

var rank = map[string]int{seal.Pass: 0, seal.Skip: 1, seal.Fail: 2}

func (g *grading) execute(ctx context.Context, work, id string, checks int, extra []string) (*execution, error) {
	key := make([]byte, seal.KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("make a seal key: %w", err)
	}
	keyR, keyW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer keyR.Close()
	if _, err := keyW.Write(key); err != nil {
		keyW.Close()
		return nil, err
	}
	keyW.Close()
	verR, verW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer verR.Close()
	outR, outW, err := os.Pipe()
	if err != nil {
		verW.Close()
		return nil, err
	}
	defer outR.Close()

	limit := g.opts.CheckTimeout * time.Duration(checks)
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < limit {
		limit = max(time.Until(dl), time.Second)
	}
	args := append([]string{"-test.v=test2json", "-test.count=1", "-test.timeout=" + limit.String()}, extra...)
	cmd := g.testCommand(filepath.Join(g.binaries(work), id+".test"), args)
	cmd.Dir = filepath.Join(work, "exercises", id)
	cmd.Env = append(g.testEnv(work), seal.EnvFDs+"="+seal.FDs(3, 4))
	cmd.Stdin = nil
	cmd.Stdout, cmd.Stderr = outW, outW
	cmd.ExtraFiles = []*os.File{keyR, verW}
	inProcessGroup(cmd)
	started := time.Now()
	err = cmd.Start()
	verW.Close()
	outW.Close()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", id, err)
	}

	res := &execution{verdicts: map[string]seal.Verdict{}}
	var readers sync.WaitGroup
	var mu sync.Mutex
	readers.Go(func() {
		res.rejected = seal.Read(key, verR, func(v seal.Verdict) {
			if v.Exercise != id {
				return
			}
			mu.Lock()
			old, seen := res.verdicts[v.Check]
			if !seen || rank[v.Status] > rank[old.Status] {
				res.verdicts[v.Check] = v
			}
			mu.Unlock()
			g.progressVerdict(id, v)
		})
	})
	var out bytes.Buffer
	lb := &limitedBuffer{buf: &out, limit: g.opts.OutputLimit, onOverflow: func() { killGroup(cmd) }}
	readers.Go(func() { _, _ = io.Copy(lb, outR) })

	waited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(waited)
	}()
	timer := time.NewTimer(limit + 10*time.Second) // -test.timeout normally fires first
	defer timer.Stop()
	select {
	case <-waited:
	case <-ctx.Done():
		res.timedOut = true
		killGroup(cmd)
		<-waited
	case <-timer.C:
		res.timedOut = true
		killGroup(cmd)
		<-waited
	}
	res.elapsed = time.Since(started)
	tracer(started)(id + " ran")
	killGroup(cmd) // whatever the learner's code forked
	_ = verR.SetReadDeadline(time.Now().Add(drainGrace))
	_ = outR.SetReadDeadline(time.Now().Add(drainGrace))
	readers.Wait()
	res.output = out.String()
	res.overflowed = lb.overflowed()
	res.outOfMemory = g.opts.MemoryLimit > 0 && strings.Contains(res.output, "out of memory")
	return res, nil
}

// testEnv is the checks' environment: little of the grader's own, so no
// token or credential of the grader reaches the learner's code.
func (g *grading) testEnv(work string) []string {
	tmp := filepath.Join(work, "tmp")
	_ = os.MkdirAll(tmp, 0o755)
	env := []string{"TMPDIR=" + tmp}
	pass := []string{"PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "USERPROFILE"}
	if g.opts.RealAWS {
		pass = append(pass, "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
			"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")
		env = append(env, labtest.EnvRealAWS+"=1")
	}
	for _, k := range pass {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	if g.opts.Endpoint != "" {
		env = append(env, labtest.EnvEndpoint+"="+g.opts.Endpoint)
	}
	return append(env, g.opts.Env...)
}

func (g *grading) progressVerdict(id string, v seal.Verdict) {
	g.mu.Lock()
	g.done++
	done := g.done
	g.mu.Unlock()
	g.progress(Progress{Phase: "check", Exercise: id, Check: v.Check, Status: statusOf(v.Status), Done: done})
}

func statusOf(s string) report.Status {
	switch s {
	case seal.Pass:
		return report.StatusPass
	case seal.Skip:
		return report.StatusSkip
	default:
		return report.StatusFail
	}
}

// limitedBuffer keeps the first limit bytes written to it and drops the rest;
// past 16 times the limit it calls onOverflow once (to kill the writer).
type limitedBuffer struct {
	mu         sync.Mutex
	buf        *bytes.Buffer
	limit      int64
	total      int64
	onOverflow func()
	fired      bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.limit - int64(b.buf.Len()); room > 0 {
		b.buf.Write(p[:min(int64(len(p)), room)])
	}
	b.total += int64(len(p))
	if b.total > 16*b.limit && !b.fired && b.onOverflow != nil {
		b.fired = true
		b.onOverflow()
	}
	return len(p), nil
}

func (b *limitedBuffer) overflowed() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.fired
}

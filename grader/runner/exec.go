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
		g.warnings = append(g.warnings, report.Warning{Kind: report.WarningNoVerdictChannel,
			Message: "this system cannot pass the grader's verdict channel to the checks: grade on Linux, macOS or WSL"})
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

// runExercise runs one exercise's checks and records what they prove. When
// a check panics the process or is stopped for running past its time limit,
// the checks that had no verdict yet and were not to blame run again in a
// fresh process, so that one stuck or crashing function costs only the
// checks that call it.
func (g *grading) runExercise(ctx context.Context, work, id string) {
	e, _ := g.cat.Exercise(id)
	var pending []string
	for _, c := range e.Check {
		if _, skip := g.opts.skipReason(id, c); !skip {
			pending = append(pending, c.Name)
		}
	}
	started := time.Now()
	for len(pending) > 0 {
		res, err := g.execute(ctx, work, id, pending)
		if err != nil {
			g.setExercise(id, report.StatusError, report.ReasonGrader, "the grader could not run the checks: "+err.Error(), "", 0)
			return
		}
		// Another round only while it is worth the wait: a stuck exercise
		// is reported within a few check time limits in all.
		last := ctx.Err() != nil || time.Since(started) > maxRerunAfter*g.opts.CheckTimeout
		pending = g.record(id, res, pending, last)
	}
}

// maxRerunAfter: after this many check time limits spent on an exercise,
// checks that a crash or a stuck check kept from running are not run again.
const maxRerunAfter = 4

// execution is what the grader saw of one test process.
type execution struct {
	verdicts    map[string]seal.Verdict // by check, the worst seen
	rejected    int
	output      string
	tail        string // the output's end, when output is only its start
	overflowed  bool
	timedOut    bool
	outOfMemory bool
	elapsed     time.Duration
	// stuck are the checks the grader stopped for running past
	// Options.CheckTimeout; running are the checks that ran when the
	// process ended.
	stuck   []string
	running []string
}

// crashText is the output where a crash's goroutine dump is: the end.
func (r *execution) crashText() string {
	if r.tail != "" {
		return r.tail
	}
	return r.output
}

var rank = map[string]int{seal.Pass: 0, seal.Skip: 1, seal.Fail: 2}

// Timings of the per-check time limit.
const (
	// watchTick is how often the grader looks for a check past its limit.
	watchTick = 100 * time.Millisecond
	// quitGrace is how long a process stopped with SIGQUIT has to print
	// its goroutines before its group is killed.
	quitGrace = 3 * time.Second
)

func (g *grading) execute(ctx context.Context, work, id string, checks []string) (*execution, error) {
	key := make([]byte, seal.KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("make a seal key: %w", err)
	}
	keyR, keyW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("make the seal key pipe: %w", err)
	}
	defer keyR.Close()
	if _, err := keyW.Write(key); err != nil {
		keyW.Close()
		return nil, fmt.Errorf("write the seal key: %w", err)
	}
	keyW.Close()
	verR, verW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("make the verdict pipe: %w", err)
	}
	defer verR.Close()
	outR, outW, err := os.Pipe()
	if err != nil {
		verW.Close()
		return nil, fmt.Errorf("make the output pipe: %w", err)
	}
	defer outR.Close()

	// The grader stops a check past CheckTimeout itself; -test.timeout and
	// the timer below only stop a process the grader could not.
	limit := g.opts.CheckTimeout * time.Duration(len(checks))
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < limit {
		limit = max(time.Until(dl), time.Second)
	}
	run := make([]string, len(checks))
	for i, c := range checks {
		run[i] = regexp.QuoteMeta(c)
	}
	args := []string{"-test.v=test2json", "-test.count=1", "-test.timeout=" + limit.String(), "-test.run=^(" + strings.Join(run, "|") + ")$"}
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
	tr := newTracker(time.Now)
	var readers sync.WaitGroup
	var mu sync.Mutex
	readers.Go(func() {
		res.rejected = seal.Read(key, verR, func(v seal.Verdict) {
			if v.Exercise != id {
				return
			}
			tr.markEnded(v.Check)
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
	lb := &limitedBuffer{buf: &out, limit: g.opts.OutputLimit, tailLimit: tailLimit, onOverflow: func() { killGroup(cmd) }}
	readers.Go(func() { _, _ = io.Copy(io.MultiWriter(lb, tr), outR) })

	waited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(waited)
	}()
	timer := time.NewTimer(limit + 10*time.Second) // -test.timeout normally fires first
	defer timer.Stop()
	tick := time.NewTicker(watchTick)
	defer tick.Stop()
	var firstLate time.Time
wait:
	for {
		select {
		case <-waited:
			break wait
		case <-ctx.Done():
			res.timedOut = true
			res.running = tr.runningNow()
			killGroup(cmd)
			<-waited
			break wait
		case <-timer.C:
			res.timedOut = true
			res.running = tr.runningNow()
			killGroup(cmd)
			<-waited
			break wait
		case <-tick.C:
			if res.stuck != nil {
				continue
			}
			late, all := tr.overdue(g.opts.CheckTimeout)
			if len(late) == 0 {
				continue
			}
			if firstLate.IsZero() {
				firstLate = time.Now()
			}
			// Let the checks running beside the first late one finish or
			// run out their own time, so one round catches them all.
			if all || time.Since(firstLate) >= g.opts.CheckTimeout {
				res.stuck, res.running = late, tr.runningNow()
				quitProcess(cmd) // Go prints every goroutine, then exits
				time.AfterFunc(quitGrace, func() { killGroup(cmd) })
			}
		}
	}
	res.elapsed = time.Since(started)
	if res.running == nil {
		res.running = tr.runningNow()
	}
	tracer(started)(id + " ran")
	killGroup(cmd) // whatever the learner's code forked
	_ = verR.SetReadDeadline(time.Now().Add(drainGrace))
	_ = outR.SetReadDeadline(time.Now().Add(drainGrace))
	readers.Wait()
	res.output = out.String()
	res.tail = lb.tailString()
	res.overflowed = lb.overflowed()
	res.outOfMemory = g.opts.MemoryLimit > 0 && strings.Contains(res.output+res.tail, "out of memory")
	return res, nil
}

// tailLimit is how much of the end of a test process's output is kept
// besides its start, for the goroutine dump a crash prints last.
const tailLimit = 512 << 10

// testEnv is the checks' environment: little of the grader's own, so no
// token or credential of the grader reaches the learner's code.
func (g *grading) testEnv(work string) []string {
	tmp := filepath.Join(work, "tmp")
	_ = os.MkdirAll(tmp, 0o755)
	// Every goroutine in a crash's dump: where a goroutine the learner's
	// code started came from, and what a stuck check was doing.
	env := []string{"TMPDIR=" + tmp, "GOTRACEBACK=all"}
	// QUEUELAB_SEED replays a randomised check (the report prints it); it
	// only chooses the check's inputs, never its verdict.
	pass := []string{"PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "USERPROFILE", "QUEUELAB_SEED"}
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

// limitedBuffer keeps the first limit bytes written to it and, with
// tailLimit, the last tailLimit bytes after those; it drops the rest. Past
// 16 times the limit it calls onOverflow once (to kill the writer).
type limitedBuffer struct {
	mu         sync.Mutex
	buf        *bytes.Buffer
	limit      int64
	tailLimit  int
	tail       []byte
	total      int64
	onOverflow func()
	fired      bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	rest := p
	if room := b.limit - int64(b.buf.Len()); room > 0 {
		n := min(int64(len(p)), room)
		b.buf.Write(p[:n])
		rest = p[n:]
	}
	if b.tailLimit > 0 && len(rest) > 0 {
		b.tail = append(b.tail, rest...)
		if over := len(b.tail) - b.tailLimit; over > 0 {
			b.tail = append(b.tail[:0], b.tail[over:]...)
		}
	}
	b.total += int64(len(p))
	if b.total > 16*b.limit && !b.fired && b.onOverflow != nil {
		b.fired = true
		b.onOverflow()
	}
	return len(p), nil
}

// tailString is the end kept after the first limit bytes, "" when all of
// the output fitted in them.
func (b *limitedBuffer) tailString() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.tail)
}

func (b *limitedBuffer) overflowed() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.fired
}

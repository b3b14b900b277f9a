package runner

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// tracker follows, from the framing lines of a test process's output as
// they arrive, which checks are running and since when, so that the grader
// can stop a check that runs past its time limit. The lines come from a
// process the learner's code shares: they decide only when a process is
// stopped, never a verdict; a submission that forges them only stops itself
// sooner.
type tracker struct {
	mu      sync.Mutex
	now     func() time.Time
	partial []byte
	// running holds the checks that run now (not paused by t.Parallel),
	// with when they started or resumed.
	running map[string]time.Time
	// ended are the checks that finished (a verdict or a --- line).
	ended map[string]bool
	// started are the checks that ever ran.
	started map[string]bool
}

func newTracker(now func() time.Time) *tracker {
	return &tracker{now: now, running: map[string]time.Time{}, ended: map[string]bool{}, started: map[string]bool{}}
}

var trackedFrame = regexp.MustCompile(`^\s*(?:=== (RUN|PAUSE|CONT)\s+(\S+)|--- (?:PASS|FAIL|SKIP): (\S+) )`)

// Write reads the lines in p; it never fails.
func (t *tracker) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	data := append(t.partial, p...)
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		t.line(string(data[:i]))
		data = data[i+1:]
	}
	// Keep at most one line's worth of a line without its end.
	if len(data) > 4096 {
		data = data[len(data)-4096:]
	}
	t.partial = append(t.partial[:0], data...)
	return len(p), nil
}

func (t *tracker) line(line string) {
	for _, part := range strings.Split(line, "\x16")[1:] {
		m := trackedFrame.FindStringSubmatch(part)
		if m == nil {
			continue
		}
		name, event := m[2], m[1]
		if name == "" {
			name, event = m[3], "END"
		}
		if strings.Contains(name, "/") || t.ended[name] {
			continue
		}
		switch event {
		case "RUN", "CONT":
			t.running[name] = t.now()
			t.started[name] = true
		case "PAUSE":
			delete(t.running, name)
		case "END":
			t.end(name)
		}
	}
}

// end marks check finished (its verdict arrived).
func (t *tracker) end(check string) {
	delete(t.running, check)
	t.ended[check] = true
}

func (t *tracker) markEnded(check string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.end(check)
}

// overdue returns the running checks that ran for limit or longer, sorted,
// and whether every running check is overdue.
func (t *tracker) overdue(limit time.Duration) (late []string, all bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for name, since := range t.running {
		if now.Sub(since) >= limit {
			late = append(late, name)
		}
	}
	sort.Strings(late)
	return late, len(late) == len(t.running)
}

// runningNow returns the checks running now, sorted.
func (t *tracker) runningNow() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var names []string
	for name := range t.running {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

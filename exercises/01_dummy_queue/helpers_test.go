package dummyqueue

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/queuelab/queuelab/grader/labtest"
)

// seedFor returns the seed of a randomised check: QUEUELAB_SEED when set (to
// replay a failure), else a new one, printed when the check fails.
func seedFor(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("QUEUELAB_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("QUEUELAB_SEED=%q is not a number", s)
		}
		seed = n
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("random seed %d: replay this exact run with QUEUELAB_SEED=%d go test -run '^%s$' ./exercises/01_dummy_queue/", seed, seed, t.Name())
		}
	})
	return seed
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// fakeClock is a clock that moves only when told to.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, time.January, 13, 18, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// firstError keeps the first error that goroutines report.
type firstError struct {
	mu  sync.Mutex
	err error
}

func (f *firstError) set(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = err
	}
}

func (f *firstError) get() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// opLog records the operations of one randomised run, to show on failure.
// It is formatted only when a check fails.
type opLog struct {
	run int
	ops []string
}

func (l *opLog) add(format string, args ...any) { l.ops = append(l.ops, fmt.Sprintf(format, args...)) }

func (l *opLog) String() string {
	return fmt.Sprintf("run %d, after %s", l.run, strings.Join(l.ops, ", "))
}

// modelRuns is how many random sequences a model check plays: fewer under
// the race detector, which finds nothing in these single-goroutine checks
// and slows them down many times.
func modelRuns() int {
	if raceEnabled {
		return 40
	}
	return 300
}

// Calls into the code under test, guarded: a panic fails the check that
// made the call, with what panicked, instead of crashing every check.

func produce(q *Queue, message string) error {
	return labtest.Guard("Produce", func() error { return q.Produce(message) })
}

func consume(q *Queue) (message string, err error) {
	err = labtest.Guard("Consume", func() (err error) { message, err = q.Consume(); return err })
	return message, err
}

func newVQ(clock Clock, timeout time.Duration) (q *VisibilityQueue, err error) {
	err = labtest.Guard("NewVisibilityQueue", func() (err error) { q, err = NewVisibilityQueue(clock, timeout); return err })
	return q, err
}

func vsend(q *VisibilityQueue, body string) (id string, err error) {
	err = labtest.Guard("Send", func() (err error) { id, err = q.Send(body); return err })
	return id, err
}

func vreceive(q *VisibilityQueue) (m Message, err error) {
	err = labtest.Guard("Receive", func() (err error) { m, err = q.Receive(); return err })
	return m, err
}

func vdelete(q *VisibilityQueue, id string) error {
	return labtest.Guard("Delete", func() error { return q.Delete(id) })
}

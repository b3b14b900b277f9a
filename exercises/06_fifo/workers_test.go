package fifo_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fifo "github.com/queuelab/queuelab/exercises/06_fifo"
	"github.com/queuelab/queuelab/grader/labtest"
)

// sendOrders sends n orders per till, till by till, with the check's own
// code, and returns them in the order sent.
func sendOrders(t *testing.T, lab *labtest.Lab, url string, tills []string, n int) []fifo.Order {
	t.Helper()
	var sent []fifo.Order
	for _, till := range tills {
		for i := range n {
			o := fifo.Order{ID: fmt.Sprintf("%s-order-%02d", till, i), Till: till, Item: "latte", Price: 2.25, SentAt: opening.Add(time.Duration(i) * time.Second)}
			lab.SendFIFO(t, url, o, till, o.ID)
			sent = append(sent, o)
		}
	}
	return sent
}

// run runs Process until want orders were handled, and returns the order in
// which each till's orders were handled.
func run(t *testing.T, lab *labtest.Lab, url string, workers, want int, handle fifo.Handler) map[string][]string {
	t.Helper()
	ctx, cancel := context.WithCancel(lab.Ctx)
	defer cancel()
	var (
		mu   sync.Mutex
		seen = map[string][]string{}
		all  = make(chan struct{})
		n    int
	)
	done := make(chan error, 1)
	go func() {
		done <- fifo.Process(ctx, lab.SQS, url, workers, func(ctx context.Context, o fifo.Order) error {
			if err := handle(ctx, o); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			seen[o.Till] = append(seen[o.Till], o.ID)
			if n++; n == want {
				close(all)
			}
			return nil
		})
	}()
	select {
	case <-all:
	case err := <-done:
		require.NoError(t, err, "Process returned before every order was handled")
		require.FailNow(t, "Process returned before every order was handled")
	case <-time.After(labtest.ReceiveTimeout):
		mu.Lock()
		defer mu.Unlock()
		require.FailNow(t, "not every order was handled", "handled %d of %d within %s", n, want, labtest.ReceiveTimeout)
	}
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err, "Process returns nil when its context is cancelled")
	case <-time.After(labtest.ReceiveTimeout):
		require.FailNow(t, "Process did not return after its context was cancelled")
	}
	mu.Lock()
	defer mu.Unlock()
	return seen
}

// TestKeepsOrderWithinTill: three workers, three tills; every till's orders
// are handled once each, in the order the till sent them.
func TestKeepsOrderWithinTill(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := fifoQueue(t, lab, false)
	tills := []string{"till-1", "till-2", "till-3"}
	sent := sendOrders(t, lab, url, tills, 5)

	seen := run(t, lab, url, 3, len(sent), func(context.Context, fifo.Order) error { return nil })
	for _, till := range tills {
		var want []string
		for _, o := range sent {
			if o.Till == till {
				want = append(want, o.ID)
			}
		}
		assert.Equal(t, want, seen[till], "the orders of %s, in the order handled", till)
	}
}

// TestWorkersRunTillsInParallel: two workers handle two tills at the same
// time, and never two orders of one till at once.
func TestWorkersRunTillsInParallel(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := fifoQueue(t, lab, false)
	sent := sendOrders(t, lab, url, []string{"till-1", "till-2"}, 12)

	overlap := labtest.NewOverlap(5 * time.Second)
	run(t, lab, url, 2, len(sent), func(ctx context.Context, o fifo.Order) error {
		defer overlap.Enter(ctx, o.Till)()
		return nil
	})
	assert.True(t, overlap.Met(), "two workers never handled orders at the same time: run `workers` receive loops in goroutines, each receiving one message at a time")
	assert.Empty(t, overlap.SameKey(), "orders of one till were handled at the same time: a worker must handle its messages one after another")
}

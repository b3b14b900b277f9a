package pipeline_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	pipeline "github.com/queuelab/queuelab/exercises/07_event_driven"
	"github.com/queuelab/queuelab/grader/labtest"
)

// work is what handling one sale costs the stock service in these checks:
// long enough that handlers started together are seen together.
const work = 5 * time.Millisecond

// TestSmoothsASpike: traffic smoothing. A spike of 40 sales lands in the
// queue at once; a service with capacity 2 handles every one of them, never
// more than 2 at a time.
func TestSmoothsASpike(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := lab.CreateQueue(t, lab.Scope(t)+"-stock-queue", nil)
	rush := sales(40)
	spike(t, lab, url, rush)

	var flight inFlight
	seen := consume(t, lab, url, 2, ids(rush), func(context.Context, pipeline.Sale) {
		defer flight.enter()()
		time.Sleep(work)
	})
	assert.Len(t, seen, len(rush), "every sale of the spike is handled")
	assert.LessOrEqual(t, flight.Max(), 2, "a consumer with Workers 2 handled %d sales at once: handle a received batch one sale after another, in Workers loops", flight.Max())
}

// TestMoreWorkersMoreThroughput: granular scaling. One worker handles one
// sale at a time; two workers handle two at a time.
func TestMoreWorkersMoreThroughput(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	scope := lab.Scope(t)

	one := lab.CreateQueue(t, scope+"-one-worker-queue", nil)
	rush := sales(20) // two batches: one per worker
	spike(t, lab, one, rush)
	var flight inFlight
	consume(t, lab, one, 1, ids(rush), func(context.Context, pipeline.Sale) {
		defer flight.enter()()
		time.Sleep(work)
	})
	assert.Equal(t, 1, flight.Max(), "with Workers 1, one sale at a time")

	two := lab.CreateQueue(t, scope+"-two-workers-queue", nil)
	spike(t, lab, two, rush)
	overlap := labtest.NewOverlap(5 * time.Second)
	consume(t, lab, two, 2, ids(rush), func(ctx context.Context, s pipeline.Sale) {
		defer overlap.Enter(ctx, s.ID)()
	})
	assert.True(t, overlap.Met(), "with Workers 2, two sales must be handled at the same time: run Workers receive loops in goroutines")
	assert.LessOrEqual(t, overlap.Max(), 2, "with Workers 2, at most two sales at once")
}

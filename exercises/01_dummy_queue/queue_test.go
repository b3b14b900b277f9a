package dummyqueue

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/labtest"
)

// TestLessonExample runs the usage from the slide "Practice (code-along)".
func TestLessonExample(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	var q Queue
	require.NoError(t, produce(&q, "Sold a coffee"))
	require.NoError(t, produce(&q, "Sold a latte"))

	got, err := consume(&q)
	require.NoError(t, err)
	require.Equal(t, "Sold a coffee", got, "first in, first out: the first Consume must return the first message produced (the lesson's queue.pop() takes the last one)")
	got, err = consume(&q)
	require.NoError(t, err)
	require.Equal(t, "Sold a latte", got)
	_, err = consume(&q)
	require.ErrorIs(t, err, ErrEmpty, "the third Consume finds the queue empty")
}

func TestConsumeEmptyQueue(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	var q Queue
	_, err := consume(&q)
	require.ErrorIs(t, err, ErrEmpty, "Consume on a new, empty queue")
	require.Equal(t, "No message to consume.", err.Error())

	require.NoError(t, produce(&q, "Sold a coffee"))
	_, err = consume(&q)
	require.NoError(t, err)
	_, err = consume(&q)
	require.ErrorIs(t, err, ErrEmpty, "Consume on a queue emptied by consuming its only message")
	_, err = consume(&q)
	require.ErrorIs(t, err, ErrEmpty, "Consume again on the empty queue")
}

// TestQueueMatchesModel plays random Produce/Consume sequences against the
// queue and against a plain slice, and compares every result.
func TestQueueMatchesModel(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	rng := newRand(seedFor(t))
	bodies := []string{"Sold a coffee", "Sold a latte", "Sold a tea", "", "Sold a coffee for ada"}
	for run := range modelRuns() {
		var q Queue
		var model []string
		ops := &opLog{run: run}
		for range 1 + rng.IntN(60) {
			if rng.IntN(100) < 55 {
				body := bodies[rng.IntN(len(bodies))]
				ops.add("Produce(%q)", body)
				require.NoError(t, produce(&q, body), "%v", ops)
				model = append(model, body)
				continue
			}
			ops.add("Consume()")
			got, err := consume(&q)
			if len(model) == 0 {
				require.ErrorIs(t, err, ErrEmpty, "the queue is empty; %v", ops)
				continue
			}
			require.NoError(t, err, "%v", ops)
			require.Equal(t, model[0], got, "Consume must return the oldest message; %v", ops)
			model = model[1:]
		}
	}
}

// TestConcurrentProducersAndConsumers has producers and consumers use one
// queue at the same time: every message must be consumed exactly once, and
// each consumer must see each producer's messages in the order produced.
func TestConcurrentProducersAndConsumers(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	// Without the race detector a missing lock shows only now and then:
	// play the scenario a few times.
	rounds, perProducer := 3, 2000
	if raceEnabled {
		rounds, perProducer = 1, 300
	}
	for range rounds {
		concurrentRound(t, perProducer)
	}
}

// concurrentRound has producers and consumers share one new queue and
// checks that every message was consumed once, in order per producer.
func concurrentRound(t *testing.T, perProducer int) {
	t.Helper()
	const producers, consumers = 8, 8
	var (
		q             Queue
		producersDone atomic.Bool
		consumed      atomic.Int64
		failed        firstError
		wg            sync.WaitGroup
	)
	fail := failed.set

	var produced sync.WaitGroup
	for p := range producers {
		produced.Add(1)
		go func() {
			defer produced.Done()
			for i := range perProducer {
				if err := produce(&q, fmt.Sprintf("%d/%d", p, i)); err != nil {
					fail(fmt.Errorf("Produce: %w", err))
					return
				}
			}
		}()
	}
	go func() { produced.Wait(); producersDone.Store(true) }()

	got := make([][]string, consumers)
	for c := range consumers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for failed.get() == nil {
				done := producersDone.Load() // read before Consume: all messages were produced
				m, err := consume(&q)
				switch {
				case errors.Is(err, ErrEmpty) && done:
					return
				case errors.Is(err, ErrEmpty):
					runtime.Gosched()
				case err != nil:
					fail(fmt.Errorf("Consume: %w", err))
					return
				default:
					got[c] = append(got[c], m)
					if consumed.Add(1) > int64(2*producers*perProducer) {
						fail(errors.New("Consume returned twice as many messages as were produced: it must remove the message it returns"))
					}
				}
			}
		}()
	}
	wg.Wait()
	produced.Wait()
	require.NoError(t, failed.get())

	seen := map[string]int{}
	for c, msgs := range got {
		last := map[int]int{}
		for _, m := range msgs {
			seen[m]++
			var p, i int
			_, err := fmt.Sscanf(m, "%d/%d", &p, &i)
			require.NoError(t, err, "consumer %d got %q, a message nobody produced", c, m)
			if prev, ok := last[p]; ok {
				require.Greater(t, i, prev, "consumer %d got producer %d's message %d after its message %d: first in, first out is broken under concurrency", c, p, i, prev)
			}
			last[p] = i
		}
	}
	var wrong []string
	for p := range producers {
		for i := range perProducer {
			if m := fmt.Sprintf("%d/%d", p, i); seen[m] != 1 {
				wrong = append(wrong, fmt.Sprintf("%q consumed %d times", m, seen[m]))
			}
		}
	}
	require.Empty(t, wrong[:min(len(wrong), 5)], "every message must be consumed exactly once; %d were not (protect the queue with a sync.Mutex)", len(wrong))
}

package dummyqueue

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/labtest"
)

func newVisibilityQueue(t *testing.T, timeout time.Duration) (*VisibilityQueue, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	q, err := newVQ(clock, timeout)
	require.NoError(t, err, "NewVisibilityQueue(clock, %s)", timeout)
	require.NotNil(t, q, "NewVisibilityQueue returned no queue")
	return q, clock
}

func send(t *testing.T, q *VisibilityQueue, body string) string {
	t.Helper()
	id, err := vsend(q, body)
	require.NoError(t, err, "Send(%q)", body)
	require.NotEmpty(t, id, "Send(%q) must return the message's id", body)
	return id
}

func TestReceiveHidesMessage(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	q, clock := newVisibilityQueue(t, 30*time.Second)
	coffee := send(t, q, "Sold a coffee")
	latte := send(t, q, "Sold a latte")
	require.NotEqual(t, coffee, latte, "every message needs its own id")

	got, err := vreceive(q)
	require.NoError(t, err)
	require.Equal(t, Message{ID: coffee, Body: "Sold a coffee", ReceiveCount: 1}, got, "Receive returns the oldest visible message, counting this receive")
	got, err = vreceive(q)
	require.NoError(t, err)
	require.Equal(t, Message{ID: latte, Body: "Sold a latte", ReceiveCount: 1}, got, "the coffee is hidden, so the next Receive gets the latte")
	_, err = vreceive(q)
	require.ErrorIs(t, err, ErrEmpty, "both messages are hidden for 30s: nothing is visible")

	clock.Advance(30*time.Second - time.Nanosecond)
	_, err = vreceive(q)
	require.ErrorIs(t, err, ErrEmpty, "just before the visibility timeout ends, both messages are still hidden")
}

func TestDeleteRemovesMessage(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	q, clock := newVisibilityQueue(t, 30*time.Second)
	coffee := send(t, q, "Sold a coffee")
	got, err := vreceive(q)
	require.NoError(t, err)
	require.NoError(t, vdelete(q, got.ID), "Delete of a received message")

	clock.Advance(time.Hour)
	_, err = vreceive(q)
	require.ErrorIs(t, err, ErrEmpty, "a deleted message never comes back, even after its visibility timeout")
	require.ErrorIs(t, vdelete(q, coffee), ErrUnknownMessage, "deleting it a second time")
	require.ErrorIs(t, vdelete(q, "no-such-id"), ErrUnknownMessage, "deleting an id that was never sent")

	// A message can be deleted while visible too.
	latte := send(t, q, "Sold a latte")
	require.NoError(t, vdelete(q, latte), "Delete of a message that was never received")
	_, err = vreceive(q)
	require.ErrorIs(t, err, ErrEmpty)
}

func TestExpiredMessageComesBack(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	q, clock := newVisibilityQueue(t, 30*time.Second)
	coffee := send(t, q, "Sold a coffee")
	latte := send(t, q, "Sold a latte")

	got, err := vreceive(q)
	require.NoError(t, err)
	require.Equal(t, coffee, got.ID)
	// The consumer crashes: no Delete. 30 seconds later the coffee is
	// visible again, and, being older, comes before the latte.
	clock.Advance(30 * time.Second)
	got, err = vreceive(q)
	require.NoError(t, err)
	require.Equal(t, Message{ID: coffee, Body: "Sold a coffee", ReceiveCount: 2}, got, "once the visibility timeout has passed, the undeleted message is visible again, in its place at the front, received a second time")
	got, err = vreceive(q)
	require.NoError(t, err)
	require.Equal(t, Message{ID: latte, Body: "Sold a latte", ReceiveCount: 1}, got)
}

// TestZeroTimeoutAndBadArguments checks NewVisibilityQueue's arguments: a
// timeout of 0 hides nothing, a nil clock or a negative timeout is refused.
func TestZeroTimeoutAndBadArguments(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	q, _ := newVisibilityQueue(t, 0)
	id := send(t, q, "Sold a coffee")
	for n := 1; n <= 3; n++ {
		got, err := vreceive(q)
		require.NoError(t, err, "with a visibility timeout of 0, a received message is visible again at once")
		require.Equal(t, Message{ID: id, Body: "Sold a coffee", ReceiveCount: n}, got)
	}

	_, err := newVQ(nil, time.Second)
	require.Error(t, err, "NewVisibilityQueue(nil, 1s) must refuse a nil clock")
	_, err = newVQ(newFakeClock(), -time.Second)
	require.Error(t, err, "NewVisibilityQueue(clock, -1s) must refuse a negative timeout")
}

// modelMessage is the reference model's view of one message.
type modelMessage struct {
	id          string // the id the queue under test gave it
	body        string
	count       int
	hiddenUntil time.Time
}

// TestVisibilityQueueMatchesModel plays random sequences of Send, Receive,
// Delete and clock moves against the queue and against a reference model,
// and compares every result.
func TestVisibilityQueueMatchesModel(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	rng := newRand(seedFor(t))
	bodies := []string{"Sold a coffee", "Sold a latte", "Sold a tea", ""}
	timeouts := []time.Duration{0, time.Second, 30 * time.Second}
	for run := range modelRuns() {
		timeout := timeouts[rng.IntN(len(timeouts))]
		q, clock := newVisibilityQueue(t, timeout)
		var model []*modelMessage
		var sent []string // every id ever sent, deleted ones included
		ops := &opLog{run: run}
		ops.add("NewVisibilityQueue(clock, %s)", timeout)

		for range 1 + rng.IntN(80) {
			switch r := rng.IntN(100); {
			case r < 35:
				body := bodies[rng.IntN(len(bodies))]
				ops.add("Send(%q)", body)
				id, err := vsend(q, body)
				require.NoError(t, err, "%v", ops)
				for _, s := range sent {
					require.NotEqual(t, s, id, "Send returned an id it had given before; %s", ops)
				}
				sent = append(sent, id)
				model = append(model, &modelMessage{id: id, body: body})
			case r < 70:
				ops.add("Receive()")
				got, err := vreceive(q)
				now := clock.Now()
				var want *modelMessage
				for _, m := range model {
					if !now.Before(m.hiddenUntil) {
						want = m
						break
					}
				}
				if want == nil {
					require.ErrorIs(t, err, ErrEmpty, "no message is visible; %s", ops)
					continue
				}
				want.count++
				want.hiddenUntil = now.Add(timeout)
				require.NoError(t, err, "%v", ops)
				require.Equal(t, Message{ID: want.id, Body: want.body, ReceiveCount: want.count}, got,
					"Receive must return the oldest visible message; %s", ops)
			case r < 85 && len(sent) > 0:
				id := sent[rng.IntN(len(sent))]
				ops.add("Delete(%q)", id)
				err := vdelete(q, id)
				i := indexOf(model, id)
				if i < 0 {
					require.ErrorIs(t, err, ErrUnknownMessage, "that message was already deleted; %s", ops)
					continue
				}
				require.NoError(t, err, "%v", ops)
				model = append(model[:i], model[i+1:]...)
			case r < 88:
				ops.add(`Delete("no-such-id")`)
				require.ErrorIs(t, vdelete(q, "no-such-id"), ErrUnknownMessage, ops)
			default:
				steps := []time.Duration{0, timeout / 2, timeout - time.Nanosecond, timeout, 2 * timeout}
				d := max(0, steps[rng.IntN(len(steps))])
				ops.add("clock +%s", d)
				clock.Advance(d)
			}
		}
	}
}

func indexOf(model []*modelMessage, id string) int {
	for i, m := range model {
		if m.id == id {
			return i
		}
	}
	return -1
}

// TestVisibilityQueueConcurrentConsumers has senders and consumers use one
// queue at once, with time standing still: every message must be received
// exactly once, because a received message stays hidden until deleted.
func TestVisibilityQueueConcurrentConsumers(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	const senders, consumers = 6, 6
	perSender := 500
	if raceEnabled {
		perSender = 100
	}
	q, _ := newVisibilityQueue(t, time.Minute)
	var (
		failed    firstError
		sendsDone atomic.Bool
		received  atomic.Int64
		sent      sync.WaitGroup
		wg        sync.WaitGroup
	)
	for s := range senders {
		sent.Add(1)
		go func() {
			defer sent.Done()
			for i := range perSender {
				if _, err := vsend(q, fmt.Sprintf("%d/%d", s, i)); err != nil {
					failed.set(fmt.Errorf("Send: %w", err))
					return
				}
			}
		}()
	}
	go func() { sent.Wait(); sendsDone.Store(true) }()

	var mu sync.Mutex
	seen := map[string]int{}
	for range consumers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for failed.get() == nil {
				done := sendsDone.Load()
				m, err := vreceive(q)
				switch {
				case errors.Is(err, ErrEmpty) && done:
					return
				case errors.Is(err, ErrEmpty):
					runtime.Gosched()
				case err != nil:
					failed.set(fmt.Errorf("Receive: %w", err))
					return
				default:
					mu.Lock()
					seen[m.Body]++
					mu.Unlock()
					if received.Add(1) > int64(2*senders*perSender) {
						failed.set(errors.New("Receive returned twice as many messages as were sent: Delete must remove the message for good"))
					}
					if err := vdelete(q, m.ID); err != nil {
						failed.set(fmt.Errorf("Delete(%q): %w", m.ID, err))
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	sent.Wait()
	require.NoError(t, failed.get())

	var wrong []string
	for s := range senders {
		for i := range perSender {
			if m := fmt.Sprintf("%d/%d", s, i); seen[m] != 1 {
				wrong = append(wrong, fmt.Sprintf("%q received %d times", m, seen[m]))
			}
		}
	}
	require.Empty(t, wrong[:min(len(wrong), 5)], "every message must be received exactly once; %d were not (protect the queue with a sync.Mutex)", len(wrong))
}

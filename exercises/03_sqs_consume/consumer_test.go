package sqsconsume

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/labtest"
)

// salesQueue creates the sales queue for a check. A visibility timeout of 0
// makes a message that was not deleted visible again at once, so the checks
// see at once what a consumer left behind.
func salesQueue(t *testing.T, lab *labtest.Lab) string {
	t.Helper()
	return lab.CreateQueue(t, lab.Learner+"-coffee-sales-queue", map[string]string{"VisibilityTimeout": "0"})
}

func TestConsumerUsesLongPolling(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := salesQueue(t, lab)
	lab.SendMessage(t, url, `{"item":"latte","price":2.25}`, nil)
	rec := newRecorder(lab)
	c := &Consumer{API: rec, QueueURL: url, Handle: rec.handler(nil)}

	_, err := pollOnce(lab.Ctx, c)
	require.NoError(t, err, "PollOnce")
	waits, _ := rec.snapshot()
	require.NotEmpty(t, waits, "PollOnce must call ReceiveMessage")
	for _, w := range waits {
		require.GreaterOrEqual(t, w, int32(1), "every ReceiveMessage must long-poll: set WaitTimeSeconds (20, the most SQS allows) instead of 0, which asks once and returns at once, often empty")
	}
}

func TestConsumerProcessesThenDeletes(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := salesQueue(t, lab)
	bodies := []string{`{"item":"latte","price":2.25}`, `{"item":"coffee","price":1.77}`, `{"item":"tea","price":1.5}`}
	for _, b := range bodies {
		lab.SendMessage(t, url, b, nil)
	}
	rec := newRecorder(lab)
	c := &Consumer{API: rec, QueueURL: url, Handle: rec.handler(nil)}

	st, err := pollUntil(lab.Ctx, c, 10, func() bool {
		for _, b := range bodies {
			if rec.calls(b) == 0 {
				return false
			}
		}
		return true
	})
	require.NoError(t, err, "PollOnce")
	for _, b := range bodies {
		require.Equal(t, 1, rec.calls(b), "the handler must be called once for %s", b)
	}
	require.Equal(t, len(bodies), st.Processed, "PollOnce's Stats.Processed must count the messages handled successfully")

	for _, b := range bodies {
		require.Equal(t, []string{"handled", "deleted"}, rec.story(b),
			"what happened to %s: handle it, then, once the handler succeeded, delete it (DeleteMessage with its ReceiptHandle), never before", b)
	}
	lab.ExpectQueueEmpty(t, url, 5*time.Second, "the processed messages must be gone from the queue")
}

func TestConsumerKeepsFailedMessage(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := salesQueue(t, lab)
	const sale = `{"item":"latte","price":2.25}`
	lab.SendMessage(t, url, sale, nil)
	rec := newRecorder(lab)
	// The stock database is down the first time: processing fails.
	c := &Consumer{API: rec, QueueURL: url, Handle: rec.handler(func(body string, call int) error {
		if call == 1 {
			return errors.New("stock database unavailable")
		}
		return nil
	})}

	st, err := pollUntil(lab.Ctx, c, 5, func() bool { return rec.calls(sale) >= 1 })
	require.NoError(t, err, "PollOnce")
	require.Equal(t, 1, st.Failed, "Stats.Failed must count the message whose handler failed")
	require.Equal(t, []string{"failed"}, rec.story(sale),
		"what happened to %s: its handler failed, so it must NOT be deleted: it has to come back and be tried again", sale)

	// The queue's visibility timeout is 0: the message is back at once, and
	// this time processing works.
	_, err = pollUntil(lab.Ctx, c, 5, func() bool { return rec.calls(sale) >= 2 })
	require.NoError(t, err, "PollOnce")
	require.Equal(t, 2, rec.calls(sale), "the failed message must come back and be handled again")
	require.Equal(t, []string{"failed", "handled", "deleted"}, rec.story(sale),
		"what happened to %s: once its handler succeeds, the message must be deleted", sale)
	lab.ExpectQueueEmpty(t, url, 5*time.Second, "the message must be gone once processed")
}

func TestConsumerSkipsDuplicates(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := salesQueue(t, lab)
	const sale = `{"item":"latte","price":2.25}`
	lab.SendMessage(t, url, sale, nil)
	rec := newRecorder(lab)
	rec.loseBody = sale // deleting its first delivery fails: SQS will deliver it again
	c := &Consumer{API: rec, QueueURL: url, Handle: rec.handler(nil)}

	// Its delete fails on purpose, so PollOnce may well report an error.
	_, err := pollUntil(lab.Ctx, c, 5, func() bool { return rec.calls(sale) >= 1 })
	require.Equal(t, 1, rec.calls(sale), "PollOnce must receive and handle the sale (PollOnce said: %v)", err)

	var st Stats
	for i := 0; i < 5 && !deleted(rec, sale); i++ {
		st, err = pollOnce(lab.Ctx, c)
		require.NoError(t, err, "PollOnce, after the lost delete")
	}
	require.Equal(t, 1, rec.calls(sale), "the same message (same MessageId) came back after its delete was lost: it must not be processed a second time; remember the MessageIds you processed")
	require.True(t, deleted(rec, sale), "the duplicate must be deleted, without processing it, so it stops coming back")
	require.Equal(t, 1, st.Duplicates, "Stats.Duplicates must count the message skipped as already processed")
	lab.ExpectQueueEmpty(t, url, 5*time.Second, "the duplicate must be gone from the queue")
}

func deleted(rec *recorder, body string) bool {
	_, events := rec.snapshot()
	return slices.Contains(events, "deleted "+body)
}

func TestConsumerStopsOnCancel(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := salesQueue(t, lab)
	bodies := []string{`{"item":"latte","price":2.25}`, `{"item":"coffee","price":1.77}`, `{"item":"tea","price":1.5}`}
	for _, b := range bodies {
		lab.SendMessage(t, url, b, nil)
	}
	rec := newRecorder(lab)
	ctx, stop := context.WithCancel(lab.Ctx)
	defer stop()
	// The service is told to stop while it processes the last sale; that
	// sale's processing still completes.
	handle := rec.handler(nil)
	c := &Consumer{API: rec, QueueURL: url, Handle: func(hctx context.Context, body string) error {
		err := handle(hctx, body)
		if rec.distinct() == len(bodies) {
			stop()
		}
		return err
	}}

	require.NoError(t, runUntilStopped(t, c, ctx), "Run must return nil when its context is cancelled: stopping is not an error")
	for _, b := range bodies {
		require.GreaterOrEqual(t, rec.calls(b), 1, "Run must process every message on the queue: %s", b)
	}
	require.True(t, deleted(rec, bodies[0]) && deleted(rec, bodies[1]) && deleted(rec, bodies[2]),
		"every message processed must be deleted, even the one that finished after the stop: delete with context.WithoutCancel(ctx)")
	lab.ExpectQueueEmpty(t, url, 5*time.Second, "nothing processed may stay on the queue after a graceful stop")

	// Stopping an idle consumer, waiting in a long poll on an empty queue.
	idle, stopIdle := context.WithCancel(lab.Ctx)
	defer stopIdle()
	rec = newRecorder(lab)
	c = &Consumer{API: rec, QueueURL: url, Handle: rec.handler(nil)}
	go func() {
		select {
		case <-rec.receiving:
		case <-idle.Done():
		}
		stopIdle()
	}()
	require.NoError(t, runUntilStopped(t, c, idle), "Run must return nil when cancelled during a long poll on an empty queue")
}

// runUntilStopped runs c.Run(ctx) and returns its result, failing the check
// if Run has not returned 20 seconds after ctx was cancelled (a hang).
func runUntilStopped(t *testing.T, c *Consumer, ctx context.Context) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- labtest.Guard("Run", func() error { return c.Run(ctx) }) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	case <-time.After(30 * time.Second):
		return fmt.Errorf("Run did not process the messages and stop within 30s")
	}
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		return fmt.Errorf("Run did not return within 20s of its context being cancelled: check ctx.Err() in the loop and pass ctx to ReceiveMessage")
	}
}

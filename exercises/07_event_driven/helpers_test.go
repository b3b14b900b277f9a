package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	pipeline "github.com/queuelab/queuelab/exercises/07_event_driven"
	"github.com/queuelab/queuelab/grader/labtest"
)

// sales returns n sales of a morning rush, spread over three tills.
func sales(n int) []pipeline.Sale {
	items := []struct {
		name  string
		price float64
	}{{"coffee", 1.77}, {"latte", 2.25}, {"tea", 1.5}, {"mocha", 2.6}}
	out := make([]pipeline.Sale, n)
	for i := range out {
		it := items[i%len(items)]
		out[i] = pipeline.Sale{ID: fmt.Sprintf("sale-%03d", i+1), Till: fmt.Sprintf("till-%d", i%3+1), Item: it.name, Price: it.price}
	}
	return out
}

// ids returns the set of the sales' ids.
func ids(ss []pipeline.Sale) map[string]bool {
	out := map[string]bool{}
	for _, s := range ss {
		out[s.ID] = true
	}
	return out
}

// spike sends the sales to a queue in batches of ten, as a burst of tills
// would, with the check's own code.
func spike(t *testing.T, lab *labtest.Lab, url string, ss []pipeline.Sale) {
	t.Helper()
	for start := 0; start < len(ss); start += 10 {
		var entries []sqstypes.SendMessageBatchRequestEntry
		for i, s := range ss[start:min(start+10, len(ss))] {
			body, err := json.Marshal(s)
			require.NoError(t, err)
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), MessageBody: aws.String(string(body))})
		}
		out, err := lab.SQS.SendMessageBatch(lab.Ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries})
		require.NoError(t, err, "check setup: send the spike")
		require.Empty(t, out.Failed, "check setup: send the spike")
	}
}

// consume runs a Consumer until it has handled every sale in want (the
// handler wraps the check's own), and returns the ids handled.
func consume(t *testing.T, lab *labtest.Lab, url string, workers int, want map[string]bool, handle func(context.Context, pipeline.Sale)) map[string]int {
	t.Helper()
	ctx, cancel := context.WithCancel(lab.Ctx)
	defer cancel()
	var (
		mu   sync.Mutex
		seen = map[string]int{}
		all  = make(chan struct{})
	)
	c := &pipeline.Consumer{Client: lab.SQS, QueueURL: url, Workers: workers, Handle: func(ctx context.Context, s pipeline.Sale) error {
		handle(ctx, s)
		mu.Lock()
		defer mu.Unlock()
		seen[s.ID]++
		if len(seen) == len(want) && want[s.ID] && seen[s.ID] == 1 {
			close(all)
		}
		return nil
	}}
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	select {
	case <-all:
	case err := <-done:
		require.NoError(t, err, "Consumer.Run returned before every sale was handled")
		require.FailNow(t, "Consumer.Run returned before every sale was handled")
	case <-time.After(labtest.ReceiveTimeout):
		mu.Lock()
		defer mu.Unlock()
		require.FailNow(t, "not every sale was handled", "handled %d of %d within %s", len(seen), len(want), labtest.ReceiveTimeout)
	}
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err, "Consumer.Run returns nil when its context is cancelled")
	case <-time.After(labtest.ReceiveTimeout):
		require.FailNow(t, "Consumer.Run did not return after its context was cancelled")
	}
	mu.Lock()
	defer mu.Unlock()
	return seen
}

// inFlight counts handlers running at once, and the most there ever were.
type inFlight struct {
	mu       sync.Mutex
	now, max int
}

func (f *inFlight) enter() func() {
	f.mu.Lock()
	f.now++
	f.max = max(f.max, f.now)
	f.mu.Unlock()
	return func() {
		f.mu.Lock()
		f.now--
		f.mu.Unlock()
	}
}

func (f *inFlight) Max() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.max
}

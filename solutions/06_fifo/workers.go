package fifo

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Handler processes one order. When it returns an error the order stays on
// the queue and comes back, still first of its till, after the visibility
// timeout.
type Handler func(ctx context.Context, o Order) error

// Process runs workers receive loops on the FIFO queue until ctx is done, then
// returns nil; it returns an error only when the queue cannot be read.
// Each loop receives one message at a time (long polling), hands the order to
// handle and deletes the message once handle succeeded. While a worker holds a
// message of one till, the queue gives that till's next order to nobody and
// other tills' orders to the other workers: orders of a till are handled in
// the order they were sent, different tills in parallel.
func Process(ctx context.Context, client *sqs.Client, queueURL string, workers int, handle Handler) error {
	if workers < 1 {
		return fmt.Errorf("process: workers must be at least 1, got %d", workers)
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range workers {
		wg.Go(func() {
			if err := work(ctx, client, queueURL, handle); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return firstErr
}

// work is one worker's loop.
func work(ctx context.Context, client *sqs.Client, queueURL string, handle Handler) error {
	for ctx.Err() == nil {
		out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl:            aws.String(queueURL),
			MaxNumberOfMessages: 1,
			WaitTimeSeconds:     20,
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("receive from %s: %w", queueURL, err)
		}
		for _, m := range out.Messages {
			var o Order
			if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &o); err != nil {
				continue // not an order: leave it for the dead-letter queue
			}
			if err := handle(ctx, o); err != nil {
				continue // not deleted: it comes back after the visibility timeout
			}
			if _, err := client.DeleteMessage(ctx, &sqs.DeleteMessageInput{
				QueueUrl:      aws.String(queueURL),
				ReceiptHandle: m.ReceiptHandle,
			}); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("delete order %s: %w", o.ID, err)
			}
		}
	}
	return nil
}

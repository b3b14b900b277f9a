package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Consumer is a service reading sales from its queue.
type Consumer struct {
	Client   *sqs.Client
	QueueURL string
	// Workers is how many sales the service handles at once: its capacity.
	// A spike of sales waits in the queue instead of overloading the
	// service (traffic smoothing); more workers drain the queue faster
	// (granular scaling).
	Workers int
	// Handle processes one sale. A sale whose Handle fails is not deleted:
	// it comes back after the visibility timeout.
	Handle func(ctx context.Context, s Sale) error
}

// Run consumes until ctx is done, then returns nil. It runs c.Workers
// loops; each receives up to 10 sales (long polling), handles them one after
// another and deletes each after Handle succeeded, so no more than c.Workers
// sales are ever handled at the same time.
func (c *Consumer) Run(ctx context.Context) error {
	if c.Workers < 1 {
		return fmt.Errorf("consumer: Workers must be at least 1, got %d", c.Workers)
	}
	if c.Handle == nil {
		return errors.New("consumer: no Handle")
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range c.Workers {
		wg.Go(func() {
			if err := c.work(ctx); err != nil {
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

func (c *Consumer) work(ctx context.Context) error {
	for ctx.Err() == nil {
		out, err := c.Client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl:            aws.String(c.QueueURL),
			MaxNumberOfMessages: 10,
			WaitTimeSeconds:     20,
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("receive from %s: %w", c.QueueURL, err)
		}
		for _, m := range out.Messages {
			var s Sale
			if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &s); err != nil {
				continue // not a sale: leave it for the dead-letter queue
			}
			if err := c.Handle(ctx, s); err != nil {
				continue // comes back after the visibility timeout
			}
			if _, err := c.Client.DeleteMessage(ctx, &sqs.DeleteMessageInput{
				QueueUrl:      aws.String(c.QueueURL),
				ReceiptHandle: m.ReceiptHandle,
			}); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("delete sale %s: %w", s.ID, err)
			}
		}
	}
	return nil
}

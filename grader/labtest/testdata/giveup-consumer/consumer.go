// A consumer that gives up on the first error (the reference solution of
// exercise 03 before its fault-injection check): every other rule of the
// exercise holds, and Run returns the first error PollOnce reports, so it
// stops when SQS fails for longer than the SDK's retryer retries.
// TestConsumerSurvivesFaults must fail on it with its hint
// (grader/labtest/faults_proof_test.go).

// Package sqsconsume is a safe SQS consumer: it long-polls the queue,
// processes each message, deletes a message only once it was processed,
// leaves failed messages to come back after their visibility timeout,
// processes a message delivered twice only once, and stops cleanly when its
// context is cancelled.
package sqsconsume

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// API is the part of the SQS client a consumer needs; *sqs.Client has it.
// The checks pass a wrapper around a real client, to see what you ask SQS.
type API interface {
	ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, optFns ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	DeleteMessage(ctx context.Context, in *sqs.DeleteMessageInput, optFns ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error)
}

// Handler processes one message body. An error means processing failed and
// the message must stay on the queue, to be tried again.
type Handler func(ctx context.Context, body string) error

// Stats counts what one PollOnce did.
type Stats struct {
	Received   int // messages received
	Processed  int // handled successfully (and deleted)
	Failed     int // the handler failed: left on the queue
	Duplicates int // already processed before: deleted without handling
}

// Consumer consumes the queue at QueueURL, giving each message's body to
// Handle. Set the exported fields, then call Run (or PollOnce).
type Consumer struct {
	API      API
	QueueURL string
	Handle   Handler

	mu sync.Mutex
	// done holds the MessageId of every message processed. A real service
	// keeps this in a shared store with an expiry (a database table), so
	// that all its copies agree and it does not grow for ever.
	done map[string]bool
}

// deleteTimeout bounds a delete made after the consumer was told to stop.
const deleteTimeout = 5 * time.Second

// PollOnce receives up to 10 messages with long polling (waiting up to 20
// seconds for one to arrive), processes each, and deletes the ones that were
// processed. It returns an error when SQS calls fail.
func (c *Consumer) PollOnce(ctx context.Context) (Stats, error) {
	var st Stats
	if c.API == nil || c.Handle == nil || c.QueueURL == "" {
		return st, errors.New("poll: the consumer needs API, QueueURL and Handle")
	}
	out, err := c.API.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:            aws.String(c.QueueURL),
		MaxNumberOfMessages: 10,
		WaitTimeSeconds:     20, // long polling: wait for messages instead of asking again and again
	})
	if err != nil {
		return st, fmt.Errorf("receive from %s: %w", c.QueueURL, err)
	}
	st.Received = len(out.Messages)
	var errs []error
	for _, m := range out.Messages {
		if ctx.Err() != nil {
			// Stopping: the messages not yet started come back after their
			// visibility timeout, for this or another consumer.
			break
		}
		id := aws.ToString(m.MessageId)
		if c.processed(id) {
			// At-least-once delivery: SQS delivered it again (for example a
			// delete was lost). Processing it twice would count a sale twice.
			st.Duplicates++
			errs = append(errs, c.delete(ctx, m))
			continue
		}
		if err := c.Handle(ctx, aws.ToString(m.Body)); err != nil {
			// Not deleted: it comes back after the visibility timeout.
			st.Failed++
			continue
		}
		c.markProcessed(id)
		st.Processed++
		errs = append(errs, c.delete(ctx, m))
	}
	return st, errors.Join(errs...)
}

// delete deletes m even when ctx was cancelled while m was being processed:
// the work is done, and a message left behind would be processed again.
func (c *Consumer) delete(ctx context.Context, m types.Message) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), deleteTimeout)
	defer cancel()
	if _, err := c.API.DeleteMessage(ctx, &sqs.DeleteMessageInput{
		QueueUrl:      aws.String(c.QueueURL),
		ReceiptHandle: m.ReceiptHandle,
	}); err != nil {
		return fmt.Errorf("delete message %s: %w", aws.ToString(m.MessageId), err)
	}
	return nil
}

func (c *Consumer) processed(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done[id]
}

func (c *Consumer) markProcessed(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done == nil {
		c.done = map[string]bool{}
	}
	c.done[id] = true
}

// Run calls PollOnce until ctx is cancelled, then returns nil. It returns an
// error when polling fails for another reason.
func (c *Consumer) Run(ctx context.Context) error {
	for ctx.Err() == nil {
		if _, err := c.PollOnce(ctx); err != nil {
			if ctx.Err() != nil {
				return nil // the receive was cut short by the stop
			}
			return fmt.Errorf("consume %s: %w", c.QueueURL, err)
		}
	}
	return nil
}

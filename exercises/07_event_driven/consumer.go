package pipeline

import (
	"context"
	"errors"

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
	// TODO (steps 3 and 4): start c.Workers goroutines (sync.WaitGroup); each
	// loops until ctx is done: ReceiveMessage (MaxNumberOfMessages 10,
	// WaitTimeSeconds 20), and for each message, one after another:
	// json.Unmarshal into a Sale, c.Handle, DeleteMessage if Handle
	// succeeded. Return nil once ctx is cancelled.
	return errors.New("Consumer.Run: not implemented yet: run Workers receive loops that handle sales one at a time (README steps 3 and 4)")
}

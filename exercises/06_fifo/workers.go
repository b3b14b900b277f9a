package fifo

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Handler processes one order. When it returns an error the order stays on
// the queue and comes back, still first of its till, after the visibility
// timeout.
type Handler func(ctx context.Context, o Order) error

// Process runs workers receive loops on the FIFO queue until ctx is done, then
// returns nil; it returns an error only when the queue cannot be read.
// Each loop receives one message at a time (long polling), hands the order to
// handle and deletes the message once handle succeeded.
func Process(ctx context.Context, client *sqs.Client, queueURL string, workers int, handle Handler) error {
	// TODO (step 4): start `workers` goroutines (sync.WaitGroup); each loops
	// until ctx is done: ReceiveMessage with MaxNumberOfMessages 1 and
	// WaitTimeSeconds 20, json.Unmarshal the body into an Order, call handle,
	// and DeleteMessage only when handle returned nil. Return nil once ctx
	// is cancelled.
	return errors.New("Process: not implemented yet: run the worker loops (README step 4)")
}

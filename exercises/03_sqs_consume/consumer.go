// Package sqsconsume is a safe SQS consumer: it long-polls the queue,
// processes each message, deletes a message only once it was processed,
// leaves failed messages to come back after their visibility timeout,
// processes a message delivered twice only once, and stops cleanly when its
// context is cancelled.
package sqsconsume

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
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

	// TODO: remember the MessageId of every message you processed (a map
	// guarded by a sync.Mutex), so that a message delivered again is not
	// processed again.
}

// PollOnce receives up to 10 messages with long polling (waiting up to 20
// seconds for one to arrive), processes each, and deletes the ones that were
// processed. It returns an error when SQS calls fail.
func (c *Consumer) PollOnce(ctx context.Context) (Stats, error) {
	// TODO:
	//  1. c.API.ReceiveMessage with QueueUrl, MaxNumberOfMessages 10 and
	//     WaitTimeSeconds 20 (long polling).
	//  2. For each message: if its MessageId was processed before, delete it
	//     and count a duplicate. Otherwise call c.Handle(ctx, body):
	//       - error: leave the message alone (do NOT delete it); it becomes
	//         visible again after the visibility timeout.
	//       - success: remember the MessageId, then DeleteMessage with its
	//         ReceiptHandle.
	return Stats{}, errors.New("PollOnce: not implemented yet: receive with WaitTimeSeconds 20, handle each message, delete only the ones handled without error, in exercises/03_sqs_consume/consumer.go")
}

// Run calls PollOnce until ctx is cancelled, then returns nil. It returns an
// error when polling fails for another reason.
func (c *Consumer) Run(ctx context.Context) error {
	// TODO: loop over PollOnce; when ctx is cancelled (ctx.Err() != nil),
	// return nil, even if PollOnce's receive was cut short by it. A message
	// the handler finished must still be deleted: delete with a context that
	// is not cancelled (context.WithoutCancel). When PollOnce fails because
	// SQS does (the SDK's retryer gave up: README rule 6), do not return:
	// wait a little, longer after each failure in a row, and poll again.
	return errors.New("Run: not implemented yet: call PollOnce in a loop until ctx is cancelled, then return nil, in exercises/03_sqs_consume/consumer.go")
}

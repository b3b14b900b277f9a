package dlq

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// DeadLetter is a message found on the dead-letter queue.
type DeadLetter struct {
	MessageID string
	Body      string
	// Attributes holds the message's String message attributes (Author...).
	Attributes map[string]string
}

// InspectDeadLetters returns every message on the dead-letter queue at
// dlqURL, without removing them: they are still there afterwards, visible,
// for a later redrive.
func InspectDeadLetters(ctx context.Context, client *sqs.Client, dlqURL string) ([]DeadLetter, error) {
	// TODO:
	//  1. ReceiveMessage in a loop (MaxNumberOfMessages 10, WaitTimeSeconds 1,
	//     MessageAttributeNames ["All"], VisibilityTimeout 30 so that a
	//     message is not received twice) until a receive returns nothing.
	//  2. Keep each message's id, body and String attributes.
	//  3. Make every message visible again at once: ChangeMessageVisibility
	//     with VisibilityTimeout 0. Never DeleteMessage here.
	return nil, errors.New("InspectDeadLetters: not implemented yet: receive every message on the DLQ, then make each visible again with ChangeMessageVisibility 0, in exercises/04_dlq/redrive.go")
}

// Redrive moves every message on the dead-letter queue at dlqURL back to
// the queue at queueURL, with the same body and message attributes, and
// returns how many it moved. Call it once the consumer is fixed.
func Redrive(ctx context.Context, client *sqs.Client, dlqURL, queueURL string) (int, error) {
	// TODO: either receive-and-resend (ReceiveMessage from the DLQ with
	// MessageAttributeNames ["All"], SendMessage each body and its
	// MessageAttributes to queueURL, and only then DeleteMessage it from the
	// DLQ, until a receive returns nothing), or StartMessageMoveTask with
	// the two ARNs and wait until ListMessageMoveTasks says COMPLETED.
	return 0, errors.New("Redrive: not implemented yet: move each DLQ message back to the sales queue (send, then delete from the DLQ), in exercises/04_dlq/redrive.go")
}

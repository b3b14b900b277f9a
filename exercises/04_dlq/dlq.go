// Package dlq handles messages that cannot be processed: a dead-letter queue
// for the sales queue, the redrive policy that sends failing messages there,
// a way to inspect them, and a redrive that moves them back once the problem
// is fixed.
package dlq

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// CreateDeadLetterQueue creates the standard queue
// <learner>-sales-errors-dlq, encrypted at rest (SqsManagedSseEnabled) and
// tagged Name = its name, and returns its URL.
func CreateDeadLetterQueue(ctx context.Context, client *sqs.Client, learner string) (string, error) {
	// TODO: the same as CreateSalesQueue in exercise 02, with the name
	// learner + "-sales-errors-dlq".
	return "", errors.New("CreateDeadLetterQueue: not implemented yet: create <learner>-sales-errors-dlq with SSE on and a Name tag, in exercises/04_dlq/dlq.go")
}

// AttachDeadLetterQueue gives the queue at queueURL a redrive policy: a
// message received more than maxReceiveCount times without being deleted is
// moved to the dead-letter queue at dlqURL.
func AttachDeadLetterQueue(ctx context.Context, client *sqs.Client, queueURL, dlqURL string, maxReceiveCount int) error {
	// TODO:
	//  1. Read the DLQ's ARN: client.GetQueueAttributes on dlqURL with
	//     AttributeNames [types.QueueAttributeNameQueueArn].
	//  2. Build the policy JSON {"deadLetterTargetArn": <arn>, "maxReceiveCount": <n>}.
	//  3. client.SetQueueAttributes on queueURL with Attributes
	//     {"RedrivePolicy": <the JSON>}.
	return errors.New("AttachDeadLetterQueue: not implemented yet: set the sales queue's RedrivePolicy to the DLQ's ARN and maxReceiveCount, in exercises/04_dlq/dlq.go")
}

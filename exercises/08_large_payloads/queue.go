// Package largepayload is exercise 08: messages bigger than the queue allows.
// A body over the queue's maximum message size is stored in a blob store
// and the queue carries a small reference to it, as the lesson's
// daily-report-file message points at a file instead of holding it.
// README.md has the steps.
package largepayload

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// MaxMessageSize is the lesson's SQS message size limit, 256 KiB, which the
// exercise sets on its queue.
const MaxMessageSize = 256 * 1024

// QueueName is the exercise's queue: <your-name>-daily-reports-queue.
func QueueName(learner string) string { return learner + "-daily-reports-queue" }

// CreateQueue creates the standard queue QueueName(learner) with
// MaximumMessageSize MaxMessageSize, server-side encryption on and a Name
// tag. It returns the queue URL.
func CreateQueue(ctx context.Context, client *sqs.Client, learner string) (string, error) {
	// TODO (step 1): client.CreateQueue with Attributes
	// "MaximumMessageSize": "262144" (strconv.Itoa(MaxMessageSize)) and
	// "SqsManagedSseEnabled": "true", and Tags {"Name": the name}.
	return "", errors.New("CreateQueue: not implemented yet: create <your-name>-daily-reports-queue with MaximumMessageSize 262144 (README step 1)")
}

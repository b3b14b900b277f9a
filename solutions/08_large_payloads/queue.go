// Package largepayload is exercise 08: messages bigger than the queue allows.
// A body over the queue's maximum message size is stored in a blob store
// and the queue carries a small reference to it, as the lesson's
// daily-report-file message points at a file instead of holding it.
package largepayload

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
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
	name := QueueName(learner)
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName: aws.String(name),
		Attributes: map[string]string{
			"MaximumMessageSize":   strconv.Itoa(MaxMessageSize),
			"SqsManagedSseEnabled": "true",
		},
		Tags: map[string]string{"Name": name},
	})
	if err != nil {
		return "", fmt.Errorf("create queue %s: %w", name, err)
	}
	return aws.ToString(out.QueueUrl), nil
}

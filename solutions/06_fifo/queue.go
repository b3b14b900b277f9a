// Package fifo is exercise 06: a FIFO queue of coffee orders, one message
// group per till, deduplication by content and by order id, and workers that
// process different tills in parallel while keeping each till's orders in
// order.
package fifo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// QueueName is the exercise's FIFO queue: <your-name>-coffee-orders.fifo.
func QueueName(learner string) string {
	return learner + "-coffee-orders.fifo"
}

// CreateQueue creates the FIFO queue QueueName(learner) with content-based
// deduplication and server-side encryption on, and a Name tag equal to its
// name. It returns the queue URL.
func CreateQueue(ctx context.Context, client *sqs.Client, learner string) (string, error) {
	name := QueueName(learner)
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName: aws.String(name),
		Attributes: map[string]string{
			"FifoQueue":                 "true",
			"ContentBasedDeduplication": "true",
			"SqsManagedSseEnabled":      "true",
		},
		Tags: map[string]string{"Name": name},
	})
	if err != nil {
		return "", fmt.Errorf("create queue %s: %w", name, err)
	}
	return aws.ToString(out.QueueUrl), nil
}

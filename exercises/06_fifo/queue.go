// Package fifo is exercise 06: a FIFO queue of coffee orders, one message
// group per till, deduplication by content and by order id, and workers that
// process different tills in parallel while keeping each till's orders in
// order. README.md has the steps.
package fifo

import (
	"context"
	"errors"

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
	// TODO (step 1): client.CreateQueue with the name, Attributes
	// "FifoQueue": "true", "ContentBasedDeduplication": "true",
	// "SqsManagedSseEnabled": "true", and Tags {"Name": the name}.
	return "", errors.New("CreateQueue: not implemented yet: create <your-name>-coffee-orders.fifo with FifoQueue and ContentBasedDeduplication (README step 1)")
}

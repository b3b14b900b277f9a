// Package sqssend is the lesson's SQS code-along in Go: create the sales
// queue the way the console steps do, then put messages on it the way the
// boto3 code does.
package sqssend

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// CreateSalesQueue creates the standard queue <learner>-coffee-sales-queue
// with server-side encryption on (SqsManagedSseEnabled) and the tag Name set
// to the queue's name, and returns the queue's URL. Running it again when
// the queue exists returns the same URL.
func CreateSalesQueue(ctx context.Context, client *sqs.Client, learner string) (string, error) {
	// TODO:
	//  1. Build the name: learner + "-coffee-sales-queue".
	//  2. Call client.CreateQueue with QueueName, Attributes
	//     {"SqsManagedSseEnabled": "true"} and Tags {"Name": <the name>}.
	//  3. Return the QueueUrl from the output (aws.ToString), or the error
	//     wrapped with what you were doing.
	return "", errors.New("CreateSalesQueue: not implemented yet: call client.CreateQueue for <learner>-coffee-sales-queue with SSE on and a Name tag, in exercises/02_sqs_send/queue.go")
}

// Package sqssend is the lesson's SQS code-along in Go: create the sales
// queue the way the console steps do, then put messages on it the way the
// boto3 code does.
package sqssend

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// CreateSalesQueue creates the standard queue <learner>-coffee-sales-queue
// with server-side encryption on (SqsManagedSseEnabled) and the tag Name set
// to the queue's name, and returns the queue's URL. Running it again when
// the queue exists returns the same URL.
func CreateSalesQueue(ctx context.Context, client *sqs.Client, learner string) (string, error) {
	if learner == "" {
		return "", errors.New("create sales queue: the learner's name is empty")
	}
	name := learner + "-coffee-sales-queue"
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName: aws.String(name),
		// The console's "Server-side encryption: Enabled" default: SSE-SQS.
		Attributes: map[string]string{"SqsManagedSseEnabled": "true"},
		Tags:       map[string]string{"Name": name},
	})
	if err != nil {
		return "", fmt.Errorf("create queue %s: %w", name, err)
	}
	url := aws.ToString(out.QueueUrl)
	// CreateQueue applies tags only when it creates the queue; tag again so
	// that a queue made earlier without its tag gets it too.
	if _, err := client.TagQueue(ctx, &sqs.TagQueueInput{
		QueueUrl: aws.String(url),
		Tags:     map[string]string{"Name": name},
	}); err != nil {
		return "", fmt.Errorf("tag queue %s: %w", name, err)
	}
	return url, nil
}

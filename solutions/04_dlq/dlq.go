// Package dlq handles messages that cannot be processed: a dead-letter queue
// for the sales queue, the redrive policy that sends failing messages there,
// a way to inspect them, and a redrive that moves them back once the problem
// is fixed.
package dlq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// CreateDeadLetterQueue creates the standard queue
// <learner>-sales-errors-dlq, encrypted at rest (SqsManagedSseEnabled) and
// tagged Name = its name, and returns its URL.
func CreateDeadLetterQueue(ctx context.Context, client *sqs.Client, learner string) (string, error) {
	if learner == "" {
		return "", errors.New("create dead-letter queue: the learner's name is empty")
	}
	name := learner + "-sales-errors-dlq"
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName:  aws.String(name),
		Attributes: map[string]string{"SqsManagedSseEnabled": "true"},
		Tags:       map[string]string{"Name": name},
	})
	if err != nil {
		return "", fmt.Errorf("create queue %s: %w", name, err)
	}
	url := aws.ToString(out.QueueUrl)
	// Tags given to CreateQueue apply only to a new queue.
	if _, err := client.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: aws.String(url), Tags: map[string]string{"Name": name}}); err != nil {
		return "", fmt.Errorf("tag queue %s: %w", name, err)
	}
	return url, nil
}

// redrivePolicy is the JSON of a queue's RedrivePolicy attribute.
type redrivePolicy struct {
	DeadLetterTargetArn string `json:"deadLetterTargetArn"`
	MaxReceiveCount     int    `json:"maxReceiveCount"`
}

// AttachDeadLetterQueue gives the queue at queueURL a redrive policy: a
// message received more than maxReceiveCount times without being deleted is
// moved to the dead-letter queue at dlqURL.
func AttachDeadLetterQueue(ctx context.Context, client *sqs.Client, queueURL, dlqURL string, maxReceiveCount int) error {
	if maxReceiveCount < 1 || maxReceiveCount > 1000 {
		return fmt.Errorf("attach dead-letter queue: maxReceiveCount %d must be between 1 and 1000", maxReceiveCount)
	}
	out, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(dlqURL),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return fmt.Errorf("read the ARN of %s: %w", dlqURL, err)
	}
	arn := out.Attributes[string(types.QueueAttributeNameQueueArn)]
	if arn == "" {
		return fmt.Errorf("read the ARN of %s: no QueueArn attribute", dlqURL)
	}
	policy, err := json.Marshal(redrivePolicy{DeadLetterTargetArn: arn, MaxReceiveCount: maxReceiveCount})
	if err != nil {
		return fmt.Errorf("encode redrive policy: %w", err)
	}
	if _, err := client.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{
		QueueUrl:   aws.String(queueURL),
		Attributes: map[string]string{string(types.QueueAttributeNameRedrivePolicy): string(policy)},
	}); err != nil {
		return fmt.Errorf("set the redrive policy of %s: %w", queueURL, err)
	}
	return nil
}

package fanout

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// QueuePolicy returns the lesson's errata queue policy
// (handouts/errata-queue-policy.json) for one queue and one topic: SNS may
// send messages to the queue, but only on behalf of that topic.
func QueuePolicy(queueARN, topicARN string) (string, error) {
	doc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid":       "AllowCoffeeSalesTopic",
			"Effect":    "Allow",
			"Principal": map[string]string{"Service": "sns.amazonaws.com"},
			"Action":    "sqs:SendMessage",
			"Resource":  queueARN,
			"Condition": map[string]any{
				"ArnEquals": map[string]string{"aws:SourceArn": topicARN},
			},
		}},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("encode queue policy: %w", err)
	}
	return string(b), nil
}

// AllowTopic sets the errata policy on a queue so that the topic can deliver
// to it.
func AllowTopic(ctx context.Context, client *sqs.Client, queueURL, topicARN string) error {
	queueARN, err := queueARN(ctx, client, queueURL)
	if err != nil {
		return err
	}
	policy, err := QueuePolicy(queueARN, topicARN)
	if err != nil {
		return err
	}
	if _, err := client.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{
		QueueUrl:   aws.String(queueURL),
		Attributes: map[string]string{"Policy": policy},
	}); err != nil {
		return fmt.Errorf("set the policy of %s: %w", queueURL, err)
	}
	return nil
}

func queueARN(ctx context.Context, client *sqs.Client, queueURL string) (string, error) {
	out, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(queueURL),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return "", fmt.Errorf("read the ARN of %s: %w", queueURL, err)
	}
	return out.Attributes["QueueArn"], nil
}

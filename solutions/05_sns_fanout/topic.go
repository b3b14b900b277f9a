// Package fanout is exercise 05: an SNS topic for the coffee shop's sales,
// queues subscribed to it (fan-out), the errata queue policy that lets the
// topic send to them, raw delivery and a filter policy (selective routing).
package fanout

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// TopicName is the lesson's topic: <your-name>-coffee-sales-notifications.
func TopicName(learner string) string {
	return learner + "-coffee-sales-notifications"
}

// CreateTopic creates the standard topic TopicName(learner) with a Name tag
// equal to its name, and returns the topic's ARN.
func CreateTopic(ctx context.Context, client *sns.Client, learner string) (string, error) {
	name := TopicName(learner)
	out, err := client.CreateTopic(ctx, &sns.CreateTopicInput{
		Name: aws.String(name),
		Tags: []snstypes.Tag{{Key: aws.String("Name"), Value: aws.String(name)}},
	})
	if err != nil {
		return "", fmt.Errorf("create topic %s: %w", name, err)
	}
	return aws.ToString(out.TopicArn), nil
}

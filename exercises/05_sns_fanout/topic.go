// Package fanout is exercise 05: an SNS topic for the coffee shop's sales,
// queues subscribed to it (fan-out), the errata queue policy that lets the
// topic send to them, raw delivery and a filter policy (selective routing).
// README.md has the steps.
package fanout

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// TopicName is the lesson's topic: <your-name>-coffee-sales-notifications.
func TopicName(learner string) string {
	return learner + "-coffee-sales-notifications"
}

// CreateTopic creates the standard topic TopicName(learner) with a Name tag
// equal to its name, and returns the topic's ARN.
func CreateTopic(ctx context.Context, client *sns.Client, learner string) (string, error) {
	// TODO (step 1): client.CreateTopic with Name TopicName(learner) and
	// Tags [{Key: "Name", Value: the same name}]; return out.TopicArn.
	return "", errors.New("CreateTopic: not implemented yet: create the topic <your-name>-coffee-sales-notifications with a Name tag (README step 1)")
}

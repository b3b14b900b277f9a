package fanout

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// QueuePolicy returns the lesson's errata queue policy
// (handouts/errata-queue-policy.json) for one queue and one topic: SNS may
// send messages to the queue, but only on behalf of that topic.
func QueuePolicy(queueARN, topicARN string) (string, error) {
	// TODO (step 2): a JSON document with Version "2012-10-17" and one
	// Statement: Effect Allow, Principal {"Service": "sns.amazonaws.com"},
	// Action sqs:SendMessage, Resource queueARN, Condition
	// {"ArnEquals": {"aws:SourceArn": topicARN}}. encoding/json does it.
	return "", errors.New("QueuePolicy: not implemented yet: build the errata policy document (README step 2, handouts/errata-queue-policy.json)")
}

// AllowTopic sets the errata policy on a queue so that the topic can deliver
// to it.
func AllowTopic(ctx context.Context, client *sqs.Client, queueURL, topicARN string) error {
	// TODO (step 2): read the queue's QueueArn (GetQueueAttributes), build
	// QueuePolicy(queueARN, topicARN) and set it as the queue's "Policy"
	// attribute (SetQueueAttributes).
	return errors.New("AllowTopic: not implemented yet: set the errata policy as the queue's Policy attribute (README step 2)")
}

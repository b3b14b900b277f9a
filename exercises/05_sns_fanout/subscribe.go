package fanout

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// SubscribeOptions are the subscription attributes of one queue.
type SubscribeOptions struct {
	// RawMessageDelivery delivers the published message itself as the SQS
	// body, instead of the SNS envelope around it.
	RawMessageDelivery bool
	// FilterPolicy, when not empty, is a JSON filter policy on the message
	// attributes: only messages it matches reach the queue.
	FilterPolicy string
}

// SubscribeQueue lets the topic send to the queue (AllowTopic), then
// subscribes the queue to the topic with protocol sqs and the given options.
// It returns the subscription's ARN.
func SubscribeQueue(ctx context.Context, snsClient *sns.Client, sqsClient *sqs.Client, topicARN, queueURL string, opts SubscribeOptions) (string, error) {
	// TODO (step 3): AllowTopic; then snsClient.Subscribe with Protocol
	// "sqs", Endpoint = the queue's ARN (not its URL), Attributes
	// "RawMessageDelivery" and "FilterPolicy" from opts when set, and
	// ReturnSubscriptionArn true; return out.SubscriptionArn.
	return "", errors.New("SubscribeQueue: not implemented yet: subscribe the queue's ARN with protocol sqs (README step 3)")
}

package fanout

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
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
	if err := AllowTopic(ctx, sqsClient, queueURL, topicARN); err != nil {
		return "", err
	}
	endpoint, err := queueARN(ctx, sqsClient, queueURL)
	if err != nil {
		return "", err
	}
	attributes := map[string]string{}
	if opts.RawMessageDelivery {
		attributes["RawMessageDelivery"] = "true"
	}
	if opts.FilterPolicy != "" {
		attributes["FilterPolicy"] = opts.FilterPolicy
	}
	out, err := snsClient.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn:              aws.String(topicARN),
		Protocol:              aws.String("sqs"),
		Endpoint:              aws.String(endpoint),
		Attributes:            attributes,
		ReturnSubscriptionArn: true,
	})
	if err != nil {
		return "", fmt.Errorf("subscribe %s to %s: %w", endpoint, topicARN, err)
	}
	return aws.ToString(out.SubscriptionArn), nil
}

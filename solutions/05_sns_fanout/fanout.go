package fanout

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// SalesQueueName is the lesson's queue: every sale, in the SNS envelope.
func SalesQueueName(learner string) string { return learner + "-coffee-sales-queue" }

// StockQueueName is the stock service's queue: every sale, raw.
func StockQueueName(learner string) string { return learner + "-coffee-stock-queue" }

// LatteQueueName is the latte dashboard's queue: only lattes, raw.
func LatteQueueName(learner string) string { return learner + "-latte-sales-queue" }

// LatteFilterPolicy lets through only sales whose "item" message attribute is
// "latte".
const LatteFilterPolicy = `{"item":["latte"]}`

// FanOut is what Build creates.
type FanOut struct {
	TopicARN      string
	SalesQueueURL string // every sale, in the SNS envelope (as in the lesson)
	StockQueueURL string // every sale, raw
	LatteQueueURL string // only lattes, raw
}

// Build creates the topic and the three queues, and subscribes each queue to
// the topic: the sales queue as the lesson does, the stock queue with raw
// message delivery, the latte queue with raw delivery and LatteFilterPolicy.
func Build(ctx context.Context, snsClient *sns.Client, sqsClient *sqs.Client, learner string) (FanOut, error) {
	topicARN, err := CreateTopic(ctx, snsClient, learner)
	if err != nil {
		return FanOut{}, err
	}
	f := FanOut{TopicARN: topicARN}
	for _, q := range []struct {
		name string
		url  *string
		opts SubscribeOptions
	}{
		{SalesQueueName(learner), &f.SalesQueueURL, SubscribeOptions{}},
		{StockQueueName(learner), &f.StockQueueURL, SubscribeOptions{RawMessageDelivery: true}},
		{LatteQueueName(learner), &f.LatteQueueURL, SubscribeOptions{RawMessageDelivery: true, FilterPolicy: LatteFilterPolicy}},
	} {
		url, err := createQueue(ctx, sqsClient, q.name)
		if err != nil {
			return FanOut{}, err
		}
		if _, err := SubscribeQueue(ctx, snsClient, sqsClient, topicARN, url, q.opts); err != nil {
			return FanOut{}, err
		}
		*q.url = url
	}
	return f, nil
}

// createQueue creates a standard queue as the lesson does: encrypted, with a
// Name tag.
func createQueue(ctx context.Context, client *sqs.Client, name string) (string, error) {
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName:  aws.String(name),
		Attributes: map[string]string{string(sqstypes.QueueAttributeNameSqsManagedSseEnabled): "true"},
		Tags:       map[string]string{"Name": name},
	})
	if err != nil {
		return "", fmt.Errorf("create queue %s: %w", name, err)
	}
	return aws.ToString(out.QueueUrl), nil
}

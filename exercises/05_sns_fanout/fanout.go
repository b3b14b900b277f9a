package fanout

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// SalesQueueName is the lesson's queue: every sale, in the SNS envelope.
func SalesQueueName(learner string) string { return learner + "-coffee-sales-queue" }

// StockQueueName is the stock service's queue: every sale, raw.
func StockQueueName(learner string) string { return learner + "-coffee-stock-queue" }

// LatteQueueName is the latte dashboard's queue: only lattes, raw.
func LatteQueueName(learner string) string { return learner + "-latte-sales-queue" }

// LatteFilterPolicy lets through only sales whose "item" message attribute is
// "latte".
//
// TODO (step 6): write the filter policy, a JSON object.
const LatteFilterPolicy = ``

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
	// TODO (steps 5 and 6): CreateTopic; create the three queues (encrypted,
	// with a Name tag, as in exercise 02); SubscribeQueue each with its
	// options; return their URLs.
	return FanOut{}, errors.New("Build: not implemented yet: create the topic and three queues and subscribe them (README steps 5 and 6)")
}

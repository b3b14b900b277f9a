// Package pipeline is exercise 07: the lesson's coffee shop as an
// event-driven pipeline. Tills publish every sale to one SNS topic; a stock
// service and a reporting service each consume from a queue of their own,
// subscribed to the topic. Neither the tills nor the services know about each
// other: that is the decoupling the queues buy. README.md has the steps.
package pipeline

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// TopicName is the topic the tills publish to.
func TopicName(learner string) string { return learner + "-coffee-sales-notifications" }

// StockQueueName is the stock service's queue.
func StockQueueName(learner string) string { return learner + "-stock-queue" }

// ReportingQueueName is the reporting service's queue.
func ReportingQueueName(learner string) string { return learner + "-reporting-queue" }

// Pipeline is what Build creates.
type Pipeline struct {
	TopicARN          string
	StockQueueURL     string
	ReportingQueueURL string
}

// Build creates the topic and one queue per service, lets the topic send to
// each queue (the errata policy) and subscribes each queue with raw message
// delivery, so a service's messages are the sales themselves.
func Build(ctx context.Context, snsClient *sns.Client, sqsClient *sqs.Client, learner string) (Pipeline, error) {
	// TODO (step 1): as in exercise 05: CreateTopic; for each service
	// CreateQueue, read its QueueArn, set the errata Policy, Subscribe with
	// Protocol "sqs", Endpoint the queue ARN and RawMessageDelivery "true".
	return Pipeline{}, errors.New("Build: not implemented yet: create the topic and a subscribed queue per service (README step 1)")
}

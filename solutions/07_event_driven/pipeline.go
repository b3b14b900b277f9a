// Package pipeline is exercise 07: the lesson's coffee shop as an
// event-driven pipeline. Tills publish every sale to one SNS topic; a stock
// service and a reporting service each consume from a queue of their own,
// subscribed to the topic. Neither the tills nor the services know about each
// other: that is the decoupling the queues buy.
package pipeline

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
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
	topicName := TopicName(learner)
	topic, err := snsClient.CreateTopic(ctx, &sns.CreateTopicInput{
		Name: aws.String(topicName),
		Tags: []snstypes.Tag{{Key: aws.String("Name"), Value: aws.String(topicName)}},
	})
	if err != nil {
		return Pipeline{}, fmt.Errorf("create topic %s: %w", topicName, err)
	}
	p := Pipeline{TopicARN: aws.ToString(topic.TopicArn)}
	for name, url := range map[string]*string{
		StockQueueName(learner):     &p.StockQueueURL,
		ReportingQueueName(learner): &p.ReportingQueueURL,
	} {
		if *url, err = subscribeNewQueue(ctx, snsClient, sqsClient, p.TopicARN, name); err != nil {
			return Pipeline{}, err
		}
	}
	return p, nil
}

// subscribeNewQueue creates a queue, allows the topic to send to it, and
// subscribes it to the topic with raw delivery. It returns the queue URL.
func subscribeNewQueue(ctx context.Context, snsClient *sns.Client, sqsClient *sqs.Client, topicARN, name string) (string, error) {
	created, err := sqsClient.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName:  aws.String(name),
		Attributes: map[string]string{"SqsManagedSseEnabled": "true"},
		Tags:       map[string]string{"Name": name},
	})
	if err != nil {
		return "", fmt.Errorf("create queue %s: %w", name, err)
	}
	url := aws.ToString(created.QueueUrl)
	attrs, err := sqsClient.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return "", fmt.Errorf("read the ARN of %s: %w", name, err)
	}
	queueARN := attrs.Attributes["QueueArn"]
	policy, err := json.Marshal(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Effect":    "Allow",
			"Principal": map[string]string{"Service": "sns.amazonaws.com"},
			"Action":    "sqs:SendMessage",
			"Resource":  queueARN,
			"Condition": map[string]any{"ArnEquals": map[string]string{"aws:SourceArn": topicARN}},
		}},
	})
	if err != nil {
		return "", fmt.Errorf("encode the policy of %s: %w", name, err)
	}
	if _, err := sqsClient.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{
		QueueUrl:   aws.String(url),
		Attributes: map[string]string{"Policy": string(policy)},
	}); err != nil {
		return "", fmt.Errorf("set the policy of %s: %w", name, err)
	}
	if _, err := snsClient.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn:   aws.String(topicARN),
		Protocol:   aws.String("sqs"),
		Endpoint:   aws.String(queueARN),
		Attributes: map[string]string{"RawMessageDelivery": "true"},
	}); err != nil {
		return "", fmt.Errorf("subscribe %s: %w", name, err)
	}
	return url, nil
}

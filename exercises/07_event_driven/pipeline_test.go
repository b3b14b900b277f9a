package pipeline_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipeline "github.com/queuelab/queuelab/exercises/07_event_driven"
	"github.com/queuelab/queuelab/grader/labtest"
)

// TestTillsPublishToEveryService: a till publishes once; the stock and the
// reporting service each get every sale in their own queue, as it was sold.
func TestTillsPublishToEveryService(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	scope := lab.Scope(t)
	p, err := pipeline.Build(lab.Ctx, lab.SNS, lab.SQS, scope)
	require.NoError(t, err)
	require.Equal(t, lab.QueueURL(t, scope+"-stock-queue"), p.StockQueueURL)
	require.Equal(t, lab.QueueURL(t, scope+"-reporting-queue"), p.ReportingQueueURL)

	sold := sales(3)
	for _, s := range sold {
		require.NoError(t, pipeline.PublishSale(lab.Ctx, lab.SNS, p.TopicARN, s))
	}
	for name, url := range map[string]string{"stock": p.StockQueueURL, "reporting": p.ReportingQueueURL} {
		var got []pipeline.Sale
		for _, m := range lab.Take(t, url, len(sold)) {
			var s pipeline.Sale
			require.NoError(t, json.Unmarshal([]byte(*m.Body), &s), "the %s queue gets each sale as JSON (raw delivery), got %s", name, *m.Body)
			got = append(got, s)
		}
		assert.ElementsMatch(t, sold, got, "the %s service gets every sale", name)
	}
}

// TestNothingLostWhileConsumerDown: fault tolerance. Sales made while the
// stock service is down wait in its queue; when it comes back it handles all
// of them, and the reporting service was never affected. The topic and
// queues are the check's own, so only Consumer.Run is graded here.
func TestNothingLostWhileConsumerDown(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	scope := lab.Scope(t)
	topic := lab.CreateTopic(t, scope+"-coffee-sales-notifications")
	stock := lab.CreateQueue(t, scope+"-stock-queue", nil)
	reporting := lab.CreateQueue(t, scope+"-reporting-queue", nil)
	lab.SubscribeQueue(t, topic, stock, true)
	lab.SubscribeQueue(t, topic, reporting, true)

	sold := sales(5)
	for _, s := range sold { // no consumer is running
		body, err := json.Marshal(s)
		require.NoError(t, err)
		_, err = lab.SNS.Publish(lab.Ctx, &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(string(body))})
		require.NoError(t, err, "check setup: publish %s", s.ID)
	}
	seen := consume(t, lab, stock, 1, ids(sold), func(context.Context, pipeline.Sale) {})
	assert.Len(t, seen, len(sold), "the stock service, back up, handles every sale made while it was down")
	assert.Len(t, lab.Take(t, reporting, len(sold)), len(sold), "the reporting service's queue still holds every sale")
}

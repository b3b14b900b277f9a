package sns

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConcurrentPublishAndSubscribe publishes from many goroutines while
// other goroutines subscribe and unsubscribe and read attributes: run with
// -race, it shows the service's locking; the counts show that every stable
// subscription got every message exactly once.
func TestConcurrentPublishAndSubscribe(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	topic := h.createTopic(t, "busy", nil)
	stable := []string{queueARN("a"), queueARN("b"), queueARN("c")}
	for _, q := range stable {
		h.subscribeQueue(t, topic, q, nil)
	}
	const publishers, perPublisher = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, publishers*perPublisher+100)
	for p := range publishers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perPublisher {
				_, err := h.client.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(strconv.Itoa(p*1000 + i))})
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Add(1)
	go func() { // churn: subscriptions that come and go during the publishes
		defer wg.Done()
		for i := range 20 {
			out, err := h.client.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("sqs"), Endpoint: aws.String(queueARN("churn-" + strconv.Itoa(i)))})
			if err != nil {
				errs <- err
				continue
			}
			if _, err := h.client.GetTopicAttributes(ctx, &awssns.GetTopicAttributesInput{TopicArn: aws.String(topic)}); err != nil {
				errs <- err
			}
			if _, err := h.client.Unsubscribe(ctx, &awssns.UnsubscribeInput{SubscriptionArn: out.SubscriptionArn}); err != nil {
				errs <- err
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	for _, q := range stable {
		got := h.queues.to(q)
		require.Len(t, got, publishers*perPublisher, q)
		seen := map[string]bool{}
		for _, d := range got {
			seen[d.Body] = true
		}
		assert.Len(t, seen, publishers*perPublisher, "no duplicates in %s", q)
	}
}

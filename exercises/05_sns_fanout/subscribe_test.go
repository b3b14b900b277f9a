package fanout_test

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fanout "github.com/queuelab/queuelab/exercises/05_sns_fanout"
	"github.com/queuelab/queuelab/grader/labtest"
)

// TestSubscribesQueueToTopic: the lesson's "Create a Subscription", with the
// options of this exercise, read back from SNS.
func TestSubscribesQueueToTopic(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	scope := lab.Scope(t)
	topicARN := lab.CreateTopic(t, scope+"-coffee-sales-notifications")
	filter := `{"item":["latte"]}`

	for _, tc := range []struct {
		queue string
		opts  fanout.SubscribeOptions
	}{
		{"-plain-queue", fanout.SubscribeOptions{}},
		{"-raw-filtered-queue", fanout.SubscribeOptions{RawMessageDelivery: true, FilterPolicy: filter}},
	} {
		queueURL := lab.CreateQueue(t, scope+tc.queue, nil)
		queueARN := lab.QueueARN(t, queueURL)
		subARN, err := fanout.SubscribeQueue(lab.Ctx, lab.SNS, lab.SQS, topicARN, queueURL, tc.opts)
		require.NoError(t, err, "subscribe %s", tc.queue)

		out, err := lab.SNS.GetSubscriptionAttributes(lab.Ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(subARN)})
		require.NoError(t, err, "read subscription %q back: SubscribeQueue must return the subscription's ARN", subARN)
		attrs := out.Attributes
		assert.Equal(t, "sqs", attrs["Protocol"])
		assert.Equal(t, queueARN, attrs["Endpoint"], "the endpoint of an sqs subscription is the queue's ARN")
		assert.Equal(t, topicARN, attrs["TopicArn"])
		wantRaw := "false"
		if tc.opts.RawMessageDelivery {
			wantRaw = "true"
		}
		assert.Equal(t, wantRaw, attrs["RawMessageDelivery"], "RawMessageDelivery of %s", tc.queue)
		if tc.opts.FilterPolicy == "" {
			assert.Empty(t, attrs["FilterPolicy"], "no filter policy was asked for")
		} else {
			require.NotEmpty(t, attrs["FilterPolicy"], "FilterPolicy of %s", tc.queue)
			var got, want any
			require.NoError(t, json.Unmarshal([]byte(attrs["FilterPolicy"]), &got))
			require.NoError(t, json.Unmarshal([]byte(filter), &want))
			assert.Equal(t, want, got, "FilterPolicy of %s", tc.queue)
		}
		policy := lab.QueueAttributes(t, queueURL)["Policy"]
		assert.NoError(t, labtest.AllowsTopic(policy, queueARN, topicARN), "the queue policy of %s (AllowTopic before subscribing): %s", tc.queue, policy)
	}
}

package sns

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubscribeSQS(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	topic := h.createTopic(t, "fanout", nil)
	q := queueARN("sales")
	sub := h.subscribeQueue(t, topic, q, map[string]string{"RawMessageDelivery": "true"})
	assert.Regexp(t, `^`+topic+`:[0-9a-f-]{36}$`, sub)

	out, err := h.client.GetSubscriptionAttributes(ctx, &awssns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(sub)})
	require.NoError(t, err)
	a := out.Attributes
	assert.Equal(t, "true", a["ConfirmationWasAuthenticated"])
	assert.Equal(t, q, a["Endpoint"])
	assert.Equal(t, testAccount, a["Owner"])
	assert.Equal(t, "false", a["PendingConfirmation"])
	assert.Equal(t, "sqs", a["Protocol"])
	assert.Equal(t, "true", a["RawMessageDelivery"])
	assert.Equal(t, sub, a["SubscriptionArn"])
	assert.Equal(t, topic, a["TopicArn"])
	assert.Contains(t, a, "SubscriptionPrincipal")

	// Idempotent: same endpoint, same or fewer attributes.
	assert.Equal(t, sub, h.subscribeQueue(t, topic, q, map[string]string{"RawMessageDelivery": "true"}))
	assert.Equal(t, sub, h.subscribeQueue(t, topic, q, nil))
	_, err = h.client.Subscribe(ctx, &awssns.SubscribeInput{
		TopicArn: aws.String(topic), Protocol: aws.String("sqs"), Endpoint: aws.String(q),
		Attributes: map[string]string{"RawMessageDelivery": "false"},
	})
	requireAPIError(t, err, "InvalidParameter", "Invalid parameter: Attributes Reason: Subscription already exists with different attributes")

	tattrs, err := h.client.GetTopicAttributes(ctx, &awssns.GetTopicAttributesInput{TopicArn: aws.String(topic)})
	require.NoError(t, err)
	assert.Equal(t, "1", tattrs.Attributes["SubscriptionsConfirmed"])

	list, err := h.client.ListSubscriptionsByTopic(ctx, &awssns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic)})
	require.NoError(t, err)
	require.Len(t, list.Subscriptions, 1)
	assert.Equal(t, sub, aws.ToString(list.Subscriptions[0].SubscriptionArn))
	assert.Equal(t, q, aws.ToString(list.Subscriptions[0].Endpoint))
	all, err := h.client.ListSubscriptions(ctx, &awssns.ListSubscriptionsInput{})
	require.NoError(t, err)
	require.Len(t, all.Subscriptions, 1)

	for range 2 { // idempotent
		_, err = h.client.Unsubscribe(ctx, &awssns.UnsubscribeInput{SubscriptionArn: aws.String(sub)})
		require.NoError(t, err)
	}
	_, err = h.client.GetSubscriptionAttributes(ctx, &awssns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(sub)})
	requireAPIError(t, err, "NotFound", "Subscription does not exist")
	list, err = h.client.ListSubscriptionsByTopic(ctx, &awssns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic)})
	require.NoError(t, err)
	assert.Empty(t, list.Subscriptions)
}

func TestSubscribeErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "errors", nil)
	fifoTopic := h.createTopic(t, "errors.fifo", map[string]string{"FifoTopic": "true"})
	cases := []struct {
		name, topic, protocol, endpoint string
		attrs                           map[string]string
		code, message                   string
	}{
		{"bad protocol", topic, "test-protocol", "x", nil, "InvalidParameter", "Invalid parameter: Amazon SNS does not support this protocol string: test-protocol"},
		{"queue url", topic, "sqs", "http://localhost:4566/123456789012/q", nil, "InvalidParameter", "Invalid parameter: SQS endpoint ARN"},
		{"fifo queue on standard topic", topic, "sqs", queueARN("q.fifo"), nil, "InvalidParameter", "Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics"},
		{"raw not boolean", topic, "sqs", queueARN("q"), map[string]string{"RawMessageDelivery": "wrongvalue"}, "InvalidParameter", "Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false."},
		{"unknown topic", topic + "-missing", "sqs", queueARN("q"), nil, "NotFound", "Topic does not exist"},
		{"short topic arn", "arn:aws:sns:us-east-1:123456789012", "sqs", queueARN("q"), nil, "InvalidParameter", "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 5"},
		{"standard dlq for fifo", fifoTopic, "sqs", queueARN("q.fifo"), map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"` + queueARN("dlq") + `"}`}, "InvalidParameter", "Invalid parameter: Attributes Reason: RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic."},
		{"invalid filter policy", topic, "sqs", queueARN("q"), map[string]string{"FilterPolicy": "invalid"}, "InvalidParameter", ""},
		{"http endpoint for https", topic, "https", "http://example.com/", nil, "InvalidParameter", ""},
		{"raw for email", topic, "email", "a@example.com", map[string]string{"RawMessageDelivery": "true"}, "InvalidParameter", "Invalid parameter: Attributes Reason: Delivery protocol [email] does not support raw message delivery."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := h.client.Subscribe(context.Background(), &awssns.SubscribeInput{
				TopicArn: aws.String(tc.topic), Protocol: aws.String(tc.protocol), Endpoint: aws.String(tc.endpoint), Attributes: tc.attrs,
			})
			requireAPIError(t, err, tc.code, tc.message)
		})
	}
}

func TestSetSubscriptionAttributes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	topic := h.createTopic(t, "set-sub", nil)
	sub := h.subscribeQueue(t, topic, queueARN("q"), nil)
	set := func(name, value string) error {
		_, err := h.client.SetSubscriptionAttributes(ctx, &awssns.SetSubscriptionAttributesInput{
			SubscriptionArn: aws.String(sub), AttributeName: aws.String(name), AttributeValue: aws.String(value),
		})
		return err
	}
	cases := []struct{ name, value, message string }{
		{"Fake", "x", "Invalid parameter: AttributeName"},
		{"RawMessageDelivery", "test-ValUe", "Invalid parameter: RawMessageDelivery: Invalid value [test-ValUe]. Must be true or false."},
		{"RawMessageDelivery", "", "Invalid parameter: RawMessageDelivery: Invalid value []. Must be true or false."},
		{"RedrivePolicy", `{"deadLetterTargetArn":"fake-arn"}`, "Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn"},
		{"FilterPolicyScope", "Body", "Invalid parameter: FilterPolicyScope: Invalid value [Body]. Please use either MessageBody or MessageAttributes"},
	}
	for _, tc := range cases {
		requireAPIError(t, set(tc.name, tc.value), "InvalidParameter", tc.message)
	}
	jsonError := "failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start field name\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2]"
	requireAPIError(t, set("FilterPolicy", "{invalid"), "InvalidParameter", "Invalid parameter: FilterPolicy: "+jsonError)
	requireAPIError(t, set("RedrivePolicy", "{invalid"), "InvalidParameter", "Invalid parameter: RedrivePolicy: "+jsonError)

	require.NoError(t, set("RawMessageDelivery", "true"))
	require.NoError(t, set("FilterPolicy", `{"attr1":[{"numeric":[">",0,"<=",100]}]}`))
	require.NoError(t, set("RedrivePolicy", `{"deadLetterTargetArn":"`+queueARN("dlq")+`"}`))
	out, err := h.client.GetSubscriptionAttributes(ctx, &awssns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(sub)})
	require.NoError(t, err)
	assert.Equal(t, "true", out.Attributes["RawMessageDelivery"])
	assert.JSONEq(t, `{"attr1":[{"numeric":[">",0,"<=",100]}]}`, out.Attributes["FilterPolicy"])
	assert.Equal(t, "MessageAttributes", out.Attributes["FilterPolicyScope"])
	assert.JSONEq(t, `{"deadLetterTargetArn":"`+queueARN("dlq")+`"}`, out.Attributes["RedrivePolicy"])

	_, err = h.client.SetSubscriptionAttributes(ctx, &awssns.SetSubscriptionAttributesInput{
		SubscriptionArn: aws.String(topic + ":00000000-0000-0000-0000-000000000000"), AttributeName: aws.String("RawMessageDelivery"), AttributeValue: aws.String("true"),
	})
	requireAPIError(t, err, "NotFound", "Subscription does not exist")
}

func TestUnsubscribeArnErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	cases := []struct{ arn, message string }{
		{"randomstring", "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1"},
		{"arn:aws:sns:us-east-1:123456789012", "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 5"},
		{"arn:aws:sns:us-east-1:123456789012:topic", "Invalid parameter: SubscriptionId"},
		{"", "Invalid parameter: SubscriptionArn Reason: no value for required parameter"},
	}
	for _, tc := range cases {
		_, err := h.client.Unsubscribe(context.Background(), &awssns.UnsubscribeInput{SubscriptionArn: aws.String(tc.arn)})
		requireAPIError(t, err, "InvalidParameter", tc.message)
	}
}

func TestEmailSubscriptionConfirmedByToken(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	topic := h.createTopic(t, "mail", nil)
	out, err := h.client.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("email"), Endpoint: aws.String("learner@example.com")})
	require.NoError(t, err)
	assert.Equal(t, "pending confirmation", aws.ToString(out.SubscriptionArn))

	withARN, err := h.client.Subscribe(ctx, &awssns.SubscribeInput{
		TopicArn: aws.String(topic), Protocol: aws.String("email"), Endpoint: aws.String("learner@example.com"), ReturnSubscriptionArn: true,
	})
	require.NoError(t, err)
	subARN := aws.ToString(withARN.SubscriptionArn)
	assert.Regexp(t, `^`+topic+`:`, subARN)

	tattrs, err := h.client.GetTopicAttributes(ctx, &awssns.GetTopicAttributesInput{TopicArn: aws.String(topic)})
	require.NoError(t, err)
	assert.Equal(t, "1", tattrs.Attributes["SubscriptionsPending"])

	log := h.svc.Deliveries(testAccount)
	require.Len(t, log, 2, "the second Subscribe sends the confirmation again, as AWS does")
	for _, d := range log {
		assert.Equal(t, TypeSubscriptionConfirmation, d.Type)
		assert.Equal(t, StatusNotEmulated, d.Status)
	}
	require.NotEmpty(t, log[0].Token)
	assert.Equal(t, log[0].Token, log[1].Token)

	_, err = h.client.ConfirmSubscription(ctx, &awssns.ConfirmSubscriptionInput{TopicArn: aws.String(topic), Token: aws.String("abc123")})
	requireAPIError(t, err, "InvalidParameter", "Invalid parameter: Token")
	// A missing topic answers as a wrong token (recorded; see parity_test.go).
	_, err = h.client.ConfirmSubscription(ctx, &awssns.ConfirmSubscriptionInput{TopicArn: aws.String(topic + "x"), Token: aws.String(log[0].Token)})
	requireAPIError(t, err, "InvalidParameter", "Invalid parameter: Token")

	conf, err := h.client.ConfirmSubscription(ctx, &awssns.ConfirmSubscriptionInput{TopicArn: aws.String(topic), Token: aws.String(log[0].Token)})
	require.NoError(t, err)
	assert.Equal(t, subARN, aws.ToString(conf.SubscriptionArn))
	attrs, err := h.client.GetSubscriptionAttributes(ctx, &awssns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(subARN)})
	require.NoError(t, err)
	assert.Equal(t, "false", attrs.Attributes["PendingConfirmation"])
}

func TestDeleteTopicRemovesSubscriptions(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	topic := h.createTopic(t, "gone", nil)
	h.subscribeQueue(t, topic, queueARN("q"), nil)
	_, err := h.client.DeleteTopic(ctx, &awssns.DeleteTopicInput{TopicArn: aws.String(topic)})
	require.NoError(t, err)
	all, err := h.client.ListSubscriptions(ctx, &awssns.ListSubscriptionsInput{})
	require.NoError(t, err)
	assert.Empty(t, all.Subscriptions)
}

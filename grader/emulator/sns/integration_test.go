package sns_test

// Integration tests: SNS delivering into the emulator's real SQS, through
// aws-sdk-go-v2 over the in-memory transport.

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator"
	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

// queue creates a queue and returns its URL and ARN.
func queue(t *testing.T, env *emulatortest.Env, name string, attrs map[string]string) (string, string) {
	t.Helper()
	ctx := emulatortest.Context(t)
	out, err := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	require.NoError(t, err)
	a, err := env.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: out.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{"QueueArn"}})
	require.NoError(t, err)
	return aws.ToString(out.QueueUrl), a.Attributes["QueueArn"]
}

func receiveOne(t *testing.T, env *emulatortest.Env, url string) sqstypes.Message {
	t.Helper()
	out, err := env.SQS.ReceiveMessage(emulatortest.Context(t), &sqs.ReceiveMessageInput{
		QueueUrl: aws.String(url), MessageAttributeNames: []string{"All"},
		MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{"All"},
	})
	require.NoError(t, err)
	require.Len(t, out.Messages, 1)
	return out.Messages[0]
}

func requireEmpty(t *testing.T, env *emulatortest.Env, url string) {
	t.Helper()
	out, err := env.SQS.ReceiveMessage(emulatortest.Context(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url)})
	require.NoError(t, err)
	require.Empty(t, out.Messages)
}

func TestFanOutToSQS(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)
	envURL, envARN := queue(t, env, "alice-sales-envelope", nil)
	rawURL, rawARN := queue(t, env, "alice-sales-raw", nil)
	topic, err := env.SNS.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("alice-coffee-sales-notifications")})
	require.NoError(t, err)
	_, err = env.SNS.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(envARN)})
	require.NoError(t, err)
	_, err = env.SNS.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(rawARN),
		Attributes: map[string]string{"RawMessageDelivery": "true"}})
	require.NoError(t, err)

	pub, err := env.SNS.Publish(ctx, &awssns.PublishInput{
		TopicArn: topic.TopicArn, Message: aws.String(`{"default":"{\"item\":\"latte\"}"}`), MessageStructure: aws.String("json"),
		MessageAttributes: map[string]snstypes.MessageAttributeValue{
			"Author": {DataType: aws.String("String"), StringValue: aws.String("alice")},
			"blob":   {DataType: aws.String("Binary"), BinaryValue: []byte{2, 3, 4}},
		},
	})
	require.NoError(t, err)

	m := receiveOne(t, env, envURL)
	var envelope struct {
		Type, MessageId, TopicArn, Message, UnsubscribeURL string
		MessageAttributes                                  map[string]struct{ Type, Value string }
	}
	require.NoError(t, json.Unmarshal([]byte(aws.ToString(m.Body)), &envelope))
	assert.Equal(t, "Notification", envelope.Type)
	assert.Equal(t, aws.ToString(pub.MessageId), envelope.MessageId)
	assert.JSONEq(t, `{"item":"latte"}`, envelope.Message)
	assert.Equal(t, "AgME", envelope.MessageAttributes["blob"].Value)
	assert.Empty(t, m.MessageAttributes, "enveloped delivery carries no SQS message attributes")

	raw := receiveOne(t, env, rawURL)
	assert.Equal(t, `{"item":"latte"}`, aws.ToString(raw.Body))
	assert.Equal(t, "alice", aws.ToString(raw.MessageAttributes["Author"].StringValue))
	assert.Equal(t, []byte{2, 3, 4}, raw.MessageAttributes["blob"].BinaryValue)
	assert.NotEmpty(t, aws.ToString(raw.MD5OfMessageAttributes))

	// The UnsubscribeURL works as a plain GET, as on AWS.
	req := httptest.NewRequest(http.MethodGet, envelope.UnsubscribeURL, nil)
	rec := httptest.NewRecorder()
	env.Emulator.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "<UnsubscribeResponse")
	subs := env.Emulator.Subscriptions(emulatortest.Account)
	require.Len(t, subs, 1)
	assert.Equal(t, rawARN, subs[0].Endpoint)
}

func TestPolicyEnforcementRedrivesToDLQ(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t, emulatortest.WithEmulatorOptions(emulator.WithQueuePolicyEnforcement(true)))
	ctx := emulatortest.Context(t)
	topic, err := env.SNS.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("bob-coffee-sales-notifications")})
	require.NoError(t, err)
	topicARN := aws.ToString(topic.TopicArn)
	allow := func(queueARN string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"` +
			queueARN + `","Condition":{"ArnEquals":{"aws:SourceArn":"` + topicARN + `"}}}]}`
	}
	url, arn := queue(t, env, "bob-coffee-sales-queue", nil) // no policy: SNS may not send
	dlqURL, dlqARN := queue(t, env, "bob-sns-dlq", nil)
	_, err = env.SQS.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(dlqURL), Attributes: map[string]string{"Policy": allow(dlqARN)}})
	require.NoError(t, err)
	sub, err := env.SNS.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(arn),
		Attributes: map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"` + dlqARN + `"}`}})
	require.NoError(t, err)

	_, err = env.SNS.Publish(ctx, &awssns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String("denied")})
	require.NoError(t, err)
	requireEmpty(t, env, url)
	var dlqEnvelope struct{ Message string }
	require.NoError(t, json.Unmarshal([]byte(aws.ToString(receiveOne(t, env, dlqURL).Body)), &dlqEnvelope))
	assert.Equal(t, "denied", dlqEnvelope.Message)

	log := env.Emulator.Deliveries(emulatortest.Account)
	require.Len(t, log, 1)
	assert.Equal(t, emulator.DeliveryRedriven, log[0].Status)
	assert.Equal(t, aws.ToString(sub.SubscriptionArn), log[0].SubscriptionARN)

	// The errata's policy fixes it.
	_, err = env.SQS.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url), Attributes: map[string]string{"Policy": allow(arn)}})
	require.NoError(t, err)
	_, err = env.SNS.Publish(ctx, &awssns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String("allowed")})
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal([]byte(aws.ToString(receiveOne(t, env, url).Body)), &dlqEnvelope))
	assert.Equal(t, "allowed", dlqEnvelope.Message)
}

func TestDeletedQueueRedrivesToDLQ(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)
	url, arn := queue(t, env, "short-lived", nil)
	dlqURL, dlqARN := queue(t, env, "sub-dlq", nil)
	topic, err := env.SNS.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("t")})
	require.NoError(t, err)
	_, err = env.SNS.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(arn),
		Attributes: map[string]string{"RawMessageDelivery": "true", "RedrivePolicy": `{"deadLetterTargetArn":"` + dlqARN + `"}`}})
	require.NoError(t, err)
	_, err = env.SQS.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: aws.String(url)})
	require.NoError(t, err)
	_, err = env.SNS.Publish(ctx, &awssns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String("test_dlq_after_sqs_endpoint_deleted"),
		MessageAttributes: map[string]snstypes.MessageAttributeValue{"attr1": {DataType: aws.String("Number"), StringValue: aws.String("111")}}})
	require.NoError(t, err)
	m := receiveOne(t, env, dlqURL)
	assert.Equal(t, "test_dlq_after_sqs_endpoint_deleted", aws.ToString(m.Body))
	assert.Equal(t, "111", aws.ToString(m.MessageAttributes["attr1"].StringValue))
}

func TestFifoTopicToFifoQueue(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)
	url, arn := queue(t, env, "orders.fifo", map[string]string{"FifoQueue": "true"})
	topic, err := env.SNS.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("orders.fifo"),
		Attributes: map[string]string{"FifoTopic": "true", "ContentBasedDeduplication": "true"}})
	require.NoError(t, err)
	_, err = env.SNS.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(arn)})
	require.NoError(t, err)
	for _, msg := range []string{"first", "first", "second"} {
		_, err = env.SNS.Publish(ctx, &awssns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String(msg), MessageGroupId: aws.String("g1")})
		require.NoError(t, err)
	}
	out, err := env.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10,
		MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{"All"}})
	require.NoError(t, err)
	require.Len(t, out.Messages, 2, "the duplicate was dropped")
	var bodies []string
	for _, m := range out.Messages {
		var e struct{ Message, SequenceNumber string }
		require.NoError(t, json.Unmarshal([]byte(aws.ToString(m.Body)), &e))
		bodies = append(bodies, e.Message)
		assert.Len(t, e.SequenceNumber, 20)
		assert.Equal(t, "g1", m.Attributes["MessageGroupId"])
	}
	assert.Equal(t, []string{"first", "second"}, bodies, "in order within the group")
}

func TestFifoQueueOnStandardTopicRefused(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)
	_, arn := queue(t, env, "q.fifo", map[string]string{"FifoQueue": "true"})
	topic, err := env.SNS.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("std")})
	require.NoError(t, err)
	_, err = env.SNS.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(arn)})
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "FIFO SQS Queues can not be subscribed to standard SNS topics"), err.Error())
}

func TestInspection(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)
	_, arn := queue(t, env, "q", nil)
	topic, err := env.SNS.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("inspected"),
		Tags: []snstypes.Tag{{Key: aws.String("Name"), Value: aws.String("inspected")}}})
	require.NoError(t, err)
	_, err = env.SNS.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(arn),
		Attributes: map[string]string{"FilterPolicy": `{"kind":["sale"]}`}})
	require.NoError(t, err)
	_, err = env.SNS.Publish(ctx, &awssns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String("m")})
	require.NoError(t, err)

	topics := env.Emulator.Topics(emulatortest.Account)
	require.Len(t, topics, 1)
	assert.Equal(t, aws.ToString(topic.TopicArn), topics[0].ARN)
	assert.Equal(t, "inspected", topics[0].Tags["Name"])
	assert.Equal(t, "1", topics[0].Attributes["SubscriptionsConfirmed"])
	subs := env.Emulator.Subscriptions(emulatortest.Account)
	require.Len(t, subs, 1)
	assert.Equal(t, `{"kind":["sale"]}`, subs[0].Attributes["FilterPolicy"])
	log := env.Emulator.Deliveries(emulatortest.Account)
	require.Len(t, log, 1)
	assert.Equal(t, emulator.DeliveryFiltered, log[0].Status)
	assert.Empty(t, env.Emulator.Topics("999999999999"), "accounts are isolated")
}

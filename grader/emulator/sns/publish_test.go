package sns

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// envelopeKeys returns the top-level keys of a JSON object in order.
func envelopeKeys(t *testing.T, body string) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, k.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

func stringAttr(v string) types.MessageAttributeValue {
	return types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
}

func TestPublishEnvelope(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	topic := h.createTopic(t, "envelope", nil)
	q := queueARN("sales")
	sub := h.subscribeQueue(t, topic, q, nil)

	out, err := h.client.Publish(ctx, &awssns.PublishInput{
		TopicArn: aws.String(topic), Message: aws.String(`{"coffee":"latte"} <&>`), Subject: aws.String("Sale"),
		MessageAttributes: map[string]types.MessageAttributeValue{
			"Author": stringAttr("alice"),
			"price":  {DataType: aws.String("Number"), StringValue: aws.String("99.12")},
			"blob":   {DataType: aws.String("Binary"), BinaryValue: []byte{2, 3, 4}},
		},
	})
	require.NoError(t, err)
	got := h.queues.to(q)
	require.Len(t, got, 1)
	d := got[0]
	assert.Equal(t, topic, d.TopicARN)
	assert.Nil(t, d.Attributes, "attributes travel inside the envelope")
	assert.Equal(t, []string{"Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"}, envelopeKeys(t, d.Body))

	var env struct {
		Type, MessageId, TopicArn, Subject, Message, Timestamp      string
		SignatureVersion, Signature, SigningCertURL, UnsubscribeURL string
		MessageAttributes                                           map[string]struct{ Type, Value string }
	}
	require.NoError(t, json.Unmarshal([]byte(d.Body), &env))
	assert.Equal(t, "Notification", env.Type)
	assert.Equal(t, aws.ToString(out.MessageId), env.MessageId)
	assert.Equal(t, topic, env.TopicArn)
	assert.Equal(t, "Sale", env.Subject)
	assert.Equal(t, `{"coffee":"latte"} <&>`, env.Message)
	assert.Equal(t, "2026-11-28T12:00:00.000Z", env.Timestamp)
	assert.Equal(t, "1", env.SignatureVersion)
	assert.Len(t, env.Signature, 344, "base64 of 256 bytes")
	assert.Regexp(t, `^https://sns\.us-east-1\.amazonaws\.com/SimpleNotificationService-[0-9a-f]{32}\.pem$`, env.SigningCertURL)
	assert.Equal(t, "http://sns.test:4566/?Action=Unsubscribe&SubscriptionArn="+sub, env.UnsubscribeURL)
	assert.Equal(t, map[string]struct{ Type, Value string }{
		"Author": {"String", "alice"}, "price": {"Number", "99.12"}, "blob": {"Binary", "AgME"},
	}, env.MessageAttributes)
	assert.Contains(t, d.Body, `<&>`, "no HTML escaping, as AWS")
}

func TestPublishWithoutSubjectOrAttributes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "plain", nil)
	q := queueARN("q")
	h.subscribeQueue(t, topic, q, nil)
	_, err := h.client.Publish(context.Background(), &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("hello")})
	require.NoError(t, err)
	got := h.queues.to(q)
	require.Len(t, got, 1)
	assert.Equal(t, []string{"Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL"}, envelopeKeys(t, got[0].Body))
}

func TestPublishRawDelivery(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "raw", nil)
	q := queueARN("q")
	h.subscribeQueue(t, topic, q, map[string]string{"RawMessageDelivery": "true"})
	_, err := h.client.Publish(context.Background(), &awssns.PublishInput{
		TopicArn: aws.String(topic), Message: aws.String("Test msg"),
		MessageAttributes: map[string]types.MessageAttributeValue{
			"attr1": {DataType: aws.String("Number"), StringValue: aws.String("99.12")},
			"store": {DataType: aws.String("Binary"), BinaryValue: []byte{2, 3, 4}},
		},
	})
	require.NoError(t, err)
	got := h.queues.to(q)
	require.Len(t, got, 1)
	assert.Equal(t, "Test msg", got[0].Body)
	assert.Equal(t, map[string]msgattr.Value{
		"attr1": {DataType: "Number", StringValue: "99.12"},
		"store": {DataType: "Binary", BinaryValue: []byte{2, 3, 4}},
	}, got[0].Attributes)
}

func TestPublishMessageStructureJSON(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	topic := h.createTopic(t, "structured", nil)
	q := queueARN("q")
	h.subscribeQueue(t, topic, q, map[string]string{"RawMessageDelivery": "true"})
	publish := func(msg string) error {
		_, err := h.client.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(msg), MessageStructure: aws.String("json")})
		return err
	}
	require.NoError(t, publish(`{"default":"default field","sqs":"{\"field\": \"value\"}"}`))
	require.NoError(t, publish(`{"default":"default field","http":"for http"}`))
	got := h.queues.to(q)
	require.Len(t, got, 2)
	assert.Equal(t, `{"field": "value"}`, got[0].Body, "the sqs entry for SQS subscribers")
	assert.Equal(t, "default field", got[1].Body, "else the default entry")

	requireAPIError(t, publish(`{"sqs":"x"}`), "InvalidParameter", "Invalid parameter: Message Structure - No default entry in JSON message body")
	requireAPIError(t, publish(`not json`), "InvalidParameter", "Invalid parameter: Message Structure - JSON message body failed to parse")
}

func TestPublishErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "errs", nil)
	fifo := h.createTopic(t, "errs.fifo", map[string]string{"FifoTopic": "true"})
	cases := []struct {
		name          string
		in            awssns.PublishInput
		code, message string
	}{
		{"empty message", awssns.PublishInput{TopicArn: &topic, Message: aws.String("")}, "InvalidParameter", "Invalid parameter: Empty message"},
		{"too long", awssns.PublishInput{TopicArn: &topic, Message: aws.String(strings.Repeat("a", 256*1024+1))}, "InvalidParameter", "Invalid parameter: Message too long"},
		{"empty subject", awssns.PublishInput{TopicArn: &topic, Message: aws.String("m"), Subject: aws.String("")}, "InvalidParameter", "Invalid parameter: Subject"},
		{"subject with newline", awssns.PublishInput{TopicArn: &topic, Message: aws.String("m"), Subject: aws.String("a\nb")}, "InvalidParameter", "Invalid parameter: Subject"},
		{"unknown topic", awssns.PublishInput{TopicArn: aws.String(topic + "-x"), Message: aws.String("m")}, "NotFound", "Topic does not exist"},
		{"bad arn", awssns.PublishInput{TopicArn: aws.String("randomstring"), Message: aws.String("m")}, "InvalidParameter", "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1"},
		{"bad target", awssns.PublishInput{TargetArn: aws.String("arn:aws:sns:us-east-1:123456789012:endpoint/APNS/app/123"), Message: aws.String("m")}, "InvalidParameter", "Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified"},
		{"dedup id on standard topic", awssns.PublishInput{TopicArn: &topic, Message: aws.String("m"), MessageDeduplicationId: aws.String("d")}, "InvalidParameter", "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type"},
		{"fifo without group", awssns.PublishInput{TopicArn: &fifo, Message: aws.String("m"), MessageDeduplicationId: aws.String("d")}, "InvalidParameter", "Invalid parameter: The MessageGroupId parameter is required for FIFO topics"},
		{"fifo without dedup", awssns.PublishInput{TopicArn: &fifo, Message: aws.String("m"), MessageGroupId: aws.String("g")}, "InvalidParameter", "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := h.client.Publish(context.Background(), &tc.in)
			requireAPIError(t, err, tc.code, tc.message)
		})
	}
}

func TestPublishAttributeErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "attr-errs", nil)
	str, num, bin := aws.String("String"), aws.String("Number"), aws.String("Binary")
	cases := []struct {
		name          string
		attrs         map[string]types.MessageAttributeValue
		code, message string
	}{
		{"empty string", map[string]types.MessageAttributeValue{"attr1": {DataType: str, StringValue: aws.String("")}}, "ParameterValueInvalid", "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'."},
		{"empty binary", map[string]types.MessageAttributeValue{"attr1": {DataType: bin, BinaryValue: []byte{}}}, "ParameterValueInvalid", "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'Binary'."},
		{"string with binary", map[string]types.MessageAttributeValue{"attr1": {DataType: str, BinaryValue: []byte{1}}}, "ParameterValueInvalid", "The message attribute 'attr1' with type 'String' must use field 'String'."},
		{"number with binary", map[string]types.MessageAttributeValue{"attr1": {DataType: num, BinaryValue: []byte{1}}}, "ParameterValueInvalid", "The message attribute 'attr1' with type 'Number' must use field 'String'."},
		{"binary with string", map[string]types.MessageAttributeValue{"attr1": {DataType: bin, StringValue: aws.String("x")}}, "ParameterValueInvalid", "The message attribute 'attr1' with type 'Binary' must use field 'Binary'."},
		{"bad type", map[string]types.MessageAttributeValue{"attr1": {DataType: aws.String("Stringy"), StringValue: aws.String("x")}}, "ParameterValueInvalid", "The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."},
		{"long name", map[string]types.MessageAttributeValue{strings.Repeat("a", 256): {DataType: str, StringValue: aws.String("x")}}, "ParameterValueInvalid", "Length of message attribute name must be less than 256 bytes."},
		{"bad char", map[string]types.MessageAttributeValue{"a^b": {DataType: str, StringValue: aws.String("x")}}, "ParameterValueInvalid", "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots."},
		{"leading dot", map[string]types.MessageAttributeValue{".ab": {DataType: str, StringValue: aws.String("x")}}, "ParameterValueInvalid", "Invalid message attribute name starting with character '.' was found."},
		{"trailing dot", map[string]types.MessageAttributeValue{"ab.": {DataType: str, StringValue: aws.String("x")}}, "ParameterValueInvalid", "Invalid message attribute name ending with character '.' was found."},
		{"double dot", map[string]types.MessageAttributeValue{"a..b": {DataType: str, StringValue: aws.String("x")}}, "ParameterValueInvalid", "Message attribute name can not have successive '.' character."},
		{"not a number", map[string]types.MessageAttributeValue{"n": {DataType: num, StringValue: aws.String("abc")}}, "ParameterValueInvalid", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := h.client.Publish(context.Background(), &awssns.PublishInput{TopicArn: &topic, Message: aws.String("m"), MessageAttributes: tc.attrs})
			requireAPIError(t, err, tc.code, tc.message)
		})
	}
	// Custom type suffixes are allowed.
	_, err := h.client.Publish(context.Background(), &awssns.PublishInput{TopicArn: &topic, Message: aws.String("m"), MessageAttributes: map[string]types.MessageAttributeValue{
		"a": {DataType: aws.String("String.custom"), StringValue: aws.String("x")},
		"b": {DataType: aws.String("String.Array"), StringValue: aws.String(`["x","y"]`)},
	}})
	require.NoError(t, err)
}

func TestPublishByTargetArn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "target", nil)
	q := queueARN("q")
	h.subscribeQueue(t, topic, q, nil)
	_, err := h.client.Publish(context.Background(), &awssns.PublishInput{TargetArn: aws.String(topic), Message: aws.String("via target")})
	require.NoError(t, err)
	require.Len(t, h.queues.to(q), 1)
}

func TestFilterPolicy(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	topic := h.createTopic(t, "routing", nil)
	big := queueARN("big-orders")
	body := queueARN("latte-orders")
	all := queueARN("all-orders")
	h.subscribeQueue(t, topic, big, map[string]string{"FilterPolicy": `{"amount":[{"numeric":[">=",100]}]}`})
	h.subscribeQueue(t, topic, body, map[string]string{"FilterPolicy": `{"coffee":["latte"]}`, "FilterPolicyScope": "MessageBody"})
	h.subscribeQueue(t, topic, all, nil)

	publish := func(msg, amount string) {
		in := &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(msg)}
		if amount != "" {
			in.MessageAttributes = map[string]types.MessageAttributeValue{"amount": {DataType: aws.String("Number"), StringValue: aws.String(amount)}}
		}
		_, err := h.client.Publish(ctx, in)
		require.NoError(t, err)
	}
	publish(`{"coffee":"latte"}`, "5")
	publish(`{"coffee":"mocha"}`, "150")
	publish(`not json`, "")

	assert.Len(t, h.queues.to(big), 1)
	assert.Len(t, h.queues.to(body), 1)
	assert.Len(t, h.queues.to(all), 3)

	filtered := 0
	for _, d := range h.svc.Deliveries(testAccount) {
		if d.Status == StatusFiltered {
			filtered++
		}
	}
	assert.Equal(t, 4, filtered)
}

func TestFilterPolicyScopeChangeRecompiles(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	topic := h.createTopic(t, "rescope", nil)
	q := queueARN("q")
	sub := h.subscribeQueue(t, topic, q, map[string]string{"FilterPolicy": `{"coffee":["latte"]}`})
	_, err := h.client.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(`{"coffee":"latte"}`)})
	require.NoError(t, err)
	assert.Empty(t, h.queues.to(q), "attribute scope: the body is not looked at")

	_, err = h.client.SetSubscriptionAttributes(ctx, &awssns.SetSubscriptionAttributesInput{
		SubscriptionArn: aws.String(sub), AttributeName: aws.String("FilterPolicyScope"), AttributeValue: aws.String("MessageBody"),
	})
	require.NoError(t, err)
	_, err = h.client.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(`{"coffee":"latte"}`)})
	require.NoError(t, err)
	assert.Len(t, h.queues.to(q), 1)
}

func TestRedriveToDeadLetterQueue(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "redrive", nil)
	q, dlq := queueARN("deleted"), queueARN("sub-dlq")
	sub := h.subscribeQueue(t, topic, q, map[string]string{
		"RawMessageDelivery": "true",
		"RedrivePolicy":      `{"deadLetterTargetArn":"` + dlq + `"}`,
	})
	h.queues.setMissing(q)
	_, err := h.client.Publish(context.Background(), &awssns.PublishInput{
		TopicArn: aws.String(topic), Message: aws.String("test_dlq_after_sqs_endpoint_deleted"),
		MessageAttributes: map[string]types.MessageAttributeValue{"attr1": {DataType: aws.String("Number"), StringValue: aws.String("111")}},
	})
	require.NoError(t, err)
	got := h.queues.to(dlq)
	require.Len(t, got, 1)
	assert.Equal(t, "test_dlq_after_sqs_endpoint_deleted", got[0].Body)
	assert.Equal(t, "111", got[0].Attributes["attr1"].StringValue)

	log := h.svc.Deliveries(testAccount)
	require.Len(t, log, 1)
	assert.Equal(t, StatusRedriven, log[0].Status)
	assert.Equal(t, sub, log[0].SubscriptionARN)
	assert.Equal(t, dlq, log[0].DeadLetterQueue)
	assert.Contains(t, log[0].Error, "queue does not exist")
}

func TestFailedDeliveryWithoutDLQIsLogged(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "lost", nil)
	q := queueARN("missing")
	h.subscribeQueue(t, topic, q, nil)
	h.queues.setMissing(q)
	_, err := h.client.Publish(context.Background(), &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("m")})
	require.NoError(t, err, "publish succeeds even when a subscriber cannot take the message")
	log := h.svc.Deliveries(testAccount)
	require.Len(t, log, 1)
	assert.Equal(t, StatusFailed, log[0].Status)
}

func TestFifoTopic(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	topic := h.createTopic(t, "orders.fifo", map[string]string{"FifoTopic": "true", "ContentBasedDeduplication": "true"})
	fifoQ, stdQ := queueARN("orders.fifo"), queueARN("orders-standard")
	h.subscribeQueue(t, topic, fifoQ, nil)
	h.subscribeQueue(t, topic, stdQ, nil)

	publish := func(msg string) *awssns.PublishOutput {
		out, err := h.client.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(msg), MessageGroupId: aws.String("message-group-id-1")})
		require.NoError(t, err)
		return out
	}
	first := publish("Test")
	require.Len(t, aws.ToString(first.SequenceNumber), 20)
	dup := publish("Test")
	assert.Equal(t, aws.ToString(first.MessageId), aws.ToString(dup.MessageId), "a duplicate within 5 minutes is the same message")
	second := publish("Other")
	assert.Greater(t, aws.ToString(second.SequenceNumber), aws.ToString(first.SequenceNumber))

	got := h.queues.to(fifoQ)
	require.Len(t, got, 2)
	assert.Equal(t, "message-group-id-1", got[0].MessageGroupID)
	assert.Equal(t, "532eaabd9574880dbf76b9b8cc00832c20a6ec113d682299550d7a6e0f345e25", got[0].DeduplicationID, "SHA-256 of the message")
	assert.Equal(t, []string{"Type", "MessageId", "SequenceNumber", "TopicArn", "Message", "Timestamp", "UnsubscribeURL"}, envelopeKeys(t, got[0].Body))

	std := h.queues.to(stdQ)
	require.Len(t, std, 2)
	assert.Empty(t, std[0].MessageGroupID, "a standard queue gets no FIFO ids from a FIFO topic")

	h.clock.Advance(5*time.Minute + time.Second)
	again := publish("Test")
	assert.NotEqual(t, aws.ToString(first.MessageId), aws.ToString(again.MessageId), "the dedup window has passed")
	assert.Len(t, h.queues.to(fifoQ), 3)
}

func TestStandardTopicPassesGroupID(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "grouped", nil)
	q := queueARN("q")
	h.subscribeQueue(t, topic, q, nil)
	_, err := h.client.Publish(context.Background(), &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("m"), MessageGroupId: aws.String("my-group-id-1")})
	require.NoError(t, err)
	got := h.queues.to(q)
	require.Len(t, got, 1)
	assert.Equal(t, "my-group-id-1", got[0].MessageGroupID)
}

func TestPublishAttributeWithoutDataType(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "no-type", nil)
	form := func(action string) url.Values {
		return url.Values{"Action": {action}, "TopicArn": {strings.Replace(topic, testAccount, "000000000000", 1)}}
	}
	h.raw(t, url.Values{"Action": {"CreateTopic"}, "Name": {"no-type"}})

	f := form("Publish")
	f.Set("Message", "m")
	f.Set("MessageAttributes.entry.1.Name", "attr1")
	f.Set("MessageAttributes.entry.1.Value.StringValue", "x")
	status, body := h.raw(t, f)
	assert.Equal(t, 400, status)
	assert.Contains(t, body, "<Code>ValidationError</Code><Message>1 validation error detected: Value null at &#39;messageAttributes.attr1.member.dataType&#39; failed to satisfy constraint: Member must not be null</Message>")

	f = form("PublishBatch")
	f.Set("PublishBatchRequestEntries.member.1.Id", "1")
	f.Set("PublishBatchRequestEntries.member.1.Message", "m")
	f.Set("PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Name", "attr1")
	f.Set("PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.StringValue", "x")
	status, body = h.raw(t, f)
	assert.Equal(t, 400, status)
	assert.Contains(t, body, "Value null at &#39;publishBatchRequestEntries.1.member.messageAttributes.attr1.member.dataType&#39;")
}

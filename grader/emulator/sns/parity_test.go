package sns_test

// Parity with real AWS (aws-parity/test_sns.snapshot.json): the exact
// attribute sets GetTopicAttributes and GetSubscriptionAttributes answer,
// driven through the whole emulator with aws-sdk-go-v2.

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

const recordedEffectiveDeliveryPolicy = `{"http":{"defaultHealthyRetryPolicy":{"backoffFunction":"linear","maxDelayTarget":20,
"minDelayTarget":20,"numMaxDelayRetries":0,"numMinDelayRetries":0,"numNoDelayRetries":0,"numRetries":3},
"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"},"disableSubscriptionOverrides":false}}`

// recordedPolicy is the default topic policy AWS answers, for topic arn.
func recordedPolicy(arn string) string {
	return `{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow",
"Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission",
"SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"` + arn + `",
"Condition":{"StringEquals":{"AWS:SourceOwner":"` + emulatortest.Account + `"}}}]}`
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Recorded: test_create_topic_test_arn, test_publish_fifo_messages_to_dlq
// (topic-attrs), test_create_topic_with_attributes,
// test_topic_get_attributes_with_fifo_false.
func TestParityTopicAttributeDefaults(t *testing.T) {
	t.Parallel()
	common := []string{"DisplayName", "EffectiveDeliveryPolicy", "Owner", "Policy",
		"SubscriptionsConfirmed", "SubscriptionsDeleted", "SubscriptionsPending", "TopicArn"}
	tests := []struct {
		name, topic string
		attrs       map[string]string
		extra       map[string]string
	}{
		{name: "standard", topic: "plain"},
		{name: "FifoTopic false is a standard topic", topic: "notfifo", attrs: map[string]string{"FifoTopic": "false"}},
		{name: "fifo", topic: "plain.fifo", attrs: map[string]string{"FifoTopic": "true"},
			extra: map[string]string{"FifoTopic": "true", "ContentBasedDeduplication": "false"}},
		{name: "fifo with display name and signature version", topic: "named.fifo",
			attrs: map[string]string{"FifoTopic": "true", "DisplayName": "TestTopic", "SignatureVersion": "2"},
			extra: map[string]string{"FifoTopic": "true", "ContentBasedDeduplication": "false", "DisplayName": "TestTopic", "SignatureVersion": "2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := emulatortest.New(t)
			ctx := emulatortest.Context(t)
			created, err := env.SNS.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String(tc.topic), Attributes: tc.attrs})
			require.NoError(t, err)
			arn := aws.ToString(created.TopicArn)
			out, err := env.SNS.GetTopicAttributes(ctx, &awssns.GetTopicAttributesInput{TopicArn: created.TopicArn})
			require.NoError(t, err)
			a := out.Attributes

			set := map[string]string{}
			for _, k := range common {
				set[k] = ""
			}
			for k, v := range tc.extra {
				set[k] = v
			}
			want := keys(set)
			assert.Equal(t, want, keys(a))
			assert.Equal(t, arn, a["TopicArn"])
			assert.Equal(t, emulatortest.Account, a["Owner"])
			for _, n := range []string{"SubscriptionsConfirmed", "SubscriptionsDeleted", "SubscriptionsPending"} {
				assert.Equal(t, "0", a[n], n)
			}
			assert.Equal(t, tc.extra["DisplayName"], a["DisplayName"])
			for k, v := range tc.extra {
				assert.Equal(t, v, a[k], k)
			}
			assert.JSONEq(t, recordedEffectiveDeliveryPolicy, a["EffectiveDeliveryPolicy"])
			assert.JSONEq(t, recordedPolicy(arn), a["Policy"])
		})
	}
}

// Recorded: test_create_subscriptions_with_attributes (get-attrs) and
// test_subscribe_sqs_queue (subscription-attributes, with a filter policy).
func TestParitySubscriptionAttributeDefaults(t *testing.T) {
	t.Parallel()
	base := []string{"ConfirmationWasAuthenticated", "Endpoint", "Owner", "PendingConfirmation", "Protocol",
		"RawMessageDelivery", "SubscriptionArn", "SubscriptionPrincipal", "TopicArn"}
	filter := `{"attr1":[{"numeric":[">",0,"<=",100]}]}`
	tests := []struct {
		name  string
		attrs map[string]string
		extra map[string]string
	}{
		{name: "raw delivery", attrs: map[string]string{"RawMessageDelivery": "true"},
			extra: map[string]string{"RawMessageDelivery": "true"}},
		{name: "filter policy", attrs: map[string]string{"FilterPolicy": filter},
			extra: map[string]string{"RawMessageDelivery": "false", "FilterPolicy": filter, "FilterPolicyScope": "MessageAttributes"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := emulatortest.New(t)
			ctx := emulatortest.Context(t)
			topic, err := env.SNS.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("t")})
			require.NoError(t, err)
			_, err = env.SQS.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("q")})
			require.NoError(t, err)
			qarn := "arn:aws:sqs:" + emulatortest.Region + ":" + emulatortest.Account + ":q"
			sub, err := env.SNS.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"),
				Endpoint: aws.String(qarn), Attributes: tc.attrs, ReturnSubscriptionArn: true})
			require.NoError(t, err)
			out, err := env.SNS.GetSubscriptionAttributes(ctx, &awssns.GetSubscriptionAttributesInput{SubscriptionArn: sub.SubscriptionArn})
			require.NoError(t, err)
			a := out.Attributes

			want := append([]string{}, base...)
			for k := range tc.extra {
				if k != "RawMessageDelivery" {
					want = append(want, k)
				}
			}
			sort.Strings(want)
			assert.Equal(t, want, keys(a))
			assert.Equal(t, "true", a["ConfirmationWasAuthenticated"])
			assert.Equal(t, "false", a["PendingConfirmation"])
			assert.Equal(t, "sqs", a["Protocol"])
			assert.Equal(t, qarn, a["Endpoint"])
			assert.Equal(t, emulatortest.Account, a["Owner"])
			assert.Equal(t, aws.ToString(topic.TopicArn), a["TopicArn"])
			assert.Equal(t, aws.ToString(sub.SubscriptionArn), a["SubscriptionArn"])
			// AWS names the IAM identity that subscribed (a user in the
			// recording); the emulator has no users and answers root.
			assert.Regexp(t, `^arn:aws:iam::`+emulatortest.Account+`:(root|user/.+)$`, a["SubscriptionPrincipal"])
			for k, v := range tc.extra {
				if k == "FilterPolicy" {
					assert.JSONEq(t, v, a[k])
					continue
				}
				assert.Equal(t, v, a[k], k)
			}
		})
	}
}

// topLevelKeys returns the keys of a JSON object in the order they appear.
func topLevelKeys(t *testing.T, body string) []string {
	t.Helper()
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(body), &raw), body)
	dec := json.NewDecoder(strings.NewReader(body))
	_, err := dec.Token() // {
	require.NoError(t, err)
	var out []string
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		out = append(out, k.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return out
}

// Recorded: test_redrive_policy_lambda_subscription (messages) for the
// envelope with attributes; test_publish_sqs_verify_signature[2]; test_publish_message_before_subscribe_topic for
// the Subject; raw delivery and MessageStructure json as in
// test_publish_sqs_from_sns / test_publish_with_message_structure_json.
func TestParityDeliveryToSQS(t *testing.T) {
	t.Parallel()
	num := &types.MessageAttributeValue{DataType: aws.String("Number"), StringValue: aws.String("1")}
	tests := []struct {
		name       string
		topicAttrs map[string]string
		subAttrs   map[string]string
		in         awssns.PublishInput
		check      func(t *testing.T, m sqstypes.Message)
	}{
		{name: "envelope with attributes",
			in: awssns.PublishInput{Message: aws.String("test_redrive_policy"),
				MessageAttributes: map[string]types.MessageAttributeValue{"attr1": *num}},
			check: func(t *testing.T, m sqstypes.Message) {
				body := aws.ToString(m.Body)
				assert.Equal(t, []string{"Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion",
					"Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"}, topLevelKeys(t, body))
				var env struct {
					Type, Message, SignatureVersion string
					MessageAttributes               map[string]map[string]string
				}
				require.NoError(t, json.Unmarshal([]byte(body), &env))
				assert.Equal(t, "Notification", env.Type)
				assert.Equal(t, "test_redrive_policy", env.Message)
				assert.Equal(t, "1", env.SignatureVersion)
				assert.Equal(t, map[string]map[string]string{"attr1": {"Type": "Number", "Value": "1"}}, env.MessageAttributes)
				assert.Empty(t, m.MessageAttributes, "an enveloped message carries its attributes in the body")
			}},
		{name: "signature version 2", topicAttrs: map[string]string{"SignatureVersion": "2"},
			in: awssns.PublishInput{Message: aws.String("test signature value with attributes")},
			check: func(t *testing.T, m sqstypes.Message) {
				var env struct{ SignatureVersion, Signature string }
				require.NoError(t, json.Unmarshal([]byte(aws.ToString(m.Body)), &env))
				assert.Equal(t, "2", env.SignatureVersion, "test_publish_sqs_verify_signature[2]")
				assert.NotEmpty(t, env.Signature)
			}},
		{name: "envelope with subject",
			in: awssns.PublishInput{Message: aws.String("test_message_after"), Subject: aws.String("test-subject-after-sub")},
			check: func(t *testing.T, m sqstypes.Message) {
				assert.Equal(t, []string{"Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion",
					"Signature", "SigningCertURL", "UnsubscribeURL"}, topLevelKeys(t, aws.ToString(m.Body)))
			}},
		{name: "raw delivery", subAttrs: map[string]string{"RawMessageDelivery": "true"},
			in: awssns.PublishInput{Message: aws.String("raw body"), MessageAttributes: map[string]types.MessageAttributeValue{"attr1": *num}},
			check: func(t *testing.T, m sqstypes.Message) {
				assert.Equal(t, "raw body", aws.ToString(m.Body))
				require.Contains(t, m.MessageAttributes, "attr1")
				assert.Equal(t, "Number", aws.ToString(m.MessageAttributes["attr1"].DataType))
				assert.Equal(t, "1", aws.ToString(m.MessageAttributes["attr1"].StringValue))
			}},
		{name: "message structure json", subAttrs: map[string]string{"RawMessageDelivery": "true"},
			in: awssns.PublishInput{MessageStructure: aws.String("json"), Message: aws.String(`{"default":"d","sqs":"for sqs"}`)},
			check: func(t *testing.T, m sqstypes.Message) {
				assert.Equal(t, "for sqs", aws.ToString(m.Body))
			}},
		{name: "message structure json default", in: awssns.PublishInput{MessageStructure: aws.String("json"),
			Message: aws.String(`{"default":"d","email":"e"}`)},
			check: func(t *testing.T, m sqstypes.Message) {
				var env struct{ Message string }
				require.NoError(t, json.Unmarshal([]byte(aws.ToString(m.Body)), &env))
				assert.Equal(t, "d", env.Message)
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := emulatortest.New(t)
			ctx := emulatortest.Context(t)
			topic, err := env.SNS.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("t"), Attributes: tc.topicAttrs})
			require.NoError(t, err)
			q, err := env.SQS.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("q")})
			require.NoError(t, err)
			qarn := "arn:aws:sqs:" + emulatortest.Region + ":" + emulatortest.Account + ":q"
			_, err = env.SNS.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"),
				Endpoint: aws.String(qarn), Attributes: tc.subAttrs})
			require.NoError(t, err)
			in := tc.in
			in.TopicArn = topic.TopicArn
			_, err = env.SNS.Publish(ctx, &in)
			require.NoError(t, err)
			got, err := env.SQS.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: q.QueueUrl,
				MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: []string{"All"}})
			require.NoError(t, err)
			require.Len(t, got.Messages, 1)
			tc.check(t, got.Messages[0])
		})
	}
}

// snsQuery posts a query-protocol SNS request (SigV4 scope names sns, as the
// SDK signs it) and returns the status and body.
func snsQuery(t *testing.T, env *emulatortest.Env, form url.Values) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, env.URL+"/", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+emulatortest.Account+
		"/20260101/"+emulatortest.Region+"/sns/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := env.HTTP.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// Recorded: the HTTP status and <Error> of one error per SNS error code in
// test_sns.snapshot.json (the SDK tests elsewhere check code and message).
func TestParityErrorStatuses(t *testing.T) {
	t.Parallel()
	topicArn := "arn:aws:sns:" + emulatortest.Region + ":" + emulatortest.Account + ":t"
	batch := func(n int) []string {
		var kv []string
		for i := 1; i <= n; i++ {
			p := fmt.Sprintf("PublishBatchRequestEntries.member.%d.", i)
			kv = append(kv, p+"Id", fmt.Sprintf("id%d", i), p+"Message", "m")
		}
		return kv
	}
	tests := []struct {
		scenario string
		kv       []string
		status   int
		code     string
		msg      string
	}{
		{"test_create_topic_test_arn/topic-not-exists", []string{"Action", "GetTopicAttributes", "TopicArn", topicArn + "-missing"},
			404, "NotFound", "Topic does not exist"},
		{"test_empty_sns_message/empty-msg-error", []string{"Action", "Publish", "TopicArn", topicArn, "Message", ""},
			400, "InvalidParameter", "Invalid parameter: Empty message"},
		{"test_publish_batch_exceptions/too-many-msg", append([]string{"Action", "PublishBatch", "TopicArn", topicArn}, batch(11)...),
			400, "TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible."},
		{"test_publish_batch_exceptions/same-msg-id", []string{"Action", "PublishBatch", "TopicArn", topicArn,
			"PublishBatchRequestEntries.member.1.Id", "a", "PublishBatchRequestEntries.member.1.Message", "m",
			"PublishBatchRequestEntries.member.2.Id", "a", "PublishBatchRequestEntries.member.2.Message", "m"},
			400, "BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id."},
		{"test_publish_batch_invalid_entry_id/invalid-char-dot", []string{"Action", "PublishBatch", "TopicArn", topicArn,
			"PublishBatchRequestEntries.member.1.Id", "message.id", "PublishBatchRequestEntries.member.1.Message", "m"},
			400, "InvalidBatchEntryId", "The Id of a batch entry in the batch request contains an impermissible character: message.id"},
		{"test_empty_or_wrong_message_attributes/missing_string_attr", []string{"Action", "Publish", "TopicArn", topicArn, "Message", "m",
			"MessageAttributes.entry.1.Name", "attr1", "MessageAttributes.entry.1.Value.DataType", "String",
			"MessageAttributes.entry.1.Value.StringValue", ""},
			400, "ParameterValueInvalid", "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'."},
		{"test_empty_or_wrong_message_attributes/fully_missing_data_type", []string{"Action", "Publish", "TopicArn", topicArn, "Message", "m",
			"MessageAttributes.entry.1.Name", "attr1", "MessageAttributes.entry.1.Value.StringValue", "v"},
			400, "ValidationError", "1 validation error detected: Value null at 'messageAttributes.attr1.member.dataType' failed to satisfy constraint: Member must not be null"},
	}
	for _, tc := range tests {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			env := emulatortest.New(t)
			_, err := env.SNS.CreateTopic(emulatortest.Context(t), &awssns.CreateTopicInput{Name: aws.String("t")})
			require.NoError(t, err)
			form := url.Values{"Version": {"2010-03-31"}}
			for i := 0; i+1 < len(tc.kv); i += 2 {
				form.Set(tc.kv[i], tc.kv[i+1])
			}
			status, body := snsQuery(t, env, form)
			assert.Equal(t, tc.status, status, body)
			var e struct {
				Error struct{ Type, Code, Message string }
			}
			require.NoError(t, xml.Unmarshal([]byte(body), &e), body)
			assert.Equal(t, "Sender", e.Error.Type)
			assert.Equal(t, tc.code, e.Error.Code)
			assert.Equal(t, tc.msg, e.Error.Message)
		})
	}
}

// Recorded: test_validations_for_fifo: a standard queue may subscribe to a
// FIFO topic and take a standard DLQ; a FIFO queue's subscription to a FIFO
// topic needs a FIFO DLQ.
func TestParityFifoSubscriptionDLQ(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)
	qarn := func(name string) string {
		return "arn:aws:sqs:" + emulatortest.Region + ":" + emulatortest.Account + ":" + name
	}
	for _, q := range []string{"queue", "dlq"} {
		_, err := env.SQS.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String(q)})
		require.NoError(t, err)
	}
	_, err := env.SQS.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("queue.fifo"),
		Attributes: map[string]string{"FifoQueue": "true"}})
	require.NoError(t, err)
	topic, err := env.SNS.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("t.fifo"), Attributes: map[string]string{"FifoTopic": "true"}})
	require.NoError(t, err)
	subscribe := func(queue string) *string {
		out, err := env.SNS.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"),
			Endpoint: aws.String(qarn(queue)), ReturnSubscriptionArn: true})
		require.NoError(t, err, "not-fifo-queue: a standard queue subscribes to a FIFO topic")
		return out.SubscriptionArn
	}
	redrive := func(sub *string) error {
		_, err := env.SNS.SetSubscriptionAttributes(ctx, &awssns.SetSubscriptionAttributesInput{SubscriptionArn: sub,
			AttributeName: aws.String("RedrivePolicy"), AttributeValue: aws.String(`{"deadLetterTargetArn":"` + qarn("dlq") + `"}`)})
		return err
	}
	require.NoError(t, redrive(subscribe("queue")), "a standard DLQ for a standard queue's subscription")
	requireSNSError(t, redrive(subscribe("queue.fifo")), "InvalidParameter",
		"Invalid parameter: RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.")
}

// Recorded: test_sns_confirm_subscription_wrong_token and the confirm
// requests of test_subscribe_external_http_endpoint.
func TestParityConfirmSubscriptionErrors(t *testing.T) {
	t.Parallel()
	const wellFormed = "51b2ff3edb475b7d91550e0ab6edf0c1de2a34e6ebaf6c2262a001bcb7e051c43aa00022ceecce70bd2a67b2042da8d8eb47fef7a4e4e942d23e7fa56146b9ee35da040b4b8af564cc4184a7391c834cb75d75c22981f776ad1ce8805e9bab29da2329985337bb8095627907b46c8577c8440556b6f86582a954758026f41fc62041c4b3f67b0f5921232b5dae5aaca1"
	topicArn := "arn:aws:sns:" + emulatortest.Region + ":" + emulatortest.Account + ":topic"
	tests := []struct {
		scenario, topic, token, msg string
	}{
		{"topic-not-exists", topicArn[:len(topicArn)-1] + "i", wellFormed, "Invalid parameter: Token"},
		{"invalid-token", topicArn, "randomtoken", "Invalid token"},
		{"token-not-exists", topicArn, wellFormed, "Invalid parameter: Token"},
		{"broken-topic-arn-confirm", "not-an-arn", wellFormed, "Invalid parameter: Topic"},
		{"broken-token-confirm", topicArn, "abc123", "Invalid parameter: Token"},
		{"different-region-arn-confirm", "arn:aws:sns:eu-central-1:" + emulatortest.Account + ":topic", wellFormed, "Invalid parameter: Topic"},
	}
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)
	_, err := env.SNS.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("topic")})
	require.NoError(t, err)
	for _, tc := range tests {
		t.Run(tc.scenario, func(t *testing.T) {
			_, err := env.SNS.ConfirmSubscription(ctx, &awssns.ConfirmSubscriptionInput{TopicArn: aws.String(tc.topic), Token: aws.String(tc.token)})
			requireSNSError(t, err, "InvalidParameter", tc.msg)
		})
	}
}

// requireSNSError checks an SDK error's code and message.
func requireSNSError(t *testing.T, err error, code, message string) {
	t.Helper()
	require.Error(t, err)
	var apiErr interface {
		ErrorCode() string
		ErrorMessage() string
	}
	require.True(t, errors.As(err, &apiErr), "not an API error: %v", err)
	assert.Equal(t, code, apiErr.ErrorCode())
	assert.Equal(t, message, apiErr.ErrorMessage())
}

// Recorded: test_fifo_topic_to_regular_sqs: a FIFO topic delivers to a
// standard queue with a SequenceNumber and no signature, and deduplicates.
func TestParityFifoTopicToStandardQueue(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)
	topic, err := env.SNS.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("t.fifo"),
		Attributes: map[string]string{"FifoTopic": "true", "ContentBasedDeduplication": "true"}})
	require.NoError(t, err)
	q, err := env.SQS.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("q")})
	require.NoError(t, err)
	_, err = env.SNS.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"),
		Endpoint: aws.String("arn:aws:sqs:" + emulatortest.Region + ":" + emulatortest.Account + ":q")})
	require.NoError(t, err)
	for range 2 { // the second is a duplicate
		_, err = env.SNS.Publish(ctx, &awssns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String("Test"), MessageGroupId: aws.String("g")})
		require.NoError(t, err)
	}
	got, err := env.SQS.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
	require.NoError(t, err)
	require.Len(t, got.Messages, 1, "dedup-messages: the duplicate is not delivered")
	assert.Equal(t, []string{"Type", "MessageId", "SequenceNumber", "TopicArn", "Message", "Timestamp", "UnsubscribeURL"},
		topLevelKeys(t, aws.ToString(got.Messages[0].Body)))
}

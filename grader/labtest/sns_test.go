package labtest

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newSNSLab is newTestLab with an SNS client too.
func newSNSLab(t *testing.T) *Lab {
	t.Helper()
	lab := newTestLab(t)
	lab.SNS = sns.NewFromConfig(lab.Config)
	return lab
}

func TestScopeIsTheLearnersNameAndUnique(t *testing.T) {
	t.Parallel()
	lab := newSNSLab(t)
	a, b := lab.Scope(t), lab.Scope(t)
	assert.Regexp(t, `^ada-[a-z0-9]{5}$`, a)
	assert.NotEqual(t, a, b)
}

func TestDeleteScopeDeletesOnlyItsOwn(t *testing.T) {
	t.Parallel()
	lab := newSNSLab(t)
	mine := lab.CreateQueue(t, "ada-x1y2z-stock-queue", nil)
	other := lab.CreateQueue(t, "ada-other-stock-queue", nil)
	lab.CreateTopic(t, "ada-x1y2z-coffee-sales-notifications")
	otherTopic := lab.CreateTopic(t, "ada-other-coffee-sales-notifications")

	lab.deleteScope("ada-x1y2z")

	_, err := lab.SQS.GetQueueAttributes(lab.Ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(mine)})
	assert.Error(t, err, "the scope's queue is gone")
	assert.NotEmpty(t, lab.QueueARN(t, other), "another scope's queue stays")
	topics, err := lab.SNS.ListTopics(lab.Ctx, &sns.ListTopicsInput{})
	require.NoError(t, err)
	var left []string
	for _, tp := range topics.Topics {
		left = append(left, aws.ToString(tp.TopicArn))
	}
	assert.Equal(t, []string{otherTopic}, left)
}

func TestSubscribeQueueTakeAndUnwrap(t *testing.T) {
	t.Parallel()
	lab := newSNSLab(t)
	topic := lab.CreateTopic(t, "ada-coffee-sales-notifications")
	enveloped := lab.CreateQueue(t, "ada-coffee-sales-queue", nil)
	raw := lab.CreateQueue(t, "ada-coffee-stock-queue", nil)
	lab.SubscribeQueue(t, topic, enveloped, false)
	lab.SubscribeQueue(t, topic, raw, true)
	require.NoError(t, AllowsTopic(lab.QueueAttributes(t, raw)["Policy"], lab.QueueARN(t, raw), topic))

	_, err := lab.SNS.Publish(lab.Ctx, &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(`{"item":"latte"}`)})
	require.NoError(t, err)

	env, err := Unwrap(*lab.Take(t, enveloped, 1)[0].Body)
	require.NoError(t, err)
	assert.Equal(t, topic, env.TopicArn)
	assert.JSONEq(t, `{"item":"latte"}`, env.Message)
	assert.JSONEq(t, `{"item":"latte"}`, *lab.Take(t, raw, 1)[0].Body)
	lab.ExpectNoMessage(t, raw, time.Second, "Take deleted what it took")
}

func TestTakeFailsWhenMessagesDoNotCome(t *testing.T) {
	t.Parallel()
	lab := newSNSLab(t)
	url := lab.CreateQueue(t, "ada-empty-queue", nil)
	msg := fatalOf(t, func(tb testing.TB) { lab.take(tb, url, 1, time.Second) })
	assert.Contains(t, msg, "expected 1 message(s)")
}

func TestUnwrap(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body, err string
	}{
		{"envelope", `{"Type":"Notification","TopicArn":"arn:aws:sns:us-east-1:1:t","Message":"hi"}`, ""},
		{"not JSON", `Latte for ada`, "not an SNS envelope"},
		{"raw JSON", `{"item":"latte"}`, "not an SNS notification envelope"},
		{"confirmation", `{"Type":"SubscriptionConfirmation","TopicArn":"arn:aws:sns:us-east-1:1:t"}`, "not an SNS notification envelope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, err := Unwrap(tc.body)
			if tc.err != "" {
				assert.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "hi", env.Message)
		})
	}
}

func TestAllowsTopic(t *testing.T) {
	t.Parallel()
	const (
		queue = "arn:aws:sqs:us-east-1:000000000000:ada-coffee-sales-queue"
		topic = "arn:aws:sns:us-east-1:000000000000:ada-coffee-sales-notifications"
	)
	// statement builds a one-statement policy from the errata one, edited.
	statement := func(edit func(s map[string]any)) string {
		var doc map[string]any
		require.NoError(t, json.Unmarshal([]byte(ErrataPolicy(queue, topic)), &doc))
		edit(doc["Statement"].([]any)[0].(map[string]any))
		b, err := json.Marshal(doc)
		require.NoError(t, err)
		return string(b)
	}
	for _, tc := range []struct {
		name, policy, err string
	}{
		{"the errata", ErrataPolicy(queue, topic), ""},
		{"lists and ArnLike", statement(func(s map[string]any) {
			s["Principal"] = map[string]any{"Service": []string{"sns.amazonaws.com"}}
			s["Action"] = []string{"SQS:SendMessage"}
			s["Resource"] = []string{queue}
			s["Condition"] = map[string]any{"ArnLike": map[string]any{"aws:SourceArn": []string{topic}}}
		}), ""},
		{"single statement object", `{"Statement": {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
			"Action": "sqs:SendMessage", "Resource": "` + queue + `",
			"Condition": {"ArnEquals": {"aws:SourceArn": "` + topic + `"}}}}`, ""},
		{"no policy", "", "no Policy"},
		{"not JSON", "{", "not a policy document"},
		{"deny", statement(func(s map[string]any) { s["Effect"] = "Deny" }), "not Allow"},
		{"anyone", statement(func(s map[string]any) { s["Principal"] = "*" }), "Principal"},
		{"receive only", statement(func(s map[string]any) { s["Action"] = "sqs:ReceiveMessage" }), "sqs:SendMessage"},
		{"another queue", statement(func(s map[string]any) { s["Resource"] = queue + "-2" }), "not the queue ARN"},
		{"any topic", statement(func(s map[string]any) { delete(s, "Condition") }), "aws:SourceArn"},
		{"another topic", statement(func(s map[string]any) {
			s["Condition"] = map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": topic + "-2"}}
		}), "aws:SourceArn"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := AllowsTopic(tc.policy, queue, topic)
			if tc.err == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tc.err)
		})
	}
}

func TestOverlapSeesParallelHandlers(t *testing.T) {
	t.Parallel()
	o := NewOverlap(5 * time.Second)
	var wg sync.WaitGroup
	for _, key := range []string{"till-1", "till-2"} {
		wg.Go(func() { o.Enter(context.Background(), key)() })
	}
	wg.Wait()
	assert.True(t, o.Met())
	assert.Equal(t, 2, o.Max())
	assert.Empty(t, o.SameKey())
}

func TestOverlapSeesSameKeyTogether(t *testing.T) {
	t.Parallel()
	o := NewOverlap(5 * time.Second)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { o.Enter(context.Background(), "till-1")() })
	}
	wg.Wait()
	assert.Equal(t, []string{"till-1"}, o.SameKey())
}

func TestOverlapGivesUpOnceOnSerialHandlers(t *testing.T) {
	t.Parallel()
	o := NewOverlap(10 * time.Millisecond)
	for range 3 {
		o.Enter(context.Background(), "till-1")()
	}
	assert.False(t, o.Met())
	assert.Equal(t, 1, o.Max())
}

package sqs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFIFOQueueDefaults(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("orders.fifo", map[string]string{"FifoQueue": "true"})
	out, err := f.SQS.GetQueueAttributes(f.ctx, &sqs.GetQueueAttributesInput{QueueUrl: &url, AttributeNames: []types.QueueAttributeName{"All"}})
	require.NoError(t, err)
	for name, want := range map[string]string{
		"FifoQueue": "true", "ContentBasedDeduplication": "false", "DeduplicationScope": "queue",
		"FifoThroughputLimit": "perQueue", "SqsManagedSseEnabled": "true", "MaximumMessageSize": "1048576",
		"MessageRetentionPeriod": "345600", "VisibilityTimeout": "30", "DelaySeconds": "0",
	} {
		assert.Equal(t, want, out.Attributes[name], name)
	}
}

func TestFIFOOrderingAndGroupBlocking(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("groups.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	var seqs []string
	for _, m := range []struct{ g, body string }{{"a", "a1"}, {"b", "b1"}, {"a", "a2"}, {"b", "b2"}, {"a", "a3"}} {
		out := f.send(url, m.body, group(m.g))
		require.NotNil(t, out.SequenceNumber)
		seqs = append(seqs, *out.SequenceNumber)
	}
	for i := 1; i < len(seqs); i++ {
		assert.Less(t, seqs[i-1], seqs[i], "sequence numbers grow")
	}

	first := f.receive(url, 2)
	assert.Equal(t, []string{"a1", "b1"}, bodies(first))
	assert.Empty(t, f.receive(url, 10), "both groups have a message in flight")

	_, err := f.SQS.DeleteMessage(f.ctx, &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: first[0].ReceiptHandle})
	require.NoError(t, err)
	next := f.receive(url, 10)
	assert.Equal(t, []string{"a2", "a3"}, bodies(next), "group a is free, b still blocked")
	assert.Equal(t, "a", next[0].Attributes["MessageGroupId"])
	assert.NotEmpty(t, next[0].Attributes["SequenceNumber"])
	assert.NotEmpty(t, next[0].Attributes["MessageDeduplicationId"])

	// When b1's visibility ends, b1 comes back before b2.
	f.Clock.Advance(30 * time.Second)
	again := f.receive(url, 10)
	byGroup := map[string][]string{}
	for _, m := range again {
		g := m.Attributes["MessageGroupId"]
		byGroup[g] = append(byGroup[g], *m.Body)
	}
	assert.Equal(t, map[string][]string{"a": {"a2", "a3"}, "b": {"b1", "b2"}}, byGroup)
}

func TestFIFODeduplicationWindow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("dedup.fifo", map[string]string{"FifoQueue": "true"})
	first := f.send(url, "one", group("g"), dedup("d1"))
	dup := f.send(url, "one again", group("g"), dedup("d1"))
	assert.Equal(t, *first.MessageId, *dup.MessageId)
	assert.Equal(t, *first.SequenceNumber, *dup.SequenceNumber)

	got := f.receive(url, 10)
	require.Len(t, got, 1)
	_, err := f.SQS.DeleteMessage(f.ctx, &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: got[0].ReceiptHandle})
	require.NoError(t, err)
	f.send(url, "after delete", group("g"), dedup("d1"))
	assert.Empty(t, f.receive(url, 10), "still within five minutes")

	f.Clock.Advance(5 * time.Minute)
	f.send(url, "after window", group("g"), dedup("d1"))
	assert.Equal(t, []string{"after window"}, bodies(f.receive(url, 10)))
}

func TestFIFOContentBasedDeduplication(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("content.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	f.send(url, "same", group("g1"))
	f.send(url, "same", group("g2"))
	f.send(url, "other", group("g1"))
	assert.Equal(t, []string{"same", "other"}, bodies(f.receive(url, 10)))
}

func TestFIFODeduplicationScopeMessageGroup(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("scope.fifo", map[string]string{"FifoQueue": "true",
		"DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"})
	f.send(url, "Test1", group("g1"), dedup("same"))
	f.send(url, "Test2", group("g2"), dedup("same"))
	f.send(url, "Test3", group("g2"), dedup("same"))
	assert.Equal(t, []string{"Test1", "Test2"}, bodies(f.receive(url, 10)))
}

func TestFIFOExpiredReceiptHandle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("expired.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	f.send(url, "m", group("g"))
	got := f.receive(url, 1, func(in *sqs.ReceiveMessageInput) { in.VisibilityTimeout = 1 })
	require.Len(t, got, 1)
	f.Clock.Advance(2 * time.Second)
	_, err := f.SQS.DeleteMessage(f.ctx, &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: got[0].ReceiptHandle})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Reason: The receipt handle has expired.")

	// A standard queue deletes with an old handle.
	std := f.createQueue("expired-std", nil)
	f.send(std, "m")
	old := f.receive(std, 1, func(in *sqs.ReceiveMessageInput) { in.VisibilityTimeout = 1 })
	f.Clock.Advance(2 * time.Second)
	_, err = f.SQS.DeleteMessage(f.ctx, &sqs.DeleteMessageInput{QueueUrl: &std, ReceiptHandle: old[0].ReceiptHandle})
	require.NoError(t, err)
	assert.Empty(t, f.receive(std, 1))
}

func TestFairQueueKeepsMessageGroupID(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("fair", nil)
	f.send(url, "message", group("test"))
	got := f.receive(url, 1)
	require.Len(t, got, 1)
	assert.Equal(t, "test", got[0].Attributes["MessageGroupId"])
	assert.Empty(t, got[0].Attributes["SequenceNumber"])
}

func TestFIFOSendMessageBatchAndDLQ(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dlq := f.createQueue("dead.fifo", map[string]string{"FifoQueue": "true"})
	src := f.createQueue("live.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true",
		"VisibilityTimeout": "0", "RedrivePolicy": `{"deadLetterTargetArn":"` + f.arn(dlq) + `","maxReceiveCount":1}`})
	out, err := f.SQS.SendMessageBatch(f.ctx, &sqs.SendMessageBatchInput{QueueUrl: &src, Entries: []types.SendMessageBatchRequestEntry{
		{Id: aws.String("1"), MessageBody: aws.String("x"), MessageGroupId: aws.String("g")},
		{Id: aws.String("2"), MessageBody: aws.String("y"), MessageGroupId: aws.String("g")},
	}})
	require.NoError(t, err)
	require.Len(t, out.Successful, 2)
	assert.NotEmpty(t, *out.Successful[0].SequenceNumber)
	require.Len(t, f.receive(src, 10), 2)
	assert.Empty(t, f.receive(src, 10))
	moved := f.receive(dlq, 10)
	assert.Equal(t, []string{"x", "y"}, bodies(moved))
	assert.Equal(t, "g", moved[0].Attributes["MessageGroupId"])
}

func attemptID(id string) func(*sqs.ReceiveMessageInput) {
	return func(in *sqs.ReceiveMessageInput) { in.ReceiveRequestAttemptId = &id }
}

func TestFIFOReceiveRequestAttemptID(t *testing.T) {
	t.Parallel()
	setup := func(t *testing.T) (*fixture, string) {
		f := newFixture(t)
		url := f.createQueue("attempts.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
		f.send(url, "a1", group("a"))
		f.send(url, "a2", group("a"))
		f.send(url, "b1", group("b"))
		return f, url
	}
	visibility := func(s int32) func(*sqs.ReceiveMessageInput) {
		return func(in *sqs.ReceiveMessageInput) { in.VisibilityTimeout = s }
	}

	t.Run("a retry returns the same messages and handles", func(t *testing.T) {
		t.Parallel()
		f, url := setup(t)
		first := f.receive(url, 10, attemptID("try-1"))
		require.Equal(t, []string{"a1", "a2", "b1"}, bodies(first))
		f.Clock.Advance(10 * time.Second)
		again := f.receive(url, 10, attemptID("try-1"))
		require.Equal(t, bodies(first), bodies(again))
		for i := range first {
			assert.Equal(t, *first[i].ReceiptHandle, *again[i].ReceiptHandle)
			assert.Equal(t, "1", again[i].Attributes["ApproximateReceiveCount"], "a retry is not another receive")
		}
		assert.Empty(t, f.receive(url, 10, attemptID("try-2")), "another attempt finds every group in flight")
		_, err := f.SQS.DeleteMessage(f.ctx, &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: again[0].ReceiptHandle})
		assert.NoError(t, err, "the handles a retry returns are live")
	})

	t.Run("a retry starts the visibility timeout again", func(t *testing.T) {
		t.Parallel()
		f, url := setup(t)
		require.Len(t, f.receive(url, 1, attemptID("slow"), visibility(30)), 1)
		f.Clock.Advance(20 * time.Second)
		require.Len(t, f.receive(url, 1, attemptID("slow"), visibility(30)), 1)
		f.Clock.Advance(20 * time.Second) // 40 s after the first receive, 20 after the retry
		assert.Equal(t, []string{"b1"}, bodies(f.receive(url, 10)), "a1 is still in flight")
		f.Clock.Advance(11 * time.Second)
		assert.Equal(t, []string{"a1", "a2"}, bodies(f.receive(url, 10)))
	})

	t.Run("a modified message makes the retry a new receive", func(t *testing.T) {
		t.Parallel()
		f, url := setup(t)
		first := f.receive(url, 1, attemptID("try"))
		require.Equal(t, []string{"a1"}, bodies(first))
		_, err := f.SQS.DeleteMessage(f.ctx, &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: first[0].ReceiptHandle})
		require.NoError(t, err)
		assert.Equal(t, []string{"a2"}, bodies(f.receive(url, 1, attemptID("try"))))

		next := f.receive(url, 1, attemptID("vis"))
		require.Equal(t, []string{"b1"}, bodies(next))
		_, err = f.SQS.ChangeMessageVisibility(f.ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: &url,
			ReceiptHandle: next[0].ReceiptHandle, VisibilityTimeout: 0})
		require.NoError(t, err)
		again := f.receive(url, 1, attemptID("vis"))
		require.Equal(t, []string{"b1"}, bodies(again))
		assert.NotEqual(t, *next[0].ReceiptHandle, *again[0].ReceiptHandle, "a new receive, with a new handle")
		assert.Equal(t, "2", again[0].Attributes["ApproximateReceiveCount"])
	})

	t.Run("an attempt can be retried for five minutes", func(t *testing.T) {
		t.Parallel()
		f, url := setup(t)
		first := f.receive(url, 1, attemptID("late"), visibility(600))
		require.Len(t, first, 1)
		f.Clock.Advance(5 * time.Minute)
		assert.Equal(t, []string{"b1"}, bodies(f.receive(url, 1, attemptID("late"))), "the attempt expired: a new receive")
	})

	t.Run("an empty receive is not remembered", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		url := f.createQueue("empty.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
		assert.Empty(t, f.receive(url, 1, attemptID("early")))
		f.send(url, "late", group("g"))
		assert.Equal(t, []string{"late"}, bodies(f.receive(url, 1, attemptID("early"))))
	})

	t.Run("standard queues ignore it", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		url := f.createQueue("plain", nil)
		f.send(url, "one")
		f.send(url, "two")
		first := f.receive(url, 1, attemptID("same"))
		second := f.receive(url, 1, attemptID("same"))
		require.Len(t, first, 1)
		require.Len(t, second, 1)
		assert.NotEqual(t, *first[0].Body, *second[0].Body)
	})
}

func TestFIFOReceiveRequestAttemptIDValidation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("checked.fifo", map[string]string{"FifoQueue": "true"})
	for _, id := range []string{strings.Repeat("x", 129), "has space", "é"} {
		_, err := f.SQS.ReceiveMessage(f.ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, ReceiveRequestAttemptId: aws.String(id)})
		var apiErr smithy.APIError
		require.ErrorAs(t, err, &apiErr, "%q", id)
		assert.Equal(t, "InvalidParameterValue", apiErr.ErrorCode(), "%q", id)
		assert.Contains(t, apiErr.ErrorMessage(), "parameter ReceiveRequestAttemptId is invalid")
	}
	_, err := f.SQS.ReceiveMessage(f.ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, ReceiveRequestAttemptId: aws.String(strings.Repeat("x", 128))})
	assert.NoError(t, err)
}

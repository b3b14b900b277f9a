package sqs_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
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

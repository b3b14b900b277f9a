package sns

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func batchOf(n int, fill func(i int, e *types.PublishBatchRequestEntry)) []types.PublishBatchRequestEntry {
	out := make([]types.PublishBatchRequestEntry, n)
	for i := range out {
		out[i] = types.PublishBatchRequestEntry{Id: aws.String(strconv.Itoa(i + 1)), Message: aws.String("message " + strconv.Itoa(i+1))}
		if fill != nil {
			fill(i, &out[i])
		}
	}
	return out
}

func TestPublishBatch(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "batch", nil)
	q := queueARN("q")
	h.subscribeQueue(t, topic, q, map[string]string{"RawMessageDelivery": "true"})
	out, err := h.client.PublishBatch(context.Background(), &awssns.PublishBatchInput{
		TopicArn: aws.String(topic),
		PublishBatchRequestEntries: batchOf(3, func(i int, e *types.PublishBatchRequestEntry) {
			if i == 1 {
				e.Message = aws.String("")
			}
			if i == 2 {
				e.MessageAttributes = map[string]types.MessageAttributeValue{"attr1": {DataType: aws.String("Number"), StringValue: aws.String("19.12")}}
			}
		}),
	})
	require.NoError(t, err)
	require.Len(t, out.Successful, 2)
	assert.Equal(t, "1", aws.ToString(out.Successful[0].Id))
	assert.Equal(t, "3", aws.ToString(out.Successful[1].Id))
	require.Len(t, out.Failed, 1)
	assert.Equal(t, "2", aws.ToString(out.Failed[0].Id))
	assert.Equal(t, "InvalidParameter", aws.ToString(out.Failed[0].Code))
	assert.True(t, out.Failed[0].SenderFault)

	got := h.queues.to(q)
	require.Len(t, got, 2)
	assert.Equal(t, "message 1", got[0].Body)
	assert.Equal(t, "19.12", got[1].Attributes["attr1"].StringValue)
}

func TestPublishBatchFifo(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "batch.fifo", map[string]string{"FifoTopic": "true"})
	q := queueARN("batch.fifo")
	h.subscribeQueue(t, topic, q, nil)
	out, err := h.client.PublishBatch(context.Background(), &awssns.PublishBatchInput{
		TopicArn: aws.String(topic),
		PublishBatchRequestEntries: batchOf(3, func(i int, e *types.PublishBatchRequestEntry) {
			e.MessageGroupId = aws.String("complexMessageGroupId")
			e.MessageDeduplicationId = aws.String("MessageDeduplicationId-" + strconv.Itoa(i+1))
		}),
	})
	require.NoError(t, err)
	require.Len(t, out.Successful, 3)
	for _, s := range out.Successful {
		assert.Len(t, aws.ToString(s.SequenceNumber), 20)
	}
	got := h.queues.to(q)
	require.Len(t, got, 3)
	assert.Equal(t, "MessageDeduplicationId-1", got[0].DeduplicationID)

	_, err = h.client.PublishBatch(context.Background(), &awssns.PublishBatchInput{
		TopicArn:                   aws.String(topic),
		PublishBatchRequestEntries: batchOf(1, func(_ int, e *types.PublishBatchRequestEntry) { e.MessageDeduplicationId = aws.String("d") }),
	})
	requireAPIError(t, err, "InvalidParameter", "Invalid parameter: The MessageGroupId parameter is required for FIFO topics")
}

func TestPublishBatchErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topic := h.createTopic(t, "batch-errors", nil)
	cases := []struct {
		name          string
		topic         string
		entries       []types.PublishBatchRequestEntry
		code, message string
	}{
		{"too many", topic, batchOf(11, nil), "TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible."},
		{"same ids", topic, batchOf(2, func(_ int, e *types.PublishBatchRequestEntry) { e.Id = aws.String("1") }), "BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id."},
		{"dot in id", topic, batchOf(1, func(_ int, e *types.PublishBatchRequestEntry) { e.Id = aws.String("message.id") }), "InvalidBatchEntryId", "The Id of a batch entry in the batch request contains an impermissible character: message.id"},
		{"long id", topic, batchOf(1, func(_ int, e *types.PublishBatchRequestEntry) { e.Id = aws.String(strings.Repeat("a", 81)) }), "InvalidBatchEntryId", "The Id of a batch entry in the batch request is too long: " + strings.Repeat("a", 81)},
		{"too long together", topic, batchOf(2, func(_ int, e *types.PublishBatchRequestEntry) { e.Message = aws.String(strings.Repeat("a", 150*1024)) }), "BatchRequestTooLong", "The length of all the messages put together is more than the limit."},
		{"unknown topic", topic + "-x", batchOf(1, nil), "NotFound", "Topic does not exist"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := h.client.PublishBatch(context.Background(), &awssns.PublishBatchInput{TopicArn: aws.String(tc.topic), PublishBatchRequestEntries: tc.entries})
			requireAPIError(t, err, tc.code, tc.message)
		})
	}
}

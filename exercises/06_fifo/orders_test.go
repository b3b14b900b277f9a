package fifo_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fifo "github.com/queuelab/queuelab/exercises/06_fifo"
	"github.com/queuelab/queuelab/grader/labtest"
)

// fifoQueue creates a FIFO queue of the check's own; ContentBasedDeduplication
// off, so that a send without a deduplication id fails.
func fifoQueue(t *testing.T, lab *labtest.Lab, contentDedup bool) string {
	t.Helper()
	return lab.CreateQueue(t, lab.Scope(t)+"-orders.fifo", map[string]string{
		"FifoQueue":                 "true",
		"ContentBasedDeduplication": fmt.Sprint(contentDedup),
	})
}

var opening = time.Date(2025, 1, 13, 8, 0, 0, 0, time.UTC)

// TestGroupsOrdersByTill: each order is sent in its till's message group,
// with its id as deduplication id.
func TestGroupsOrdersByTill(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := fifoQueue(t, lab, false)

	orders := []fifo.Order{
		{ID: "order-1", Till: "till-1", Item: "latte", Price: 2.25, SentAt: opening},
		{ID: "order-2", Till: "till-2", Item: "tea", Price: 1.5, SentAt: opening.Add(time.Second)},
	}
	for _, o := range orders {
		id, err := fifo.SendOrder(lab.Ctx, lab.SQS, url, o)
		require.NoError(t, err, "send %s", o.ID)
		require.NotEmpty(t, id, "SendOrder returns the MessageId")
	}
	got := map[string]bool{}
	for _, m := range lab.Take(t, url, len(orders)) {
		var o fifo.Order
		require.NoError(t, json.Unmarshal([]byte(*m.Body), &o), "the body is the order as JSON: %s", *m.Body)
		assert.Equal(t, o.Till, m.Attributes[string(sqstypes.MessageSystemAttributeNameMessageGroupId)], "MessageGroupId of %s is its till", o.ID)
		assert.Equal(t, o.ID, m.Attributes[string(sqstypes.MessageSystemAttributeNameMessageDeduplicationId)], "MessageDeduplicationId of %s is its id", o.ID)
		got[o.ID] = true
	}
	assert.Equal(t, map[string]bool{"order-1": true, "order-2": true}, got)
}

// TestSameOrderTwiceProcessedOnce: a till resends an order (a new SentAt, so
// a new body); deduplication by id delivers it once.
func TestSameOrderTwiceProcessedOnce(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := fifoQueue(t, lab, true)

	o := fifo.Order{ID: "order-7", Till: "till-1", Item: "mocha", Price: 2.6, SentAt: opening}
	_, err := fifo.SendOrder(lab.Ctx, lab.SQS, url, o)
	require.NoError(t, err)
	o.SentAt = opening.Add(30 * time.Second) // the till timed out and sent it again
	_, err = fifo.SendOrder(lab.Ctx, lab.SQS, url, o)
	require.NoError(t, err)

	// One group keeps its order: had the resent copy got through, it would
	// come before order-8.
	lab.SendFIFO(t, url, fifo.Order{ID: "order-8", Till: "till-1", Item: "tea", Price: 1.5, SentAt: opening.Add(time.Minute)}, "till-1", "order-8")
	var got []string
	for _, m := range lab.Take(t, url, 2) {
		var o fifo.Order
		require.NoError(t, json.Unmarshal([]byte(*m.Body), &o))
		got = append(got, o.ID)
	}
	assert.Equal(t, []string{"order-7", "order-8"}, got, "the resent order-7 must be deduplicated by its id (MessageDeduplicationId), even though its body differs")
}

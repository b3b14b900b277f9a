package fanout_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fanout "github.com/queuelab/queuelab/exercises/05_sns_fanout"
	"github.com/queuelab/queuelab/grader/labtest"
)

// TestPublishesWithDefaultEntry: the lesson's boto3 publish, MessageStructure
// json with a "default" entry, observed in the envelope a queue receives.
func TestPublishesWithDefaultEntry(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	scope := lab.Scope(t)
	topicARN := lab.CreateTopic(t, scope+"-coffee-sales-notifications")
	queueURL := lab.CreateQueue(t, scope+"-coffee-sales-queue", nil)
	lab.SubscribeQueue(t, topicARN, queueURL, false)

	sale := fanout.Sale{Type: "sale", Item: "coffee", Price: 1.50}
	id, err := fanout.Publish(lab.Ctx, lab.SNS, topicARN, sale)
	require.NoError(t, err)
	require.NotEmpty(t, id, "Publish returns the MessageId SNS answered")

	msg := lab.Take(t, queueURL, 1)[0]
	env, err := labtest.Unwrap(*msg.Body)
	require.NoError(t, err)
	assert.Equal(t, id, env.MessageID, "the envelope carries the MessageId Publish returned")

	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(env.Message), &got), "the delivered Message must be the sale as JSON: %s", env.Message)
	assert.NotContains(t, got, "default", `subscribers got the whole {"default": ...} object: set MessageStructure to "json"`)
	assert.Equal(t, map[string]any{"type": "sale", "item": "coffee", "price": 1.5}, got, "the delivered Message is the sale")
	assert.Equal(t, labtest.EnvelopeAttribute{Type: "String", Value: "coffee"}, env.MessageAttributes["item"], "the String message attribute item")
}

package fanout_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	fanout "github.com/queuelab/queuelab/exercises/05_sns_fanout"
	"github.com/queuelab/queuelab/grader/labtest"
)

// TestQueuePolicyAllowsTheTopic: the lesson's errata, the queue policy that
// lets the topic send to the queue, read back from the queue.
func TestQueuePolicyAllowsTheTopic(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	scope := lab.Scope(t)
	topicARN := lab.CreateTopic(t, scope+"-coffee-sales-notifications")
	queueURL := lab.CreateQueue(t, scope+"-coffee-sales-queue", nil)
	queueARN := lab.QueueARN(t, queueURL)

	doc, err := fanout.QueuePolicy(queueARN, topicARN)
	require.NoError(t, err)
	require.NoError(t, labtest.AllowsTopic(doc, queueARN, topicARN), "QueuePolicy returned %s", doc)

	require.NoError(t, fanout.AllowTopic(lab.Ctx, lab.SQS, queueURL, topicARN))
	policy := lab.QueueAttributes(t, queueURL)["Policy"]
	require.NoError(t, labtest.AllowsTopic(policy, queueARN, topicARN), "the queue's Policy read back: %s", policy)

	other := lab.CreateTopic(t, scope+"-other-topic")
	require.Error(t, labtest.AllowsTopic(policy, queueARN, other), "the policy must allow only your topic (aws:SourceArn), not every topic")
}

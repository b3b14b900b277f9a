package sqsconsume

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/faults"
	"github.com/queuelab/queuelab/grader/labtest"
)

// outageScenario is what SQS does to the consumer in
// TestConsumerSurvivesFaults, on the queue named queue. The seed makes the
// throttling the same on every run for the same calls in the same order.
//
// The first two rules are certain: SQS is unavailable for the first receive
// for as many attempts as the SDK's default retryer makes (3), and the first
// delete fails as often, so both reach the consumer however lucky it is. The
// last two throttle a fifth of the calls, which the retryer mostly absorbs.
func outageScenario(queue string) faults.Config {
	return faults.Config{Seed: 2026, Rules: []faults.Rule{
		{Service: faults.SQS, Operation: "ReceiveMessage", Queue: queue, Error: "ServiceUnavailable", Times: 3},
		{Service: faults.SQS, Operation: "DeleteMessage", Queue: queue, Error: "InternalError", Times: 3},
		{Service: faults.SQS, Operation: "ReceiveMessage", Queue: queue, Error: "RequestThrottled", Share: faults.Share(0.2)},
		{Service: faults.SQS, Operation: "DeleteMessage", Queue: queue, Error: "ThrottlingException", Share: faults.Share(0.2)},
	}}
}

func TestConsumerSurvivesFaults(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := salesQueue(t, lab)
	var bodies []string
	for i := 1; i <= 12; i++ {
		bodies = append(bodies, fmt.Sprintf(`{"sale":%d,"item":"latte","price":2.25}`, i))
	}
	for _, b := range bodies {
		lab.SendMessage(t, url, b, nil)
	}
	lab.InjectFaults(t, outageScenario(lab.Learner+"-coffee-sales-queue"))
	rec := newRecorder(lab)
	rec.client = lab.SQSWithRetries() // the SDK's default retryer: 3 attempts
	ctx, stop := context.WithCancel(lab.Ctx)
	defer stop()
	c := &Consumer{API: rec, QueueURL: url, Handle: rec.handler(nil)}
	done := make(chan error, 1)
	go func() { done <- labtest.Guard("Run", func() error { return c.Run(ctx) }) }()

	// Wait until every sale was handled and the queue is empty, or Run
	// gives up.
	deadline := time.Now().Add(8 * time.Second)
	for !(handledAll(rec, bodies) && queueEmpty(lab, url)) {
		select {
		case err := <-done:
			require.Failf(t, "Run gave up", "Run returned before it was stopped, while SQS was failing: %v\n(the SDK's retryer makes 3 attempts; when they all fail, the error is yours to survive: wait a little and poll again)", err)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_, events := rec.snapshot()
			require.Failf(t, "not every sale was processed and deleted", "within 8s while SQS was failing: events %v", events)
		}
	}
	stop()
	select {
	case err := <-done:
		require.NoError(t, err, "Run must return nil when its context is cancelled")
	case <-time.After(20 * time.Second):
		require.Fail(t, "Run did not return within 20s of its context being cancelled")
	}

	for _, b := range bodies {
		require.Equal(t, 1, rec.calls(b), "each sale must be processed exactly once, also when SQS delivers it again because its delete failed: %s (remember its MessageId before deleting)", b)
	}
	rules := lab.FaultStatus(t)
	require.Len(t, rules, 4)
	require.Equal(t, 3, rules[0].Injected, "the first receive must have met SQS's outage")
	require.Equal(t, 3, rules[1].Injected, "the first delete must have failed three times")
}

// handledAll reports whether the handler saw every body.
func handledAll(rec *recorder, bodies []string) bool {
	for _, b := range bodies {
		if rec.calls(b) == 0 {
			return false
		}
	}
	return true
}

// queueEmpty reports whether the queue holds no message, visible or in
// flight (its visibility timeout is 0, so a message not deleted is visible).
func queueEmpty(lab *labtest.Lab, url string) bool {
	out, err := lab.SQS.GetQueueAttributes(lab.Ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(url),
		AttributeNames: []types.QueueAttributeName{
			types.QueueAttributeNameApproximateNumberOfMessages,
			types.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
		},
	})
	return err == nil && out.Attributes["ApproximateNumberOfMessages"] == "0" && out.Attributes["ApproximateNumberOfMessagesNotVisible"] == "0"
}

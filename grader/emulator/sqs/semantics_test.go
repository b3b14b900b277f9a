package sqs_test

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

// fixture is an emulator on a fake clock with helpers for one test.
type fixture struct {
	*emulatortest.Env
	t   *testing.T
	ctx context.Context
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return &fixture{Env: emulatortest.New(t, emulatortest.WithFakeClock()), t: t, ctx: emulatortest.Context(t)}
}

func (f *fixture) createQueue(name string, attrs map[string]string) string {
	f.t.Helper()
	out, err := f.SQS.CreateQueue(f.ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	require.NoError(f.t, err)
	return *out.QueueUrl
}

func (f *fixture) arn(url string) string {
	f.t.Helper()
	out, err := f.SQS.GetQueueAttributes(f.ctx, &sqs.GetQueueAttributesInput{QueueUrl: &url, AttributeNames: []types.QueueAttributeName{"QueueArn"}})
	require.NoError(f.t, err)
	return out.Attributes["QueueArn"]
}

func (f *fixture) send(url, body string, opts ...func(*sqs.SendMessageInput)) *sqs.SendMessageOutput {
	f.t.Helper()
	in := &sqs.SendMessageInput{QueueUrl: &url, MessageBody: &body}
	for _, o := range opts {
		o(in)
	}
	out, err := f.SQS.SendMessage(f.ctx, in)
	require.NoError(f.t, err)
	return out
}

func group(g string) func(*sqs.SendMessageInput) {
	return func(in *sqs.SendMessageInput) { in.MessageGroupId = &g }
}

func dedup(d string) func(*sqs.SendMessageInput) {
	return func(in *sqs.SendMessageInput) { in.MessageDeduplicationId = &d }
}

func (f *fixture) receive(url string, max int32, opts ...func(*sqs.ReceiveMessageInput)) []types.Message {
	f.t.Helper()
	in := &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: max,
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{"All"}}
	for _, o := range opts {
		o(in)
	}
	out, err := f.SQS.ReceiveMessage(f.ctx, in)
	require.NoError(f.t, err)
	return out.Messages
}

func bodies(msgs []types.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = *m.Body
	}
	return out
}

func (f *fixture) attr(url, name string) string {
	f.t.Helper()
	out, err := f.SQS.GetQueueAttributes(f.ctx, &sqs.GetQueueAttributesInput{QueueUrl: &url, AttributeNames: []types.QueueAttributeName{types.QueueAttributeName(name)}})
	require.NoError(f.t, err)
	return out.Attributes[name]
}

func TestVisibilityTimeoutReturnsMessageWithNewHandle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("vis", map[string]string{"VisibilityTimeout": "30"})
	f.send(url, "m1")

	first := f.receive(url, 1)
	require.Len(t, first, 1)
	assert.Empty(t, f.receive(url, 1), "in flight")
	assert.Equal(t, "1", f.attr(url, "ApproximateNumberOfMessagesNotVisible"))

	f.Clock.Advance(29 * time.Second)
	assert.Empty(t, f.receive(url, 1))
	f.Clock.Advance(time.Second)
	second := f.receive(url, 1)
	require.Len(t, second, 1)
	assert.NotEqual(t, *first[0].ReceiptHandle, *second[0].ReceiptHandle)
	assert.Equal(t, "2", second[0].Attributes["ApproximateReceiveCount"])
	assert.Equal(t, first[0].Attributes["ApproximateFirstReceiveTimestamp"], second[0].Attributes["ApproximateFirstReceiveTimestamp"])

	// A per-receive visibility timeout overrides the queue's.
	f.Clock.Advance(30 * time.Second)
	third := f.receive(url, 1, func(in *sqs.ReceiveMessageInput) { in.VisibilityTimeout = 5 })
	require.Len(t, third, 1)
	f.Clock.Advance(5 * time.Second)
	require.Len(t, f.receive(url, 1), 1)
}

func TestChangeMessageVisibility(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("cmv", nil)
	f.send(url, "m1")
	got := f.receive(url, 1)
	require.Len(t, got, 1)

	_, err := f.SQS.ChangeMessageVisibility(f.ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: &url, ReceiptHandle: got[0].ReceiptHandle, VisibilityTimeout: 0})
	require.NoError(t, err)
	again := f.receive(url, 1)
	require.Len(t, again, 1)

	out, err := f.SQS.ChangeMessageVisibilityBatch(f.ctx, &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: &url,
		Entries: []types.ChangeMessageVisibilityBatchRequestEntry{
			{Id: aws.String("a"), ReceiptHandle: again[0].ReceiptHandle, VisibilityTimeout: 100},
			{Id: aws.String("b"), ReceiptHandle: aws.String("garbage"), VisibilityTimeout: 100},
		}})
	require.NoError(t, err)
	require.Len(t, out.Successful, 1)
	require.Len(t, out.Failed, 1)
	assert.Equal(t, "ReceiptHandleIsInvalid", *out.Failed[0].Code)
	f.Clock.Advance(99 * time.Second)
	assert.Empty(t, f.receive(url, 1))
	f.Clock.Advance(time.Second)
	assert.Len(t, f.receive(url, 1), 1)
}

func TestLongPollReturnsWhenMessageArrives(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("lp", nil)
	done := make(chan []types.Message)
	go func() {
		out, err := f.SQS.ReceiveMessage(f.ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, WaitTimeSeconds: 20})
		assert.NoError(t, err)
		done <- out.Messages
	}()
	f.waitForPoller("lp")
	f.send(url, "wake up")
	got := <-done
	require.Len(t, got, 1)
	assert.Equal(t, "wake up", *got[0].Body)
}

// waitForPoller returns once a long poll waits on the named queue, so that
// what the test does next happens while the poll is waiting.
func (f *fixture) waitForPoller(name string) {
	for {
		for _, q := range f.Emulator.Queues(emulatortest.Account) {
			if q.Name == name && q.Waiting > 0 {
				return
			}
		}
		runtime.Gosched()
	}
}

func TestLongPollOnFIFOWakesWhenGroupUnblocks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("lp.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	f.send(url, "first", group("g"))
	f.send(url, "second", group("g"))
	first := f.receive(url, 1)
	require.Len(t, first, 1)
	done := make(chan []types.Message)
	go func() {
		out, err := f.SQS.ReceiveMessage(f.ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, WaitTimeSeconds: 20})
		assert.NoError(t, err)
		done <- out.Messages
	}()
	f.waitForPoller("lp.fifo")
	_, err := f.SQS.DeleteMessage(f.ctx, &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: first[0].ReceiptHandle})
	require.NoError(t, err)
	got := <-done
	require.Len(t, got, 1)
	assert.Equal(t, "second", *got[0].Body)
}

func TestLongPollEndsAfterWaitTime(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("lp-empty", map[string]string{"ReceiveMessageWaitTimeSeconds": "20"})
	done := make(chan []types.Message)
	go func() {
		out, err := f.SQS.ReceiveMessage(f.ctx, &sqs.ReceiveMessageInput{QueueUrl: &url})
		assert.NoError(t, err)
		done <- out.Messages
	}()
	advanceUntil(f, done)
}

// advanceUntil moves the fake clock a second at a time until done delivers,
// and asserts nothing came.
func advanceUntil(f *fixture, done <-chan []types.Message) {
	for {
		select {
		case got := <-done:
			assert.Empty(f.t, got)
			return
		default:
			f.Clock.Advance(time.Second)
			runtime.Gosched()
		}
	}
}

func TestLongPollWakesWhenDelayedMessageBecomesVisible(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("lp-delay", nil)
	f.send(url, "later", func(in *sqs.SendMessageInput) { in.DelaySeconds = 5 })
	done := make(chan []types.Message)
	go func() {
		out, err := f.SQS.ReceiveMessage(f.ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, WaitTimeSeconds: 20})
		assert.NoError(t, err)
		done <- out.Messages
	}()
	for {
		select {
		case got := <-done:
			require.Len(t, got, 1)
			return
		default:
			f.Clock.Advance(time.Second)
			runtime.Gosched()
		}
	}
}

func TestCloseEndsPendingLongPolls(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("lp-close", nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = f.SQS.ReceiveMessage(f.ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, WaitTimeSeconds: 20})
	}()
	f.waitForPoller("lp-close")
	f.Emulator.Close()
	<-done
}

func TestDelays(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("delayed", map[string]string{"DelaySeconds": "10"})
	f.send(url, "queue-delay")
	f.send(url, "own-delay", func(in *sqs.SendMessageInput) { in.DelaySeconds = 2 })
	assert.Equal(t, "2", f.attr(url, "ApproximateNumberOfMessagesDelayed"))
	assert.Empty(t, f.receive(url, 10))
	f.Clock.Advance(2 * time.Second)
	assert.Equal(t, []string{"own-delay"}, bodies(f.receive(url, 10)))
	f.Clock.Advance(8 * time.Second)
	assert.Equal(t, []string{"queue-delay"}, bodies(f.receive(url, 10)))
}

func TestRetentionDropsOldMessages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("retention", map[string]string{"MessageRetentionPeriod": "60"})
	f.send(url, "old")
	f.Clock.Advance(59 * time.Second)
	f.send(url, "young")
	f.Clock.Advance(time.Second)
	assert.Equal(t, "1", f.attr(url, "ApproximateNumberOfMessages"))
	assert.Equal(t, []string{"young"}, bodies(f.receive(url, 10)))
}

func TestRedriveToDeadLetterQueue(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dlq := f.createQueue("dlq", nil)
	dlqARN := f.arn(dlq)
	src := f.createQueue("src", map[string]string{
		"VisibilityTimeout": "1",
		"RedrivePolicy":     fmt.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":"2"}`, dlqARN),
	})
	srcARN := f.arn(src)
	assert.JSONEq(t, fmt.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":2}`, dlqARN), f.attr(src, "RedrivePolicy"))
	sent := f.send(src, "poison")

	for i := 1; i <= 2; i++ {
		got := f.receive(src, 1)
		require.Len(t, got, 1)
		assert.Equal(t, strconv.Itoa(i), got[0].Attributes["ApproximateReceiveCount"])
		f.Clock.Advance(time.Second)
	}
	assert.Empty(t, f.receive(src, 1), "the third receive moves it instead")
	moved := f.receive(dlq, 1)
	require.Len(t, moved, 1)
	assert.Equal(t, *sent.MessageId, *moved[0].MessageId)
	assert.Equal(t, srcARN, moved[0].Attributes["DeadLetterQueueSourceArn"])
	assert.Equal(t, "3", moved[0].Attributes["ApproximateReceiveCount"])

	sources, err := f.SQS.ListDeadLetterSourceQueues(f.ctx, &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: &dlq})
	require.NoError(t, err)
	assert.Equal(t, []string{src}, sources.QueueUrls)
}

func TestMoveTaskRedrivesBackToSource(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dlq := f.createQueue("mt-dlq", nil)
	dlqARN := f.arn(dlq)
	src := f.createQueue("mt-src", map[string]string{
		"VisibilityTimeout": "0",
		"RedrivePolicy":     fmt.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":1}`, dlqARN),
	})
	f.send(src, "a")
	f.send(src, "b")
	require.Len(t, f.receive(src, 10), 2)
	require.Empty(t, f.receive(src, 10)) // moves both
	require.Equal(t, "2", f.attr(dlq, "ApproximateNumberOfMessages"))

	started, err := f.SQS.StartMessageMoveTask(f.ctx, &sqs.StartMessageMoveTaskInput{SourceArn: &dlqARN})
	require.NoError(t, err)
	assert.NotEmpty(t, *started.TaskHandle)
	tasks, err := f.SQS.ListMessageMoveTasks(f.ctx, &sqs.ListMessageMoveTasksInput{SourceArn: &dlqARN})
	require.NoError(t, err)
	require.Len(t, tasks.Results, 1)
	assert.Equal(t, "COMPLETED", *tasks.Results[0].Status)
	assert.EqualValues(t, 2, tasks.Results[0].ApproximateNumberOfMessagesMoved)
	assert.EqualValues(t, 2, *tasks.Results[0].ApproximateNumberOfMessagesToMove)
	assert.ElementsMatch(t, []string{"a", "b"}, bodies(f.receive(src, 10)))
}

func TestMoveTaskAtRateCanBeCancelled(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dlq := f.createQueue("rate-dlq", nil)
	dlqARN := f.arn(dlq)
	dest := f.createQueue("rate-dest", nil)
	destARN := f.arn(dest)
	f.createQueue("rate-src", map[string]string{
		"RedrivePolicy": fmt.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":1}`, dlqARN),
	})
	for i := range 10 {
		f.send(dlq, strconv.Itoa(i))
	}
	started, err := f.SQS.StartMessageMoveTask(f.ctx, &sqs.StartMessageMoveTaskInput{
		SourceArn: &dlqARN, DestinationArn: &destARN, MaxNumberOfMessagesPerSecond: aws.Int32(1)})
	require.NoError(t, err)

	_, err = f.SQS.StartMessageMoveTask(f.ctx, &sqs.StartMessageMoveTaskInput{SourceArn: &dlqARN})
	require.ErrorContains(t, err, "There is already a task running")

	cancelled, err := f.SQS.CancelMessageMoveTask(f.ctx, &sqs.CancelMessageMoveTaskInput{TaskHandle: started.TaskHandle})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, cancelled.ApproximateNumberOfMessagesMoved, int64(1))
	for {
		tasks, err := f.SQS.ListMessageMoveTasks(f.ctx, &sqs.ListMessageMoveTasksInput{SourceArn: &dlqARN})
		require.NoError(t, err)
		if *tasks.Results[0].Status == "CANCELLED" {
			assert.Less(t, tasks.Results[0].ApproximateNumberOfMessagesMoved, int64(10))
			break
		}
		f.Clock.Advance(time.Second)
		runtime.Gosched()
	}
}

func TestPurgeQueueOncePerMinute(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("purge", nil)
	f.send(url, "a")
	_, err := f.SQS.PurgeQueue(f.ctx, &sqs.PurgeQueueInput{QueueUrl: &url})
	require.NoError(t, err)
	assert.Empty(t, f.receive(url, 10))
	_, err = f.SQS.PurgeQueue(f.ctx, &sqs.PurgeQueueInput{QueueUrl: &url})
	var inProgress *types.PurgeQueueInProgress
	require.ErrorAs(t, err, &inProgress)
	assert.Equal(t, "Only one PurgeQueue operation on purge is allowed every 60 seconds.", inProgress.ErrorMessage())
	f.Clock.Advance(time.Minute)
	_, err = f.SQS.PurgeQueue(f.ctx, &sqs.PurgeQueueInput{QueueUrl: &url})
	require.NoError(t, err)
}

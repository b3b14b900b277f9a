package dlq

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/labtest"
)

// learnerCallLimit bounds InspectDeadLetters and Redrive, which loop: a loop
// that never ends fails its check (its SQS calls fail once the context
// expires) instead of hanging the run.
const learnerCallLimit = 30 * time.Second

// deadLetters puts bodies on the dead-letter queue the way SQS does: the
// check wires the queues itself with maxReceiveCount 1, then receives the
// messages without deleting them until SQS has moved them all to the DLQ.
// Both queues have a visibility timeout of 0, so nothing stays hidden.
func deadLetters(t *testing.T, lab *labtest.Lab, queue, dlq string, bodies ...string) {
	t.Helper()
	policy := `{"deadLetterTargetArn":"` + lab.QueueARN(t, dlq) + `","maxReceiveCount":1}`
	_, err := lab.SQS.SetQueueAttributes(lab.Ctx, &sqs.SetQueueAttributesInput{
		QueueUrl: aws.String(queue), Attributes: map[string]string{"RedrivePolicy": policy},
	})
	require.NoError(t, err, "check setup: set the sales queue's RedrivePolicy")
	for _, b := range bodies {
		lab.SendMessage(t, queue, b, map[string]string{"Author": lab.Learner})
	}
	onDLQ := map[string]bool{}
	for range 50 {
		// A consumer that fails: receive, never delete.
		_, err := lab.SQS.ReceiveMessage(lab.Ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(queue), MaxNumberOfMessages: 10})
		require.NoError(t, err, "check setup: receive from the sales queue")
		out, err := lab.SQS.ReceiveMessage(lab.Ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(dlq), MaxNumberOfMessages: 10})
		require.NoError(t, err, "check setup: look at the dead-letter queue")
		for _, m := range out.Messages {
			onDLQ[aws.ToString(m.Body)] = true
		}
		if len(onDLQ) == len(bodies) {
			return
		}
	}
	t.Fatalf("check setup: the messages did not move to the dead-letter queue")
}

// deadLetterQueue creates the DLQ for a check that grades inspecting or
// redriving only.
func deadLetterQueue(t *testing.T, lab *labtest.Lab) string {
	t.Helper()
	return lab.CreateQueue(t, lab.Learner+"-sales-errors-dlq", map[string]string{"VisibilityTimeout": "0"})
}

func TestInspectsDeadLetters(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	queue := salesQueue(t, lab)
	dlq := deadLetterQueue(t, lab)
	bodies := []string{`{"item":"latte","price":"free"}`, `{"item":"mocha","price":-1}`}
	deadLetters(t, lab, queue, dlq, bodies...)

	var found []DeadLetter
	ctx, cancel := context.WithTimeout(lab.Ctx, learnerCallLimit)
	defer cancel()
	err := labtest.Guard("InspectDeadLetters", func() (err error) { found, err = InspectDeadLetters(ctx, lab.SQS, dlq); return err })
	require.NoError(t, err, "InspectDeadLetters")
	var got []string
	for _, d := range found {
		got = append(got, d.Body)
		require.NotEmpty(t, d.MessageID, "each DeadLetter needs the message's MessageId")
		require.Equal(t, lab.Learner, d.Attributes["Author"], "each DeadLetter needs the message's String attributes (ask ReceiveMessage for MessageAttributeNames [\"All\"])")
	}
	sort.Strings(got)
	want := append([]string(nil), bodies...)
	sort.Strings(want)
	require.Equal(t, want, got, "InspectDeadLetters must return every message on the dead-letter queue, each once")

	// Inspecting must leave them there, visible at once.
	still := lab.ReceiveMessages(t, dlq, len(bodies), 5*time.Second, time.Second)
	require.Len(t, still, len(bodies), "after InspectDeadLetters the messages must still be on the dead-letter queue and visible (ChangeMessageVisibility to 0, never DeleteMessage)")
}

func TestRedrivesFixedMessages(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	queue := salesQueue(t, lab)
	dlq := deadLetterQueue(t, lab)
	const sale = `{"item":"latte","price":"free"}`
	deadLetters(t, lab, queue, dlq, sale)

	// The stock service is fixed: it now understands "free". Move the
	// message back to be processed again.
	var moved int
	ctx, cancel := context.WithTimeout(lab.Ctx, learnerCallLimit)
	defer cancel()
	err := labtest.Guard("Redrive", func() (err error) { moved, err = Redrive(ctx, lab.SQS, dlq, queue); return err })
	require.NoError(t, err, "Redrive(ctx, client, dlq, queue)")
	require.Equal(t, 1, moved, "Redrive must return how many messages it moved")

	m := lab.ReceiveOne(t, queue, 10*time.Second, time.Minute, "after Redrive the message must be back on the sales queue")
	require.Equal(t, sale, aws.ToString(m.Body), "the redriven message must have its original body")
	author, ok := labtest.StringAttribute(m, "Author")
	require.True(t, ok && author == lab.Learner, "the redriven message must keep its Author attribute: resend the MessageAttributes you received (ask for MessageAttributeNames [\"All\"])")
	lab.DeleteMessage(t, queue, m)
	lab.ExpectQueueEmpty(t, dlq, 5*time.Second, "after Redrive the dead-letter queue must be empty: delete each message from it once it is back on the sales queue")
}

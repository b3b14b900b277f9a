package dlq

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/labtest"
)

// createDeadLetterQueue runs the learner's CreateDeadLetterQueue and checks
// that the queue it names exists.
func createDeadLetterQueue(t *testing.T, lab *labtest.Lab) (name, url string) {
	t.Helper()
	err := labtest.Guard("CreateDeadLetterQueue", func() (err error) { url, err = CreateDeadLetterQueue(lab.Ctx, lab.SQS, lab.Learner); return err })
	require.NoError(t, err, "CreateDeadLetterQueue(ctx, client, %q)", lab.Learner)
	name = lab.Learner + "-sales-errors-dlq"
	require.Equal(t, lab.QueueURL(t, name), url, "CreateDeadLetterQueue must return the URL of the queue %s", name)
	return name, url
}

// salesQueue creates the sales queue for a check. Its visibility timeout of
// 0 makes a message the check received and did not delete visible again at
// once, so failed processing attempts follow each other without waiting.
func salesQueue(t *testing.T, lab *labtest.Lab) string {
	t.Helper()
	return lab.CreateQueue(t, lab.Learner+"-coffee-sales-queue", map[string]string{"VisibilityTimeout": "0"})
}

// redrivePolicyOf reads back a queue's RedrivePolicy. SQS writes
// maxReceiveCount as a number; some backends write it as a string.
func redrivePolicyOf(t *testing.T, lab *labtest.Lab, url string) (target string, maxReceiveCount int) {
	t.Helper()
	raw := lab.QueueAttributes(t, url)["RedrivePolicy"]
	require.NotEmpty(t, raw, "the sales queue has no RedrivePolicy attribute")
	var p struct {
		DeadLetterTargetArn string          `json:"deadLetterTargetArn"`
		MaxReceiveCount     json.RawMessage `json:"maxReceiveCount"`
	}
	require.NoError(t, json.Unmarshal([]byte(raw), &p), "RedrivePolicy must be JSON, but it is %q", raw)
	n, err := strconv.Atoi(strings.Trim(string(p.MaxReceiveCount), `"`))
	require.NoError(t, err, "RedrivePolicy's maxReceiveCount must be a number, but it is %s", p.MaxReceiveCount)
	return p.DeadLetterTargetArn, n
}

func TestCreatesDeadLetterQueue(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	_, url := createDeadLetterQueue(t, lab)
	require.NotEqual(t, "true", lab.QueueAttributes(t, url)["FifoQueue"], "the dead-letter queue of a standard queue must be a standard queue too")
}

func TestDeadLetterQueueIsEncryptedAndTagged(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	name, url := createDeadLetterQueue(t, lab)
	attrs := lab.QueueAttributes(t, url)
	sse := attrs["SqsManagedSseEnabled"] == "true" || attrs["KmsMasterKeyId"] != ""
	require.True(t, sse, "the dead-letter queue must be encrypted at rest: SqsManagedSseEnabled is %q and KmsMasterKeyId is %q", attrs["SqsManagedSseEnabled"], attrs["KmsMasterKeyId"])
	require.Equal(t, name, lab.QueueTags(t, url)["Name"], "the dead-letter queue's tag Name must hold its name")
}

func TestSalesQueueHasRedrivePolicy(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	queue := salesQueue(t, lab)
	dlq := lab.CreateQueue(t, lab.Learner+"-sales-errors-dlq", nil)

	require.NoError(t, attach(lab, queue, dlq, 4), "AttachDeadLetterQueue(ctx, client, queue, dlq, 4)")
	target, n := redrivePolicyOf(t, lab, queue)
	require.Equal(t, lab.QueueARN(t, dlq), target, "RedrivePolicy's deadLetterTargetArn must be the dead-letter queue's ARN (its QueueArn attribute, not its URL)")
	require.Equal(t, 4, n, "RedrivePolicy's maxReceiveCount must be the maxReceiveCount given to AttachDeadLetterQueue")
	require.Empty(t, lab.QueueAttributes(t, dlq)["RedrivePolicy"], "the redrive policy belongs on the sales queue, not on the dead-letter queue")
}

func TestPoisonMessageEndsInDLQ(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	queue := salesQueue(t, lab)
	_, dlq := createDeadLetterQueue(t, lab)
	const maxReceiveCount = 2
	require.NoError(t, attach(lab, queue, dlq, maxReceiveCount), "AttachDeadLetterQueue")

	const poison = `{"item":"latte","price":"free"}` // a price the stock service cannot parse
	const good = `{"item":"coffee","price":1.77}`
	lab.SendMessage(t, queue, poison, map[string]string{"Author": lab.Learner})
	lab.SendMessage(t, queue, good, map[string]string{"Author": lab.Learner})

	// A consumer that fails on the poison message every time: it deletes
	// the good sale and never the poison, until SQS moves the poison away.
	poisonReceives := 0
	for range 3 * maxReceiveCount {
		out, err := lab.SQS.ReceiveMessage(lab.Ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
		})
		require.NoError(t, err, "receive from the sales queue")
		if len(out.Messages) == 0 {
			break
		}
		for _, m := range out.Messages {
			if aws.ToString(m.Body) == poison {
				poisonReceives++
				continue
			}
			lab.DeleteMessage(t, queue, m)
		}
	}
	require.Equal(t, maxReceiveCount, poisonReceives, "with maxReceiveCount %d the poison message is received %d times, then SQS moves it to the dead-letter queue instead of delivering it again", maxReceiveCount, maxReceiveCount)

	m := lab.ReceiveOne(t, dlq, 5*time.Second, time.Second, "after maxReceiveCount failed receives, the poison message must be on the dead-letter queue: check the RedrivePolicy")
	require.Equal(t, poison, aws.ToString(m.Body), "the dead-letter queue must hold the poison message, unchanged")
	author, _ := labtest.StringAttribute(m, "Author")
	require.Equal(t, lab.Learner, author, "the message keeps its attributes in the dead-letter queue")
	lab.ExpectQueueEmpty(t, queue, 5*time.Second, "the sales queue must be free of the poison message, and the good sale processed")
}

// attach calls AttachDeadLetterQueue, turning a panic into an error.
func attach(lab *labtest.Lab, queue, dlq string, maxReceiveCount int) error {
	return labtest.Guard("AttachDeadLetterQueue", func() error {
		return AttachDeadLetterQueue(lab.Ctx, lab.SQS, queue, dlq, maxReceiveCount)
	})
}

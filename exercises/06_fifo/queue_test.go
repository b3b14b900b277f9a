package fifo_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fifo "github.com/queuelab/queuelab/exercises/06_fifo"
	"github.com/queuelab/queuelab/grader/labtest"
)

// TestCreatesFifoQueue: the queue's type, deduplication, encryption and tag,
// read back.
func TestCreatesFifoQueue(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	want := lab.Learner + "-coffee-orders.fifo"

	url, err := fifo.CreateQueue(lab.Ctx, lab.SQS, lab.Learner)
	require.NoError(t, err)
	require.Equal(t, lab.QueueURL(t, want), url, "CreateQueue returns the URL of %s", want)

	attrs := lab.QueueAttributes(t, url)
	assert.Equal(t, "true", attrs["FifoQueue"], "FifoQueue")
	assert.Equal(t, "true", attrs["ContentBasedDeduplication"], "ContentBasedDeduplication")
	assert.True(t, attrs["SqsManagedSseEnabled"] == "true" || attrs["KmsMasterKeyId"] != "", "server-side encryption is on (SqsManagedSseEnabled or a KMS key)")
	assert.Equal(t, want, lab.QueueTags(t, url)["Name"], "tag Name = the queue's name")
}

// TestContentBasedDeduplication: the same body sent twice without a
// deduplication id is delivered once.
func TestContentBasedDeduplication(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url, err := fifo.CreateQueue(lab.Ctx, lab.SQS, lab.Scope(t))
	require.NoError(t, err)

	body := `{"id":"order-1","till":"till-1","item":"latte","price":2.25}`
	next := `{"id":"order-2","till":"till-1","item":"tea","price":1.5}`
	for _, b := range []string{body, body, next} {
		_, err := lab.SQS.SendMessage(lab.Ctx, &sqs.SendMessageInput{
			QueueUrl: aws.String(url), MessageBody: aws.String(b), MessageGroupId: aws.String("till-1"),
		})
		require.NoError(t, err, "send without a MessageDeduplicationId: the queue needs ContentBasedDeduplication")
	}
	// One group keeps its order: had the copy got through, it would come
	// before order-2.
	var got []string
	for _, m := range lab.Take(t, url, 2) {
		got = append(got, *m.Body)
	}
	assert.Equal(t, []string{body, next}, got, "the second, identical message must be deduplicated")
}

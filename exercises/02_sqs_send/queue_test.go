package sqssend

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/labtest"
)

// createSalesQueue runs the learner's CreateSalesQueue and checks that the
// queue it names exists.
func createSalesQueue(t *testing.T, lab *labtest.Lab) (name, url string) {
	t.Helper()
	err := labtest.Guard("CreateSalesQueue", func() (err error) { url, err = CreateSalesQueue(lab.Ctx, lab.SQS, lab.Learner); return err })
	require.NoError(t, err, "CreateSalesQueue(ctx, client, %q)", lab.Learner)
	name = lab.Learner + "-coffee-sales-queue"
	require.Equal(t, lab.QueueURL(t, name), url, "CreateSalesQueue must return the URL of the queue %s", name)
	return name, url
}

func TestCreatesSalesQueue(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	_, url := createSalesQueue(t, lab)
	attrs := lab.QueueAttributes(t, url)
	require.NotEqual(t, "true", attrs["FifoQueue"], "the sales queue must be a Standard queue, not FIFO")
}

func TestSalesQueueIsEncrypted(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	_, url := createSalesQueue(t, lab)
	attrs := lab.QueueAttributes(t, url)
	sse := attrs["SqsManagedSseEnabled"] == "true" || attrs["KmsMasterKeyId"] != ""
	require.True(t, sse, "server-side encryption must be on: SqsManagedSseEnabled is %q and KmsMasterKeyId is %q", attrs["SqsManagedSseEnabled"], attrs["KmsMasterKeyId"])
}

func TestSalesQueueHasNameTag(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	name, url := createSalesQueue(t, lab)
	require.Equal(t, name, lab.QueueTags(t, url)["Name"], "the queue's tag Name must hold the queue's name")
}

func TestCreateSalesQueueTwice(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	name, first := createSalesQueue(t, lab)
	var second string
	err := labtest.Guard("CreateSalesQueue", func() (err error) { second, err = CreateSalesQueue(lab.Ctx, lab.SQS, lab.Learner); return err })
	require.NoError(t, err, "running CreateSalesQueue a second time, when the queue exists, must not fail")
	require.Equal(t, first, second, "the second run must return the same queue's URL")
	require.Equal(t, name, lab.QueueTags(t, second)["Name"], "the queue keeps its Name tag")
}

package largepayload_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	largepayload "github.com/queuelab/queuelab/exercises/08_large_payloads"
	"github.com/queuelab/queuelab/grader/labtest"
)

// TestCreatesQueueWith256KiBLimit: the queue's MaximumMessageSize, read back.
func TestCreatesQueueWith256KiBLimit(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	want := lab.Learner + "-daily-reports-queue"

	url, err := largepayload.CreateQueue(lab.Ctx, lab.SQS, lab.Learner)
	require.NoError(t, err)
	require.Equal(t, lab.QueueURL(t, want), url, "CreateQueue returns the URL of %s", want)
	attrs := lab.QueueAttributes(t, url)
	assert.Equal(t, "262144", attrs["MaximumMessageSize"], "MaximumMessageSize: the lesson's 256 KiB, in bytes")
	assert.True(t, attrs["SqsManagedSseEnabled"] == "true" || attrs["KmsMasterKeyId"] != "", "server-side encryption is on")
	assert.Equal(t, want, lab.QueueTags(t, url)["Name"], "tag Name = the queue's name")
}

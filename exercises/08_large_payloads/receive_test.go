package largepayload_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	largepayload "github.com/queuelab/queuelab/exercises/08_large_payloads"
	"github.com/queuelab/queuelab/fixtures"
	"github.com/queuelab/queuelab/grader/labtest"
)

// sendReference sends a reference message to location, with the check's own
// code.
func sendReference(t *testing.T, lab *labtest.Lab, url, location string, size int) {
	t.Helper()
	body, err := json.Marshal(largepayload.Reference{Type: "daily-report-file", Location: location, Size: size, Timestamp: "13-Jan-2025 18:00"})
	require.NoError(t, err)
	_, err = lab.SQS.SendMessage(lab.Ctx, &sqs.SendMessageInput{
		QueueUrl:    aws.String(url),
		MessageBody: aws.String(string(body)),
		MessageAttributes: map[string]sqstypes.MessageAttributeValue{
			"PayloadLocation": {DataType: aws.String("String"), StringValue: aws.String(location)},
		},
	})
	require.NoError(t, err, "check setup: send a reference")
}

// receive calls the learner's Receive with a bound.
func receive(t *testing.T, lab *labtest.Lab, store largepayload.BlobStore, url string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(lab.Ctx, labtest.ReceiveTimeout)
	defer cancel()
	return largepayload.Receive(ctx, lab.SQS, store, url)
}

// TestConsumerFetchesReference: the consumer gets the payload itself, from
// the store for a reference and from the body otherwise, and deletes both
// messages.
func TestConsumerFetchesReference(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := reportsQueue(t, lab)
	store := newMemStore()
	report := string(fixtures.LargePayload())
	location, err := store.Put(lab.Ctx, "sales_data.csv", []byte(report))
	require.NoError(t, err)
	sendReference(t, lab, url, location, len(report))
	small := string(fixtures.Sale())
	lab.SendMessage(t, url, small, nil)

	var got []string
	for range 2 {
		payload, err := receive(t, lab, store, url)
		require.NoError(t, err)
		got = append(got, payload)
	}
	assert.ElementsMatch(t, []string{report, small}, got, "Receive returns the fetched report and the inline sale")
	lab.ExpectNoMessage(t, url, time.Second, "Receive deletes a message once it has its payload")
}

// TestKeepsMessageWhenFetchFails: a reference the store cannot serve is an
// error, and the message stays on the queue for another try (or a DLQ).
func TestKeepsMessageWhenFetchFails(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := reportsQueue(t, lab)
	store := newMemStore()
	sale := string(fixtures.Sale())
	lab.SendMessage(t, url, sale, nil)
	got, err := receive(t, lab, store, url)
	require.NoError(t, err)
	require.Equal(t, sale, got, "Receive returns an inline body as it is")

	sendReference(t, lab, url, "mem://not-there.csv", 300*1024)
	_, err = receive(t, lab, store, url)
	require.Error(t, err, "Receive must report a payload it cannot fetch")
	m := lab.Take(t, url, 1)[0]
	location, _ := labtest.StringAttribute(m, "PayloadLocation")
	assert.Equal(t, "mem://not-there.csv", location, "the reference is still on the queue: do not delete a message you could not process")
}

package largepayload_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	largepayload "github.com/queuelab/queuelab/exercises/08_large_payloads"
	"github.com/queuelab/queuelab/fixtures"
	"github.com/queuelab/queuelab/grader/labtest"
)

// TestSmallBodyGoesInline: a body up to the limit, even exactly 256 KiB,
// goes in the message itself and nothing goes to the store.
func TestSmallBodyGoesInline(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := reportsQueue(t, lab)
	store := newMemStore()

	for _, body := range []string{string(fixtures.DailyReport()), string(fixtures.SalesCSV(262144))} {
		id, err := largepayload.Send(lab.Ctx, lab.SQS, store, url, body)
		require.NoError(t, err, "send %s", short(body))
		require.NotEmpty(t, id, "Send returns the MessageId")
		m := lab.Take(t, url, 1)[0]
		assert.Equal(t, body, *m.Body, "a body of %d bytes goes as it is", len(body))
		_, marked := labtest.StringAttribute(m, "PayloadLocation")
		assert.False(t, marked, "an inline message has no PayloadLocation attribute")
	}
	assert.Empty(t, store.snapshot(), "nothing up to 262144 bytes goes to the store")
}

// TestLargeBodyGoesByReference: a body over the limit goes to the store, and
// the message is a small daily-report-file reference to it.
func TestLargeBodyGoesByReference(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := reportsQueue(t, lab)
	store := newMemStore()
	report := string(fixtures.LargePayload())

	_, err := largepayload.Send(lab.Ctx, lab.SQS, store, url, report)
	require.NoError(t, err, "a %d-byte body must not be sent as it is: the queue refuses over 262144", len(report))

	blobs := store.snapshot()
	require.Len(t, blobs, 1, "the payload is Put in the store once")
	var location string
	for loc, data := range blobs {
		location = loc
		assert.Equal(t, report, string(data), "the store holds the whole payload")
	}

	m := lab.Take(t, url, 1)[0]
	assert.LessOrEqual(t, len(*m.Body), 262144)
	got, ok := labtest.StringAttribute(m, "PayloadLocation")
	assert.True(t, ok, "a reference message has the String attribute PayloadLocation")
	assert.Equal(t, location, got, "PayloadLocation is the location Put returned")

	var ref largepayload.Reference
	require.NoError(t, json.Unmarshal([]byte(*m.Body), &ref), "the body is the reference as JSON: %s", *m.Body)
	assert.Equal(t, "daily-report-file", ref.Type)
	assert.Equal(t, location, ref.Location)
	assert.Equal(t, len(report), ref.Size)
	assert.NotEmpty(t, strings.TrimSpace(ref.Timestamp), "timestamp")
}

package sqssend

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/fixtures"
	"github.com/queuelab/queuelab/grader/labtest"
)

// salesQueue creates the sales queue for a check that grades sending only.
func salesQueue(t *testing.T, lab *labtest.Lab) string {
	t.Helper()
	return lab.CreateQueue(t, lab.Learner+"-coffee-sales-queue", nil)
}

// jsonOf decodes a message body, failing the check if it is not JSON.
func jsonOf(t *testing.T, body string) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &v), "the message body must be a JSON object, but it is %q", body)
	return v
}

func TestSendsSaleAsJSON(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := salesQueue(t, lab)
	var want map[string]any
	require.NoError(t, json.Unmarshal(fixtures.LatteSale(), &want))

	for _, sale := range []Sale{{Item: "latte", Price: 2.25}, {Item: "coffee", Price: 1.77}} {
		id, err := sendSale(lab, url, sale)
		require.NoError(t, err, "SendSale(%+v)", sale)
		require.NotEmpty(t, id, "SendSale must return the MessageId from SendMessage's output")

		m := lab.ReceiveOne(t, url, 5*time.Second, time.Minute, "SendSale must put the sale on the queue")
		lab.DeleteMessage(t, url, m)
		require.Equal(t, aws.ToString(m.MessageId), id, "SendSale returned a MessageId that is not the id of the message on the queue")
		if sale.Item == "latte" {
			require.Equal(t, want, jsonOf(t, aws.ToString(m.Body)), "the body must be the boto3 code-along's message as JSON")
		}
		require.Equal(t, map[string]any{"item": sale.Item, "price": sale.Price}, jsonOf(t, aws.ToString(m.Body)), "the body must be the sale given to SendSale, as JSON")
	}
}

func TestSaleHasAuthorAttribute(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := salesQueue(t, lab)
	_, err := sendSale(lab, url, Sale{Item: "latte", Price: 2.25})
	require.NoError(t, err, "SendSale")

	m := lab.ReceiveOne(t, url, 5*time.Second, time.Minute, "SendSale must put the sale on the queue")
	author, ok := labtest.StringAttribute(m, "Author")
	require.True(t, ok, "the message needs a message attribute Author with DataType String; it has %v", attributeNames(m.MessageAttributes))
	require.Equal(t, lab.Learner, author, "the Author attribute must hold the author given to SendSale")
}

func TestSendsDailyReport(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	url := salesQueue(t, lab)
	var want map[string]any
	require.NoError(t, json.Unmarshal(fixtures.DailyReport(), &want))

	at := time.Date(2025, time.January, 13, 18, 0, 0, 0, time.UTC)
	var id string
	err := labtest.Guard("SendDailyReport", func() (err error) {
		id, err = SendDailyReport(lab.Ctx, lab.SQS, url, "s3://coffee-data-bucket/sales_data.csv", at)
		return err
	})
	require.NoError(t, err, "SendDailyReport")
	m := lab.ReceiveOne(t, url, 5*time.Second, time.Minute, "SendDailyReport must put the notification on the queue")
	require.Equal(t, aws.ToString(m.MessageId), id, "SendDailyReport returned a MessageId that is not the id of the message on the queue")
	require.Equal(t, want, jsonOf(t, aws.ToString(m.Body)), "the body must be the slide's daily-report-file message")
}

func attributeNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	return names
}

// sendSale calls SendSale with the learner as author, turning a panic into
// an error.
func sendSale(lab *labtest.Lab, url string, sale Sale) (id string, err error) {
	err = labtest.Guard("SendSale", func() (err error) { id, err = SendSale(lab.Ctx, lab.SQS, url, sale, lab.Learner); return err })
	return id, err
}

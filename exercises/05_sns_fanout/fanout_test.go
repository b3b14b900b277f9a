package fanout_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fanout "github.com/queuelab/queuelab/exercises/05_sns_fanout"
	"github.com/queuelab/queuelab/grader/labtest"
)

// publishSale publishes a sale the way a till would, with the item as a
// message attribute, independent of the learner's Publish.
func publishSale(t *testing.T, lab *labtest.Lab, topicARN, item string, price float64) string {
	t.Helper()
	body, err := json.Marshal(map[string]any{"type": "sale", "item": item, "price": price})
	require.NoError(t, err)
	_, err = lab.SNS.Publish(lab.Ctx, &sns.PublishInput{
		TopicArn: aws.String(topicARN),
		Message:  aws.String(string(body)),
		MessageAttributes: map[string]snstypes.MessageAttributeValue{
			"item": {DataType: aws.String("String"), StringValue: aws.String(item)},
		},
	})
	require.NoError(t, err, "publish a %s sale", item)
	return string(body)
}

// saleIn returns what was published, from a body delivered raw or in the
// SNS envelope, with the check's own code (not the learner's DecodeSale).
func saleIn(body string) string {
	if env, err := labtest.Unwrap(body); err == nil {
		return env.Message
	}
	return body
}

// TestFansOutToEveryQueue: one publish, every subscribed queue gets the sale.
func TestFansOutToEveryQueue(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	scope := lab.Scope(t)
	f, err := fanout.Build(lab.Ctx, lab.SNS, lab.SQS, scope)
	require.NoError(t, err)
	assert.Equal(t, lab.QueueURL(t, scope+"-coffee-sales-queue"), f.SalesQueueURL)
	assert.Equal(t, lab.QueueURL(t, scope+"-coffee-stock-queue"), f.StockQueueURL)
	assert.Equal(t, lab.QueueURL(t, scope+"-latte-sales-queue"), f.LatteQueueURL)

	published := publishSale(t, lab, f.TopicARN, "latte", 2.25)
	for name, url := range map[string]string{"sales": f.SalesQueueURL, "stock": f.StockQueueURL, "latte": f.LatteQueueURL} {
		assert.JSONEq(t, published, saleIn(*lab.Take(t, url, 1)[0].Body), "the %s queue gets the sale", name)
	}
}

// TestDeliversRawToStockQueue: RawMessageDelivery, observed in the bodies.
func TestDeliversRawToStockQueue(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	scope := lab.Scope(t)
	f, err := fanout.Build(lab.Ctx, lab.SNS, lab.SQS, scope)
	require.NoError(t, err)

	published := publishSale(t, lab, f.TopicARN, "mocha", 3.1)
	stock := *lab.Take(t, f.StockQueueURL, 1)[0].Body
	assert.JSONEq(t, published, stock, "the stock queue gets the sale itself (RawMessageDelivery true), not the SNS envelope")

	sales := *lab.Take(t, f.SalesQueueURL, 1)[0].Body
	env, err := labtest.Unwrap(sales)
	require.NoError(t, err, "the sales queue keeps the SNS envelope, as in the lesson (RawMessageDelivery false)")
	assert.JSONEq(t, published, env.Message)
}

// TestRoutesOnlyLattesToLatteQueue: a filter policy, selective routing.
func TestRoutesOnlyLattesToLatteQueue(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	scope := lab.Scope(t)
	f, err := fanout.Build(lab.Ctx, lab.SNS, lab.SQS, scope)
	require.NoError(t, err)

	for _, item := range []string{"coffee", "tea", "latte"} {
		publishSale(t, lab, f.TopicARN, item, 2)
	}
	sales := lab.Take(t, f.SalesQueueURL, 3)
	assert.Len(t, sales, 3, "the sales queue has no filter: it gets every sale")

	latte := saleIn(*lab.Take(t, f.LatteQueueURL, 1)[0].Body)
	assert.Contains(t, latte, `"item":"latte"`, "the latte queue got %s", latte)
	lab.ExpectNoMessage(t, f.LatteQueueURL, time.Second, "the latte queue must get only lattes (a FilterPolicy on its subscription)")
}

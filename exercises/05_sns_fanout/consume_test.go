package fanout_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fanout "github.com/queuelab/queuelab/exercises/05_sns_fanout"
	"github.com/queuelab/queuelab/grader/labtest"
)

// TestUnwrapsTheEnvelope: a consumer of a topic's queue reads the sale out of
// what SNS delivered, envelope or raw.
func TestUnwrapsTheEnvelope(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	scope := lab.Scope(t)
	topicARN := lab.CreateTopic(t, scope+"-coffee-sales-notifications")
	queueURL := lab.CreateQueue(t, scope+"-coffee-sales-queue", nil)
	lab.SubscribeQueue(t, topicARN, queueURL, false)

	saleJSON := `{"type":"sale","item":"flat white","price":2.8}`
	_, err := lab.SNS.Publish(lab.Ctx, &sns.PublishInput{TopicArn: aws.String(topicARN), Message: aws.String(saleJSON)})
	require.NoError(t, err)
	envelope := *lab.Take(t, queueURL, 1)[0].Body
	want := fanout.Sale{Type: "sale", Item: "flat white", Price: 2.8}

	got, err := fanout.DecodeSale(envelope)
	require.NoError(t, err, "decode the envelope %s", envelope)
	assert.Equal(t, want, got, "the sale inside the SNS envelope")

	got, err = fanout.DecodeSale(saleJSON)
	require.NoError(t, err, "decode a raw delivery")
	assert.Equal(t, want, got, "the sale delivered raw")

	for _, bad := range []string{"Latte for ada", `{"Type":"Notification","TopicArn":"` + topicARN + `","Message":"Latte for ada"}`} {
		_, err = fanout.DecodeSale(bad)
		assert.Error(t, err, "%s is not a sale: DecodeSale must say so, not return an empty sale", bad)
	}
}

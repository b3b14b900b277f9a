package pipeline

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// Sale is one sale at a till.
type Sale struct {
	ID    string  `json:"id"`
	Till  string  `json:"till"`
	Item  string  `json:"item"`
	Price float64 `json:"price"`
}

// PublishSale is a till telling the world about a sale: it publishes the
// sale as JSON to the topic and knows nothing of who listens.
func PublishSale(ctx context.Context, client *sns.Client, topicARN string, s Sale) error {
	// TODO (step 2): json.Marshal the sale and client.Publish it to topicARN.
	return errors.New("PublishSale: not implemented yet: publish the sale as JSON to the topic (README step 2)")
}

package pipeline

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
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
	body, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode sale %s: %w", s.ID, err)
	}
	if _, err := client.Publish(ctx, &sns.PublishInput{
		TopicArn: aws.String(topicARN),
		Message:  aws.String(string(body)),
	}); err != nil {
		return fmt.Errorf("publish sale %s: %w", s.ID, err)
	}
	return nil
}

package fifo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Order is one coffee order from a till.
type Order struct {
	ID     string    `json:"id"`
	Till   string    `json:"till"`
	Item   string    `json:"item"`
	Price  float64   `json:"price"`
	SentAt time.Time `json:"sent_at"`
}

// SendOrder sends the order as JSON to the FIFO queue, in the message group
// of its till (so each till's orders stay in order) and with the order's id
// as deduplication id (so a till that sends the same order twice, even at
// another time, has it processed once). It returns the MessageId.
func SendOrder(ctx context.Context, client *sqs.Client, queueURL string, o Order) (string, error) {
	body, err := json.Marshal(o)
	if err != nil {
		return "", fmt.Errorf("encode order %s: %w", o.ID, err)
	}
	out, err := client.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:               aws.String(queueURL),
		MessageBody:            aws.String(string(body)),
		MessageGroupId:         aws.String(o.Till),
		MessageDeduplicationId: aws.String(o.ID),
	})
	if err != nil {
		return "", fmt.Errorf("send order %s: %w", o.ID, err)
	}
	return aws.ToString(out.MessageId), nil
}

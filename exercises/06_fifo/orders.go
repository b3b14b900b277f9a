package fifo

import (
	"context"
	"errors"
	"time"

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
	// TODO (steps 2 and 3): json.Marshal the order; client.SendMessage with
	// MessageGroupId o.Till and MessageDeduplicationId o.ID.
	return "", errors.New("SendOrder: not implemented yet: send the order in its till's message group, deduplicated by its id (README steps 2 and 3)")
}

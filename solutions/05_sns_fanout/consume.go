package fanout

import (
	"encoding/json"
	"errors"
	"fmt"
)

// DecodeSale reads the sale in an SQS message body that came from the topic:
// either the SNS envelope (raw delivery off), whose "Message" holds the sale,
// or the sale itself (raw delivery on).
func DecodeSale(body string) (Sale, error) {
	var envelope struct {
		Type     string `json:"Type"`
		TopicArn string `json:"TopicArn"`
		Message  string `json:"Message"`
	}
	if err := json.Unmarshal([]byte(body), &envelope); err != nil {
		return Sale{}, fmt.Errorf("decode message body: %w", err)
	}
	if envelope.Type == "Notification" && envelope.TopicArn != "" {
		body = envelope.Message
	}
	var sale Sale
	if err := json.Unmarshal([]byte(body), &sale); err != nil {
		return Sale{}, fmt.Errorf("decode sale: %w", err)
	}
	if sale.Type != "sale" || sale.Item == "" {
		return Sale{}, errors.New("decode sale: not a sale (want type \"sale\" and an item)")
	}
	return sale, nil
}

package fanout

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// Sale is the lesson's sale message.
type Sale struct {
	Type  string  `json:"type"`
	Item  string  `json:"item"`
	Price float64 `json:"price"`
}

// Publish publishes a sale to the topic as the lesson's boto3 code does
// (MessageStructure "json", the sale as JSON in the "default" entry), with a
// String message attribute "item" for filter policies. It returns the
// MessageId.
func Publish(ctx context.Context, client *sns.Client, topicARN string, sale Sale) (string, error) {
	body, err := json.Marshal(sale)
	if err != nil {
		return "", fmt.Errorf("encode sale: %w", err)
	}
	message, err := json.Marshal(map[string]string{"default": string(body)})
	if err != nil {
		return "", fmt.Errorf("encode message: %w", err)
	}
	out, err := client.Publish(ctx, &sns.PublishInput{
		TopicArn:         aws.String(topicARN),
		Message:          aws.String(string(message)),
		MessageStructure: aws.String("json"),
		MessageAttributes: map[string]snstypes.MessageAttributeValue{
			"item": {DataType: aws.String("String"), StringValue: aws.String(sale.Item)},
		},
	})
	if err != nil {
		return "", fmt.Errorf("publish sale to %s: %w", topicARN, err)
	}
	return aws.ToString(out.MessageId), nil
}

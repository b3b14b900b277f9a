package sqssend

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// Sale is the boto3 code-along's message, { "item": "latte", "price": 2.25 }.
type Sale struct {
	Item  string  `json:"item"`
	Price float64 `json:"price"`
}

// SendSale sends sale to the queue at queueURL as a JSON message body, with
// a String message attribute Author holding author, and returns the
// MessageId that SQS gave the message.
func SendSale(ctx context.Context, client *sqs.Client, queueURL string, sale Sale, author string) (string, error) {
	body, err := json.Marshal(sale)
	if err != nil {
		return "", fmt.Errorf("encode sale: %w", err)
	}
	out, err := client.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:    aws.String(queueURL),
		MessageBody: aws.String(string(body)),
		MessageAttributes: map[string]types.MessageAttributeValue{
			"Author": {DataType: aws.String("String"), StringValue: aws.String(author)},
		},
	})
	if err != nil {
		return "", fmt.Errorf("send sale of %s: %w", sale.Item, err)
	}
	return aws.ToString(out.MessageId), nil
}

// dailyReport is the slide's notification of a file ready to process.
type dailyReport struct {
	Type      string `json:"type"`
	Location  string `json:"location"`
	Timestamp string `json:"timestamp"`
}

// SendDailyReport sends the lesson's notification that a file is ready to
// process:
//
//	{"type": "daily-report-file", "location": <location>, "timestamp": <at>}
//
// with the timestamp written the lesson's way, "13-Jan-2025 18:00", and
// returns the MessageId.
func SendDailyReport(ctx context.Context, client *sqs.Client, queueURL, location string, at time.Time) (string, error) {
	body, err := json.Marshal(dailyReport{
		Type:      "daily-report-file",
		Location:  location,
		Timestamp: at.Format("02-Jan-2006 15:04"),
	})
	if err != nil {
		return "", fmt.Errorf("encode daily report: %w", err)
	}
	out, err := client.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:    aws.String(queueURL),
		MessageBody: aws.String(string(body)),
	})
	if err != nil {
		return "", fmt.Errorf("send daily report for %s: %w", location, err)
	}
	return aws.ToString(out.MessageId), nil
}

package sqssend

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
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
	// TODO:
	//  1. json.Marshal the sale (the boto3 code's json.dumps(message)).
	//  2. Call client.SendMessage with QueueUrl, MessageBody and
	//     MessageAttributes {"Author": {DataType "String", StringValue author}}.
	//  3. Return the MessageId from the output.
	return "", errors.New("SendSale: not implemented yet: marshal the sale to JSON and call client.SendMessage with an Author attribute, in exercises/02_sqs_send/send.go")
}

// SendDailyReport sends the lesson's notification that a file is ready to
// process:
//
//	{"type": "daily-report-file", "location": <location>, "timestamp": <at>}
//
// with the timestamp written the lesson's way, "13-Jan-2025 18:00", and
// returns the MessageId.
func SendDailyReport(ctx context.Context, client *sqs.Client, queueURL, location string, at time.Time) (string, error) {
	// TODO: build the message (a struct with json tags, or a map), format
	// `at` with the layout "02-Jan-2006 15:04", marshal it and send it.
	return "", errors.New("SendDailyReport: not implemented yet: send the daily-report-file JSON message with client.SendMessage, in exercises/02_sqs_send/send.go")
}

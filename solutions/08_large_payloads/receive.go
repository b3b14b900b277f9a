package largepayload

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Receive waits (long polling) for one message and returns its payload: the
// body itself, or, for a reference message (LocationAttribute set), the data
// fetched from the store. It deletes the message only once it has the
// payload; a reference it cannot fetch stays on the queue and is an error.
// It returns ctx's error if ctx ends first.
func Receive(ctx context.Context, client *sqs.Client, store BlobStore, queueURL string) (string, error) {
	for {
		out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl:              aws.String(queueURL),
			MaxNumberOfMessages:   1,
			WaitTimeSeconds:       20,
			MessageAttributeNames: []string{LocationAttribute},
		})
		if err != nil {
			return "", fmt.Errorf("receive from %s: %w", queueURL, err)
		}
		if len(out.Messages) == 0 {
			continue
		}
		m := out.Messages[0]
		payload := aws.ToString(m.Body)
		if attr, ok := m.MessageAttributes[LocationAttribute]; ok {
			data, err := store.Get(ctx, aws.ToString(attr.StringValue))
			if err != nil {
				return "", fmt.Errorf("fetch the payload of message %s: %w", aws.ToString(m.MessageId), err)
			}
			payload = string(data)
		}
		if _, err := client.DeleteMessage(ctx, &sqs.DeleteMessageInput{
			QueueUrl:      aws.String(queueURL),
			ReceiptHandle: m.ReceiptHandle,
		}); err != nil {
			return "", fmt.Errorf("delete message %s: %w", aws.ToString(m.MessageId), err)
		}
		return payload, nil
	}
}

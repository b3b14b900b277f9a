package dlq

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// DeadLetter is a message found on the dead-letter queue.
type DeadLetter struct {
	MessageID string
	Body      string
	// Attributes holds the message's String message attributes (Author...).
	Attributes map[string]string
}

// hold is how long a message received for inspection or redrive stays
// hidden: long enough that the loop does not receive it twice.
const hold = 30

// InspectDeadLetters returns every message on the dead-letter queue at
// dlqURL, without removing them: they are still there afterwards, visible,
// for a later redrive.
func InspectDeadLetters(ctx context.Context, client *sqs.Client, dlqURL string) ([]DeadLetter, error) {
	var found []DeadLetter
	var handles []*string
	// Release what was received even when a later call fails, so that
	// inspecting never hides dead letters for long.
	defer func() {
		release := context.WithoutCancel(ctx)
		for _, h := range handles {
			_, _ = client.ChangeMessageVisibility(release, &sqs.ChangeMessageVisibilityInput{
				QueueUrl: aws.String(dlqURL), ReceiptHandle: h, VisibilityTimeout: 0,
			})
		}
	}()
	for {
		msgs, err := receive(ctx, client, dlqURL)
		if err != nil {
			return nil, err
		}
		if len(msgs) == 0 {
			return found, nil
		}
		for _, m := range msgs {
			handles = append(handles, m.ReceiptHandle)
			found = append(found, DeadLetter{
				MessageID:  aws.ToString(m.MessageId),
				Body:       aws.ToString(m.Body),
				Attributes: stringAttributes(m.MessageAttributes),
			})
		}
	}
}

// Redrive moves every message on the dead-letter queue at dlqURL back to
// the queue at queueURL, with the same body and message attributes, and
// returns how many it moved. Call it once the consumer is fixed.
//
// It receives and resends, which works everywhere; StartMessageMoveTask
// does the same inside SQS (the console's "Start DLQ redrive").
func Redrive(ctx context.Context, client *sqs.Client, dlqURL, queueURL string) (int, error) {
	moved := 0
	for {
		msgs, err := receive(ctx, client, dlqURL)
		if err != nil {
			return moved, err
		}
		if len(msgs) == 0 {
			return moved, nil
		}
		for _, m := range msgs {
			if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{
				QueueUrl:          aws.String(queueURL),
				MessageBody:       m.Body,
				MessageAttributes: m.MessageAttributes,
			}); err != nil {
				return moved, fmt.Errorf("send message %s back to %s: %w", aws.ToString(m.MessageId), queueURL, err)
			}
			// Delete only once it is safely back on the queue: a failure in
			// between leaves a copy in both, never in neither.
			if _, err := client.DeleteMessage(ctx, &sqs.DeleteMessageInput{
				QueueUrl: aws.String(dlqURL), ReceiptHandle: m.ReceiptHandle,
			}); err != nil {
				return moved, fmt.Errorf("delete message %s from %s: %w", aws.ToString(m.MessageId), dlqURL, err)
			}
			moved++
		}
	}
}

// receive long-polls the queue for up to 10 messages, with their message
// attributes, hiding them for hold seconds.
func receive(ctx context.Context, client *sqs.Client, url string) ([]types.Message, error) {
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:              aws.String(url),
		MaxNumberOfMessages:   10,
		WaitTimeSeconds:       1,
		VisibilityTimeout:     hold,
		MessageAttributeNames: []string{"All"},
	})
	if err != nil {
		return nil, fmt.Errorf("receive from %s: %w", url, err)
	}
	return out.Messages, nil
}

func stringAttributes(attrs map[string]types.MessageAttributeValue) map[string]string {
	out := map[string]string{}
	for k, v := range attrs {
		if v.StringValue != nil {
			out[k] = aws.ToString(v.StringValue)
		}
	}
	return out
}

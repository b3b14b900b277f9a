package largepayload

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// LocationAttribute is the String message attribute that marks a reference
// message: its value is the payload's location in the blob store.
const LocationAttribute = "PayloadLocation"

// Reference is the body of a reference message: the lesson's
// daily-report-file notification, with the payload's size.
type Reference struct {
	Type      string `json:"type"` // "daily-report-file"
	Location  string `json:"location"`
	Size      int    `json:"size"`
	Timestamp string `json:"timestamp"` // as in the lesson: 13-Jan-2025 18:00
}

// Send sends body to the queue. A body of at most MaxMessageSize bytes goes
// as it is. A larger one is Put in the store under a new key, and the
// message is a Reference to it, with the LocationAttribute set. It returns
// the MessageId.
func Send(ctx context.Context, client *sqs.Client, store BlobStore, queueURL, body string) (string, error) {
	in := &sqs.SendMessageInput{QueueUrl: aws.String(queueURL), MessageBody: aws.String(body)}
	if len(body) > MaxMessageSize {
		location, err := store.Put(ctx, "report-"+rand.Text()+".csv", []byte(body))
		if err != nil {
			return "", fmt.Errorf("store the payload: %w", err)
		}
		ref, err := json.Marshal(Reference{
			Type:      "daily-report-file",
			Location:  location,
			Size:      len(body),
			Timestamp: time.Now().UTC().Format("02-Jan-2006 15:04"),
		})
		if err != nil {
			return "", fmt.Errorf("encode the reference: %w", err)
		}
		in.MessageBody = aws.String(string(ref))
		in.MessageAttributes = map[string]sqstypes.MessageAttributeValue{
			LocationAttribute: {DataType: aws.String("String"), StringValue: aws.String(location)},
		}
	}
	out, err := client.SendMessage(ctx, in)
	if err != nil {
		return "", fmt.Errorf("send to %s: %w", queueURL, err)
	}
	return aws.ToString(out.MessageId), nil
}

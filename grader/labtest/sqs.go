package labtest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// SQS helpers for checks: the setup a check does itself and the read-backs
// it verifies with. They fail the check with a message saying what was being
// done; they use only documented SQS behaviour, so they work on any backend.

// CreateQueue creates the queue name with attrs for a check's own setup
// and returns its URL.
func (l *Lab) CreateQueue(t testing.TB, name string, attrs map[string]string) string {
	t.Helper()
	out, err := l.SQS.CreateQueue(l.Ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		t.Fatalf("check setup: create queue %s: %v", name, err)
	}
	return aws.ToString(out.QueueUrl)
}

// QueueURL returns the URL of the queue called name, failing the check when
// the queue does not exist.
func (l *Lab) QueueURL(t testing.TB, name string) string {
	t.Helper()
	out, err := l.SQS.GetQueueUrl(l.Ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
	if err != nil {
		var missing *types.QueueDoesNotExist
		if errors.As(err, &missing) {
			t.Fatalf("there is no queue named %q", name)
		}
		t.Fatalf("look up queue %s: %v", name, err)
	}
	return aws.ToString(out.QueueUrl)
}

// QueueAttributes reads back every attribute of the queue at url.
func (l *Lab) QueueAttributes(t testing.TB, url string) map[string]string {
	t.Helper()
	out, err := l.SQS.GetQueueAttributes(l.Ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(url),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll},
	})
	if err != nil {
		t.Fatalf("read the attributes of %s: %v", url, err)
	}
	return out.Attributes
}

// QueueARN returns the ARN of the queue at url.
func (l *Lab) QueueARN(t testing.TB, url string) string {
	t.Helper()
	arn := l.QueueAttributes(t, url)[string(types.QueueAttributeNameQueueArn)]
	if arn == "" {
		t.Fatalf("queue %s has no QueueArn attribute", url)
	}
	return arn
}

// QueueTags reads back the tags of the queue at url.
func (l *Lab) QueueTags(t testing.TB, url string) map[string]string {
	t.Helper()
	out, err := l.SQS.ListQueueTags(l.Ctx, &sqs.ListQueueTagsInput{QueueUrl: aws.String(url)})
	if err != nil {
		t.Fatalf("read the tags of %s: %v", url, err)
	}
	return out.Tags
}

// SendMessage sends body (with optional string attributes) to the queue at
// url for a check's setup and returns the message id.
func (l *Lab) SendMessage(t testing.TB, url, body string, attrs map[string]string) string {
	t.Helper()
	in := &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body)}
	if len(attrs) > 0 {
		in.MessageAttributes = map[string]types.MessageAttributeValue{}
		for k, v := range attrs {
			in.MessageAttributes[k] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
		}
	}
	out, err := l.SQS.SendMessage(l.Ctx, in)
	if err != nil {
		t.Fatalf("check setup: send %q to %s: %v", shorten(body), url, err)
	}
	return aws.ToString(out.MessageId)
}

// ReceiveMessages long-polls the queue at url until want distinct messages
// arrived or within has passed, and returns what arrived (with every system
// and message attribute). Received messages stay hidden for hide (at least 1
// second; SQS counts in whole seconds) and are not deleted.
func (l *Lab) ReceiveMessages(t testing.TB, url string, want int, within, hide time.Duration) []types.Message {
	t.Helper()
	var got []types.Message
	seen := map[string]bool{}
	deadline := time.Now().Add(within)
	for len(got) < want {
		left := time.Until(deadline)
		if left <= 0 {
			break
		}
		out, err := l.SQS.ReceiveMessage(l.Ctx, &sqs.ReceiveMessageInput{
			QueueUrl:                    aws.String(url),
			MaxNumberOfMessages:         int32(min(10, max(1, want-len(got)))),
			WaitTimeSeconds:             seconds(left, 20),
			VisibilityTimeout:           max(1, seconds(hide, 43200)),
			MessageAttributeNames:       []string{"All"},
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		})
		if err != nil {
			t.Fatalf("receive from %s: %v", url, err)
		}
		for _, m := range out.Messages {
			if id := aws.ToString(m.MessageId); !seen[id] {
				seen[id] = true
				got = append(got, m)
			}
		}
	}
	return got
}

// ReceiveOne long-polls the queue at url for one message, for up to within,
// and fails the check with why when none arrives.
func (l *Lab) ReceiveOne(t testing.TB, url string, within, hide time.Duration, why string) types.Message {
	t.Helper()
	got := l.ReceiveMessages(t, url, 1, within, hide)
	if len(got) == 0 {
		t.Fatalf("no message arrived on %s within %s: %s", url, within, why)
	}
	return got[0]
}

// ExpectNoMessage long-polls the queue at url for wait and fails the check
// with why when a message arrives. Give the queue a visibility timeout of 0
// first if a message in flight should count as still there.
func (l *Lab) ExpectNoMessage(t testing.TB, url string, wait time.Duration, why string) {
	t.Helper()
	if got := l.ReceiveMessages(t, url, 1, wait, time.Second); len(got) > 0 {
		t.Fatalf("%s: found %q on %s", why, shorten(aws.ToString(got[0].Body)), url)
	}
}

// ExpectQueueEmpty fails the check with why unless the queue at url holds
// no message at all (visible, in flight or delayed) within the given time.
// It reads SQS's approximate counts, which settle quickly; emulators report
// them exactly. Unlike ExpectNoMessage it also sees messages that someone
// received and did not delete.
func (l *Lab) ExpectQueueEmpty(t testing.TB, url string, within time.Duration, why string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		out, err := l.SQS.GetQueueAttributes(l.Ctx, &sqs.GetQueueAttributesInput{
			QueueUrl: aws.String(url),
			AttributeNames: []types.QueueAttributeName{
				types.QueueAttributeNameApproximateNumberOfMessages,
				types.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
				types.QueueAttributeNameApproximateNumberOfMessagesDelayed,
			},
		})
		if err != nil {
			t.Fatalf("read the message counts of %s: %v", url, err)
		}
		a := out.Attributes
		visible, inFlight, delayed := a["ApproximateNumberOfMessages"], a["ApproximateNumberOfMessagesNotVisible"], a["ApproximateNumberOfMessagesDelayed"]
		if visible == "0" && inFlight == "0" && (delayed == "0" || delayed == "") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s still holds %s visible, %s in flight (received, not deleted) and %s delayed messages", why, url, visible, inFlight, delayed)
		}
		select {
		case <-l.Ctx.Done():
			t.Fatalf("%s: %v", why, l.Ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// DeleteMessage deletes m from the queue at url, for a check's cleanup.
func (l *Lab) DeleteMessage(t testing.TB, url string, m types.Message) {
	t.Helper()
	if _, err := l.SQS.DeleteMessage(l.Ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
		t.Fatalf("delete message %s from %s: %v", aws.ToString(m.MessageId), url, err)
	}
}

// StringAttribute returns the value of m's String message attribute name,
// and whether m has it with DataType String.
func StringAttribute(m types.Message, name string) (string, bool) {
	v, ok := m.MessageAttributes[name]
	if !ok || aws.ToString(v.DataType) != "String" {
		return "", false
	}
	return aws.ToString(v.StringValue), true
}

// seconds rounds d up to whole seconds, between 0 and limit.
func seconds(d time.Duration, limit int32) int32 {
	s := (d + time.Second - 1) / time.Second
	return int32(min(max(s, 0), time.Duration(limit)))
}

func shorten(s string) string {
	const n = 80
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "..."
}

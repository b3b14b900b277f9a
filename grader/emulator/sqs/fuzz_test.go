package sqs

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/queuelab/queuelab/grader/emulator/caller"
)

// Fuzz targets for the two request decoders, run through the whole service:
// whatever arrives, the answer is an AWS error or a result, never a panic
// (dispatch turns one into a 500, which the targets refuse).

func fuzzService(t *testing.T) (*Service, caller.Caller, context.Context) {
	svc := New(Config{})
	t.Cleanup(svc.Close)
	c := caller.Caller{Account: "123456789012", Region: "us-east-1", Scheme: "http", Host: "local"}
	for _, body := range []string{`{"QueueName":"q"}`, `{"QueueName":"f.fifo","Attributes":{"FifoQueue":"true"}}`} {
		rec := httptest.NewRecorder()
		svc.ServeJSON(rec, httptest.NewRequest(http.MethodPost, "/", nil), c, "CreateQueue", []byte(body))
	}
	// A cancelled context ends long polls at once.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return svc, c, ctx
}

func FuzzServeJSON(f *testing.F) {
	seeds := []struct{ op, body string }{
		{"SendMessage", `{"QueueUrl":"http://local/123456789012/q","MessageBody":"x","MessageAttributes":{"a":{"DataType":"Number","StringValue":"1"}}}`},
		{"SendMessageBatch", `{"QueueUrl":"http://local/123456789012/f.fifo","Entries":[{"Id":"a","MessageBody":"x","MessageGroupId":"g"}]}`},
		{"ReceiveMessage", `{"QueueUrl":"http://local/123456789012/q","WaitTimeSeconds":20,"MaxNumberOfMessages":10}`},
		{"CreateQueue", `{"QueueName":"x","Attributes":{"RedrivePolicy":"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:q\",\"maxReceiveCount\":\"2\"}"}}`},
		{"DeleteMessageBatch", `{"QueueUrl":"http://local/123456789012/q","Entries":[{"Id":"a","ReceiptHandle":"YQ"}]}`},
		{"CancelMessageMoveTask", `{"TaskHandle":"eyJ0YXNrSWQiOiJ4In0="}`},
		{"SetQueueAttributes", `{"QueueUrl":"/123456789012/q","Attributes":{"Policy":"{}"}}`},
		{"Nope", `[]`},
		{"ListQueues", `{"MaxResults":-5,"NextToken":"%%%"}`},
	}
	for _, s := range seeds {
		f.Add(s.op, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, op string, body []byte) {
		svc, c, ctx := fuzzService(t)
		req := httptest.NewRequest(http.MethodPost, "/", nil).WithContext(ctx)
		rec := httptest.NewRecorder()
		svc.ServeJSON(rec, req, c, op, body)
		if rec.Code >= 500 {
			t.Fatalf("%s %q: status %d: %s", op, body, rec.Code, rec.Body)
		}
	})
}

func FuzzServeQuery(f *testing.F) {
	seeds := []string{
		"Action=SendMessage&QueueUrl=http://local/123456789012/q&MessageBody=x&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=Binary&MessageAttribute.1.Value.BinaryValue=AQID",
		"Action=SendMessageBatch&QueueUrl=/123456789012/f.fifo&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=x&SendMessageBatchRequestEntry.1.MessageGroupId=g",
		"Action=ReceiveMessage&QueueUrl=/123456789012/q&AttributeName.1=All&MessageAttributeName.1=.*&WaitTimeSeconds=20",
		"Action=CreateQueue&QueueName=x.fifo&Attribute.1.Name=FifoQueue&Attribute.1.Value=true&Tag.1.Key=k&Tag.1.Value=v",
		"Action=AddPermission&QueueUrl=/123456789012/q&Label=l&AWSAccountId.1=1&ActionName.1=*",
		"Action=ChangeMessageVisibilityBatch&QueueUrl=/123456789012/q&ChangeMessageVisibilityBatchRequestEntry.999999999999.Id=a",
		"Action=ListQueues&MaxResults=99999999999999999999",
		"Action=Nope",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return // the router answers these before the service sees them
		}
		svc, c, ctx := fuzzService(t)
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(raw)).WithContext(ctx)
		rec := httptest.NewRecorder()
		svc.ServeQuery(rec, req, c, form)
		if rec.Code >= 500 {
			t.Fatalf("%q: status %d: %s", raw, rec.Code, rec.Body)
		}
	})
}

package sns

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/queuelab/queuelab/grader/emulator/caller"
)

// discardQueues accepts every delivery and keeps nothing.
type discardQueues struct{}

func (discardQueues) DeliverToQueue(context.Context, QueueDelivery) error { return nil }

// BenchmarkServePublish measures the SNS server side of one Publish of a
// 1 KiB message with attributes to a topic with one SQS subscription (the
// envelope built, the delivery handed on), against a baseline that only
// decodes the form and writes a fixed reply. No SDK, no transport: the
// difference is SNS's own cost.
func BenchmarkServePublish(b *testing.B) {
	topic := "arn:aws:sns:us-east-1:000000000000:bench"
	body := url.Values{
		"Action": {"Publish"}, "Version": {Version}, "TopicArn": {topic}, "Message": {strings.Repeat("x", 1024)},
		"MessageAttributes.entry.1.Name": {"Author"}, "MessageAttributes.entry.1.Value.DataType": {"String"},
		"MessageAttributes.entry.1.Value.StringValue": {"alice"},
	}.Encode()

	b.Run("sns", func(b *testing.B) {
		svc := New(Config{Queues: discardQueues{}})
		b.Cleanup(svc.Close)
		setup := httptest.NewRequest(http.MethodPost, "http://localhost:4566/", nil)
		c := caller.FromRequest(setup, "us-east-1")
		svc.ServeQuery(httptest.NewRecorder(), setup, c, url.Values{"Action": {"CreateTopic"}, "Name": {"bench"}})
		svc.ServeQuery(httptest.NewRecorder(), setup, c, url.Values{"Action": {"Subscribe"}, "TopicArn": {topic},
			"Protocol": {"sqs"}, "Endpoint": {"arn:aws:sqs:us-east-1:000000000000:q"}})
		b.ReportAllocs()
		for b.Loop() {
			form, err := url.ParseQuery(body)
			if err != nil {
				b.Fatal(err)
			}
			rec := httptest.NewRecorder()
			svc.ServeQuery(rec, setup, c, form)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			form, err := url.ParseQuery(body)
			if err != nil || form.Get("Action") != "Publish" {
				b.Fatal(err)
			}
			rec := httptest.NewRecorder()
			rec.Header().Set("Content-Type", "text/xml")
			_, _ = io.WriteString(rec, `<?xml version="1.0"?><PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult><ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata></PublishResponse>`)
		}
	})
}

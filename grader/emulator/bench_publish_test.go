package emulator

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/queuelab/queuelab/grader/emulator/clock"
)

// BenchmarkPublish measures SNS Publish of a 1 KiB message to a topic with
// one SQS subscription, through aws-sdk-go-v2, over the in-memory transport
// and over a loopback socket, beside a baseline handler that only decodes the
// form and writes a fixed valid PublishResponse: the difference is what the
// emulator's SNS and SQS work costs.
func BenchmarkPublish(b *testing.B) {
	message := strings.Repeat("x", 1024)
	b.Run("emulator/inmemory", func(b *testing.B) {
		benchPublish(b, message, false)
	})
	b.Run("emulator/loopback", func(b *testing.B) {
		benchPublish(b, message, true)
	})
	b.Run("baseline/inmemory", func(b *testing.B) {
		benchBaseline(b, message, false)
	})
	b.Run("baseline/loopback", func(b *testing.B) {
		benchBaseline(b, message, true)
	})
}

const benchAccount = "123456789012"

// benchClients returns SDK clients for h, in memory or over loopback.
func benchClients(b *testing.B, h http.Handler, loopback bool) (*sns.Client, *sqs.Client) {
	b.Helper()
	endpoint := "http://bench.test:4566"
	httpClient := &http.Client{Transport: inMemory{h: h}}
	if loopback {
		srv := httptest.NewServer(h)
		b.Cleanup(srv.Close)
		endpoint = srv.URL
		httpClient = srv.Client()
	}
	creds := credentials.NewStaticCredentialsProvider(benchAccount, "x", "")
	snsc := sns.New(sns.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint), Credentials: creds, HTTPClient: httpClient})
	sqsc := sqs.New(sqs.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint), Credentials: creds, HTTPClient: httpClient})
	return snsc, sqsc
}

func benchPublish(b *testing.B, message string, loopback bool) {
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC))
	e := New(WithClock(clk))
	b.Cleanup(e.Close)
	snsc, sqsc := benchClients(b, e, loopback)

	q, err := sqsc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("bench")})
	if err != nil {
		b.Fatal(err)
	}
	attrs, err := sqsc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{"QueueArn"}})
	if err != nil {
		b.Fatal(err)
	}
	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("bench")})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(attrs.Attributes["QueueArn"])}); err != nil {
		b.Fatal(err)
	}
	in := &sns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String(message)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := snsc.Publish(ctx, in); err != nil {
			b.Fatal(err)
		}
		if i%2000 == 1999 {
			// Keep the queue from growing without bound; PurgeQueue allows
			// one purge a minute, so move the fake clock.
			b.StopTimer()
			clk.Advance(61 * time.Second)
			if _, err := sqsc.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: q.QueueUrl}); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	}
}

// baselinePublish decodes a query request as any handler must and answers a
// fixed, valid PublishResponse.
func baselinePublish(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if _, err := url.ParseQuery(string(body)); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	_, _ = io.WriteString(w, `<?xml version="1.0"?><PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult><ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata></PublishResponse>`)
}

func benchBaseline(b *testing.B, message string, loopback bool) {
	ctx := context.Background()
	snsc, _ := benchClients(b, http.HandlerFunc(baselinePublish), loopback)
	in := &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:" + benchAccount + ":bench"), Message: aws.String(message)}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := snsc.Publish(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

package sns

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// endpoint is an HTTP subscriber that hands each POST to the test.
type endpoint struct {
	srv   *httptest.Server
	posts chan post
	mu    sync.Mutex
	fail  int // how many more POSTs to answer with 500
}

type post struct {
	header http.Header
	body   string
}

func newEndpoint(t *testing.T) *endpoint {
	t.Helper()
	e := &endpoint{posts: make(chan post, 16)}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		e.mu.Lock()
		failing := e.fail > 0
		if failing {
			e.fail--
		}
		e.mu.Unlock()
		if failing {
			w.WriteHeader(http.StatusInternalServerError)
		}
		e.posts <- post{header: r.Header.Clone(), body: string(b)}
	}))
	t.Cleanup(e.srv.Close)
	return e
}

func TestHTTPSubscription(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	ep := newEndpoint(t)
	topic := h.createTopic(t, "webhook", nil)
	out, err := h.client.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("http"), Endpoint: aws.String(ep.srv.URL + "/hook")})
	require.NoError(t, err)
	assert.Equal(t, "pending confirmation", aws.ToString(out.SubscriptionArn))

	confirm := <-ep.posts
	assert.Equal(t, "SubscriptionConfirmation", confirm.header.Get("x-amz-sns-message-type"))
	assert.Equal(t, topic, confirm.header.Get("x-amz-sns-topic-arn"))
	assert.Equal(t, "Amazon Simple Notification Service Agent", confirm.header.Get("User-Agent"))
	assert.Equal(t, "text/plain; charset=UTF-8", confirm.header.Get("Content-Type"))
	var msg struct{ Type, Token, TopicArn, SubscribeURL, Message string }
	require.NoError(t, json.Unmarshal([]byte(confirm.body), &msg))
	assert.Equal(t, "SubscriptionConfirmation", msg.Type)
	assert.Equal(t, "http://sns.test:4566/?Action=ConfirmSubscription&TopicArn="+topic+"&Token="+msg.Token, msg.SubscribeURL)
	assert.Contains(t, msg.Message, "You have chosen to subscribe to the topic "+topic)

	// Nothing is delivered before confirmation.
	_, err = h.client.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("early")})
	require.NoError(t, err)

	// Visiting the SubscribeURL (an unsigned GET) confirms.
	req := httptest.NewRequest(http.MethodGet, msg.SubscribeURL, nil)
	rec := httptest.NewRecorder()
	h.handler.ServeHTTP(rec, req)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "<SubscriptionArn>"+topic+":")

	_, err = h.client.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("hello web")})
	require.NoError(t, err)
	note := <-ep.posts
	assert.Equal(t, "Notification", note.header.Get("x-amz-sns-message-type"))
	assert.NotEmpty(t, note.header.Get("x-amz-sns-subscription-arn"))
	var n struct{ Type, Message string }
	require.NoError(t, json.Unmarshal([]byte(note.body), &n))
	assert.Equal(t, "hello web", n.Message)
}

func TestHTTPDeliveryRetries(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	ep := newEndpoint(t)
	topic := h.createTopic(t, "flaky", nil)
	sub, err := h.client.Subscribe(ctx, &awssns.SubscribeInput{
		TopicArn: aws.String(topic), Protocol: aws.String("http"), Endpoint: aws.String(ep.srv.URL),
		Attributes: map[string]string{"RawMessageDelivery": "true"}, ReturnSubscriptionArn: true,
	})
	require.NoError(t, err)
	confirm := <-ep.posts
	var msg struct{ Token string }
	require.NoError(t, json.Unmarshal([]byte(confirm.body), &msg))
	_, err = h.client.ConfirmSubscription(ctx, &awssns.ConfirmSubscriptionInput{TopicArn: aws.String(topic), Token: aws.String(msg.Token)})
	require.NoError(t, err)

	ep.mu.Lock()
	ep.fail = 1
	ep.mu.Unlock()
	_, err = h.client.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("raw body")})
	require.NoError(t, err)
	first := <-ep.posts // answered 500
	assert.Equal(t, "raw body", first.body)
	assert.Equal(t, "true", first.header.Get("x-amz-sns-rawdelivery"))

	// The retry waits on the service's clock: move it until the POST comes.
	var retry post
	for retry.body == "" {
		h.clock.Advance(httpRetryDelay)
		select {
		case retry = <-ep.posts:
		case <-time.After(pollEvery):
		}
	}
	assert.Equal(t, "raw body", retry.body)
	require.Eventually(t, func() bool {
		for _, d := range h.svc.Deliveries(testAccount) {
			if d.SubscriptionARN == aws.ToString(sub.SubscriptionArn) && d.Type == TypeNotification && d.Status == StatusDelivered {
				return d.Attempts == 2
			}
		}
		return false
	}, deliveryWait, pollEvery)
}

func TestCloseStopsHTTPRetries(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ep := newEndpoint(t)
	ep.fail = 1 << 30
	topic := h.createTopic(t, "closing", nil)
	_, err := h.client.Subscribe(context.Background(), &awssns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("http"), Endpoint: aws.String(ep.srv.URL)})
	require.NoError(t, err)
	<-ep.posts    // the confirmation failed; a retry now waits on the fake clock
	h.svc.Close() // must return although the clock never moves
	_, err = h.client.ListTopics(context.Background(), &awssns.ListTopicsInput{})
	requireAPIError(t, err, "ServiceUnavailable", "")
}

package sns

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/caller"
	"github.com/queuelab/queuelab/grader/emulator/clock"
)

// fakeQueues is a QueueTarget that records deliveries and fails for queues
// marked missing.
type fakeQueues struct {
	mu      sync.Mutex
	got     []QueueDelivery
	missing map[string]bool
}

func (f *fakeQueues) DeliverToQueue(_ context.Context, d QueueDelivery) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.missing[d.QueueARN] {
		return errors.New("queue does not exist")
	}
	f.got = append(f.got, d)
	return nil
}

func (f *fakeQueues) setMissing(arn string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.missing == nil {
		f.missing = map[string]bool{}
	}
	f.missing[arn] = true
}

// to returns the deliveries made to one queue.
func (f *fakeQueues) to(queueARN string) []QueueDelivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []QueueDelivery
	for _, d := range f.got {
		if d.QueueARN == queueARN {
			out = append(out, d)
		}
	}
	return out
}

// harness is one Service behind an HTTP handler, with an SDK client.
type harness struct {
	svc     *Service
	queues  *fakeQueues
	clock   *clock.Fake
	handler http.Handler
	client  *awssns.Client
	account string
}

const testAccount = "123456789012"

func newHarness(t *testing.T, opts ...func(*Config)) *harness {
	t.Helper()
	h := &harness{
		queues:  &fakeQueues{},
		clock:   clock.NewFake(time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)),
		account: testAccount,
	}
	cfg := Config{Clock: h.clock, Queues: h.queues}
	for _, o := range opts {
		o(&cfg)
	}
	h.svc = New(cfg)
	t.Cleanup(h.svc.Close)
	h.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form := r.URL.Query()
		posted, err := url.ParseQuery(string(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for k, vs := range posted {
			form[k] = append(form[k], vs...)
		}
		h.svc.ServeQuery(w, r, caller.FromRequest(r, "us-east-1"), form)
	})
	h.client = h.clientFor(t, h.account, "us-east-1")
	return h
}

// clientFor returns an SDK client acting as account in region.
func (h *harness) clientFor(t *testing.T, account, region string) *awssns.Client {
	t.Helper()
	return awssns.New(awssns.Options{
		Region:       region,
		BaseEndpoint: aws.String("http://sns.test:4566"),
		Credentials:  credentials.NewStaticCredentialsProvider(account, "secret", ""),
		HTTPClient:   &http.Client{Transport: roundTripper{h.handler}},
	})
}

type roundTripper struct{ h http.Handler }

func (rt roundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Host == "" {
		r.Host = r.URL.Host // as a server sees it
	}
	rec := httptest.NewRecorder()
	rt.h.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// raw sends an unsigned form request and returns the status and body.
func (h *harness) raw(t *testing.T, form url.Values) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://sns.test:4566/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func (h *harness) createTopic(t *testing.T, name string, attrs map[string]string) string {
	t.Helper()
	out, err := h.client.CreateTopic(context.Background(), &awssns.CreateTopicInput{Name: aws.String(name), Attributes: attrs})
	require.NoError(t, err)
	return aws.ToString(out.TopicArn)
}

func (h *harness) subscribeQueue(t *testing.T, topicARN, queueARN string, attrs map[string]string) string {
	t.Helper()
	out, err := h.client.Subscribe(context.Background(), &awssns.SubscribeInput{
		TopicArn: aws.String(topicARN), Protocol: aws.String("sqs"), Endpoint: aws.String(queueARN), Attributes: attrs,
	})
	require.NoError(t, err)
	return aws.ToString(out.SubscriptionArn)
}

func queueARN(name string) string { return "arn:aws:sqs:us-east-1:" + testAccount + ":" + name }

// requireAPIError checks an SDK error's code and message.
func requireAPIError(t *testing.T, err error, code, message string) {
	t.Helper()
	require.Error(t, err)
	var apiErr interface {
		ErrorCode() string
		ErrorMessage() string
	}
	require.True(t, errors.As(err, &apiErr), "not an API error: %v", err)
	require.Equal(t, code, apiErr.ErrorCode())
	if message != "" {
		require.Equal(t, message, apiErr.ErrorMessage())
	}
}

// Bounds for waiting on background HTTP deliveries (not timing assertions:
// the wait ends as soon as the delivery is logged).
const (
	deliveryWait = 5 * time.Second
	pollEvery    = 5 * time.Millisecond
)

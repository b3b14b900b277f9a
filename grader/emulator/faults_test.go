package emulator_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator"
	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
	"github.com/queuelab/queuelab/grader/emulator/faults"
)

// errorOf returns the API error code and HTTP status of err.
func errorOf(t *testing.T, err error) (string, int) {
	t.Helper()
	var api smithy.APIError
	require.ErrorAs(t, err, &api, "an AWS error: %v", err)
	var resp *smithyhttp.ResponseError
	require.ErrorAs(t, err, &resp)
	return api.ErrorCode(), resp.HTTPStatusCode()
}

func TestInjectedErrorsReachTheSDK(t *testing.T) {
	t.Parallel()
	tests := []struct {
		service, op, code string
		wantCode          string
		wantStatus        int
	}{
		{"sqs", "ReceiveMessage", "RequestThrottled", "RequestThrottled", 400},
		{"sqs", "ReceiveMessage", "ThrottlingException", "ThrottlingException", 400},
		{"sqs", "DeleteMessage", "InternalError", "InternalError", 500},
		{"sqs", "ReceiveMessage", "ServiceUnavailable", "ServiceUnavailable", 503},
		{"sns", "Publish", "Throttled", "Throttled", 429},
		{"sns", "Publish", "ThrottlingException", "ThrottlingException", 400},
		{"sns", "Publish", "InternalError", "InternalError", 500},
		{"sns", "Publish", "ServiceUnavailable", "ServiceUnavailable", 503},
	}
	for _, tt := range tests {
		t.Run(tt.service+"/"+tt.code, func(t *testing.T) {
			t.Parallel()
			env := emulatortest.New(t, emulatortest.WithEmulatorOptions(emulator.WithFaults(faults.Config{Rules: []faults.Rule{
				{Service: tt.service, Operation: tt.op, Error: tt.code},
			}})))
			ctx := emulatortest.Context(t)
			var err error
			switch tt.service {
			case "sqs":
				q, cerr := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("q")})
				require.NoError(t, cerr, "another operation is not faulted")
				if tt.op == "DeleteMessage" {
					_, err = env.SQS.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: q.QueueUrl, ReceiptHandle: aws.String("x")})
				} else {
					_, err = env.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
				}
			case "sns":
				topic, cerr := env.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("t")})
				require.NoError(t, cerr)
				_, err = env.SNS.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String("m")})
			}
			code, status := errorOf(t, err)
			assert.Equal(t, tt.wantCode, code)
			assert.Equal(t, tt.wantStatus, status)
			assert.Equal(t, 1, env.Emulator.Faults().Status()[0].Injected)
		})
	}
}

func TestInjectedErrorOverTheQueryProtocol(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t, emulatortest.WithEmulatorOptions(emulator.WithFaults(faults.Config{Rules: []faults.Rule{
		{Service: "sqs", Operation: "ReceiveMessage", Queue: "q", Error: "RequestThrottled"},
	}})))
	ctx := emulatortest.Context(t)
	q, err := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("q")})
	require.NoError(t, err)
	resp, err := env.HTTP.PostForm(aws.ToString(q.QueueUrl), url.Values{"Action": {"ReceiveMessage"}, "Version": {"2012-11-05"}})
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(body), "<ErrorResponse")
	assert.Contains(t, string(body), "<Type>Sender</Type><Code>RequestThrottled</Code>")
	assert.Equal(t, "1", resp.Header.Get("X-Queuelab-Fault"), "which rule answered")
}

// retrying is env's SQS client with the SDK's default retryer (3 attempts)
// and a backoff of at most a millisecond.
func retrying(env *emulatortest.Env) *sqs.Client {
	return sqs.NewFromConfig(env.Config, func(o *sqs.Options) {
		o.RetryMaxAttempts = 0
		o.Retryer = retry.AddWithMaxBackoffDelay(retry.NewStandard(), time.Millisecond)
	})
}

func TestTheSDKRetriesInjectedFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		times  int
		wantOK bool
	}{
		{name: "two failures: the third attempt succeeds", times: 2, wantOK: true},
		{name: "three failures: the retryer gives up", times: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := emulatortest.New(t, emulatortest.WithEmulatorOptions(emulator.WithFaults(faults.Config{Rules: []faults.Rule{
				{Service: "sqs", Operation: "ReceiveMessage", Error: "ServiceUnavailable", Times: tt.times},
			}})))
			ctx := emulatortest.Context(t)
			q, err := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("q")})
			require.NoError(t, err)
			_, err = retrying(env).ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
			if tt.wantOK {
				require.NoError(t, err)
			} else {
				var maxed *retry.MaxAttemptsError
				require.ErrorAs(t, err, &maxed)
				assert.Equal(t, 3, maxed.Attempt)
			}
			assert.Equal(t, tt.times, env.Emulator.Faults().Status()[0].Injected)
		})
	}
}

func TestSameSeedSameFaultsOverTheWire(t *testing.T) {
	t.Parallel()
	run := func(seed uint64) []bool {
		env := emulatortest.New(t, emulatortest.WithEmulatorOptions(emulator.WithFaults(faults.Config{Seed: seed, Rules: []faults.Rule{
			{Service: "sqs", Operation: "SendMessage", Queue: "q", Error: "InternalError", Share: faults.Share(0.4)},
		}})))
		ctx := emulatortest.Context(t)
		q, err := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("q")})
		require.NoError(t, err)
		var failed []bool
		for range 40 {
			_, err := env.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("m")})
			failed = append(failed, err != nil)
		}
		return failed
	}
	first := run(2026)
	assert.Equal(t, first, run(2026))
	assert.NotEqual(t, first, run(7))
	assert.Contains(t, first, true)
	assert.Contains(t, first, false)
}

func TestInjectedLatency(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t, emulatortest.WithFakeClock(), emulatortest.WithEmulatorOptions(emulator.WithFaults(faults.Config{Rules: []faults.Rule{
		{Service: "sqs", Operation: "ListQueues", Latency: faults.Duration(5 * time.Second)},
	}})))
	ctx := emulatortest.Context(t)
	done := make(chan error, 1)
	go func() {
		_, err := env.SQS.ListQueues(ctx, &sqs.ListQueuesInput{})
		done <- err
	}()
	require.Eventually(t, func() bool { return env.Emulator.Faults().Status()[0].Injected == 1 }, 5*time.Second, time.Millisecond)
	select {
	case <-done:
		t.Fatal("the call answered before its latency passed")
	case <-time.After(20 * time.Millisecond):
	}
	env.Clock.Advance(5 * time.Second)
	require.NoError(t, <-done, "a latency-only fault delays the call, then serves it")
}

func TestFaultsEndpoint(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	do := func(method, query, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, env.URL+faults.Path+query, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := env.HTTP.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	status, body := do(http.MethodGet, "", "")
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"rules": []}`, body)

	status, body = do(http.MethodPost, "", "seed: 3\nrules:\n  - {service: sqs, operation: ReceiveMessage, error: RequestThrottled, share: 0.5, account: '111111111111'}\n  - {service: sns, latency: 10ms}\n")
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `{"rules": [
		{"id": 1, "seed": 3, "index": 0, "service": "sqs", "operation": "ReceiveMessage", "account": "111111111111", "error": "RequestThrottled", "share": 0.5, "matched": 0, "injected": 0},
		{"id": 2, "seed": 3, "index": 1, "service": "sns", "latency": "10ms", "matched": 0, "injected": 0}]}`, body)

	status, body = do(http.MethodPost, "", `{"rules": [{"service": "sqs", "operation": "Recieve", "error": "InternalError"}]}`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, `fault rule 1: sqs has no operation \"Recieve\"`)
	status, body = do(http.MethodPost, "", `{"rules": [{"service": "sqs", "error": "QueueDoesNotExist"}]}`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, "choose one of InternalError, InternalFailure, RequestThrottled, ServiceUnavailable, ThrottlingException")

	status, body = do(http.MethodGet, "?account=111111111111", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `"id": 1`)
	assert.NotContains(t, body, `"id": 2`)

	status, body = do(http.MethodDelete, "?id=9", "")
	assert.Equal(t, http.StatusNotFound, status, body)
	status, body = do(http.MethodDelete, "?account=111111111111", "")
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"deleted": 1}`, body)
	status, body = do(http.MethodDelete, "", "")
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"deleted": 1}`, body)
	assert.False(t, env.Emulator.Faults().Active())

	status, _ = do(http.MethodPut, "", "")
	assert.Equal(t, http.StatusMethodNotAllowed, status)
}

func TestWithFaultsPanicsOnARuleItCannotServe(t *testing.T) {
	t.Parallel()
	assert.PanicsWithValue(t, `emulator.WithFaults: fault rule 1: sqs has no operation "Publish" (AWS's names, such as ReceiveMessage or Publish)`, func() {
		emulator.New(emulator.WithFaults(faults.Config{Rules: []faults.Rule{{Service: "sqs", Operation: "Publish", Error: "InternalError"}}}))
	})
	require.Error(t, emulator.ValidateFaults(faults.Config{}))
}

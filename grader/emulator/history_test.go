package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator"
	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

// The history keeps what entered a queue after it was deleted or purged, and
// reading it (in process or over HTTP) changes nothing.
func TestHistoryRemembersDeletedAndPurgedMessages(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)
	q, err := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("h")})
	require.NoError(t, err)
	_, err = env.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("one"),
		MessageAttributes: map[string]sqstypes.MessageAttributeValue{"Author": {DataType: aws.String("String"), StringValue: aws.String("ada")}}})
	require.NoError(t, err)
	_, err = env.SQS.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: q.QueueUrl, Entries: []sqstypes.SendMessageBatchRequestEntry{{Id: aws.String("a"), MessageBody: aws.String("two")}}})
	require.NoError(t, err)
	got, err := env.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10})
	require.NoError(t, err)
	for _, m := range got.Messages {
		_, err = env.SQS.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: q.QueueUrl, ReceiptHandle: m.ReceiptHandle})
		require.NoError(t, err)
	}
	topic, err := env.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("t")})
	require.NoError(t, err)
	arn := "arn:aws:sqs:us-east-1:" + emulatortest.Account + ":h"
	_, err = env.SNS.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(arn)})
	require.NoError(t, err)
	_, err = env.SNS.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String("three")})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return len(env.Emulator.History(emulatortest.Account)) == 3 }, 5*time.Second, 10*time.Millisecond)
	_, err = env.SQS.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: q.QueueUrl})
	require.NoError(t, err)

	h := env.Emulator.History(emulatortest.Account)
	require.Len(t, h, 3)
	assert.Equal(t, "one", h[0].Body)
	assert.Equal(t, map[string]string{"Author": "ada"}, h[0].Attributes)
	assert.Equal(t, "SendMessage", h[0].From)
	assert.Equal(t, arn, h[0].QueueARN)
	assert.Equal(t, "two", h[1].Body)
	assert.Equal(t, *topic.TopicArn, h[2].From)
	assert.Contains(t, h[2].Body, `"Message" : "three"`)
	assert.Empty(t, env.Emulator.History("000000000000"), "per account")

	tests := []struct {
		name, method, path string
		status             int
		want               string
	}{
		{"accounts", http.MethodGet, emulator.AccountsPath, http.StatusOK, `{"accounts":["` + emulatortest.Account + `"]}`},
		{"history", http.MethodGet, emulator.HistoryPath + "?account=" + emulatortest.Account, http.StatusOK, `"body":"one"`},
		{"empty account", http.MethodGet, emulator.HistoryPath + "?account=000000000000", http.StatusOK, `"arrivals":[]`},
		{"read-only", http.MethodPost, emulator.HistoryPath, http.StatusMethodNotAllowed, "read-only"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(ctx, tc.method, env.URL+tc.path, nil)
			require.NoError(t, err)
			resp, err := env.HTTP.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			b := string(body)
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.Contains(t, b, tc.want)
			if tc.status == http.StatusOK {
				assert.True(t, json.Valid([]byte(b)))
			}
		})
	}
}

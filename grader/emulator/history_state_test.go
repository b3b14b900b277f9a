package emulator_test

import (
	"fmt"
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

// historyJSON is the observer's view of account's history, as the lesson
// grading reads it.
func historyJSON(t *testing.T, s *restartable, account string) string {
	t.Helper()
	resp, err := s.env.HTTP.Get(s.env.URL + emulator.HistoryPath + "?account=" + account)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	return string(b)
}

// The history is kept with the state: after a restart it holds what it held
// before (sends, batches, a FIFO duplicate, an SNS delivery, messages since
// deleted and purged), within the same bounds, and goes on from there.
func TestHistoryKeptAcrossARestart(t *testing.T) {
	ctx := emulatortest.Context(t)
	s := startOnState(t, "")
	c := s.env.SQS
	q, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("sales")})
	require.NoError(t, err)
	fifo, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("sales.fifo"),
		Attributes: map[string]string{"FifoQueue": "true"}})
	require.NoError(t, err)
	// 1,010 arrivals in batches: over the bound, so that the oldest went.
	for b := range 101 {
		var entries []sqstypes.SendMessageBatchRequestEntry
		for i := range 10 {
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)),
				MessageBody: aws.String(fmt.Sprintf("batch %d entry %d", b, i))})
		}
		_, err := c.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: q.QueueUrl, Entries: entries})
		require.NoError(t, err)
	}
	_, err = c.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: q.QueueUrl})
	require.NoError(t, err)
	for range 2 { // the second is a duplicate, remembered too
		_, err = c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: fifo.QueueUrl, MessageBody: aws.String("latte"),
			MessageGroupId: aws.String("g"), MessageDeduplicationId: aws.String("d"),
			MessageAttributes: map[string]sqstypes.MessageAttributeValue{"Author": {DataType: aws.String("String"), StringValue: aws.String("ada")}}})
		require.NoError(t, err)
	}
	topic, err := s.env.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("sales")})
	require.NoError(t, err)
	_, err = s.env.SNS.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"),
		Endpoint: aws.String("arn:aws:sqs:us-east-1:" + emulatortest.Account + ":sales")})
	require.NoError(t, err)
	_, err = s.env.SNS.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String("Latte for ada")})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		h := s.env.Emulator.History(emulatortest.Account)
		return h[len(h)-1].From == *topic.TopicArn
	}, 5*time.Second, 10*time.Millisecond, "SNS delivers asynchronously")
	before := s.env.Emulator.History(emulatortest.Account)
	require.Len(t, before, 510+3, "at the bound the oldest half goes")
	assert.Equal(t, "batch 50 entry 0", before[0].Body)
	want := historyJSON(t, s, emulatortest.Account)

	s = s.restart()
	assert.JSONEq(t, want, historyJSON(t, s, emulatortest.Account))
	_, err = s.env.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("after")})
	require.NoError(t, err)
	s = s.restart()
	after := s.env.Emulator.History(emulatortest.Account)
	require.Len(t, after, len(before)+1)
	assert.Equal(t, "after", after[len(after)-1].Body, "later arrivals go after the restored ones")
}

// A reset forgets the history of the account(s) it empties, in memory and
// in the state folder.
func TestResetForgetsTheHistory(t *testing.T) {
	const other = "210987654321"
	ctx := emulatortest.Context(t)
	s := startOnState(t, "")
	for _, account := range []string{emulatortest.Account, other} {
		c := sqs.NewFromConfig(emulatortest.ClientConfig(s.env.URL, s.env.HTTP, account))
		q, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("orders")})
		require.NoError(t, err)
		_, err = c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("order")})
		require.NoError(t, err)
	}
	reset := func(query string) {
		t.Helper()
		resp, err := s.env.HTTP.Post(s.env.URL+emulator.ResetPath+query, "", nil)
		require.NoError(t, err)
		_ = resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
	}

	reset("?account=" + emulatortest.Account)
	assert.Empty(t, s.env.Emulator.History(emulatortest.Account))
	assert.Len(t, s.env.Emulator.History(other), 1, "another account's is kept")
	s = s.restart()
	assert.Empty(t, s.env.Emulator.History(emulatortest.Account))
	assert.Len(t, s.env.Emulator.History(other), 1)

	reset("")
	assert.Empty(t, s.env.Emulator.History(other))
	s = s.restart()
	assert.Empty(t, s.env.Emulator.History(other))
	assert.Empty(t, s.env.Emulator.History(emulatortest.Account))
}

package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator"
	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
	"github.com/queuelab/queuelab/grader/emulator/store"
)

// restartable is an emulator on a state folder that a test can restart.
type restartable struct {
	t   *testing.T
	dir string
	st  *store.Bolt
	env *emulatortest.Env
}

// startOnState starts an emulator on dir (a new folder when ""), stopped
// when t ends.
func startOnState(t *testing.T, dir string) *restartable {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	st, err := store.Open(dir)
	require.NoError(t, err)
	s := &restartable{t: t, dir: dir, st: st}
	s.env = emulatortest.New(t, emulatortest.WithEmulatorOptions(emulator.WithStore(st)))
	t.Cleanup(func() { _ = st.Close() })
	return s
}

// restart stops the emulator and its store and starts them again on the
// same folder.
func (s *restartable) restart() *restartable {
	s.t.Helper()
	s.env.Emulator.Close()
	require.NoError(s.t, s.st.Close())
	return startOnState(s.t, s.dir)
}

func TestStateKeepsSQSAcrossARestart(t *testing.T) {
	ctx := emulatortest.Context(t)
	s := startOnState(t, "")
	c := s.env.SQS
	queue := func(c *sqs.Client, name string, attrs map[string]string) string {
		out, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs,
			Tags: map[string]string{"course": "queuelab"}})
		require.NoError(t, err)
		return aws.ToString(out.QueueUrl)
	}
	send := func(url, body string) {
		_, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String(body),
			MessageAttributes: map[string]types.MessageAttributeValue{"kind": {DataType: aws.String("String"), StringValue: aws.String("order")}}})
		require.NoError(t, err)
	}
	dlq := queue(c, "orders-dlq", nil)
	orders := queue(c, "orders", map[string]string{"VisibilityTimeout": "3600",
		"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:orders-dlq","maxReceiveCount":"5"}`})
	purged := queue(c, "purged", nil)
	gone := queue(c, "gone", nil)
	fifo := queue(c, "orders.fifo", map[string]string{"FifoQueue": "true"})
	for i := range 3 {
		send(orders, fmt.Sprintf("order %d", i))
	}
	send(purged, "purged")
	_, err := c.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: &purged})
	require.NoError(t, err)
	_, err = c.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: &gone})
	require.NoError(t, err)
	_, err = c.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: &orders, Tags: map[string]string{"team": "coffee"}})
	require.NoError(t, err)
	_, err = c.AddPermission(ctx, &sqs.AddPermissionInput{QueueUrl: &orders, Label: aws.String("shop"),
		AWSAccountIds: []string{"210987654321"}, Actions: []string{"SendMessage"}})
	require.NoError(t, err)
	// order 0 is received (in flight for an hour), order 1 deleted.
	got, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &orders, MaxNumberOfMessages: 2})
	require.NoError(t, err)
	require.Len(t, got.Messages, 2)
	_, err = c.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &orders, ReceiptHandle: got.Messages[1].ReceiptHandle})
	require.NoError(t, err)
	inFlight := got.Messages[0]
	sent, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &fifo, MessageBody: aws.String("latte"),
		MessageGroupId: aws.String("g"), MessageDeduplicationId: aws.String("d1")})
	require.NoError(t, err)
	attrsBefore, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: &orders, AttributeNames: []types.QueueAttributeName{"All"}})
	require.NoError(t, err)

	s = s.restart()
	c = s.env.SQS

	t.Run("queues, without the deleted one", func(t *testing.T) {
		out, err := c.ListQueues(ctx, &sqs.ListQueuesInput{})
		require.NoError(t, err)
		assert.ElementsMatch(t, []string{dlq, orders, purged, fifo}, out.QueueUrls)
	})
	t.Run("attributes, policy and tags", func(t *testing.T) {
		after, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: &orders, AttributeNames: []types.QueueAttributeName{"All"}})
		require.NoError(t, err)
		assert.Equal(t, attrsBefore.Attributes, after.Attributes)
		assert.Contains(t, after.Attributes["Policy"], "210987654321")
		tags, err := c.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: &orders})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"course": "queuelab", "team": "coffee"}, tags.Tags)
	})
	t.Run("messages, their receive counts and visibility", func(t *testing.T) {
		out, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &orders, MaxNumberOfMessages: 10,
			MessageAttributeNames: []string{"All"}, MessageSystemAttributeNames: []types.MessageSystemAttributeName{"All"}})
		require.NoError(t, err)
		require.Len(t, out.Messages, 1, "order 0 is in flight and order 1 deleted: only order 2 is visible")
		assert.Equal(t, "order 2", aws.ToString(out.Messages[0].Body))
		assert.Equal(t, "order", aws.ToString(out.Messages[0].MessageAttributes["kind"].StringValue))
		assert.Equal(t, md5hex("order 2"), aws.ToString(out.Messages[0].MD5OfBody))
		assert.Equal(t, "1", out.Messages[0].Attributes["ApproximateReceiveCount"])
		msgs, err := s.env.Emulator.PeekMessages(orders)
		require.NoError(t, err)
		require.Len(t, msgs, 2)
		assert.Equal(t, aws.ToString(inFlight.MessageId), msgs[0].MessageID)
		assert.Equal(t, 1, msgs[0].ReceiveCount)
		assert.True(t, msgs[0].InFlight)
	})
	t.Run("a receipt handle from before the restart", func(t *testing.T) {
		_, err := c.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: &orders,
			ReceiptHandle: inFlight.ReceiptHandle, VisibilityTimeout: 7200})
		require.NoError(t, err)
		_, err = c.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &orders, ReceiptHandle: inFlight.ReceiptHandle})
		require.NoError(t, err)
	})
	t.Run("purged and FIFO queues", func(t *testing.T) {
		out, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &purged})
		require.NoError(t, err)
		assert.Empty(t, out.Messages)
		again, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &fifo, MessageBody: aws.String("latte"),
			MessageGroupId: aws.String("g"), MessageDeduplicationId: aws.String("d1")})
		require.NoError(t, err)
		assert.Equal(t, aws.ToString(sent.MessageId), aws.ToString(again.MessageId), "the deduplication id is remembered")
		assert.Equal(t, aws.ToString(sent.SequenceNumber), aws.ToString(again.SequenceNumber))
		next, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &fifo, MessageBody: aws.String("mocha"),
			MessageGroupId: aws.String("g"), MessageDeduplicationId: aws.String("d2")})
		require.NoError(t, err)
		assert.Greater(t, aws.ToString(next.SequenceNumber), aws.ToString(sent.SequenceNumber))
	})

	// What was changed after the first restart is kept by the second.
	s = s.restart()
	msgs, err := s.env.Emulator.PeekMessages(orders)
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, "order 2", msgs[0].Body)
	fifoMsgs, err := s.env.Emulator.PeekMessages(fifo)
	require.NoError(t, err)
	assert.Len(t, fifoMsgs, 2)
}

// A server killed (SIGKILL) in the middle of a stream of sends keeps every
// message it acknowledged, once.
func TestStateKeepsEveryAcknowledgedSendThroughAKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dir := t.TempDir()
	p := startServerProcess(t, "emulator-state", stateEnv+"="+dir)
	client := sqs.NewFromConfig(emulatortest.ClientConfig(p.URL, &http.Client{}, emulatortest.Account))
	ctx := emulatortest.Context(t)
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("stream")})
	require.NoError(t, err)
	url := aws.ToString(out.QueueUrl)

	const senders = 4
	var mu sync.Mutex
	acked := map[string]bool{}
	tried := map[string]bool{}
	var wg sync.WaitGroup
	for w := range senders {
		wg.Go(func() {
			for i := 0; ; i++ {
				body := fmt.Sprintf("sender %d message %d", w, i)
				mu.Lock()
				tried[body] = true
				mu.Unlock()
				_, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &url, MessageBody: &body})
				if err != nil {
					return // the server is gone
				}
				mu.Lock()
				acked[body] = true
				mu.Unlock()
			}
		})
	}
	require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 300 },
		30*time.Second, 5*time.Millisecond, "the senders got 300 acknowledgements")
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
	wg.Wait()
	require.NotEmpty(t, acked)

	p = startServerProcess(t, "emulator-state", stateEnv+"="+dir)
	client = sqs.NewFromConfig(emulatortest.ClientConfig(p.URL, &http.Client{}, emulatortest.Account))
	url = p.URL + "/" + emulatortest.Account + "/stream"
	seen := map[string]int{}
	for {
		got, err := client.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: &url,
			MaxNumberOfMessages: 10, VisibilityTimeout: 3600})
		require.NoError(t, err)
		if len(got.Messages) == 0 {
			break
		}
		for _, m := range got.Messages {
			seen[aws.ToString(m.Body)]++
		}
	}
	for body := range acked {
		assert.Equal(t, 1, seen[body], "acknowledged %q", body)
	}
	for body, n := range seen {
		assert.True(t, tried[body], "a message nobody sent: %q", body)
		assert.Equal(t, 1, n, "%q", body)
	}
	t.Logf("%d acknowledged, %d kept (messages in flight when the server was killed may be kept or not)", len(acked), len(seen))
}

// POST /_queuelab/reset empties one account, or all, in memory and in the
// state folder.
func TestResetEmptiesOneAccountOrAll(t *testing.T) {
	tests := []struct {
		name  string
		query string
		kept  []string // accounts whose queue is kept
	}{
		{"one account", "?account=" + emulatortest.Account, []string{"210987654321"}},
		{"all accounts", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := emulatortest.Context(t)
			s := startOnState(t, "")
			for _, account := range []string{emulatortest.Account, "210987654321"} {
				c := sqs.NewFromConfig(emulatortest.ClientConfig(s.env.URL, s.env.HTTP, account))
				_, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("orders")})
				require.NoError(t, err)
				_, err = sns.NewFromConfig(emulatortest.ClientConfig(s.env.URL, s.env.HTTP, account)).
					CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("orders")})
				require.NoError(t, err)
			}
			resp, err := s.env.HTTP.Post(s.env.URL+emulator.ResetPath+tt.query, "", nil)
			require.NoError(t, err)
			_ = resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode)

			s = s.restart()
			assert.Equal(t, tt.kept, nilIfEmpty(s.env.Emulator.Accounts()))
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestStateKeepsSNSAcrossARestart(t *testing.T) {
	ctx := emulatortest.Context(t)
	s := startOnState(t, "")
	c, q := s.env.SNS, s.env.SQS
	tokens := make(chan string, 4)
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct{ Type, Token string }
		if json.NewDecoder(r.Body).Decode(&m) == nil && m.Type == "SubscriptionConfirmation" {
			tokens <- m.Token
		}
	}))
	t.Cleanup(endpoint.Close)

	topic, err := c.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("orders"),
		Attributes: map[string]string{"DisplayName": "Orders"},
		Tags:       []snstypes.Tag{{Key: aws.String("course"), Value: aws.String("queuelab")}}})
	require.NoError(t, err)
	topicARN := topic.TopicArn
	_, err = c.AddPermission(ctx, &sns.AddPermissionInput{TopicArn: topicARN, Label: aws.String("shop"),
		AWSAccountId: []string{"210987654321"}, ActionName: []string{"Publish"}})
	require.NoError(t, err)
	const dataProtection = `{"Name":"p","Version":"2021-06-01","Statement":[]}`
	_, err = c.PutDataProtectionPolicy(ctx, &sns.PutDataProtectionPolicyInput{ResourceArn: topicARN,
		DataProtectionPolicy: aws.String(dataProtection)})
	require.NoError(t, err)
	gone, err := c.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("gone")})
	require.NoError(t, err)
	_, err = c.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: gone.TopicArn})
	require.NoError(t, err)

	queue, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("orders-sns")})
	require.NoError(t, err)
	queueARN := "arn:aws:sqs:us-east-1:" + emulatortest.Account + ":orders-sns"
	sqsSub, err := c.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topicARN, Protocol: aws.String("sqs"), Endpoint: &queueARN,
		Attributes: map[string]string{"RawMessageDelivery": "true", "FilterPolicy": `{"kind":["order"]}`}})
	require.NoError(t, err)
	httpSub, err := c.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topicARN, Protocol: aws.String("http"),
		Endpoint: aws.String(endpoint.URL + "/hook"), ReturnSubscriptionArn: true})
	require.NoError(t, err)
	var token string
	select {
	case token = <-tokens:
	case <-ctx.Done():
		t.Fatal("no SubscriptionConfirmation reached the HTTP endpoint")
	}
	_, err = c.SetSMSAttributes(ctx, &sns.SetSMSAttributesInput{Attributes: map[string]string{"DefaultSMSType": "Transactional"}})
	require.NoError(t, err)
	app, err := c.CreatePlatformApplication(ctx, &sns.CreatePlatformApplicationInput{Name: aws.String("phones"),
		Platform: aws.String("GCM"), Attributes: map[string]string{"PlatformCredential": "key"}})
	require.NoError(t, err)
	device, err := c.CreatePlatformEndpoint(ctx, &sns.CreatePlatformEndpointInput{
		PlatformApplicationArn: app.PlatformApplicationArn, Token: aws.String("device-1")})
	require.NoError(t, err)
	attrsBefore, err := c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: topicARN})
	require.NoError(t, err)

	s = s.restart()
	c, q = s.env.SNS, s.env.SQS

	t.Run("topics, without the deleted one", func(t *testing.T) {
		out, err := c.ListTopics(ctx, &sns.ListTopicsInput{})
		require.NoError(t, err)
		require.Len(t, out.Topics, 1)
		assert.Equal(t, aws.ToString(topicARN), aws.ToString(out.Topics[0].TopicArn))
	})
	t.Run("attributes, policy, tags and data protection policy", func(t *testing.T) {
		after, err := c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: topicARN})
		require.NoError(t, err)
		assert.Equal(t, attrsBefore.Attributes, after.Attributes)
		assert.Contains(t, after.Attributes["Policy"], "210987654321")
		assert.Equal(t, "1", after.Attributes["SubscriptionsConfirmed"])
		assert.Equal(t, "1", after.Attributes["SubscriptionsPending"])
		tags, err := c.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: topicARN})
		require.NoError(t, err)
		require.Len(t, tags.Tags, 1)
		assert.Equal(t, "queuelab", aws.ToString(tags.Tags[0].Value))
		dp, err := c.GetDataProtectionPolicy(ctx, &sns.GetDataProtectionPolicyInput{ResourceArn: topicARN})
		require.NoError(t, err)
		assert.Equal(t, dataProtection, aws.ToString(dp.DataProtectionPolicy))
	})
	t.Run("the SQS subscription, raw and filtered", func(t *testing.T) {
		attrs, err := c.GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: sqsSub.SubscriptionArn})
		require.NoError(t, err)
		assert.Equal(t, "true", attrs.Attributes["RawMessageDelivery"])
		assert.Equal(t, `{"kind":["order"]}`, attrs.Attributes["FilterPolicy"])
		assert.Equal(t, "false", attrs.Attributes["PendingConfirmation"])
	})
	t.Run("a publish fans out to the restored subscription", func(t *testing.T) {
		for _, kind := range []string{"refund", "order"} {
			_, err := c.Publish(ctx, &sns.PublishInput{TopicArn: topicARN, Message: aws.String("a " + kind),
				MessageAttributes: map[string]snstypes.MessageAttributeValue{"kind": {DataType: aws.String("String"), StringValue: aws.String(kind)}}})
			require.NoError(t, err)
		}
		got, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10})
		require.NoError(t, err)
		require.Len(t, got.Messages, 1, "the filter policy lets only the order through")
		assert.Equal(t, "a order", aws.ToString(got.Messages[0].Body), "delivered raw")
	})
	t.Run("the pending HTTP subscription, confirmed with its token from before", func(t *testing.T) {
		subs, err := c.ListSubscriptionsByTopic(ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: topicARN})
		require.NoError(t, err)
		require.Len(t, subs.Subscriptions, 2)
		assert.Equal(t, "PendingConfirmation", aws.ToString(subs.Subscriptions[1].SubscriptionArn))
		out, err := c.ConfirmSubscription(ctx, &sns.ConfirmSubscriptionInput{TopicArn: topicARN, Token: &token})
		require.NoError(t, err)
		assert.Equal(t, aws.ToString(httpSub.SubscriptionArn), aws.ToString(out.SubscriptionArn))
	})
	t.Run("SMS settings, platform applications and endpoints", func(t *testing.T) {
		sms, err := c.GetSMSAttributes(ctx, &sns.GetSMSAttributesInput{})
		require.NoError(t, err)
		assert.Equal(t, "Transactional", sms.Attributes["DefaultSMSType"])
		e, err := c.GetEndpointAttributes(ctx, &sns.GetEndpointAttributesInput{EndpointArn: device.EndpointArn})
		require.NoError(t, err)
		assert.Equal(t, "device-1", e.Attributes["Token"])
		apps, err := c.ListPlatformApplications(ctx, &sns.ListPlatformApplicationsInput{})
		require.NoError(t, err)
		require.Len(t, apps.PlatformApplications, 1)
	})

	// What was changed after the first restart is kept by the second.
	s = s.restart()
	attrs, err := s.env.SNS.GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: httpSub.SubscriptionArn})
	require.NoError(t, err)
	assert.Equal(t, "false", attrs.Attributes["PendingConfirmation"])
}

// failingStore is a store whose writes fail.
type failingStore struct{ store.Store }

func (failingStore) Loaded() *store.State        { return nil }
func (failingStore) Apply(...store.Change) error { return errors.New("disk full") }

// A change the store could not keep is answered with InternalError, never
// acknowledged.
func TestStateSNSWriteFailureIsNotAcknowledged(t *testing.T) {
	ctx := emulatortest.Context(t)
	env := emulatortest.New(t, emulatortest.WithEmulatorOptions(emulator.WithStore(failingStore{})))
	_, err := env.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("orders")})
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "InternalError", apiErr.ErrorCode())
	_, err = env.SNS.ListTopics(ctx, &sns.ListTopicsInput{})
	require.ErrorAs(t, err, &apiErr, "the change is written again before the next answer")
	assert.Equal(t, "InternalError", apiErr.ErrorCode())
}

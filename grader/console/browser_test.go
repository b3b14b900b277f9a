package console_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/internal/testenv"
	"github.com/queuelab/queuelab/grader/lesson"
)

// browser drives Debian's Chromium, headless, at a console site, and saves a
// screenshot of each page it is asked to.
type browser struct {
	t         *testing.T
	ctx       context.Context
	site      *site
	artifacts string
	dialogs   []string
}

func newBrowser(t *testing.T, s *site) *browser {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: not with -short")
	}
	bin := testenv.NeedCommand(t, "chromium", "apt-get install -y chromium (the console's pages are tested in a real browser)")
	dir := os.Getenv("QUEUELAB_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	dir = filepath.Join(dir, "console")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	// Not t.TempDir: Chromium may still be writing its profile when the
	// test's directories are removed.
	profile, err := os.MkdirTemp("", "console-chromium-")
	require.NoError(t, err)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(profile), chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("hide-scrollbars", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx) // closes the browser and waits for it
		cancelTime()
		cancelCtx()
		cancelAlloc()
		_ = os.RemoveAll(profile)
	})
	b := &browser{t: t, ctx: ctx, site: s, artifacts: dir}
	chromedp.ListenTarget(ctx, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			b.dialogs = append(b.dialogs, d.Message)
			go func() { _ = chromedp.Run(ctx, page.HandleJavaScriptDialog(false)) }()
		}
	})
	require.NoError(t, chromedp.Run(ctx), "start chromium")
	t.Logf("console screenshots: %s", dir)
	return b
}

// run runs browser actions, failing the test with what was being done.
func (b *browser) run(what string, actions ...chromedp.Action) {
	b.t.Helper()
	require.NoError(b.t, chromedp.Run(b.ctx, actions...), what)
}

// follow opens the link sel points at, as a click would, once the page
// that has it has loaded (a click can land while a redirect replaces it).
func (b *browser) follow(sel string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var href string
		var ok bool
		if err := chromedp.AttributeValue(sel, "href", &href, &ok, chromedp.ByQuery).Do(ctx); err != nil {
			return err
		}
		return chromedp.Navigate(b.site.URL + href).Do(ctx)
	})
}

func (b *browser) open(path string) chromedp.Action {
	return chromedp.Navigate(b.site.URL + path)
}

// shot saves the whole page as name.png among the artifacts.
func (b *browser) shot(name string) {
	b.t.Helper()
	var png []byte
	b.run("screenshot "+name, chromedp.FullScreenshot(&png, 100))
	require.NoError(b.t, os.WriteFile(filepath.Join(b.artifacts, name+".png"), png, 0o644))
}

// view saves what the window shows (a dialog over the page) as name.png.
func (b *browser) view(name string) {
	b.t.Helper()
	var png []byte
	b.run("screenshot "+name, chromedp.CaptureScreenshot(&png))
	require.NoError(b.t, os.WriteFile(filepath.Join(b.artifacts, name+".png"), png, 0o644))
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	var s string
	b.run("read "+sel, chromedp.Text(sel, &s, chromedp.ByQuery))
	return s
}

// TestLessonConsoleSteps follows the lesson's console steps in a browser,
// end to end, and checks each through the API.
func TestLessonConsoleSteps(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	ctx := context.Background()
	const acct = "/console/000000000000"
	q := chromedp.ByQuery

	// Create the sales queue: Standard, SSE on (the default), a Name tag.
	b.run("open the console", b.open("/console/"), chromedp.WaitVisible("#create-queue", q))
	b.shot("01-queues-empty")
	b.run("create queue form", b.follow("#create-queue"), chromedp.WaitVisible("#queue-form", q),
		chromedp.SendKeys("#name", "ada-coffee-sales-queue", q),
		chromedp.SendKeys("#tag_key_0", "Name", q), chromedp.SendKeys("#tag_value_0", "ada-coffee-sales-queue", q))
	var sseDefault bool
	b.run("SSE-SQS is the default", chromedp.JavascriptAttribute("#enc-sqs", "checked", &sseDefault, q))
	assert.True(t, sseDefault, "server-side encryption is on by default")
	b.shot("02-create-queue")
	b.run("create the queue", chromedp.Click("#submit", q), chromedp.WaitVisible(".flash", q))
	assert.Contains(t, b.text(".flash"), "ada-coffee-sales-queue created successfully")
	b.shot("03-queue-detail")
	salesURL := b.text("#queue-url")
	attrs, err := s.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: &salesURL, AttributeNames: []sqsAttr{"All"}})
	require.NoError(t, err)
	assert.Equal(t, "true", attrs.Attributes["SqsManagedSseEnabled"])
	tags, err := s.SQS.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: &salesURL})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Name": "ada-coffee-sales-queue"}, tags.Tags)

	// Send the CLI-style message from the console, poll and open it.
	b.run("send and receive", b.follow("#send-receive"), chromedp.WaitVisible("#send-form", q),
		chromedp.SendKeys("#body", "I bought a coffee for ada", q), chromedp.Click("#send", q), chromedp.WaitVisible(".flash", q))
	assert.Contains(t, b.text(".flash"), "Your message has been sent")
	b.run("queue list shows 1 message available", b.open(acct+"/sqs/queues"), chromedp.WaitVisible("#queues", q))
	assert.Contains(t, b.text("#queues tbody"), "1")
	b.shot("04-queues")
	b.run("poll", b.open(acct+"/sqs/queues/ada-coffee-sales-queue/messages"), chromedp.WaitVisible("#poll", q),
		chromedp.SetValue("#duration", "3", q), chromedp.Click("#poll", q), chromedp.WaitVisible("#messages", q))
	assert.Contains(t, b.text("#messages"), "25 bytes", "the message's size, as on the slide")
	b.shot("05-poll-for-messages")
	b.run("open the message", chromedp.Click(".message-id", q), chromedp.WaitVisible("#msg-0", q))
	assert.Equal(t, "I bought a coffee for ada", b.text("#msg-0 .message-body"))
	b.view("06-message")
	b.run("delete it", chromedp.Click("#msg-0 .btn", q), chromedp.Click("#select-0", q), chromedp.Click("#delete-messages", q), chromedp.WaitVisible(".flash", q))
	assert.Contains(t, b.text(".flash"), "1 message(s) deleted")
	left, err := s.Emulator.PeekMessages(salesURL)
	require.NoError(t, err)
	assert.Empty(t, left, "the console deleted the message")

	// The DLQ, and the sales queue's redrive policy (Edit → Dead-letter queue).
	b.run("create the DLQ", b.open(acct+"/sqs/create"), chromedp.WaitVisible("#queue-form", q),
		chromedp.SendKeys("#name", "ada-sales-errors-dlq", q),
		chromedp.SendKeys("#tag_key_0", "Name", q), chromedp.SendKeys("#tag_value_0", "ada-sales-errors-dlq", q),
		chromedp.Click("#submit", q), chromedp.WaitVisible(".flash", q))
	dlqARN := b.text("#queue-arn")
	b.run("edit the sales queue", b.open(acct+"/sqs/queues/ada-coffee-sales-queue"), b.follow("#edit"), chromedp.WaitVisible("#queue-form", q),
		chromedp.Click("#dlq-on", q), chromedp.SetValue("#dlq_arn", dlqARN, q), chromedp.SetValue("#max_receives", "3", q))
	b.shot("07-edit-dead-letter-queue")
	b.run("save", chromedp.Click("#submit", q), chromedp.WaitVisible(".flash", q), b.open(acct+"/sqs/queues/ada-coffee-sales-queue?tab=dlq"), chromedp.WaitVisible("#dlq-name", q))
	assert.Equal(t, "ada-sales-errors-dlq", b.text("#dlq-name"))
	assert.Equal(t, "3", b.text("#dlq-max"))
	b.shot("08-queue-dlq-tab")
	attrs, err = s.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: &salesURL, AttributeNames: []sqsAttr{"RedrivePolicy"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"deadLetterTargetArn":"`+dlqARN+`","maxReceiveCount":3}`, attrs.Attributes["RedrivePolicy"])

	// A poison message: received more than maxReceiveCount times, SQS moves
	// it to the DLQ; then a DLQ redrive moves it back to its source queue.
	_, err = s.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &salesURL, MessageBody: aws.String("a poison latte")})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		got, err := s.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &salesURL})
		require.NoError(t, err)
		for _, m := range got.Messages { // processing fails: visible again at once
			_, err := s.SQS.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: &salesURL, ReceiptHandle: m.ReceiptHandle})
			require.NoError(t, err)
		}
		msgs, err := s.Emulator.PeekMessages(dlqARN)
		require.NoError(t, err)
		return len(msgs) == 1
	}, 10*time.Second, 10*time.Millisecond, "the poison message reaches the DLQ")
	b.run("start DLQ redrive", b.open(acct+"/sqs/queues/ada-sales-errors-dlq"), b.follow("#start-redrive"), chromedp.WaitVisible("#redrive-form", q))
	b.shot("09-start-dlq-redrive")
	b.run("redrive", chromedp.Click("#redrive", q), chromedp.WaitVisible("#move-tasks", q))
	assert.Contains(t, b.text(".flash"), "DLQ redrive started")
	assert.Regexp(t, "RUNNING|COMPLETED", b.text("#move-tasks tbody"))
	require.Eventually(t, func() bool {
		var txt string
		_ = chromedp.Run(b.ctx, chromedp.Reload(), chromedp.Text("#move-tasks tbody", &txt, q))
		return strings.Contains(txt, "COMPLETED")
	}, 30*time.Second, 500*time.Millisecond, "the move task completes")
	b.shot("10-dlq-redrive-status")
	back, err := s.Emulator.PeekMessages(salesURL)
	require.NoError(t, err)
	require.Len(t, back, 1)
	assert.Equal(t, "a poison latte", back[0].Body, "the redrive moved the message back to its source queue")

	// The topic, the SQS subscription, and a custom-payload publish.
	b.run("create topic", b.open(acct+"/sns/topics"), b.follow("#create-topic"), chromedp.WaitVisible("#topic-form", q),
		chromedp.SendKeys("#name", "ada-coffee-sales-notifications", q), chromedp.Click("#encryption", q),
		chromedp.SendKeys("#tag_key_0", "Name", q), chromedp.SendKeys("#tag_value_0", "ada-coffee-sales-notifications", q))
	b.shot("11-create-topic")
	b.run("create", chromedp.Click("#submit", q), chromedp.WaitVisible(".flash", q))
	topicARN := b.text("#topic-arn")
	b.run("create subscription", b.follow("#create-subscription"), chromedp.WaitVisible("#subscription-form", q))
	var preselected string
	b.run("topic preselected", chromedp.Value("#topic", &preselected, q))
	assert.Equal(t, topicARN, preselected, "the topic is preselected")
	b.run("choose the queue", chromedp.SetValue("#queue_arn", attrs0(t, s, salesURL), q))
	b.shot("12-create-subscription")
	b.run("subscribe", chromedp.Click("#submit", q), chromedp.WaitVisible(".flash", q))
	assert.Contains(t, b.text("#subscriptions"), "ada-coffee-sales-queue")
	assert.Contains(t, b.text("#subscriptions"), "Confirmed")
	b.shot("13-topic")
	b.run("publish", b.follow("#publish"), chromedp.WaitVisible("#publish-form", q), chromedp.Click("#structure-custom", q))
	var prefilled string
	b.run("read the payload", chromedp.Value("#custom", &prefilled, q))
	assert.Contains(t, prefilled, `"default"`, "a default entry is prefilled")
	b.shot("14-publish-message")
	b.run("publish it", chromedp.Click("#submit", q), chromedp.WaitVisible(".flash", q))
	assert.Contains(t, b.text(".flash"), "Message published")
	b.run("see it in the queue", b.open(acct+"/sqs/queues/ada-coffee-sales-queue/messages"), chromedp.SetValue("#duration", "3", q),
		chromedp.Click("#poll", q), chromedp.WaitVisible("#messages", q))
	var bodies []string
	b.run("bodies", chromedp.Evaluate(`[...document.querySelectorAll(".message-body")].map(e => e.textContent)`, &bodies))
	var envelope string
	for _, body := range bodies {
		if strings.Contains(body, `"TopicArn"`) {
			envelope = body
		}
	}
	require.NotEmpty(t, envelope, "the SNS notification reached the queue: %q", bodies)
	var n struct{ Message, TopicArn string }
	require.NoError(t, json.Unmarshal([]byte(envelope), &n))
	assert.Equal(t, "Sample message for Amazon SQS endpoints", n.Message, "the queue got the sqs entry of the custom payload")
	assert.Equal(t, topicARN, n.TopicArn)

	// The rest of the pages, for the artifacts.
	for _, p := range []struct{ name, path, wait string }{
		{"15-queue-policy", acct + "/sqs/queues/ada-coffee-sales-queue?tab=policy", "#policy"},
		{"16-queue-subscriptions", acct + "/sqs/queues/ada-coffee-sales-queue", "#tab-panel"},
		{"17-subscribe-queue-to-topic", acct + "/sqs/queues/ada-coffee-sales-queue/subscribe", "#subscribe-form"},
		{"18-delete-queue", acct + "/sqs/queues/ada-sales-errors-dlq/delete", "#confirm-form"},
		{"19-topics", acct + "/sns/topics", "#topics"},
		{"20-accounts", acct + "/accounts", "#accounts"},
		{"21-queue-tagging", acct + "/sqs/queues/ada-coffee-sales-queue?tab=tagging", "#tab-panel"},
	} {
		b.run(p.name, b.open(p.path), chromedp.WaitVisible(p.wait, q))
		b.shot(p.name)
	}
	b.run("narrow window", chromedp.EmulateViewport(400, 800), b.open(acct+"/sqs/queues"), chromedp.WaitVisible("#queues", q))
	b.shot("22-narrow-queues")
	b.run("narrow send", b.open(acct+"/sqs/queues/ada-coffee-sales-queue/messages"), chromedp.WaitVisible("#send-form", q))
	b.shot("23-narrow-send-receive")
	var overflow bool
	b.run("no sideways scrolling", chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow))
	assert.False(t, overflow, "a narrow window needs no sideways scrolling")
	assert.Empty(t, b.dialogs, "no script ran")

	// The slides' CLI and boto3 steps the console does not take, then the
	// lesson grading: full marks.
	lessonCLIAndBoto3Steps(t, s, salesURL, topicARN)
	r, err := lesson.Grade(ctx, lesson.Config{Learner: "ada", Endpoint: s.URL, Catalogue: exercises.Catalogue()})
	require.NoError(t, err)
	assert.Equal(t, r.MaxScore, r.Score, "the lesson's steps after the console: %+v", r.Checks())
}

type sqsAttr = sqstypes.QueueAttributeName

// attrs0 is the ARN of the queue at url.
func attrs0(t *testing.T, s *site, url string) string {
	t.Helper()
	out, err := s.SQS.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: &url, AttributeNames: []sqsAttr{"QueueArn"}})
	require.NoError(t, err)
	return out.Attributes["QueueArn"]
}

// TestBrowserShowsScriptAsTextAndAWSErrors: a message body <script> shows
// as that text and runs nothing; an invalid queue name shows AWS's error.
func TestBrowserShowsScriptAsTextAndAWSErrors(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	ctx := context.Background()
	q := chromedp.ByQuery
	out, err := s.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("xss")})
	require.NoError(t, err)
	_, err = s.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: out.QueueUrl, MessageBody: aws.String("<script>alert(1)</script>")})
	require.NoError(t, err)

	b.run("poll", b.open("/console/000000000000/sqs/queues/xss/messages"), chromedp.SetValue("#duration", "2", q),
		chromedp.Click("#poll", q), chromedp.WaitVisible("#messages", q), chromedp.Click(".message-id", q), chromedp.WaitVisible("#msg-0", q))
	assert.Equal(t, "<script>alert(1)</script>", b.text("#msg-0 .message-body"))
	b.shot("30-script-body-as-text")

	b.run("invalid name", b.open("/console/000000000000/sqs/create"), chromedp.WaitVisible("#queue-form", q),
		chromedp.SendKeys("#name", "my queue!", q), chromedp.Click("#submit", q), chromedp.WaitVisible("#error", q))
	assert.Contains(t, b.text("#error"), "InvalidParameterValue")
	assert.Contains(t, b.text("#error"), "alphanumeric characters, hyphens, or underscores")
	b.shot("31-invalid-queue-name")
	assert.Empty(t, b.dialogs, "no script ran")
}

// TestBrowserEditsTopicAndSubscription: a topic's Edit changes its display
// name; a subscription opened from the topic's page gets a filter policy
// through its Edit, and shows it.
func TestBrowserEditsTopicAndSubscription(t *testing.T) {
	s := newSite(t)
	fx := newSNSFixture(t, s, "ada-coffee-sales-notifications", nil)
	b := newBrowser(t, s)
	q := chromedp.ByQuery

	b.run("open the topic", b.open(acct+"/sns/topics/ada-coffee-sales-notifications"), chromedp.WaitVisible("#subscriptions", q))
	b.run("edit", b.follow("#edit"), chromedp.WaitVisible("#topic-edit-form", q))
	var policy string
	b.run("read the policy", chromedp.Value("#policy", &policy, q))
	assert.Contains(t, policy, `"AWS:SourceOwner": "000000000000"`, "the current policy, indented")
	b.run("a display name", chromedp.SendKeys("#display_name", "Ada's coffee", q))
	b.shot("40-edit-topic")
	b.run("save", chromedp.Click("#submit", q), chromedp.WaitVisible(".flash", q))
	assert.Contains(t, b.text(".flash"), "Topic ada-coffee-sales-notifications updated successfully.")
	assert.Contains(t, b.text("#h-details + dl"), "Ada's coffee")
	b.shot("41-topic-edited")
	assert.Equal(t, "Ada's coffee", s.topicAttrs(t, fx.TopicARN)["DisplayName"])

	b.run("open the subscription", b.follow("#subscriptions .subscription-link"), chromedp.WaitVisible("#subscription-arn", q))
	assert.Equal(t, fx.SubARN, b.text("#subscription-arn"))
	assert.Equal(t, "Confirmed", b.text("#status"))
	b.shot("42-subscription")
	b.run("edit it", b.follow("#edit"), chromedp.WaitVisible("#subscription-edit-form", q),
		chromedp.SendKeys("#filter_policy", `{"item": ["latte"]}`, q), chromedp.Click("#raw", q))
	b.shot("43-edit-subscription")
	b.run("save", chromedp.Click("#submit", q), chromedp.WaitVisible("#filter-policy", q))
	assert.Contains(t, b.text(".flash"), "updated successfully")
	assert.JSONEq(t, `{"item": ["latte"]}`, b.text("#filter-policy"))
	assert.Contains(t, b.text("#filter-scope"), "Message attributes")
	assert.Equal(t, "Enabled", b.text("#raw"))
	b.shot("44-subscription-filter-policy")
	attrs := s.subAttrs(t, fx.SubARN)
	assert.JSONEq(t, `{"item": ["latte"]}`, attrs["FilterPolicy"])
	assert.Equal(t, "true", attrs["RawMessageDelivery"])
	var overflow bool
	b.run("no sideways scrolling", chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow))
	assert.False(t, overflow, "the subscription's page fits 1280 px")

	b.run("delete", chromedp.Click("#delete", q), chromedp.WaitVisible("#delete-dialog", q))
	b.view("45-delete-subscription")
	b.run("confirm", chromedp.Click("#confirm-delete", q), chromedp.WaitVisible("#subscriptions", q))
	assert.Contains(t, b.text(".flash"), "deleted successfully")
	assert.Contains(t, b.text("#subscriptions"), "No subscriptions.")

	// A subscription pending confirmation: SNS refuses the edit.
	_, err := s.SNS.Subscribe(context.Background(), &sns.SubscribeInput{TopicArn: &fx.TopicARN, Protocol: aws.String("email"), Endpoint: aws.String("ada@example.com")})
	require.NoError(t, err)
	b.run("open the pending subscription", chromedp.Reload(), chromedp.WaitVisible("#subscriptions .subscription-link", q),
		b.follow("#subscriptions .subscription-link"), chromedp.WaitVisible("#pending", q))
	assert.Equal(t, "Pending confirmation", b.text("#status"))
	b.run("edit it", b.follow("#edit"), chromedp.WaitVisible("#subscription-edit-form", q),
		chromedp.SendKeys("#filter_policy", `{"item": ["latte"]}`, q), chromedp.Click("#submit", q), chromedp.WaitVisible("#error", q))
	assert.Contains(t, b.text("#error"), "InvalidParameter")
	assert.Contains(t, b.text("#error"), "SubscriptionArn")
	var kept string
	b.run("the form keeps the policy", chromedp.Value("#filter_policy", &kept, q))
	assert.Equal(t, `{"item": ["latte"]}`, kept)
	b.shot("46-pending-subscription-refused")
	assert.Empty(t, b.dialogs, "no script ran")
}

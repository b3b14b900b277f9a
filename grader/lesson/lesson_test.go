package lesson_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/emulator/server"
	"github.com/queuelab/queuelab/grader/lesson"
	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/reporttest"
	"github.com/queuelab/queuelab/grader/report/text"
)

const me = "ada"

// serve runs `grader serve` (server.Run) on a free loopback port until the
// test ends, and returns its endpoint.
func serve(t *testing.T) string {
	t.Helper()
	endpoint, _ := serveState(t, "")
	return endpoint
}

// serveState runs `grader serve --state dir` (in memory when dir is "") on
// a free loopback port until stop is called or the test ends, and returns
// its endpoint.
func serveState(t *testing.T, dir string) (endpoint string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- server.Run(ctx, server.Config{Port: -1, StateDir: dir, Ready: func(ep string) { ready <- ep }})
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			require.NoError(t, <-done)
		})
	}
	t.Cleanup(stop)
	select {
	case ep := <-ready:
		return ep, stop
	case err := <-done:
		t.Fatalf("server.Run: %v", err)
	}
	return "", stop
}

// hideObserver serves endpoint without QueueLab's observer's view, as
// LocalStack would: the grading must then receive, and never delete.
func hideObserver(t *testing.T, endpoint string) string {
	t.Helper()
	target, err := neturl.Parse(endpoint)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_queuelab/") {
			http.NotFound(w, r)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// clients are the SDK clients of one account at endpoint, as the
// cheat-sheet's exported credentials make them.
func clients(endpoint, account string) (*sqs.Client, *sns.Client) {
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider(account, "queuelab", "")}
	return sqs.NewFromConfig(cfg), sns.NewFromConfig(cfg)
}

// cheatSheet runs the AWS CLI steps of handouts/cli-cheat-sheet.md for
// exercises 02 to 05 through the SDK, in order; with consume, also the
// steps that receive, delete and purge the sales queue's messages.
func cheatSheet(t *testing.T, endpoint, account string, consume bool) {
	t.Helper()
	ctx := context.Background()
	q, n := clients(endpoint, account)
	must := func(_ any, err error) { t.Helper(); require.NoError(t, err) }

	// 02: the queue, the CLI message, the latte with Author.
	created, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(me + "-coffee-sales-queue"),
		Attributes: map[string]string{"SqsManagedSseEnabled": "true"}, Tags: map[string]string{"Name": me + "-coffee-sales-queue"}})
	require.NoError(t, err)
	url := created.QueueUrl
	must(q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: aws.String("I bought a coffee for " + me)}))
	must(q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: aws.String(`{"item": "latte", "price": 2.25}`),
		MessageAttributes: map[string]sqstypes.MessageAttributeValue{"Author": {DataType: aws.String("String"), StringValue: aws.String(me)}}}))
	if consume { // 03: receive one and delete it
		got, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTimeSeconds: 1})
		require.NoError(t, err)
		require.NotEmpty(t, got.Messages)
		must(q.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: got.Messages[0].ReceiptHandle}))
	}

	// 04: the DLQ and the redrive policy; the poison message.
	dlq, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(me + "-sales-errors-dlq"),
		Attributes: map[string]string{"SqsManagedSseEnabled": "true"}, Tags: map[string]string{"Name": me + "-sales-errors-dlq"}})
	require.NoError(t, err)
	dlqARN := queueARN(t, q, dlq.QueueUrl)
	must(q.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: map[string]string{
		"RedrivePolicy": `{"deadLetterTargetArn":"` + dlqARN + `","maxReceiveCount":"3"}`}}))
	if consume {
		must(q.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url}))
		must(q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: aws.String("poison: not JSON")}))
		for range 4 {
			must(q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, VisibilityTimeout: 0, WaitTimeSeconds: 1}))
		}
	}

	// 05: the topic, the errata's policy, the subscription, two publishes.
	topic, err := n.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(me + "-coffee-sales-notifications"),
		Tags: []snstypes.Tag{{Key: aws.String("Name"), Value: aws.String(me + "-coffee-sales-notifications")}}})
	require.NoError(t, err)
	salesARN := queueARN(t, q, url)
	policy, err := os.ReadFile("../../handouts/errata-queue-policy.json")
	require.NoError(t, err)
	p := strings.NewReplacer("arn:aws:sqs:us-east-1:000000000000:<your-name>-coffee-sales-queue", salesARN,
		"arn:aws:sns:us-east-1:000000000000:<your-name>-coffee-sales-notifications", *topic.TopicArn).Replace(string(policy))
	must(q.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: map[string]string{"Policy": p}}))
	must(n.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(salesARN)}))
	must(n.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String("Latte for " + me)}))
	sale, _ := json.Marshal(map[string]any{"type": "sale", "item": "coffee", "price": 1.5})
	doc, _ := json.Marshal(map[string]string{"default": string(sale)})
	must(n.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String(string(doc)), MessageStructure: aws.String("json")}))
	if consume {
		must(q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTimeSeconds: 1, MaxNumberOfMessages: 10}))
	}
}

func queueARN(t *testing.T, q *sqs.Client, url *string) string {
	t.Helper()
	out, err := q.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: url,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	require.NoError(t, err)
	return out.Attributes["QueueArn"]
}

func grade(t *testing.T, endpoint string) *report.Report {
	t.Helper()
	r, err := lesson.Grade(context.Background(), lesson.Config{Learner: me, Endpoint: endpoint, Catalogue: exercises.Catalogue()})
	require.NoError(t, err)
	return r
}

// failedSteps names the steps that did not pass, with why.
func failedSteps(r *report.Report) map[string]string {
	out := map[string]string{}
	for _, c := range r.Checks() {
		if c.Status != report.StatusPass {
			out[c.Name] = c.Why()
		}
	}
	return out
}

// After the cheat-sheet's CLI steps, consumed messages included, the
// lesson grading on grader serve gives full marks.
func TestCheatSheetStepsGetFullMarks(t *testing.T) {
	t.Parallel()
	endpoint := serve(t)
	cheatSheet(t, endpoint, lesson.DocsAccount, true)
	r := grade(t, endpoint)
	assert.Empty(t, failedSteps(r))
	assert.Equal(t, r.MaxScore, r.Score)
	assert.Equal(t, exercises.Catalogue().LessonMaxScore(""), r.MaxScore)
	assert.True(t, r.Passed)
	assert.Equal(t, lesson.BackendServe, r.Backend)
	assert.Empty(t, r.Warnings, "the docs' account, and only it")
}

// verdicts are every step's status and why.
func verdicts(r *report.Report) map[string]string {
	out := map[string]string{}
	for _, c := range r.Checks() {
		out[c.Name] = string(c.Status) + ": " + c.Why()
	}
	return out
}

// On grader serve --state, the grading after a restart is the grading
// before it, consumed messages included (the history is kept with the
// state); after a reset, before and after a restart, nothing is left.
func TestGradingIsTheSameAfterARestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	endpoint, stop := serveState(t, dir)
	cheatSheet(t, endpoint, lesson.DocsAccount, true)
	time.Sleep(50 * time.Millisecond) // SNS delivers asynchronously
	before := grade(t, endpoint)
	require.True(t, before.Passed, "%v", failedSteps(before))

	stop()
	endpoint, stop = serveState(t, dir)
	after := grade(t, endpoint)
	assert.Equal(t, verdicts(before), verdicts(after))
	assert.Equal(t, before.Score, after.Score)
	assert.True(t, after.Passed)

	resp, err := http.Post(endpoint+"/_queuelab/reset", "", nil)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Zero(t, grade(t, endpoint).Score, "a reset forgets the history too")
	stop()
	endpoint, _ = serveState(t, dir)
	assert.Zero(t, grade(t, endpoint).Score, "and so does the state folder")
}

// On an empty server every step fails, each with its hint; the text report
// is the golden file.
func TestEmptyServerScoresZeroWithAHintPerStep(t *testing.T) {
	t.Parallel()
	r := grade(t, serve(t))
	assert.Zero(t, r.Score)
	assert.False(t, r.Passed)
	checks := r.Checks()
	require.Len(t, checks, 9)
	for _, c := range checks {
		assert.Equal(t, report.StatusFail, c.Status, c.Name)
		assert.NotEmpty(t, c.Hint, c.Name)
		assert.NotEmpty(t, c.Why(), c.Name)
	}
	r.Duration = 0
	var out bytes.Buffer
	require.NoError(t, text.Write(&out, r, text.Options{Command: "grader"}))
	reporttest.Golden(t, "empty_server", out.Bytes())
}

// Elsewhere than on grader serve (here: without its observer's view, as on
// LocalStack) the grading receives with a visibility timeout of 0 and
// deletes nothing; a message the learner deleted cannot be seen there.
func TestOtherEndpointsReceiveWithoutDeleting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		consume bool
		failed  []string
	}{
		{"messages left in the queue", false, nil},
		// The cheat-sheet deletes the first two and leaves the others in
		// flight: none can be seen.
		{"messages consumed as the cheat-sheet does", true, []string{"Boto3Latte", "CLIMessage", "TopicMessage", "Boto3DefaultEntry"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			endpoint := serve(t)
			cheatSheet(t, endpoint, lesson.DocsAccount, tc.consume)
			time.Sleep(50 * time.Millisecond) // SNS delivers asynchronously
			other := hideObserver(t, endpoint)
			before := visible(t, endpoint)
			r := grade(t, other)
			assert.Equal(t, lesson.BackendEndpoint, r.Backend)
			failed := failedSteps(r)
			assert.ElementsMatch(t, tc.failed, keys(failed), "%v", failed)
			if tc.consume {
				assert.Contains(t, failed["CLIMessage"], "cannot be seen")
			}
			assert.Equal(t, before, visible(t, endpoint), "nothing received stays hidden, nothing is deleted (a receive may move a message to the DLQ)")
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// visible is how many messages the sales queue and its DLQ show together,
// and how many are in flight.
func visible(t *testing.T, endpoint string) [2]int {
	t.Helper()
	q, _ := clients(endpoint, lesson.DocsAccount)
	var out [2]int
	for _, name := range []string{me + "-coffee-sales-queue", me + "-sales-errors-dlq"} {
		url, err := q.GetQueueUrl(context.Background(), &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
		require.NoError(t, err)
		attrs, err := q.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: url.QueueUrl,
			AttributeNames: []sqstypes.QueueAttributeName{"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"}})
		require.NoError(t, err)
		for i, a := range []string{"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"} {
			n, err := strconv.Atoi(attrs.Attributes[a])
			require.NoError(t, err)
			out[i] += n
		}
	}
	return out
}

// Nothing at the endpoint: a NoServerError that says to run make serve.
func TestNoServerSaysToRunMakeServe(t *testing.T) {
	t.Parallel()
	_, err := lesson.Grade(context.Background(), lesson.Config{Learner: me, Endpoint: "http://127.0.0.1:1", Catalogue: exercises.Catalogue()})
	var noServer *lesson.NoServerError
	require.ErrorAs(t, err, &noServer)
	assert.Contains(t, err.Error(), "make serve")
	assert.NotContains(t, err.Error(), "\n")
}

// The step's verdicts when the learner's work differs from the slides.
func TestStepsSayWhatDiffers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name string
		do   func(t *testing.T, q *sqs.Client, n *sns.Client)
		want map[string]string // step: part of why
	}{
		{"unencrypted queue without a tag, latte without Author", func(t *testing.T, q *sqs.Client, _ *sns.Client) {
			out, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(me + "-coffee-sales-queue"),
				Attributes: map[string]string{"SqsManagedSseEnabled": "false"}})
			require.NoError(t, err)
			_, err = q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: out.QueueUrl, MessageBody: aws.String(`{"item": "latte", "price": 2.25}`)})
			require.NoError(t, err)
		}, map[string]string{
			"SalesQueue": "server-side encryption is off; it has no tag Name",
			"Boto3Latte": "its Author attribute is not your name",
			"CLIMessage": `the message "I bought a coffee for ada" did not reach`,
		}},
		{"the whole json document", func(t *testing.T, q *sqs.Client, n *sns.Client) {
			out, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(me + "-coffee-sales-queue")})
			require.NoError(t, err)
			topic, err := n.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(me + "-coffee-sales-notifications")})
			require.NoError(t, err)
			_, err = n.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(queueARN(t, q, out.QueueUrl))})
			require.NoError(t, err)
			_, err = n.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String(`{"default": "{\"type\": \"sale\"}"}`)})
			require.NoError(t, err)
		}, map[string]string{
			"Boto3DefaultEntry": `publish it with MessageStructure="json"`,
			"QueuePolicy":       "has no queue policy",
			"Topic":             "it has no tag Name",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			endpoint := serve(t)
			q, n := clients(endpoint, lesson.DocsAccount)
			tc.do(t, q, n)
			time.Sleep(50 * time.Millisecond) // SNS delivers asynchronously
			failed := failedSteps(grade(t, endpoint))
			for step, why := range tc.want {
				assert.Contains(t, failed[step], why, step)
			}
		})
	}
}

// Where the sales queue is in several accounts, the report says which was
// graded.
func TestSaysWhichAccountWasGraded(t *testing.T) {
	t.Parallel()
	endpoint := serve(t)
	cheatSheet(t, endpoint, "111111111111", false)
	r := grade(t, endpoint)
	assert.True(t, r.Passed, "graded the account that holds the queue: %v", failedSteps(r))
	require.Len(t, r.Warnings, 1)
	assert.Equal(t, report.WarningLessonAccount, r.Warnings[0].Kind)
	assert.Contains(t, r.Warnings[0].Message, "Graded account 111111111111")

	q, _ := clients(endpoint, "222222222222")
	_, err := q.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String(me + "-coffee-sales-queue")})
	require.NoError(t, err)
	r = grade(t, endpoint)
	require.Len(t, r.Warnings, 1)
	assert.Contains(t, r.Warnings[0].Message, "account 222222222222 holds one too")
}

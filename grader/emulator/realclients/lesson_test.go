package realclients

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/server"
	"github.com/queuelab/queuelab/grader/internal/testenv"
)

// clientTimeout bounds one client run (a Python interpreter start and a dozen
// requests); it is a safety net, not a speed assertion.
const clientTimeout = 2 * time.Minute

// serve starts the emulator on a free loopback port for the test and returns
// its endpoint URL.
func serve(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- server.Run(ctx, server.Config{Host: "127.0.0.1", Port: -1, Ready: func(ep string) { ready <- ep }})
	}()
	select {
	case ep := <-ready:
		t.Cleanup(func() {
			cancel()
			require.NoError(t, <-done)
		})
		return ep
	case err := <-done:
		cancel()
		t.Fatalf("start the emulator: %v", err)
		return ""
	}
}

// clientEnv is the environment of a client process: the parent's without any
// AWS_ setting, then fixed credentials (a 12-digit key id is the account),
// region, and no config or credentials file, so nothing on the machine
// changes what the client does.
func clientEnv(account string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return append(env,
		"AWS_ACCESS_KEY_ID="+account,
		"AWS_SECRET_ACCESS_KEY=x",
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_REGION=us-east-1",
		"AWS_CONFIG_FILE="+os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE="+os.DevNull,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_PAGER=",
		"AWS_RETRY_MODE=standard",
		"AWS_MAX_ATTEMPTS=1",
	)
}

// candidates returns path itself when it is absolute, else every file of
// that name on PATH, in PATH order: two AWS CLIs (pip's and Debian's) may
// both be installed, and the first on PATH need not be the one wanted.
func candidates(path string) []string {
	if filepath.IsAbs(path) {
		return []string{path}
	}
	var out []string
	seen := map[string]bool{}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		p := filepath.Join(dir, path)
		if info, err := os.Stat(p); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// missingFunc ends a test for want of a client: skipf for pip's, which CI
// does not install; testenv.Missing for Debian's, which .ci/run installs.
type missingFunc func(t testing.TB, format string, args ...any)

func skipf(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Skipf(format, args...)
}

// lookCLI returns the path of an AWS CLI whose `aws --version` starts with
// wantVersion ("aws-cli/1." or "aws-cli/2."), or ends the test through
// missing.
func lookCLI(t *testing.T, path, wantVersion, install string, missing missingFunc) string {
	t.Helper()
	var seen []string
	for _, bin := range candidates(path) {
		out, err := exec.Command(bin, "--version").CombinedOutput()
		version := strings.TrimSpace(string(out))
		if err == nil && strings.HasPrefix(version, wantVersion) {
			t.Logf("client: %s (%s)", version, bin)
			return bin
		}
		seen = append(seen, bin+": "+version)
	}
	missing(t, "no %s with version %s* (found %v): %s", path, wantVersion, seen, install)
	return ""
}

// lookBoto3 returns a Python interpreter that can import boto3 at a version
// starting with wantVersion, or ends the test through missing.
func lookBoto3(t *testing.T, python, wantVersion, install string, missing missingFunc) string {
	t.Helper()
	var seen []string
	for _, bin := range candidates(python) {
		out, err := exec.Command(bin, "-c", "import boto3; print(boto3.__version__)").CombinedOutput()
		version := strings.TrimSpace(string(out))
		if err == nil && strings.HasPrefix(version, wantVersion) {
			t.Logf("client: boto3 %s on %s", version, bin)
			return bin
		}
		if i := strings.LastIndexByte(version, '\n'); i >= 0 {
			version = version[i+1:] // the last line of a traceback says enough
		}
		seen = append(seen, bin+": "+version)
	}
	missing(t, "no %s with boto3 %s* (found %v): %s", python, wantVersion, seen, install)
	return ""
}

func TestLessonGoSDK(t *testing.T) {
	t.Parallel()
	endpoint := serve(t)
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	creds := credentials.NewStaticCredentialsProvider("100000000001", "x", "")
	sqsc := sqs.New(sqs.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint), Credentials: creds})
	snsc := sns.New(sns.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint), Credentials: creds})
	name := "gopher"

	queueName := name + "-coffee-sales-queue"
	created, err := sqsc.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName:  aws.String(queueName),
		Attributes: map[string]string{"SqsManagedSseEnabled": "true"},
		Tags:       map[string]string{"Name": queueName},
	})
	require.NoError(t, err)
	queueURL := aws.ToString(created.QueueUrl)
	assert.Equal(t, endpoint+"/100000000001/"+queueName, queueURL)

	attrs, err := sqsc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: &queueURL, AttributeNames: []sqstypes.QueueAttributeName{"All"}})
	require.NoError(t, err)
	assert.Equal(t, "true", attrs.Attributes["SqsManagedSseEnabled"])
	queueARN := attrs.Attributes["QueueArn"]
	tags, err := sqsc.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: &queueURL})
	require.NoError(t, err)
	assert.Equal(t, queueName, tags.Tags["Name"])

	sale := `{"item": "latte", "price": 2.25}`
	_, err = sqsc.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl: &queueURL, MessageBody: aws.String(sale),
		MessageAttributes: map[string]sqstypes.MessageAttributeValue{"Author": {DataType: aws.String("String"), StringValue: aws.String(name)}},
	})
	require.NoError(t, err)
	got, err := sqsc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &queueURL, MessageAttributeNames: []string{"All"}, WaitTimeSeconds: 1})
	require.NoError(t, err)
	require.Len(t, got.Messages, 1)
	assert.Equal(t, sale, aws.ToString(got.Messages[0].Body))
	assert.Equal(t, name, aws.ToString(got.Messages[0].MessageAttributes["Author"].StringValue))
	_, err = sqsc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &queueURL, ReceiptHandle: got.Messages[0].ReceiptHandle})
	require.NoError(t, err)

	dlq, err := sqsc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name + "-sales-errors-dlq")})
	require.NoError(t, err)
	dlqAttrs, err := sqsc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: dlq.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{"QueueArn"}})
	require.NoError(t, err)
	redrive := `{"deadLetterTargetArn":"` + dlqAttrs.Attributes["QueueArn"] + `","maxReceiveCount":"3"}`
	_, err = sqsc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: &queueURL, Attributes: map[string]string{"RedrivePolicy": redrive}})
	require.NoError(t, err)
	attrs, err = sqsc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: &queueURL, AttributeNames: []sqstypes.QueueAttributeName{"RedrivePolicy"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"deadLetterTargetArn":"`+dlqAttrs.Attributes["QueueArn"]+`","maxReceiveCount":3}`, attrs.Attributes["RedrivePolicy"])

	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name + "-coffee-sales-notifications")})
	require.NoError(t, err)
	_, err = snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(queueARN)})
	require.NoError(t, err)
	notice := `{"type": "sale", "item": "coffee", "price": 1.5}`
	defaultEntry, err := json.Marshal(map[string]string{"default": notice})
	require.NoError(t, err)
	published, err := snsc.Publish(ctx, &sns.PublishInput{TargetArn: topic.TopicArn, Message: aws.String(string(defaultEntry)), MessageStructure: aws.String("json")})
	require.NoError(t, err)

	got, err = sqsc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &queueURL, WaitTimeSeconds: 1})
	require.NoError(t, err)
	require.Len(t, got.Messages, 1)
	var env struct{ Type, MessageId, TopicArn, Message string }
	require.NoError(t, json.Unmarshal([]byte(aws.ToString(got.Messages[0].Body)), &env))
	assert.Equal(t, "Notification", env.Type)
	assert.Equal(t, aws.ToString(published.MessageId), env.MessageId)
	assert.Equal(t, aws.ToString(topic.TopicArn), env.TopicArn)
	assert.JSONEq(t, notice, env.Message)
}

func TestLessonPipBoto3(t *testing.T) {
	t.Parallel()
	python := lookBoto3(t, "python3", "1.4", "the pip boto3 comes with the pyenv Python on PATH (python3 -m pip install boto3)", skipf)
	runBoto3(t, python, serve(t), "100000000002", "pipboto")
}

func TestLessonDebianBoto3(t *testing.T) {
	t.Parallel()
	python := lookBoto3(t, "/usr/bin/python3", "1.26", "install it with: apt-get install -y python3-boto3", testenv.Missing)
	runBoto3(t, python, serve(t), "100000000003", "debboto")
}

func runBoto3(t *testing.T, python, endpoint, account, name string) {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("testdata", "lesson.py"))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, script, endpoint, name)
	cmd.Env = clientEnv(account)
	out, err := cmd.Output()
	require.NoError(t, err, "lesson.py: %s%s", out, stderrOf(err))
	var result struct {
		Queue, Topic string
		Notice       map[string]any
	}
	require.NoError(t, json.Unmarshal(out, &result), "lesson.py printed %s", out)
	assert.Equal(t, endpoint+"/"+account+"/"+name+"-coffee-sales-queue", result.Queue)
	assert.Equal(t, "arn:aws:sns:us-east-1:"+account+":"+name+"-coffee-sales-notifications", result.Topic)
	assert.Equal(t, "coffee", result.Notice["item"])
}

func TestLessonPipCLI(t *testing.T) {
	t.Parallel()
	bin := lookCLI(t, "aws", "aws-cli/1.", "the pip AWS CLI 1.x comes with the pyenv Python on PATH (python3 -m pip install awscli)", skipf)
	runCLI(t, bin, serve(t), "100000000004", "pipcli")
}

func TestLessonDebianCLI(t *testing.T) {
	t.Parallel()
	bin := lookCLI(t, "/usr/bin/aws", "aws-cli/2.", "install it with: apt-get install -y awscli", testenv.Missing)
	runCLI(t, bin, serve(t), "100000000005", "debcli")
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return "\nstderr: " + string(ee.Stderr)
	}
	return ""
}

// runCLI runs the lesson's steps as AWS CLI commands.
func runCLI(t *testing.T, bin, endpoint, account, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	aws := func(args ...string) map[string]any {
		t.Helper()
		full := append([]string{"--endpoint-url", endpoint, "--output", "json"}, args...)
		cmd := exec.CommandContext(ctx, bin, full...)
		cmd.Env = clientEnv(account)
		out, err := cmd.Output()
		require.NoError(t, err, "aws %s: %s%s", strings.Join(args, " "), out, stderrOf(err))
		m := map[string]any{}
		if len(strings.TrimSpace(string(out))) > 0 {
			require.NoError(t, json.Unmarshal(out, &m), "aws %s printed %s", strings.Join(args, " "), out)
		}
		return m
	}
	str := func(m map[string]any, path ...string) string {
		t.Helper()
		var cur any = m
		for _, p := range path {
			obj, ok := cur.(map[string]any)
			require.True(t, ok, "no %s in %v", strings.Join(path, "."), m)
			cur = obj[p]
		}
		s, _ := cur.(string)
		return s
	}

	queueName := name + "-coffee-sales-queue"
	queueURL := str(aws("sqs", "create-queue", "--queue-name", queueName,
		"--attributes", "SqsManagedSseEnabled=true", "--tags", "Name="+queueName), "QueueUrl")
	assert.Equal(t, endpoint+"/"+account+"/"+queueName, queueURL)
	attrs := aws("sqs", "get-queue-attributes", "--queue-url", queueURL, "--attribute-names", "All")
	assert.Equal(t, "true", str(attrs, "Attributes", "SqsManagedSseEnabled"))
	queueARN := str(attrs, "Attributes", "QueueArn")
	assert.Equal(t, queueName, str(aws("sqs", "list-queue-tags", "--queue-url", queueURL), "Tags", "Name"))

	aws("sqs", "send-message", "--queue-url", queueURL, "--message-body", "I bought a coffee for "+name,
		"--message-attributes", `{"Author":{"DataType":"String","StringValue":"`+name+`"}}`)
	got := aws("sqs", "receive-message", "--queue-url", queueURL, "--message-attribute-names", "All", "--wait-time-seconds", "1")
	msgs, _ := got["Messages"].([]any)
	require.Len(t, msgs, 1, "receive-message: %v", got)
	msg := msgs[0].(map[string]any)
	assert.Equal(t, "I bought a coffee for "+name, str(msg, "Body"))
	assert.Equal(t, name, str(msg, "MessageAttributes", "Author", "StringValue"))
	aws("sqs", "delete-message", "--queue-url", queueURL, "--receipt-handle", str(msg, "ReceiptHandle"))

	dlqURL := str(aws("sqs", "create-queue", "--queue-name", name+"-sales-errors-dlq"), "QueueUrl")
	dlqARN := str(aws("sqs", "get-queue-attributes", "--queue-url", dlqURL, "--attribute-names", "QueueArn"), "Attributes", "QueueArn")
	redrive, err := json.Marshal(map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"` + dlqARN + `","maxReceiveCount":"3"}`})
	require.NoError(t, err)
	aws("sqs", "set-queue-attributes", "--queue-url", queueURL, "--attributes", string(redrive))
	gotRedrive := str(aws("sqs", "get-queue-attributes", "--queue-url", queueURL, "--attribute-names", "RedrivePolicy"), "Attributes", "RedrivePolicy")
	assert.Contains(t, gotRedrive, dlqARN)

	topicARN := str(aws("sns", "create-topic", "--name", name+"-coffee-sales-notifications"), "TopicArn")
	assert.Equal(t, "arn:aws:sns:us-east-1:"+account+":"+name+"-coffee-sales-notifications", topicARN)
	subARN := str(aws("sns", "subscribe", "--topic-arn", topicARN, "--protocol", "sqs", "--notification-endpoint", queueARN), "SubscriptionArn")
	assert.True(t, strings.HasPrefix(subARN, topicARN+":"), subARN)

	notice := `{"type": "sale", "item": "coffee", "price": 1.5}`
	structured, err := json.Marshal(map[string]string{"default": notice})
	require.NoError(t, err)
	messageID := str(aws("sns", "publish", "--topic-arn", topicARN, "--message", string(structured), "--message-structure", "json"), "MessageId")

	got = aws("sqs", "receive-message", "--queue-url", queueURL, "--wait-time-seconds", "1")
	msgs, _ = got["Messages"].([]any)
	require.Len(t, msgs, 1, "receive-message: %v", got)
	var env struct{ Type, MessageId, TopicArn, Message string }
	require.NoError(t, json.Unmarshal([]byte(str(msgs[0].(map[string]any), "Body")), &env))
	assert.Equal(t, "Notification", env.Type)
	assert.Equal(t, messageID, env.MessageId)
	assert.Equal(t, topicARN, env.TopicArn)
	assert.JSONEq(t, notice, env.Message)
}

package sqs_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

func TestListQueuesPagination(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var urls []string
	for i := range 10 {
		urls = append(urls, f.createQueue(fmt.Sprintf("test-queue-%d", i), nil))
	}
	f.createQueue("other", nil)

	all, err := f.SQS.ListQueues(f.ctx, &sqs.ListQueuesInput{QueueNamePrefix: aws.String("test-queue")})
	require.NoError(t, err)
	assert.Equal(t, urls, all.QueueUrls)
	assert.Nil(t, all.NextToken)

	two, err := f.SQS.ListQueues(f.ctx, &sqs.ListQueuesInput{QueueNamePrefix: aws.String("test-queue"), MaxResults: aws.Int32(2)})
	require.NoError(t, err)
	assert.Equal(t, urls[:2], two.QueueUrls)
	require.NotNil(t, two.NextToken)
	rest, err := f.SQS.ListQueues(f.ctx, &sqs.ListQueuesInput{QueueNamePrefix: aws.String("test-queue"), MaxResults: aws.Int32(100), NextToken: two.NextToken})
	require.NoError(t, err)
	assert.Equal(t, urls[2:], rest.QueueUrls)
	assert.Nil(t, rest.NextToken)

	// Another account sees none of them.
	other := emulatortest.ClientConfig(f.URL, f.HTTP, "210987654321")
	none, err := sqs.NewFromConfig(other).ListQueues(f.ctx, &sqs.ListQueuesInput{})
	require.NoError(t, err)
	assert.Empty(t, none.QueueUrls)
}

func TestQueueURLFromAnotherHostOrAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.createQueue("shared", nil)
	f.send("http://localhost:4566/123456789012/shared", "via another host")
	otherAccount := sqs.NewFromConfig(emulatortest.ClientConfig(f.URL, f.HTTP, "210987654321"))
	got, err := otherAccount.GetQueueUrl(f.ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("shared"), QueueOwnerAWSAccountId: aws.String("123456789012")})
	require.NoError(t, err)
	out, err := otherAccount.ReceiveMessage(f.ctx, &sqs.ReceiveMessageInput{QueueUrl: got.QueueUrl})
	require.NoError(t, err)
	require.Len(t, out.Messages, 1)
}

func TestSetQueueAttributesAndSSE(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("attrs", map[string]string{"ReceiveMessageWaitTimeSeconds": "10", "VisibilityTimeout": "20", "MessageRetentionPeriod": "604800"})
	_, err := f.SQS.SetQueueAttributes(f.ctx, &sqs.SetQueueAttributesInput{QueueUrl: &url, Attributes: map[string]string{
		"DelaySeconds": "420", "MaximumMessageSize": "2048", "VisibilityTimeout": "69"}})
	require.NoError(t, err)
	assert.Equal(t, "420", f.attr(url, "DelaySeconds"))
	assert.Equal(t, "2048", f.attr(url, "MaximumMessageSize"))
	assert.Equal(t, "604800", f.attr(url, "MessageRetentionPeriod"))

	_, err = f.SQS.SetQueueAttributes(f.ctx, &sqs.SetQueueAttributesInput{QueueUrl: &url, Attributes: map[string]string{
		"KmsMasterKeyId": "testKeyId", "KmsDataKeyReusePeriodSeconds": "6000"}})
	require.NoError(t, err)
	assert.Equal(t, "false", f.attr(url, "SqsManagedSseEnabled"))
	assert.Equal(t, "6000", f.attr(url, "KmsDataKeyReusePeriodSeconds"))

	_, err = f.SQS.SetQueueAttributes(f.ctx, &sqs.SetQueueAttributesInput{QueueUrl: &url, Attributes: map[string]string{"KmsMasterKeyId": ""}})
	require.NoError(t, err)
	assert.Empty(t, f.attr(url, "KmsMasterKeyId"))
	assert.Empty(t, f.attr(url, "KmsDataKeyReusePeriodSeconds"))

	_, err = f.SQS.SetQueueAttributes(f.ctx, &sqs.SetQueueAttributesInput{QueueUrl: &url, Attributes: map[string]string{"VisibilityTimeout": "43201"}})
	var invalid *types.InvalidAttributeValue
	require.ErrorAs(t, err, &invalid)
	_, err = f.SQS.GetQueueAttributes(f.ctx, &sqs.GetQueueAttributesInput{QueueUrl: &url, AttributeNames: []types.QueueAttributeName{"Nope"}})
	var name *types.InvalidAttributeName
	require.ErrorAs(t, err, &name)

	_, err = f.SQS.SetQueueAttributes(f.ctx, &sqs.SetQueueAttributesInput{QueueUrl: &url, Attributes: map[string]string{"RedrivePolicy": ""}})
	require.NoError(t, err, "an empty redrive policy is accepted")
}

func TestRedrivePolicyRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dlq := f.createQueue("rules-dlq", map[string]string{"RedriveAllowPolicy": `{"redrivePermission":"denyAll"}`})
	src := f.createQueue("rules-src", nil)
	set := func(policy string) error {
		_, err := f.SQS.SetQueueAttributes(f.ctx, &sqs.SetQueueAttributesInput{QueueUrl: &src, Attributes: map[string]string{"RedrivePolicy": policy}})
		return err
	}
	require.ErrorContains(t, set(`{"deadLetterTargetArn":"`+f.arn(dlq)+`","maxReceiveCount":1}`), "does not allow this queue")
	require.ErrorContains(t, set(`{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:none","maxReceiveCount":1}`), "Dead letter target does not exist.")
	require.ErrorContains(t, set(`{"deadLetterTargetArn":"`+f.arn(dlq)+`","maxReceiveCount":0}`), "valid values are from 1 to 1000")
	require.ErrorContains(t, set(`not json`), "Redrive policy is not a valid JSON map.")
	require.ErrorContains(t, set(`{"maxReceiveCount":1}`), "mandatory attribute: deadLetterTargetArn")
	fifoDLQ := f.createQueue("rules.fifo", map[string]string{"FifoQueue": "true"})
	require.ErrorContains(t, set(`{"deadLetterTargetArn":"`+f.arn(fifoDLQ)+`","maxReceiveCount":1}`), "same type of queue")
}

func TestTags(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("tags", nil)
	_, err := f.SQS.TagQueue(f.ctx, &sqs.TagQueueInput{QueueUrl: &url, Tags: map[string]string{"tag1": "value1", "tag2": "value2", "tag3": ""}})
	require.NoError(t, err)
	out, err := f.SQS.ListQueueTags(f.ctx, &sqs.ListQueueTagsInput{QueueUrl: &url})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"tag1": "value1", "tag2": "value2", "tag3": ""}, out.Tags)
	_, err = f.SQS.UntagQueue(f.ctx, &sqs.UntagQueueInput{QueueUrl: &url, TagKeys: []string{"tag1", "tag3"}})
	require.NoError(t, err)
	out, err = f.SQS.ListQueueTags(f.ctx, &sqs.ListQueueTagsInput{QueueUrl: &url})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"tag2": "value2"}, out.Tags)
}

func TestPermissionsEditThePolicy(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("perm", nil)
	arn := f.arn(url)
	_, err := f.SQS.AddPermission(f.ctx, &sqs.AddPermissionInput{QueueUrl: &url, Label: aws.String("crossaccountpermission"),
		AWSAccountIds: []string{"668614515564", "111111111111"}, Actions: []string{"ReceiveMessage"}})
	require.NoError(t, err)
	want := fmt.Sprintf(`{"Version":"2008-10-17","Id":"%[1]s/SQSDefaultPolicy","Statement":[{"Sid":"crossaccountpermission","Effect":"Allow",
		"Principal":{"AWS":["arn:aws:iam::668614515564:root","arn:aws:iam::111111111111:root"]},"Action":"SQS:ReceiveMessage","Resource":"%[1]s"}]}`, arn)
	assert.JSONEq(t, want, f.attr(url, "Policy"))

	_, err = f.SQS.RemovePermission(f.ctx, &sqs.RemovePermissionInput{QueueUrl: &url, Label: aws.String("crossaccountpermission")})
	require.NoError(t, err)
	assert.Empty(t, f.attr(url, "Policy"), "no statement left: no policy")
}

func TestBatchesAndAttributeFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("batch", nil)
	sent, err := f.SQS.SendMessageBatch(f.ctx, &sqs.SendMessageBatchInput{QueueUrl: &url, Entries: []types.SendMessageBatchRequestEntry{
		{Id: aws.String("a"), MessageBody: aws.String("one"), MessageAttributes: map[string]types.MessageAttributeValue{
			"Foo":     {DataType: aws.String("String"), StringValue: aws.String("Bar")},
			"foo.num": {DataType: aws.String("Number.int"), StringValue: aws.String("42")},
			"bin":     {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2}},
		}},
		{Id: aws.String("b"), MessageBody: aws.String("two"), MessageSystemAttributes: map[string]types.MessageSystemAttributeValue{
			"AWSTraceHeader": {DataType: aws.String("String"), StringValue: aws.String("Root=1-5759e988-bd862e3fe1be46a994272793")},
		}},
		{Id: aws.String("c"), MessageBody: aws.String("bad"), MessageAttributes: map[string]types.MessageAttributeValue{
			"n": {DataType: aws.String("Number"), StringValue: aws.String("NaN-ish")},
		}},
	}})
	require.NoError(t, err)
	require.Len(t, sent.Successful, 2)
	require.Len(t, sent.Failed, 1)
	assert.Equal(t, "c", *sent.Failed[0].Id)
	assert.Equal(t, "InvalidParameterValue", *sent.Failed[0].Code)
	assert.True(t, sent.Failed[0].SenderFault)
	assert.NotEmpty(t, *sent.Successful[1].MD5OfMessageSystemAttributes)

	got := f.receive(url, 10, func(in *sqs.ReceiveMessageInput) { in.MessageAttributeNames = []string{"foo.*", "bin"} })
	require.Len(t, got, 2)
	assert.Len(t, got[0].MessageAttributes, 2, "foo.num and bin, not Foo")
	assert.Equal(t, []byte{0, 1, 2}, got[0].MessageAttributes["bin"].BinaryValue)
	assert.Equal(t, "Root=1-5759e988-bd862e3fe1be46a994272793", got[1].Attributes["AWSTraceHeader"])

	del, err := f.SQS.DeleteMessageBatch(f.ctx, &sqs.DeleteMessageBatchInput{QueueUrl: &url, Entries: []types.DeleteMessageBatchRequestEntry{
		{Id: aws.String("x"), ReceiptHandle: got[0].ReceiptHandle},
		{Id: aws.String("y"), ReceiptHandle: got[1].ReceiptHandle},
		{Id: aws.String("z"), ReceiptHandle: aws.String("nope")},
	}})
	require.NoError(t, err)
	assert.Len(t, del.Successful, 2)
	require.Len(t, del.Failed, 1)
	assert.Equal(t, "ReceiptHandleIsInvalid", *del.Failed[0].Code)
	assert.Equal(t, "0", f.attr(url, "ApproximateNumberOfMessagesNotVisible"))
}

func TestDeleteQueue(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("gone", nil)
	f.send(url, "x")
	_, err := f.SQS.DeleteQueue(f.ctx, &sqs.DeleteQueueInput{QueueUrl: &url})
	require.NoError(t, err)
	_, err = f.SQS.SendMessage(f.ctx, &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String("x")})
	var dne *types.QueueDoesNotExist
	require.ErrorAs(t, err, &dne)
	// The name can be used again, empty.
	url = f.createQueue("gone", nil)
	assert.Empty(t, f.receive(url, 10))
}

func TestRedriveAllowPolicyIsCanonical(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("allow", map[string]string{"RedriveAllowPolicy": `{"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:123456789012:a"]}`})
	var p map[string]any
	require.NoError(t, json.Unmarshal([]byte(f.attr(url, "RedriveAllowPolicy")), &p))
	assert.Equal(t, "byQueue", p["redrivePermission"])
}

// An entry without a receipt handle fails alone; the others are deleted.
// (The SDK refuses to send such an entry, so the request is written by hand.)
func TestDeleteMessageBatchEntryWithoutReceiptHandle(t *testing.T) {
	t.Parallel()
	p := newParityEnv(t)
	p.mustQuery("Action=SendMessage&QueueUrl={{std}}&MessageBody=hello")
	var got struct {
		ReceiptHandle string `xml:"ReceiveMessageResult>Message>ReceiptHandle"`
	}
	decodeXML(t, p.query("Action=ReceiveMessage&QueueUrl={{std}}"), &got)
	require.NotEmpty(t, got.ReceiptHandle)

	resp, raw := postJSON(t, p.Env, "AmazonSQS.DeleteMessageBatch", p.fill(`{"QueueUrl":"{{std}}","Entries":[`+
		`{"Id":"none"},{"Id":"ok","ReceiptHandle":"`+got.ReceiptHandle+`"}]}`, jsonEscape))
	require.Equal(t, http.StatusOK, resp.StatusCode, raw)
	var out jsonBatchReply
	require.NoError(t, json.Unmarshal([]byte(raw), &out), raw)
	require.Len(t, out.Failed, 1, raw)
	assert.Equal(t, "none", out.Failed[0].Id)
	assert.Equal(t, "MissingParameter", out.Failed[0].Code)
	assert.Equal(t, "The request must contain the parameter ReceiptHandle.", out.Failed[0].Message)
	assert.True(t, out.Failed[0].SenderFault)
	require.Len(t, out.Successful, 1, raw)
	assert.Equal(t, "ok", out.Successful[0].Id)
}

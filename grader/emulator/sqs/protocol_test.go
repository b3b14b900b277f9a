package sqs_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

func TestJSONProtocolErrors(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	for _, tc := range []struct {
		name, target, body, typ string
	}{
		{"unknown operation", "AmazonSQS.Nope", `{}`, "com.amazon.coral.service#UnknownOperationException"},
		{"other service's target", "AmazonSNS.Publish", `{}`, "com.amazon.coral.service#UnknownOperationException"},
		{"malformed body", "AmazonSQS.CreateQueue", `{"QueueName":`, "com.amazon.coral.service#SerializationException"},
		{"wrong type", "AmazonSQS.CreateQueue", `{"QueueName":5}`, "com.amazon.coral.service#SerializationException"},
		{"not an object", "AmazonSQS.ListQueues", `[1,2]`, "com.amazon.coral.service#SerializationException"},
		{"missing queue name", "AmazonSQS.CreateQueue", `{}`, "com.amazonaws.sqs#MissingRequiredParameterException"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, raw := postJSON(t, env, tc.target, tc.body)
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode, raw)
			assert.Equal(t, "application/x-amz-json-1.0", resp.Header.Get("Content-Type"))
			var e map[string]string
			require.NoError(t, json.Unmarshal([]byte(raw), &e))
			assert.Equal(t, tc.typ, e["__type"])
			assert.NotEmpty(t, e["message"])
		})
	}
}

func TestQueryProtocolErrors(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	for _, tc := range []struct {
		name, body, code string
	}{
		{"missing action", "Version=2012-11-05", "MissingAction"},
		{"unknown action", "Action=Nope&Version=2012-11-05", "InvalidAction"},
		{"bad member number", "Action=CreateQueue&QueueName=q&Attribute.x.Name=a", "MalformedQueryString"},
		{"bad integer", "Action=ListQueues&MaxResults=ten", "MalformedQueryString"},
		{"bad base64", "Action=SendMessage&QueueUrl=/1/q&MessageBody=x&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=Binary&MessageAttribute.1.Value.BinaryValue=***", "MalformedQueryString"},
		{"unparsable form", "Action=ListQueues&%zz", "MalformedQueryString"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, env.URL+"/", strings.NewReader(tc.body))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Authorization", signedAuth)
			resp, err := env.HTTP.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode, string(b))
			e := parseQueryError(t, queryResp{Status: resp.StatusCode, Body: string(b)})
			assert.Equal(t, tc.code, e.Error.Code)
		})
	}
	r := postQuery(t, env, "/", form("Action", "Nope"))
	assert.Equal(t, "The action Nope is not valid for this endpoint.", parseQueryError(t, r).Error.Message)
}

// TestEveryOperationOverQuery runs each action once over the query protocol
// and checks the reply is the action's XML document.
func TestEveryOperationOverQuery(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	call := func(action string, kv ...string) string {
		t.Helper()
		r := postQuery(t, env, "/", form(append([]string{"Action", action}, kv...)...))
		require.Equal(t, http.StatusOK, r.Status, "%s: %s", action, r.Body)
		require.Contains(t, r.Body, "<"+action+"Response ")
		return r.Body
	}
	between := func(s, a, b string) string {
		_, rest, _ := strings.Cut(s, a)
		v, _, _ := strings.Cut(rest, b)
		return v
	}
	dlqURL := between(call("CreateQueue", "QueueName", "dlq"), "<QueueUrl>", "</QueueUrl>")
	dlqARN := "arn:aws:sqs:us-east-1:" + emulatortest.Account + ":dlq"
	url := between(call("CreateQueue", "QueueName", "src",
		"Attribute.1.Name", "RedrivePolicy", "Attribute.1.Value", `{"deadLetterTargetArn":"`+dlqARN+`","maxReceiveCount":1}`,
		"Attribute.2.Name", "VisibilityTimeout", "Attribute.2.Value", "0"), "<QueueUrl>", "</QueueUrl>")
	assert.Equal(t, url, between(call("GetQueueUrl", "QueueName", "src"), "<QueueUrl>", "</QueueUrl>"))
	assert.Contains(t, call("ListQueues", "QueueNamePrefix", "s"), "<QueueUrl>"+url+"</QueueUrl>")
	call("SetQueueAttributes", "QueueUrl", url, "Attribute.1.Name", "DelaySeconds", "Attribute.1.Value", "0")
	assert.Contains(t, call("GetQueueAttributes", "QueueUrl", url, "AttributeName.1", "All"), "<Name>QueueArn</Name>")
	call("TagQueue", "QueueUrl", url, "Tag.1.Key", "k", "Tag.1.Value", "v")
	assert.Contains(t, call("ListQueueTags", "QueueUrl", url), "<Tag><Key>k</Key><Value>v</Value></Tag>")
	call("UntagQueue", "QueueUrl", url, "TagKey.1", "k")
	call("AddPermission", "QueueUrl", url, "Label", "l", "AWSAccountId.1", "111111111111", "ActionName.1", "SendMessage")
	call("RemovePermission", "QueueUrl", url, "Label", "l")
	call("SendMessage", "QueueUrl", url, "MessageBody", "one")
	assert.Contains(t, call("SendMessageBatch", "QueueUrl", url,
		"SendMessageBatchRequestEntry.1.Id", "a", "SendMessageBatchRequestEntry.1.MessageBody", "two",
		"SendMessageBatchRequestEntry.2.Id", "b", "SendMessageBatchRequestEntry.2.MessageBody", "three"),
		"<SendMessageBatchResultEntry><Id>a</Id>")
	recv := call("ReceiveMessage", "QueueUrl", url, "MaxNumberOfMessages", "10")
	assert.Equal(t, 3, strings.Count(recv, "<Message>"), recv)
	handle := between(recv, "<ReceiptHandle>", "</ReceiptHandle>")
	call("ChangeMessageVisibility", "QueueUrl", url, "ReceiptHandle", handle, "VisibilityTimeout", "10")
	assert.Contains(t, call("ChangeMessageVisibilityBatch", "QueueUrl", url,
		"ChangeMessageVisibilityBatchRequestEntry.1.Id", "a", "ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle", handle,
		"ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout", "10"), "<ChangeMessageVisibilityBatchResultEntry><Id>a</Id>")
	assert.Contains(t, call("DeleteMessageBatch", "QueueUrl", url,
		"DeleteMessageBatchRequestEntry.1.Id", "a", "DeleteMessageBatchRequestEntry.1.ReceiptHandle", handle),
		"<DeleteMessageBatchResultEntry><Id>a</Id>")
	call("DeleteMessage", "QueueUrl", url, "ReceiptHandle", handle)
	call("ReceiveMessage", "QueueUrl", url, "MaxNumberOfMessages", "10") // moves the other two to the DLQ
	assert.Contains(t, call("ListDeadLetterSourceQueues", "QueueUrl", dlqURL), "<QueueUrl>"+url+"</QueueUrl>")
	task := between(call("StartMessageMoveTask", "SourceArn", dlqARN), "<TaskHandle>", "</TaskHandle>")
	assert.NotEmpty(t, task)
	assert.Contains(t, call("ListMessageMoveTasks", "SourceArn", dlqARN), "<Status>COMPLETED</Status>")
	r := postQuery(t, env, "/", form("Action", "CancelMessageMoveTask", "TaskHandle", task))
	assert.Equal(t, http.StatusBadRequest, r.Status, "a completed task cannot be cancelled")
	call("PurgeQueue", "QueueUrl", url)
	call("DeleteQueue", "QueueUrl", url)
	r = postQuery(t, env, "/", form("Action", "GetQueueUrl", "QueueName", "src"))
	assert.Equal(t, http.StatusBadRequest, r.Status)
}

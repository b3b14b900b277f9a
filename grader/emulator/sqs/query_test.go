package sqs_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

func TestQueryProtocolLifecycle(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)

	var created struct {
		QueueURL  string `xml:"CreateQueueResult>QueueUrl"`
		RequestID string `xml:"ResponseMetadata>RequestId"`
	}
	r := postQuery(t, env, "/", form("Action", "CreateQueue", "QueueName", "q1",
		"Attribute.1.Name", "VisibilityTimeout", "Attribute.1.Value", "45",
		"Tag.1.Key", "Name", "Tag.1.Value", "q1"))
	decodeXML(t, r, &created)
	assert.Equal(t, env.URL+"/123456789012/q1", created.QueueURL)
	assert.NotEmpty(t, created.RequestID)
	assert.Contains(t, r.Body, `xmlns="http://queue.amazonaws.com/doc/2012-11-05/"`)

	// Sent on the queue URL's path, without QueueUrl.
	var sent struct {
		MessageID string `xml:"SendMessageResult>MessageId"`
		MD5       string `xml:"SendMessageResult>MD5OfMessageBody"`
		MD5Attrs  string `xml:"SendMessageResult>MD5OfMessageAttributes"`
	}
	r = postQuery(t, env, "/123456789012/q1", form("Action", "SendMessage", "MessageBody", "hello",
		"MessageAttribute.1.Name", "Author", "MessageAttribute.1.Value.DataType", "String",
		"MessageAttribute.1.Value.StringValue", "ada",
		"MessageAttribute.2.Name", "Blob", "MessageAttribute.2.Value.DataType", "Binary",
		"MessageAttribute.2.Value.BinaryValue", "AQID"))
	decodeXML(t, r, &sent)
	assert.Equal(t, "5d41402abc4b2a76b9719d911017c592", sent.MD5)
	assert.NotEmpty(t, sent.MD5Attrs)

	var recv struct {
		Messages []struct {
			Body    string `xml:"Body"`
			Handle  string `xml:"ReceiptHandle"`
			MD5Attr string `xml:"MD5OfMessageAttributes"`
			Attrs   []struct {
				Name  string `xml:"Name"`
				Value string `xml:"Value"`
			} `xml:"Attribute"`
			MsgAttrs []struct {
				Name  string `xml:"Name"`
				Value struct {
					DataType    string `xml:"DataType"`
					StringValue string `xml:"StringValue"`
					BinaryValue string `xml:"BinaryValue"`
				} `xml:"Value"`
			} `xml:"MessageAttribute"`
		} `xml:"ReceiveMessageResult>Message"`
	}
	r = postQuery(t, env, "/", form("Action", "ReceiveMessage", "QueueUrl", created.QueueURL,
		"AttributeName.1", "All", "MessageAttributeName.1", "All", "MaxNumberOfMessages", "10"))
	decodeXML(t, r, &recv)
	require.Len(t, recv.Messages, 1, r.Body)
	m := recv.Messages[0]
	assert.Equal(t, "hello", m.Body)
	assert.Equal(t, sent.MD5Attrs, m.MD5Attr)
	require.Len(t, m.MsgAttrs, 2)
	assert.Equal(t, "Author", m.MsgAttrs[0].Name)
	assert.Equal(t, "ada", m.MsgAttrs[0].Value.StringValue)
	assert.Equal(t, "AQID", m.MsgAttrs[1].Value.BinaryValue)
	assert.NotEmpty(t, m.Attrs)

	r = postQuery(t, env, "/", form("Action", "DeleteMessage", "QueueUrl", created.QueueURL, "ReceiptHandle", m.Handle))
	assert.Equal(t, http.StatusOK, r.Status, r.Body)
	assert.Contains(t, r.Body, "<DeleteMessageResponse")

	var attrs struct {
		Attrs []struct {
			Name  string `xml:"Name"`
			Value string `xml:"Value"`
		} `xml:"GetQueueAttributesResult>Attribute"`
	}
	r = postQuery(t, env, "/", form("Action", "GetQueueAttributes", "QueueUrl", created.QueueURL, "AttributeName.1", "VisibilityTimeout"))
	decodeXML(t, r, &attrs)
	require.Len(t, attrs.Attrs, 1)
	assert.Equal(t, "45", attrs.Attrs[0].Value)

	var tags struct {
		Tags []struct {
			Key   string `xml:"Key"`
			Value string `xml:"Value"`
		} `xml:"ListQueueTagsResult>Tag"`
	}
	r = postQuery(t, env, "/", form("Action", "ListQueueTags", "QueueUrl", created.QueueURL))
	decodeXML(t, r, &tags)
	require.Len(t, tags.Tags, 1)
	assert.Equal(t, "Name", tags.Tags[0].Key)

	r = postQuery(t, env, "/", form("Action", "GetQueueUrl", "QueueName", "missing"))
	assert.Equal(t, http.StatusBadRequest, r.Status)
	e := parseQueryError(t, r)
	assert.Equal(t, "Sender", e.Error.Type)
	assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue", e.Error.Code)
	assert.Equal(t, "The specified queue does not exist for this wsdl version.", e.Error.Message)
}

// The query protocol carries ReceiveRequestAttemptId too: a retry returns
// the same receipt handle.
func TestQueryProtocolReceiveRequestAttemptID(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	var created struct {
		QueueURL string `xml:"CreateQueueResult>QueueUrl"`
	}
	decodeXML(t, postQuery(t, env, "/", form("Action", "CreateQueue", "QueueName", "retry.fifo",
		"Attribute.1.Name", "FifoQueue", "Attribute.1.Value", "true",
		"Attribute.2.Name", "ContentBasedDeduplication", "Attribute.2.Value", "true")), &created)
	r := postQuery(t, env, "/", form("Action", "SendMessage", "QueueUrl", created.QueueURL, "MessageBody", "once", "MessageGroupId", "g"))
	require.Equal(t, http.StatusOK, r.Status, r.Body)

	handle := func() string {
		var recv struct {
			Handles []string `xml:"ReceiveMessageResult>Message>ReceiptHandle"`
		}
		decodeXML(t, postQuery(t, env, "/", form("Action", "ReceiveMessage", "QueueUrl", created.QueueURL,
			"ReceiveRequestAttemptId", "attempt-1")), &recv)
		require.Len(t, recv.Handles, 1)
		return recv.Handles[0]
	}
	assert.Equal(t, handle(), handle())
}

package sqs_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

// runErrorCase sends tc in one protocol and checks AWS's code, status and
// message, as TestRecordedErrorsOver{JSON,Query} do.
func runErrorCase(t *testing.T, tc errorCase, protocol string) {
	t.Helper()
	env, jsonR, queryR := errorEnv(t)
	for _, b := range tc.before {
		f, err := url.ParseQuery(queryR.Replace(b))
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, postQuery(t, env, "/", f).Status)
	}
	if protocol == "json" {
		op, body, _ := strings.Cut(tc.json, " ")
		resp, raw := postJSON(t, env, "AmazonSQS."+op, jsonR.Replace(body))
		assert.Equal(t, tc.status, resp.StatusCode, raw)
		assert.Equal(t, tc.code+";Sender", resp.Header.Get("X-Amzn-Query-Error"))
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}
		require.NoError(t, json.Unmarshal([]byte(raw), &e), raw)
		assert.Equal(t, "com.amazonaws.sqs#"+tc.typ, e.Type)
		assert.Equal(t, tc.msg, e.Message)
		return
	}
	f, err := url.ParseQuery(queryR.Replace(tc.query))
	require.NoError(t, err)
	r := postQuery(t, env, "/", f)
	assert.Equal(t, tc.status, r.Status, r.Body)
	e := parseQueryError(t, r)
	assert.Equal(t, tc.code, e.Error.Code)
	want := tc.msg
	if tc.qmsg != "" {
		want = tc.qmsg
	}
	assert.Equal(t, want, e.Error.Message)
}

// AddPermission's validations. The duplicate label is recorded
// (aws-parity test_sqs_permission_lifecycle); the action rules follow the
// SQS API reference for AddPermission ("An Amazon SQS policy can have a
// maximum of seven actions per statement"; the actions that can be shared
// are ChangeMessageVisibility, DeleteMessage, GetQueueAttributes,
// GetQueueUrl, ListDeadLetterSourceQueues, PurgeQueue, ReceiveMessage,
// SendMessage and *), with the messages AWS gives for an action only the
// owner may invoke and for a name that is no action.
func TestAddPermissionValidations(t *testing.T) {
	t.Parallel()
	const add = "Action=AddPermission&QueueUrl={{std}}&Label=p&AWSAccountId.1=111111111111"
	const addJSON = `AddPermission {"QueueUrl":"{{std}}","Label":"p","AWSAccountIds":["111111111111"],`
	eight := []string{"ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl",
		"ListDeadLetterSourceQueues", "PurgeQueue", "ReceiveMessage", "SendMessage"}
	eightQuery := ""
	for i, a := range eight {
		eightQuery += "&ActionName." + itoa(i+1) + "=" + a
	}
	eightJSON, _ := json.Marshal(eight)
	cases := []errorCase{
		{name: "owner-only action RemovePermission", json: addJSON + `"Actions":["RemovePermission"]}`,
			query: add + "&ActionName.1=RemovePermission", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value SQS:RemovePermission for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action."},
		{name: "owner-only action after a shareable one", json: addJSON + `"Actions":["SendMessage","DeleteQueue"]}`,
			query: add + "&ActionName.1=SendMessage&ActionName.2=DeleteQueue", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value SQS:DeleteQueue for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action."},
		{name: "owner-only action SetQueueAttributes", json: addJSON + `"Actions":["SetQueueAttributes"]}`,
			query: add + "&ActionName.1=SetQueueAttributes", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value SQS:SetQueueAttributes for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action."},
		{name: "not an action", json: addJSON + `"Actions":["SendMessageBatch"]}`,
			query: add + "&ActionName.1=SendMessageBatch", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value SQS:SendMessageBatch for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions."},
		{name: "more than seven actions", json: addJSON + `"Actions":` + string(eightJSON) + `}`,
			query: add + eightQuery, status: 403, code: "OverLimit", typ: "OverLimit",
			msg: "8 Actions were found, maximum allowed is 7."},
		{name: "no actions", json: addJSON + `"Actions":[]}`,
			query: add, status: 400, code: missing, typ: missingT,
			msg: "The request must contain the parameter Actions."},
		{name: "label already exists (recorded)", json: addJSON + `"Actions":["ReceiveMessage"]}`,
			before: []string{add + "&ActionName.1=ReceiveMessage"},
			query:  add + "&ActionName.1=ReceiveMessage", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value p for parameter Label is invalid. Reason: Already exists."},
	}
	for _, tc := range cases {
		for _, protocol := range []string{"json", "query"} {
			t.Run(protocol+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				runErrorCase(t, tc, protocol)
			})
		}
	}
}

// A queue's name where a QueueUrl is expected: AWS resolves it in the
// caller's account (the QueueUrl member of every operation takes a URL or,
// as AWS answers, the name), in both protocols.
func TestQueueNameWhereQueueURLIsExpected(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)
	_, err := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("by-name")})
	require.NoError(t, err)
	_, err = env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("by-name.fifo"),
		Attributes: map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"}})
	require.NoError(t, err)

	tests := []struct {
		name, protocol, op, body string
		want                     string // a fragment of the 200 reply
	}{
		{"send json", "json", "SendMessage", `{"QueueUrl":"by-name","MessageBody":"hello"}`, `"MD5OfMessageBody"`},
		{"send query", "query", "SendMessage", "QueueUrl=by-name&MessageBody=hello", "<MD5OfMessageBody>"},
		{"send fifo json", "json", "SendMessage", `{"QueueUrl":"by-name.fifo","MessageBody":"hi","MessageGroupId":"g"}`, `"SequenceNumber"`},
		{"batch json", "json", "SendMessageBatch", `{"QueueUrl":"by-name","Entries":[{"Id":"a","MessageBody":"b"}]}`, `"Successful":[{`},
		{"batch query", "query", "SendMessageBatch", "QueueUrl=by-name&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=b", "<SendMessageBatchResultEntry>"},
		{"receive json", "json", "ReceiveMessage", `{"QueueUrl":"by-name","MaxNumberOfMessages":10,"VisibilityTimeout":0}`, `"Messages"`},
		{"receive query", "query", "ReceiveMessage", "QueueUrl=by-name&MaxNumberOfMessages=10", "<Message>"},
		{"attributes json", "json", "GetQueueAttributes", `{"QueueUrl":"by-name","AttributeNames":["QueueArn"]}`, `arn:aws:sqs:us-east-1:123456789012:by-name`},
		{"attributes query", "query", "GetQueueAttributes", "QueueUrl=by-name&AttributeName.1=QueueArn", "arn:aws:sqs:us-east-1:123456789012:by-name"},
		{"tags query", "query", "ListQueueTags", "QueueUrl=by-name", "<ListQueueTagsResult"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, env, tt.protocol, tt.op, tt.body)
			assert.Equal(t, http.StatusOK, status, body)
			assert.Contains(t, body, tt.want)
		})
	}

	// A name that names no queue is QueueDoesNotExist, as any unknown URL,
	// and a name resolves in the caller's account only.
	for _, protocol := range []string{"json", "query"} {
		body := `{"QueueUrl":"missing","MessageBody":"x"}`
		if protocol == "query" {
			body = "QueueUrl=missing&MessageBody=x"
		}
		status, reply := call(t, env, protocol, "SendMessage", body)
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Contains(t, reply, map[string]string{"json": "#QueueDoesNotExist", "query": "AWS.SimpleQueueService.NonExistentQueue"}[protocol])
	}
	other := sqs.NewFromConfig(emulatortest.ClientConfig(env.URL, env.HTTP, "210987654321"))
	_, err = other.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String("by-name")})
	var dne *types.QueueDoesNotExist
	require.ErrorAs(t, err, &dne, "another account has no queue by-name")
}

// call sends one request in protocol and returns the status and body.
func call(t *testing.T, env *emulatortest.Env, protocol, op, body string) (int, string) {
	t.Helper()
	if protocol == "json" {
		resp, raw := postJSON(t, env, "AmazonSQS."+op, body)
		return resp.StatusCode, raw
	}
	f, err := url.ParseQuery("Action=" + op + "&" + body)
	require.NoError(t, err)
	r := postQuery(t, env, "/", f)
	return r.Status, r.Body
}

// DelaySeconds on a message overrides the queue's delay, 0 included: the
// SQS API reference for SendMessage and SendMessageBatchRequestEntry says
// the queue's default applies only "if you don't specify a value". On a FIFO
// queue, which takes no per-message delay, an explicit 0 keeps the queue's
// delay (recorded: test_fifo_queue_send_message_with_zero_delay_defaults_
// to_queue_delay).
func TestMessageDelayOverridesQueueDelay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, protocol, op string
		fifo               bool
		delay              string // "" leaves DelaySeconds out
		visibleAfter       time.Duration
	}{
		{"json send absent", "json", "SendMessage", false, "", 10 * time.Second},
		{"json send zero", "json", "SendMessage", false, "0", 0},
		{"json send three", "json", "SendMessage", false, "3", 3 * time.Second},
		{"query send absent", "query", "SendMessage", false, "", 10 * time.Second},
		{"query send zero", "query", "SendMessage", false, "0", 0},
		{"json batch absent", "json", "SendMessageBatch", false, "", 10 * time.Second},
		{"json batch zero", "json", "SendMessageBatch", false, "0", 0},
		{"query batch absent", "query", "SendMessageBatch", false, "", 10 * time.Second},
		{"query batch zero", "query", "SendMessageBatch", false, "0", 0},
		{"query batch three", "query", "SendMessageBatch", false, "3", 3 * time.Second},
		{"json fifo zero keeps the queue delay", "json", "SendMessage", true, "0", 10 * time.Second},
		{"query fifo batch zero keeps the queue delay", "query", "SendMessageBatch", true, "0", 10 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := emulatortest.New(t, emulatortest.WithFakeClock())
			ctx := emulatortest.Context(t)
			name, attrs := "delayed", map[string]string{"DelaySeconds": "10"}
			if tt.fifo {
				name, attrs["FifoQueue"], attrs["ContentBasedDeduplication"] = "delayed.fifo", "true", "true"
			}
			created, err := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
			require.NoError(t, err)
			qurl := aws.ToString(created.QueueUrl)

			var status int
			var reply string
			if tt.protocol == "json" {
				fields := `"MessageBody":"m"`
				if tt.fifo {
					fields += `,"MessageGroupId":"g"`
				}
				if tt.delay != "" {
					fields += `,"DelaySeconds":` + tt.delay
				}
				body := `{"QueueUrl":"` + qurl + `",` + fields + `}`
				if tt.op == "SendMessageBatch" {
					body = `{"QueueUrl":"` + qurl + `","Entries":[{"Id":"a",` + fields + `}]}`
				}
				status, reply = call(t, env, "json", tt.op, body)
			} else {
				prefix := ""
				if tt.op == "SendMessageBatch" {
					prefix = "SendMessageBatchRequestEntry.1."
				}
				f := "QueueUrl=" + url.QueryEscape(qurl) + "&" + prefix + "MessageBody=m"
				if tt.op == "SendMessageBatch" {
					f += "&" + prefix + "Id=a"
				}
				if tt.fifo {
					f += "&" + prefix + "MessageGroupId=g"
				}
				if tt.delay != "" {
					f += "&" + prefix + "DelaySeconds=" + tt.delay
				}
				status, reply = call(t, env, "query", tt.op, f)
			}
			require.Equal(t, http.StatusOK, status, reply)
			require.NotContains(t, reply, "Failed\":[{", reply)
			require.NotContains(t, reply, "<BatchResultErrorEntry>", reply)

			receive := func() int {
				out, err := env.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: created.QueueUrl, MaxNumberOfMessages: 10})
				require.NoError(t, err)
				return len(out.Messages)
			}
			if tt.visibleAfter > 0 {
				assert.Zero(t, receive(), "delayed at first")
				env.Clock.Advance(tt.visibleAfter - time.Second)
				assert.Zero(t, receive(), "still delayed a second before")
				env.Clock.Advance(time.Second)
			}
			assert.Equal(t, 1, receive())
		})
	}
}

package sqs_test

// Parity with real AWS: the recorded error cases of aws-parity/test_sqs*.json
// that errors_test.go does not drive, each in both protocols, named by its
// snapshot scenario so that a failure points at the recording.

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"runtime"
	"sort"
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

// parityEnv is an emulator on a fake clock with a standard queue, a FIFO
// queue and a dead-letter queue "dlq" that "src" redrives to. vars holds the
// placeholders ({{std}}, {{fifo}}, {{dlq}}, {{dlqarn}}, ...) a case's
// requests use; setup steps may add more.
type parityEnv struct {
	*emulatortest.Env
	t    *testing.T
	vars map[string]string
}

func newParityEnv(t *testing.T) *parityEnv {
	t.Helper()
	p := &parityEnv{Env: emulatortest.New(t, emulatortest.WithFakeClock()), t: t, vars: map[string]string{}}
	arn := func(name string) string { return "arn:aws:sqs:us-east-1:" + emulatortest.Account + ":" + name }
	p.vars["dlqarn"] = arn("dlq")
	p.vars["stdarn"] = arn("std")
	p.vars["missingarn"] = arn("missing")
	for _, q := range []struct{ key, name, attrs string }{
		{"std", "std", ""},
		{"fifo", "fifo.fifo", "&Attribute.1.Name=FifoQueue&Attribute.1.Value=true"},
		{"dlq", "dlq", ""},
		{"src", "src", "&Attribute.1.Name=RedrivePolicy&Attribute.1.Value=" +
			url.QueryEscape(`{"deadLetterTargetArn":"`+arn("dlq")+`","maxReceiveCount":1}`)},
	} {
		var out struct {
			URL string `xml:"CreateQueueResult>QueueUrl"`
		}
		decodeXML(t, p.query("Action=CreateQueue&QueueName="+q.name+q.attrs), &out)
		p.vars[q.key] = out.URL
	}
	return p
}

// fill replaces the placeholders in s, escaping values with esc.
func (p *parityEnv) fill(s string, esc func(string) string) string {
	var pairs []string
	for k, v := range p.vars {
		pairs = append(pairs, "{{"+k+"}}", esc(v))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// query sends a query-protocol request built from a form with placeholders.
func (p *parityEnv) query(form string) queryResp {
	p.t.Helper()
	f, err := url.ParseQuery(p.fill(form, url.QueryEscape))
	require.NoError(p.t, err)
	return postQuery(p.t, p.Env, "/", f)
}

// mustQuery is query for a setup step, which must succeed.
func (p *parityEnv) mustQuery(form string) string {
	p.t.Helper()
	r := p.query(form)
	require.Equal(p.t, http.StatusOK, r.Status, r.Body)
	return r.Body
}

// parityCase is one recorded error: a request in both protocols and what
// AWS answered.
type parityCase struct {
	scenario string // the snapshot key, without the protocol suffix
	setup    func(p *parityEnv)
	json     string // "Operation {body}"
	query    string
	status   int
	code     string // legacy code: query <Code>, x-amzn-query-error
	typ      string // JSON __type
	msg      string
	qmsg     string // the query message when it differs
}

func taskHandle(taskID, sourceArn string) string {
	b, _ := json.Marshal(map[string]string{"taskId": taskID, "sourceArn": sourceArn})
	return base64.StdEncoding.EncodeToString(b)
}

const (
	idReason    = " can only include alphanumeric and punctuation characters. 1 to 128 in length."
	moveRunning = "There is already a task running. Only one active task is allowed for a source queue arn at a given time."
)

func parityCases() []parityCase {
	long := strings.Repeat("a", 129)
	del20J, del20Q := entries(20, "DeleteMessageBatchRequestEntry", `"ReceiptHandle":"x"`)
	vis20J, vis20Q := entries(20, "ChangeMessageVisibilityBatchRequestEntry", `"ReceiptHandle":"x","VisibilityTimeout":1`)
	// receiveExpired receives from the FIFO queue with a 1s visibility
	// timeout and lets it expire: {{handle}} is then an expired handle.
	receiveExpired := func(p *parityEnv) {
		p.mustQuery("Action=SendMessage&QueueUrl={{fifo}}&MessageBody=m&MessageGroupId=g&MessageDeduplicationId=d")
		var out struct {
			Handle string `xml:"ReceiveMessageResult>Message>ReceiptHandle"`
		}
		r := p.query("Action=ReceiveMessage&QueueUrl={{fifo}}&VisibilityTimeout=1")
		decodeXML(p.t, r, &out)
		require.NotEmpty(p.t, out.Handle, r.Body)
		p.vars["handle"] = out.Handle
		p.Clock.Advance(2 * time.Second)
	}
	return []parityCase{
		{scenario: "test_posting_to_fifo_requires_deduplicationid_group_id/invalid-parameter-value",
			json:   `SendMessage {"QueueUrl":"{{fifo}}","MessageBody":"x","MessageGroupId":"g"}`,
			query:  "Action=SendMessage&QueueUrl={{fifo}}&MessageBody=x&MessageGroupId=g",
			status: 400, code: invalidValue, typ: invalidValueT,
			msg: "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"},
		{scenario: "test_send_message_to_standard_queue_with_invalid_message_group_id[empty]",
			json:   `SendMessage {"QueueUrl":"{{std}}","MessageBody":"x","MessageGroupId":""}`,
			query:  "Action=SendMessage&QueueUrl={{std}}&MessageBody=x&MessageGroupId=",
			status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value  for parameter MessageGroupId is invalid. Reason: MessageGroupId" + idReason},
		{scenario: "test_send_message_to_standard_queue_with_invalid_message_group_id[too_long]",
			json:   `SendMessage {"QueueUrl":"{{std}}","MessageBody":"x","MessageGroupId":"` + long + `"}`,
			query:  "Action=SendMessage&QueueUrl={{std}}&MessageBody=x&MessageGroupId=" + long,
			status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value " + long + " for parameter MessageGroupId is invalid. Reason: MessageGroupId" + idReason},
		{scenario: "test_message_deduplication_id_invalid[too_long]",
			json:   `SendMessage {"QueueUrl":"{{fifo}}","MessageBody":"x","MessageGroupId":"g","MessageDeduplicationId":"` + long + `"}`,
			query:  "Action=SendMessage&QueueUrl={{fifo}}&MessageBody=x&MessageGroupId=g&MessageDeduplicationId=" + long,
			status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value " + long + " for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId" + idReason},
		{scenario: "test_message_deduplication_id_invalid[spaces]",
			json:   `SendMessage {"QueueUrl":"{{fifo}}","MessageBody":"x","MessageGroupId":"g","MessageDeduplicationId":"group 123"}`,
			query:  "Action=SendMessage&QueueUrl={{fifo}}&MessageBody=x&MessageGroupId=g&MessageDeduplicationId=group+123",
			status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value group 123 for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId" + idReason},
		{scenario: "test_set_unsupported_attribute_fifo/invalid-attr-name-1",
			json:   `SetQueueAttributes {"QueueUrl":"{{fifo}}","Attributes":{"FifoQueue":"true"}}`,
			query:  "Action=SetQueueAttributes&QueueUrl={{fifo}}&Attribute.1.Name=FifoQueue&Attribute.1.Value=true",
			status: 400, code: "InvalidAttributeName", typ: "InvalidAttributeName", msg: "Unknown Attribute FifoQueue."},
		{scenario: "test_set_unsupported_attribute_standard/invalid-attr-name-2",
			json:   `SetQueueAttributes {"QueueUrl":"{{std}}","Attributes":{"FifoQueue":"false"}}`,
			query:  "Action=SetQueueAttributes&QueueUrl={{std}}&Attribute.1.Name=FifoQueue&Attribute.1.Value=false",
			status: 400, code: "InvalidAttributeName", typ: "InvalidAttributeName", msg: "Unknown Attribute FifoQueue."},
		{scenario: "test_create_standard_queue_with_fifo_attribute_raises_error/invalid-attribute-fifo-queue",
			json:   `CreateQueue {"QueueName":"plain","Attributes":{"FifoQueue":"false"}}`,
			query:  "Action=CreateQueue&QueueName=plain&Attribute.1.Name=FifoQueue&Attribute.1.Value=false",
			status: 400, code: "InvalidAttributeName", typ: "InvalidAttributeName", msg: "Unknown Attribute FifoQueue."},
		{scenario: "test_delete_message_batch_invalid_msg_id[invalid:id]",
			json:   `DeleteMessageBatch {"QueueUrl":"{{std}}","Entries":[{"Id":"invalid:id","ReceiptHandle":"x"}]}`,
			query:  "Action=DeleteMessageBatch&QueueUrl={{std}}&DeleteMessageBatchRequestEntry.1.Id=invalid:id&DeleteMessageBatchRequestEntry.1.ReceiptHandle=x",
			status: 400, code: "AWS.SimpleQueueService.InvalidBatchEntryId", typ: "InvalidBatchEntryId", msg: batchIDMsg},
		{scenario: "test_delete_message_batch_with_too_large_batch",
			json:   `DeleteMessageBatch {"QueueUrl":"{{std}}","Entries":` + del20J + `}`,
			query:  "Action=DeleteMessageBatch&QueueUrl={{std}}&" + del20Q,
			status: 400, code: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", typ: "TooManyEntriesInBatchRequest",
			msg: "Maximum number of entries per request are 10. You have sent 20."},
		{scenario: "test_change_message_visibility_batch_with_too_large_batch",
			json:   `ChangeMessageVisibilityBatch {"QueueUrl":"{{std}}","Entries":` + vis20J + `}`,
			query:  "Action=ChangeMessageVisibilityBatch&QueueUrl={{std}}&" + vis20Q,
			status: 400, code: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", typ: "TooManyEntriesInBatchRequest",
			msg: "Maximum number of entries per request are 10. You have sent 20."},
		{scenario: "test_non_existent_queue/queue-does-not-exist-url", setup: func(p *parityEnv) {
			p.vars["gone"] = strings.TrimSuffix(p.vars["std"], "std") + "gone"
		},
			json:   `GetQueueAttributes {"QueueUrl":"{{gone}}","AttributeNames":["All"]}`,
			query:  "Action=GetQueueAttributes&QueueUrl={{gone}}&AttributeName.1=All",
			status: 400, code: "AWS.SimpleQueueService.NonExistentQueue", typ: "QueueDoesNotExist",
			msg: "The specified queue does not exist.", qmsg: "The specified queue does not exist for this wsdl version."},
		{scenario: "test_fifo_delete_after_visibility_timeout/delete_after_timeout_fifo", setup: receiveExpired,
			json:   `DeleteMessage {"QueueUrl":"{{fifo}}","ReceiptHandle":"{{handle}}"}`,
			query:  "Action=DeleteMessage&QueueUrl={{fifo}}&ReceiptHandle={{handle}}",
			status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value {{handle}} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired."},
		{scenario: "test_sqs_move_task::test_destination_needs_to_exist",
			json:   `StartMessageMoveTask {"SourceArn":"{{dlqarn}}","DestinationArn":"{{missingarn}}"}`,
			query:  "Action=StartMessageMoveTask&SourceArn={{dlqarn}}&DestinationArn={{missingarn}}",
			status: 404, code: "ResourceNotFoundException", typ: "ResourceNotFoundException",
			msg: "The resource that you specified for the DestinationArn parameter doesn't exist."},
		{scenario: "test_sqs_move_task::test_cancel_with_invalid_source_arn_in_task_handle", setup: func(p *parityEnv) {
			p.vars["task"] = taskHandle("8f1b1c38-0c52-4f0e-9a4e-0f6f5b6e2b11", p.vars["missingarn"])
		},
			json: `CancelMessageMoveTask {"TaskHandle":"{{task}}"}`, query: "Action=CancelMessageMoveTask&TaskHandle={{task}}",
			status: 404, code: "ResourceNotFoundException", typ: "ResourceNotFoundException",
			msg: "The resource that you specified for the SourceArn parameter doesn't exist."},
		{scenario: "test_sqs_move_task::test_cancel_with_invalid_task_id_in_task_handle", setup: func(p *parityEnv) {
			p.vars["task"] = taskHandle("8f1b1c38-0c52-4f0e-9a4e-0f6f5b6e2b11", p.vars["dlqarn"])
		},
			json: `CancelMessageMoveTask {"TaskHandle":"{{task}}"}`, query: "Action=CancelMessageMoveTask&TaskHandle={{task}}",
			status: 404, code: "ResourceNotFoundException", typ: "ResourceNotFoundException", msg: "Task does not exist."},
		{scenario: "test_sqs_move_task::test_start_multiple_move_tasks", setup: func(p *parityEnv) {
			// A task at one message a second stays RUNNING: the fake clock
			// does not move.
			for range 3 {
				p.mustQuery("Action=SendMessage&QueueUrl={{dlq}}&MessageBody=m")
			}
			p.mustQuery("Action=StartMessageMoveTask&SourceArn={{dlqarn}}&DestinationArn={{stdarn}}&MaxNumberOfMessagesPerSecond=1")
		},
			json: `StartMessageMoveTask {"SourceArn":"{{dlqarn}}"}`, query: "Action=StartMessageMoveTask&SourceArn={{dlqarn}}",
			status: 400, code: invalidValue, typ: invalidValueT, msg: moveRunning},
	}
}

func TestParityErrorsOverJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range parityCases() {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			p := newParityEnv(t)
			if tc.setup != nil {
				tc.setup(p)
			}
			op, body, _ := strings.Cut(tc.json, " ")
			resp, raw := postJSON(t, p.Env, "AmazonSQS."+op, p.fill(body, jsonEscape))
			assert.Equal(t, tc.status, resp.StatusCode, raw)
			assert.Equal(t, tc.code+";Sender", resp.Header.Get("X-Amzn-Query-Error"))
			var e struct {
				Type    string `json:"__type"`
				Message string `json:"message"`
			}
			require.NoError(t, json.Unmarshal([]byte(raw), &e), raw)
			assert.Equal(t, "com.amazonaws.sqs#"+tc.typ, e.Type)
			assert.Equal(t, p.fill(tc.msg, identity), e.Message)
		})
	}
}

func TestParityErrorsOverQuery(t *testing.T) {
	t.Parallel()
	for _, tc := range parityCases() {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			p := newParityEnv(t)
			if tc.setup != nil {
				tc.setup(p)
			}
			r := p.query(tc.query)
			assert.Equal(t, tc.status, r.Status, r.Body)
			e := parseQueryError(t, r)
			assert.Equal(t, "Sender", e.Error.Type)
			assert.Equal(t, tc.code, e.Error.Code)
			want := tc.msg
			if tc.qmsg != "" {
				want = tc.qmsg
			}
			assert.Equal(t, p.fill(want, identity), e.Error.Message)
		})
	}
}

func identity(s string) string { return s }

// jsonEscape escapes s for use inside a JSON string literal.
func jsonEscape(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// queueAttrsBoth returns GetQueueAttributes All for the queue at {{key}},
// read over JSON and over query; both must agree.
func (p *parityEnv) queueAttrsBoth(key string) map[string]string {
	p.t.Helper()
	resp, raw := postJSON(p.t, p.Env, "AmazonSQS.GetQueueAttributes", p.fill(`{"QueueUrl":"{{`+key+`}}","AttributeNames":["All"]}`, jsonEscape))
	require.Equal(p.t, http.StatusOK, resp.StatusCode, raw)
	var j struct{ Attributes map[string]string }
	require.NoError(p.t, json.Unmarshal([]byte(raw), &j), raw)
	var q struct {
		Attrs []struct{ Name, Value string } `xml:"GetQueueAttributesResult>Attribute"`
	}
	decodeXML(p.t, p.query("Action=GetQueueAttributes&QueueUrl={{"+key+"}}&AttributeName.1=All"), &q)
	fromQuery := map[string]string{}
	for _, a := range q.Attrs {
		fromQuery[a.Name] = a.Value
	}
	assert.Equal(p.t, j.Attributes, fromQuery, "JSON and query answers differ")
	for _, ts := range []string{"CreatedTimestamp", "LastModifiedTimestamp"} {
		assert.Regexp(p.t, `^\d+$`, j.Attributes[ts], ts)
		j.Attributes[ts] = "timestamp"
	}
	return j.Attributes
}

// Recorded: test_set_queue_attributes_default_values and
// test_fifo_set_content_based_deduplication_strategy (GetQueueAttributes All).
func TestParityQueueAttributeDefaults(t *testing.T) {
	t.Parallel()
	p := newParityEnv(t)
	base := map[string]string{
		"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesDelayed": "0", "ApproximateNumberOfMessagesNotVisible": "0",
		"CreatedTimestamp": "timestamp", "DelaySeconds": "0", "LastModifiedTimestamp": "timestamp", "MaximumMessageSize": "1048576",
		"MessageRetentionPeriod": "345600", "ReceiveMessageWaitTimeSeconds": "0", "SqsManagedSseEnabled": "true", "VisibilityTimeout": "30",
	}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			if v == "" {
				delete(m, k)
				continue
			}
			m[k] = v
		}
		return m
	}
	arn := "arn:aws:sqs:us-east-1:" + emulatortest.Account + ":"
	assert.Equal(t, with(map[string]string{"QueueArn": arn + "std"}), p.queueAttrsBoth("std"), "standard defaults")
	assert.Equal(t, with(map[string]string{"QueueArn": arn + "fifo.fifo", "FifoQueue": "true", "ContentBasedDeduplication": "false",
		"DeduplicationScope": "queue", "FifoThroughputLimit": "perQueue"}), p.queueAttrsBoth("fifo"), "FIFO defaults")

	// get-queue-attributes-after-update: KMS replaces SQS-managed SSE.
	p.mustQuery("Action=SetQueueAttributes&QueueUrl={{std}}&Attribute.1.Name=KmsMasterKeyId&Attribute.1.Value=testKeyId" +
		"&Attribute.2.Name=KmsDataKeyReusePeriodSeconds&Attribute.2.Value=6000&Attribute.3.Name=SqsManagedSseEnabled&Attribute.3.Value=false")
	assert.Equal(t, with(map[string]string{"QueueArn": arn + "std", "KmsMasterKeyId": "testKeyId",
		"KmsDataKeyReusePeriodSeconds": "6000", "SqsManagedSseEnabled": "false"}), p.queueAttrsBoth("std"), "after KMS update")

	// test_create_and_update_queue_attributes: the values set are the values read.
	p.mustQuery("Action=CreateQueue&QueueName=custom&Attribute.1.Name=MessageRetentionPeriod&Attribute.1.Value=604800" +
		"&Attribute.2.Name=ReceiveMessageWaitTimeSeconds&Attribute.2.Value=10&Attribute.3.Name=VisibilityTimeout&Attribute.3.Value=20")
	p.vars["custom"] = strings.TrimSuffix(p.vars["std"], "std") + "custom"
	p.mustQuery("Action=SetQueueAttributes&QueueUrl={{custom}}&Attribute.1.Name=DelaySeconds&Attribute.1.Value=420" +
		"&Attribute.2.Name=MaximumMessageSize&Attribute.2.Value=2048&Attribute.3.Name=VisibilityTimeout&Attribute.3.Value=69")
	assert.Equal(t, with(map[string]string{"QueueArn": arn + "custom", "DelaySeconds": "420", "MaximumMessageSize": "2048",
		"MessageRetentionPeriod": "604800", "ReceiveMessageWaitTimeSeconds": "10", "VisibilityTimeout": "69"}),
		p.queueAttrsBoth("custom"), "updated attributes")
}

// Recorded: test_receive_message_message_attribute_names_filters (the
// attributes and MD5OfMessageAttributes each filter returns).
func TestParityReceiveMessageAttributeFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("filters", nil)
	str := func(v string) types.MessageAttributeValue {
		return types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	sent := f.send(url, "msg", func(in *sqs.SendMessageInput) {
		in.MessageAttributes = map[string]types.MessageAttributeValue{"General": str("Kenobi"), "Hello": str("There"), "Help.Me": str("Me")}
	})
	assert.Equal(t, "4c360f3fdafd970e05fae2f149d997f5", aws.ToString(sent.MD5OfMessageAttributes))
	tests := []struct {
		name   string
		filter []string
		want   []string
		md5    string
	}{
		{"empty_filter", nil, nil, ""},
		{"all_name", []string{"All"}, []string{"General", "Hello", "Help.Me"}, "4c360f3fdafd970e05fae2f149d997f5"},
		{"all_wildcard", []string{".*"}, []string{"General", "Hello", "Help.Me"}, "4c360f3fdafd970e05fae2f149d997f5"},
		{"all_wildcard_asterisk", []string{"*"}, []string{"General", "Hello", "Help.Me"}, "4c360f3fdafd970e05fae2f149d997f5"},
		{"only_non_existing_names", []string{"Foo", "Help"}, nil, ""},
		{"only_existing", []string{"General", "Hello"}, []string{"General", "Hello"}, "fca026605781cb4126a1e9044df24232"},
		{"existing_and_non_existing", []string{"Hello", "Foo"}, []string{"Hello"}, "a311262e065454b75da111d535b8dacd"},
		{"prefix_filter", []string{"Hel.*"}, []string{"Hello", "Help.Me"}, "83fee93c1bcd8b9a5a923ffacdc636c7"},
		{"illegal_name_1", []string{"AWS."}, nil, ""},
		{"illegal_name_2", []string{"..foo"}, nil, ""},
	}
	for _, tc := range tests {
		// Sequential: the one message is received again for each filter.
		got := f.receive(url, 1, func(in *sqs.ReceiveMessageInput) {
			in.MessageAttributeNames = tc.filter
		})
		f.Clock.Advance(31 * time.Second) // visible again for the next filter
		require.Len(t, got, 1, tc.name)
		var names []string
		for n := range got[0].MessageAttributes {
			names = append(names, n)
		}
		sort.Strings(names)
		assert.Equal(t, tc.want, names, tc.name)
		assert.Equal(t, tc.md5, aws.ToString(got[0].MD5OfMessageAttributes), tc.name)
	}
}

func attrKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Recorded: test_receive_message_attribute_names_filters,
// test_message_system_attribute_names_with_attribute_names,
// test_fifo_message_attributes, test_dead_letter_queue_message_attributes
// (the system attributes a received message carries).
func TestParityReceiveSystemAttributes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	all := func(in *sqs.ReceiveMessageInput) {
		in.MessageSystemAttributeNames = []types.MessageSystemAttributeName{"All"}
	}
	// again lets the default 30s visibility timeout pass, so that the next
	// receive gets the same message.
	again := func() { f.Clock.Advance(31 * time.Second) }
	std := []string{"ApproximateFirstReceiveTimestamp", "ApproximateReceiveCount", "SenderId", "SentTimestamp"}

	url := f.createQueue("system", nil)
	f.send(url, "msg")
	got := f.receive(url, 1, all)
	require.Len(t, got, 1)
	assert.Equal(t, std, attrKeys(got[0].Attributes), "all_attributes")
	assert.Equal(t, "1", got[0].Attributes["ApproximateReceiveCount"])
	assert.Equal(t, emulatortest.Account, got[0].Attributes["SenderId"])
	again()
	got = f.receive(url, 1, func(in *sqs.ReceiveMessageInput) {
		in.MessageSystemAttributeNames = []types.MessageSystemAttributeName{"SenderId", "SequenceNumber"}
	})
	require.Len(t, got, 1)
	assert.Equal(t, []string{"SenderId"}, attrKeys(got[0].Attributes), "multiple_attributes: no SequenceNumber on a standard queue")
	again()
	got = f.receive(url, 1, func(in *sqs.ReceiveMessageInput) {
		//lint:ignore SA1019 the deprecated field is what the recorded scenario sends; AWS still honours it
		in.AttributeNames = []types.QueueAttributeName{"All"}
		in.MessageSystemAttributeNames = []types.MessageSystemAttributeName{"SenderId"}
	})
	require.Len(t, got, 1)
	assert.Equal(t, std, attrKeys(got[0].Attributes), "different_values: the union of both lists")
	assert.Equal(t, "3", got[0].Attributes["ApproximateReceiveCount"])

	fifo := f.createQueue("system.fifo", map[string]string{"FifoQueue": "true"})
	f.send(fifo, "message-body-1", group("group-1"), dedup("dedup-1"))
	for i, count := range []string{"1", "2"} {
		got = f.receive(fifo, 1, all)
		require.Len(t, got, 1, "receive %d", i)
		assert.Equal(t, []string{"ApproximateFirstReceiveTimestamp", "ApproximateReceiveCount", "MessageDeduplicationId",
			"MessageGroupId", "SenderId", "SentTimestamp", "SequenceNumber"}, attrKeys(got[0].Attributes))
		assert.Equal(t, count, got[0].Attributes["ApproximateReceiveCount"])
		assert.Equal(t, "dedup-1", got[0].Attributes["MessageDeduplicationId"])
		assert.Equal(t, "group-1", got[0].Attributes["MessageGroupId"])
		again()
	}

	dlq := f.createQueue("system-dlq", nil)
	src := f.createQueue("system-src", map[string]string{
		"RedrivePolicy": `{"deadLetterTargetArn":"` + f.arn(dlq) + `","maxReceiveCount":1}`,
	})
	f.send(src, "message-2")
	require.Len(t, f.receive(src, 1, all), 1)
	again()
	assert.Empty(t, f.receive(src, 1, all), "moved to the DLQ on the second receive")
	got = f.receive(dlq, 1, all)
	require.Len(t, got, 1)
	assert.Equal(t, append(append([]string{}, std[:2]...), "DeadLetterQueueSourceArn", "SenderId", "SentTimestamp"), attrKeys(got[0].Attributes))
	assert.Equal(t, f.arn(src), got[0].Attributes["DeadLetterQueueSourceArn"])
	assert.Equal(t, "2", got[0].Attributes["ApproximateReceiveCount"])
}

// fillDLQ sends n messages to the queue at {{from}} (which redrives to dlq
// after one receive) and receives each twice, so that they move to dlq.
func (p *parityEnv) fillDLQ(from string, n int) {
	p.t.Helper()
	for range n {
		p.mustQuery("Action=SendMessage&QueueUrl={{" + from + "}}&MessageBody=m")
	}
	for range 2 * n {
		p.mustQuery("Action=ReceiveMessage&QueueUrl={{" + from + "}}&MaxNumberOfMessages=10&VisibilityTimeout=0")
	}
	var out struct {
		Attrs []struct{ Name, Value string } `xml:"GetQueueAttributesResult>Attribute"`
	}
	decodeXML(p.t, p.query("Action=GetQueueAttributes&QueueUrl={{dlq}}&AttributeName.1=ApproximateNumberOfMessages"), &out)
	require.Len(p.t, out.Attrs, 1)
	require.NotEqual(p.t, "0", out.Attrs[0].Value, "messages reached the DLQ")
}

// moveTasks lists the move tasks of the DLQ over JSON, as raw objects.
func (p *parityEnv) moveTasks() []map[string]any {
	p.t.Helper()
	resp, raw := postJSON(p.t, p.Env, "AmazonSQS.ListMessageMoveTasks", p.fill(`{"SourceArn":"{{dlqarn}}"}`, jsonEscape))
	require.Equal(p.t, http.StatusOK, resp.StatusCode, raw)
	var out struct{ Results []map[string]any }
	require.NoError(p.t, json.Unmarshal([]byte(raw), &out), raw)
	return out.Results
}

// waitStatus advances the fake clock a second at a time until the newest
// task has the status (bounded: a task here moves at most 10 messages).
func (p *parityEnv) waitStatus(status string) map[string]any {
	p.t.Helper()
	for range 1000 {
		if tasks := p.moveTasks(); len(tasks) > 0 && tasks[0]["Status"] == status {
			return tasks[0]
		}
		p.Clock.Advance(time.Second)
		runtime.Gosched()
	}
	require.FailNow(p.t, "task never reached "+status, "%v", p.moveTasks())
	return nil
}

// Recorded: test_sqs_move_task.snapshot.json: the fields
// ListMessageMoveTasks answers in each state.
func TestParityMoveTaskShapes(t *testing.T) {
	t.Parallel()
	base := []string{"ApproximateNumberOfMessagesMoved", "ApproximateNumberOfMessagesToMove", "SourceArn", "StartedTimestamp", "Status"}
	with := func(extra ...string) []string {
		out := append(append([]string{}, base...), extra...)
		sort.Strings(out)
		return out
	}
	t.Run("test_basic_move_task_workflow", func(t *testing.T) {
		t.Parallel()
		p := newParityEnv(t)
		p.fillDLQ("src", 2)
		p.mustQuery("Action=StartMessageMoveTask&SourceArn={{dlqarn}}&DestinationArn={{stdarn}}")
		task := p.waitStatus("COMPLETED")
		assert.Equal(t, with("DestinationArn"), attrKeys(task))
		assert.EqualValues(t, 2, task["ApproximateNumberOfMessagesMoved"])
		assert.EqualValues(t, 2, task["ApproximateNumberOfMessagesToMove"])
		assert.Equal(t, p.vars["stdarn"], task["DestinationArn"])
		assert.Equal(t, p.vars["dlqarn"], task["SourceArn"])
	})
	t.Run("test_move_task_workflow_with_multiple_sources_as_default_destination", func(t *testing.T) {
		t.Parallel()
		p := newParityEnv(t)
		p.vars["src2"] = strings.TrimSuffix(p.vars["src"], "src") + "src2"
		p.mustQuery("Action=CreateQueue&QueueName=src2&Attribute.1.Name=RedrivePolicy&Attribute.1.Value=" +
			url.QueryEscape(`{"deadLetterTargetArn":"`+p.vars["dlqarn"]+`","maxReceiveCount":1}`))
		p.fillDLQ("src", 2)
		p.fillDLQ("src2", 2)
		p.mustQuery("Action=StartMessageMoveTask&SourceArn={{dlqarn}}")
		task := p.waitStatus("COMPLETED")
		assert.Equal(t, with(), attrKeys(task))
		assert.EqualValues(t, 4, task["ApproximateNumberOfMessagesMoved"])
		assert.EqualValues(t, 4, task["ApproximateNumberOfMessagesToMove"])
		for _, q := range []string{"src", "src2"} {
			var out struct {
				Attrs []struct{ Name, Value string } `xml:"GetQueueAttributesResult>Attribute"`
			}
			decodeXML(t, p.query("Action=GetQueueAttributes&QueueUrl={{"+q+"}}&AttributeName.1=ApproximateNumberOfMessages"), &out)
			require.Len(t, out.Attrs, 1)
			assert.Equal(t, "2", out.Attrs[0].Value, "back in %s", q)
		}
	})
	t.Run("test_move_task_cancel", func(t *testing.T) {
		t.Parallel()
		p := newParityEnv(t)
		p.fillDLQ("src", 10)
		p.mustQuery("Action=StartMessageMoveTask&SourceArn={{dlqarn}}&DestinationArn={{stdarn}}&MaxNumberOfMessagesPerSecond=1")
		running := p.moveTasks()
		require.Len(t, running, 1)
		assert.Equal(t, with("DestinationArn", "MaxNumberOfMessagesPerSecond", "TaskHandle"), attrKeys(running[0]), "list-while")
		assert.Equal(t, "RUNNING", running[0]["Status"])
		assert.EqualValues(t, 1, running[0]["MaxNumberOfMessagesPerSecond"])
		assert.EqualValues(t, 10, running[0]["ApproximateNumberOfMessagesToMove"])
		resp, raw := postJSON(t, p.Env, "AmazonSQS.CancelMessageMoveTask", `{"TaskHandle":"`+running[0]["TaskHandle"].(string)+`"}`)
		require.Equal(t, http.StatusOK, resp.StatusCode, raw)
		assert.Contains(t, raw, `"ApproximateNumberOfMessagesMoved"`)
		task := p.waitStatus("CANCELLED")
		assert.Equal(t, with("DestinationArn", "MaxNumberOfMessagesPerSecond"), attrKeys(task), "list-after")
	})
	t.Run("test_move_task_delete_destination_queue_while_running", func(t *testing.T) {
		t.Parallel()
		p := newParityEnv(t)
		p.fillDLQ("src", 10)
		p.mustQuery("Action=CreateQueue&QueueName=dest")
		p.vars["dest"] = strings.TrimSuffix(p.vars["std"], "std") + "dest"
		p.vars["destarn"] = strings.TrimSuffix(p.vars["stdarn"], "std") + "dest"
		p.mustQuery("Action=StartMessageMoveTask&SourceArn={{dlqarn}}&DestinationArn={{destarn}}&MaxNumberOfMessagesPerSecond=1")
		p.mustQuery("Action=DeleteQueue&QueueUrl={{dest}}")
		task := p.waitStatus("FAILED")
		assert.Equal(t, with("DestinationArn", "FailureReason", "MaxNumberOfMessagesPerSecond"), attrKeys(task))
		assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue", task["FailureReason"])
		assert.EqualValues(t, 10, task["ApproximateNumberOfMessagesToMove"])
	})
}

// Recorded: test_send_batch_message_size (an oversized entry fails alone,
// with the batch wording of the size message), in both protocols.
func TestParityBatchEntryTooLarge(t *testing.T) {
	t.Parallel()
	const msg = "One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes."
	p := newParityEnv(t)
	p.mustQuery("Action=CreateQueue&QueueName=small&Attribute.1.Name=MaximumMessageSize&Attribute.1.Value=1024")
	p.vars["small"] = strings.TrimSuffix(p.vars["std"], "std") + "small"
	big := strings.Repeat("a", 1025)

	resp, raw := postJSON(t, p.Env, "AmazonSQS.SendMessageBatch", p.fill(`{"QueueUrl":"{{small}}","Entries":[`+
		`{"Id":"big","MessageBody":"`+big+`"},{"Id":"ok","MessageBody":"fits"}]}`, jsonEscape))
	require.Equal(t, http.StatusOK, resp.StatusCode, raw)
	var j jsonBatchReply
	require.NoError(t, json.Unmarshal([]byte(raw), &j), raw)
	require.Len(t, j.Failed, 1)
	assert.Equal(t, "big", j.Failed[0].Id)
	assert.Equal(t, "InvalidParameterValue", j.Failed[0].Code)
	assert.Equal(t, msg, j.Failed[0].Message)
	assert.True(t, j.Failed[0].SenderFault)
	require.Len(t, j.Successful, 1)
	assert.Equal(t, "ok", j.Successful[0].Id)

	var q struct {
		Failed []struct {
			Id, Code, Message string
			SenderFault       bool
		} `xml:"SendMessageBatchResult>BatchResultErrorEntry"`
		Successful []struct{ Id string } `xml:"SendMessageBatchResult>SendMessageBatchResultEntry"`
	}
	decodeXML(t, p.query("Action=SendMessageBatch&QueueUrl={{small}}&SendMessageBatchRequestEntry.1.Id=big&SendMessageBatchRequestEntry.1.MessageBody="+big+
		"&SendMessageBatchRequestEntry.2.Id=ok&SendMessageBatchRequestEntry.2.MessageBody=fits"), &q)
	require.Len(t, q.Failed, 1)
	assert.Equal(t, "InvalidParameterValue", q.Failed[0].Code)
	assert.Equal(t, msg, q.Failed[0].Message)
	assert.True(t, q.Failed[0].SenderFault)
	require.Len(t, q.Successful, 1)
}

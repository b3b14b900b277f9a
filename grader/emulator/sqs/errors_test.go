package sqs_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
	sqssvc "github.com/queuelab/queuelab/grader/emulator/sqs"
)

// errorCase is one error AWS answers with, recorded in
// aws-parity/test_sqs*.json, and the same request in both protocols.
type errorCase struct {
	name   string
	before []string // query requests run first
	json   string   // "Operation {body}"
	query  string   // form, before placeholders are filled
	status int
	code   string // the legacy code (query Code, x-amzn-query-error)
	typ    string // the JSON __type name
	msg    string
	qmsg   string // the query message when it differs
}

var (
	big   = strings.Repeat("a", 1048577)
	kb    = strings.Repeat("a", 1025)
	half  = strings.Repeat("a", 524288)
	half1 = strings.Repeat("a", 524289)
)

const (
	invalidValue  = "InvalidParameterValue"
	invalidValueT = "InvalidParameterValueException"
	missing       = "MissingParameter"
	missingT      = "MissingRequiredParameterException"
	batchIDMsg    = "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long."
)

func entries(n int, member, fields string) (jsonList, query string) {
	var js, qs []string
	for i := 1; i <= n; i++ {
		id := "e" + itoa(i)
		js = append(js, `{"Id":"`+id+`",`+fields+`}`)
		qs = append(qs, member+"."+itoa(i)+".Id="+id)
		for _, kv := range strings.Split(strings.NewReplacer(`"`, "", ":", "=").Replace(fields), ",") {
			qs = append(qs, member+"."+itoa(i)+"."+kv)
		}
	}
	return "[" + strings.Join(js, ",") + "]", strings.Join(qs, "&")
}

func itoa(i int) string { return strconv.Itoa(i) }

func errorCases() []errorCase {
	twentyJ, twentyQ := entries(20, "SendMessageBatchRequestEntry", `"MessageBody":"x"`)
	delJ, delQ := entries(11, "DeleteMessageBatchRequestEntry", `"ReceiptHandle":"x"`)
	visJ, visQ := entries(11, "ChangeMessageVisibilityBatchRequestEntry", `"ReceiptHandle":"x"`)
	return []errorCase{
		{name: "max number of messages", json: `ReceiveMessage {"QueueUrl":"{{std}}","MaxNumberOfMessages":11}`,
			query: "Action=ReceiveMessage&QueueUrl={{std}}&MaxNumberOfMessages=11", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."},
		{name: "wait time too large", json: `ReceiveMessage {"QueueUrl":"{{std}}","WaitTimeSeconds":21}`,
			query: "Action=ReceiveMessage&QueueUrl={{std}}&WaitTimeSeconds=21", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided."},
		{name: "wait time negative", json: `ReceiveMessage {"QueueUrl":"{{std}}","WaitTimeSeconds":-1}`,
			query: "Action=ReceiveMessage&QueueUrl={{std}}&WaitTimeSeconds=-1", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value -1 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided."},
		{name: "oversized message", json: `SendMessage {"QueueUrl":"{{std}}","MessageBody":"{{big}}"}`,
			query: "Action=SendMessage&QueueUrl={{std}}&MessageBody={{big}}", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes."},
		{name: "oversized for updated maximum", json: `SendMessage {"QueueUrl":"{{small}}","MessageBody":"{{kb}}"}`,
			query: "Action=SendMessage&QueueUrl={{small}}&MessageBody={{kb}}", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes."},
		{name: "batch too long",
			json:   `SendMessageBatch {"QueueUrl":"{{std}}","Entries":[{"Id":"a","MessageBody":"{{half}}"},{"Id":"b","MessageBody":"{{half1}}"}]}`,
			query:  "Action=SendMessageBatch&QueueUrl={{std}}&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody={{half}}&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody={{half1}}",
			status: 400, code: "AWS.SimpleQueueService.BatchRequestTooLong", typ: "BatchRequestTooLong",
			msg: "Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes."},
		{name: "queue exists with different attributes", json: `CreateQueue {"QueueName":"std","Attributes":{"DelaySeconds":"1"}}`,
			query:  "Action=CreateQueue&QueueName=std&Attribute.1.Name=DelaySeconds&Attribute.1.Value=1",
			status: 400, code: "QueueAlreadyExists", typ: "QueueNameExists",
			msg: "A queue already exists with the same name and a different value for attribute DelaySeconds"},
		{name: "fifo queue exists with different attributes", json: `CreateQueue {"QueueName":"fifo.fifo","Attributes":{"FifoQueue":"true","ContentBasedDeduplication":"true"}}`,
			query:  "Action=CreateQueue&QueueName=fifo.fifo&Attribute.1.Name=FifoQueue&Attribute.1.Value=true&Attribute.2.Name=ContentBasedDeduplication&Attribute.2.Value=true",
			status: 400, code: "QueueAlreadyExists", typ: "QueueNameExists",
			msg: "A queue already exists with the same name and a different value for attribute ContentBasedDeduplication"},
		{name: "fifo per-message delay", json: `SendMessage {"QueueUrl":"{{fifo}}","MessageBody":"x","MessageGroupId":"g","MessageDeduplicationId":"d","DelaySeconds":2}`,
			query:  "Action=SendMessage&QueueUrl={{fifo}}&MessageBody=x&MessageGroupId=g&MessageDeduplicationId=d&DelaySeconds=2",
			status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type."},
		{name: "too many entries", json: `SendMessageBatch {"QueueUrl":"{{std}}","Entries":` + twentyJ + `}`,
			query: "Action=SendMessageBatch&QueueUrl={{std}}&" + twentyQ, status: 400,
			code: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", typ: "TooManyEntriesInBatchRequest",
			msg: "Maximum number of entries per request are 10. You have sent 20."},
		{name: "invalid batch id", json: `SendMessageBatch {"QueueUrl":"{{std}}","Entries":[{"Id":"invalid:id","MessageBody":"x"}]}`,
			query:  "Action=SendMessageBatch&QueueUrl={{std}}&SendMessageBatchRequestEntry.1.Id=invalid:id&SendMessageBatchRequestEntry.1.MessageBody=x",
			status: 400, code: "AWS.SimpleQueueService.InvalidBatchEntryId", typ: "InvalidBatchEntryId", msg: batchIDMsg},
		{name: "delete batch empty id", json: `DeleteMessageBatch {"QueueUrl":"{{std}}","Entries":[{"Id":"","ReceiptHandle":"x"}]}`,
			query:  "Action=DeleteMessageBatch&QueueUrl={{std}}&DeleteMessageBatchRequestEntry.1.Id=&DeleteMessageBatchRequestEntry.1.ReceiptHandle=x",
			status: 400, code: "AWS.SimpleQueueService.InvalidBatchEntryId", typ: "InvalidBatchEntryId", msg: batchIDMsg},
		{name: "delete batch long id", json: `DeleteMessageBatch {"QueueUrl":"{{std}}","Entries":[{"Id":"` + strings.Repeat("testLongId", 10) + `","ReceiptHandle":"x"}]}`,
			query:  "Action=DeleteMessageBatch&QueueUrl={{std}}&DeleteMessageBatchRequestEntry.1.Id=" + strings.Repeat("testLongId", 10) + "&DeleteMessageBatchRequestEntry.1.ReceiptHandle=x",
			status: 400, code: "AWS.SimpleQueueService.InvalidBatchEntryId", typ: "InvalidBatchEntryId", msg: batchIDMsg},
		{name: "delete batch too large", json: `DeleteMessageBatch {"QueueUrl":"{{std}}","Entries":` + delJ + `}`,
			query: "Action=DeleteMessageBatch&QueueUrl={{std}}&" + delQ, status: 400,
			code: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", typ: "TooManyEntriesInBatchRequest",
			msg: "Maximum number of entries per request are 10. You have sent 11."},
		{name: "visibility batch too large", json: `ChangeMessageVisibilityBatch {"QueueUrl":"{{std}}","Entries":` + visJ + `}`,
			query: "Action=ChangeMessageVisibilityBatch&QueueUrl={{std}}&" + visQ, status: 400,
			code: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", typ: "TooManyEntriesInBatchRequest",
			msg: "Maximum number of entries per request are 10. You have sent 11."},
		{name: "empty batch", json: `DeleteMessageBatch {"QueueUrl":"{{std}}","Entries":[]}`,
			query: "Action=DeleteMessageBatch&QueueUrl={{std}}", status: 400,
			code: "AWS.SimpleQueueService.EmptyBatchRequest", typ: "EmptyBatchRequest",
			msg: "There should be at least one DeleteMessageBatchRequestEntry in the request."},
		{name: "duplicate batch ids", json: `SendMessageBatch {"QueueUrl":"{{std}}","Entries":[{"Id":"a","MessageBody":"x"},{"Id":"a","MessageBody":"y"}]}`,
			query:  "Action=SendMessageBatch&QueueUrl={{std}}&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=x&SendMessageBatchRequestEntry.2.Id=a&SendMessageBatchRequestEntry.2.MessageBody=y",
			status: 400, code: "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", typ: "BatchEntryIdsNotDistinct", msg: "Id a repeated."},
		{name: "fifo batch without deduplication id", json: `SendMessageBatch {"QueueUrl":"{{fifo}}","Entries":[{"Id":"a","MessageBody":"x","MessageGroupId":"g"}]}`,
			query:  "Action=SendMessageBatch&QueueUrl={{fifo}}&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=x&SendMessageBatchRequestEntry.1.MessageGroupId=g",
			status: 400, code: invalidValue, typ: invalidValueT,
			msg: "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"},
		{name: "fifo batch without group id", json: `SendMessageBatch {"QueueUrl":"{{fifo}}","Entries":[{"Id":"a","MessageBody":"x","MessageDeduplicationId":"d"}]}`,
			query:  "Action=SendMessageBatch&QueueUrl={{fifo}}&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=x&SendMessageBatchRequestEntry.1.MessageDeduplicationId=d",
			status: 400, code: invalidValue, typ: invalidValueT, msg: "The request must contain the parameter MessageGroupId."},
		{name: "fifo without group id", json: `SendMessage {"QueueUrl":"{{fifo}}","MessageBody":"x","MessageDeduplicationId":"d"}`,
			query:  "Action=SendMessage&QueueUrl={{fifo}}&MessageBody=x&MessageDeduplicationId=d",
			status: 400, code: missing, typ: missingT, msg: "The request must contain the parameter MessageGroupId."},
		{name: "empty string attribute", json: `SendMessage {"QueueUrl":"{{std}}","MessageBody":"x","MessageAttributes":{"ErrorDetails":{"DataType":"String","StringValue":""}}}`,
			query:  "Action=SendMessage&QueueUrl={{std}}&MessageBody=x&MessageAttribute.1.Name=ErrorDetails&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=",
			status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'."},
		{name: "empty body", json: `SendMessage {"QueueUrl":"{{std}}","MessageBody":""}`,
			query: "Action=SendMessage&QueueUrl={{std}}&MessageBody=", status: 400, code: missing, typ: missingT,
			msg: "The request must contain the parameter MessageBody."},
		{name: "invalid characters in body", json: `SendMessage {"QueueUrl":"{{std}}","MessageBody":"a\u0000b"}`,
			query: "Action=SendMessage&QueueUrl={{std}}&MessageBody=a%00b", status: 400, code: "InvalidMessageContents", typ: "InvalidMessageContents",
			msg: "Invalid binary character '#x0' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF"},
		{name: "set FifoQueue on standard", json: `SetQueueAttributes {"QueueUrl":"{{std}}","Attributes":{"FifoQueue":"true"}}`,
			query:  "Action=SetQueueAttributes&QueueUrl={{std}}&Attribute.1.Name=FifoQueue&Attribute.1.Value=true",
			status: 400, code: "InvalidAttributeName", typ: "InvalidAttributeName", msg: "Unknown Attribute FifoQueue."},
		{name: "unset FifoQueue on fifo", json: `SetQueueAttributes {"QueueUrl":"{{fifo}}","Attributes":{"FifoQueue":"false"}}`,
			query:  "Action=SetQueueAttributes&QueueUrl={{fifo}}&Attribute.1.Name=FifoQueue&Attribute.1.Value=false",
			status: 400, code: "InvalidAttributeValue", typ: "InvalidAttributeValue",
			msg: "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported."},
		{name: "standard with content-based deduplication", json: `CreateQueue {"QueueName":"x","Attributes":{"ContentBasedDeduplication":"true"}}`,
			query:  "Action=CreateQueue&QueueName=x&Attribute.1.Name=ContentBasedDeduplication&Attribute.1.Value=true",
			status: 400, code: "InvalidAttributeName", typ: "InvalidAttributeName", msg: "Unknown Attribute ContentBasedDeduplication."},
		{name: "standard with deduplication scope", json: `CreateQueue {"QueueName":"x","Attributes":{"DeduplicationScope":"queue"}}`,
			query:  "Action=CreateQueue&QueueName=x&Attribute.1.Name=DeduplicationScope&Attribute.1.Value=queue",
			status: 400, code: "InvalidAttributeName", typ: "InvalidAttributeName", msg: "You can specify the DeduplicationScope only when FifoQueue is set to true."},
		{name: "standard with throughput limit", json: `CreateQueue {"QueueName":"x","Attributes":{"FifoThroughputLimit":"perQueue"}}`,
			query:  "Action=CreateQueue&QueueName=x&Attribute.1.Name=FifoThroughputLimit&Attribute.1.Value=perQueue",
			status: 400, code: "InvalidAttributeName", typ: "InvalidAttributeName", msg: "You can specify the FifoThroughputLimit only when FifoQueue is set to true."},
		{name: "kms and sqs sse together", json: `SetQueueAttributes {"QueueUrl":"{{std}}","Attributes":{"KmsMasterKeyId":"k","SqsManagedSseEnabled":"true"}}`,
			query:  "Action=SetQueueAttributes&QueueUrl={{std}}&Attribute.1.Name=KmsMasterKeyId&Attribute.1.Value=k&Attribute.2.Name=SqsManagedSseEnabled&Attribute.2.Value=true",
			status: 400, code: "InvalidAttributeName", typ: "InvalidAttributeName",
			msg: "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE."},
		{name: "successive purge", before: []string{"Action=PurgeQueue&QueueUrl={{std}}"},
			json: `PurgeQueue {"QueueUrl":"{{std}}"}`, query: "Action=PurgeQueue&QueueUrl={{std}}", status: 403,
			code: "AWS.SimpleQueueService.PurgeQueueInProgress", typ: "PurgeQueueInProgress",
			msg: "Only one PurgeQueue operation on std is allowed every 60 seconds."},
		{name: "permission label exists",
			before: []string{"Action=AddPermission&QueueUrl={{std}}&Label=crossaccountpermission&AWSAccountId.1=111111111111&ActionName.1=ReceiveMessage"},
			json:   `AddPermission {"QueueUrl":"{{std}}","Label":"crossaccountpermission","AWSAccountIds":["111111111111"],"Actions":["ReceiveMessage"]}`,
			query:  "Action=AddPermission&QueueUrl={{std}}&Label=crossaccountpermission&AWSAccountId.1=111111111111&ActionName.1=ReceiveMessage",
			status: 400, code: invalidValue, typ: invalidValueT, msg: "Value crossaccountpermission for parameter Label is invalid. Reason: Already exists."},
		{name: "permission label missing", json: `RemovePermission {"QueueUrl":"{{std}}","Label":"crossaccountpermission2"}`,
			query: "Action=RemovePermission&QueueUrl={{std}}&Label=crossaccountpermission2", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value crossaccountpermission2 for parameter Label is invalid. Reason: can't find label."},
		{name: "queue does not exist", json: `GetQueueUrl {"QueueName":"missing"}`, query: "Action=GetQueueUrl&QueueName=missing",
			status: 400, code: "AWS.SimpleQueueService.NonExistentQueue", typ: "QueueDoesNotExist",
			msg: "The specified queue does not exist.", qmsg: "The specified queue does not exist for this wsdl version."},
		{name: "queue url does not exist", json: `SendMessage {"QueueUrl":"http://h/123456789012/missing","MessageBody":"x"}`,
			query:  "Action=SendMessage&QueueUrl=http://h/123456789012/missing&MessageBody=x",
			status: 400, code: "AWS.SimpleQueueService.NonExistentQueue", typ: "QueueDoesNotExist",
			msg: "The specified queue does not exist.", qmsg: "The specified queue does not exist for this wsdl version."},
		{name: "invalid group id on standard", json: `SendMessage {"QueueUrl":"{{std}}","MessageBody":"x","MessageGroupId":"group 123"}`,
			query: "Action=SendMessage&QueueUrl={{std}}&MessageBody=x&MessageGroupId=group+123", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length."},
		{name: "empty deduplication id", json: `SendMessage {"QueueUrl":"{{fifo}}","MessageBody":"x","MessageGroupId":"g","MessageDeduplicationId":""}`,
			query: "Action=SendMessage&QueueUrl={{fifo}}&MessageBody=x&MessageGroupId=g&MessageDeduplicationId=", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value  for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length."},
		{name: "invalid receipt handle", json: `DeleteMessage {"QueueUrl":"{{std}}","ReceiptHandle":"garbage"}`,
			query: "Action=DeleteMessage&QueueUrl={{std}}&ReceiptHandle=garbage", status: 400, code: "ReceiptHandleIsInvalid", typ: "ReceiptHandleIsInvalid",
			msg: `The input receipt handle "garbage" is not a valid receipt handle.`},
		{name: "move task source not a dlq", json: `StartMessageMoveTask {"SourceArn":"{{stdarn}}"}`,
			query: "Action=StartMessageMoveTask&SourceArn={{stdarn}}", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Source queue must be configured as a Dead Letter Queue."},
		{name: "move task invalid handle", json: `CancelMessageMoveTask {"TaskHandle":"foobared"}`,
			query: "Action=CancelMessageMoveTask&TaskHandle=foobared", status: 400, code: invalidValue, typ: invalidValueT,
			msg: "Value for parameter TaskHandle is invalid."},
		{name: "move task missing source", json: `StartMessageMoveTask {"SourceArn":"arn:aws:sqs:us-east-1:123456789012:nope"}`,
			query: "Action=StartMessageMoveTask&SourceArn=arn:aws:sqs:us-east-1:123456789012:nope", status: 404,
			code: "ResourceNotFoundException", typ: "ResourceNotFoundException",
			msg: "The resource that you specified for the SourceArn parameter doesn't exist."},
	}
}

// errorEnv is an emulator with the queues the error cases use.
func errorEnv(t *testing.T) (*emulatortest.Env, *strings.Replacer, *strings.Replacer) {
	env := emulatortest.New(t)
	urls := map[string]string{}
	for _, q := range []struct{ name, attrs string }{
		{"std", ""},
		{"fifo.fifo", "&Attribute.1.Name=FifoQueue&Attribute.1.Value=true"},
		{"small", "&Attribute.1.Name=MaximumMessageSize&Attribute.1.Value=1024"},
	} {
		f, err := url.ParseQuery("Action=CreateQueue&QueueName=" + q.name + q.attrs)
		require.NoError(t, err)
		var out struct {
			URL string `xml:"CreateQueueResult>QueueUrl"`
		}
		decodeXML(t, postQuery(t, env, "/", f), &out)
		urls[q.name] = out.URL
	}
	arn := "arn:aws:sqs:us-east-1:" + emulatortest.Account + ":std"
	jsonR := strings.NewReplacer("{{std}}", urls["std"], "{{fifo}}", urls["fifo.fifo"], "{{small}}", urls["small"],
		"{{stdarn}}", arn, "{{big}}", big, "{{kb}}", kb, "{{half}}", half, "{{half1}}", half1)
	esc := url.QueryEscape
	queryR := strings.NewReplacer("{{std}}", esc(urls["std"]), "{{fifo}}", esc(urls["fifo.fifo"]), "{{small}}", esc(urls["small"]),
		"{{stdarn}}", esc(arn), "{{big}}", big, "{{kb}}", kb, "{{half}}", half, "{{half1}}", half1)
	return env, jsonR, queryR
}

func TestRecordedErrorsOverJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range errorCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, jsonR, queryR := errorEnv(t)
			for _, b := range tc.before {
				f, err := url.ParseQuery(queryR.Replace(b))
				require.NoError(t, err)
				require.Equal(t, http.StatusOK, postQuery(t, env, "/", f).Status)
			}
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
		})
	}
}

func TestRecordedErrorsOverQuery(t *testing.T) {
	t.Parallel()
	for _, tc := range errorCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, _, queryR := errorEnv(t)
			steps := append(append([]string{}, tc.before...), tc.query)
			for i, b := range steps {
				f, err := url.ParseQuery(queryR.Replace(b))
				require.NoError(t, err)
				r := postQuery(t, env, "/", f)
				if i < len(steps)-1 {
					require.Equal(t, http.StatusOK, r.Status, r.Body)
					continue
				}
				assert.Equal(t, tc.status, r.Status, r.Body)
				e := parseQueryError(t, r)
				assert.Equal(t, "Sender", e.Error.Type)
				assert.Equal(t, tc.code, e.Error.Code)
				want := tc.msg
				if tc.qmsg != "" {
					want = tc.qmsg
				}
				assert.Equal(t, want, e.Error.Message)
			}
		})
	}
}

func TestErrorTableHasNoDuplicates(t *testing.T) {
	t.Parallel()
	kinds := sqssvc.ErrorKinds()
	assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue", kinds["QueueDoesNotExist"].LegacyCode())
}

package sqs_test

import (
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"

	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

// apiReferenceOperations is the list of actions of the Amazon SQS API
// Reference, "Actions" page, copied as it stands:
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html
var apiReferenceOperations = []string{
	"AddPermission", "CancelMessageMoveTask", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch",
	"CreateQueue", "DeleteMessage", "DeleteMessageBatch", "DeleteQueue", "GetQueueAttributes", "GetQueueUrl",
	"ListDeadLetterSourceQueues", "ListMessageMoveTasks", "ListQueues", "ListQueueTags", "PurgeQueue",
	"ReceiveMessage", "RemovePermission", "SendMessage", "SendMessageBatch", "SetQueueAttributes",
	"StartMessageMoveTask", "TagQueue", "UntagQueue",
}

// sdkOperations returns the operations the aws-sdk-go-v2 client can call:
// its methods Op(ctx, *OpInput, ...func(*Options)) (*OpOutput, error).
func sdkOperations() []string {
	var out []string
	ct := reflect.TypeOf(&awssqs.Client{})
	for i := range ct.NumMethod() {
		m := ct.Method(i)
		if m.Type.NumIn() == 4 && m.Type.In(2).Kind() == reflect.Pointer && m.Type.In(2).Elem().Name() == m.Name+"Input" {
			out = append(out, m.Name)
		}
	}
	sort.Strings(out)
	return out
}

// Every operation of the API reference and of the SDK answers over both
// protocols, to an empty request, with something other than "no such
// operation" (UnknownOperationException over JSON, InvalidAction over
// query): an operation missing from the emulator fails here.
func TestEveryAPIOperationIsServed(t *testing.T) {
	t.Parallel()
	ref := append([]string(nil), apiReferenceOperations...)
	sort.Strings(ref)
	require.Equal(t, ref, sdkOperations(), "the API reference and aws-sdk-go-v2 list different operations: update the list above")

	env := emulatortest.New(t)
	for _, op := range ref {
		t.Run(op, func(t *testing.T) {
			_, body := postJSON(t, env, "AmazonSQS."+op, "{}")
			assert.NotContains(t, body, "UnknownOperationException")
			q := postQuery(t, env, "/", url.Values{"Action": {op}})
			assert.False(t, strings.Contains(q.Body, "<Code>InvalidAction</Code>"), q.Body)
		})
	}
}

package sns

import (
	"net/url"
	"reflect"
	"sort"
	"testing"

	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// apiReferenceOperations is the list of actions of the Amazon SNS API
// Reference, "Actions" page, copied as it stands:
// https://docs.aws.amazon.com/sns/latest/api/API_Operations.html
var apiReferenceOperations = []string{
	"AddPermission", "CheckIfPhoneNumberIsOptedOut", "ConfirmSubscription", "CreatePlatformApplication",
	"CreatePlatformEndpoint", "CreateSMSSandboxPhoneNumber", "CreateTopic", "DeleteEndpoint",
	"DeletePlatformApplication", "DeleteSMSSandboxPhoneNumber", "DeleteTopic", "GetDataProtectionPolicy",
	"GetEndpointAttributes", "GetPlatformApplicationAttributes", "GetSMSAttributes", "GetSMSSandboxAccountStatus",
	"GetSubscriptionAttributes", "GetTopicAttributes", "ListEndpointsByPlatformApplication", "ListOriginationNumbers",
	"ListPhoneNumbersOptedOut", "ListPlatformApplications", "ListSMSSandboxPhoneNumbers", "ListSubscriptions",
	"ListSubscriptionsByTopic", "ListTagsForResource", "ListTopics", "OptInPhoneNumber", "Publish", "PublishBatch",
	"PutDataProtectionPolicy", "RemovePermission", "SetEndpointAttributes", "SetPlatformApplicationAttributes",
	"SetSMSAttributes", "SetSubscriptionAttributes", "SetTopicAttributes", "Subscribe", "TagResource",
	"Unsubscribe", "UntagResource", "VerifySMSSandboxPhoneNumber",
}

// sdkOperations returns the operations the aws-sdk-go-v2 client can call:
// its methods Op(ctx, *OpInput, ...func(*Options)) (*OpOutput, error).
func sdkOperations() []string {
	var out []string
	ct := reflect.TypeOf(&awssns.Client{})
	for i := range ct.NumMethod() {
		m := ct.Method(i)
		if m.Type.NumIn() == 4 && m.Type.In(2).Kind() == reflect.Pointer && m.Type.In(2).Elem().Name() == m.Name+"Input" {
			out = append(out, m.Name)
		}
	}
	sort.Strings(out)
	return out
}

// Every operation of the API reference and of the SDK answers an empty
// request with something other than InvalidAction, and the routing table
// holds nothing else: an operation missing from the emulator fails here.
func TestEveryAPIOperationIsServed(t *testing.T) {
	t.Parallel()
	ref := append([]string(nil), apiReferenceOperations...)
	sort.Strings(ref)
	require.Equal(t, ref, sdkOperations(), "the API reference and aws-sdk-go-v2 list different operations: update the list above")
	require.Equal(t, ref, (&Service{}).Operations())

	h := newHarness(t)
	for _, op := range ref {
		t.Run(op, func(t *testing.T) {
			status, body := h.raw(t, url.Values{"Action": {op}, "Version": {Version}})
			assert.NotContains(t, body, "<Code>InvalidAction</Code>")
			assert.NotEqual(t, 500, status, body)
		})
	}
}

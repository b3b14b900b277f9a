package console

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/stretchr/testify/assert"
)

func TestTopicEditSetsOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	const policy = `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"SNS:Publish"}]}`
	cur := map[string]string{"DisplayName": "Ada", "Policy": policy, "ContentBasedDeduplication": "false"}
	unchanged := topicEditForm{DisplayName: "Ada", KmsKey: "alias/aws/sns", Policy: prettyJSON(policy)}
	cases := []struct {
		name string
		edit func(*topicEditForm)
		want []attrSet
	}{
		{name: "the form as shown, the policy indented", edit: func(*topicEditForm) {}},
		{name: "a display name", edit: func(f *topicEditForm) { f.DisplayName = "" }, want: []attrSet{{"DisplayName", ""}}},
		{name: "the policy", edit: func(f *topicEditForm) { f.Policy = `{}` }, want: []attrSet{{"Policy", `{}`}}},
		{name: "a policy emptied goes back to the default", edit: func(f *topicEditForm) { f.Policy = "" }, want: []attrSet{{"Policy", ""}}},
		{name: "encryption on", edit: func(f *topicEditForm) { f.Encryption = true }, want: []attrSet{{"KmsMasterKeyId", "alias/aws/sns"}}},
		{name: "tracing on", edit: func(f *topicEditForm) { f.Tracing = true }, want: []attrSet{{"TracingConfig", "Active"}}},
		{name: "content-based deduplication only for a FIFO topic", edit: func(f *topicEditForm) { f.ContentDedup = true }},
		{name: "content-based deduplication", edit: func(f *topicEditForm) { f.FIFO, f.ContentDedup = true, true },
			want: []attrSet{{"ContentBasedDeduplication", "true"}}},
		{name: "in the form's order", edit: func(f *topicEditForm) { f.Tracing, f.DisplayName, f.DeliveryPolicy = true, "B", `{"http":{}}` },
			want: []attrSet{{"DisplayName", "B"}, {"DeliveryPolicy", `{"http":{}}`}, {"TracingConfig", "Active"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := unchanged
			tc.edit(&f)
			assert.Equal(t, tc.want, f.changes(cur))
		})
	}
}

func TestTopicTagChanges(t *testing.T) {
	t.Parallel()
	cur := map[string]string{"Name": "orders", "team": "sales"}
	gone, set := tagChanges([]kv{{"Name", "orders"}, {"team", "ops"}, {" env ", "dev"}, {"", "no key"}}, cur)
	assert.Empty(t, gone)
	assert.Equal(t, []snstypes.Tag{{Key: aws.String("team"), Value: aws.String("ops")}, {Key: aws.String("env"), Value: aws.String("dev")}}, set)
	gone, set = tagChanges([]kv{{"team", "sales"}, {}}, cur)
	assert.Equal(t, []string{"Name"}, gone)
	assert.Empty(t, set)
}

func TestSubscriptionEditSetsOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	const flat, nested = `{"item":["latte"]}`, `{"order":{"item":["latte"]}}`
	cases := []struct {
		name string
		cur  map[string]string
		form subscriptionEditForm
		want []attrSet
	}{
		{name: "nothing", cur: map[string]string{"RawMessageDelivery": "false", "FilterPolicy": flat, "FilterPolicyScope": "MessageAttributes"},
			form: subscriptionEditForm{FilterPolicy: prettyJSON(flat), FilterScope: "MessageAttributes"}},
		{name: "raw delivery", cur: map[string]string{"RawMessageDelivery": "false"}, form: subscriptionEditForm{Raw: true},
			want: []attrSet{{"RawMessageDelivery", "true"}}},
		{name: "a new filter policy", cur: map[string]string{}, form: subscriptionEditForm{FilterPolicy: flat, FilterScope: "MessageAttributes"},
			want: []attrSet{{"FilterPolicy", flat}}},
		{name: "an emptied filter policy is removed", cur: map[string]string{"FilterPolicy": flat, "FilterPolicyScope": "MessageAttributes"},
			form: subscriptionEditForm{FilterPolicy: " \n", FilterScope: "MessageBody"}, want: []attrSet{{"FilterPolicy", ""}}},
		{name: "to the message body: the scope first", cur: map[string]string{"FilterPolicy": flat, "FilterPolicyScope": "MessageAttributes"},
			form: subscriptionEditForm{FilterPolicy: nested, FilterScope: "MessageBody"}, want: []attrSet{{"FilterPolicyScope", "MessageBody"}, {"FilterPolicy", nested}}},
		{name: "to the message attributes: the policy first", cur: map[string]string{"FilterPolicy": nested, "FilterPolicyScope": "MessageBody"},
			form: subscriptionEditForm{FilterPolicy: flat, FilterScope: "MessageAttributes"}, want: []attrSet{{"FilterPolicy", flat}, {"FilterPolicyScope", "MessageAttributes"}}},
		{name: "a dead-letter queue", cur: map[string]string{}, form: subscriptionEditForm{DLQArn: "arn:aws:sqs:us-east-1:000000000000:dlq"},
			want: []attrSet{{"RedrivePolicy", `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq"}`}}},
		{name: "no dead-letter queue", cur: map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq"}`},
			form: subscriptionEditForm{}, want: []attrSet{{"RedrivePolicy", ""}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, tc.form.changes(tc.cur))
		})
	}
}

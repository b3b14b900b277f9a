package sns

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCreateTopicDefaults(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	arn := h.createTopic(t, "alice-coffee-sales-notifications", nil)
	assert.Equal(t, "arn:aws:sns:us-east-1:123456789012:alice-coffee-sales-notifications", arn)

	out, err := h.client.GetTopicAttributes(ctx, &awssns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	require.NoError(t, err)
	a := out.Attributes
	assert.Equal(t, arn, a["TopicArn"])
	assert.Equal(t, testAccount, a["Owner"])
	assert.Equal(t, "", a["DisplayName"])
	assert.Equal(t, "0", a["SubscriptionsConfirmed"])
	assert.Equal(t, "0", a["SubscriptionsPending"])
	assert.Equal(t, "0", a["SubscriptionsDeleted"])
	assert.NotContains(t, a, "FifoTopic")
	assert.JSONEq(t, defaultEffectiveDeliveryPolicy, a["EffectiveDeliveryPolicy"])

	var policy struct {
		Version   string
		Id        string
		Statement []struct {
			Resource  string
			Action    []string
			Condition map[string]map[string]string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(a["Policy"]), &policy))
	assert.Equal(t, "2008-10-17", policy.Version)
	assert.Equal(t, "__default_policy_ID", policy.Id)
	require.Len(t, policy.Statement, 1)
	assert.Equal(t, arn, policy.Statement[0].Resource)
	assert.Contains(t, policy.Statement[0].Action, "SNS:Publish")
	assert.Equal(t, testAccount, policy.Statement[0].Condition["StringEquals"]["AWS:SourceOwner"])
}

func TestCreateTopicFifo(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	arn := h.createTopic(t, "orders.fifo", map[string]string{"FifoTopic": "true", "DisplayName": "TestTopic"})
	out, err := h.client.GetTopicAttributes(context.Background(), &awssns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	require.NoError(t, err)
	assert.Equal(t, "true", out.Attributes["FifoTopic"])
	assert.Equal(t, "false", out.Attributes["ContentBasedDeduplication"])
	assert.Equal(t, "TestTopic", out.Attributes["DisplayName"])
}

func TestCreateTopicIdempotency(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	arn := h.createTopic(t, "same", map[string]string{"DisplayName": "Value1"})
	assert.Equal(t, arn, h.createTopic(t, "same", nil), "no attributes: same topic")
	assert.Equal(t, arn, h.createTopic(t, "same", map[string]string{"DisplayName": "Value1"}), "same attributes: same topic")

	_, err := h.client.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("same"), Attributes: map[string]string{"DisplayName": "Value2"}})
	requireAPIError(t, err, "InvalidParameter", "Invalid parameter: Attributes Reason: Topic already exists with different attributes")

	tagged := func(kv ...string) []types.Tag {
		var tags []types.Tag
		for i := 0; i < len(kv); i += 2 {
			tags = append(tags, types.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
		}
		return tags
	}
	_, err = h.client.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("tagged"), Tags: tagged("k1", "v1")})
	require.NoError(t, err)
	_, err = h.client.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("tagged"), Tags: tagged("k1", "v1")})
	require.NoError(t, err)
	_, err = h.client.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("tagged"), Tags: tagged("k1", "v1", "k2", "v2")})
	requireAPIError(t, err, "InvalidParameter", "Invalid parameter: Tags Reason: Topic already exists with different tags")
}

func TestCreateTopicNameRules(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	long := strings.Repeat("a", 256)
	_, err := h.client.CreateTopic(context.Background(), &awssns.CreateTopicInput{Name: aws.String(long)})
	require.NoError(t, err, "256 characters is the maximum")

	cases := []struct {
		name  string
		topic string
		attrs map[string]string
	}{
		{"empty", "", nil},
		{"too long", long + "a", nil},
		{"fifo suffix on a standard topic", "name.fifo", nil},
		{"fifo topic without suffix", "name", map[string]string{"FifoTopic": "true"}},
		{"space", "a b", nil},
		{"dot", "a.b", nil},
		{"slash", "a/b", nil},
		{"colon", "a:b", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := h.client.CreateTopic(context.Background(), &awssns.CreateTopicInput{Name: aws.String(tc.topic), Attributes: tc.attrs})
			requireAPIError(t, err, "InvalidParameter", "Invalid parameter: Topic Name")
		})
	}
}

func TestTopicArnErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	cases := []struct {
		arn, code, message string
	}{
		{"", "InvalidParameter", "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1"},
		{"not-an-arn", "InvalidParameter", "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1"},
		{"arn:aws", "InvalidParameter", "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 2"},
		{"arn:aws:sns:us-east-1:123456789012", "InvalidParameter", "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 5"},
		{"arn:aws:sns:eu-west-1:123456789012:other-region", "InvalidParameter", "Invalid parameter: TopicArn"},
		{"arn:aws:sns:us-east-1:123456789012:missing", "NotFound", "Topic does not exist"},
	}
	for _, tc := range cases {
		_, err := h.client.GetTopicAttributes(ctx, &awssns.GetTopicAttributesInput{TopicArn: aws.String(tc.arn)})
		requireAPIError(t, err, tc.code, tc.message)
		var nf *types.NotFoundException
		if tc.code == "NotFound" {
			assert.ErrorAs(t, err, &nf, "the SDK maps NotFound to its typed error")
		}
	}
}

func TestSetTopicAttributes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	arn := h.createTopic(t, "attrs", nil)
	set := func(name, value string) error {
		_, err := h.client.SetTopicAttributes(ctx, &awssns.SetTopicAttributesInput{
			TopicArn: aws.String(arn), AttributeName: aws.String(name), AttributeValue: aws.String(value),
		})
		return err
	}
	require.NoError(t, set("DisplayName", "Coffee"))
	policy := `{"Version":"2012-10-17","Statement":[]}`
	require.NoError(t, set("Policy", policy))
	dp := `{"http":{"defaultHealthyRetryPolicy":{"numRetries":5}}}`
	require.NoError(t, set("DeliveryPolicy", dp))

	out, err := h.client.GetTopicAttributes(ctx, &awssns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	require.NoError(t, err)
	assert.Equal(t, "Coffee", out.Attributes["DisplayName"])
	assert.Equal(t, policy, out.Attributes["Policy"])
	assert.Equal(t, dp, out.Attributes["DeliveryPolicy"])
	assert.Equal(t, dp, out.Attributes["EffectiveDeliveryPolicy"])

	requireAPIError(t, set("FifoTopic", "false"), "InvalidParameter", "Invalid parameter: AttributeName")
	requireAPIError(t, set("NoSuchAttribute", "x"), "InvalidParameter", "Invalid parameter: AttributeName")
	requireAPIError(t, set("ContentBasedDeduplication", "true"), "InvalidParameter", "")
}

func TestDeleteTopicAndList(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	var arns []string
	for i := range 105 {
		arns = append(arns, h.createTopic(t, fmt.Sprintf("topic-%03d", i), nil))
	}
	var listed []string
	p := awssns.NewListTopicsPaginator(h.client, &awssns.ListTopicsInput{})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		require.NoError(t, err)
		pages++
		for _, tp := range out.Topics {
			listed = append(listed, aws.ToString(tp.TopicArn))
		}
	}
	assert.Equal(t, 2, pages, "100 topics a page, as on AWS")
	assert.Equal(t, arns, listed)

	for range 2 { // deleting twice succeeds, as on AWS
		_, err := h.client.DeleteTopic(ctx, &awssns.DeleteTopicInput{TopicArn: aws.String(arns[0])})
		require.NoError(t, err)
	}
	_, err := h.client.GetTopicAttributes(ctx, &awssns.GetTopicAttributesInput{TopicArn: aws.String(arns[0])})
	requireAPIError(t, err, "NotFound", "Topic does not exist")
}

func TestAccountsAndRegionsAreIsolated(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	arn := h.createTopic(t, "mine", nil)

	other := h.clientFor(t, "210987654321", "us-east-1")
	out, err := other.ListTopics(ctx, &awssns.ListTopicsInput{})
	require.NoError(t, err)
	assert.Empty(t, out.Topics)
	_, err = other.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(arn), Message: aws.String("x")})
	requireAPIError(t, err, "AuthorizationError", "")

	west := h.clientFor(t, testAccount, "eu-west-1")
	out, err = west.ListTopics(ctx, &awssns.ListTopicsInput{})
	require.NoError(t, err)
	assert.Empty(t, out.Topics)
	_, err = west.GetTopicAttributes(ctx, &awssns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	requireAPIError(t, err, "InvalidParameter", "Invalid parameter: TopicArn")

	westARN := "arn:aws:sns:eu-west-1:" + testAccount + ":mine"
	created, err := west.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("mine")})
	require.NoError(t, err)
	assert.Equal(t, westARN, aws.ToString(created.TopicArn))
}

func TestTags(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	arn := h.createTopic(t, "tags", nil)
	tag := func(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }
	list := func() []types.Tag {
		out, err := h.client.ListTagsForResource(ctx, &awssns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
		require.NoError(t, err)
		return out.Tags
	}
	_, err := h.client.TagResource(ctx, &awssns.TagResourceInput{ResourceArn: aws.String(arn), Tags: []types.Tag{tag("k1", "v1"), tag("k2", "v2")}})
	require.NoError(t, err)
	assert.Equal(t, []types.Tag{tag("k1", "v1"), tag("k2", "v2")}, list())

	_, err = h.client.UntagResource(ctx, &awssns.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"k1"}})
	require.NoError(t, err)
	_, err = h.client.TagResource(ctx, &awssns.TagResourceInput{ResourceArn: aws.String(arn), Tags: []types.Tag{tag("k2", "v2b")}})
	require.NoError(t, err)
	assert.Equal(t, []types.Tag{tag("k2", "v2b")}, list())

	_, err = h.client.TagResource(ctx, &awssns.TagResourceInput{ResourceArn: aws.String(arn), Tags: []types.Tag{tag("k", "a"), tag("k", "b")}})
	requireAPIError(t, err, "InvalidParameter", "Invalid parameter: Duplicated keys are not allowed.")

	_, err = h.client.ListTagsForResource(ctx, &awssns.ListTagsForResourceInput{ResourceArn: aws.String(arn + "-missing")})
	requireAPIError(t, err, "ResourceNotFound", "Resource does not exist")
}

func TestUnknownAndMissingAction(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	status, body := h.raw(t, url.Values{"Action": {"CreateQueue"}, "Version": {Version}})
	assert.Equal(t, 400, status)
	assert.Contains(t, body, "<Code>InvalidAction</Code>")
	assert.Contains(t, body, `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">`)

	status, body = h.raw(t, url.Values{"Version": {Version}})
	assert.Equal(t, 400, status)
	assert.Contains(t, body, "<Code>MissingAction</Code>")
}

func TestResponseShape(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	status, body := h.raw(t, url.Values{"Action": {"CreateTopic"}, "Name": {"shape"}, "Version": {Version}})
	require.Equal(t, 200, status)
	assert.Contains(t, body, `<CreateTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><CreateTopicResult><TopicArn>arn:aws:sns:us-east-1:000000000000:shape</TopicArn></CreateTopicResult><ResponseMetadata><RequestId>`)

	status, body = h.raw(t, url.Values{"Action": {"GetTopicAttributes"}, "TopicArn": {"arn:aws:sns:us-east-1:000000000000:nope"}})
	assert.Equal(t, 404, status)
	assert.Contains(t, body, "<Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error>")
}

// TestErrorTableIsTheDeclaredKinds: the table is made by the declarations
// themselves (a duplicate would have stopped the package initialising).
func TestErrorTableIsTheDeclaredKinds(t *testing.T) {
	t.Parallel()
	kinds := ErrorKinds()
	assert.Same(t, errNotFound, kinds["NotFound"])
	assert.Same(t, errInternal, kinds["InternalError"])
	assert.Len(t, kinds, 23, "21 kinds that operations answer, and Throttled and ThrottlingException, which only injected faults do (faults.go)")
}

func TestIsAction(t *testing.T) {
	t.Parallel()
	for _, a := range []string{"CreateTopic", "Publish", "PublishBatch", "Subscribe", "ListTagsForResource"} {
		assert.True(t, IsAction(a), a)
	}
	for _, a := range []string{"", "SendMessage", "CreateQueue", "TagQueue", "AddPermission"} {
		assert.False(t, IsAction(a), a)
	}
}

func TestEmptyListsKeepTheirElement(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	_, body := h.raw(t, url.Values{"Action": {"ListTopics"}})
	assert.Contains(t, body, "<ListTopicsResult><Topics></Topics></ListTopicsResult>")
	_, body = h.raw(t, url.Values{"Action": {"ListSubscriptions"}})
	assert.Contains(t, body, "<ListSubscriptionsResult><Subscriptions></Subscriptions></ListSubscriptionsResult>")
}

func TestAddRemovePermission(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	arn := h.createTopic(t, "perm", nil)
	add := func(label string, actions ...string) error {
		_, err := h.client.AddPermission(ctx, &awssns.AddPermissionInput{
			TopicArn: aws.String(arn), Label: aws.String(label), AWSAccountId: []string{"111122223333"}, ActionName: actions,
		})
		return err
	}
	require.NoError(t, add("test", "Publish"))
	requireAPIError(t, add("test", "Publish"), "InvalidParameter", "Invalid parameter: Statement already exists")
	requireAPIError(t, add("other", "sqs:SendMessage"), "InvalidParameter", "Invalid parameter: Policy statement action out of service scope!")
	_, err := h.client.AddPermission(ctx, &awssns.AddPermissionInput{
		TopicArn: aws.String(arn + "-x"), Label: aws.String("l"), AWSAccountId: []string{"111122223333"}, ActionName: []string{"Publish"},
	})
	requireAPIError(t, err, "NotFound", "Topic does not exist")

	policy := func() []map[string]any {
		out, err := h.client.GetTopicAttributes(ctx, &awssns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
		require.NoError(t, err)
		var doc struct{ Statement []map[string]any }
		require.NoError(t, json.Unmarshal([]byte(out.Attributes["Policy"]), &doc))
		return doc.Statement
	}
	stmts := policy()
	require.Len(t, stmts, 2)
	assert.Equal(t, "__default_statement_ID", stmts[0]["Sid"])
	assert.Equal(t, map[string]any{
		"Sid": "test", "Effect": "Allow", "Action": "SNS:Publish", "Resource": arn,
		"Principal": map[string]any{"AWS": "arn:aws:iam::111122223333:root"},
	}, stmts[1])

	_, err = h.client.RemovePermission(ctx, &awssns.RemovePermissionInput{TopicArn: aws.String(arn), Label: aws.String("test")})
	require.NoError(t, err)
	assert.Len(t, policy(), 1)
}

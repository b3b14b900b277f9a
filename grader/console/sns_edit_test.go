package console_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const acct = "/console/000000000000"

// snsFixture is a topic with a queue subscribed to it, and a second queue
// to be its dead-letter queue.
type snsFixture struct {
	TopicARN, SubARN, ID, QueueARN, DLQArn string
}

func newSNSFixture(t *testing.T, s *site, topic string, attrs map[string]string) snsFixture {
	t.Helper()
	ctx := context.Background()
	tp, err := s.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(topic), Attributes: attrs,
		Tags: []snstypes.Tag{{Key: aws.String("Name"), Value: aws.String(topic)}}})
	require.NoError(t, err)
	var arns []string
	for _, name := range []string{"orders", "orders-dlq"} {
		if strings.HasSuffix(topic, ".fifo") {
			name += ".fifo"
		}
		in := &sqs.CreateQueueInput{QueueName: aws.String(name)}
		if strings.HasSuffix(name, ".fifo") {
			in.Attributes = map[string]string{"FifoQueue": "true"}
		}
		q, err := s.SQS.CreateQueue(ctx, in)
		require.NoError(t, err)
		arns = append(arns, attrs0(t, s, *q.QueueUrl))
	}
	sub, err := s.SNS.Subscribe(ctx, &sns.SubscribeInput{TopicArn: tp.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(arns[0]), ReturnSubscriptionArn: true})
	require.NoError(t, err)
	arn := aws.ToString(sub.SubscriptionArn)
	return snsFixture{TopicARN: aws.ToString(tp.TopicArn), SubARN: arn, ID: arn[strings.LastIndexByte(arn, ':')+1:], QueueARN: arns[0], DLQArn: arns[1]}
}

func (s *site) topicAttrs(t *testing.T, arn string) map[string]string {
	t.Helper()
	out, err := s.SNS.GetTopicAttributes(context.Background(), &sns.GetTopicAttributesInput{TopicArn: &arn})
	require.NoError(t, err)
	return out.Attributes
}

func (s *site) topicTags(t *testing.T, arn string) map[string]string {
	t.Helper()
	out, err := s.SNS.ListTagsForResource(context.Background(), &sns.ListTagsForResourceInput{ResourceArn: &arn})
	require.NoError(t, err)
	tags := map[string]string{}
	for _, tag := range out.Tags {
		tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	return tags
}

func (s *site) subAttrs(t *testing.T, arn string) map[string]string {
	t.Helper()
	out, err := s.SNS.GetSubscriptionAttributes(context.Background(), &sns.GetSubscriptionAttributesInput{SubscriptionArn: &arn})
	require.NoError(t, err)
	return out.Attributes
}

var (
	fieldRE    = regexp.MustCompile(`(?s)(<input[^>]*>)|(<textarea[^>]*>)(.*?)</textarea>|(<select[^>]*>)(.*?)</select>`)
	selectedRE = regexp.MustCompile(`<option value="([^"]*)" selected>`)
)

// attrOf is the value of the attribute name in an HTML tag.
func attrOf(tag, name string) (string, bool) {
	m := regexp.MustCompile(`\s` + name + `="([^"]*)"`).FindStringSubmatch(tag)
	if m == nil {
		return "", false
	}
	return html.UnescapeString(m[1]), true
}

// formOf reads the form with id from a page as a browser would submit it
// unchanged: the inputs' values, the checked boxes, the text areas, the
// selected options.
func formOf(t *testing.T, page, id string) url.Values {
	t.Helper()
	i := strings.Index(page, `<form method="post" id="`+id+`"`)
	require.GreaterOrEqual(t, i, 0, "the page has form %s", id)
	page = page[i:]
	page = page[:strings.Index(page, "</form>")]
	f := url.Values{}
	for _, m := range fieldRE.FindAllStringSubmatch(page, -1) {
		switch {
		case m[2] != "":
			name, _ := attrOf(m[2], "name")
			f.Add(name, html.UnescapeString(strings.TrimPrefix(m[3], "\n")))
		case m[4] != "":
			name, _ := attrOf(m[4], "name")
			v := ""
			if o := selectedRE.FindStringSubmatch(m[5]); o != nil {
				v = html.UnescapeString(o[1])
			}
			f.Add(name, v)
		default:
			tag := m[1]
			name, ok := attrOf(tag, "name")
			if !ok {
				continue
			}
			v, hasValue := attrOf(tag, "value")
			if typ, _ := attrOf(tag, "type"); typ == "checkbox" || typ == "radio" {
				if !strings.Contains(tag, " checked") {
					continue
				}
				if !hasValue {
					v = "on"
				}
			}
			f.Add(name, v)
		}
	}
	return f
}

func TestSNSEditPagesRender(t *testing.T) {
	s := newSite(t)
	fx := newSNSFixture(t, s, "ada-coffee-sales-notifications", nil)
	for _, tc := range []struct {
		path, want string
	}{
		{acct + "/sns/topics/ada-coffee-sales-notifications", `href="/console/000000000000/sns/topics/ada-coffee-sales-notifications/edit" id="edit"`},
		{acct + "/sns/topics/ada-coffee-sales-notifications", `href="/console/000000000000/sns/subscriptions/` + fx.ID + `" class="subscription-link"`},
		{acct + "/sns/subscriptions", `href="/console/000000000000/sns/subscriptions/` + fx.ID + `" class="subscription-link"`},
		{acct + "/sns/topics/ada-coffee-sales-notifications/edit", "Access policy"},
		{acct + "/sns/topics/ada-coffee-sales-notifications/edit", `&#34;AWS:SourceOwner&#34;: &#34;000000000000&#34;`},
		{acct + "/sns/topics/ada-coffee-sales-notifications/edit", `name="tag_value" value="ada-coffee-sales-notifications"`},
		{acct + "/sns/subscriptions/" + fx.ID, fx.SubARN},
		{acct + "/sns/subscriptions/" + fx.ID, "No filter policy"},
		{acct + "/sns/subscriptions/" + fx.ID, `<dd id="status" class="status-confirmed">Confirmed</dd>`},
		{acct + "/sns/subscriptions/" + fx.ID, `<dd id="owner">000000000000</dd>`},
		{acct + "/sns/subscriptions/" + fx.ID, `<dd id="endpoint">` + fx.QueueARN + `</dd>`},
		{acct + "/sns/subscriptions/" + fx.ID, `name="subscription" value="` + fx.SubARN + `"`},
		{acct + "/sns/subscriptions/" + fx.ID + "/edit", "Enable raw message delivery"},
		{acct + "/sns/subscriptions/" + fx.ID + "/edit", `<option value="` + fx.DLQArn + `" >orders-dlq</option>`},
	} {
		t.Run(tc.path, func(t *testing.T) {
			status, body := s.get(t, tc.path)
			assert.Equal(t, http.StatusOK, status)
			assert.Contains(t, body, tc.want)
		})
	}
	t.Run("the content-based deduplication of a FIFO topic", func(t *testing.T) {
		newSNSFixture(t, s, "orders.fifo", map[string]string{"FifoTopic": "true"})
		_, body := s.get(t, acct+"/sns/topics/orders.fifo/edit")
		assert.Contains(t, body, `id="content_dedup"`)
		_, body = s.get(t, acct+"/sns/topics/ada-coffee-sales-notifications/edit")
		assert.NotContains(t, body, `id="content_dedup"`, "a standard topic has none")
	})
	t.Run("a topic that does not exist shows AWS's error", func(t *testing.T) {
		status, body := s.get(t, acct+"/sns/topics/nope/edit")
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Contains(t, body, "NotFound")
	})
	t.Run("a subscription that does not exist shows AWS's error", func(t *testing.T) {
		_, apiErr := s.SNS.GetSubscriptionAttributes(context.Background(), &sns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(fx.TopicARN + ":0f0f0f0f-0000-4000-8000-000000000000")})
		require.Error(t, apiErr)
		for _, path := range []string{"/sns/subscriptions/0f0f0f0f-0000-4000-8000-000000000000", "/sns/subscriptions/0f0f0f0f-0000-4000-8000-000000000000/edit"} {
			status, body := s.get(t, acct+path)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Contains(t, body, "<code>NotFound</code>: "+apiMessage(t, apiErr), "the message any client gets")
		}
	})
}

// apiMessage is the message of the AWS error err, as a page shows it.
func apiMessage(t *testing.T, err error) string {
	t.Helper()
	var ae smithy.APIError
	require.ErrorAs(t, err, &ae)
	return templateEscape(ae.ErrorMessage())
}

func TestEditTopicSavesThroughTheAPI(t *testing.T) {
	s := newSite(t)
	fx := newSNSFixture(t, s, "ada-coffee-sales-notifications", nil)
	path := acct + "/sns/topics/ada-coffee-sales-notifications/edit"
	_, page := s.get(t, path)
	form := formOf(t, page, "topic-edit-form")
	require.Equal(t, []string{"Name", "", ""}, form["tag_key"], "the current tag and two empty rows")

	policy := `{"Version":"2012-10-17","Statement":[{"Sid":"Publish","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"SNS:Publish","Resource":"` + fx.TopicARN + `"}]}`
	form.Set("display_name", "Ada's coffee")
	form.Set("policy", strings.ReplaceAll(policy, ",", ",\r\n")) // a browser sends CRLF line ends
	form.Set("tracing", "on")
	form["tag_key"] = []string{"", "team", ""} // remove Name, add team
	form["tag_value"] = []string{"", "<b>sales</b>", ""}
	status, _ := s.post(t, path, form, s.sameOrigin())
	require.Equal(t, http.StatusSeeOther, status)

	attrs := s.topicAttrs(t, fx.TopicARN)
	assert.Equal(t, "Ada's coffee", attrs["DisplayName"])
	assert.JSONEq(t, policy, attrs["Policy"])
	assert.NotContains(t, attrs["Policy"], "\r", "the policy is sent with the line ends the learner sees")
	assert.Equal(t, "Active", attrs["TracingConfig"])
	assert.Empty(t, attrs["KmsMasterKeyId"], "encryption stays off")
	assert.Equal(t, map[string]string{"team": "<b>sales</b>"}, s.topicTags(t, fx.TopicARN))

	_, page = s.get(t, acct+"/sns/topics/ada-coffee-sales-notifications?ok=topic-updated&n=ada-coffee-sales-notifications")
	assert.Contains(t, page, "Topic ada-coffee-sales-notifications updated successfully.")
	assert.Contains(t, page, "<dd>Ada&#39;s coffee</dd>")

	t.Run("saved unchanged, nothing changes", func(t *testing.T) {
		_, page := s.get(t, path)
		before := s.topicAttrs(t, fx.TopicARN)
		status, _ := s.post(t, path, formOf(t, page, "topic-edit-form"), s.sameOrigin())
		require.Equal(t, http.StatusSeeOther, status)
		assert.Equal(t, before, s.topicAttrs(t, fx.TopicARN))
		assert.Equal(t, map[string]string{"team": "<b>sales</b>"}, s.topicTags(t, fx.TopicARN))
	})
	t.Run("a FIFO topic's content-based deduplication", func(t *testing.T) {
		fifo := newSNSFixture(t, s, "orders.fifo", map[string]string{"FifoTopic": "true"})
		path := acct + "/sns/topics/orders.fifo/edit"
		_, page := s.get(t, path)
		form := formOf(t, page, "topic-edit-form")
		form.Set("content_dedup", "on")
		status, _ := s.post(t, path, form, s.sameOrigin())
		require.Equal(t, http.StatusSeeOther, status)
		assert.Equal(t, "true", s.topicAttrs(t, fifo.TopicARN)["ContentBasedDeduplication"])
	})
}

func TestEditTopicInvalidPolicyShowsAWSError(t *testing.T) {
	s := newSite(t)
	fx := newSNSFixture(t, s, "ada-coffee-sales-notifications", nil)
	const bad = `{"Version": "2012-10-17", "Statement": [<script>`
	_, apiErr := s.SNS.SetTopicAttributes(context.Background(), &sns.SetTopicAttributesInput{TopicArn: &fx.TopicARN, AttributeName: aws.String("Policy"), AttributeValue: aws.String(bad)})
	require.Error(t, apiErr)
	before := s.topicAttrs(t, fx.TopicARN)

	path := acct + "/sns/topics/ada-coffee-sales-notifications/edit"
	_, page := s.get(t, path)
	form := formOf(t, page, "topic-edit-form")
	form.Set("policy", bad)
	form.Set("tag_key", "never")
	status, page := s.post(t, path, form, s.sameOrigin())
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, page, "Save topic failed.")
	assert.Contains(t, page, "<code>InvalidParameter</code>: "+apiMessage(t, apiErr), "the message the API gives any client")
	assert.Contains(t, page, ">"+templateEscape(bad)+"</textarea>", "the form keeps what was typed")
	assert.NotContains(t, page, "[<script>")
	assert.Equal(t, before["Policy"], s.topicAttrs(t, fx.TopicARN)["Policy"])
	assert.NotContains(t, s.topicTags(t, fx.TopicARN), "never", "nothing after the refused call is saved")
}

func TestEditSubscriptionSavesThroughTheAPI(t *testing.T) {
	s := newSite(t)
	fx := newSNSFixture(t, s, "ada-coffee-sales-notifications", nil)
	path := acct + "/sns/subscriptions/" + fx.ID + "/edit"
	_, page := s.get(t, path)
	form := formOf(t, page, "subscription-edit-form")
	assert.Equal(t, url.Values{"_token": form["_token"], "filter_scope": {"MessageAttributes"}, "filter_policy": {""}, "dlq_arn": {""}}, form)

	form.Set("raw", "on")
	form.Set("filter_policy", "{\r\n  \"item\": [\"latte\"]\r\n}")
	form.Set("dlq_arn", fx.DLQArn)
	status, _ := s.post(t, path, form, s.sameOrigin())
	require.Equal(t, http.StatusSeeOther, status)
	attrs := s.subAttrs(t, fx.SubARN)
	assert.Equal(t, "true", attrs["RawMessageDelivery"])
	assert.JSONEq(t, `{"item": ["latte"]}`, attrs["FilterPolicy"])
	assert.Equal(t, "MessageAttributes", attrs["FilterPolicyScope"])
	assert.JSONEq(t, `{"deadLetterTargetArn":"`+fx.DLQArn+`"}`, attrs["RedrivePolicy"])

	_, page = s.get(t, acct+"/sns/subscriptions/"+fx.ID)
	assert.Contains(t, page, "<pre id=\"filter-policy\">{\n  &#34;item&#34;: [\n    &#34;latte&#34;\n  ]\n}</pre>")
	assert.Contains(t, page, `<dd id="raw">Enabled</dd>`)
	assert.Contains(t, page, `<a href="/console/000000000000/sqs/queues/orders-dlq">orders-dlq</a>`)

	t.Run("a nested policy on the message body", func(t *testing.T) {
		_, page := s.get(t, path)
		form := formOf(t, page, "subscription-edit-form")
		form.Set("filter_scope", "MessageBody")
		form.Set("filter_policy", `{"order": {"item": ["latte"]}}`)
		status, page := s.post(t, path, form, s.sameOrigin())
		require.Equal(t, http.StatusSeeOther, status, page)
		attrs := s.subAttrs(t, fx.SubARN)
		assert.Equal(t, "MessageBody", attrs["FilterPolicyScope"])
		assert.JSONEq(t, `{"order": {"item": ["latte"]}}`, attrs["FilterPolicy"])

		// and back: a flat policy on the message attributes
		form.Set("filter_scope", "MessageAttributes")
		form.Set("filter_policy", `{"size": ["large"]}`)
		status, page = s.post(t, path, form, s.sameOrigin())
		require.Equal(t, http.StatusSeeOther, status, page)
		attrs = s.subAttrs(t, fx.SubARN)
		assert.Equal(t, "MessageAttributes", attrs["FilterPolicyScope"])
		assert.JSONEq(t, `{"size": ["large"]}`, attrs["FilterPolicy"])
	})
	t.Run("clearing the filter policy removes it, and no DLQ removes the redrive policy", func(t *testing.T) {
		_, page := s.get(t, path)
		form := formOf(t, page, "subscription-edit-form")
		form.Set("filter_policy", "\r\n")
		form.Set("dlq_arn", "")
		form.Del("raw")
		status, _ := s.post(t, path, form, s.sameOrigin())
		require.Equal(t, http.StatusSeeOther, status)
		attrs := s.subAttrs(t, fx.SubARN)
		assert.NotContains(t, attrs, "FilterPolicy")
		assert.NotContains(t, attrs, "RedrivePolicy")
		assert.Equal(t, "false", attrs["RawMessageDelivery"])
		_, page = s.get(t, acct+"/sns/subscriptions/"+fx.ID)
		assert.Contains(t, page, "No filter policy")
		assert.Contains(t, page, `id="dlq-none"`)
	})
	t.Run("unsubscribe from the subscription's page", func(t *testing.T) {
		_, page := s.get(t, acct+"/sns/subscriptions/"+fx.ID)
		form := formOf(t, page, "delete-form")
		status, _ := s.post(t, acct+"/sns/unsubscribe", form, s.sameOrigin())
		require.Equal(t, http.StatusSeeOther, status)
		_, err := s.SNS.GetSubscriptionAttributes(context.Background(), &sns.GetSubscriptionAttributesInput{SubscriptionArn: &fx.SubARN})
		assert.ErrorContains(t, err, "NotFound")
	})
}

func TestEditSubscriptionShowsAWSErrors(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	fx := newSNSFixture(t, s, "ada-coffee-sales-notifications", nil)

	t.Run("an invalid filter policy", func(t *testing.T) {
		const bad = `{"item": "<script>alert(1)</script>"}`
		_, apiErr := s.SNS.SetSubscriptionAttributes(ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: &fx.SubARN, AttributeName: aws.String("FilterPolicy"), AttributeValue: aws.String(bad)})
		require.Error(t, apiErr)
		path := acct + "/sns/subscriptions/" + fx.ID + "/edit"
		_, page := s.get(t, path)
		form := formOf(t, page, "subscription-edit-form")
		form.Set("filter_policy", bad)
		status, page := s.post(t, path, form, s.sameOrigin())
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Contains(t, page, "Save subscription failed.")
		assert.Contains(t, page, "<code>InvalidParameter</code>: "+apiMessage(t, apiErr))
		assert.Contains(t, page, ">"+templateEscape(bad)+"</textarea>", "the form keeps what was typed")
		assert.NotContains(t, page, "<script>alert(1)")
		assert.NotContains(t, s.subAttrs(t, fx.SubARN), "FilterPolicy")
	})
	t.Run("a pending subscription", func(t *testing.T) {
		sub, err := s.SNS.Subscribe(ctx, &sns.SubscribeInput{TopicArn: &fx.TopicARN, Protocol: aws.String("email"), Endpoint: aws.String("ada@example.com"), ReturnSubscriptionArn: true})
		require.NoError(t, err)
		arn := aws.ToString(sub.SubscriptionArn)
		id := arn[strings.LastIndexByte(arn, ':')+1:]
		listed, err := s.SNS.ListSubscriptionsByTopic(ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: &fx.TopicARN})
		require.NoError(t, err)
		var pendingARN string
		for _, l := range listed.Subscriptions {
			if aws.ToString(l.Endpoint) == "ada@example.com" {
				pendingARN = aws.ToString(l.SubscriptionArn)
			}
		}
		require.Equal(t, "PendingConfirmation", pendingARN, "the ARN SNS lists for a pending subscription")
		_, apiErr := s.SNS.SetSubscriptionAttributes(ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: &pendingARN, AttributeName: aws.String("FilterPolicy"), AttributeValue: aws.String(`{"item": ["latte"]}`)})
		require.Error(t, apiErr)

		_, page := s.get(t, acct+"/sns/subscriptions/"+id)
		assert.Contains(t, page, `<dd id="status" class="status-pending">Pending confirmation</dd>`)
		assert.Contains(t, page, `id="pending"`)
		path := acct + "/sns/subscriptions/" + id + "/edit"
		_, page = s.get(t, path)
		form := formOf(t, page, "subscription-edit-form")
		form.Set("filter_policy", `{"item": ["latte"]}`)
		status, page := s.post(t, path, form, s.sameOrigin())
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Contains(t, page, "Save subscription failed.")
		assert.Contains(t, page, "<code>InvalidParameter</code>: "+apiMessage(t, apiErr), "SNS refuses it as it refuses any client")
		assert.Contains(t, page, templateEscape(`{"item": ["latte"]}`)+"</textarea>")
		assert.NotContains(t, s.subAttrs(t, arn), "FilterPolicy", "nothing changed")
	})
}

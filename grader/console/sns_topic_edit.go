package console

import (
	"encoding/json"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// topicEditForm is the topic's Edit page, as the AWS console has it: the
// attributes SetTopicAttributes changes and the tags. Every value is kept
// as typed, so that a save SNS refuses shows it again with AWS's error.
type topicEditForm struct {
	Name, ARN      string
	FIFO           bool
	DisplayName    string
	ContentDedup   bool
	Encryption     bool
	KmsKey         string
	Policy         string
	DeliveryPolicy string
	Tracing        bool
	Tags           []kv
}

// attrSet is one SetTopicAttributes or SetSubscriptionAttributes call.
type attrSet struct{ Name, Value string }

func (q *req) topicEditView(f topicEditForm) *view {
	return q.view("sns", "Edit "+f.Name, f, crumb{"Amazon SNS", q.base() + "/sns/topics"}, crumb{"Topics", q.base() + "/sns/topics"},
		crumb{f.Name, q.base() + "/sns/topics/" + f.Name}, crumb{"Edit", ""})
}

// topicAttrsAndTags reads the topic's attributes and tags through the API.
func (q *req) topicAttrsAndTags(arn string) (map[string]string, map[string]string, error) {
	ctx := q.r.Context()
	a, err := q.cl.sns.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	if err != nil {
		return nil, nil, err
	}
	t, err := q.cl.sns.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return nil, nil, err
	}
	tags := map[string]string{}
	for _, tag := range t.Tags {
		tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	return a.Attributes, tags, nil
}

func (c *Console) editTopicForm(q *req) {
	name := q.r.PathValue("name")
	t, err := c.topicByName(q, name)
	var attrs, tags map[string]string
	if err == nil {
		attrs, tags, err = q.topicAttrsAndTags(t.ARN)
	}
	if err != nil {
		q.failPage("sns", "Edit topic "+name, err, crumb{"Topics", q.base() + "/sns/topics"})
		return
	}
	f := topicEditForm{
		Name: name, ARN: t.ARN, FIFO: t.Fifo, DisplayName: attrs["DisplayName"],
		ContentDedup: attrs["ContentBasedDeduplication"] == "true",
		Encryption:   attrs["KmsMasterKeyId"] != "", KmsKey: attrs["KmsMasterKeyId"],
		Policy: prettyJSON(attrs["Policy"]), DeliveryPolicy: prettyJSON(attrs["DeliveryPolicy"]),
		Tracing: attrs["TracingConfig"] == "Active",
	}
	if f.KmsKey == "" {
		f.KmsKey = "alias/aws/sns"
	}
	for _, k := range sortedKeys(tags) {
		f.Tags = append(f.Tags, kv{k, tags[k]})
	}
	f.Tags = append(f.Tags, kv{}, kv{})
	q.render("topic_edit.html", q.topicEditView(f))
}

// readTagRows reads the form's tag rows as typed, at least n of them.
func readTagRows(f url.Values, n int) []kv {
	keys, values := f["tag_key"], f["tag_value"]
	rows := make([]kv, max(len(keys), n))
	for i := range rows {
		if i < len(keys) {
			rows[i].Key = keys[i]
		}
		if i < len(values) {
			rows[i].Value = values[i]
		}
	}
	return rows
}

// textarea is a text area's value without the CRLF line ends browsers
// submit, so that a policy is sent as the learner sees it.
func textarea(f url.Values, name string) string {
	return strings.ReplaceAll(f.Get(name), "\r\n", "\n")
}

// sameJSON reports whether a and b are the same document: the same text,
// or JSON that decodes to the same value (a policy shown indented and sent
// back unchanged is no change).
func sameJSON(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == b {
		return true
	}
	var va, vb any
	return json.Unmarshal([]byte(a), &va) == nil && json.Unmarshal([]byte(b), &vb) == nil && reflect.DeepEqual(va, vb)
}

// changes are the SetTopicAttributes calls that take the topic from cur to
// the form, in the order the form shows them: only what changed.
func (f topicEditForm) changes(cur map[string]string) []attrSet {
	var out []attrSet
	if f.DisplayName != cur["DisplayName"] {
		out = append(out, attrSet{"DisplayName", f.DisplayName})
	}
	if f.FIFO && f.ContentDedup != (cur["ContentBasedDeduplication"] == "true") {
		out = append(out, attrSet{"ContentBasedDeduplication", strconv.FormatBool(f.ContentDedup)})
	}
	kms := ""
	if f.Encryption {
		kms = strings.TrimSpace(f.KmsKey)
	}
	if kms != cur["KmsMasterKeyId"] {
		out = append(out, attrSet{"KmsMasterKeyId", kms})
	}
	if !sameJSON(f.Policy, cur["Policy"]) {
		out = append(out, attrSet{"Policy", f.Policy})
	}
	if !sameJSON(f.DeliveryPolicy, cur["DeliveryPolicy"]) {
		out = append(out, attrSet{"DeliveryPolicy", f.DeliveryPolicy})
	}
	tracing, was := "PassThrough", cur["TracingConfig"]
	if f.Tracing {
		tracing = "Active"
	}
	if was == "" {
		was = "PassThrough"
	}
	if tracing != was {
		out = append(out, attrSet{"TracingConfig", tracing})
	}
	return out
}

// tagChanges are the keys to untag and the tags to (re)tag that take the
// topic's tags from cur to the form's rows; a row with no key is no tag.
func tagChanges(rows []kv, cur map[string]string) (gone []string, set []types.Tag) {
	want := map[string]string{}
	var order []string
	for _, r := range rows {
		k := strings.TrimSpace(r.Key)
		if k == "" {
			continue
		}
		if _, dup := want[k]; !dup {
			order = append(order, k)
		}
		want[k] = r.Value
	}
	for _, k := range sortedKeys(cur) {
		if _, ok := want[k]; !ok {
			gone = append(gone, k)
		}
	}
	for _, k := range order {
		if v, ok := cur[k]; !ok || v != want[k] {
			set = append(set, types.Tag{Key: aws.String(k), Value: aws.String(want[k])})
		}
	}
	return gone, set
}

func (c *Console) editTopic(q *req) {
	name := q.r.PathValue("name")
	p := q.r.PostForm
	f := topicEditForm{
		Name: name, DisplayName: p.Get("display_name"), ContentDedup: p.Get("content_dedup") == "on",
		Encryption: p.Get("encryption") == "on", KmsKey: p.Get("kms_key"),
		Policy: textarea(p, "policy"), DeliveryPolicy: textarea(p, "delivery_policy"), Tracing: p.Get("tracing") == "on",
		Tags: readTagRows(p, 2),
	}
	ctx := q.r.Context()
	t, err := c.topicByName(q, name)
	if err != nil {
		q.failPage("sns", "Edit topic "+name, err, crumb{"Topics", q.base() + "/sns/topics"})
		return
	}
	f.ARN, f.FIFO = t.ARN, t.Fifo
	attrs, tags, err := q.topicAttrsAndTags(t.ARN)
	if err == nil {
		for _, a := range f.changes(attrs) {
			if _, err = q.cl.sns.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{
				TopicArn: aws.String(t.ARN), AttributeName: aws.String(a.Name), AttributeValue: aws.String(a.Value)}); err != nil {
				break
			}
		}
	}
	if err == nil {
		gone, set := tagChanges(f.Tags, tags)
		if len(gone) > 0 {
			_, err = q.cl.sns.UntagResource(ctx, &sns.UntagResourceInput{ResourceArn: aws.String(t.ARN), TagKeys: gone})
		}
		if err == nil && len(set) > 0 {
			_, err = q.cl.sns.TagResource(ctx, &sns.TagResourceInput{ResourceArn: aws.String(t.ARN), Tags: set})
		}
	}
	if err != nil {
		v := q.topicEditView(f)
		v.Error = toAPIErr("Save topic", err)
		q.render("topic_edit.html", v)
		return
	}
	q.redirect("/sns/topics/"+name, "topic-updated", name)
}

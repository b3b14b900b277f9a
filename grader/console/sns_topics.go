package console

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/queuelab/queuelab/grader/emulator"
)

func (c *Console) topicList(q *req) {
	v := q.view("sns", "Topics", c.topicsIn(q.account), crumb{"Amazon SNS", ""}, crumb{"Topics", ""})
	v.Faults = c.faultRows()
	q.render("topics.html", v)
}

type topicForm struct {
	Type, Name, DisplayName  string
	ContentDedup, Encryption bool
	KmsKey                   string
	PolicyMode, Policy       string
	Tags                     []kv
}

func basicTopicPolicy(account, region, name string) string {
	return prettyJSON(`{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"arn:aws:sns:` + region + `:` + account + `:` + name + `","Condition":{"StringEquals":{"AWS:SourceOwner":"` + account + `"}}}]}`)
}

func (q *req) topicFormView(f topicForm) *view {
	return q.view("sns", "Create topic", f, crumb{"Amazon SNS", q.base() + "/sns/topics"}, crumb{"Topics", q.base() + "/sns/topics"}, crumb{"Create topic", ""})
}

func (c *Console) createTopicForm(q *req) {
	q.render("topic_form.html", q.topicFormView(topicForm{Type: "standard", KmsKey: "alias/aws/sns", PolicyMode: "basic",
		Policy: basicTopicPolicy(q.account, c.cfg.Region, "<topic-name>"), Tags: make([]kv, tagRows)}))
}

func (c *Console) createTopic(q *req) {
	f := q.r.PostForm
	tf := topicForm{Type: f.Get("type"), Name: strings.TrimSpace(f.Get("name")), DisplayName: f.Get("display_name"),
		ContentDedup: f.Get("content_dedup") == "on", Encryption: f.Get("encryption") == "on", KmsKey: f.Get("kms_key"),
		PolicyMode: f.Get("policy_mode"), Policy: f.Get("policy")}
	in := &sns.CreateTopicInput{Name: aws.String(tf.Name), Attributes: map[string]string{}}
	if tf.DisplayName != "" {
		in.Attributes["DisplayName"] = tf.DisplayName
	}
	if tf.Type == "fifo" {
		in.Attributes["FifoTopic"] = "true"
		if tf.ContentDedup {
			in.Attributes["ContentBasedDeduplication"] = "true"
		}
	}
	if tf.Encryption {
		in.Attributes["KmsMasterKeyId"] = tf.KmsKey
	}
	if tf.PolicyMode == "advanced" {
		in.Attributes["Policy"] = tf.Policy
	}
	keys, values := f["tag_key"], f["tag_value"]
	for i := range max(len(keys), tagRows) {
		var t kv
		if i < len(keys) {
			t.Key = strings.TrimSpace(keys[i])
		}
		if i < len(values) {
			t.Value = values[i]
		}
		tf.Tags = append(tf.Tags, t)
		if t.Key != "" {
			in.Tags = append(in.Tags, types.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
		}
	}
	if _, err := q.cl.sns.CreateTopic(q.r.Context(), in); err != nil {
		v := q.topicFormView(tf)
		v.Error = toAPIErr("Create topic", err)
		q.render("topic_form.html", v)
		return
	}
	q.redirect("/sns/topics/"+tf.Name, "topic-created", tf.Name)
}

type topicDetail struct {
	Topic         emulator.Topic
	Owner         string
	Tags          []kv
	Subscriptions []emulator.Subscription
}

// topicByName finds the account's topic by name, in the console's region.
func (c *Console) topicByName(q *req, name string) (emulator.Topic, error) {
	for _, t := range c.topicsIn(q.account) {
		if t.Name == name {
			return t, nil
		}
	}
	// Ask SNS, so that the page shows AWS's own NotFound.
	_, err := q.cl.sns.GetTopicAttributes(q.r.Context(), &sns.GetTopicAttributesInput{
		TopicArn: aws.String("arn:aws:sns:" + c.cfg.Region + ":" + q.account + ":" + name)})
	if err == nil {
		return c.topicByName(q, name)
	}
	return emulator.Topic{}, err
}

func (c *Console) topicDetail(q *req) {
	name := q.r.PathValue("name")
	t, err := c.topicByName(q, name)
	if err != nil {
		q.failPage("sns", "Open topic "+name, err, crumb{"Topics", q.base() + "/sns/topics"})
		return
	}
	d := topicDetail{Topic: t, Owner: q.account}
	for _, k := range sortedKeys(t.Tags) {
		d.Tags = append(d.Tags, kv{k, t.Tags[k]})
	}
	for _, s := range c.emu.Subscriptions(q.account) {
		if s.TopicARN == t.ARN {
			d.Subscriptions = append(d.Subscriptions, s)
		}
	}
	q.render("topic.html", q.view("sns", name, d, crumb{"Amazon SNS", q.base() + "/sns/topics"}, crumb{"Topics", q.base() + "/sns/topics"}, crumb{name, ""}))
}

func (c *Console) confirmTopicDelete(q *req) {
	name := q.r.PathValue("name")
	if _, err := c.topicByName(q, name); err != nil {
		q.failPage("sns", "Open topic "+name, err, crumb{"Topics", q.base() + "/sns/topics"})
		return
	}
	q.render("confirm.html", q.view("sns", "Delete topic: "+name, topicConfirm(name, ""), crumb{"Topics", q.base() + "/sns/topics"}, crumb{name, q.base() + "/sns/topics/" + name}))
}

func topicConfirm(name, mismatch string) confirmation {
	return confirmation{Action: "Delete", Name: name, Word: "delete me", Mismatch: mismatch, Cancel: "/sns/topics/" + name,
		Warning: "Deleting " + name + " deletes its subscriptions too. It cannot be undone."}
}

func (c *Console) deleteTopic(q *req) {
	name := q.r.PathValue("name")
	if q.r.PostForm.Get("confirm") != "delete me" {
		q.render("confirm.html", q.view("sns", "Delete topic: "+name, topicConfirm(name, "Type delete me to confirm."), crumb{"Topics", q.base() + "/sns/topics"}))
		return
	}
	t, err := c.topicByName(q, name)
	if err == nil {
		_, err = q.cl.sns.DeleteTopic(q.r.Context(), &sns.DeleteTopicInput{TopicArn: aws.String(t.ARN)})
	}
	if err != nil {
		q.failPage("sns", "Delete topic", err, crumb{name, q.base() + "/sns/topics/" + name})
		return
	}
	q.redirect("/sns/topics", "topic-deleted", name)
}

package console

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// customPayload is what the AWS console prefills for "Custom payload for
// each delivery protocol": a default entry, which every protocol without
// its own entry gets.
const customPayload = `{
  "default": "Sample fallback message",
  "sqs": "Sample message for Amazon SQS endpoints",
  "email": "Sample message for email endpoints",
  "http": "Sample message for HTTP endpoints",
  "https": "Sample message for HTTPS endpoints"
}`

type publishForm struct {
	Name, ARN                string
	FIFO                     bool
	Subject, Structure, Body string
	Custom, GroupID, DedupID string
	Attributes               []msgAttr
	Types                    []string
}

func (q *req) publishView(f publishForm) *view {
	return q.view("sns", "Publish message", f, crumb{"Topics", q.base() + "/sns/topics"}, crumb{f.Name, q.base() + "/sns/topics/" + f.Name}, crumb{"Publish message", ""})
}

var snsAttrTypes = []string{"String", "String.Array", "Number", "Binary"}

func (c *Console) publishForm(q *req) {
	name := q.r.PathValue("name")
	t, err := c.topicByName(q, name)
	if err != nil {
		q.failPage("sns", "Open topic "+name, err, crumb{"Topics", q.base() + "/sns/topics"})
		return
	}
	q.render("publish.html", q.publishView(publishForm{Name: name, ARN: t.ARN, FIFO: t.Fifo, Structure: "identical", Custom: customPayload,
		Attributes: make([]msgAttr, attrRows), Types: snsAttrTypes}))
}

func (c *Console) publish(q *req) {
	name := q.r.PathValue("name")
	t, err := c.topicByName(q, name)
	if err != nil {
		q.failPage("sns", "Publish message", err, crumb{"Topics", q.base() + "/sns/topics"})
		return
	}
	f := q.r.PostForm
	pf := publishForm{Name: name, ARN: t.ARN, FIFO: t.Fifo, Subject: f.Get("subject"), Structure: f.Get("structure"), Body: f.Get("body"),
		Custom: f.Get("custom"), GroupID: f.Get("group_id"), DedupID: f.Get("dedup_id"), Attributes: readAttrs(f, "attr"), Types: snsAttrTypes}
	in := &sns.PublishInput{TopicArn: aws.String(t.ARN), Message: aws.String(pf.Body)}
	if pf.Structure == "custom" {
		in.Message, in.MessageStructure = aws.String(pf.Custom), aws.String("json")
	}
	if pf.Subject != "" {
		in.Subject = aws.String(pf.Subject)
	}
	if pf.GroupID != "" {
		in.MessageGroupId = aws.String(pf.GroupID)
	}
	if pf.DedupID != "" {
		in.MessageDeduplicationId = aws.String(pf.DedupID)
	}
	in.MessageAttributes = messageAttributes(pf.Attributes, func(dataType string, text *string, binary []byte) types.MessageAttributeValue {
		return types.MessageAttributeValue{DataType: &dataType, StringValue: text, BinaryValue: binary}
	})
	out, err := q.cl.sns.Publish(q.r.Context(), in)
	if err != nil {
		v := q.publishView(pf)
		v.Error = toAPIErr("Publish message", err)
		q.render("publish.html", v)
		return
	}
	q.redirect("/sns/topics/"+name, "published", aws.ToString(out.MessageId))
}

package console

import (
	"encoding/json"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/queuelab/queuelab/grader/emulator"
)

type subscribeQueueData struct {
	Name, ARN string
	Topics    []emulator.Topic
	TopicARN  string
	Raw       bool
}

func (c *Console) topicsIn(account string) []emulator.Topic {
	var out []emulator.Topic
	for _, t := range c.emu.Topics(account) {
		if t.Region == c.cfg.Region {
			out = append(out, t)
		}
	}
	return out
}

func (q *req) subscribeView(d subscribeQueueData) *view {
	return q.view("sqs", "Subscribe to Amazon SNS topic", d, crumb{"Queues", q.base() + "/sqs/queues"},
		crumb{d.Name, q.base() + "/sqs/queues/" + d.Name}, crumb{"Subscribe to Amazon SNS topic", ""})
}

func (c *Console) subscribeQueueForm(q *req) {
	name := q.r.PathValue("name")
	attrs, _, err := c.queueAttrs(q, name)
	if err != nil {
		q.failPage("sqs", "Open queue "+name, err, crumb{"Queues", q.base() + "/sqs/queues"})
		return
	}
	q.render("subscribe_queue.html", q.subscribeView(subscribeQueueData{Name: name, ARN: attrs["QueueArn"], Topics: c.topicsIn(q.account)}))
}

// subscribeQueue subscribes the queue to a topic and, as the AWS console
// does, adds to the queue's policy a statement that lets the topic send to
// it: two API calls, Subscribe and SetQueueAttributes.
func (c *Console) subscribeQueue(q *req) {
	name := q.r.PathValue("name")
	ctx := q.r.Context()
	d := subscribeQueueData{Name: name, Topics: c.topicsIn(q.account), TopicARN: q.r.PostForm.Get("topic"), Raw: q.r.PostForm.Get("raw") == "on"}
	attrs, url, err := c.queueAttrs(q, name)
	var sub *sns.SubscribeOutput
	if err == nil {
		d.ARN = attrs["QueueArn"]
		in := &sns.SubscribeInput{TopicArn: aws.String(d.TopicARN), Protocol: aws.String("sqs"), Endpoint: aws.String(d.ARN), ReturnSubscriptionArn: true}
		if d.Raw {
			in.Attributes = map[string]string{"RawMessageDelivery": "true"}
		}
		sub, err = q.cl.sns.Subscribe(ctx, in)
	}
	if err == nil {
		_, err = q.cl.sqs.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: &url,
			Attributes: map[string]string{"Policy": withTopicStatement(attrs["Policy"], d.ARN, d.TopicARN)}})
	}
	if err != nil {
		v := q.subscribeView(d)
		v.Error = toAPIErr("Subscribe to Amazon SNS topic", err)
		q.render("subscribe_queue.html", v)
		return
	}
	q.redirect("/sqs/queues/"+name+"?tab=subscriptions", "subscribed", aws.ToString(sub.SubscriptionArn))
}

// withTopicStatement adds to a queue policy the statement the AWS console
// adds when it subscribes a queue to a topic.
func withTopicStatement(policy, queueARN, topicARN string) string {
	doc := map[string]any{}
	if json.Unmarshal([]byte(policy), &doc) != nil || doc == nil {
		doc = map[string]any{"Version": "2012-10-17"}
	}
	stmts, _ := doc["Statement"].([]any)
	if one, ok := doc["Statement"].(map[string]any); ok {
		stmts = []any{one}
	}
	sid := "topic-subscription-" + topicARN
	for _, s := range stmts {
		if m, ok := s.(map[string]any); ok && m["Sid"] == sid {
			b, _ := json.Marshal(doc)
			return string(b)
		}
	}
	doc["Statement"] = append(stmts, map[string]any{
		"Sid": sid, "Effect": "Allow", "Principal": map[string]string{"AWS": "*"}, "Action": "SQS:SendMessage",
		"Resource": queueARN, "Condition": map[string]any{"ArnLike": map[string]string{"aws:SourceArn": topicARN}},
	})
	b, _ := json.Marshal(doc)
	return string(b)
}

type redriveData struct {
	Name, ARN            string
	Sources              []string
	Queues               []queueRow
	Destination, DestARN string
	Velocity, Rate       string
}

func (q *req) redriveView(d redriveData) *view {
	return q.view("sqs", "Start DLQ redrive", d, crumb{"Queues", q.base() + "/sqs/queues"},
		crumb{d.Name, q.base() + "/sqs/queues/" + d.Name}, crumb{"Start DLQ redrive", ""})
}

func (c *Console) redriveData(q *req, name string) (redriveData, error) {
	attrs, url, err := c.queueAttrs(q, name)
	if err != nil {
		return redriveData{}, err
	}
	d := redriveData{Name: name, ARN: attrs["QueueArn"], Queues: c.queueChoices(q, name), Destination: "source", Velocity: "system", Rate: "50"}
	src, err := q.cl.sqs.ListDeadLetterSourceQueues(q.r.Context(), &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: &url})
	if err != nil {
		return d, err
	}
	d.Sources = src.QueueUrls
	return d, nil
}

func (c *Console) redriveForm(q *req) {
	name := q.r.PathValue("name")
	d, err := c.redriveData(q, name)
	if err != nil {
		q.failPage("sqs", "Open queue "+name, err, crumb{"Queues", q.base() + "/sqs/queues"})
		return
	}
	q.render("redrive.html", q.redriveView(d))
}

func (c *Console) startRedrive(q *req) {
	name := q.r.PathValue("name")
	d, err := c.redriveData(q, name)
	if err != nil {
		q.failPage("sqs", "Start DLQ redrive", err, crumb{"Queues", q.base() + "/sqs/queues"})
		return
	}
	f := q.r.PostForm
	d.Destination, d.DestARN, d.Velocity, d.Rate = f.Get("destination"), f.Get("dest_arn"), f.Get("velocity"), f.Get("rate")
	in := &sqs.StartMessageMoveTaskInput{SourceArn: aws.String(d.ARN)}
	if d.Destination == "custom" {
		in.DestinationArn = aws.String(d.DestARN)
	}
	if d.Velocity == "custom" {
		n, err := strconv.ParseInt(d.Rate, 10, 32)
		if err != nil {
			n = -1 // let SQS say what it accepts
		}
		in.MaxNumberOfMessagesPerSecond = aws.Int32(int32(n))
	}
	out, err := q.cl.sqs.StartMessageMoveTask(q.r.Context(), in)
	if err != nil {
		v := q.redriveView(d)
		v.Error = toAPIErr("Start DLQ redrive", err)
		q.render("redrive.html", v)
		return
	}
	q.redirect("/sqs/queues/"+name+"?tab=redrive", "redrive", aws.ToString(out.TaskHandle))
}

func (c *Console) cancelRedrive(q *req) {
	name := q.r.PathValue("name")
	if _, err := q.cl.sqs.CancelMessageMoveTask(q.r.Context(), &sqs.CancelMessageMoveTaskInput{TaskHandle: aws.String(q.r.PostForm.Get("handle"))}); err != nil {
		q.failPage("sqs", "Cancel DLQ redrive", err, crumb{name, q.base() + "/sqs/queues/" + name + "?tab=redrive"})
		return
	}
	q.redirect("/sqs/queues/"+name+"?tab=redrive", "redrive-cancel", name)
}

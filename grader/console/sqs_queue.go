package console

import (
	"encoding/json"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/queuelab/queuelab/grader/emulator"
)

// queueTabs are the queue page's tabs, in order; the first is the default.
var queueTabs = []struct{ ID, Name string }{
	{"subscriptions", "SNS subscriptions"},
	{"dlq", "Dead-letter queue"},
	{"tagging", "Tagging"},
	{"policy", "Queue policy"},
	{"encryption", "Encryption"},
	{"redrive", "Dead-letter queue redrive"},
}

type queueDetail struct {
	Name, URL, ARN, Type, Encryption string
	Attrs                            map[string]string
	Tab                              string
	Tabs                             []struct{ ID, Name string }
	Subscriptions                    []emulator.Subscription
	Sources                          []string
	DLQName, MaxReceives             string
	Tags                             []kv
	Policy                           string
	Tasks                            []moveTask
	TabError                         *apiErr
}

type moveTask struct {
	Handle, Status, Destination, Started, Failure string
	Moved, ToMove                                 int64
}

func (c *Console) queueDetail(q *req) {
	name := q.r.PathValue("name")
	attrs, url, err := c.queueAttrs(q, name)
	if err != nil {
		q.failPage("sqs", "Open queue "+name, err, crumb{"Queues", q.base() + "/sqs/queues"})
		return
	}
	d := queueDetail{Name: name, URL: url, ARN: attrs["QueueArn"], Type: "Standard", Encryption: encryptionOf(attrs), Attrs: attrs, Tabs: queueTabs, Tab: q.r.URL.Query().Get("tab")}
	if attrs["FifoQueue"] == "true" {
		d.Type = "FIFO"
	}
	if d.Tab == "" {
		d.Tab = queueTabs[0].ID
	}
	ctx := q.r.Context()
	if src, err := q.cl.sqs.ListDeadLetterSourceQueues(ctx, &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: &url}); err == nil {
		d.Sources = src.QueueUrls
	}
	switch d.Tab {
	case "subscriptions":
		for _, s := range c.emu.Subscriptions(q.account) {
			if s.Protocol == "sqs" && s.Endpoint == d.ARN {
				d.Subscriptions = append(d.Subscriptions, s)
			}
		}
	case "dlq":
		var p struct {
			Target string          `json:"deadLetterTargetArn"`
			Max    json.RawMessage `json:"maxReceiveCount"`
		}
		if json.Unmarshal([]byte(attrs["RedrivePolicy"]), &p) == nil {
			d.DLQName, d.MaxReceives = arnName(p.Target), strings.Trim(string(p.Max), `"`)
		}
	case "tagging":
		out, err := q.cl.sqs.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: &url})
		if err != nil {
			d.TabError = toAPIErr("List tags", err)
		} else {
			for _, k := range sortedKeys(out.Tags) {
				d.Tags = append(d.Tags, kv{k, out.Tags[k]})
			}
		}
		d.Tags = append(d.Tags, kv{}, kv{})
	case "policy":
		d.Policy = prettyJSON(attrs["Policy"])
	case "redrive":
		out, err := q.cl.sqs.ListMessageMoveTasks(ctx, &sqs.ListMessageMoveTasksInput{SourceArn: aws.String(d.ARN), MaxResults: aws.Int32(10)})
		if err != nil {
			d.TabError = toAPIErr("List redrive tasks", err)
		} else {
			for _, t := range out.Results {
				mt := moveTask{Handle: aws.ToString(t.TaskHandle), Status: aws.ToString(t.Status), Destination: aws.ToString(t.DestinationArn),
					Failure: aws.ToString(t.FailureReason), Moved: t.ApproximateNumberOfMessagesMoved, Started: fmtMillis(t.StartedTimestamp)}
				if t.ApproximateNumberOfMessagesToMove != nil {
					mt.ToMove = *t.ApproximateNumberOfMessagesToMove
				}
				if mt.Destination == "" {
					mt.Destination = "Source queue(s)"
				}
				d.Tasks = append(d.Tasks, mt)
			}
		}
	}
	q.render("queue.html", q.view("sqs", name, d, crumb{"Amazon SQS", q.base() + "/sqs/queues"}, crumb{"Queues", q.base() + "/sqs/queues"}, crumb{name, ""}))
}

// arnName is the last part of an ARN: a queue's or a topic's name.
func arnName(arn string) string {
	if i := strings.LastIndexByte(arn, ':'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

func (c *Console) savePolicy(q *req) {
	name := q.r.PathValue("name")
	url, err := c.queueURL(q, name)
	if err == nil {
		_, err = q.cl.sqs.SetQueueAttributes(q.r.Context(), &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: map[string]string{"Policy": q.r.PostForm.Get("policy")}})
	}
	if err != nil {
		q.failPage("sqs", "Save access policy", err, crumb{name, q.base() + "/sqs/queues/" + name + "?tab=policy"})
		return
	}
	q.redirect("/sqs/queues/"+name+"?tab=policy", "policy-saved", name)
}

func (c *Console) saveTags(q *req) {
	name := q.r.PathValue("name")
	ctx := q.r.Context()
	url, err := c.queueURL(q, name)
	var old *sqs.ListQueueTagsOutput
	if err == nil {
		old, err = q.cl.sqs.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: url})
	}
	if err == nil {
		keys, values := q.r.PostForm["tag_key"], q.r.PostForm["tag_value"]
		tags := map[string]string{}
		for i, k := range keys {
			if k = strings.TrimSpace(k); k != "" && i < len(values) {
				tags[k] = values[i]
			}
		}
		var gone []string
		for k := range old.Tags {
			if _, ok := tags[k]; !ok {
				gone = append(gone, k)
			}
		}
		if len(gone) > 0 {
			_, err = q.cl.sqs.UntagQueue(ctx, &sqs.UntagQueueInput{QueueUrl: url, TagKeys: gone})
		}
		if err == nil && len(tags) > 0 {
			_, err = q.cl.sqs.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: url, Tags: tags})
		}
	}
	if err != nil {
		q.failPage("sqs", "Save tags", err, crumb{name, q.base() + "/sqs/queues/" + name + "?tab=tagging"})
		return
	}
	q.redirect("/sqs/queues/"+name+"?tab=tagging", "tags-saved", name)
}

// confirmPage asks the learner to type what AWS asks for before a purge
// ("purge") or a delete (the queue's name).
func (c *Console) confirmPage(action string) func(*req) {
	return func(q *req) {
		name := q.r.PathValue("name")
		if _, err := c.queueURL(q, name); err != nil {
			q.failPage("sqs", "Open queue "+name, err, crumb{"Queues", q.base() + "/sqs/queues"})
			return
		}
		q.render("confirm.html", q.view("sqs", strings.ToUpper(action[:1])+action[1:]+" queue: "+name, confirmData(action, name, ""),
			crumb{"Queues", q.base() + "/sqs/queues"}, crumb{name, q.base() + "/sqs/queues/" + name}, crumb{action, ""}))
	}
}

type confirmation struct {
	Action, Name, Word, Warning, Mismatch, Cancel string
}

func confirmData(action, name, mismatch string) confirmation {
	if action == "purge" {
		return confirmation{Action: "Purge", Name: name, Word: "purge", Mismatch: mismatch, Cancel: "/sqs/queues/" + name,
			Warning: "Purging deletes every message in " + name + ". It cannot be undone, and it takes up to 60 seconds."}
	}
	return confirmation{Action: "Delete", Name: name, Word: name, Mismatch: mismatch, Cancel: "/sqs/queues/" + name,
		Warning: "Deleting " + name + " deletes its messages too. It cannot be undone."}
}

func (c *Console) purgeQueue(q *req) { c.confirmed(q, "purge") }

func (c *Console) deleteQueue(q *req) { c.confirmed(q, "delete") }

func (c *Console) confirmed(q *req, action string) {
	name := q.r.PathValue("name")
	want := confirmData(action, name, "")
	if q.r.PostForm.Get("confirm") != want.Word {
		v := q.view("sqs", want.Action+" queue: "+name, confirmData(action, name, "Type "+want.Word+" to confirm."), crumb{"Queues", q.base() + "/sqs/queues"}, crumb{name, q.base() + "/sqs/queues/" + name})
		q.render("confirm.html", v)
		return
	}
	ctx := q.r.Context()
	url, err := c.queueURL(q, name)
	if err == nil && action == "purge" {
		_, err = q.cl.sqs.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url})
	} else if err == nil {
		_, err = q.cl.sqs.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: url})
	}
	if err != nil {
		q.failPage("sqs", want.Action+" queue", err, crumb{name, q.base() + "/sqs/queues/" + name})
		return
	}
	if action == "purge" {
		q.redirect("/sqs/queues/"+name, "queue-purged", name)
		return
	}
	q.redirect("/sqs/queues", "queue-deleted", name)
}

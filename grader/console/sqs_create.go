package console

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// tagRows is how many tag rows a form offers.
const tagRows = 4

// queueForm is the Create queue and Edit form: every value as typed, so that
// the API (not the console) judges it and a failed save shows it again.
type queueForm struct {
	Edit                                                      bool
	Type, Name                                                string
	VisibilityTimeout, Retention, Delay, MaxSize, ReceiveWait string
	ContentDedup                                              bool
	Encryption, KmsKey, KmsReuse                              string
	PolicyMode, Policy                                        string
	RedriveAllow, RedriveAllowSources                         string
	DLQ                                                       bool
	DLQArn, MaxReceives                                       string
	Tags                                                      []kv
	// Queues are the account's other queues, for the dead-letter queue.
	Queues []queueRow
}

type kv struct{ Key, Value string }

func (c *Console) defaultQueueForm(q *req) queueForm {
	return queueForm{
		Type: "standard", VisibilityTimeout: "30", Retention: "345600", Delay: "0", MaxSize: "1048576", ReceiveWait: "0",
		Encryption: "sqs", KmsKey: "alias/aws/sqs", KmsReuse: "300", PolicyMode: "basic", RedriveAllow: "off",
		MaxReceives: "10", Tags: make([]kv, tagRows), Queues: c.queueChoices(q, ""),
	}
}

// queueChoices lists the account's queues but one, for choosing a
// dead-letter queue or a redrive destination.
func (c *Console) queueChoices(q *req, except string) []queueRow {
	var rows []queueRow
	for _, info := range c.queuesIn(q.account) {
		if info.Name != except {
			rows = append(rows, queueRow{Name: info.Name, ARN: info.ARN})
		}
	}
	return rows
}

func readQueueForm(q *req) queueForm {
	f := q.r.PostForm
	qf := queueForm{
		Type: f.Get("type"), Name: strings.TrimSpace(f.Get("name")),
		VisibilityTimeout: f.Get("visibility_timeout"), Retention: f.Get("retention"), Delay: f.Get("delay"),
		MaxSize: f.Get("max_size"), ReceiveWait: f.Get("receive_wait"), ContentDedup: f.Get("content_dedup") == "on",
		Encryption: f.Get("encryption"), KmsKey: f.Get("kms_key"), KmsReuse: f.Get("kms_reuse"),
		PolicyMode: f.Get("policy_mode"), Policy: f.Get("policy"),
		RedriveAllow: f.Get("redrive_allow"), RedriveAllowSources: f.Get("redrive_allow_sources"),
		DLQ: f.Get("dlq") == "on", DLQArn: f.Get("dlq_arn"), MaxReceives: f.Get("max_receives"),
	}
	keys, values := f["tag_key"], f["tag_value"]
	for i := range max(len(keys), tagRows) {
		var t kv
		if i < len(keys) {
			t.Key = keys[i]
		}
		if i < len(values) {
			t.Value = values[i]
		}
		qf.Tags = append(qf.Tags, t)
	}
	return qf
}

// attributes are the queue attributes the form sets, as the API takes them.
func (qf queueForm) attributes(account, region string) map[string]string {
	a := map[string]string{
		"VisibilityTimeout": qf.VisibilityTimeout, "MessageRetentionPeriod": qf.Retention,
		"DelaySeconds": qf.Delay, "MaximumMessageSize": qf.MaxSize, "ReceiveMessageWaitTimeSeconds": qf.ReceiveWait,
	}
	fifo := qf.Type == "fifo"
	if fifo && !qf.Edit {
		a["FifoQueue"] = "true"
	}
	if fifo {
		a["ContentBasedDeduplication"] = fmt.Sprint(qf.ContentDedup)
	}
	switch qf.Encryption {
	case "kms":
		a["KmsMasterKeyId"] = qf.KmsKey
		a["KmsDataKeyReusePeriodSeconds"] = qf.KmsReuse
		a["SqsManagedSseEnabled"] = "false"
	case "off":
		a["SqsManagedSseEnabled"] = "false"
		if qf.Edit {
			a["KmsMasterKeyId"] = ""
		}
	default:
		a["SqsManagedSseEnabled"] = "true"
		if qf.Edit {
			a["KmsMasterKeyId"] = ""
		}
	}
	if qf.PolicyMode == "advanced" {
		a["Policy"] = qf.Policy
	} else if !qf.Edit {
		a["Policy"] = basicPolicy(account, region, qf.Name)
	}
	switch qf.RedriveAllow {
	case "allowAll", "denyAll":
		a["RedriveAllowPolicy"] = fmt.Sprintf(`{"redrivePermission":%q}`, qf.RedriveAllow)
	case "byQueue":
		arns := strings.FieldsFunc(qf.RedriveAllowSources, func(r rune) bool { return r == ',' || r == '\n' || r == ' ' || r == '\r' })
		b, _ := json.Marshal(map[string]any{"redrivePermission": "byQueue", "sourceQueueArns": arns})
		a["RedriveAllowPolicy"] = string(b)
	default:
		if qf.Edit {
			a["RedriveAllowPolicy"] = ""
		}
	}
	if !qf.Edit {
		for k, v := range a {
			if v == "" {
				delete(a, k) // left empty: SQS's default
			}
		}
	}
	if qf.DLQ {
		a["RedrivePolicy"] = fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":%q}`, qf.DLQArn, qf.MaxReceives)
	} else if qf.Edit {
		a["RedrivePolicy"] = ""
	}
	return a
}

// basicPolicy is the policy the AWS console writes for "Only the queue
// owner" may send and receive.
func basicPolicy(account, region, name string) string {
	p := map[string]any{
		"Version": "2012-10-17",
		"Id":      "__default_policy_ID",
		"Statement": []map[string]any{{
			"Sid":       "__owner_statement",
			"Effect":    "Allow",
			"Principal": map[string]string{"AWS": "arn:aws:iam::" + account + ":root"},
			"Action":    "SQS:*",
			"Resource":  "arn:aws:sqs:" + region + ":" + account + ":" + name,
		}},
	}
	return indentJSON(p)
}

func (c *Console) createQueueForm(q *req) {
	qf := c.defaultQueueForm(q)
	qf.Policy = basicPolicy(q.account, c.cfg.Region, "<queue-name>")
	q.render("queue_form.html", q.view("sqs", "Create queue", qf, crumb{"Amazon SQS", q.base() + "/sqs/queues"}, crumb{"Create queue", ""}))
}

func (c *Console) createQueue(q *req) {
	qf := readQueueForm(q)
	tags := map[string]string{}
	for _, t := range qf.Tags {
		if t.Key != "" {
			tags[t.Key] = t.Value
		}
	}
	in := &sqs.CreateQueueInput{QueueName: aws.String(qf.Name), Attributes: qf.attributes(q.account, c.cfg.Region)}
	if len(tags) > 0 {
		in.Tags = tags
	}
	if _, err := q.cl.sqs.CreateQueue(q.r.Context(), in); err != nil {
		qf.Queues = c.queueChoices(q, "")
		v := q.view("sqs", "Create queue", qf, crumb{"Amazon SQS", q.base() + "/sqs/queues"}, crumb{"Create queue", ""})
		v.Error = toAPIErr("Create queue", err)
		q.render("queue_form.html", v)
		return
	}
	q.redirect("/sqs/queues/"+qf.Name, "queue-created", qf.Name)
}

func (c *Console) editQueueForm(q *req) {
	name := q.r.PathValue("name")
	attrs, _, err := c.queueAttrs(q, name)
	if err != nil {
		q.failPage("sqs", "Edit queue", err, crumb{"Queues", q.base() + "/sqs/queues"})
		return
	}
	qf := c.defaultQueueForm(q)
	qf.Edit, qf.Name = true, name
	if attrs["FifoQueue"] == "true" {
		qf.Type = "fifo"
	}
	qf.VisibilityTimeout, qf.Retention, qf.Delay = attrs["VisibilityTimeout"], attrs["MessageRetentionPeriod"], attrs["DelaySeconds"]
	qf.MaxSize, qf.ReceiveWait = attrs["MaximumMessageSize"], attrs["ReceiveMessageWaitTimeSeconds"]
	qf.ContentDedup = attrs["ContentBasedDeduplication"] == "true"
	switch encryptionOf(attrs) {
	case "SSE-KMS":
		qf.Encryption, qf.KmsKey, qf.KmsReuse = "kms", attrs["KmsMasterKeyId"], attrs["KmsDataKeyReusePeriodSeconds"]
	case "Disabled":
		qf.Encryption = "off"
	}
	qf.PolicyMode, qf.Policy = "advanced", prettyJSON(attrs["Policy"])
	if qf.Policy == "" {
		qf.PolicyMode, qf.Policy = "basic", basicPolicy(q.account, c.cfg.Region, name)
	}
	if rap := attrs["RedriveAllowPolicy"]; rap != "" {
		var p struct {
			Permission string   `json:"redrivePermission"`
			Sources    []string `json:"sourceQueueArns"`
		}
		if json.Unmarshal([]byte(rap), &p) == nil {
			qf.RedriveAllow, qf.RedriveAllowSources = p.Permission, strings.Join(p.Sources, "\n")
		}
	}
	if rp := attrs["RedrivePolicy"]; rp != "" {
		var p struct {
			Target string          `json:"deadLetterTargetArn"`
			Max    json.RawMessage `json:"maxReceiveCount"`
		}
		if json.Unmarshal([]byte(rp), &p) == nil {
			qf.DLQ, qf.DLQArn, qf.MaxReceives = true, p.Target, strings.Trim(string(p.Max), `"`)
		}
	}
	qf.Queues = c.queueChoices(q, name)
	q.render("queue_form.html", q.view("sqs", "Edit "+name, qf, crumb{"Queues", q.base() + "/sqs/queues"}, crumb{name, q.base() + "/sqs/queues/" + name}, crumb{"Edit", ""}))
}

func (c *Console) editQueue(q *req) {
	name := q.r.PathValue("name")
	qf := readQueueForm(q)
	qf.Edit, qf.Name = true, name
	url, err := c.queueURL(q, name)
	if err == nil {
		_, err = q.cl.sqs.SetQueueAttributes(q.r.Context(), &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: qf.attributes(q.account, c.cfg.Region)})
	}
	if err != nil {
		qf.Queues = c.queueChoices(q, name)
		v := q.view("sqs", "Edit "+name, qf, crumb{"Queues", q.base() + "/sqs/queues"}, crumb{name, q.base() + "/sqs/queues/" + name}, crumb{"Edit", ""})
		v.Error = toAPIErr("Save queue", err)
		q.render("queue_form.html", v)
		return
	}
	q.redirect("/sqs/queues/"+name, "queue-updated", name)
}

// queueURL asks SQS for the URL of the account's queue, as a client would.
func (c *Console) queueURL(q *req, name string) (*string, error) {
	out, err := q.cl.sqs.GetQueueUrl(q.r.Context(), &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
	if err != nil {
		return nil, err
	}
	return out.QueueUrl, nil
}

// queueAttrs reads every attribute of the queue through the API.
func (c *Console) queueAttrs(q *req, name string) (map[string]string, string, error) {
	url, err := c.queueURL(q, name)
	if err != nil {
		return nil, "", err
	}
	out, err := q.cl.sqs.GetQueueAttributes(q.r.Context(), &sqs.GetQueueAttributesInput{
		QueueUrl: url, AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll},
	})
	if err != nil {
		return nil, "", err
	}
	return out.Attributes, *url, nil
}

// prettyJSON indents a JSON document for a text area; anything else is
// returned as it is.
func prettyJSON(s string) string {
	var v any
	if s == "" || json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	return indentJSON(v)
}

// indentJSON writes v as indented JSON, leaving <, > and & as they are
// (the template escapes what it shows).
func indentJSON(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}

package console

import (
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
)

// attrRows is how many message attribute rows the send forms offer.
const attrRows = 3

// messagesData is the "Send and receive messages" page.
type messagesData struct {
	Name, URL string
	FIFO      bool
	Attrs     map[string]string
	Send      sendForm
	Duration  string
	MaxCount  string
	// Polled is set once "Poll for messages" ran: the messages received.
	Polled   bool
	Messages []polledMessage
	PollErr  *apiErr
}

type sendForm struct {
	Body, Delay, GroupID, DedupID string
	Attributes                    []msgAttr
}

type msgAttr struct{ Name, Type, Value string }

// messageAttributes is the form's attribute rows as a client's attribute
// map (SQS and SNS each have their own value type, made by value): a row
// without a name is an empty row of the form, and a Binary type sends the
// value's bytes. Nil when no row has a name, as the API leaves it out.
func messageAttributes[V any](rows []msgAttr, value func(dataType string, text *string, binary []byte) V) map[string]V {
	var out map[string]V
	for _, a := range rows {
		if a.Name == "" {
			continue
		}
		if out == nil {
			out = map[string]V{}
		}
		if strings.HasPrefix(a.Type, "Binary") {
			out[a.Name] = value(a.Type, nil, []byte(a.Value))
		} else {
			out[a.Name] = value(a.Type, aws.String(a.Value), nil)
		}
	}
	return out
}

type polledMessage struct {
	ID, Sent, Body, Receipt, MD5, AttrsMD5, Sender, FirstReceived string
	GroupID, DedupID, Sequence                                    string
	Size, ReceiveCount                                            int
	Attributes                                                    []msgAttr
}

func (c *Console) messagesData(q *req, name string) (messagesData, error) {
	attrs, url, err := c.queueAttrs(q, name)
	if err != nil {
		return messagesData{}, err
	}
	return messagesData{
		Name: name, URL: url, FIFO: attrs["FifoQueue"] == "true", Attrs: attrs,
		Send:     sendForm{Delay: "0", Attributes: make([]msgAttr, attrRows)},
		Duration: "20", MaxCount: "10",
	}, nil
}

func (q *req) messagesView(d messagesData) *view {
	return q.view("sqs", "Send and receive messages", d, crumb{"Queues", q.base() + "/sqs/queues"},
		crumb{d.Name, q.base() + "/sqs/queues/" + d.Name}, crumb{"Send and receive messages", ""})
}

func (c *Console) messagesPage(q *req) {
	d, err := c.messagesData(q, q.r.PathValue("name"))
	if err != nil {
		q.failPage("sqs", "Open queue "+q.r.PathValue("name"), err, crumb{"Queues", q.base() + "/sqs/queues"})
		return
	}
	q.render("messages.html", q.messagesView(d))
}

func readAttrs(f map[string][]string, prefix string) []msgAttr {
	names, typs, values := f[prefix+"_name"], f[prefix+"_type"], f[prefix+"_value"]
	var out []msgAttr
	for i := range max(len(names), attrRows) {
		var a msgAttr
		if i < len(names) {
			a.Name = strings.TrimSpace(names[i])
		}
		if i < len(typs) {
			a.Type = typs[i]
		}
		if i < len(values) {
			a.Value = values[i]
		}
		out = append(out, a)
	}
	return out
}

func (c *Console) sendMessage(q *req) {
	name := q.r.PathValue("name")
	d, err := c.messagesData(q, name)
	if err != nil {
		q.failPage("sqs", "Send message", err, crumb{"Queues", q.base() + "/sqs/queues"})
		return
	}
	f := q.r.PostForm
	d.Send = sendForm{Body: f.Get("body"), Delay: f.Get("delay"), GroupID: f.Get("group_id"), DedupID: f.Get("dedup_id"), Attributes: readAttrs(f, "attr")}
	in := &sqs.SendMessageInput{QueueUrl: &d.URL, MessageBody: aws.String(d.Send.Body)}
	if d.Send.Delay != "" && !d.FIFO {
		n, err := strconv.ParseInt(d.Send.Delay, 10, 32)
		if err != nil {
			v := q.messagesView(d)
			v.Error = &apiErr{Action: "Send message", Code: "InvalidParameterValue", Message: "Delivery delay must be a whole number of seconds between 0 and 900."}
			q.render("messages.html", v)
			return
		}
		in.DelaySeconds = int32(n)
	}
	if d.Send.GroupID != "" {
		in.MessageGroupId = aws.String(d.Send.GroupID)
	}
	if d.Send.DedupID != "" {
		in.MessageDeduplicationId = aws.String(d.Send.DedupID)
	}
	in.MessageAttributes = messageAttributes(d.Send.Attributes, func(dataType string, text *string, binary []byte) types.MessageAttributeValue {
		return types.MessageAttributeValue{DataType: &dataType, StringValue: text, BinaryValue: binary}
	})
	out, err := q.cl.sqs.SendMessage(q.r.Context(), in)
	if err != nil {
		v := q.messagesView(d)
		v.Error = toAPIErr("Send message", err)
		q.render("messages.html", v)
		return
	}
	q.redirect("/sqs/queues/"+name+"/messages", "sent", aws.ToString(out.MessageId))
}

// pollMessages receives messages as the AWS console's "Poll for messages"
// does: ReceiveMessage, long polling, until the duration has passed or the
// maximum count arrived; once some arrived it stops as soon as a receive
// comes back empty. What it receives is in flight afterwards, as on AWS.
func (c *Console) pollMessages(q *req) {
	name := q.r.PathValue("name")
	d, err := c.messagesData(q, name)
	if err != nil {
		q.failPage("sqs", "Poll for messages", err, crumb{"Queues", q.base() + "/sqs/queues"})
		return
	}
	d.Duration, d.MaxCount = q.r.PostForm.Get("duration"), q.r.PostForm.Get("max_count")
	dur, err1 := strconv.Atoi(d.Duration)
	count, err2 := strconv.Atoi(d.MaxCount)
	if err1 != nil || err2 != nil || dur < 1 || dur > 60 || count < 1 || count > 10 {
		v := q.messagesView(d)
		v.Error = &apiErr{Action: "Poll for messages", Message: "Polling duration must be 1 to 60 seconds and maximum message count 1 to 10."}
		q.render("messages.html", v)
		return
	}
	d.Polled = true
	deadline := time.Now().Add(time.Duration(dur) * time.Second)
	for len(d.Messages) < count {
		wait := int32(time.Until(deadline).Seconds() + 0.5)
		if wait <= 0 {
			break
		}
		if len(d.Messages) > 0 {
			wait = 0
		}
		out, err := q.cl.sqs.ReceiveMessage(q.r.Context(), &sqs.ReceiveMessageInput{
			QueueUrl: &d.URL, MaxNumberOfMessages: int32(min(10, count-len(d.Messages))), WaitTimeSeconds: min(wait, 20),
			MessageAttributeNames:       []string{"All"},
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		})
		if err != nil {
			d.PollErr = toAPIErr("Poll for messages", err)
			break
		}
		if len(out.Messages) == 0 && len(d.Messages) > 0 {
			break
		}
		for _, m := range out.Messages {
			d.Messages = append(d.Messages, toPolled(m))
		}
	}
	if attrs, _, err := c.queueAttrs(q, name); err == nil {
		d.Attrs = attrs // the counts after the poll
	}
	q.render("messages.html", q.messagesView(d))
}

func toPolled(m types.Message) polledMessage {
	sys := m.Attributes
	rc, _ := strconv.Atoi(sys["ApproximateReceiveCount"])
	ms := func(k string) string {
		n, err := strconv.ParseInt(sys[k], 10, 64)
		if err != nil {
			return "-"
		}
		return fmtMillis(n)
	}
	p := polledMessage{
		ID: aws.ToString(m.MessageId), Body: aws.ToString(m.Body), Receipt: aws.ToString(m.ReceiptHandle),
		MD5: aws.ToString(m.MD5OfBody), AttrsMD5: aws.ToString(m.MD5OfMessageAttributes), Sender: sys["SenderId"],
		Sent: ms("SentTimestamp"), FirstReceived: ms("ApproximateFirstReceiveTimestamp"), ReceiveCount: rc,
		GroupID: sys["MessageGroupId"], DedupID: sys["MessageDeduplicationId"], Sequence: sys["SequenceNumber"],
		Size: len(aws.ToString(m.Body)),
	}
	for _, k := range sortedAttrNames(m.MessageAttributes) {
		v := m.MessageAttributes[k]
		val := aws.ToString(v.StringValue)
		if v.BinaryValue != nil {
			val = string(v.BinaryValue)
		}
		p.Attributes = append(p.Attributes, msgAttr{Name: k, Type: aws.ToString(v.DataType), Value: val})
	}
	return p
}

func sortedAttrNames(m map[string]types.MessageAttributeValue) []string {
	s := map[string]string{}
	for k := range m {
		s[k] = ""
	}
	return sortedKeys(s)
}

func (c *Console) deleteMessages(q *req) {
	name := q.r.PathValue("name")
	handles := q.r.PostForm["receipt"]
	url, err := c.queueURL(q, name)
	deleted := 0
	for i := 0; err == nil && i < len(handles); i += 10 {
		var entries []types.DeleteMessageBatchRequestEntry
		for j, h := range handles[i:min(i+10, len(handles))] {
			entries = append(entries, types.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(j)), ReceiptHandle: aws.String(h)})
		}
		var out *sqs.DeleteMessageBatchOutput
		out, err = q.cl.sqs.DeleteMessageBatch(q.r.Context(), &sqs.DeleteMessageBatchInput{QueueUrl: url, Entries: entries})
		if err == nil {
			deleted += len(out.Successful)
			if len(out.Failed) > 0 {
				f := out.Failed[0]
				q.failPage("sqs", "Delete messages", &batchErr{code: aws.ToString(f.Code), msg: aws.ToString(f.Message)}, crumb{name, q.base() + "/sqs/queues/" + name + "/messages"})
				return
			}
		}
	}
	if err != nil {
		q.failPage("sqs", "Delete messages", err, crumb{name, q.base() + "/sqs/queues/" + name + "/messages"})
		return
	}
	q.redirect("/sqs/queues/"+name+"/messages", "deleted", strconv.Itoa(deleted))
}

// batchErr is one failed entry of a batch, as an error with AWS's code.
type batchErr struct{ code, msg string }

func (e *batchErr) Error() string                 { return e.code + ": " + e.msg }
func (e *batchErr) ErrorCode() string             { return e.code }
func (e *batchErr) ErrorMessage() string          { return e.msg }
func (e *batchErr) ErrorFault() smithy.ErrorFault { return smithy.FaultUnknown }

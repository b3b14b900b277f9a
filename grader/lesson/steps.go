package lesson

import (
	"encoding/json"
	"fmt"
	"strings"
)

// verdict is one step's outcome: why it did not pass, and what was
// expected and seen when two values were compared.
type verdict struct {
	pass             bool
	why              string
	expected, actual string
}

func passed() verdict { return verdict{pass: true} }

func failed(format string, args ...any) verdict {
	return verdict{why: fmt.Sprintf(format, args...)}
}

// steps are the lesson's steps by their catalogue names, in slide order.
var steps = map[string]func(*scene) verdict{
	"SalesQueue":        (*scene).salesQueue,
	"CLIMessage":        (*scene).cliMessage,
	"Boto3Latte":        (*scene).boto3Latte,
	"DeadLetterQueue":   (*scene).deadLetterQueue,
	"Topic":             (*scene).topic,
	"Subscription":      (*scene).subscription,
	"QueuePolicy":       (*scene).queuePolicy,
	"TopicMessage":      (*scene).topicMessage,
	"Boto3DefaultEntry": (*scene).boto3DefaultEntry,
}

// queueProblems lists what a queue lacks of the slides' settings.
func queueProblems(q queueState) []string {
	var p []string
	if q.Attrs["FifoQueue"] == "true" || strings.HasSuffix(q.Name, ".fifo") {
		p = append(p, "it is FIFO, not Standard")
	}
	if q.Attrs["SqsManagedSseEnabled"] != "true" && q.Attrs["KmsMasterKeyId"] == "" {
		p = append(p, "server-side encryption is off")
	}
	if got, ok := q.Tags["Name"]; !ok {
		p = append(p, "it has no tag Name")
	} else if got != q.Name {
		p = append(p, fmt.Sprintf("its tag Name is %q, not %q", got, q.Name))
	}
	return p
}

func (s *scene) salesQueue() verdict {
	if s.sales.URL == "" {
		return failed("there is no queue %s", s.sales.Name)
	}
	if p := queueProblems(s.sales); len(p) > 0 {
		return failed("%s: %s", s.sales.Name, strings.Join(p, "; "))
	}
	return passed()
}

// missing says that a message is not there, and where it looked.
func (s *scene) missing(what string) string {
	msg := fmt.Sprintf("%s did not reach %s", what, s.sales.Name)
	if s.received {
		msg += " (not in it or its DLQ now; on this backend a message you already received and deleted cannot be seen: send it again and leave it there)"
	}
	return msg
}

// bodies lists the bodies seen, for "got".
func (s *scene) bodies(keep func(message) bool) string {
	var out []string
	for _, m := range s.messages {
		if keep(m) {
			out = append(out, fmt.Sprintf("%q", m.Body))
		}
	}
	if len(out) == 0 {
		return "no message"
	}
	if len(out) > 5 {
		out = append(out[:5], fmt.Sprintf("… %d more", len(out)-5))
	}
	return strings.Join(out, ", ")
}

func direct(m message) bool { return m.TopicARN == "" }

func (s *scene) cliMessage() verdict {
	if s.sales.URL == "" {
		return failed("there is no queue %s to send to", s.sales.Name)
	}
	want := "I bought a coffee for " + s.learner
	for _, m := range s.messages {
		if direct(m) && strings.TrimSpace(m.Body) == want {
			return passed()
		}
	}
	v := failed("%s", s.missing(fmt.Sprintf("the message %q", want)))
	v.expected, v.actual = want, s.bodies(direct)
	return v
}

// isLatte reports whether body is the boto3 sale {"item": "latte", "price": 2.25}.
func isLatte(body string) bool {
	var sale struct {
		Item  string
		Price float64
	}
	return json.Unmarshal([]byte(body), &sale) == nil && sale.Item == "latte" && sale.Price == 2.25
}

func (s *scene) boto3Latte() verdict {
	if s.sales.URL == "" {
		return failed("there is no queue %s to send to", s.sales.Name)
	}
	var authors []string
	for _, m := range s.messages {
		if !direct(m) || !isLatte(m.Body) {
			continue
		}
		author, ok := m.Attrs["Author"]
		if ok && author == s.learner {
			return passed()
		}
		if ok {
			authors = append(authors, fmt.Sprintf("%q", author))
		} else {
			authors = append(authors, "none")
		}
	}
	if len(authors) > 0 {
		v := failed("the latte sale arrived, but its Author attribute is not your name %q", s.learner)
		v.expected, v.actual = fmt.Sprintf("Author = %q", s.learner), "Author: "+strings.Join(authors, ", ")
		return v
	}
	v := failed("%s", s.missing(`the sale {"item": "latte", "price": 2.25}`))
	v.expected, v.actual = `{"item": "latte", "price": 2.25} with Author = `+fmt.Sprintf("%q", s.learner), s.bodies(direct)
	return v
}

func (s *scene) deadLetterQueue() verdict {
	if s.dlq.URL == "" {
		return failed("there is no queue %s", s.dlq.Name)
	}
	if p := queueProblems(s.dlq); len(p) > 0 {
		return failed("%s: %s", s.dlq.Name, strings.Join(p, "; "))
	}
	if s.sales.URL == "" {
		return failed("there is no queue %s to send its failures to %s", s.sales.Name, s.dlq.Name)
	}
	raw := s.sales.Attrs["RedrivePolicy"]
	if raw == "" {
		return failed("%s has no dead-letter queue (no redrive policy)", s.sales.Name)
	}
	var rp struct{ DeadLetterTargetArn string }
	if err := json.Unmarshal([]byte(raw), &rp); err != nil || rp.DeadLetterTargetArn != s.dlq.Attrs["QueueArn"] {
		v := failed("the redrive policy of %s does not target %s", s.sales.Name, s.dlq.Name)
		v.expected, v.actual = s.dlq.Attrs["QueueArn"], rp.DeadLetterTargetArn
		return v
	}
	return passed()
}

func (s *scene) topic() verdict {
	name := topicName(s.learner)
	if s.topicARN == "" {
		return failed("there is no topic %s", name)
	}
	var p []string
	if s.topicAttrs["FifoTopic"] == "true" {
		p = append(p, "it is FIFO, not Standard")
	}
	if got, ok := s.topicTags["Name"]; !ok {
		p = append(p, "it has no tag Name")
	} else if got != name {
		p = append(p, fmt.Sprintf("its tag Name is %q, not %q", got, name))
	}
	if len(p) > 0 {
		return failed("%s: %s", name, strings.Join(p, "; "))
	}
	return passed()
}

func (s *scene) subscription() verdict {
	if s.topicARN == "" || s.sales.URL == "" {
		return failed("the topic %s and the queue %s must both exist first", topicName(s.learner), s.sales.Name)
	}
	queueARN := s.sales.Attrs["QueueArn"]
	var got []string
	for _, sub := range s.subscribers {
		if sub.Protocol == "sqs" && sub.Endpoint == queueARN {
			return passed()
		}
		got = append(got, sub.Protocol+" "+sub.Endpoint)
	}
	v := failed("%s has no Amazon SQS subscription to %s", topicName(s.learner), s.sales.Name)
	v.expected = "sqs " + queueARN
	v.actual = strings.Join(got, ", ")
	if v.actual == "" {
		v.actual = "no subscription"
	}
	return v
}

func (s *scene) queuePolicy() verdict {
	if s.topicARN == "" || s.sales.URL == "" {
		return failed("the topic %s and the queue %s must both exist first", topicName(s.learner), s.sales.Name)
	}
	if s.sales.Attrs["Policy"] == "" {
		return failed("%s has no queue policy", s.sales.Name)
	}
	if !s.policyAllows() {
		return failed("the queue policy of %s does not let sns.amazonaws.com sqs:SendMessage from %s", s.sales.Name, s.topicARN)
	}
	return passed()
}

func (s *scene) fromTopic(m message) bool { return s.topicARN != "" && m.TopicARN == s.topicARN }

func (s *scene) topicMessage() verdict {
	if s.topicARN == "" || s.sales.URL == "" {
		return failed("the topic %s and the queue %s must both exist first", topicName(s.learner), s.sales.Name)
	}
	want := "Latte for " + s.learner
	var got []string
	for _, m := range s.messages {
		if !s.fromTopic(m) {
			continue
		}
		if strings.TrimSpace(m.Message) == want {
			return passed()
		}
		got = append(got, fmt.Sprintf("%q", m.Message))
	}
	v := failed("%s", s.missing(fmt.Sprintf("a notification %q from %s", want, topicName(s.learner))))
	v.expected, v.actual = want, strings.Join(got, ", ")
	if v.actual == "" {
		v.actual = "no notification from the topic"
	}
	return v
}

func (s *scene) boto3DefaultEntry() verdict {
	if s.topicARN == "" || s.sales.URL == "" {
		return failed("the topic %s and the queue %s must both exist first", topicName(s.learner), s.sales.Name)
	}
	wholeDocument := false
	var got []string
	for _, m := range s.messages {
		if !s.fromTopic(m) {
			continue
		}
		var doc map[string]any
		if json.Unmarshal([]byte(m.Message), &doc) != nil {
			continue
		}
		if doc["type"] == "sale" {
			return passed()
		}
		if _, ok := doc["default"]; ok {
			wholeDocument = true
		}
		got = append(got, m.Message)
	}
	if wholeDocument {
		v := failed(`the queue got the whole {"default": …} document, not its default entry: publish it with MessageStructure="json"`)
		v.actual = strings.Join(got, ", ")
		return v
	}
	v := failed("%s", s.missing(`the sale {"type": "sale", …} published with MessageStructure="json"`))
	v.expected = `{"type": "sale", "item": "coffee", "price": 1.5}`
	v.actual = "no such notification from the topic"
	return v
}

package sqs

import (
	"sync"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// The arrival history: every message that entered one of an account's
// queues (SendMessage, SendMessageBatch, an SNS delivery), kept after it is
// received, deleted or purged, so that an observer (the grader's lesson
// grading) can see what a learner sent without receiving anything. It is
// only written on a send and only read by History: it changes no SQS
// behaviour.

// Arrival is one message that entered a queue.
type Arrival struct {
	Time      time.Time `json:"time"`
	QueueARN  string    `json:"queue_arn"`
	MessageID string    `json:"message_id"`
	// Body is the message body, cut to MaxHistoryBody bytes (Truncated).
	Body      string `json:"body"`
	Truncated bool   `json:"truncated,omitempty"`
	// Attributes are the message attributes' string values (binary ones
	// are left out).
	Attributes map[string]string `json:"attributes,omitempty"`
	// From is "SendMessage" for a client's send (batch included), else
	// the ARN of the SNS topic that delivered it.
	From string `json:"from"`
}

// Bounds of the history, per account: the most recent arrivals go in, the
// oldest go first.
const (
	MaxHistoryEntries = 1000
	MaxHistoryBody    = 4 << 10
)

// FromSendMessage is Arrival.From of a message a client sent.
const FromSendMessage = "SendMessage"

// history is the arrival history of every account; its zero value is
// ready.
type history struct {
	mu       sync.Mutex
	accounts map[string][]Arrival
}

// remember records that res entered q.
func (s *Service) remember(q *queue, in sendRequest, res sendResult, from string) {
	a := Arrival{QueueARN: q.arn, MessageID: res.messageID.String(), Body: in.body, From: from, Time: s.cfg.Clock.Now()}
	if len(a.Body) > MaxHistoryBody {
		a.Body, a.Truncated = a.Body[:MaxHistoryBody], true
	}
	for name, v := range in.attrs {
		if msgattr.BaseType(v.DataType) == "Binary" {
			continue
		}
		if a.Attributes == nil {
			a.Attributes = map[string]string{}
		}
		a.Attributes[name] = v.StringValue
	}
	h := &s.history
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.accounts == nil {
		h.accounts = map[string][]Arrival{}
	}
	log := h.accounts[q.key.account]
	if len(log) >= MaxHistoryEntries {
		n := copy(log, log[MaxHistoryEntries/2:])
		clear(log[n:])
		log = log[:n]
	}
	h.accounts[q.key.account] = append(log, a)
}

// History returns, oldest first, the messages that entered the account's
// queues, also those since received, deleted or purged (the most recent
// MaxHistoryEntries).
func (s *Service) History(account string) []Arrival {
	s.history.mu.Lock()
	defer s.history.mu.Unlock()
	return append([]Arrival(nil), s.history.accounts[account]...)
}

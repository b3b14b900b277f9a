package sqs

import (
	"slices"
	"sync"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/ids"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
	"github.com/queuelab/queuelab/grader/emulator/store"
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
// ready. With a store it is written through with the send that made each
// arrival, and restored at start (RestoreHistory).
type history struct {
	mu       sync.Mutex
	accounts map[string]*accountHistory
}

// accountHistory is one account's arrivals, oldest first, each with its
// sequence number in the store; next is the next one to give.
type accountHistory struct {
	arrivals []arrival
	seqs     []uint64
	next     uint64
}

// arrival is an Arrival as the history keeps it: a send's message id is
// turned into text only when History is read, so that remembering a send
// costs no allocation of its own.
type arrival struct {
	Arrival // MessageID is "" when id is set
	id      ids.ID
}

// remember records that res entered q, and with a store records the
// arrival in q's journal, to be written with the send. It returns the
// arrival's sequence number, for forget. The caller holds q.mu.
func (h *history) remember(q *queue, in sendRequest, res sendResult, from string, now time.Time) uint64 {
	a := Arrival{QueueARN: q.arn, Body: in.body, From: from, Time: now}
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
	account := q.key.account
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.accounts == nil {
		h.accounts = map[string]*accountHistory{}
	}
	ah := h.accounts[account]
	if ah == nil {
		ah = &accountHistory{next: 1}
		h.accounts[account] = ah
	}
	if len(ah.arrivals) >= MaxHistoryEntries {
		ah.trim(MaxHistoryEntries / 2)
		q.record(store.TrimHistory{Account: account, Below: ah.seqs[0]})
	}
	seq := ah.next
	ah.next++
	ah.arrivals = append(ah.arrivals, arrival{Arrival: a, id: res.messageID})
	ah.seqs = append(ah.seqs, seq)
	if q.persist != nil {
		q.record(store.PutArrival{Arrival: &store.Arrival{Account: account, Seq: seq, Time: now.UnixNano(),
			QueueARN: a.QueueARN, MessageID: res.messageID.String(), Body: a.Body, Truncated: a.Truncated,
			Attributes: a.Attributes, From: a.From}})
	}
	return seq
}

// trim keeps the most recent keep arrivals.
func (ah *accountHistory) trim(keep int) {
	drop := len(ah.arrivals) - keep
	if drop <= 0 {
		return
	}
	n := copy(ah.arrivals, ah.arrivals[drop:])
	clear(ah.arrivals[n:])
	ah.arrivals = ah.arrivals[:n]
	ah.seqs = ah.seqs[:copy(ah.seqs, ah.seqs[drop:])]
}

// forget takes back the arrival seq of account, whose send could not be
// stored.
func (h *history) forget(account string, seq uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ah := h.accounts[account]
	if ah == nil {
		return
	}
	if i := slices.Index(ah.seqs, seq); i >= 0 {
		ah.arrivals = slices.Delete(ah.arrivals, i, i+1)
		ah.seqs = slices.Delete(ah.seqs, i, i+1)
	}
}

// History returns, oldest first, the messages that entered the account's
// queues, also those since received, deleted or purged (the most recent
// MaxHistoryEntries).
func (s *Service) History(account string) []Arrival {
	s.history.mu.Lock()
	defer s.history.mu.Unlock()
	ah := s.history.accounts[account]
	if ah == nil {
		return nil
	}
	out := make([]Arrival, len(ah.arrivals))
	for i, a := range ah.arrivals {
		out[i] = a.Arrival
		if out[i].MessageID == "" {
			out[i].MessageID = a.id.String()
		}
	}
	return out
}

// RestoreHistory puts back the arrivals a store held (by account, oldest
// first), before the service serves any request.
func (s *Service) RestoreHistory(arrivals []store.Arrival) {
	h := &s.history
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.accounts == nil {
		h.accounts = map[string]*accountHistory{}
	}
	for _, r := range arrivals {
		ah := h.accounts[r.Account]
		if ah == nil {
			ah = &accountHistory{}
			h.accounts[r.Account] = ah
		}
		ah.arrivals = append(ah.arrivals, arrival{Arrival: Arrival{Time: time.Unix(0, r.Time), QueueARN: r.QueueARN,
			MessageID: r.MessageID, Body: r.Body, Truncated: r.Truncated, Attributes: r.Attributes, From: r.From}})
		ah.seqs = append(ah.seqs, r.Seq)
		ah.next = max(ah.next, r.Seq+1)
	}
	for _, ah := range h.accounts {
		ah.trim(MaxHistoryEntries) // a trim that could not be written
	}
}

// resetHistory forgets the account's arrivals, or every account's when
// account is "", in memory and in the store.
func (s *Service) resetHistory(account string) {
	s.history.mu.Lock()
	if account == "" {
		clear(s.history.accounts)
	} else {
		delete(s.history.accounts, account)
	}
	s.history.mu.Unlock()
	if s.persist != nil {
		if err := s.persist.store.Apply(store.DeleteHistory{Account: account}); err != nil {
			s.persist.logger.Error("delete the arrival history", "account", account, "err", err)
		}
	}
}

package sqs

import (
	"sort"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// Inspection: what the grader and tests may look at without going through
// the wire protocol and without changing anything (no receive counts move,
// no visibility changes).

// QueueInfo describes one queue.
type QueueInfo struct {
	Account, Region, Name, ARN string
	FIFO                       bool
	// Attributes are every attribute GetQueueAttributes All would return.
	Attributes map[string]string
	Tags       map[string]string
	// Message counts by state.
	Visible, InFlight, Delayed int
	// Waiting is the number of long polls waiting for a message.
	Waiting int
}

// PeekedMessage is a stored message as it stands.
type PeekedMessage struct {
	MessageID           string
	Body                string
	Attributes          map[string]msgattr.Value
	SenderID            string
	MessageGroupID      string
	DeduplicationID     string
	SequenceNumber      string
	DeadLetterSourceARN string
	Sent                time.Time
	ReceiveCount        int
	// InFlight: received and not yet visible again. Delayed: not yet
	// visible since it was sent.
	InFlight, Delayed bool
}

// Queues returns the queues of an account in every region, by region and
// name.
func (s *Service) Queues(account string) []QueueInfo {
	s.mu.RLock()
	var qs []*queue
	for k, q := range s.queues {
		if k.account == account {
			qs = append(qs, q)
		}
	}
	s.mu.RUnlock()
	sort.Slice(qs, func(i, j int) bool {
		if qs[i].key.region != qs[j].key.region {
			return qs[i].key.region < qs[j].key.region
		}
		return qs[i].key.name < qs[j].key.name
	})
	now := s.cfg.Clock.Now()
	out := make([]QueueInfo, 0, len(qs))
	for _, q := range qs {
		q.mu.Lock()
		attrs, _ := q.renderAttributes([]string{"All"}, now)
		info := QueueInfo{
			Account: q.key.account, Region: q.key.region, Name: q.key.name, ARN: q.arn, FIFO: q.fifo,
			Attributes: attrs, Tags: make(map[string]string, len(q.tags)),
		}
		for k, v := range q.tags {
			info.Tags[k] = v
		}
		info.Visible, info.InFlight, info.Delayed = q.counts(now)
		info.Waiting = q.waiting
		q.mu.Unlock()
		out = append(out, info)
	}
	return out
}

// QueueARNByName returns the ARN of the queue an account has under name in
// any region (the first by region), or "" when there is none.
func (s *Service) QueueARNByName(account, name string) string {
	for _, q := range s.Queues(account) {
		if q.Name == name {
			return q.ARN
		}
	}
	return ""
}

// Peek returns the messages of the queue with the given ARN in queue order,
// without receiving them. ok is false when there is no such queue.
func (s *Service) Peek(queueARN string) (msgs []PeekedMessage, ok bool) {
	q := s.queueByARN(queueARN)
	if q == nil {
		return nil, false
	}
	now := s.cfg.Clock.Now()
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, m := range q.msgs[q.head:] {
		if m.deleted || q.expired(m, now) {
			continue
		}
		d := m.more()
		msgs = append(msgs, PeekedMessage{
			MessageID: m.id.String(), Body: m.body, Attributes: d.attrs, SenderID: m.senderID,
			MessageGroupID: d.groupID, DeduplicationID: d.dedupID, SequenceNumber: d.seq,
			DeadLetterSourceARN: d.dlqFrom, Sent: m.sent.time(), ReceiveCount: int(m.receives),
			InFlight: m.inFlight(now), Delayed: m.receives == 0 && m.visibleAt.after(now),
		})
	}
	return msgs, true
}

package sqs

import (
	"crypto/md5"
	"log/slog"
	"maps"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/ids"
	"github.com/queuelab/queuelab/grader/emulator/store"
)

// Writing state through to a store (Config.Store). A queue records the
// changes an operation makes while it holds its lock (record) and writes
// them before it lets go (flush), so that the store sees a queue's changes in
// the order they were made and an operation is answered only once its
// changes are stored. Without a store, both do nothing.
//
// A message moved to another queue (to a dead-letter queue, or by a move
// task) is stored in its new queue before it is deleted from the old: a
// server killed in between keeps it twice rather than losing it.

// persister is where a service's queues write their changes.
type persister struct {
	store  store.Store
	logger *slog.Logger
}

// record adds a change to write at the next flush. The caller holds q.mu.
func (q *queue) record(c store.Change) {
	if q.persist != nil {
		q.journal = append(q.journal, c)
	}
}

// flush writes the recorded changes. On failure the operation is answered
// with InternalFailure, so that nothing unstored is acknowledged. The caller
// holds q.mu.
func (q *queue) flush() *awserr.Error {
	if q.persist == nil || len(q.journal) == 0 {
		return nil
	}
	err := q.persist.store.Apply(q.journal...)
	clear(q.journal)
	q.journal = q.journal[:0]
	if err != nil {
		q.persist.logger.Error("write the queue's state", "queue", q.arn, "err", err)
		return errInternal.New()
	}
	return nil
}

// recordQueue records the queue's own state. The caller holds q.mu.
func (q *queue) recordQueue() {
	if q.persist == nil || q.deleted {
		return
	}
	q.record(store.PutQueue{Queue: store.Queue{
		ID: q.sid, Account: q.key.account, Region: q.key.region, Name: q.key.name,
		FIFO: q.fifo, Created: q.created.UnixNano(), Modified: q.modified.UnixNano(),
		Attrs: maps.Clone(q.attrs), Tags: maps.Clone(q.tags),
	}})
}

// recordMessage records m as stored in q, after the queue's other messages.
// The caller holds q.mu.
func (q *queue) recordMessage(m *message) {
	if q.persist == nil {
		return
	}
	q.pos++
	d := m.more()
	q.record(store.PutMessage{QueueID: q.sid, Message: &store.Message{
		ID: m.id, Pos: q.pos, Body: m.body, SenderID: m.senderID, Sent: int64(m.sent),
		Visibility: store.Visibility{Receives: m.receives, FirstReceive: int64(m.firstReceive), VisibleAt: int64(m.visibleAt)},
		Attrs:      d.attrs, MD5Attrs: d.md5Attrs, Trace: d.trace, GroupID: d.groupID,
		DedupID: d.dedupID, Seq: d.seq, DLQFrom: d.dlqFrom,
	}})
}

// recordVisibility records m's receive count and visibility. The caller
// holds q.mu.
func (q *queue) recordVisibility(m *message) {
	q.record(store.SetVisibility{QueueID: q.sid, Sent: int64(m.sent), MessageID: m.id,
		Visibility: store.Visibility{Receives: m.receives, FirstReceive: int64(m.firstReceive), VisibleAt: int64(m.visibleAt)}})
}

// recordRemoved records that m left q. The caller holds q.mu.
func (q *queue) recordRemoved(m *message) {
	q.record(store.DeleteMessage{QueueID: q.sid, Sent: int64(m.sent), MessageID: m.id})
}

// forgetMoved deletes from the store messages that takeVisible or a
// redrive took from q and another queue has stored since.
func (q *queue) forgetMoved(msgs []*message) {
	if q.persist == nil {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, m := range msgs {
		q.recordRemoved(m)
	}
	_ = q.flush() // logged; at worst the message is kept twice
}

// Restore puts back the queues and messages a store held, before the
// service serves any request. Messages keep their ids, receive counts and
// visibility, so receipt handles given before a restart still work;
// messages past their queue's retention are left out.
func (s *Service) Restore(queues []store.QueueState) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range queues {
		rec := st.Queue
		k := queueKey{account: rec.Account, region: rec.Region, name: rec.Name}
		if old, ok := s.queues[k]; ok && old.created.UnixNano() > rec.Created {
			continue // two incarnations: a delete was lost; the newer wins
		}
		q := newQueue(k, rec.FIFO, nil, time.Unix(0, rec.Created), s.idSource)
		q.attrs = maps.Clone(rec.Attrs)
		if q.attrs == nil {
			q.attrs = map[string]string{}
		}
		if rec.Tags != nil {
			q.tags = maps.Clone(rec.Tags)
		}
		q.modified = time.Unix(0, rec.Modified)
		q.sid, q.persist, q.seq = rec.ID, s.persist, st.Seq
		q.applyDerived()
		for i := range st.Messages {
			q.restoreMessage(&st.Messages[i], now)
		}
		for _, d := range st.Dedup {
			until := time.Unix(0, d.Until)
			if until.After(now) {
				q.dedup.put(d.Key, dedupEntry{messageID: d.MessageID, seq: d.Seq}, until)
			}
		}
		s.queues[k] = q
	}
}

// restoreMessage appends a stored message. q is not shared yet.
func (q *queue) restoreMessage(r *store.Message, now time.Time) {
	q.pos = max(q.pos, r.Pos)
	m := q.newMessage()
	*m = message{
		id: ids.ID(r.ID), body: r.Body, md5Body: md5.Sum([]byte(r.Body)),
		senderID: q.internSender(r.SenderID), sent: instant(r.Sent),
		visibleAt: instant(r.VisibleAt), firstReceive: instant(r.FirstReceive), receives: r.Receives,
	}
	d := messageDetails{attrs: r.Attrs, md5Attrs: r.MD5Attrs, trace: r.Trace, groupID: r.GroupID,
		dedupID: r.DedupID, seq: r.Seq, dlqFrom: r.DLQFrom}
	if !d.empty() {
		m.details = &d
	}
	if q.expired(m, now) {
		return // the slot stays unused
	}
	if m.receives > 0 {
		q.byID[m.id] = m
	}
	q.msgs = append(q.msgs, m)
	q.live++
}

// Reset deletes every queue of account, or of every account when account
// is "", as DeleteQueue does, and forgets their arrival history. It returns
// how many queues it deleted.
func (s *Service) Reset(account string) int {
	s.mu.Lock()
	var gone []*queue
	for k, q := range s.queues {
		if account == "" || k.account == account {
			gone = append(gone, q)
			delete(s.queues, k)
		}
	}
	s.mu.Unlock()
	for _, q := range gone {
		q.markDeleted()
	}
	s.resetHistory(account)
	return len(gone)
}

// markDeleted empties a queue taken out of the service, ends its long
// polls and deletes it from the store.
func (q *queue) markDeleted() *awserr.Error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.deleted = true
	for _, m := range q.msgs[q.head:] {
		q.drop(m)
	}
	q.compact()
	q.wake()
	clear(q.journal)
	q.journal = q.journal[:0]
	q.record(store.DeleteQueue{QueueID: q.sid})
	return q.flush()
}

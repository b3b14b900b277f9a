package sqs

import (
	"time"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/store"
)

// received is one message handed out by a receive, copied out of the queue
// so that it can be encoded after the lock is released.
type received struct {
	m      message
	handle string
}

// receiveResult is what one pass over a queue found.
type receiveResult struct {
	got    []received
	toDLQ  []*message // over maxReceiveCount: the caller moves them to dlq
	dlq    *queue
	next   time.Time // when an invisible message next becomes visible (zero: none)
	notify <-chan struct{}
	gone   bool // the queue was deleted
}

// receive hands out up to max visible messages, making each invisible for
// visibility. On a FIFO queue a group with a message in flight (or delayed)
// yields nothing after it, so groups stay in order. dlq is the queue's
// dead-letter queue when it has one that exists.
func (q *queue) receive(now time.Time, max int, visibility time.Duration, dlq *queue) receiveResult {
	q.mu.Lock()
	defer q.mu.Unlock()
	res := receiveResult{gone: q.deleted}
	if q.deleted {
		return res
	}
	rp := q.cfg.redrive
	var blocked map[string]bool
	for _, m := range q.msgs[q.head:] {
		if len(res.got) == max {
			break
		}
		switch {
		case m.deleted:
			continue
		case q.expired(m, now):
			q.remove(m)
			continue
		case m.visibleAt.after(now):
			if res.next.IsZero() || m.visibleAt.before(res.next) {
				res.next = m.visibleAt.time()
			}
			if q.fifo {
				if blocked == nil {
					blocked = map[string]bool{}
				}
				blocked[m.more().groupID] = true
			}
			continue
		case q.fifo && blocked[m.more().groupID]:
			continue
		}
		if rp != nil && dlq != nil && int(m.receives) >= rp.MaxReceiveCount {
			moved := *m
			q.drop(m) // from the store once the DLQ has it (forgetMoved)
			res.toDLQ = append(res.toDLQ, &moved)
			continue
		}
		m.receives++
		if m.receives == 1 {
			m.firstReceive = at(now)
		}
		m.visibleAt = at(now.Add(visibility))
		q.byID[m.id] = m
		if q.persist != nil {
			q.recordVisibility(m)
		}
		res.got = append(res.got, received{m: *m, handle: receiptHandle(q.arn, m.id, int(m.receives))})
	}
	res.dlq = dlq
	if len(res.got) == 0 {
		res.notify = q.waiter()
	}
	q.compact()
	// Logged if it fails: the messages are handed out all the same, and a
	// restart would show them as not yet received, which at-least-once
	// delivery allows.
	_ = q.flush()
	return res
}

// byHandle reads a receipt handle of q and finds the message it names,
// nil when that message is no longer held (deleted, or never received).
// The caller holds q.mu.
func (q *queue) byHandle(handle string) (receipt, *message, *awserr.Error) {
	r, ok := parseReceiptHandle(handle)
	if !ok || r.queueARN != q.arn {
		return receipt{}, nil, invalidReceiptHandle(handle)
	}
	if q.deleted {
		return receipt{}, nil, queueDoesNotExist()
	}
	return r, q.byID[r.messageID], nil
}

// deleteMessage deletes the message a receipt handle names. Deleting a
// message twice succeeds, as on AWS; a FIFO queue refuses a handle whose
// visibility timeout has passed.
func (q *queue) deleteMessage(now time.Time, handle string) *awserr.Error {
	q.mu.Lock()
	defer q.mu.Unlock()
	r, m, err := q.byHandle(handle)
	if err != nil {
		return err
	}
	if m == nil {
		return nil
	}
	if q.fifo && (r.receive != int(m.receives) || !m.inFlight(now)) {
		return expiredReceiptHandle(handle)
	}
	q.remove(m)
	q.compact()
	if q.fifo {
		q.wake() // the message's group may have unblocked
	}
	return q.flush()
}

// changeVisibility makes the message a receipt handle names visible again
// after timeout.
func (q *queue) changeVisibility(now time.Time, handle string, timeout int) *awserr.Error {
	q.mu.Lock()
	defer q.mu.Unlock()
	r, m, err := q.byHandle(handle)
	if err != nil {
		return err
	}
	if m == nil {
		return invalidParam(handle, "ReceiptHandle", "Message does not exist or is not available for visibility timeout change.")
	}
	if q.fifo && r.receive != int(m.receives) {
		return expiredReceiptHandle(handle)
	}
	if m.receives == 0 {
		return errMessageNotInflight.New()
	}
	m.visibleAt = at(now.Add(time.Duration(timeout) * time.Second))
	if timeout == 0 {
		q.wake()
	}
	if q.persist != nil {
		q.recordVisibility(m)
	}
	return q.flush()
}

// purge deletes every message, at most once a minute.
func (q *queue) purge(now time.Time) *awserr.Error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deleted {
		return queueDoesNotExist()
	}
	if !q.lastPurge.IsZero() && now.Sub(q.lastPurge) < 60*time.Second {
		return errPurgeInProgress.Newf("Only one PurgeQueue operation on %s is allowed every 60 seconds.", q.key.name)
	}
	q.lastPurge = now
	for _, m := range q.msgs[q.head:] {
		q.drop(m)
	}
	q.compact()
	if q.persist != nil {
		clear(q.journal) // deletions the purge covers
		q.journal = append(q.journal[:0], store.PurgeQueue{QueueID: q.sid})
	}
	return q.flush()
}

// takeVisible removes and returns up to max messages that are visible now
// (max <= 0: all of them), for move tasks.
func (q *queue) takeVisible(now time.Time, max int) []*message {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []*message
	for _, m := range q.msgs[q.head:] {
		if max > 0 && len(out) == max {
			break
		}
		if m.deleted || m.visibleAt.after(now) || q.expired(m, now) {
			continue
		}
		moved := *m
		q.drop(m) // from the store once moved (forgetMoved)
		out = append(out, &moved)
	}
	q.compact()
	return out
}

// enqueueMoved adds messages moved from another queue (redrive to a DLQ, or
// a move task back), keeping their ids, bodies and send times. dlqFrom is the
// source ARN to record for a dead-letter move, or "" for a move task, which
// starts the messages afresh.
func (q *queue) enqueueMoved(now time.Time, msgs []*message, dlqFrom string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deleted {
		return false
	}
	for _, m := range msgs {
		m.deleted = false
		m.visibleAt = at(now)
		if dlqFrom == "" {
			m.receives, m.firstReceive = 0, 0
		}
		seq := ""
		if q.fifo {
			q.seq++
			seq = formatSeq(q.seq)
		}
		m.withDetails(func(d *messageDetails) { d.dlqFrom, d.seq = dlqFrom, seq })
		q.recordMessage(m)
		q.append(m)
	}
	_ = q.flush() // logged; at worst the message stays in its old queue's store
	return true
}

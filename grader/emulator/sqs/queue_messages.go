package sqs

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unsafe"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/ids"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
	"github.com/queuelab/queuelab/grader/emulator/store"
)

// sendRequest is one message to enqueue, already validated on its own; send
// checks the rules that depend on the queue.
type sendRequest struct {
	body     string
	attrs    map[string]msgattr.Value
	attrSize int
	delay    *int
	groupID  string
	dedupID  string
	trace    string
	senderID string
	batch    bool // wording of errors differs in batches
}

type sendResult struct {
	messageID     ids.ID
	md5Body       digest
	md5Attrs, seq string
}

// send enqueues one message, and remembers it in h as sent by from (see
// Arrival.From), also when a FIFO queue takes it for a duplicate.
func (q *queue) send(now time.Time, in sendRequest, h *history, from string) (sendResult, *awserr.Error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deleted {
		return sendResult{}, queueDoesNotExist()
	}
	if err := q.checkSend(&in); err != nil {
		return sendResult{}, err
	}
	res := sendResult{md5Attrs: msgattr.MD5(in.attrs)}
	m := q.newMessage()
	*m = message{
		id:       q.idSource.New(),
		body:     in.body,
		md5Body:  md5.Sum(stringBytes(in.body)),
		senderID: q.internSender(in.senderID),
		sent:     at(now),
	}
	res.md5Body = m.md5Body
	d := messageDetails{attrs: in.attrs, md5Attrs: res.md5Attrs, trace: in.trace, groupID: in.groupID}
	var dedupKey string
	if q.fifo {
		key := in.dedupID
		if key == "" {
			sum := sha256.Sum256(stringBytes(in.body))
			key = hex.EncodeToString(sum[:])
		}
		d.dedupID = key
		if q.cfg.dedupPerGroup {
			key = in.groupID + "\x00" + key
		}
		if prev, dup := q.dedup.get(key, now); dup {
			res.messageID, res.seq = prev.messageID, prev.seq
			seq := h.remember(q, in, res, from, now)
			if err := q.flush(); err != nil {
				h.forget(q.key.account, seq)
				return sendResult{}, err
			}
			return res, nil
		}
		q.seq++
		d.seq = formatSeq(q.seq)
		q.dedup.put(key, dedupEntry{messageID: m.id, seq: d.seq}, now.Add(dedupWindow))
		dedupKey = key
	}
	if !d.empty() {
		// A copy, so that the common message without details allocates none.
		kept := d
		m.details = &kept
	}
	// A message's own DelaySeconds, 0 included, overrides the queue's. A
	// FIFO queue takes only 0 (checked above) and keeps its own delay, as
	// AWS does (recorded: test_fifo_queue_send_message_with_zero_delay_
	// defaults_to_queue_delay).
	delay := q.cfg.delay
	if in.delay != nil && !q.fifo {
		delay = *in.delay
	}
	m.visibleAt = at(now.Add(time.Duration(delay) * time.Second))
	res.messageID, res.seq = m.id, d.seq
	seq := h.remember(q, in, res, from, now)
	if q.persist != nil {
		if err := q.storeSent(m, dedupKey, now); err != nil {
			h.forget(q.key.account, seq)
			if q.fifo {
				q.dedup.forget(dedupKey)
				q.seq--
			}
			return sendResult{}, err
		}
	}
	q.append(m)
	return res, nil
}

// storeSent writes a message being sent, and on a FIFO queue its
// deduplication id, to the store. The caller holds q.mu.
func (q *queue) storeSent(m *message, dedupKey string, now time.Time) *awserr.Error {
	q.recordMessage(m)
	if q.fifo {
		q.record(store.PutDedup{QueueID: q.sid, Seq: q.seq, Dedup: store.Dedup{
			Key: dedupKey, MessageID: m.id, Seq: m.more().seq, Until: now.Add(dedupWindow).UnixNano()}})
	}
	return q.flush()
}

// checkSend applies the rules that depend on the queue: size, FIFO group and
// deduplication ids, per-message delay. The caller holds q.mu.
func (q *queue) checkSend(in *sendRequest) *awserr.Error {
	if size := len(in.body) + in.attrSize; size > q.cfg.maxSize {
		reason := fmt.Sprintf("Message must be shorter than %d bytes.", q.cfg.maxSize)
		if in.batch {
			return errInvalidParameterValue.Newf("One or more parameters cannot be validated. Reason: %s", reason)
		}
		return errInvalidParameterValue.Newf("One or more parameters are invalid. Reason: %s", reason)
	}
	if !q.fifo {
		if in.dedupID != "" {
			return invalidParam(in.dedupID, "MessageDeduplicationId", "The request includes a parameter that is not valid for this queue type.")
		}
		return nil
	}
	if in.groupID == "" {
		if in.batch {
			return errInvalidParameterValue.Newf("The request must contain the parameter MessageGroupId.")
		}
		return missingParam("MessageGroupId")
	}
	if in.delay != nil && *in.delay != 0 {
		return invalidParam(*in.delay, "DelaySeconds", "The request include parameter that is not valid for this queue type.")
	}
	if in.dedupID == "" && !q.cfg.contentDedup {
		return errInvalidParameterValue.Newf("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
	}
	return nil
}

// newMessage returns a zero message from the queue's current slab. Messages
// are allocated a slab at a time because a queue may hold hundreds of
// thousands: one allocation and one object for the collector to mark per
// slab, rather than per message. A slab lives until none of its messages is
// referenced; remove releases each message's payload at once, so what a
// lingering message pins is a slab of small fixed-size records. The caller
// holds q.mu.
func (q *queue) newMessage() *message {
	if len(q.slab) == cap(q.slab) {
		q.slab = make([]message, 0, messagesPerSlab)
	}
	q.slab = q.slab[:len(q.slab)+1]
	return &q.slab[len(q.slab)-1]
}

// messagesPerSlab is the slab size: 64 messages of 112 bytes, 7 KiB.
const messagesPerSlab = 64

// append stores m and wakes long polls. The caller holds q.mu.
func (q *queue) append(m *message) {
	q.msgs = append(q.msgs, m)
	q.live++
	q.wake()
}

// remove deletes m from the queue, and from the store at the next flush.
// The caller holds q.mu.
func (q *queue) remove(m *message) {
	if m.deleted {
		return
	}
	if q.persist != nil {
		q.recordRemoved(m)
	}
	q.drop(m)
}

// drop deletes m from the queue but not from the store: for messages moved
// to another queue, forgotten once stored there (forgetMoved), and for a
// queue deleted as a whole. The caller holds q.mu.
func (q *queue) drop(m *message) {
	if m.deleted {
		return
	}
	m.deleted = true
	q.live--
	delete(q.byID, m.id)
	// Release the payload now; the slot is compacted away later. Copies of
	// m (received, or moved to another queue) keep their details.
	m.body, m.details = "", nil
}

// compact drops deleted messages from the front of msgs and, when deleted
// ones make up most of it, from everywhere. The caller holds q.mu.
func (q *queue) compact() {
	for q.head < len(q.msgs) && q.msgs[q.head].deleted {
		q.msgs[q.head] = nil
		q.head++
	}
	live := q.live
	if q.head == len(q.msgs) {
		q.msgs, q.head = q.msgs[:0], 0
		return
	}
	if n := len(q.msgs) - q.head; n > 64 && live < n/2 || q.head > 1024 && q.head > len(q.msgs)/2 {
		kept := make([]*message, 0, live+16)
		for _, m := range q.msgs[q.head:] {
			if !m.deleted {
				kept = append(kept, m)
			}
		}
		q.msgs, q.head = kept, 0
	}
}

// expired reports whether m has outlived the queue's retention period.
func (q *queue) expired(m *message, now time.Time) bool {
	return !m.sent.after(now.Add(-q.cfg.retention))
}

// counts returns the visible, in-flight and delayed message counts. The
// caller holds q.mu.
func (q *queue) counts(now time.Time) (visible, inflight, delayed int) {
	for _, m := range q.msgs[q.head:] {
		switch {
		case m.deleted:
		case q.expired(m, now):
			q.remove(m)
		case m.inFlight(now):
			inflight++
		case m.visibleAt.after(now):
			delayed++
		default:
			visible++
		}
	}
	q.compact()
	return visible, inflight, delayed
}

// formatSeq writes a FIFO sequence number as AWS does: 20 digits,
// zero-padded.
func formatSeq(n uint64) string {
	var b [20]byte
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[:])
}

// stringBytes returns the bytes of s without copying them, for the digests
// of message bodies: a body may be 1 MiB, and []byte(s) would copy it on
// every send. The result must only be read, never written or kept.
func stringBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// internSender returns a copy of id that messages can share: id is usually
// cut from the request's Authorization header, which a stored message would
// otherwise keep alive, and most messages of a queue have the same sender.
// The caller holds q.mu.
func (q *queue) internSender(id string) string {
	if id != q.lastSender {
		q.lastSender = strings.Clone(id)
	}
	return q.lastSender
}

// countsLocked is counts for callers that do not hold q.mu.
func (q *queue) countsLocked(now time.Time) (visible, inflight, delayed int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.counts(now)
}

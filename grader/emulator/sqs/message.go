package sqs

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/ids"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// message is one stored message. It is kept small, because a queue may hold
// hundreds of thousands and every one is allocated, kept and scanned by the
// garbage collector: what most messages lack (attributes, FIFO ids, a trace
// header, a dead-letter source) lives behind one pointer, and the times are
// instants rather than time.Time values. A 1 KiB body costs well under 2 KiB
// in all (BenchmarkStoredMessageMemory).
type message struct {
	id       ids.ID
	body     string
	senderID string // shared by the queue's messages, see internSender
	md5Body  digest

	sent         instant
	visibleAt    instant // delayed or in flight until then
	firstReceive instant
	receives     int32
	deleted      bool

	// details is nil for a message with none; once set it is never written
	// again, only replaced (withDetails), as received copies share it.
	details *messageDetails
}

// messageDetails is what only some messages carry.
type messageDetails struct {
	attrs    map[string]msgattr.Value
	md5Attrs string
	trace    string // AWSTraceHeader system attribute
	groupID  string
	dedupID  string
	seq      string
	dlqFrom  string // DeadLetterQueueSourceArn, once redriven
}

// more returns m's details, the zero value when it has none.
func (m *message) more() messageDetails {
	if m.details == nil {
		return messageDetails{}
	}
	return *m.details
}

// withDetails replaces m's details by a copy changed by edit, leaving any
// copy of m that shares the old ones as it was. The caller holds the
// queue's lock.
func (m *message) withDetails(edit func(*messageDetails)) {
	d := m.more()
	edit(&d)
	if d.empty() {
		m.details = nil
		return
	}
	m.details = &d
}

func (d *messageDetails) empty() bool {
	return len(d.attrs) == 0 && d.md5Attrs == "" && d.trace == "" && d.groupID == "" &&
		d.dedupID == "" && d.seq == "" && d.dlqFrom == ""
}

// instant is a point in time in nanoseconds since the Unix epoch: a message
// keeps three, and a time.Time is three words, one of them a pointer. It is
// wall-clock time, without time.Time's monotonic reading, so a step of the
// system clock shifts visibility timeouts and delays with it; for an
// emulator whose timeouts last seconds to minutes that is a fair trade.
type instant int64

func at(t time.Time) instant { return instant(t.UnixNano()) }

func (i instant) time() time.Time         { return time.Unix(0, int64(i)) }
func (i instant) after(t time.Time) bool  { return int64(i) > t.UnixNano() }
func (i instant) before(t time.Time) bool { return int64(i) < t.UnixNano() }
func (i instant) unixMilli() int64        { return int64(i) / int64(time.Millisecond) }

// inFlight reports whether m was received and is still invisible at now.
func (m *message) inFlight(now time.Time) bool {
	return m.receives > 0 && m.visibleAt.after(now)
}

// digest is an MD5 sum, written as 32 hex digits on the wire. Keeping the
// bytes until a reply is written saves a string per message sent.
type digest [md5.Size]byte

func (d digest) String() string               { return hex.EncodeToString(d[:]) }
func (d digest) MarshalText() ([]byte, error) { return hex.AppendEncode(nil, d[:]), nil }
func (d digest) appendHex(b []byte) []byte    { return hex.AppendEncode(b, d[:]) }

// receiptHandle is an opaque token for one receive of one message: it names
// the queue, the message and the receive, so that a handle from an earlier
// receive can be told apart (FIFO queues refuse those).
func receiptHandle(queueARN string, messageID ids.ID, receive int) string {
	raw := make([]byte, 0, len(queueARN)+36+2+20)
	raw = messageID.Append(append(append(raw, queueARN...), 0))
	raw = append(raw, 0)
	raw = strconv.AppendInt(raw, int64(receive), 10)
	return base64.RawURLEncoding.EncodeToString(raw)
}

type receipt struct {
	queueARN  string
	messageID ids.ID
	receive   int
}

func parseReceiptHandle(h string) (receipt, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(h)
	if err != nil {
		return receipt{}, false
	}
	// Exactly three NUL-separated parts, cut without allocating a slice.
	arn, rest, ok1 := strings.Cut(string(raw), "\x00")
	id, count, ok2 := strings.Cut(rest, "\x00")
	if !ok1 || !ok2 || strings.IndexByte(count, 0) >= 0 {
		return receipt{}, false
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < 1 {
		return receipt{}, false
	}
	// An id that does not parse is the zero ID, which no message has (New
	// sets the version bits): the handle is well formed but names no message,
	// as a well-formed handle with an unknown id does.
	mid, _ := ids.Parse(id)
	return receipt{queueARN: arn, messageID: mid, receive: n}, true
}

// systemAttributes renders the requested system attributes of m.
func (m *message) systemAttributes(want func(string) bool) map[string]string {
	ms := func(i instant) string { return strconv.FormatInt(i.unixMilli(), 10) }
	var out map[string]string // made on first use: most receives ask for none
	add := func(name, v string) {
		if v != "" && want(name) {
			if out == nil {
				out = make(map[string]string, 4)
			}
			out[name] = v
		}
	}
	add("SenderId", m.senderID)
	// The formatted values are made only when asked for.
	if want("SentTimestamp") {
		add("SentTimestamp", ms(m.sent))
	}
	if want("ApproximateReceiveCount") {
		add("ApproximateReceiveCount", strconv.Itoa(int(m.receives)))
	}
	if want("ApproximateFirstReceiveTimestamp") {
		add("ApproximateFirstReceiveTimestamp", ms(m.firstReceive))
	}
	if d := m.details; d != nil {
		add("SequenceNumber", d.seq)
		add("MessageDeduplicationId", d.dedupID)
		add("MessageGroupId", d.groupID)
		add("AWSTraceHeader", d.trace)
		add("DeadLetterQueueSourceArn", d.dlqFrom)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// wireAttributes converts stored message attributes to their wire form,
// keeping those the filter selects.
func wireAttributes(attrs map[string]msgattr.Value, keep func(string) bool) map[string]AttributeValue {
	var out map[string]AttributeValue
	for name, v := range attrs {
		if !keep(name) {
			continue
		}
		if out == nil {
			out = make(map[string]AttributeValue, len(attrs))
		}
		w := AttributeValue{DataType: v.DataType}
		if v.IsBinary() {
			w.BinaryValue = v.BinaryValue
		} else {
			w.StringValue = v.StringValue
		}
		out[name] = w
	}
	return out
}

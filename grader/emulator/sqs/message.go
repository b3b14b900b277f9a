package sqs

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// message is one stored message. It is kept small: a 1 KiB body costs well
// under 2 KiB in all (see BenchmarkStoredMessageMemory).
type message struct {
	id       string
	body     string
	md5Body  [16]byte
	attrs    map[string]msgattr.Value
	md5Attrs string
	trace    string // AWSTraceHeader system attribute
	senderID string
	groupID  string
	dedupID  string
	seq      string
	dlqFrom  string // DeadLetterQueueSourceArn, once redriven

	sent         time.Time
	visibleAt    time.Time // delayed or in flight until then
	firstReceive time.Time
	receives     int
	deleted      bool
}

// inFlight reports whether m was received and is still invisible at now.
func (m *message) inFlight(now time.Time) bool {
	return m.receives > 0 && m.visibleAt.After(now)
}

func (m *message) md5OfBody() string { return hex.EncodeToString(m.md5Body[:]) }

// receiptHandle is an opaque token for one receive of one message: it names
// the queue, the message and the receive, so that a handle from an earlier
// receive can be told apart (FIFO queues refuse those).
func receiptHandle(queueARN, messageID string, receive int) string {
	raw := queueARN + "\x00" + messageID + "\x00" + strconv.Itoa(receive)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

type receipt struct {
	queueARN, messageID string
	receive             int
}

func parseReceiptHandle(h string) (receipt, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(h)
	if err != nil {
		return receipt{}, false
	}
	parts := strings.Split(string(raw), "\x00")
	if len(parts) != 3 {
		return receipt{}, false
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil || n < 1 {
		return receipt{}, false
	}
	return receipt{queueARN: parts[0], messageID: parts[1], receive: n}, true
}

// systemAttributes renders the requested system attributes of m.
func (m *message) systemAttributes(want func(string) bool) map[string]string {
	ms := func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
	out := map[string]string{}
	add := func(name, v string) {
		if v != "" && want(name) {
			out[name] = v
		}
	}
	add("SenderId", m.senderID)
	add("SentTimestamp", ms(m.sent))
	add("ApproximateReceiveCount", strconv.Itoa(m.receives))
	add("ApproximateFirstReceiveTimestamp", ms(m.firstReceive))
	add("SequenceNumber", m.seq)
	add("MessageDeduplicationId", m.dedupID)
	add("MessageGroupId", m.groupID)
	add("AWSTraceHeader", m.trace)
	add("DeadLetterQueueSourceArn", m.dlqFrom)
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

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
	raw := make([]byte, 0, len(queueARN)+len(messageID)+2+20)
	raw = append(append(append(append(raw, queueARN...), 0), messageID...), 0)
	raw = strconv.AppendInt(raw, int64(receive), 10)
	return base64.RawURLEncoding.EncodeToString(raw)
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
	return receipt{queueARN: arn, messageID: id, receive: n}, true
}

// systemAttributes renders the requested system attributes of m.
func (m *message) systemAttributes(want func(string) bool) map[string]string {
	ms := func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
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
		add("ApproximateReceiveCount", strconv.Itoa(m.receives))
	}
	if want("ApproximateFirstReceiveTimestamp") {
		add("ApproximateFirstReceiveTimestamp", ms(m.firstReceive))
	}
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

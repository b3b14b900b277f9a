package sns

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// timestampLayout is how SNS writes times: RFC 3339, milliseconds, UTC.
const timestampLayout = "2006-01-02T15:04:05.000Z"

// jsonWriter writes the pretty-printed JSON AWS uses for SNS messages
// ("Key" : "value", one field a line), in the field order AWS uses, which a
// map would lose.
type jsonWriter struct {
	buf   strings.Builder
	first bool
}

// newJSONWriter starts an object; sizeHint is the expected length, so that
// the buffer grows once.
func newJSONWriter(sizeHint int) *jsonWriter {
	w := &jsonWriter{first: true}
	w.buf.Grow(sizeHint)
	w.buf.WriteString("{\n")
	return w
}

func (w *jsonWriter) field(key, value string) {
	w.key(key)
	writeJSONString(&w.buf, value)
}

// key starts a field whose value the caller writes to w.buf.
func (w *jsonWriter) key(key string) {
	if !w.first {
		w.buf.WriteString(",\n")
	}
	w.first = false
	w.buf.WriteString("  ")
	writeJSONString(&w.buf, key)
	w.buf.WriteString(" : ")
}

func (w *jsonWriter) String() string {
	w.buf.WriteString("\n}")
	return w.buf.String()
}

// writeJSONString writes s as a JSON string, escaping what JSON requires and
// leaving <, > and & alone, as AWS does. Invalid UTF-8 becomes U+FFFD, as
// encoding/json does. It is hand-written because envelopes are built for
// every delivery and an encoder per field costs more than the rest.
func writeJSONString(buf *strings.Builder, s string) {
	const hexDigits = "0123456789abcdef"
	buf.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				buf.WriteByte('\\')
				buf.WriteByte(c)
			case '\n':
				buf.WriteString(`\n`)
			case '\r':
				buf.WriteString(`\r`)
			case '\t':
				buf.WriteString(`\t`)
			default:
				buf.WriteString(`\u00`)
				buf.WriteByte(hexDigits[c>>4])
				buf.WriteByte(hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf.WriteString(s[start:i])
			buf.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		i += size
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}

// notificationEnvelope is the JSON body AWS delivers for a Notification:
// standard topics sign it; FIFO topics add SequenceNumber and, as recorded
// from AWS, carry no signature fields.
func notificationEnvelope(n *notification, subARN, message string) string {
	w := newJSONWriter(len(message) + len(n.in.subject) + attributesSize(n.in.attrs) + 1024)
	w.field("Type", TypeNotification)
	w.field("MessageId", n.messageID)
	if n.topicFifo {
		w.field("SequenceNumber", n.sequence)
	}
	w.field("TopicArn", n.topicARN)
	if n.in.hasSubject {
		w.field("Subject", n.in.subject)
	}
	w.field("Message", message)
	ts := n.timestamp.Format(timestampLayout)
	w.field("Timestamp", ts)
	if !n.topicFifo {
		version := "1"
		if n.sigV2 {
			version = "2"
		}
		w.field("SignatureVersion", version)
		w.field("Signature", n.signature(message, ts))
		w.field("SigningCertURL", signingCertURL(n.region))
	}
	w.field("UnsubscribeURL", n.baseURL+"/?Action=Unsubscribe&SubscriptionArn="+subARN)
	if len(n.in.attrs) > 0 {
		w.key("MessageAttributes")
		writeEnvelopeAttributes(&w.buf, n)
	}
	return w.String()
}

func writeEnvelopeAttributes(b *strings.Builder, n *notification) {
	names := make([]string, 0, len(n.in.attrs))
	for k := range n.in.attrs {
		names = append(names, k)
	}
	sort.Strings(names)
	b.WriteString("{")
	for i, name := range names {
		if i > 0 {
			b.WriteString(",")
		}
		v := n.in.attrs[name]
		writeJSONString(b, name)
		b.WriteString(`:{"Type":`)
		writeJSONString(b, v.DataType)
		b.WriteString(`,"Value":`)
		writeJSONString(b, envelopeValue(v))
		b.WriteString("}")
	}
	b.WriteString("}")
}

// confirmationMessage is the body of a SubscriptionConfirmation or
// UnsubscribeConfirmation POST.
func confirmationMessage(messageType, messageID, token, topicARN, subARN, baseURL, region, timestamp string) string {
	text := "You have chosen to subscribe to the topic " + topicARN + ".\nTo confirm the subscription, visit the SubscribeURL included in this message."
	if messageType == TypeUnsubscribeConfirmation {
		text = "You have chosen to deactivate subscription " + subARN + ".\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message."
	}
	subscribeURL := baseURL + "/?Action=ConfirmSubscription&TopicArn=" + topicARN + "&Token=" + token
	w := newJSONWriter(len(text) + len(subscribeURL) + 1024)
	w.field("Type", messageType)
	w.field("MessageId", messageID)
	w.field("Token", token)
	w.field("TopicArn", topicARN)
	w.field("Message", text)
	w.field("SubscribeURL", subscribeURL)
	w.field("Timestamp", timestamp)
	w.field("SignatureVersion", "1")
	w.field("Signature", fakeSignature("Message", text, "MessageId", messageID, "SubscribeURL", subscribeURL,
		"Timestamp", timestamp, "Token", token, "TopicArn", topicARN, "Type", messageType))
	w.field("SigningCertURL", signingCertURL(region))
	return w.String()
}

// fakeSignature returns a well-formed but unverifiable signature: 256 bytes
// (an RSA-2048 signature's size) derived from the given fields,
// base64-encoded. The emulator holds no AWS signing key; one hash keeps it
// cheap, as it is made for every delivery.
func fakeSignature(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		_, _ = io.WriteString(h, f)
		_, _ = h.Write([]byte{'\n'})
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	var sig [256]byte
	for i := range sig {
		sig[i] = sum[i%len(sum)] ^ byte(i/len(sum)*0x9d)
	}
	return base64.StdEncoding.EncodeToString(sig[:])
}

// signingCertURL names a certificate in AWS's format for the region (the
// file name is fixed: nothing can fetch it from the emulator anyway).
func signingCertURL(region string) string {
	return "https://sns." + region + ".amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem"
}

// signature returns the notification's signature for message, computed once
// per distinct message (subscribers of one protocol share it).
func (n *notification) signature(message, timestamp string) string {
	if n.sigMessage != message || n.sig == "" {
		// The message itself is left out: hashing a 256 KiB body per
		// delivery would cost more than the rest of it, and nobody can
		// verify the signature anyway.
		n.sig = fakeSignature("Message", strconv.Itoa(len(message)), "MessageId", n.messageID, "Subject", n.in.subject,
			"Timestamp", timestamp, "TopicArn", n.topicARN, "Type", TypeNotification)
		n.sigMessage = message
	}
	return n.sig
}

package sqs

import (
	"encoding/json"
	"unicode/utf8"
)

// Reflection-free JSON for the replies on the hottest paths (SendMessage,
// ReceiveMessage, DeleteMessageBatch).
// What they write is byte for byte what json.Marshal writes for the same
// value (TestAppendJSONMatchesMarshal), so clients see no difference.

// jsonAppender is a reply that encodes itself; writeJSON prefers it to
// json.Marshal.
type jsonAppender interface {
	appendJSON(b []byte) []byte
}

func (o *sendMessageOutput) appendJSON(b []byte) []byte {
	b = append(b, `{"MD5OfMessageBody":"`...)
	b = append(o.MD5OfMessageBody.appendHex(b), '"')
	if o.MD5OfMessageAttributes != "" {
		b = append(b, `,"MD5OfMessageAttributes":`...)
		b = appendJSONString(b, o.MD5OfMessageAttributes)
	}
	if o.MD5OfMessageSystemAttributes != "" {
		b = append(b, `,"MD5OfMessageSystemAttributes":`...)
		b = appendJSONString(b, o.MD5OfMessageSystemAttributes)
	}
	b = append(b, `,"MessageId":"`...)
	b = append(o.MessageID.Append(b), '"')
	if o.SequenceNumber != "" {
		b = append(b, `,"SequenceNumber":`...)
		b = appendJSONString(b, o.SequenceNumber)
	}
	return append(b, '}')
}

func (o *receiveMessageOutput) appendJSON(b []byte) []byte {
	if len(o.Messages) == 0 {
		return append(b, `{}`...)
	}
	b = append(b, `{"Messages":[`...)
	for i := range o.Messages {
		if i > 0 {
			b = append(b, ',')
		}
		b = o.Messages[i].appendJSON(b)
	}
	return append(b, `]}`...)
}

func (m *wireMessage) appendJSON(b []byte) []byte {
	b = append(b, `{"MessageId":`...)
	b = appendJSONString(b, m.MessageID)
	b = append(b, `,"ReceiptHandle":`...)
	b = appendJSONString(b, m.ReceiptHandle)
	b = append(b, `,"MD5OfBody":`...)
	b = appendJSONString(b, m.MD5OfBody)
	b = append(b, `,"Body":`...)
	b = appendJSONString(b, m.Body)
	if len(m.Attributes) > 0 {
		b = append(b, `,"Attributes":`...)
		b = appendMarshal(b, m.Attributes)
	}
	if m.MD5OfMessageAttributes != "" {
		b = append(b, `,"MD5OfMessageAttributes":`...)
		b = appendJSONString(b, m.MD5OfMessageAttributes)
	}
	if len(m.MessageAttributes) > 0 {
		b = append(b, `,"MessageAttributes":`...)
		b = appendMarshal(b, m.MessageAttributes)
	}
	return append(b, '}')
}

func (o *deleteMessageBatchOutput) appendJSON(b []byte) []byte {
	b = append(b, `{"Successful":`...)
	if o.Successful == nil {
		b = append(b, `null`...)
	} else {
		b = append(b, '[')
		for i, e := range o.Successful {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"Id":`...)
			b = append(appendJSONString(b, e.ID), '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"Failed":`...)
	switch {
	case o.Failed == nil:
		b = append(b, `null`...)
	case len(o.Failed) == 0:
		b = append(b, `[]`...)
	default: // rare: encoding/json writes them
		b = appendMarshal(b, o.Failed)
	}
	return append(b, '}')
}

// appendMarshal appends what encoding/json makes of v, for the parts of the
// hot replies that few messages have (attribute maps, failures).
func appendMarshal(b []byte, v any) []byte {
	j, err := json.Marshal(v)
	if err != nil {
		// The maps and entries given here are strings, bytes and lists of
		// them, which always encode; null keeps the reply valid JSON.
		return append(b, `null`...)
	}
	return append(b, j...)
}

// appendJSONString appends s as a JSON string, escaped byte for byte as
// encoding/json escapes it (TestAppendJSONStringEveryByte,
// FuzzAppendJSONString): the HTML characters as \u003c and so on, invalid
// UTF-8 as \ufffd, U+2028 and U+2029 as escapes.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonPlain[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, `\b`...)
			case '\f':
				b = append(b, `\f`...)
			case '\n':
				b = append(b, `\n`...)
			case '\r':
				b = append(b, `\r`...)
			case '\t':
				b = append(b, `\t`...)
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonPlain holds the ASCII bytes encoding/json writes as they are:
// printable ASCII and DEL, but the quote, the backslash and the characters
// it escapes for HTML.
// It is read, never written.
var jsonPlain = func() (plain [256]bool) {
	for c := 0x20; c <= 0x7f; c++ {
		plain[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return plain
}()

package sqs

import "encoding/json"

// Reflection-free JSON for the replies on the hottest path (SendMessage).
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

// appendJSONString appends s as a JSON string. The values it meets (hex
// digests, UUIDs, digits) need no escaping; anything else goes through
// encoding/json, so the escaping rules (HTML characters, invalid UTF-8,
// U+2028) stay encoding/json's.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !jsonPlain[s[i]] {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// jsonPlain holds the bytes encoding/json writes as they are: printable
// ASCII but the quote, the backslash and the characters it escapes for HTML.
// It is read, never written.
var jsonPlain = func() (plain [256]bool) {
	for c := 0x20; c <= 0x7e; c++ {
		plain[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return plain
}()

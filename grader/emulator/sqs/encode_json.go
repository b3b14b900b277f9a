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
	b = append(b, `{"MD5OfMessageBody":`...)
	b = appendJSONString(b, o.MD5OfMessageBody)
	if o.MD5OfMessageAttributes != "" {
		b = append(b, `,"MD5OfMessageAttributes":`...)
		b = appendJSONString(b, o.MD5OfMessageAttributes)
	}
	if o.MD5OfMessageSystemAttributes != "" {
		b = append(b, `,"MD5OfMessageSystemAttributes":`...)
		b = appendJSONString(b, o.MD5OfMessageSystemAttributes)
	}
	b = append(b, `,"MessageId":`...)
	b = appendJSONString(b, o.MessageID)
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
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

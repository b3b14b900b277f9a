package sqs

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// Validation of message content that does not depend on the queue.

const maxMessageAttributes = 10

// checkBody refuses characters SQS does not accept: everything outside
// #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF.
func checkBody(body string) *awserr.Error {
	// Most bodies are ASCII: skip the printable ASCII eight bytes at a time,
	// then the allowed ASCII one at a time, and decode runes only from the
	// first byte that is anything else.
	start := plainASCIIPrefix(body)
	for ; start < len(body); start++ {
		if c := body[start]; c >= utf8.RuneSelf || c < 0x20 && c != 0x9 && c != 0xA && c != 0xD {
			break
		}
	}
	body = body[start:]
	for i, r := range body {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(body[i:]); size <= 1 {
				return errInvalidMessageContents.New()
			}
		}
		if !validXMLRune(r) {
			return errInvalidMessageContents.Newf("Invalid binary character '#x%X' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF", r)
		}
	}
	return nil
}

// plainASCIIPrefix returns how many leading bytes of s, in whole words of
// eight, are all printable ASCII (0x20-0x7F).
func plainASCIIPrefix(s string) int {
	b := stringBytes(s)
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		// A byte >= 0x80 has its top bit set; a byte < 0x20 borrows in
		// w - 0x20.. and, its top bit clear, shows in &^w (the usual
		// "has a byte less than n" test).
		if (w|(w-0x2020202020202020)&^w)&0x8080808080808080 != 0 {
			break
		}
	}
	return i
}

func validXMLRune(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// convertAttributes validates message attributes and returns them in stored
// form, with the bytes they count towards the message size.
func convertAttributes(in map[string]AttributeValue) (map[string]msgattr.Value, int, *awserr.Error) {
	if len(in) == 0 {
		return nil, 0, nil
	}
	if len(in) > maxMessageAttributes {
		return nil, 0, errInvalidParameterValue.Newf("Number of message attributes [%d] exceeds the allowed maximum [%d].", len(in), maxMessageAttributes)
	}
	out := make(map[string]msgattr.Value, len(in))
	size := 0
	for _, name := range sortedKeys(in) {
		v := in[name]
		if err := checkAttributeName(name); err != nil {
			return nil, 0, err
		}
		if v.DataType == "" {
			return nil, 0, errInvalidParameterValue.Newf("The message attribute '%s' must contain non-empty message attribute type.", name)
		}
		base := msgattr.BaseType(v.DataType)
		if len(v.DataType) > 256 || (base != "String" && base != "Number" && base != "Binary") {
			return nil, 0, errInvalidParameterValue.Newf("The type of message (user) attribute '%s' is invalid. You must use only the following supported type prefixes: Binary, Number, String.", name)
		}
		if len(v.StringListValues) > 0 || len(v.BinaryListValues) > 0 {
			return nil, 0, errInvalidParameterValue.Newf("Message (user) attribute '%s' must contain a non-empty value of type '%s'.", name, base)
		}
		val := msgattr.Value{DataType: v.DataType}
		switch base {
		case "Binary":
			if len(v.BinaryValue) == 0 {
				return nil, 0, errInvalidParameterValue.Newf("Message (user) attribute '%s' must contain a non-empty value of type 'Binary'.", name)
			}
			val.BinaryValue = v.BinaryValue
		default:
			if v.StringValue == "" {
				return nil, 0, errInvalidParameterValue.Newf("Message (user) attribute '%s' must contain a non-empty value of type '%s'.", name, base)
			}
			if base == "Number" {
				if _, err := strconv.ParseFloat(strings.TrimSpace(v.StringValue), 64); err != nil {
					return nil, 0, errInvalidParameterValue.Newf("Can't cast the value of message (user) attribute '%s' to a number.", name)
				}
			}
			if checkBody(v.StringValue) != nil {
				return nil, 0, errInvalidParameterValue.Newf("Message (user) attribute '%s' contains invalid characters.", name)
			}
			val.StringValue = v.StringValue
		}
		size += len(name) + len(v.DataType) + len(val.StringValue) + len(val.BinaryValue)
		out[name] = val
	}
	return out, size, nil
}

func checkAttributeName(name string) *awserr.Error {
	bad := func(reason string) *awserr.Error {
		return errInvalidParameterValue.Newf("Message (user) attribute name '%s' is invalid. %s", name, reason)
	}
	lower := strings.ToLower(name)
	switch {
	case name == "" || len(name) > 256:
		return bad("The attribute name must be between 1 and 256 characters long.")
	case strings.HasPrefix(lower, "aws.") || strings.HasPrefix(lower, "amazon."):
		return bad("The attribute name can't start with AWS-reserved prefixes (AWS. or Amazon.).")
	case strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.Contains(name, ".."):
		return bad("The attribute name can't start or end with a period, or have successive periods.")
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return bad("The attribute name can contain A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.) characters.")
		}
	}
	return nil
}

// checkSystemAttributes accepts only AWSTraceHeader, a String, and returns it.
func checkSystemAttributes(in map[string]AttributeValue) (string, *awserr.Error) {
	trace := ""
	for name, v := range in {
		if name != "AWSTraceHeader" {
			return "", errInvalidParameterValue.Newf("Message system attribute name '%s' is invalid.", name)
		}
		if v.DataType != "String" || v.StringValue == "" {
			return "", errInvalidParameterValue.Newf("Message system attribute '%s' must contain a non-empty value of type 'String'.", name)
		}
		trace = v.StringValue
	}
	return trace, nil
}

// checkGroupOrDedupID checks a MessageGroupId or MessageDeduplicationId: 1 to
// 128 alphanumeric or punctuation characters.
func checkGroupOrDedupID(param string, v *string) *awserr.Error {
	if v == nil {
		return nil
	}
	ok := len(*v) >= 1 && len(*v) <= 128
	for _, c := range *v {
		if c < '!' || c > '~' {
			ok = false
		}
	}
	if !ok {
		return invalidParam(*v, param, fmt.Sprintf("%s can only include alphanumeric and punctuation characters. 1 to 128 in length.", param))
	}
	return nil
}

// checkBatchIDs applies the rules every batch shares: not empty, at most ten
// entries, ids well formed and distinct.
func checkBatchIDs(entryName string, ids []string) *awserr.Error {
	switch {
	case len(ids) == 0:
		return emptyBatch(entryName)
	case len(ids) > 10:
		return tooManyEntries(len(ids))
	}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !validBatchID(id) {
			return errInvalidBatchEntryID.New()
		}
		if seen[id] {
			return batchIDsNotDistinct(id)
		}
		seen[id] = true
	}
	return nil
}

func validBatchID(id string) bool {
	if id == "" || len(id) > 80 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

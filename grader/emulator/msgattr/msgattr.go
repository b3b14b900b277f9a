// Package msgattr holds SQS and SNS message attributes and the MD5 digest that
// SQS returns for them (MD5OfMessageAttributes), which SDKs verify.
package msgattr

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"sort"
	"strings"
)

// Value is one message attribute. DataType is String, Number or Binary,
// optionally followed by a custom suffix ("String.json", "Number.int").
type Value struct {
	DataType    string
	StringValue string
	BinaryValue []byte
}

// IsBinary reports whether the value travels as bytes.
func (v Value) IsBinary() bool { return BaseType(v.DataType) == "Binary" }

// BaseType returns String, Number or Binary for a data type with or without a
// custom suffix.
func BaseType(dataType string) string {
	if i := strings.IndexByte(dataType, '.'); i >= 0 {
		return dataType[:i]
	}
	return dataType
}

// MD5 returns the hex MD5 digest SQS computes over message attributes: for each
// attribute in name order, the length-prefixed name, the length-prefixed data
// type, one transport byte (1 for string and number, 2 for binary) and the
// length-prefixed value. It returns the empty string for no attributes.
func MD5(attrs map[string]Value) string {
	if len(attrs) == 0 {
		return ""
	}
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	h := md5.New()
	var lenBuf [4]byte
	writeField := func(b []byte) {
		binary.BigEndian.PutUint32(lenBuf[:], uint32(len(b)))
		h.Write(lenBuf[:])
		h.Write(b)
	}
	for _, n := range names {
		v := attrs[n]
		writeField([]byte(n))
		writeField([]byte(v.DataType))
		if v.IsBinary() {
			h.Write([]byte{2})
			writeField(v.BinaryValue)
		} else {
			h.Write([]byte{1})
			writeField([]byte(v.StringValue))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// MD5OfBody returns the hex MD5 digest of a message body.
func MD5OfBody(body string) string {
	sum := md5.Sum([]byte(body))
	return hex.EncodeToString(sum[:])
}

// Package ids makes the identifiers the emulator hands out: message,
// request, subscription and move-task ids, all version-4 UUIDs as AWS's are.
package ids

import (
	"math/rand/v2"
)

// ID is a version-4 UUID in its 16 bytes. Stored messages keep their id in
// this form: the 36-character text is made only when a reply needs it, so
// that a stored message costs no separate allocation for its id.
type ID [16]byte

// New returns a random version-4 UUID. Ids need to be unique, not secret,
// and the emulator makes several per request, so the fast generator of
// math/rand/v2 (ChaCha8, seeded from the operating system) serves.
func New() ID { return fromWords(rand.Uint64(), rand.Uint64()) }

// fromWords makes a version-4 UUID of two random words.
func fromWords(hi, lo uint64) ID {
	var id ID
	for i := range 8 {
		id[i] = byte(hi >> (8 * i))
		id[8+i] = byte(lo >> (8 * i))
	}
	id[6] = id[6]&0x0f | 0x40 // version 4
	id[8] = id[8]&0x3f | 0x80 // RFC 4122 variant
	return id
}

// UUID returns a new random id as text.
func UUID() string { return New().String() }

// String is the canonical text form, xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx.
func (id ID) String() string {
	var out [36]byte
	return string(id.Append(out[:0]))
}

// Append appends the text form of id to b.
func (id ID) Append(b []byte) []byte {
	n := len(b)
	b = append(b, "00000000-0000-0000-0000-000000000000"...)
	out := b[n : n+36]
	for i, x := range id {
		at := textAt[i]
		out[at], out[at+1] = hexDigits[x>>4], hexDigits[x&0x0f]
	}
	return b
}

// textAt is where each byte's two digits go in the text form.
var textAt = [16]uint8{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

// MarshalText writes the text form, for encoding/json and encoding/xml.
func (id ID) MarshalText() ([]byte, error) { return id.Append(make([]byte, 0, 36)), nil }

// Parse reads the text form exactly as String writes it (lower case), so
// that one id has one text.
func Parse(s string) (ID, bool) {
	var id ID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return id, false
	}
	j := 0
	for i := range id {
		if j == 8 || j == 13 || j == 18 || j == 23 {
			j++
		}
		hi, ok1 := unhex(s[j])
		lo, ok2 := unhex(s[j+1])
		if !ok1 || !ok2 {
			return ID{}, false
		}
		id[i] = hi<<4 | lo
		j += 2
	}
	return id, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

const hexDigits = "0123456789abcdef"

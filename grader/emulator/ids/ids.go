// Package ids makes the identifiers the emulator hands out: message,
// request, subscription and move-task ids, all version-4 UUIDs as AWS's are.
package ids

import (
	"encoding/binary"
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
	binary.LittleEndian.PutUint64(id[:8], hi)
	binary.LittleEndian.PutUint64(id[8:], lo)
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

// Append appends the text form of id to b. It runs for every id a reply
// carries, so it works a word at a time (hexWord) rather than a byte.
func (id ID) Append(b []byte) []byte {
	var t [36]byte
	w0 := hexWord(binary.BigEndian.Uint32(id[0:4]))
	w1 := hexWord(binary.BigEndian.Uint32(id[4:8]))
	w2 := hexWord(binary.BigEndian.Uint32(id[8:12]))
	w3 := hexWord(binary.BigEndian.Uint32(id[12:16]))
	binary.BigEndian.PutUint64(t[0:8], w0)
	binary.BigEndian.PutUint32(t[9:13], uint32(w1>>32))
	binary.BigEndian.PutUint32(t[14:18], uint32(w1))
	binary.BigEndian.PutUint32(t[19:23], uint32(w2>>32))
	binary.BigEndian.PutUint32(t[24:28], uint32(w2))
	binary.BigEndian.PutUint64(t[28:36], w3)
	t[8], t[13], t[18], t[23] = '-', '-', '-', '-'
	return append(b, t[:]...)
}

// hexWord returns the eight lower-case hex digits of v, most significant
// first, as the bytes of a big-endian word.
func hexWord(v uint32) uint64 {
	// Spread v's eight nibbles over the word's eight bytes, in order.
	x := uint64(v)
	x = (x | x<<16) & 0x0000ffff0000ffff
	x = (x | x<<8) & 0x00ff00ff00ff00ff
	x = (x | x<<4) & 0x0f0f0f0f0f0f0f0f
	// Each byte n (0-15) becomes '0'+n, plus the gap from '9'+1 to 'a'
	// (0x27) where n >= 10, which is where n+6 carries into bit 4.
	letters := (x + 0x0606060606060606) >> 4 & 0x0101010101010101
	return x + 0x3030303030303030 + letters*0x27
}

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

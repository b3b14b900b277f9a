// Package ids makes the identifiers the emulator hands out: message,
// request, subscription and move-task ids, all version-4 UUIDs as AWS's are.
package ids

import (
	"encoding/hex"
	"math/rand/v2"
)

// UUID returns a random version-4 UUID. Ids need to be unique, not secret,
// and the emulator makes several per request, so the fast generator of
// math/rand/v2 (ChaCha8, seeded from the operating system) serves.
func UUID() string {
	var b [16]byte
	hi, lo := rand.Uint64(), rand.Uint64()
	for i := range 8 {
		b[i] = byte(hi >> (8 * i))
		b[8+i] = byte(lo >> (8 * i))
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}

package ids

import (
	"math/rand/v2"
	"sync/atomic"
)

// Source makes ids for one emulator's hot paths. Each id is a counter value
// passed through two keyed bijective mixers (splitmix64's finaliser), so ids
// from one Source never repeat in their random bits and look random to a
// reader; keys drawn at NewSource keep two Sources apart. An id costs one
// atomic add, where New draws twice from the runtime's generator: SQS makes
// two ids for every message sent (the message's and the request's).
type Source struct {
	next   atomic.Uint64
	k0, k1 uint64
}

// NewSource returns a Source with fresh random keys.
func NewSource() *Source {
	return &Source{k0: rand.Uint64(), k1: rand.Uint64()}
}

// New returns the next id, a version-4 UUID.
func (s *Source) New() ID {
	n := s.next.Add(1)
	return fromWords(mix(n^s.k0), mix(n+s.k1))
}

// mix is splitmix64's finaliser: a bijection on 64-bit words that spreads
// every input bit over the output.
func mix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

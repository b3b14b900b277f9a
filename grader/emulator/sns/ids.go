package sns

import (
	"crypto/rand"
	"encoding/hex"
)

// newToken returns a subscription confirmation token: 128 hex digits, like
// AWS's (their length varies; clients treat them as opaque).
func newToken() string {
	var b [64]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

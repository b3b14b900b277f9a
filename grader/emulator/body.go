package emulator

import (
	"io"
	"net/http"
)

// readBody reads a request's whole body, up to maxRequestBytes+1 bytes (the
// caller refuses more). When the client announced the length, as AWS clients
// do, the buffer is made that size at once: io.ReadAll would start at 512
// bytes and grow, which for a 1 KiB message is three buffers instead of one.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	lr := io.LimitReader(r.Body, maxRequestBytes+1)
	// A length of 0 is unknown, not empty, on a request that was never sent
	// (the in-memory client's).
	n := r.ContentLength
	if n <= 0 || n > maxRequestBytes {
		return io.ReadAll(lr)
	}
	// One spare byte, so that the read that meets the end needs no growth.
	b := make([]byte, 0, n+1)
	for {
		k, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+k]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			// Longer than announced: grow as io.ReadAll does.
			b = append(b, 0)[:len(b)]
		}
	}
}

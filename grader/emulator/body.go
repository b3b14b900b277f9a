package emulator

import (
	"io"
	"net/http"
	"sync"
)

// readBody reads a request's whole body, up to maxRequestBytes+1 bytes (the
// caller refuses more), into buf's storage when it is large enough. When the
// client announced the length, as AWS clients do, a buffer too small is
// replaced at once by one of that size: growing from io.ReadAll's 512 bytes
// would take three buffers for a 1 KiB message.
func readBody(r *http.Request, buf []byte) ([]byte, error) {
	b := buf[:0]
	if r.Body == nil {
		return b, nil
	}
	// A length of 0 is unknown, not empty, on a request that was never sent
	// (the in-memory client's). One spare byte, so that the read that meets
	// the end needs no growth.
	if n := r.ContentLength; n > 0 && n <= maxRequestBytes && int(n) >= cap(b) {
		b = make([]byte, 0, n+1)
	}
	for {
		if len(b) == cap(b) {
			// Longer than announced, or unannounced: grow as io.ReadAll does.
			b = append(b, 0)[:len(b)]
		}
		room := b[len(b):cap(b)]
		if limit := maxRequestBytes + 1 - len(b); len(room) > limit {
			room = room[:limit]
		}
		k, err := r.Body.Read(room)
		b = b[:len(b)+k]
		switch {
		case err == io.EOF:
			return b, nil
		case err != nil:
			return b, err
		case len(b) > maxRequestBytes:
			return b, nil
		}
	}
}

// bodyBuffers keeps request-body buffers for reuse: nothing the services
// keep points into a body (decoders copy what they keep), and a buffer
// per request was a third of the bytes a SendMessage allocated.
type bodyBuffers struct{ pool sync.Pool }

// maxPooledBody bounds the buffers kept, so that one large batch does not
// pin its buffer.
const maxPooledBody = 64 << 10

func (p *bodyBuffers) get() *[]byte {
	if b, ok := p.pool.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 1024)
	return &b
}

func (p *bodyBuffers) put(b *[]byte) {
	if cap(*b) <= maxPooledBody {
		p.pool.Put(b)
	}
}

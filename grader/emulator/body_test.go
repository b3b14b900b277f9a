package emulator

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadBody(t *testing.T) {
	t.Parallel()
	body := strings.Repeat("q", 1500)
	tests := []struct {
		name   string
		body   io.Reader
		length int64
		want   string
	}{
		{"announced length", strings.NewReader(body), 1500, body},
		{"shorter than announced", strings.NewReader(body), 4000, body},
		{"longer than announced", strings.NewReader(body), 10, body},
		{"unknown length", strings.NewReader(body), -1, body},
		{"zero means unknown on a client request", strings.NewReader(body), 0, body},
		{"empty", strings.NewReader(""), 0, ""},
		{"no body", nil, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var content []byte // the reader is read twice below
			if tt.body != nil {
				content, _ = io.ReadAll(tt.body)
			}
			// A fresh read, and a read into a reused buffer that still holds
			// an earlier, longer body.
			for _, buf := range [][]byte{nil, []byte(strings.Repeat("x", 3000))} {
				r := &http.Request{ContentLength: tt.length}
				if tt.body != nil {
					r.Body = io.NopCloser(bytes.NewReader(content))
				}
				got, err := readBody(r, buf)
				require.NoError(t, err)
				assert.Equal(t, tt.want, string(got))
			}
		})
	}
}

func TestReadBodyStopsPastTheLimit(t *testing.T) {
	t.Parallel()
	for _, length := range []int64{-1, 100, maxRequestBytes + 10} {
		r := &http.Request{ContentLength: length, Body: io.NopCloser(bytes.NewReader(make([]byte, maxRequestBytes+10)))}
		got, err := readBody(r, nil)
		require.NoError(t, err)
		assert.Len(t, got, maxRequestBytes+1, "announced %d", length)
	}
}

func TestReadBodyError(t *testing.T) {
	t.Parallel()
	boom := errors.New("connection reset")
	r := &http.Request{ContentLength: 100, Body: io.NopCloser(io.MultiReader(strings.NewReader("abc"), errReader{boom}))}
	_, err := readBody(r, nil)
	assert.ErrorIs(t, err, boom)
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

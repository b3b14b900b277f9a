package labtest

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGuard(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := []struct {
		name string
		fn   func() error
		want string
	}{
		{"no error", func() error { return nil }, ""},
		{"error passes through", func() error { return boom }, "boom"},
		{"panic becomes an error", func() error {
			var s []string
			_ = s[0]
			return nil
		}, "Consume panicked: runtime error: index out of range [0] with length 0 (return an error instead of panicking)"},
		{"panic with a value", func() error { panic("not yet") }, "Consume panicked: not yet (return an error instead of panicking)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Guard("Consume", tt.fn)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.EqualError(t, err, tt.want)
		})
	}
	assert.ErrorIs(t, Guard("x", func() error { return boom }), boom)
}

func TestParsePanicError(t *testing.T) {
	t.Parallel()
	e := &PanicError{What: "Consume", Value: "runtime error: index out of range [-1]", Function: "Consume", File: "exercises/01_dummy_queue/queue.go", Line: 31}
	for _, text := range []string{e.Error(), `in chain: "` + e.Error() + `"`} {
		got, ok := ParsePanicError(text)
		assert.True(t, ok, text)
		assert.Equal(t, e, got)
	}
	bare := &PanicError{What: "Send", Value: "boom"}
	got, ok := ParsePanicError("Received unexpected error: " + bare.Error())
	assert.True(t, ok)
	assert.Equal(t, bare, got)
	_, ok = ParsePanicError("Consume: not implemented yet")
	assert.False(t, ok)
}

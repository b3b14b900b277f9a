package sns

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaultErrors(t *testing.T) {
	tests := []struct {
		code   string
		status int
	}{
		{"Throttled", 429},
		{"ThrottlingException", 400},
		{"InternalError", 500},
		{"ServiceUnavailable", 503},
	}
	kinds := ErrorKinds()
	assert.Same(t, errThrottled, kinds["Throttled"], "the fault kinds are in the error table")
	assert.Same(t, errThrottling, kinds["ThrottlingException"])
	s := New(Config{})
	t.Cleanup(s.Close)
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			e, ok := FaultError(tt.code)
			require.True(t, ok)
			rec := httptest.NewRecorder()
			s.WriteError(rec, e)
			assert.Equal(t, tt.status, rec.Code)
			assert.Contains(t, rec.Body.String(), "<Code>"+tt.code+"</Code>")
			assert.Contains(t, rec.Body.String(), "<ErrorResponse")
		})
	}
	_, ok := FaultError("NotFound")
	assert.False(t, ok, "only transient errors are injectable")
	assert.True(t, IsOperation("Publish"))
	assert.False(t, IsOperation("ReceiveMessage"))
}

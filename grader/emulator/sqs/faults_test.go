package sqs

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaultErrors(t *testing.T) {
	kinds := ErrorKinds()
	assert.Same(t, errRequestThrottled, kinds["RequestThrottled"], "the fault kinds are in the error table")
	assert.Same(t, errThrottling, kinds["ThrottlingException"])
	tests := []struct {
		code      string
		status    int
		jsonType  string
		queryCode string
	}{
		{"RequestThrottled", 400, "com.amazonaws.sqs#RequestThrottled", "RequestThrottled;Sender"},
		{"ThrottlingException", 400, "com.amazonaws.sqs#ThrottlingException", "ThrottlingException;Sender"},
		{"InternalError", 500, "com.amazonaws.sqs#InternalFailure", "InternalError;Receiver"},
		{"InternalFailure", 500, "com.amazonaws.sqs#InternalFailure", "InternalError;Receiver"},
		{"ServiceUnavailable", 503, "com.amazonaws.sqs#ServiceUnavailable", "ServiceUnavailable;Receiver"},
	}
	s := New(Config{})
	t.Cleanup(s.Close)
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			e, ok := FaultError(tt.code)
			require.True(t, ok)
			rec := httptest.NewRecorder()
			s.WriteError(rec, true, e)
			assert.Equal(t, tt.status, rec.Code)
			assert.Equal(t, tt.queryCode, rec.Header().Get("X-Amzn-Query-Error"))
			assert.Contains(t, rec.Body.String(), `"__type":"`+tt.jsonType+`"`)

			rec = httptest.NewRecorder()
			s.WriteError(rec, false, e)
			assert.Equal(t, tt.status, rec.Code)
			assert.Contains(t, rec.Body.String(), "<Code>"+e.Kind.LegacyCode()+"</Code>")
			assert.Contains(t, rec.Body.String(), "<ErrorResponse")
		})
	}
	_, ok := FaultError("QueueDoesNotExist")
	assert.False(t, ok, "only transient errors are injectable")
	assert.True(t, IsOperation("ReceiveMessage"))
	assert.False(t, IsOperation("Receive"))
	unavailable, ok := FaultError("ServiceUnavailable")
	require.True(t, ok)
	assert.Equal(t, http.StatusServiceUnavailable, unavailable.Kind.Status)
}

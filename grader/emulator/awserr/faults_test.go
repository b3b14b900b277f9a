package awserr

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaultsNameKindsByCode(t *testing.T) {
	t.Parallel()
	internal := &Kind{Code: "InternalFailure", QueryCode: "InternalError", Status: http.StatusInternalServerError, Message: "internal"}
	unavailable := &Kind{Code: "ServiceUnavailable", Status: http.StatusServiceUnavailable, Message: "closing"}
	f := NewFaults(map[string]*Kind{
		"InternalFailure": internal, "InternalError": internal, "ServiceUnavailable": unavailable,
	}, map[*Kind]string{unavailable: "a temporary failure"})

	assert.Equal(t, []string{"InternalError", "InternalFailure", "ServiceUnavailable"}, f.Codes())
	for _, code := range []string{"InternalFailure", "InternalError"} {
		e, ok := f.Error(code)
		require.True(t, ok, code)
		assert.Same(t, internal, e.Kind, "%s names the one kind", code)
		assert.Equal(t, "internal", e.Message, "a kind's own message by default")
	}
	e, ok := f.Error("ServiceUnavailable")
	require.True(t, ok)
	assert.Equal(t, "a temporary failure", e.Message, "the replacement message")
	_, ok = f.Error("QueueDoesNotExist")
	assert.False(t, ok, "only the kinds the table names")
}

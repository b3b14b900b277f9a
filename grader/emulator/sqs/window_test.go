package sqs

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestWindowForgetsWhatIsDue(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	var w window[int]
	_, ok := w.get("a", t0)
	assert.False(t, ok, "the zero window is empty")

	w.put("a", 1, t0.Add(time.Minute))
	w.put("b", 2, t0.Add(2*time.Minute))
	v, ok := w.get("a", t0.Add(59*time.Second))
	assert.True(t, ok)
	assert.Equal(t, 1, v)
	_, ok = w.get("a", t0.Add(time.Minute))
	assert.False(t, ok, "due at its expiry")
	v, _ = w.get("b", t0.Add(time.Minute))
	assert.Equal(t, 2, v)
	assert.Len(t, w.order, 1, "what is forgotten leaves the order too")

	// A key put again outlives the record of its first put.
	w.put("b", 3, t0.Add(3*time.Minute))
	v, ok = w.get("b", t0.Add(150*time.Second))
	assert.True(t, ok)
	assert.Equal(t, 3, v)

	w.forget("b")
	_, ok = w.get("b", t0.Add(150*time.Second))
	assert.False(t, ok)
}

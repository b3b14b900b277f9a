package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/exercises"
)

// TestListInLessonOrder: objectives come as the lesson numbers them and
// exercises in the catalogue's order, each check under its exercise.
func TestListInLessonOrder(t *testing.T) {
	t.Parallel()
	cat := exercises.Catalogue()
	var buf bytes.Buffer
	require.NoError(t, writeList(&buf, cat))
	out := buf.String()
	var want []string
	for _, o := range cat.Objectives {
		want = append(want, "  "+o.ID+"  ")
	}
	for _, e := range cat.Exercises {
		want = append(want, "\n"+e.ID+" ")
		for _, c := range e.Check {
			want = append(want, "  "+c.Name+" ")
		}
	}
	at := 0
	for _, w := range want {
		i := strings.Index(out[at:], w)
		require.GreaterOrEqual(t, i, 0, "%q missing or out of order after:\n%s", w, out[:at])
		at += i + len(w)
	}
	assert.Contains(t, out, "LO1  Understand what a queue is, and its use cases")
}

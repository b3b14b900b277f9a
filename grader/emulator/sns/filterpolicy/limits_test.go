package filterpolicy

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A policy whose $or choices multiply beyond any sensible size is refused as
// too complex without expanding it.
func TestParseDeepOrIsTooComplex(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	const levels = 200
	for range levels {
		b.WriteString(`{"x": ["1"], "$or": [{"a": ["1"]}, {"b": ["2"]}], "n": `)
	}
	b.WriteString(`{"leaf": ["v"]}`)
	for range levels {
		b.WriteString(`}`)
	}
	_, err := Parse(b.String(), MessageBody)
	require.Error(t, err)
	assert.Equal(t, "FilterPolicy: Filter policy is too complex", err.Error())
}

func TestComplexityCountsDepthAndOr(t *testing.T) {
	t.Parallel()
	tests := []struct {
		policy string
		want   uint64
	}{
		{`{"a": ["1", "2"], "b": ["3"]}`, 2},
		{`{"a": {"b": ["1", "2"]}}`, 4},
		{`{"a": ["1", "2"], "$or": [{"b": ["1"]}, {"c": ["1", "2", "3"]}]}`, 8},
		{`{"a": {"b": {"c": ["1", "2", "3", "4"]}}, "d": {"e": ["1", "2", "3"]}}`, 72},
	}
	for _, tt := range tests {
		root, err := readTree(tt.policy)
		require.Nil(t, err)
		assert.Equal(t, tt.want, complexity(root, 1), tt.policy)
	}
}

func TestKeyLimitCountsTopLevelKeysOnly(t *testing.T) {
	t.Parallel()
	_, err := Parse(`{"a": {"k1": ["1"], "k2": ["1"], "k3": ["1"], "k4": ["1"], "k5": ["1"], "k6": ["1"]}}`, MessageBody)
	// 2^6 = 64 combinations: within the limit, and only "a" counts as a key.
	require.NoError(t, err)
}

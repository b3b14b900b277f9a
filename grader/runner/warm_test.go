package runner

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWarmBuildCacheCompilesThePristineModule(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("compiles the checks' dependencies")
	}
	require.NoError(t, WarmBuildCache(context.Background(), ""), "an empty pristine is PristineRoot()")
}

func TestWarmBuildCacheSaysWhatFailed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir() // no module, no exercises
	err := WarmBuildCache(context.Background(), dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "compile the checks' dependencies in "+dir)
	assert.Contains(t, err.Error(), "exercises", "the go command's own reason follows")
}

package largepayload_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	largepayload "github.com/queuelab/queuelab/exercises/08_large_payloads"
	"github.com/queuelab/queuelab/fixtures"
	"github.com/queuelab/queuelab/grader/labtest"
)

// TestDirStoreKeepsPayloads: the local-directory blob store stores, returns,
// and refuses what it must.
func TestDirStoreKeepsPayloads(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	store := largepayload.DirStore{Dir: dir}
	report := fixtures.LargePayload()

	loc, err := store.Put(ctx, "sales_data.csv", report)
	require.NoError(t, err)
	onDisk, err := os.ReadFile(filepath.Join(dir, "sales_data.csv"))
	require.NoError(t, err, "Put writes the file sales_data.csv in Dir")
	assert.Equal(t, report, onDisk)

	got, err := store.Get(ctx, loc)
	require.NoError(t, err, "Get the location %q that Put returned", loc)
	assert.Equal(t, report, got)

	_, err = store.Get(ctx, "file://"+filepath.Join(dir, "missing.csv"))
	assert.Error(t, err, "Get of a file that is not there")

	outside := filepath.Join(t.TempDir(), "secret.txt")
	require.NoError(t, os.WriteFile(outside, []byte("secret"), 0o600))
	_, err = store.Get(ctx, "file://"+outside)
	assert.Error(t, err, "Get must refuse a location outside Dir: a message must not make the consumer read any file")

	_, err = store.Put(ctx, "../escape.csv", report)
	assert.Error(t, err, "Put must refuse a key that is not a plain file name")
}

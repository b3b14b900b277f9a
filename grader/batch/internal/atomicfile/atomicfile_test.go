package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteReplacesWhole(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "grades.csv")
	require.NoError(t, WriteBytes(p, []byte("old")))
	require.NoError(t, WriteBytes(p, []byte("new content")))
	got, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "new content", string(got))
	entries, err := os.ReadDir(filepath.Dir(p))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")
}

func TestWriteKeepsOldOnError(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "grades.csv")
	require.NoError(t, WriteBytes(p, []byte("old")))
	err := Write(p, func(w io.Writer) error {
		_, _ = io.WriteString(w, "half")
		return errors.New("boom")
	})
	require.ErrorContains(t, err, "boom")
	got, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "old", string(got))
}

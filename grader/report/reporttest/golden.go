package reporttest

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// update rewrites golden files instead of comparing with them:
// go test ./grader/report/text -update
var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current output")

// Golden compares got with testdata/<name>.golden in the calling test's
// package, or rewrites that file when the test runs with -update.
func Golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file yet: run go test with -update and review testdata/")
	require.Equal(t, string(want), string(got), "output differs from %s (rerun with -update if the change is intended)", path)
}

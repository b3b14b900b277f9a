package runner

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCombinedBinary: the exercises of a run share one test binary, unless
// a learner's package initialisation does not end cleanly; then each has
// its own, and the broken one costs only its own checks.
func TestCombinedBinary(t *testing.T) {
	t.Parallel()
	root, err := PristineRoot()
	require.NoError(t, err)
	ids := []string{"00_quiz", "01_dummy_queue"}
	tree := func(t *testing.T, init string) string {
		src := t.TempDir()
		for _, id := range ids {
			dst := filepath.Join(src, "exercises", id)
			require.NoError(t, os.MkdirAll(dst, 0o755))
			entries, err := os.ReadDir(filepath.Join(root, "solutions", id))
			require.NoError(t, err)
			for _, e := range entries {
				data, err := os.ReadFile(filepath.Join(root, "solutions", id, e.Name()))
				require.NoError(t, err)
				require.NoError(t, os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644))
			}
		}
		if init != "" {
			require.NoError(t, os.WriteFile(filepath.Join(src, "exercises", "01_dummy_queue", "init.go"), []byte(init), 0o644))
		}
		return src
	}
	cases := []struct {
		name     string
		init     string
		combined bool
		passes   bool // the exercise with the init still passes
	}{
		{name: "clean", combined: true},
		{name: "exit in init", init: "package dummyqueue\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc init() {\n\tfmt.Println(\"PASS\")\n\tos.Exit(0)\n}\n"},
		{name: "panic in init", init: "package dummyqueue\n\nvar broken = map[string]int(nil)\n\nfunc init() { broken[\"x\"] = 1 }\n"},
		// Output in an init would be printed by every exercise's process.
		{name: "print in init", init: "package dummyqueue\n\nimport \"fmt\"\n\nfunc init() { fmt.Println(\"loaded\") }\n", passes: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			bins := t.TempDir()
			r, err := Run(context.Background(), Options{Pristine: root, Sources: tree(t, tc.init), Exercises: ids, BinCache: bins})
			require.NoError(t, err)
			dirs, err := os.ReadDir(bins)
			require.NoError(t, err)
			require.Len(t, dirs, 1)
			dir := filepath.Join(bins, dirs[0].Name())
			a, errA := os.Stat(filepath.Join(dir, ids[0]+".test"))
			b, errB := os.Stat(filepath.Join(dir, ids[1]+".test"))
			require.NoError(t, errA)
			require.NoError(t, errB)
			assert.Equal(t, tc.combined, os.SameFile(a, b), "one binary for both exercises")
			for _, c := range r.Checks() {
				if c.Exercise == ids[0] || tc.init == "" || tc.passes {
					assert.True(t, c.Passed, "%s/%s: %s", c.Exercise, c.Name, c.Why())
				} else {
					assert.False(t, c.Passed, "%s/%s", c.Exercise, c.Name)
				}
			}
		})
	}
}

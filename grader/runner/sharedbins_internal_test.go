package runner

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
)

func newStore(t *testing.T) *SharedBinaries {
	t.Helper()
	s, err := NewSharedBinaries(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(content), 0o755))
	return path
}

// TestSharedBinariesStore: the store hands out a copy of what was built,
// and nothing once its file changed or its build was abandoned.
func TestSharedBinariesStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name   string
		meddle func(t *testing.T, s *SharedBinaries, e *sharedBinary, built string)
		want   bool
		// either: the store may or may not notice (a hard link shares
		// the change); it must never hand out other bytes.
		either bool
	}{
		{name: "untouched", want: true, meddle: func(*testing.T, *SharedBinaries, *sharedBinary, string) {}},
		{name: "overwritten", meddle: func(t *testing.T, _ *SharedBinaries, e *sharedBinary, _ string) {
			writeFile(t, e.path, "#!/bin/sh\nexit 0\n")
		}},
		{name: "same size", meddle: func(t *testing.T, _ *SharedBinaries, e *sharedBinary, _ string) {
			writeFile(t, e.path, "the real bytez")
		}},
		{name: "removed", meddle: func(t *testing.T, _ *SharedBinaries, e *sharedBinary, _ string) {
			require.NoError(t, os.Remove(e.path))
		}},
		{name: "build changed after publishing", either: true, meddle: func(t *testing.T, _ *SharedBinaries, _ *sharedBinary, built string) {
			writeFile(t, built, "changed later")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, dir := newStore(t), t.TempDir()
			built := writeFile(t, filepath.Join(dir, "built"), "the real bytes")
			e, owner := s.claim("k")
			require.True(t, owner, "the first claim builds")
			s.publish("k", e, built)
			tc.meddle(t, s, e, built)

			again, owner := s.claim("k")
			require.False(t, owner, "a published key is not built again")
			dst := filepath.Join(dir, "installed")
			installed := s.install(ctx, "k", again, dst)
			if !tc.either {
				require.Equal(t, tc.want, installed)
			}
			if !installed {
				assert.NoFileExists(t, dst, "nothing is left to run")
				_, owner := s.claim("k")
				assert.True(t, owner, "a bad entry is dropped: the next run builds it")
				return
			}
			data, err := os.ReadFile(dst)
			require.NoError(t, err)
			assert.Equal(t, "the real bytes", string(data))
		})
	}
}

// TestSharedBinariesAbandoned: a run waiting on a build that failed builds
// the exercise itself.
func TestSharedBinariesAbandoned(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	e, owner := s.claim("k")
	require.True(t, owner)
	waiter, owner := s.claim("k")
	require.False(t, owner)
	s.abandon("k", e)
	assert.False(t, s.install(context.Background(), "k", waiter, filepath.Join(t.TempDir(), "x")))
	_, owner = s.claim("k")
	assert.True(t, owner)
}

// TestSharedBinariesFolder: the store's folder is private and goes away.
func TestSharedBinariesFolder(t *testing.T) {
	t.Parallel()
	s, err := NewSharedBinaries(t.TempDir())
	require.NoError(t, err)
	info, err := os.Stat(s.dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), info.Mode().Perm())
	require.NoError(t, s.Close())
	assert.NoDirExists(t, s.dir)
}

// TestSharedBinariesTamperedStore: a submission that swaps the stubs'
// binary in the batch's store for the solution's gains nothing: the next
// submission with the stubs is graded by the stubs' own binary.
func TestSharedBinariesTamperedStore(t *testing.T) {
	t.Parallel()
	root, err := PristineRoot()
	require.NoError(t, err)
	const exercise = "01_dummy_queue"
	s := newStore(t)
	run := func(solved bool) *report.Report {
		r, err := Run(context.Background(), Options{
			Pristine: root, Sources: root, Solutions: solved, Exercises: []string{exercise}, SharedBins: s,
		})
		require.NoError(t, err)
		require.NotEmpty(t, r.Checks())
		return r
	}
	solution := run(true)
	require.Equal(t, solution.MaxScore, solution.Score, "the solution passes")
	require.Zero(t, run(false).Score, "the stubs fail")
	require.Len(t, s.entries, 2, "one binary for the solution, one for the stubs")

	keys := map[bool]string{} // by solved
	for k, e := range s.entries {
		keys[e.path == filepath.Join(s.dir, "1.test")] = k
	}
	solvedBin, stubBin := s.entries[keys[true]].path, s.entries[keys[false]].path
	data, err := os.ReadFile(solvedBin)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(stubBin, data, 0o700))

	assert.Zero(t, run(false).Score, "the stubs still fail")
	again := run(true)
	assert.Equal(t, again.MaxScore, again.Score, "the solution still passes")
}

// TestSharedBinariesLimit: past its limit, the store forgets the binaries
// used least recently.
func TestSharedBinariesLimit(t *testing.T) {
	t.Parallel()
	s, dir := newStore(t), t.TempDir()
	s.limit = 25
	publish := func(key string) {
		e, owner := s.claim(key)
		require.True(t, owner)
		s.publish(key, e, writeFile(t, filepath.Join(dir, key), "ten bytes!"))
	}
	publish("a")
	publish("b")
	_, owner := s.claim("a") // a is used again: b is the oldest
	require.False(t, owner)
	publish("c")

	assert.Contains(t, s.entries, "a")
	assert.NotContains(t, s.entries, "b")
	assert.Contains(t, s.entries, "c")
	assert.Equal(t, int64(20), s.size)
	files, err := os.ReadDir(s.dir)
	require.NoError(t, err)
	assert.Len(t, files, 2, "the forgotten binary's file is removed")
}

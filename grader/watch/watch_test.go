package watch_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/watch"
)

func TestExercise(t *testing.T) {
	t.Parallel()
	root := filepath.FromSlash("/repo")
	cases := map[string]string{
		"/repo/exercises/02_sqs_send/send.go": "02_sqs_send",
		"/repo/exercises/02_sqs_send":         "",
		"/repo/learner.yaml":                  "",
		"/elsewhere/exercises/02_x/a.go":      "",
	}
	for path, want := range cases {
		assert.Equal(t, want, watch.Exercise(root, filepath.FromSlash(path)), path)
	}
}

// TestRunDebouncesAndNamesTheExercise: a burst of writes to one exercise
// gives one call naming it; an editor's swap file gives none.
func TestRunDebouncesAndNamesTheExercise(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, id := range []string{"01_dummy_queue", "02_sqs_send"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, "exercises", id), 0o755))
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	calls := make(chan []string, 10)
	done := make(chan error, 1)
	go func() {
		done <- watch.Run(ctx, watch.Config{Root: root, Debounce: 50 * time.Millisecond,
			Changed: func(_ context.Context, ids []string) { calls <- ids }})
	}()
	file := filepath.Join(root, "exercises", "02_sqs_send", "send.go")
	// fsnotify starts watching inside Run: write until the first event lands.
	var got []string
	deadline := time.After(20 * time.Second)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
wait:
	for {
		select {
		case got = <-calls:
			break wait
		case <-tick.C:
			require.NoError(t, os.WriteFile(filepath.Join(root, "exercises", "01_dummy_queue", ".queue.go.swp"), []byte("x"), 0o644))
			for range 3 {
				require.NoError(t, os.WriteFile(file, []byte("package sqssend\n"), 0o644))
			}
		case <-deadline:
			t.Fatal("no change was reported")
		}
	}
	assert.Equal(t, []string{"02_sqs_send"}, got)
	cancel()
	require.NoError(t, <-done)
}

func TestRunNeedsExercises(t *testing.T) {
	t.Parallel()
	err := watch.Run(context.Background(), watch.Config{Root: t.TempDir(), Changed: func(context.Context, []string) {}})
	assert.ErrorContains(t, err, "no exercises folder")
}

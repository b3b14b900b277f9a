package runner_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/runner"
)

// hostileExercise is the exercise the hostile fixtures attack: pure Go, so
// the test needs no backend.
const hostileExercise = "01_dummy_queue"

// TestHostileSubmissionsGainNothing lays each fixture of fixtures/hostile
// over the stubs (or the solution) and requires that no check passes.
func TestHostileSubmissionsGainNothing(t *testing.T) {
	t.Parallel()
	root := pristine(t)
	requireChecks(t, root, hostileExercise)
	cases := []struct {
		name     string
		exercise string // default hostileExercise
		solved   bool
		opts     runner.Options
		// want checks the report beyond "no points".
		want func(t *testing.T, r *report.Report)
	}{
		{name: "edited-checks", want: func(t *testing.T, r *report.Report) {
			assert.True(t, anyContains(report.WarningMessages(r.Warnings), "queue_test.go differs"), "warns about the edited check file: %v", r.Warnings)
			assert.True(t, anyWarning(r, report.WarningEditedCheck, "queue_test.go"), "the warning says what it is, as data: %v", r.Warnings)
		}},
		{name: "added-test-init"},
		{name: "fake-output"},
		{name: "exit-zero-init", want: allError},
		{name: "exit-zero-solved", solved: true, want: allError},
		{name: "forge-seal", want: func(t *testing.T, r *report.Report) {
			assert.True(t, anyContains(report.WarningMessages(r.Warnings), "did not sign"), "reports the forged verdicts: %v", r.Warnings)
			assert.True(t, anyWarning(r, report.WarningUnsigned, ""), "the warning says what it is, as data: %v", r.Warnings)
		}},
		{name: "fake-check-name"},
		{name: "forge-seal-external", exercise: "05_sns_fanout"},
		{name: "endless-loop", opts: runner.Options{Timeout: 8 * time.Second}, want: func(t *testing.T, r *report.Report) {
			assert.True(t, anyCheck(r, func(c report.CheckResult) bool {
				return strings.Contains(c.Message, "timed out") || strings.Contains(c.Message, "stopped after")
			}), "a check says it was stopped")
		}},
		{name: "flood", opts: runner.Options{OutputLimit: 64 << 10}, want: func(t *testing.T, r *report.Report) {
			assert.True(t, anyCheck(r, func(c report.CheckResult) bool { return strings.Contains(c.Message, "far too much output") }))
		}},
		{name: "memory-hog", opts: runner.Options{MemoryLimit: 1 << 30}, want: func(t *testing.T, r *report.Report) {
			assert.True(t, anyCheck(r, func(c report.CheckResult) bool { return strings.Contains(c.Message, "ran out of memory") }),
				"a check says the process ran out of memory")
		}},
		{name: "compile-error", want: func(t *testing.T, r *report.Report) {
			for _, c := range r.Checks() {
				assert.Equal(t, report.StatusError, c.Status)
				assert.Equal(t, "exercises/01_dummy_queue/broken.go", c.File)
				assert.Equal(t, 4, c.Line)
				assert.Contains(t, c.Message, "exercises/01_dummy_queue/broken.go:4:")
			}
		}},
		{name: "unsafe-import", want: func(t *testing.T, r *report.Report) {
			for _, c := range r.Checks() {
				assert.Contains(t, c.Message, "not allowed in graded code")
			}
		}},
	}
	// The cases share a store of test binaries, as a batch's submissions
	// do: what one hostile submission does to it changes no other's grade.
	shared, err := runner.NewSharedBinaries(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { _ = shared.Close() })
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			exercise := tc.exercise
			if exercise == "" {
				exercise = hostileExercise
			}
			requireChecks(t, root, exercise)
			src := learnerTree(t, root, exercise, tc.solved, filepath.Join(root, "fixtures", "hostile", "testdata", tc.name))
			opts := tc.opts
			opts.Pristine, opts.Sources, opts.Exercises, opts.SharedBins = root, src, []string{exercise}, shared
			r, err := runner.Run(context.Background(), opts)
			require.NoError(t, err)
			require.NotEmpty(t, r.Checks())
			assert.Zero(t, r.Score, "a hostile submission gains no points")
			for _, c := range r.Checks() {
				assert.NotEqual(t, report.StatusPass, c.Status, "%s passed: %s", c.Name, c.Message)
			}
			if tc.want != nil {
				tc.want(t, r)
			}
		})
	}
}

func anyCheck(r *report.Report, ok func(report.CheckResult) bool) bool {
	for _, c := range r.Checks() {
		if ok(c) {
			return true
		}
	}
	return false
}

func allError(t *testing.T, r *report.Report) {
	for _, c := range r.Checks() {
		assert.Equal(t, report.StatusError, c.Status, "%s never finished, so it has no verdict", c.Name)
	}
}

// learnerTree makes a learner's repository: the stubs of exercise (or its
// solution), with the fixture's files laid over them.
func learnerTree(t *testing.T, root, exercise string, solved bool, fixture string) string {
	t.Helper()
	src := t.TempDir()
	dst := filepath.Join(src, "exercises", exercise)
	require.NoError(t, os.MkdirAll(dst, 0o755))
	base := filepath.Join(root, "exercises", exercise)
	if solved {
		base = filepath.Join(root, "solutions", exercise)
	}
	copyDir(t, base, dst)
	if fixture != "" {
		copyDir(t, fixture, dst)
	}
	learner, err := os.ReadFile(filepath.Join(root, "learner.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(src, "learner.yaml"), learner, 0o644))
	return src
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(to, e.Name()), data, 0o644))
	}
}

// anyWarning reports whether r has a warning of kind about a file whose
// name ends with file.
func anyWarning(r *report.Report, kind report.WarningKind, file string) bool {
	for _, w := range r.Warnings {
		if w.Kind == kind && strings.HasSuffix(w.File, file) {
			return true
		}
	}
	return false
}

func anyContains(list []string, s string) bool {
	for _, l := range list {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

package runner_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/runner"
)

// pristine is the repository the tests run in: the grader's own copy.
func pristine(t *testing.T) string {
	t.Helper()
	root, err := runner.PristineRoot()
	require.NoError(t, err)
	return root
}

// requireChecks skips the test while exercise has no checks in the
// catalogue yet: the exercises are written alongside the grader.
func requireChecks(t *testing.T, root, exercise string) {
	t.Helper()
	e, ok := exercises.Catalogue().Exercise(exercise)
	if !ok || len(e.Check) == 0 {
		t.Skipf("exercise %s has no checks in the catalogue yet", exercise)
	}
}

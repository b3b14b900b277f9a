package runner_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/runner"
)

// TestMistakesAreExplained grades each tree of fixtures/mistakes (a real
// learner's mistake laid over the solution of 01_dummy_queue) and requires
// that the checks it breaks say what happened, where, and what came back,
// as typed fields, and that the checks it does not break still pass.
func TestMistakesAreExplained(t *testing.T) {
	t.Parallel()
	root := pristine(t)
	requireChecks(t, root, hostileExercise)
	const queueGo = "exercises/01_dummy_queue/queue.go"
	cases := []struct {
		name string
		opts runner.Options
		want func(t *testing.T, checks map[string]report.CheckResult)
	}{
		{name: "endless-consume", opts: runner.Options{CheckTimeout: 3 * time.Second}, want: func(t *testing.T, checks map[string]report.CheckResult) {
			c := checks["TestConsumeEmptyQueue"]
			assert.Equal(t, report.StatusError, c.Status)
			assert.Equal(t, report.ReasonTimeout, c.Reason)
			assert.Equal(t, "Consume", c.Function)
			assert.Equal(t, queueGo, c.File)
			assert.Equal(t, 31, c.Line, "where Consume waits on a signal nobody sends")
			assert.Equal(t, 3*time.Second, c.Duration, "how long it was let run")
			assert.Regexp(t, `^stuck for 3s in Consume \(exercises/01_dummy_queue/queue\.go:\d+\): an endless loop, or waiting for something that never comes\?$`, c.Why())
			for _, name := range []string{"TestLessonExample", "TestQueueMatchesModel"} {
				assert.Equal(t, report.ReasonTimeout, checks[name].Reason, "%s calls Consume on an empty queue: %s", name, checks[name].Message)
			}
			// The checks that never call Consume on an empty queue get
			// their verdicts in a fresh process.
			assert.Equal(t, report.StatusPass, checks["TestReceiveHidesMessage"].Status, checks["TestReceiveHidesMessage"].Message)
			assert.Equal(t, report.StatusPass, checks["TestVisibilityQueueMatchesModel"].Status)
		}},
		{name: "nil-map-produce", want: func(t *testing.T, checks map[string]report.CheckResult) {
			panicked := 0
			for _, c := range checks {
				if c.Reason != report.ReasonPanic {
					continue
				}
				panicked++
				assert.Equal(t, report.StatusError, c.Status)
				assert.Equal(t, "panic: assignment to entry in nil map", c.Message)
				assert.Equal(t, "Produce.func1", c.Function)
				assert.Equal(t, queueGo, c.File)
				assert.Equal(t, 26, c.Line)
			}
			assert.NotZero(t, panicked, "a check says Produce's goroutine panicked")
			for _, c := range checks {
				if c.Reason == report.ReasonCrash {
					assert.Contains(t, c.Message, "the test process died from the panic: assignment to entry in nil map at exercises/01_dummy_queue/queue.go:24 during Test")
				}
			}
			assert.Equal(t, report.StatusPass, checks["TestDeleteRemovesMessage"].Status, "a check that never calls Produce: %s", checks["TestDeleteRemovesMessage"].Message)
		}},
		{name: "index-consume", want: func(t *testing.T, checks map[string]report.CheckResult) {
			c := checks["TestConsumeEmptyQueue"]
			assert.Equal(t, report.StatusFail, c.Status)
			assert.Equal(t, report.ReasonPanic, c.Reason)
			assert.Equal(t, "runtime error: index out of range [0] with length 0", c.Message, "the panic's value; Why names the function")
			assert.Equal(t, "Consume", c.Function)
			assert.Equal(t, "panicked in Consume (exercises/01_dummy_queue/queue.go:27): runtime error: index out of range [0] with length 0", c.Why())
			assert.Equal(t, queueGo, c.File)
			assert.Equal(t, 27, c.Line)
		}},
		{name: "lifo-consume", want: func(t *testing.T, checks map[string]report.CheckResult) {
			c := checks["TestLessonExample"]
			assert.Equal(t, report.StatusFail, c.Status)
			assert.Equal(t, report.ReasonNone, c.Reason)
			assert.Equal(t, `"Sold a coffee"`, c.Expected)
			assert.Equal(t, `"Sold a latte"`, c.Actual)
			assert.Empty(t, c.Seed, "not a randomised check")
			m := checks["TestQueueMatchesModel"]
			assert.Equal(t, report.StatusFail, m.Status)
			assert.Regexp(t, `^[0-9]+$`, m.Seed, "a randomised check gives its seed")
			assert.NotEmpty(t, m.Expected)
			assert.NotEmpty(t, m.Actual)
			assert.NotEqual(t, m.Expected, m.Actual)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tree := filepath.Join(root, "fixtures", "mistakes", "testdata", tc.name, "exercises", hostileExercise)
			src := learnerTree(t, root, hostileExercise, true, tree)
			opts := tc.opts
			opts.Pristine, opts.Sources, opts.Exercises = root, src, []string{hostileExercise}
			started := time.Now()
			r, err := runner.Run(context.Background(), opts)
			require.NoError(t, err)
			t.Logf("%s graded in %s", tc.name, time.Since(started).Round(time.Millisecond))
			checks := map[string]report.CheckResult{}
			for _, c := range r.Checks() {
				checks[c.Name] = c
				t.Logf("%s: %s %s %q expected=%q actual=%q fn=%q at %s seed=%q", c.Name, c.Status, c.Reason, c.Message, c.Expected, c.Actual, c.Function, c.Location(), c.Seed)
				assert.NotEqual(t, report.StatusPass, c.Status == report.StatusPass && c.Reason != report.ReasonNone, "a passing check has no reason")
			}
			tc.want(t, checks)
		})
	}
}

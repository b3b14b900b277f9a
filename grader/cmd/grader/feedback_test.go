package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/fixtures/mistakes"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

// TestFeedbackOnCommonMistakes is what a learner reads after `make check`
// when they make the mistakes learners make: each case is a learner's tree
// (a solution with one real mistake from fixtures/mistakes, or untouched
// stubs), graded by the grader's own command line, and its text report is
// compared, whole, with testdata/feedback_<case>.golden. Rerun with
// -update after an intended change, and read the diff as a learner would.
func TestFeedbackOnCommonMistakes(t *testing.T) {
	if testing.Short() {
		t.Skip("grades real exercises: not with -short")
	}
	// One seed for the randomised checks, so that each report is the same
	// from run to run (and the replay line shows it). The cases below run
	// in parallel with each other, not with other tests.
	t.Setenv("QUEUELAB_SEED", "1")
	root := repoRoot(t)
	cases := []struct {
		name     string
		exercise string
		mistake  string // a folder of fixtures/mistakes/testdata, laid over the solution
		args     []string
		code     int
	}{
		// A compile error is shown once, at the exercise, and Next says to
		// fix it first.
		{name: "compile-error", exercise: "02_sqs_send", mistake: "compile-error", code: 1},
		// A nil-map write in a goroutine that Produce starts says it
		// panicked, in which function, and where.
		{name: "panic-in-goroutine", exercise: "01_dummy_queue", mistake: "nil-map-produce", code: 1},
		// A panic the check's guard recovered still names the learner's line.
		{name: "panic-recovered", exercise: "01_dummy_queue", mistake: "index-consume", code: 1},
		// An endless loop is stopped at the check's limit and named.
		{name: "endless-loop", exercise: "01_dummy_queue", mistake: "endless-consume", args: []string{"--check-timeout", "2s"}, code: 1},
		// Next points at the check that fails, not at a hint already done.
		{name: "next-not-done", exercise: "02_sqs_send", mistake: "datatype-lowercase", code: 1},
		// What came back is shown beside what was expected.
		{name: "json-keys", exercise: "02_sqs_send", mistake: "json-untagged", code: 1},
		// A consumer that deletes before it handles is shown what happened
		// to a message, in order, against what should have.
		{name: "delete-before-handling", exercise: "03_sqs_consume", mistake: "delete-first-consume", code: 1},
		// AWS's own error for a filter policy, without the SDK's framing.
		{name: "filter-policy-not-an-array", exercise: "05_sns_fanout", mistake: "filter-policy-string", code: 1},
		// A run of one exercise says what it covers.
		{name: "scoped-run", exercise: "02_sqs_send", code: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tree := mistakeTree(t, root, tc.exercise, tc.mistake)
			args := append([]string{"check", "--dir", tree, "--format", "text"}, tc.args...)
			code, stdout, stderr := grader(t, append(args, tc.exercise)...)
			assert.Equal(t, tc.code, code, "stderr:\n%s", stderr)
			reporttest.Golden(t, "feedback_"+tc.name, []byte(scrubRun(stdout, tree)))
		})
	}
}

// mistakeTree is a learner's repository holding exercise's solution with
// the case mistake of fixtures/mistakes laid over it (just the solution
// when mistake is ""), and the shipped learner.yaml.
func mistakeTree(t *testing.T, root, exercise, mistake string) string {
	t.Helper()
	tree := t.TempDir()
	dst := filepath.Join(tree, "exercises", exercise)
	require.NoError(t, os.MkdirAll(dst, 0o755))
	// A learner's checkout: the exercise's stubs and checks, the solved
	// files over the stubs, then the mistake.
	copyFiles(t, filepath.Join(root, "exercises", exercise), dst)
	copyFiles(t, filepath.Join(root, "solutions", exercise), dst)
	if mistake != "" {
		require.NoError(t, mistakes.Lay(root, mistake, dst))
	}
	data, err := os.ReadFile(filepath.Join(root, "learner.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(tree, "learner.yaml"), data, 0o644))
	return tree
}

func copyFiles(t *testing.T, from, to string) {
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

// What changes from run to run: how long it took, where the tree is, how
// this grader is run (a test binary here: bin/grader under make check),
// and the account and the names' random suffixes each check gets (see
// labtest.Lab.Scope). Each is replaced by a placeholder of its own length,
// so that the lines wrap as the learner's do.
var (
	headerDuration = regexp.MustCompile(`(?m) · [0-9.]+(ms|s|m[0-9.]*s)$`)
	checkAccount   = regexp.MustCompile(`(arn:aws:[a-z]+:[a-z0-9-]+:)\d{12}\b`)
	scopedName     = regexp.MustCompile(`\bada(-[a-z0-9]{5})+\b`)
	// nameWords are the five-letter words of the exercises' resource
	// names, which follow the random suffixes and are not one.
	nameWords = []string{"daily", "empty", "latte", "order", "other", "plain", "queue", "sales", "stock", "topic"}
)

// scrubSuffixes replaces the random suffixes that follow the learner's
// name in a check's resource names ("ada-k3x9q-latte-…").
func scrubSuffixes(out string) string {
	return scopedName.ReplaceAllStringFunc(out, func(name string) string {
		parts := strings.Split(name, "-")
		for i := 1; i < len(parts) && !slices.Contains(nameWords, parts[i]); i++ {
			parts[i] = "<rnd>"
		}
		return strings.Join(parts, "-")
	})
}

func scrubRun(out, tree string) string {
	out = headerDuration.ReplaceAllString(out, " · <time>")
	out = checkAccount.ReplaceAllString(out, "${1}<account-id>")
	out = scrubSuffixes(out)
	out = strings.ReplaceAll(out, selfCommand()+" ", "bin/grader ")
	return strings.ReplaceAll(out, tree, "<tree>")
}

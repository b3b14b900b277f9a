package labtest

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/learner"
)

// Check registers the hint of the running check: when the check fails, the
// hint from the catalogue is printed under it, telling the learner what to do
// next. Checks that need no AWS call it first; New calls it for the others.
func Check(t testing.TB) {
	t.Helper()
	exercise := exerciseOf(t)
	check, ok := exercises.Catalogue().Lookup(exercise, t.Name())
	if !ok {
		t.Fatalf("labtest: %s is not in exercises/catalogue.yaml under %s: add it with its objective, points and hint", t.Name(), exercise)
	}
	reportVerdict(t, exercise)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("HINT: %s", strings.TrimSpace(check.Hint))
		}
	})
}

// exerciseOf names the exercise a check belongs to: the folder of the test
// file that called into labtest.
func exerciseOf(t testing.TB) string {
	for skip := 1; skip < 10; skip++ {
		_, file, _, ok := runtime.Caller(skip)
		if !ok {
			break
		}
		if strings.HasSuffix(file, "_test.go") {
			return filepath.Base(filepath.Dir(file))
		}
	}
	// Fall back to the working directory: go test runs in the package folder.
	wd, _ := os.Getwd()
	return filepath.Base(wd)
}

// Learner returns the learner's name: QUEUELAB_LEARNER when set, else the
// name in learner.yaml found from the working directory upwards.
func Learner(t testing.TB) string {
	t.Helper()
	if name := os.Getenv(learner.EnvName); name != "" {
		if err := learner.ValidateName(name); err != nil {
			t.Fatalf("labtest: %v", err)
		}
		return name
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatalf("labtest: %v", err)
	}
	l, _, err := learner.Find(wd)
	if err != nil {
		t.Fatalf("labtest: %v", err)
	}
	return l.Name
}

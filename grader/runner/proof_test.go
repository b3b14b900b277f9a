package runner_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/backend"
	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/runner"
)

// TestCatalogueMatchesChecks: every check the catalogue lists is a test
// function of its exercise, and every test function of an exercise is a
// check in the catalogue.
func TestCatalogueMatchesChecks(t *testing.T) {
	t.Parallel()
	root := pristine(t)
	for _, e := range exercises.Catalogue().Exercises {
		t.Run(e.ID, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(root, "exercises", e.ID)
			if _, err := os.Stat(dir); err != nil {
				t.Skipf("exercises/%s is not written yet", e.ID)
			}
			var listed []string
			for _, c := range e.Check {
				listed = append(listed, c.Name)
			}
			slices.Sort(listed)
			assert.Equal(t, listed, testFuncs(t, dir), "the checks of %s in exercises/catalogue.yaml and the Test functions of exercises/%s/*_test.go", e.ID, e.ID)
		})
	}
}

// testFuncs lists the top-level Test functions of the test files in dir.
func testFuncs(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	require.NoError(t, err)
	names := []string{}
	for _, file := range files {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Test") && fn.Name.Name != "TestMain" {
				names = append(names, fn.Name.Name)
			}
		}
	}
	slices.Sort(names)
	return names
}

// TestProof: every check passes on solutions/ and fails, with its hint, on
// the untouched stubs, on the embedded backend that `make check` uses.
func TestProof(t *testing.T) {
	t.Parallel()
	root := pristine(t)
	var ids []string
	for _, e := range exercises.Catalogue().Exercises {
		if len(e.Check) == 0 {
			t.Logf("exercise %s has no checks in the catalogue yet: not proven", e.ID)
			continue
		}
		ids = append(ids, e.ID)
	}
	if len(ids) == 0 {
		t.Skip("no exercise has checks yet")
	}
	be, err := backend.New(backend.Config{Name: backend.Embedded})
	require.NoError(t, err)
	target, err := be.Start(context.Background())
	require.NoError(t, err)
	t.Cleanup(func() { _ = be.Stop(context.Background()) })

	for _, solved := range []bool{true, false} {
		name := map[bool]string{true: "solutions", false: "stubs"}[solved]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r, err := runner.Run(context.Background(), runner.Options{
				Pristine: root, Sources: root, Solutions: solved, Exercises: ids, Endpoint: target.URL,
				// The proof is about verdicts, not speed: a loaded CI machine
				// must not turn a slow check into a stuck one.
				CheckTimeout: 30 * time.Second,
			})
			require.NoError(t, err)
			for _, c := range r.Checks() {
				if solved {
					assert.Equal(t, report.StatusPass, c.Status, "%s/%s on the solution: %s\n%s", c.Exercise, c.Name, c.Message, c.Output)
					continue
				}
				assert.Equal(t, report.StatusFail, c.Status, "%s/%s on the stubs must run and fail: %s\n%s", c.Exercise, c.Name, c.Message, c.Output)
				assert.NotEmpty(t, c.Hint, "%s/%s has a hint", c.Exercise, c.Name)
				assert.NotEmpty(t, c.Message, "%s/%s says why it failed", c.Exercise, c.Name)
			}
		})
	}
}

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

	"github.com/queuelab/queuelab/fixtures/mistakes"
	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/runner"
)

// neighbour is the exercise graded beside each fixture, solved: pure Go
// and quick. Grading two exercises builds one test binary for both.
const neighbour = "00_quiz"

// TestOneBinaryChangesNoVerdict grades every hostile and mistaken
// submission twice: its exercise alone (a test binary of its own), and
// beside a solved neighbour (one test binary for both, or one each when
// the two cannot share). The neighbour must lose nothing to it (not to an
// init that exits, a flood, a hang, a forged verdict or a compile error),
// the fixture's exercise must score as it does alone, with the same compile
// errors, and a panic or a stuck check must be placed in the learner's file
// as alone. Which of several concurrent checks a crash hits first varies
// from run to run (alone too), so it compares scores, not check by check,
// and only where nothing crashed.
func TestOneBinaryChangesNoVerdict(t *testing.T) {
	t.Parallel()
	root := pristine(t)
	requireChecks(t, root, hostileExercise)
	requireChecks(t, root, neighbour)
	type fixture struct {
		name, exercise, dir string
		mistake             string // a case of fixtures/mistakes, laid over the solution
	}
	var fixtures []fixture
	for _, kind := range []string{"hostile", "mistakes"} {
		entries, err := os.ReadDir(filepath.Join(root, "fixtures", kind, "testdata"))
		require.NoError(t, err)
		for _, e := range entries {
			dir := filepath.Join(root, "fixtures", kind, "testdata", e.Name())
			f := fixture{name: kind + "/" + e.Name(), exercise: hostileExercise, dir: dir}
			if kind == "mistakes" {
				f.exercise, err = mistakes.Exercise(root, e.Name())
				require.NoError(t, err)
				f.dir, f.mistake = "", e.Name()
			} else if sub, err := os.ReadDir(filepath.Join(dir, "exercises")); err == nil && len(sub) == 1 {
				f.exercise = sub[0].Name()
				f.dir = filepath.Join(dir, "exercises", f.exercise)
			}
			if strings.HasSuffix(e.Name(), "-external") {
				f.exercise = "05_sns_fanout"
			}
			fixtures = append(fixtures, f)
		}
	}
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			requireChecks(t, root, f.exercise)
			solved := strings.HasPrefix(f.name, "mistakes/") || strings.HasSuffix(f.name, "-solved")
			src := learnerTree(t, root, f.exercise, solved, f.dir)
			if f.mistake != "" {
				require.NoError(t, mistakes.Lay(root, f.mistake, filepath.Join(src, "exercises", f.exercise)))
			}
			quiz := filepath.Join(src, "exercises", neighbour)
			require.NoError(t, os.MkdirAll(quiz, 0o755))
			copyDir(t, filepath.Join(root, "solutions", neighbour), quiz)
			type graded struct {
				score   int
				places  map[string]bool // compile errors: where, and what
				crashed bool            // how many checks a crash takes down varies
			}
			grade := func(ids ...string) graded {
				r, err := runner.Run(context.Background(), runner.Options{
					Pristine: root, Sources: src, Exercises: ids,
					CheckTimeout: 3 * time.Second, OutputLimit: 64 << 10, MemoryLimit: 1 << 30,
				})
				require.NoError(t, err)
				g := graded{places: map[string]bool{}}
				for _, c := range r.Checks() {
					if c.Exercise == neighbour && len(ids) > 1 {
						assert.Equal(t, report.StatusPass, c.Status, "%s/%s, beside %s: %s", c.Exercise, c.Name, f.name, c.Why())
						continue
					}
					if c.Passed {
						g.score += c.Score
					}
					g.crashed = g.crashed || c.Reason == report.ReasonPanic || c.Reason == report.ReasonCrash
					switch c.Reason {
					case report.ReasonCompile:
						g.places[c.Location()+" "+c.Message] = true
					case report.ReasonPanic, report.ReasonTimeout:
						if c.File != "" {
							assert.True(t, strings.HasPrefix(c.File, "exercises/"+f.exercise+"/") && !strings.HasSuffix(c.File, "_test.go"),
								"%s/%s stopped in the learner's code, named as alone: %s", c.Exercise, c.Name, c.Why())
						}
					}
				}
				return g
			}
			alone, together := grade(f.exercise), grade(f.exercise, neighbour)
			if !alone.crashed {
				assert.Equal(t, alone.score, together.score, "the fixture's exercise scores as it does alone")
			}
			if strings.HasPrefix(f.name, "hostile/") {
				assert.Zero(t, together.score, "a hostile submission gains no points")
			}
			assert.Equal(t, alone.places, together.places, "the same compile errors")
		})
	}
}

package batch

import (
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/batch/internal/fixturegen"
	"github.com/queuelab/queuelab/grader/runner"
)

// BenchmarkClass grades a class of generated submissions (40 by default,
// QUEUELAB_BENCH_SUBMISSIONS to change it; QUEUELAB_BENCH_JOBS sets --jobs,
// default the number of cores), complete and partial in turn, with the
// real runner and a warm build cache, and reports seconds per submission,
// for two classes side by side:
//
//   - repeated: the generated submissions share their sources (the stubs or
//     the solution of each exercise, five different submissions in all), so
//     the batch builds each kind of submission once;
//   - unique: every submission's sources are its own (a comment naming the
//     student in every file), as in a real class, so every submission's
//     test binary is built.
//
// Run it once: go test -run '^$' -bench Class -benchtime 1x ./grader/batch/
// (make bench-batch runs both classes in alternating rounds);
// QUEUELAB_BENCH_UNIQUE=1 runs the unique class only.
func BenchmarkClass(b *testing.B) {
	n := 40
	if v, err := strconv.Atoi(os.Getenv("QUEUELAB_BENCH_SUBMISSIONS")); err == nil && v > 0 {
		n = v
	}
	root, err := runner.PristineRoot()
	require.NoError(b, err)
	tree := fixturegen.LoadTree(root, exercises.Catalogue())
	jobs, _ := strconv.Atoi(os.Getenv("QUEUELAB_BENCH_JOBS"))
	opts := func(dir string) Options {
		return Options{Submissions: dir, Out: filepath.Join(b.TempDir(), "out"), Runner: runner.Options{Exercises: tree.Exercises}, Timeout: 5 * time.Minute, Jobs: jobs}
	}
	// Warm the build cache: the dependencies, the checks and the emulator
	// compile once, as they do on an instructor's machine after one run.
	warm := filepath.Join(b.TempDir(), "warm")
	require.NoError(b, tree.WriteSpecs(warm, tree.Mixed(1)))
	_, err = Run(context.Background(), opts(warm))
	require.NoError(b, err)

	for _, class := range []string{"repeated", "unique"} {
		if class == "repeated" && os.Getenv("QUEUELAB_BENCH_UNIQUE") == "1" {
			continue
		}
		b.Run("code="+class, func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				b.StopTimer()
				subs := filepath.Join(b.TempDir(), "submissions")
				require.NoError(b, tree.WriteSpecs(subs, tree.Mixed(n)))
				if class == "unique" {
					makeUnique(b, subs)
				}
				b.StartTimer()
				sum, err := Run(context.Background(), opts(subs))
				require.NoError(b, err)
				require.Equal(b, n, sum.Graded)
				total += sum.Duration
			}
			b.ReportMetric(total.Seconds()/float64(b.N)/float64(n), "s/submission")
			b.ReportMetric(float64(runtime.NumCPU()), "cores")
			if jobs <= 0 {
				jobs = DefaultJobs()
			}
			b.ReportMetric(float64(jobs), "jobs")
		})
	}
}

// makeUnique adds a comment naming the submission to every source file of
// every submission under dir, so that no two submissions build the same
// test binary; the comment also carries a token new to this call, so that
// no source was ever compiled before (in an earlier round or run) and the
// Go build cache cannot hand a round what a real class never gives it.
func makeUnique(b *testing.B, dir string) {
	b.Helper()
	token := rand.Text()
	files, err := filepath.Glob(filepath.Join(dir, "*", "exercises", "*", "*.go"))
	require.NoError(b, err)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		rel, err := filepath.Rel(dir, f)
		require.NoError(b, err)
		data, err := os.ReadFile(f)
		require.NoError(b, err)
		data = append(data, "\n// submitted by "+strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]+" ("+token+")\n"...)
		require.NoError(b, os.WriteFile(f, data, 0o644))
	}
}

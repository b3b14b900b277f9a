package batch

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/batch/internal/fixturegen"
	"github.com/queuelab/queuelab/grader/runner"
)

// BenchmarkClass grades a class of generated submissions (40 by default,
// QUEUELAB_BENCH_SUBMISSIONS to change it; QUEUELAB_BENCH_JOBS sets --jobs,
// default the number of cores), complete and partial in turn,
// with the real runner and a warm build cache, and reports seconds per
// submission. Run it once: go test -run '^$' -bench Class -benchtime 1x ./grader/batch/
func BenchmarkClass(b *testing.B) {
	n := 40
	if v, err := strconv.Atoi(os.Getenv("QUEUELAB_BENCH_SUBMISSIONS")); err == nil && v > 0 {
		n = v
	}
	root, err := runner.PristineRoot()
	require.NoError(b, err)
	tree := fixturegen.LoadTree(root, exercises.Catalogue())
	subs := filepath.Join(b.TempDir(), "submissions")
	require.NoError(b, tree.WriteSpecs(subs, tree.Mixed(n)))
	warm := filepath.Join(b.TempDir(), "warm")
	require.NoError(b, tree.WriteSpecs(warm, tree.Mixed(1)))
	jobs, _ := strconv.Atoi(os.Getenv("QUEUELAB_BENCH_JOBS"))
	opts := func(dir string) Options {
		return Options{Submissions: dir, Out: filepath.Join(b.TempDir(), "out"), Exercises: tree.Exercises, Timeout: 5 * time.Minute, Jobs: jobs}
	}
	// Warm the build cache: the dependencies, the checks and the emulator
	// compile once, as they do on an instructor's machine after one run.
	_, err = Run(context.Background(), opts(warm))
	require.NoError(b, err)

	b.ResetTimer()
	var total time.Duration
	for b.Loop() {
		sum, err := Run(context.Background(), opts(subs))
		require.NoError(b, err)
		require.Equal(b, n, sum.Graded)
		total += sum.Duration
	}
	b.ReportMetric(total.Seconds()/float64(b.N)/float64(n), "s/submission")
	b.ReportMetric(float64(runtime.NumCPU()), "cores")
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	b.ReportMetric(float64(jobs), "jobs")
}

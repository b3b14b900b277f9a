package runner_test

import (
	"context"
	"testing"

	"github.com/queuelab/queuelab/grader/backend"
	"github.com/queuelab/queuelab/grader/runner"
)

// BenchmarkCheckSolutions is a warm `grader check --solutions` on the
// embedded backend: test binaries kept between runs (as the CLI does), so
// an iteration is a build with nothing to relink plus every check.
func BenchmarkCheckSolutions(b *testing.B) {
	root, err := runner.PristineRoot()
	if err != nil {
		b.Fatal(err)
	}
	be, err := backend.New(backend.Config{})
	if err != nil {
		b.Fatal(err)
	}
	target, err := be.Start(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = be.Stop(context.Background()) }()
	opts := runner.Options{Pristine: root, Solutions: true, Endpoint: target.URL, BinCache: b.TempDir()}
	if _, err := runner.Run(context.Background(), opts); err != nil { // warm the caches
		b.Fatal(err)
	}
	for b.Loop() {
		r, err := runner.Run(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		if !r.Passed {
			b.Fatalf("the solutions did not pass: %d/%d", r.Score, r.MaxScore)
		}
	}
}

package batch

import (
	"bytes"
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
)

// warmingGrader is a fakeGrader that can be warmed, and remembers whether
// any submission was graded before its warm-up ended.
type warmingGrader struct {
	*fakeGrader
	warmErr    error
	warms      atomic.Int32
	warmed     atomic.Bool
	gradedCold atomic.Bool
}

func (g *warmingGrader) Warm(ctx context.Context) error {
	g.warms.Add(1)
	defer g.warmed.Store(true)
	return g.warmErr
}

func (g *warmingGrader) Grade(ctx context.Context, sub Submission) (*report.Report, error) {
	if !g.warmed.Load() {
		g.gradedCold.Store(true)
	}
	return g.fakeGrader.Grade(ctx, sub)
}

func TestRunWarmsTheGraderOnceBeforeGrading(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		warmErr error
		says    string
	}{
		{"warmed", nil, "compiled the checks' dependencies in "},
		{"warm-up failed", errors.New("no go command"),
			"could not compile the checks' dependencies before grading (no go command); the first submissions will compile them within their time limits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := &warmingGrader{fakeGrader: &fakeGrader{cat: testCatalogue(t)}, warmErr: tt.warmErr}
			opts := options(t, smallClass(t), g)
			var progress bytes.Buffer
			opts.Progress = &progress
			sum, err := Run(context.Background(), opts)
			require.NoError(t, err, "a warm-up that fails does not fail the batch")
			assert.Equal(t, int32(1), g.warms.Load())
			assert.False(t, g.gradedCold.Load(), "a submission was graded before the warm-up ended")
			assert.Equal(t, 6, sum.Graded)
			assert.Equal(t, smallClassGrades, readFile(t, opts.Out+"/grades.csv"))
			assert.Contains(t, progress.String(), tt.says)
		})
	}
}

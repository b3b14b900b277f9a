package batch

import (
	"context"
	"fmt"
	"io"
	"time"
)

// warmer is a Grader that can prepare, once and before the first
// submission, what every submission's grading shares (RunnerGrader compiles
// the checks' dependencies), so that no submission's time limit pays for it.
type warmer interface {
	Warm(ctx context.Context) error
}

// warmTimeout bounds the preparation: a cold build of the checks'
// dependencies takes a minute or two on a small machine.
const warmTimeout = 15 * time.Minute

// warmUp prepares g if it can and says so on progress. It never fails the
// batch: without it the first submissions do the work within their limits,
// which is slower but still grades them.
func warmUp(ctx context.Context, g Grader, progress io.Writer) {
	w, ok := g.(warmer)
	if !ok {
		return
	}
	started := time.Now()
	wctx, cancel := context.WithTimeout(ctx, warmTimeout)
	defer cancel()
	if err := w.Warm(wctx); err != nil {
		if ctx.Err() == nil {
			fmt.Fprintf(progress, "could not compile the checks' dependencies before grading (%v); the first submissions will compile them within their time limits\n", err)
		}
		return
	}
	if progress != io.Discard {
		fmt.Fprintf(progress, "compiled the checks' dependencies in %v\n", time.Since(started).Round(100*time.Millisecond))
	}
}

package batch

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/queuelab/queuelab/grader/batch/classreport"
)

// progress shows the batch moving: a bar with done/total, failures so far
// and the time left on a terminal, one plain line per submission elsewhere
// (CI logs, files), where a redrawn bar would be noise.
//
// The bar is schollz/progressbar: it is maintained, small (three small
// dependencies), measures the terminal's width, draws to any writer and
// estimates the time left from the rate so far, which is all we need and
// more than is worth writing again.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	bar      *progressbar.ProgressBar
	total    int
	n        int
	failures int
	started  time.Time
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, started: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("grading"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	} else if w != io.Discard {
		fmt.Fprintf(w, "grading %d submissions\n", total)
	}
	return p
}

// failed says whether a submission counts as a failure in the progress:
// it could not be read, ran out of time, made the grader fail, or has code
// that does not compile, panicked, hung or crashed (it has a note). A
// submission whose code only fails checks is graded, not failed.
func failed(res classreport.Result) bool {
	return res.Status != classreport.StatusGraded || classreport.Misbehaved(res)
}

func (p *progress) done(res classreport.Result, resumed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if failed(res) {
		p.failures++
	}
	if p.bar != nil {
		p.bar.Describe(fmt.Sprintf("grading (%d failed)", p.failures))
		_ = p.bar.Add(1)
		return
	}
	if p.w == io.Discard {
		return
	}
	what := fmt.Sprintf("%d/%d", res.Report.Score, res.Report.MaxScore)
	switch {
	case resumed:
		what += ", already graded"
	case res.Status != classreport.StatusGraded:
		what += ", " + string(res.Status)
	case failed(res):
		what += ", " + classreport.Note(res)
	}
	fmt.Fprintf(p.w, "[%d/%d] %s: %s (%s; %d failed so far%s)\n", p.n, p.total, res.ID, what,
		res.Duration.Round(100*time.Millisecond), p.failures, p.eta())
}

// eta estimates the time left from the mean time per submission so far.
func (p *progress) eta() string {
	if p.n >= p.total {
		return ""
	}
	left := time.Since(p.started) / time.Duration(p.n) * time.Duration(p.total-p.n)
	return fmt.Sprintf("; about %v left", left.Round(time.Second))
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

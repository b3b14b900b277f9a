package batch

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/queuelab/queuelab/grader/batch/classreport"
	"github.com/queuelab/queuelab/grader/catalogue"
)

func summarize(s *Summary, cat *catalogue.Catalogue, results []classreport.Result) {
	st := classreport.Compute(cat, results)
	s.MeanPercent = st.MeanPercent
	s.PassedAll = st.PassedAll
	s.CompileFailures = len(st.Compile)
	for _, r := range results {
		switch r.Status {
		case classreport.StatusUnreadable:
			s.Unreadable++
		case classreport.StatusTimeout:
			s.TimedOut++
		case classreport.StatusError:
			s.Errors++
		}
	}
}

// Write prints the summary for a person at the end of a batch.
func (s Summary) Write(w io.Writer) {
	fmt.Fprintf(w, "Graded %d of %d submissions in %v", s.Done(), s.Total, s.Duration.Round(100*time.Millisecond))
	if s.Resumed > 0 {
		fmt.Fprintf(w, " (%d kept from the last run)", s.Resumed)
	}
	fmt.Fprintf(w, ".\nMean score %.0f%%; %d met every objective.\n", s.MeanPercent, s.PassedAll)
	if n := s.CompileFailures + s.Unreadable + s.TimedOut + s.Errors; n > 0 {
		fmt.Fprintf(w, "Problems: %d do not compile, %d could not be read, %d ran out of time, %d could not be graded.\n",
			s.CompileFailures, s.Unreadable, s.TimedOut, s.Errors)
	}
	for _, ig := range s.Ignored {
		fmt.Fprintf(w, "Ignored %s\n", ig)
	}
	fmt.Fprintf(w, "Gradebook: %s\nClass report: %s\nFeedback: %s\n",
		filepath.Join(s.Out, classreport.GradesFile), filepath.Join(s.Out, classreport.ReportFile),
		filepath.Join(s.Out, classreport.FeedbackDir)+string(filepath.Separator))
}

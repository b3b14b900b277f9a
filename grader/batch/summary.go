package batch

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/batch/classreport"
	"github.com/queuelab/queuelab/grader/catalogue"
)

func summarize(s *Summary, cat *catalogue.Catalogue, results []classreport.Result) {
	st := classreport.Compute(cat, classreport.Submitted(results))
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
		case classreport.StatusMissing:
			s.Missing = append(s.Missing, r.ID)
		}
		if r.NotOnRoster {
			s.NotOnRoster = append(s.NotOnRoster, fmt.Sprintf("%s (%s)", r.ID, r.Entry))
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
	if len(s.Missing) > 0 {
		fmt.Fprintf(w, "Missing: %d on the roster handed nothing in (status missing, score 0): %s\n", len(s.Missing), strings.Join(s.Missing, ", "))
	}
	if len(s.NotOnRoster) > 0 {
		fmt.Fprintf(w, "Not on the roster: %d graded anyway: %s\n", len(s.NotOnRoster), strings.Join(s.NotOnRoster, ", "))
	}
	if s.Compared != "" {
		fmt.Fprintf(w, "Changed since %s: %d students\n", s.Compared, len(s.Changes))
		for _, c := range s.Changes {
			fmt.Fprintf(w, "  %s\n", changeLine(c))
		}
	}
	fmt.Fprintf(w, "Gradebook: %s\nClass report: %s\nFeedback: %s\n",
		filepath.Join(s.Out, classreport.GradesFile), filepath.Join(s.Out, classreport.ReportFile),
		filepath.Join(s.Out, classreport.FeedbackDir)+string(filepath.Separator))
}

// changeLine is one changed student for the summary:
// "ada: 10 → 12 (+01_dummy_queue/TestFIFO, −03_sqs_consume/TestDelete)".
func changeLine(c classreport.Change) string {
	before, after := fmt.Sprint(c.Before), fmt.Sprint(c.After)
	if c.New {
		before = "none"
	}
	if c.Gone {
		after = "none"
	}
	line := fmt.Sprintf("%s: %s → %s", c.ID, before, after)
	if len(c.Flipped) > 0 {
		flips := make([]string, len(c.Flipped))
		for i, f := range c.Flipped {
			flips[i] = f.String()
		}
		line += " (" + strings.Join(flips, ", ") + ")"
	}
	return line
}

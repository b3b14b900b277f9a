package classreport

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/report"
)

// Trouble is one way a submission's code misbehaved while it was graded:
// it panicked, hung, crashed, flooded its output or ran out of memory in
// one place. Several checks stopped by the same trouble make one Trouble.
type Trouble struct {
	Reason   report.Reason
	Exercise string
	// Function and Location (file:line) are where, when the runner found it.
	Function, Location string
	// Stopped is how long the check ran before it was stopped (timeouts).
	Stopped time.Duration
}

// String says what happened in a few words, for the note beside a student:
// "panicked in Produce (exercises/01_dummy_queue/queue.go:27)",
// "stuck in Consume — stopped after 10s".
func (t Trouble) String() string {
	where := t.Exercise
	if t.Function != "" {
		where = t.Function
	}
	if t.Location != "" {
		where += " (" + t.Location + ")"
	}
	switch t.Reason {
	case report.ReasonPanic:
		return "panicked in " + where
	case report.ReasonTimeout:
		if t.Stopped > 0 {
			return fmt.Sprintf("stuck in %s — stopped after %v", where, round(t.Stopped))
		}
		return "stuck in " + where + " — stopped at its time limit"
	case report.ReasonCrash:
		return "crashed in " + where + ": the test process ended early"
	case report.ReasonFlood:
		return "printed far too much in " + where + " — stopped"
	case report.ReasonOutOfMemory:
		return "ran out of memory in " + where
	case report.ReasonGrader:
		return "the grader failed on " + t.Exercise + " (not the student's fault)"
	}
	return string(t.Reason) + " in " + where
}

// troubleReasons are the reasons that make a Trouble: the code under test
// misbehaved, or the grader did. A failed assertion, a stub and a compile
// error are not troubles (compile errors have CompileErrors).
var troubleReasons = map[report.Reason]bool{
	report.ReasonPanic: true, report.ReasonTimeout: true, report.ReasonCrash: true,
	report.ReasonFlood: true, report.ReasonOutOfMemory: true, report.ReasonGrader: true,
}

// Troubles lists how a report's code misbehaved, in lesson order (by
// exercise), each place once.
func Troubles(r *report.Report) []Trouble {
	if r == nil {
		return nil
	}
	legacy := !hasReasons(r)
	var out []Trouble
	seen := map[Trouble]bool{}
	for _, c := range r.Checks() {
		reason := reasonOf(c, legacy)
		if c.Status == report.StatusPass || c.Status == report.StatusSkip || !troubleReasons[reason] {
			continue
		}
		t := Trouble{Reason: reason, Exercise: c.Exercise, Function: c.Function, Location: c.Location()}
		if reason == report.ReasonTimeout {
			t.Stopped = c.Duration
			if legacy {
				t.Stopped = legacyStopped(c.Message)
			}
		}
		if seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Exercise < out[j].Exercise })
	return out
}

// Misbehaved says whether a submission is one to look at: it was not
// graded normally (and says why), or its code does not compile, panicked,
// hung, crashed, flooded its output or ran out of memory. It is true
// exactly when Note is not empty, decided from the same data.
func Misbehaved(res Result) bool {
	if res.Status != StatusGraded {
		return res.Error != ""
	}
	return len(CompileErrors(res.Report)) > 0 || len(Troubles(res.Report)) > 0
}

// Note is the line the gradebook and the class report show beside a
// submission: why it was not graded, or how its code misbehaved (does
// not compile, panicked, hung, crashed, flooded its output, ran out of
// memory). It is "" for a submission graded without trouble.
func Note(res Result) string {
	if res.Status != StatusGraded {
		return oneLine(res.Error)
	}
	var parts []string
	if ce := CompileErrors(res.Report); len(ce) > 0 {
		ids := make([]string, 0, len(ce))
		for id := range ce {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		parts = append(parts, "does not compile: "+strings.Join(ids, ", "))
	}
	for _, t := range Troubles(res.Report) {
		parts = append(parts, t.String())
	}
	return oneLine(strings.Join(parts, "; "))
}

// hasReasons says whether a report was written by a runner that records
// why each check ended as it did. Reports kept from before (results.json
// journals that --resume reads) have no reason on any check.
func hasReasons(r *report.Report) bool {
	for _, o := range r.Objectives {
		for _, c := range o.Checks {
			if c.Reason != report.ReasonNone {
				return true
			}
		}
	}
	return false
}

// legacyStopped reads how long a stuck check ran from the message of a
// runner that did not record it: "... was stopped after 50.1s: ...".
func legacyStopped(msg string) time.Duration {
	_, after, ok := strings.Cut(msg, "stopped after ")
	if !ok {
		_, after, ok = strings.Cut(msg, "timed out after ")
	}
	if !ok {
		return 0
	}
	word, _, _ := strings.Cut(after, " ")
	d, err := time.ParseDuration(strings.TrimRight(word, ":,"))
	if err != nil {
		return 0
	}
	return d
}

// reasonOf is why a check did not pass. For a report written before checks
// carried their reason (legacy), and only then, it is told from the words
// the runner of that time used.
func reasonOf(c report.CheckResult, legacy bool) report.Reason {
	if !legacy || c.Status != report.StatusError {
		return c.Reason
	}
	msg := c.Message
	switch {
	case strings.Contains(msg, "printed far too much output"):
		return report.ReasonFlood
	case strings.Contains(msg, "ran out of memory"):
		return report.ReasonOutOfMemory
	case strings.Contains(msg, "was stopped after"), strings.HasPrefix(msg, "timed out after"):
		return report.ReasonTimeout
	case strings.HasPrefix(msg, "panic"), strings.Contains(msg, "crashed first: panic"):
		return report.ReasonPanic
	case strings.Contains(msg, "the test process ended"):
		return report.ReasonCrash
	case isCompilerMessage(c.Why()):
		return report.ReasonCompile
	}
	return report.ReasonNone
}

package runner

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/report"
)

// record turns what was seen of one test process of an exercise into the
// results of the checks it ran: the sealed verdicts decide, the output only
// explains. It returns the checks to run again in a fresh process: those
// without a verdict that a panic or a stuck check kept from finishing, and
// none when last.
func (g *grading) record(id string, res *execution, ran []string, last bool) (again []string) {
	parsed := parseOutput(res.output)
	byTest := parsed.lines
	g.mu.Lock()
	defer g.mu.Unlock()
	if res.rejected > 0 {
		g.warnings = append(g.warnings, report.Warning{Kind: report.WarningUnsigned, Exercise: id,
			Message: fmt.Sprintf("%s: %d verdict line(s) that the grader did not sign were ignored", id, res.rejected)})
	}
	var open []*report.CheckResult // no verdict
	for _, name := range ran {
		r := g.results[key(id, name)]
		lines := byTest[r.Name]
		r.Output = keptOutput(lines)
		r.Duration = parsed.durations[r.Name]
		v, ok := res.verdicts[r.Name]
		if !ok {
			open = append(open, r)
			continue
		}
		r.Status = statusOf(v.Status)
		r.Message, r.Reason = "", report.ReasonNone
		switch r.Status {
		case report.StatusFail:
			e := explain(lines)
			r.Message, r.Reason, r.Expected, r.Actual, r.Seed = e.message, e.reason, e.expected, e.actual, e.seed
			r.Function, r.File, r.Line = e.where.function, e.where.file, e.where.line
			if r.Message == "" {
				r.Message = "failed"
			}
		case report.StatusSkip:
			r.Message, _, _ = why(lines)
		}
	}
	if len(open) == 0 {
		return nil
	}
	d := g.death(res)
	// Running again helps only when a check to blame stays out of it.
	rerun := !d.final && !last && d.blamesAny(ran)
	for _, r := range open {
		if d.blame(r) {
			continue
		}
		if !rerun {
			d.bystander(r, byTest[r.Name], parsed.outside, res)
			continue
		}
		again = append(again, r.Name)
	}
	return again
}

// death is why a test process ended before every check it ran had a
// verdict, and who is to blame.
type death struct {
	// final: the checks without a verdict are not run again (the process
	// flooded its output, ran out of memory or out of the run's time).
	final  bool
	reason report.Reason
	// culprits are the checks that panicked or were stuck, with what to
	// say about each.
	culprits map[string]report.CheckResult
	// cause says, for the others, what ended the process.
	cause string
}

// death reads what ended a process: the grader's own observations first,
// then the dump the process printed.
func (g *grading) death(res *execution) death {
	switch {
	case res.overflowed:
		return death{final: true, reason: report.ReasonFlood}
	case res.outOfMemory:
		return death{final: true, reason: report.ReasonOutOfMemory}
	case res.timedOut && len(res.stuck) == 0:
		return death{final: true, reason: report.ReasonTimeout}
	}
	text := res.crashText()
	d := death{culprits: map[string]report.CheckResult{}, reason: report.ReasonCrash}
	// How each check is said to have ended: stopped by the grader at its
	// own limit, or by -test.timeout when the process ran out of time.
	// The message is only the likely cause: report.CheckResult.Why puts
	// "stuck for <Duration> in <Function> (<place>)" before it.
	stuck := map[string]time.Duration{}
	for _, c := range res.stuck {
		stuck[c] = g.opts.CheckTimeout
	}
	for c, ran := range timedOutChecks(text) {
		stuck[c], _ = time.ParseDuration(ran)
	}
	if len(stuck) > 0 {
		dump := newDump(text)
		var names []string
		for c, ran := range stuck {
			names = append(names, c)
			r := report.CheckResult{Reason: report.ReasonTimeout, Duration: ran,
				Message: "an endless loop, or waiting for something that never comes?"}
			if p, ok := dump.learnerPlaceOf(c); ok {
				r.Function, r.File, r.Line = p.function, p.file, p.line
			}
			d.culprits[c] = r
		}
		slices.Sort(names)
		d.cause = "the test process was stopped when " + strings.Join(names, ", ") + " got stuck"
		return d
	}
	if p, ok := findPanic(text, checkGoroutines(res.output+res.tail)); ok {
		r := report.CheckResult{Reason: report.ReasonPanic, Message: p.message, Function: p.where.function, File: p.where.file, Line: p.where.line}
		blame := []string{p.check}
		if p.check == "" {
			blame = res.running // a goroutine whose check had ended: whoever ran
		}
		var names []string
		for _, c := range blame {
			if c != "" {
				d.culprits[c] = r
				names = append(names, c)
			}
		}
		d.cause = "the test process died from the " + p.message
		if loc := p.where.file; loc != "" {
			d.cause = fmt.Sprintf("the test process died from the %s at %s:%d", p.message, loc, p.where.line)
		}
		if len(names) > 0 {
			d.cause += " during " + strings.Join(names, ", ")
		}
	}
	return d
}

// blame gives r its culprit's result when r is one, and says so.
func (d death) blame(r *report.CheckResult) bool {
	c, ok := d.culprits[r.Name]
	if !ok {
		return false
	}
	r.Status = report.StatusError
	r.Reason, r.Message, r.Function, r.File, r.Line = c.Reason, c.Message, c.Function, c.File, c.Line
	if c.Duration > 0 {
		r.Duration = c.Duration
	}
	return true
}

// blamesAny reports whether any of the checks is a culprit.
func (d death) blamesAny(checks []string) bool {
	for _, c := range checks {
		if _, ok := d.culprits[c]; ok {
			return true
		}
	}
	return false
}

// bystander explains a check that sent no verdict and is not to blame.
func (d death) bystander(r *report.CheckResult, lines, outside []string, res *execution) {
	r.Status, r.Reason = report.StatusError, d.reason
	r.Message = notFinished(lines, outside, res)
	if d.cause != "" {
		if len(lines) == 0 {
			r.Message = "did not run: " + d.cause
		} else {
			r.Message = "did not finish: " + d.cause
		}
	}
}

// notFinished explains a check that sent no verdict.
func notFinished(lines, outside []string, res *execution) string {
	switch {
	case res.overflowed:
		return "the test process was stopped: it printed far too much output"
	case res.outOfMemory:
		return "the test process ran out of memory: the code under test used more than the grader allows"
	case res.timedOut:
		return fmt.Sprintf("the test process was stopped after %s: too slow, or stuck", res.elapsed.Round(100_000_000))
	}
	if msg, _, _ := why(lines); msg != "" && (strings.HasPrefix(msg, "panic") || strings.HasPrefix(msg, "timed out")) {
		return msg
	}
	if len(lines) == 0 {
		if msg, _, _ := why(outside); strings.HasPrefix(msg, "panic") {
			return "did not run: the test process crashed first: " + msg
		}
		return "did not run: the test process ended before this check started (os.Exit or a crash in the code under test?)"
	}
	return "did not finish: the test process ended during this check (os.Exit or a crash in the code under test?)"
}

// report builds the report in catalogue order, objective by objective,
// and scores it (report.Report.Tally).
func (g *grading) report() *report.Report {
	g.mu.Lock()
	defer g.mu.Unlock()
	r := &report.Report{
		Learner:    g.learner.Name,
		Confidence: g.learner.Confidence,
		Backend:    g.opts.Backend,
		Warnings:   g.warnings,
	}
	for _, e := range g.cat.Exercises {
		r.Exercises = append(r.Exercises, e.ID)
	}
	if len(g.opts.Exercises) > 0 {
		for _, e := range g.selected {
			r.Scope = append(r.Scope, e.ID)
		}
	}
	for _, o := range g.cat.Objectives {
		or := report.ObjectiveResult{ID: o.ID, Title: o.Title, CatalogueMaxScore: g.cat.ObjectiveMaxScore(o.ID)}
		for _, e := range g.selected {
			for step, c := range e.Check {
				if c.Objective != o.ID {
					continue
				}
				cr := *g.results[key(e.ID, c.Name)]
				cr.Step = step + 1
				or.Checks = append(or.Checks, cr)
			}
		}
		if len(or.Checks) > 0 {
			r.Objectives = append(r.Objectives, or)
		}
	}
	r.Tally()
	return r
}

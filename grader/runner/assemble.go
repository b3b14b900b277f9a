package runner

import (
	"fmt"
	"strings"

	"github.com/queuelab/queuelab/grader/report"
)

// record turns what was seen of an exercise's test process into its checks'
// results: the sealed verdicts decide, the output only explains.
func (g *grading) record(id string, res *execution) {
	parsed := parseOutput(res.output)
	byTest, outside := parsed.lines, parsed.outside
	g.mu.Lock()
	defer g.mu.Unlock()
	if res.rejected > 0 {
		g.warnings = append(g.warnings, fmt.Sprintf("%s: %d verdict line(s) that the grader did not sign were ignored", id, res.rejected))
	}
	for _, r := range g.results {
		if r.Exercise != id || r.Status == report.StatusSkip {
			continue
		}
		lines := byTest[r.Name]
		r.Output = keptOutput(lines)
		r.Duration = parsed.durations[r.Name]
		v, ok := res.verdicts[r.Name]
		if !ok {
			r.Status = report.StatusError
			r.Message = notFinished(lines, outside, res)
			continue
		}
		r.Status = statusOf(v.Status)
		r.Message = ""
		switch r.Status {
		case report.StatusFail:
			r.Message, r.File, r.Line = why(lines)
			if r.Message == "" {
				r.Message = "failed"
			}
		case report.StatusSkip:
			r.Message, _, _ = why(lines)
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

// report builds the report in catalogue order, objective by objective.
func (g *grading) report() *report.Report {
	g.mu.Lock()
	defer g.mu.Unlock()
	r := &report.Report{
		Learner:    g.learner.Name,
		Confidence: g.learner.Confidence,
		Backend:    g.opts.Backend,
		Warnings:   g.warnings,
		Passed:     true,
	}
	for _, o := range g.cat.Objectives {
		or := report.ObjectiveResult{ID: o.ID, Title: o.Title, Passed: true}
		for _, e := range g.selected {
			for _, c := range e.Check {
				if c.Objective != o.ID {
					continue
				}
				cr := *g.results[key(e.ID, c.Name)]
				cr.Passed = cr.Status == report.StatusPass
				if cr.Passed {
					cr.Score = cr.MaxScore
				}
				or.Checks = append(or.Checks, cr)
				or.Score += cr.Score
				if cr.Status != report.StatusSkip {
					or.MaxScore += cr.MaxScore
				}
				if cr.Status == report.StatusFail || cr.Status == report.StatusError {
					or.Passed = false
				}
			}
		}
		if len(or.Checks) == 0 {
			continue
		}
		r.Objectives = append(r.Objectives, or)
		r.Score += or.Score
		r.MaxScore += or.MaxScore
		r.Passed = r.Passed && or.Passed
	}
	return r
}

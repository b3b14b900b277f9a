// Package classreport writes what an instructor gets from a batch: the
// gradebook (grades.csv), everything per student (results.json), a feedback
// page per student (feedback/<id>.md), the class report (report.html, one
// self-contained page) and junit.xml. Every file is written from the
// catalogue and the students' results alone, so the same results always give
// the same files.
package classreport

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/report"
)

// Status says how far a submission got.
type Status string

// The statuses of a submission.
const (
	// StatusGraded: the grader ran the checks; the report has the verdicts.
	StatusGraded Status = "graded"
	// StatusUnreadable: the submission could not be read (a broken or
	// hostile archive, over the limits, no exercise sources). Every check is
	// an error with the reason.
	StatusUnreadable Status = "unreadable"
	// StatusTimeout: the submission went over its time limit as a whole.
	StatusTimeout Status = "timeout"
	// StatusError: the grader itself failed on this submission. A resumed
	// batch grades it again.
	StatusError Status = "error"
	// StatusMissing: a student of the roster handed nothing in. They score
	// 0 and get no feedback page.
	StatusMissing Status = "missing"
)

// Result is one submission's outcome: what the journal keeps and
// results.json lists.
type Result struct {
	// ID is the student's id, given by the instructor: the roster's id of
	// the student the entry belongs to, else the entry's name without its
	// extension (see intake.Entry.ID). Never what the student wrote.
	ID string `json:"id"`
	// Entry is the submission's name in the submissions folder; "" for a
	// student of the roster who handed nothing in.
	Entry string `json:"entry"`
	// Learner is the name the student gave themselves in learner.yaml, if
	// any: shown beside the id, never used as one.
	Learner string `json:"learner,omitempty"`
	// Roster is the student's row of the roster (--roster), when there is
	// one and the entry is on it.
	Roster *RosterStudent `json:"roster,omitempty"`
	// NotOnRoster marks a submission graded although the roster does not
	// list it.
	NotOnRoster bool `json:"not_on_roster,omitempty"`
	// Kind is how it was packed (folder, zip, tar.gz, git bundle).
	Kind string `json:"kind"`
	// Fingerprint identifies the sources graded (see intake.Result).
	Fingerprint string `json:"fingerprint,omitempty"`
	Status      Status `json:"status"`
	// Error says why a submission was not graded normally.
	Error string `json:"error,omitempty"`
	// Report holds the verdicts; never nil once a result is made.
	Report *report.Report `json:"report"`
	// Duration is the wall time for the whole submission, intake included.
	Duration time.Duration `json:"duration_ns"`
}

// RosterStudent is one row of the instructor's roster.
type RosterStudent struct {
	// Row is the student's place in the roster, from 1: the outputs list
	// roster students in this order.
	Row   int    `json:"row"`
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	// Number is the institution's student number (Canvas's SIS User ID,
	// Moodle's ID number).
	Number string `json:"student_number,omitempty"`
	// GitHub is the student's GitHub username (GitHub Classroom's roster).
	GitHub string `json:"github_username,omitempty"`
}

// Failed builds the result of a submission that was not graded: every
// check of the catalogue is an error with the reason.
func Failed(cat *catalogue.Catalogue, reason string) *report.Report {
	r := &report.Report{}
	for _, o := range cat.Objectives {
		or := report.ObjectiveResult{ID: o.ID, Title: o.Title}
		for _, e := range cat.Exercises {
			for _, ch := range e.Check {
				if ch.Objective != o.ID {
					continue
				}
				or.Checks = append(or.Checks, report.CheckResult{
					Name: ch.Name, Exercise: e.ID, Status: report.StatusError,
					MaxScore: ch.Points, Hint: ch.Hint, Message: reason,
				})
			}
		}
		r.Objectives = append(r.Objectives, or)
	}
	r.Tally()
	return r
}

// Sort orders results as every output lists them: the roster's students
// in roster order first, then the others by id, then by entry.
func Sort(results []Result) {
	sort.SliceStable(results, func(i, j int) bool {
		ri, rj := results[i].Roster, results[j].Roster
		if (ri != nil) != (rj != nil) {
			return ri != nil
		}
		if ri != nil && ri.Row != rj.Row {
			return ri.Row < rj.Row
		}
		if results[i].ID != results[j].ID {
			return results[i].ID < results[j].ID
		}
		return results[i].Entry < results[j].Entry
	})
}

// objective finds an objective's result in a report.
func objectiveOf(r *report.Report, id string) (report.ObjectiveResult, bool) {
	if r == nil {
		return report.ObjectiveResult{}, false
	}
	for _, o := range r.Objectives {
		if o.ID == id {
			return o, true
		}
	}
	return report.ObjectiveResult{}, false
}

// exerciseScore is the points a report gives an exercise.
func exerciseScore(r *report.Report, exercise string) int {
	if r == nil {
		return 0
	}
	return r.ExerciseScore(exercise)
}

// maxScore is the report's maximum, or the catalogue's when the report has
// none (a report with no objectives).
func maxScore(cat *catalogue.Catalogue, r *report.Report) int {
	if r != nil && r.MaxScore > 0 {
		return r.MaxScore
	}
	return cat.MaxScore()
}

// CompileErrors lists, per exercise, the first compiler message of the
// exercises whose code did not compile: the checks the runner marked
// report.ReasonCompile. Reports kept from before reasons existed are read
// by their messages instead (see reasonOf).
func CompileErrors(r *report.Report) map[string]string {
	out := map[string]string{}
	if r == nil {
		return out
	}
	legacy := !hasReasons(r)
	for _, c := range r.Checks() {
		if c.Status != report.StatusError || reasonOf(c, legacy) != report.ReasonCompile {
			continue
		}
		if _, seen := out[c.Exercise]; !seen {
			out[c.Exercise] = c.Why()
		}
	}
	return out
}

// isCompilerMessage tells a compile error by its words, for reports
// written before checks carried their reason: "file.go:12:5: ...", or a
// message that says the build failed.
func isCompilerMessage(msg string) bool {
	lower := strings.ToLower(msg)
	if strings.Contains(lower, "does not compile") || strings.Contains(lower, "build failed") || strings.Contains(lower, "compile error") {
		return true
	}
	file, rest, ok := strings.Cut(msg, ".go:")
	if !ok || file == "" {
		return false
	}
	var line int
	_, err := fmt.Sscanf(rest, "%d", &line)
	return err == nil && line > 0
}

// percent is score out of max as a whole percentage.
func percent(score, max int) int {
	if max <= 0 {
		return 0
	}
	return (score*100 + max/2) / max
}

// Submitted leaves out the roster's students who handed nothing in: the
// class statistics are the submissions'.
func Submitted(results []Result) []Result {
	out := make([]Result, 0, len(results))
	for _, r := range results {
		if r.Status != StatusMissing {
			out = append(out, r)
		}
	}
	return out
}

// SortByEntry orders results by their entry's name.
func SortByEntry(results []Result) {
	sort.SliceStable(results, func(i, j int) bool { return results[i].Entry < results[j].Entry })
}

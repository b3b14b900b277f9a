package runner

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/learner"
	"github.com/queuelab/queuelab/grader/report"
)

// grading is the state of one Run: every selected check's result so far.
type grading struct {
	cat      *catalogue.Catalogue
	selected []catalogue.Exercise
	opts     Options

	// graded are the exercises whose sources were taken, to build and run.
	graded []string

	mu       sync.Mutex
	results  map[string]*report.CheckResult // by exercise/check
	done     int
	learner  learner.Learner
	warnings []report.Warning
}

func key(exercise, check string) string { return exercise + "/" + check }

func newGrading(cat *catalogue.Catalogue, selected []catalogue.Exercise, opts Options) *grading {
	g := &grading{cat: cat, selected: selected, opts: opts, results: map[string]*report.CheckResult{}}
	for _, e := range selected {
		for _, c := range e.Check {
			g.results[key(e.ID, c.Name)] = &report.CheckResult{
				Name:     c.Name,
				Exercise: e.ID,
				Status:   report.StatusError,
				MaxScore: c.Points,
				Hint:     strings.TrimSpace(c.Hint),
				Message:  "did not run",
			}
			if reason, ok := opts.skipReason(e.ID, c); ok {
				r := g.results[key(e.ID, c.Name)]
				r.Status, r.Message = report.StatusSkip, reason
				if len(c.Needs) > 0 && strings.HasPrefix(reason, "skipped: the backend lacks") {
					r.Reason = report.ReasonBackendLacks
				}
			}
		}
	}
	return g
}

// skipReason says why check is not run on this backend, if it is not.
func (o *Options) skipReason(exercise string, check catalogue.Check) (string, bool) {
	for _, need := range check.Needs {
		if why, lacked := o.Lacks[need]; lacked {
			return fmt.Sprintf("skipped: the backend lacks %s (%s)", need, why), true
		}
	}
	if r, ok := o.Skip[key(exercise, check.Name)]; ok {
		return r, true
	}
	r, ok := o.Skip[check.Name]
	return r, ok
}

// ExerciseError is an exercise argument that names no exercise, or several.
type ExerciseError struct {
	Arg     string   // the argument, as given
	Matches []string // the exercises it could be, when several
	All     []string // every exercise, when none
}

func (e *ExerciseError) Error() string {
	if len(e.Matches) > 1 {
		return fmt.Sprintf("exercise %q is ambiguous: it could be %s", e.Arg, strings.Join(e.Matches, ", "))
	}
	return fmt.Sprintf("no exercise %q: the exercises are %s", e.Arg, strings.Join(e.All, ", "))
}

// selectExercises returns the catalogue's exercises named by ids (full id or
// a prefix of one such as its two-digit number), in catalogue order; all of
// them when ids is empty. An id that names none or several is an
// *ExerciseError.
func selectExercises(cat *catalogue.Catalogue, ids []string) ([]catalogue.Exercise, error) {
	if len(ids) == 0 {
		return cat.Exercises, nil
	}
	want := map[string]bool{}
	for _, arg := range ids {
		id := strings.Trim(filepath.ToSlash(arg), "/")
		id = id[strings.LastIndex(id, "/")+1:] // "exercises/02_sqs_send" works too
		var matches, all []string
		for _, e := range cat.Exercises {
			all = append(all, e.ID)
			if e.ID == id {
				matches = []string{e.ID}
				break
			}
			if id != "" && strings.HasPrefix(e.ID, id) {
				matches = append(matches, e.ID)
			}
		}
		switch len(matches) {
		case 0:
			return nil, &ExerciseError{Arg: arg, All: all}
		case 1:
			want[matches[0]] = true
		default:
			return nil, &ExerciseError{Arg: arg, Matches: matches}
		}
	}
	var out []catalogue.Exercise
	for _, e := range cat.Exercises {
		if want[e.ID] {
			out = append(out, e)
		}
	}
	return out, nil
}

// readLearner reads the learner file graded with the sources. A missing or
// broken file is a warning: the checks that need the name fail and say why.
func (g *grading) readLearner() {
	l, err := learner.Load(g.opts.learnerFile())
	if err != nil {
		g.warnings = append(g.warnings, report.Warning{Kind: report.WarningLearnerFile, File: learner.FileName, Message: fmt.Sprintf("learner file: %v", err)})
		return
	}
	g.learner = l
}

// warnAboutEditedChecks compares the learner's check files with the
// pristine ones: edits change nothing in the grade, but the learner should
// know their copy is not what is graded.
func (g *grading) warnAboutEditedChecks() {
	if g.opts.Solutions || sameDir(g.opts.Sources, g.opts.Pristine) {
		return
	}
	for _, e := range g.selected {
		mine := testFiles(g.opts.exerciseDir(e.ID))
		theirs := testFiles(filepath.Join(g.opts.Pristine, "exercises", e.ID))
		warn := func(kind report.WarningKind, name, format string) {
			file := "exercises/" + e.ID + "/" + name
			g.warnings = append(g.warnings, report.Warning{Kind: kind, Exercise: e.ID, File: file, Message: fmt.Sprintf(format, file)})
		}
		for _, name := range mine {
			a, _ := os.ReadFile(filepath.Join(g.opts.exerciseDir(e.ID), name))
			b, err := os.ReadFile(filepath.Join(g.opts.Pristine, "exercises", e.ID, name))
			switch {
			case err != nil:
				warn(report.WarningExtraTest, name, "%s is not one of the checks and is ignored")
			case !bytes.Equal(a, b):
				warn(report.WarningEditedCheck, name, "%s differs from the grader's copy: the grader's copy is what grades you")
			}
		}
		for _, name := range theirs {
			if !slices.Contains(mine, name) {
				warn(report.WarningMissingCheck, name, "%s is missing from your copy: the grader's copy is used")
			}
		}
	}
}

func testFiles(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), "_test.go") {
			names = append(names, e.Name())
		}
	}
	return names
}

func sameDir(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// setExercise gives every check of exercise that has no verdict yet the
// status, reason and message.
func (g *grading) setExercise(exercise string, status report.Status, reason report.Reason, message, file string, line int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, r := range g.results {
		if r.Exercise == exercise && r.Status == report.StatusError {
			r.Status, r.Reason, r.Message, r.File, r.Line = status, reason, message, file, line
		}
	}
}

func (g *grading) total() int {
	return len(g.results)
}

func (g *grading) progress(p Progress) {
	if g.opts.Progress != nil {
		p.Total = g.total()
		g.opts.Progress(p)
	}
}

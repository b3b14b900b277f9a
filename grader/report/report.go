// Package report is the model of a graded run that every output format
// (text, json, junit, github, gradescope, exercism, classroom) and the batch
// gradebook are written from. Its JSON form is QueueLab's own json format.
package report

import "time"

// Status is the outcome of one check. A check starts as StatusError ("never
// ran") and becomes pass or fail only on evidence the grader observed.
type Status string

// The outcomes of a check.
const (
	StatusPass  Status = "pass"
	StatusFail  Status = "fail"
	StatusError Status = "error" // did not run: compile error, crash, timeout
	StatusSkip  Status = "skip"  // the backend lacks a feature the check needs
)

// Report is one learner's graded run.
type Report struct {
	Learner    string            `json:"learner,omitempty"`
	Confidence map[string]int    `json:"confidence,omitempty"`
	Backend    string            `json:"backend,omitempty"`
	Score      int               `json:"score"`
	MaxScore   int               `json:"max_score"`
	Passed     bool              `json:"passed"`
	Objectives []ObjectiveResult `json:"objectives"`
	Duration   time.Duration     `json:"duration_ns"`
	// Warnings are written to JSON twice, as sentences ("warnings") and
	// as data ("warning_details"): see Report.MarshalJSON.
	Warnings []Warning `json:"-"`
	// Exercises are the lesson's exercises in lesson (catalogue) order,
	// every one of them, also in a scoped run: a check's exercise's place
	// here is its place in the lesson.
	Exercises []string `json:"exercises,omitempty"`
	// Scope lists the exercises graded when the run was limited to some of
	// them (`grader check 02`); empty when every exercise was graded.
	Scope []string `json:"scope,omitempty"`
}

// ObjectiveResult is the grade of one learning objective.
type ObjectiveResult struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Passed   bool   `json:"passed"`
	Score    int    `json:"score"`
	MaxScore int    `json:"max_score"`
	// CatalogueMaxScore is what the objective is worth over every exercise
	// of the catalogue, so that a scoped run can say how much of it it
	// covered. It equals MaxScore on a full run without skips.
	CatalogueMaxScore int           `json:"catalogue_max_score,omitempty"`
	Checks            []CheckResult `json:"checks"`
}

// CheckResult is the grade of one check.
type CheckResult struct {
	Name     string `json:"name"`
	Exercise string `json:"exercise"`
	// Step is the check's place among its exercise's checks in the
	// catalogue, from 1 (0: unknown). With Report.Exercises it gives the
	// lesson order, which objective order loses in an exercise that grades
	// two objectives.
	Step     int    `json:"step,omitempty"`
	Status   Status `json:"status"`
	Passed   bool   `json:"passed"`
	Score    int    `json:"score"`
	MaxScore int    `json:"max_score"`
	Hint     string `json:"hint,omitempty"`
	// Reason says why a check that did not pass ended as it did.
	Reason  Reason `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
	// Expected and Actual are what the check wanted and what came back,
	// when the check compared two values (shortened for reading).
	Expected string `json:"expected,omitempty"`
	Actual   string `json:"actual,omitempty"`
	// Function is the learner's function where a check panicked or was
	// stuck, for example "Consume"; File and Line are where in it.
	Function string `json:"function,omitempty"`
	// Seed is the QUEUELAB_SEED a randomised check ran with: setting it
	// replays the same run.
	Seed     string        `json:"seed,omitempty"`
	Output   string        `json:"output,omitempty"`
	File     string        `json:"file,omitempty"`
	Line     int           `json:"line,omitempty"`
	Duration time.Duration `json:"duration_ns"`
}

// Checks returns every check of the report in objective order.
func (r *Report) Checks() []CheckResult {
	var all []CheckResult
	for _, o := range r.Objectives {
		all = append(all, o.Checks...)
	}
	return all
}

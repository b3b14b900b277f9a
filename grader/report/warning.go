package report

import (
	"bytes"
	"encoding/json"
)

// WarningKind says, as data, what a warning is about, so that a reader
// (the batch, a dashboard) can keep or drop warnings without reading their
// words.
type WarningKind string

// The kinds of warning. WarningOther is a warning read from a report
// written before warnings had kinds.
const (
	WarningOther WarningKind = ""
	// WarningEditedCheck: a check file of the learner's copy differs from
	// the grader's; the grader's copy grades.
	WarningEditedCheck WarningKind = "edited_check"
	// WarningMissingCheck: a check file is missing from the learner's copy;
	// the grader's copy is used.
	WarningMissingCheck WarningKind = "missing_check"
	// WarningExtraTest: a _test.go file of the learner's copy is not one of
	// the checks and is ignored.
	WarningExtraTest WarningKind = "extra_test"
	// WarningUnsigned: a test process printed verdict lines the grader did
	// not sign; they were ignored.
	WarningUnsigned WarningKind = "unsigned_verdicts"
	// WarningLearnerFile: the learner file is missing or broken.
	WarningLearnerFile WarningKind = "learner_file"
	// WarningNoVerdictChannel: this system cannot hand the checks their
	// verdict key, so no verdict can be trusted.
	WarningNoVerdictChannel WarningKind = "no_verdict_channel"
	// WarningSubmission: part of a batch submission was refused or skipped
	// when it was read.
	WarningSubmission WarningKind = "submission"
	// WarningDuplicateID: another submission of the batch had the same id.
	WarningDuplicateID WarningKind = "duplicate_id"
	// WarningLessonAccount: the lesson's steps were graded in an account
	// other than the docs' one, or several accounts hold them.
	WarningLessonAccount WarningKind = "lesson_account"
)

// Warning is something the learner should know that is not a check's
// verdict. Message is the whole sentence every format prints; the other
// fields say the same as data.
type Warning struct {
	Kind WarningKind `json:"kind,omitempty"`
	// Exercise and File name what it is about, when it is about a file
	// (File is relative to the learner's repository).
	Exercise string `json:"exercise,omitempty"`
	File     string `json:"file,omitempty"`
	Message  string `json:"message"`
}

// String is the warning as it is printed.
func (w Warning) String() string { return w.Message }

// Warn adds a warning to the report.
func (r *Report) Warn(w Warning) { r.Warnings = append(r.Warnings, w) }

// WithoutWarnings removes the warnings of the kinds given.
func (r *Report) WithoutWarnings(kinds ...WarningKind) {
	kept := r.Warnings[:0]
	for _, w := range r.Warnings {
		drop := false
		for _, k := range kinds {
			drop = drop || w.Kind == k
		}
		if !drop {
			kept = append(kept, w)
		}
	}
	r.Warnings = kept
}

// WarningMessages are the warnings' sentences, as printed.
func WarningMessages(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Message)
	}
	return out
}

// plainReport is Report without its JSON methods.
type plainReport Report

// wireReport is Report as JSON. The warnings keep the shape readers have
// always had, a list of sentences under "warnings"; the same warnings as
// data (kind, exercise, file) are beside them under "warning_details".
type wireReport struct {
	*plainReport
	Warnings       []string  `json:"warnings,omitempty"`
	WarningDetails []Warning `json:"warning_details,omitempty"`
}

// MarshalJSON writes the report with its warnings both as sentences
// ("warnings", the field's shape since the first version) and as data
// ("warning_details").
func (r Report) MarshalJSON() ([]byte, error) {
	p := plainReport(r)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// The caller's encoder escapes HTML if it wants to; a hint quoting <
	// stays as written for one that does not.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(wireReport{plainReport: &p, Warnings: WarningMessages(r.Warnings), WarningDetails: r.Warnings}); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// UnmarshalJSON reads a report written by MarshalJSON, or by a grader
// from before warnings had details: their sentences become warnings of
// kind WarningOther.
func (r *Report) UnmarshalJSON(data []byte) error {
	w := wireReport{plainReport: (*plainReport)(r)}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	r.Warnings = w.WarningDetails
	if len(w.WarningDetails) == 0 {
		r.Warnings = nil
		for _, m := range w.Warnings {
			r.Warnings = append(r.Warnings, Warning{Message: m})
		}
	}
	return nil
}

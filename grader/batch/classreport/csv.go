package classreport

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/queuelab/queuelab/grader/catalogue"
)

// WriteCSV writes the gradebook: one row per student with id, score and
// max, each objective's score and pass/fail, each exercise's score, and the
// submission's status, then a note that says why a submission was not
// graded or how its code misbehaved (see Note), then the name the student
// gave in learner.yaml and the entry graded. Columns follow the catalogue,
// so every batch of the same course has the same columns, whatever the
// submissions hold.
func WriteCSV(w io.Writer, cat *catalogue.Catalogue, results []Result) error {
	cw := csv.NewWriter(w)
	header := []string{"id", "score", "max"}
	for _, o := range cat.Objectives {
		header = append(header, o.ID+" score", o.ID+" pass")
	}
	for _, e := range cat.Exercises {
		header = append(header, e.ID+" score")
	}
	// New columns go last: an import mapped by position keeps working.
	header = append(header, "status", "note", "learner", "entry")
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write grades.csv: %w", err)
	}
	for _, res := range results {
		r := res.Report
		row := []string{cellText(res.ID), points(r.Score), points(maxScore(cat, r))}
		for _, o := range cat.Objectives {
			or, _ := objectiveOf(r, o.ID)
			pass := "fail"
			if or.Passed {
				pass = "pass"
			}
			row = append(row, points(or.Score), pass)
		}
		for _, e := range cat.Exercises {
			row = append(row, points(exerciseScore(r, e.ID)))
		}
		row = append(row, string(res.Status), cellText(Note(res)), cellText(res.Learner), cellText(res.Entry))
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write grades.csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write grades.csv: %w", err)
	}
	return nil
}

// points writes a score in every gradebook and export: as few digits as
// the value needs, never rounded, so a fractional score (2.5) stays
// fractional. Scores are whole numbers today; the writers go through this
// one function so that partial credit cannot be lost by one of them.
func points[N int | float64](v N) string {
	return strconv.FormatFloat(float64(v), 'f', -1, 64)
}

// cellText keeps a spreadsheet from reading text as a formula: a cell that
// starts with =, +, -, @, a tab or a carriage return gets a leading quote,
// as OWASP's CSV injection advice says.
func cellText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

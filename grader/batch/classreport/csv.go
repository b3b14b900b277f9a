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
// graded or how its code misbehaved (see Note). Columns follow the catalogue, so every batch of the
// same course has the same columns, whatever the submissions hold.
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
	header = append(header, "status", "note")
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write grades.csv: %w", err)
	}
	for _, res := range results {
		r := res.Report
		row := []string{cellText(res.ID), strconv.Itoa(r.Score), strconv.Itoa(maxScore(cat, r))}
		for _, o := range cat.Objectives {
			or, _ := objectiveOf(r, o.ID)
			pass := "fail"
			if or.Passed {
				pass = "pass"
			}
			row = append(row, strconv.Itoa(or.Score), pass)
		}
		for _, e := range cat.Exercises {
			row = append(row, strconv.Itoa(exerciseScore(r, e.ID)))
		}
		row = append(row, string(res.Status), cellText(Note(res)))
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

// cellText keeps a spreadsheet from reading text as a formula: a cell that
// starts with =, +, -, @, a tab or a carriage return gets a leading quote,
// as OWASP's CSV injection advice says.
func cellText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

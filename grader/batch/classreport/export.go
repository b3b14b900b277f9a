package classreport

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/queuelab/queuelab/grader/catalogue"
)

// The gradebook imports written beside grades.csv.
const (
	CanvasFile = "canvas.csv"
	MoodleFile = "moodle.csv"
	ScoresFile = "scores.csv"
)

// ExportOptions lay out the gradebook imports.
type ExportOptions struct {
	// Assignment names the assignment in the LMS; default "QueueLab". For
	// Canvas it may carry the assignment's id, "QueueLab (1234)", to fill
	// an assignment that exists; without one Canvas makes a new one.
	Assignment string
	// PerObjective writes one column per objective ("QueueLab LO1", ...)
	// instead of one with the total.
	PerObjective bool
}

// Gradebook is what the imports carry: the graded columns, and each
// student's points in them. Points are float64 so that a fractional score
// is written as it is (see points).
type Gradebook struct {
	// Columns are the total, or each objective, with what it is worth.
	Columns []Column
	Rows    []Grade
}

// Column is one graded column: its title and the most a student can get.
type Column struct {
	Title string
	Max   float64
}

// Grade is one student's row: their result and their points, one per
// column.
type Grade struct {
	Result Result
	Points []float64
}

// Grades lays the results out for the imports: one graded column with the
// total, or one per objective of the catalogue. A student who handed
// nothing in has 0.
func Grades(cat *catalogue.Catalogue, results []Result, opts ExportOptions) Gradebook {
	name := opts.Assignment
	if name == "" {
		name = "QueueLab"
	}
	var gb Gradebook
	if opts.PerObjective {
		for _, o := range cat.Objectives {
			gb.Columns = append(gb.Columns, Column{Title: name + " " + o.ID, Max: float64(objectiveMax(cat, o.ID))})
		}
	} else {
		gb.Columns = []Column{{Title: name, Max: float64(cat.MaxScore())}}
	}
	for _, res := range results {
		g := Grade{Result: res}
		if opts.PerObjective {
			for _, o := range cat.Objectives {
				or, _ := objectiveOf(res.Report, o.ID)
				g.Points = append(g.Points, float64(or.Score))
			}
		} else {
			g.Points = []float64{float64(res.Report.Score)}
		}
		gb.Rows = append(gb.Rows, g)
	}
	return gb
}

// objectiveMax is what an objective is worth in the catalogue.
func objectiveMax(cat *catalogue.Catalogue, objective string) int {
	total := 0
	for _, e := range cat.Exercises {
		for _, ch := range e.Check {
			if ch.Objective == objective {
				total += ch.Points
			}
		}
	}
	return total
}

// WriteCanvas writes a Canvas gradebook import: the columns Canvas's own
// export has ("Student", "ID", "SIS User ID", "SIS Login ID", "Section"),
// then one column per graded column, and a "Points Possible" row under
// the header, as in Canvas's export. Canvas matches a row by its ID, SIS
// User ID or SIS Login ID and makes a new assignment for a column it does
// not know ("Assignment Name" without " (id)"). We do not know Canvas's own
// user ids: SIS User ID is the roster's student number, SIS Login ID the
// student's id. Format as documented for instructors, e.g.
// https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades
// (Canvas's guide "How do I import grades in the Gradebook?").
func WriteCanvas(w io.Writer, gb Gradebook) error {
	header := []string{"Student", "ID", "SIS User ID", "SIS Login ID", "Section"}
	possible := []string{"Points Possible", "", "", "", ""}
	for _, c := range gb.Columns {
		header = append(header, cellText(c.Title))
		possible = append(possible, points(c.Max))
	}
	rows := [][]string{header, possible}
	for _, g := range gb.Rows {
		res := g.Result
		student, number := res.ID, ""
		if r := res.Roster; r != nil {
			if r.Name != "" {
				student = r.Name
			}
			number = r.Number
		}
		row := []string{cellText(student), "", cellText(number), cellText(res.ID), ""}
		for _, p := range g.Points {
			row = append(row, points(p))
		}
		rows = append(rows, row)
	}
	return writeRows(w, CanvasFile, rows)
}

// WriteMoodle writes a Moodle grade import (Grades > Import > CSV file):
// identifier columns, "Username" (the student's id), "ID number" (the
// roster's student number) and "Email address", then one column per grade
// item. At import the instructor maps one identifier column to the
// matching user field ("Map from" Email address to "Map to" useremail, or
// ID number to useridnumber) and each grade column to a grade item
// (https://docs.moodle.org/311/en/Grade_import).
func WriteMoodle(w io.Writer, gb Gradebook) error {
	header := []string{"Username", "ID number", "Email address"}
	for _, c := range gb.Columns {
		header = append(header, cellText(c.Title))
	}
	rows := [][]string{header}
	for _, g := range gb.Rows {
		res := g.Result
		var number, email string
		if r := res.Roster; r != nil {
			number, email = r.Number, r.Email
		}
		row := []string{cellText(res.ID), cellText(number), cellText(email)}
		for _, p := range g.Points {
			row = append(row, points(p))
		}
		rows = append(rows, row)
	}
	return writeRows(w, MoodleFile, rows)
}

// WriteScores writes the plainest import, for Gradescope or any LMS that
// takes points out of a maximum: id, name, email, student number, then
// each graded column's score and max.
func WriteScores(w io.Writer, gb Gradebook) error {
	header := []string{"id", "name", "email", "student number"}
	for _, c := range gb.Columns {
		header = append(header, cellText(c.Title+" score"), cellText(c.Title+" max"))
	}
	rows := [][]string{header}
	for _, g := range gb.Rows {
		res := g.Result
		var r RosterStudent
		if res.Roster != nil {
			r = *res.Roster
		}
		row := []string{cellText(res.ID), cellText(r.Name), cellText(r.Email), cellText(r.Number)}
		for i, c := range gb.Columns {
			row = append(row, points(g.Points[i]), points(c.Max))
		}
		rows = append(rows, row)
	}
	return writeRows(w, ScoresFile, rows)
}

func writeRows(w io.Writer, name string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

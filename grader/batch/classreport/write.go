package classreport

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"github.com/queuelab/queuelab/grader/batch/internal/atomicfile"
	"github.com/queuelab/queuelab/grader/catalogue"
)

// The files written in the output folder.
const (
	GradesFile  = "grades.csv"
	ResultsFile = "results.json"
	ReportFile  = "report.html"
	JUnitFile   = "junit.xml"
	FeedbackDir = "feedback"
)

// WriteAll writes every output into dir, each file atomically. results are
// sorted first.
func WriteAll(dir string, cat *catalogue.Catalogue, results []Result, opts HTMLOptions) error {
	Sort(results)
	if err := os.MkdirAll(filepath.Join(dir, FeedbackDir), 0o755); err != nil {
		return fmt.Errorf("write outputs: %w", err)
	}
	for _, res := range results {
		if res.Status == StatusMissing {
			continue // nothing handed in: nothing to say to the student
		}
		p := filepath.Join(dir, filepath.FromSlash(FeedbackPath(res.ID)))
		if err := atomicfile.Write(p, func(w io.Writer) error { return WriteFeedback(w, cat, res) }); err != nil {
			return err
		}
	}
	outputs := []struct {
		name string
		fill func(io.Writer) error
	}{
		{GradesFile, func(w io.Writer) error { return WriteCSV(w, cat, results) }},
		{ResultsFile, func(w io.Writer) error { return WriteJSON(w, cat, results) }},
		{JUnitFile, func(w io.Writer) error { return WriteJUnit(w, results) }},
		{ReportFile, func(w io.Writer) error { return WriteHTML(w, cat, results, opts) }},
	}
	for _, o := range outputs {
		if err := atomicfile.Write(filepath.Join(dir, o.name), o.fill); err != nil {
			return err
		}
	}
	return nil
}

// WriteExports writes the gradebook imports into dir, each file
// atomically: canvas.csv, moodle.csv and scores.csv, laid out as opts
// says, with results in the order they are given (WriteAll sorts them).
func WriteExports(dir string, cat *catalogue.Catalogue, results []Result, opts ExportOptions) error {
	gb := Grades(cat, results, opts)
	for name, write := range map[string]func(io.Writer, Gradebook) error{
		CanvasFile: WriteCanvas, MoodleFile: WriteMoodle, ScoresFile: WriteScores,
	} {
		if err := atomicfile.Write(filepath.Join(dir, name), func(w io.Writer) error { return write(w, gb) }); err != nil {
			return err
		}
	}
	return nil
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]`)

// FeedbackPath is where a student's feedback goes, relative to the output
// folder. Ids are made safe by the batch already; this is the last guard
// that keeps a file name inside feedback/.
func FeedbackPath(id string) string {
	name := unsafeName.ReplaceAllString(id, "_")
	if name == "" || name[0] == '.' {
		name = "_" + name
	}
	return FeedbackDir + "/" + name + ".md"
}

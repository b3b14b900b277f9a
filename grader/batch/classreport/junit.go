package classreport

import (
	"io"

	"github.com/queuelab/queuelab/grader/report/junit"
)

// WriteJUnit writes junit.xml: one test suite per student, named by id.
func WriteJUnit(w io.Writer, results []Result) error {
	suites := make([]junit.Suite, 0, len(results))
	for _, res := range results {
		suites = append(suites, junit.Suite{Name: res.ID, Report: res.Report})
	}
	return junit.WriteSuites(w, suites)
}

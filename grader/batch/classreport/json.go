package classreport

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/queuelab/queuelab/grader/catalogue"
)

// resultsFile is the shape of results.json.
type resultsFile struct {
	MaxScore   int         `json:"max_score"`
	Objectives []objective `json:"objectives"`
	Students   []Result    `json:"students"`
}

type objective struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// WriteJSON writes results.json: every student's full report, per check,
// with messages and timings.
func WriteJSON(w io.Writer, cat *catalogue.Catalogue, results []Result) error {
	doc := resultsFile{MaxScore: cat.MaxScore(), Objectives: []objective{}, Students: results}
	for _, o := range cat.Objectives {
		doc.Objectives = append(doc.Objectives, objective{ID: o.ID, Title: o.Title})
	}
	if doc.Students == nil {
		doc.Students = []Result{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write results.json: %w", err)
	}
	return nil
}

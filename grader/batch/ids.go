package batch

import (
	"fmt"
	"regexp"

	"github.com/queuelab/queuelab/grader/batch/classreport"
	"github.com/queuelab/queuelab/grader/report"
)

var notInName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// learnerName turns a student id into a name the checks accept in queue
// names (see learner.ValidateName). The checks name resources after it,
// never after the name in the student's learner.yaml, so that on a shared
// backend no student can take a classmate's name and queues.
func learnerName(id string) string {
	name := notInName.ReplaceAllString(id, "-")
	if name == "" || name == "-" {
		name = "student"
	}
	if len(name) > 40 {
		name = name[:40]
	}
	return name
}

// uniqueIDs gives every result its own id: when two submissions claim the
// same id (two learner files naming the same learner, or a learner file
// naming another entry), the later entries by name get "-2", "-3", ...
// The order is the entries', so the same submissions always get the same ids.
func uniqueIDs(results []classreport.Result) {
	classreport.SortByEntry(results)
	taken := map[string]bool{}
	for i := range results {
		taken[results[i].ID] = true
	}
	seen := map[string]bool{}
	for i := range results {
		id := results[i].ID
		if !seen[id] {
			seen[id] = true
			continue
		}
		for n := 2; ; n++ {
			candidate := fmt.Sprintf("%s-%d", id, n)
			if !taken[candidate] {
				taken[candidate], seen[candidate] = true, true
				results[i].ID = candidate
				results[i].Report.Warn(report.Warning{Kind: report.WarningDuplicateID,
					Message: fmt.Sprintf("another submission has the id %q: this one is %q", id, candidate)})
				break
			}
		}
	}
}

package jsonout

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/queuelab/queuelab/grader/report"
)

// Read decodes a report that Write wrote, so a run graded once can be
// written again in other formats. Fields it does not know are ignored, so
// that a newer grader's file still reads.
func Read(r io.Reader) (*report.Report, error) {
	var rep report.Report
	if err := json.NewDecoder(r).Decode(&rep); err != nil {
		return nil, fmt.Errorf("read json report: %w", err)
	}
	return &rep, nil
}

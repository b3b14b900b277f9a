package report_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
)

func TestWarningsKeepTheirJSONShape(t *testing.T) {
	t.Parallel()
	r := report.Report{}
	r.Warn(report.Warning{Kind: report.WarningEditedCheck, Exercise: "01_dummy_queue", File: "exercises/01_dummy_queue/queue_test.go",
		Message: "exercises/01_dummy_queue/queue_test.go differs from the grader's copy"})
	r.Warn(report.Warning{Message: "a <b> & c"})
	data, err := json.Marshal(r)
	require.NoError(t, err)
	var doc struct {
		Warnings []string         `json:"warnings"`
		Details  []map[string]any `json:"warning_details"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, []string{"exercises/01_dummy_queue/queue_test.go differs from the grader's copy", "a <b> & c"}, doc.Warnings,
		"warnings stay a list of sentences")
	require.Len(t, doc.Details, 2)
	assert.Equal(t, "edited_check", doc.Details[0]["kind"])
	assert.Equal(t, "exercises/01_dummy_queue/queue_test.go", doc.Details[0]["file"])

	var back report.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, r.Warnings, back.Warnings)
}

// TestWarningsOfOldReports: a report written before warnings had kinds
// (a batch journal that --resume reads) keeps its sentences.
func TestWarningsOfOldReports(t *testing.T) {
	t.Parallel()
	var r report.Report
	require.NoError(t, json.Unmarshal([]byte(`{"score": 3, "objectives": [], "warnings": ["one", "two"]}`), &r))
	assert.Equal(t, 3, r.Score)
	assert.Equal(t, []report.Warning{{Message: "one"}, {Message: "two"}}, r.Warnings)
}

func TestWithoutWarnings(t *testing.T) {
	t.Parallel()
	r := report.Report{Warnings: []report.Warning{
		{Kind: report.WarningMissingCheck, Message: "a"},
		{Kind: report.WarningEditedCheck, Message: "b"},
		{Kind: report.WarningMissingCheck, Message: "c"},
		{Message: "d"},
	}}
	r.WithoutWarnings(report.WarningMissingCheck)
	assert.Equal(t, []string{"b", "d"}, report.WarningMessages(r.Warnings))
}

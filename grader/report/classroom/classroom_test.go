package classroom_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/classroom"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

// decode does what the reporter does with <RUNNER>_RESULTS: base64, then JSON.
func decode(t *testing.T, r *report.Report) (map[string]any, classroom.Result) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, classroom.Write(&buf, r))
	line := buf.String()
	require.True(t, strings.HasPrefix(line, "result="), line)
	require.True(t, strings.HasSuffix(line, "\n"))
	value := strings.TrimSuffix(strings.TrimPrefix(line, "result="), "\n")
	require.NotContains(t, value, "\n", "a GITHUB_OUTPUT line holds one value")
	raw, err := base64.StdEncoding.DecodeString(value)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(raw, &doc))
	var res classroom.Result
	require.NoError(t, json.Unmarshal(raw, &res))
	return doc, res
}

func kind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case []any:
		return "array"
	}
	return "other"
}

func TestShape(t *testing.T) {
	t.Parallel()
	top := map[string]string{"version": "number", "status": "string", "max_score": "number", "tests": "array"}
	perTest := map[string]string{
		"name": "string", "status": "string", "score": "number", "message": "string",
		"test_code": "string", "filename": "string", "line_no": "number", "duration": "number",
	}
	for _, s := range reporttest.All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			doc, _ := decode(t, s.Report)
			require.Len(t, doc, len(top))
			for field, want := range top {
				assert.Equal(t, want, kind(doc[field]), field)
			}
			assert.Equal(t, float64(1), doc["version"])
			assert.Contains(t, []any{"pass", "fail", "error"}, doc["status"])
			for _, raw := range doc["tests"].([]any) {
				tc := raw.(map[string]any)
				require.Len(t, tc, len(perTest))
				for field, want := range perTest {
					assert.Equal(t, want, kind(tc[field]), field)
				}
				assert.Contains(t, []any{"pass", "fail", "error"}, tc["status"])
			}
		})
	}
}

// TestReporterTotals adds up points as the reporter's NotifyClassroom does:
// the sum of the tests' scores out of max_score.
func TestReporterTotals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sample *report.Report
		status string
	}{
		{reporttest.AllPass(), "pass"},
		{reporttest.Mixed(), "fail"},
		{reporttest.CompileError(), "fail"},
		{reporttest.NeverRan(), "error"},
		{reporttest.Empty(), "error"},
		{reporttest.Escaping(), "fail"},
	}
	for _, tt := range tests {
		_, res := decode(t, tt.sample)
		total := 0
		for _, tc := range res.Tests {
			total += tc.Score
		}
		assert.Equal(t, tt.sample.Score, total)
		assert.Equal(t, tt.sample.MaxScore, res.MaxScore)
		assert.Equal(t, tt.status, res.Status)
		assert.Len(t, res.Tests, len(tt.sample.Checks()))
	}
}

func TestMixed(t *testing.T) {
	t.Parallel()
	_, res := decode(t, reporttest.Mixed())
	failed := res.Tests[2]
	assert.Equal(t, classroom.Test{
		Name:     "03_sqs_consume/TestDeletesAfterProcessing",
		Status:   "fail",
		Score:    0,
		Message:  "Delete a message with its receipt handle only after it was processed.\nexercises/03_sqs_consume/consumer.go:42: message was received 3 times: delete it after processing",
		TestCode: "go test -run '^TestDeletesAfterProcessing$' ./exercises/03_sqs_consume",
		Filename: "exercises/03_sqs_consume/consumer.go",
		LineNo:   42,
		Duration: 120,
	}, failed)
	assert.Equal(t, "pass", res.Tests[0].Status)
	assert.Equal(t, 2, res.Tests[0].Score)
	assert.Empty(t, res.Tests[0].Message)
	assert.Equal(t, "error", res.Tests[6].Status)
	assert.Equal(t, "Skipped: the backend lacks fifo_deduplication", res.Tests[6].Message)
}

func TestEscaping(t *testing.T) {
	t.Parallel()
	_, res := decode(t, reporttest.Escaping())
	assert.Equal(t, "01_dummy_queue/TestÜnicode_Name", res.Tests[0].Name)
	assert.Contains(t, res.Tests[0].Message, "<b>bold</b>")
	assert.Contains(t, res.Tests[0].Message, "want \"b\"")
	assert.Equal(t, "line1\nline2", strings.SplitN(res.Tests[2].Message, "\n", 2)[1])
}

func TestEncodeMatchesWrite(t *testing.T) {
	t.Parallel()
	enc, err := classroom.Encode(reporttest.Mixed())
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, classroom.Write(&buf, reporttest.Mixed()))
	assert.Equal(t, "result="+enc+"\n", buf.String())
}

func TestNilReport(t *testing.T) {
	t.Parallel()
	assert.Error(t, classroom.Write(&bytes.Buffer{}, nil))
}

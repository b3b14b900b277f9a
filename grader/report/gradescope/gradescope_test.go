package gradescope_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/gradescope"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

func write(t *testing.T, r *report.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, gradescope.Write(&buf, r))
	return buf.Bytes()
}

func kind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "null"
}

// The fields of Gradescope's results.json and their types, as its
// "Autograder Specifications" give them: every field a writer may use.
var (
	topFields = map[string]string{
		"score": "number", "execution_time": "number", "output": "string",
		"output_format": "string", "test_output_format": "string", "test_name_format": "string",
		"visibility": "string", "stdout_visibility": "string", "extra_data": "object",
		"tests": "array", "leaderboard": "array",
	}
	testFields = map[string]string{
		"score": "number", "max_score": "number", "status": "string", "name": "string",
		"name_format": "string", "number": "string", "output": "string", "output_format": "string",
		"tags": "array", "visibility": "string", "extra_data": "object",
	}
	formats      = []any{"text", "html", "simple_format", "md", "ansi"}
	visibilities = []any{"hidden", "after_due_date", "after_published", "visible"}
)

func requireSpec(t *testing.T, obj map[string]any, spec map[string]string) {
	t.Helper()
	for field, v := range obj {
		want, ok := spec[field]
		require.True(t, ok, "field %q is not in Gradescope's specification", field)
		assert.Equal(t, want, kind(v), "type of %q", field)
		switch field {
		case "output_format", "test_output_format", "test_name_format", "name_format":
			assert.Contains(t, formats, v, field)
		case "visibility", "stdout_visibility":
			assert.Contains(t, visibilities, v, field)
		}
	}
}

func TestSpecification(t *testing.T) {
	t.Parallel()
	for _, s := range reporttest.All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			var doc map[string]any
			require.NoError(t, json.Unmarshal(write(t, s.Report), &doc))
			requireSpec(t, doc, topFields)
			// Gradescope needs a score on the top level or on every test.
			require.Contains(t, doc, "score")
			tests := doc["tests"].([]any)
			require.Len(t, tests, len(s.Report.Checks()))
			for _, raw := range tests {
				tc := raw.(map[string]any)
				requireSpec(t, tc, testFields)
				assert.Contains(t, []any{"passed", "failed"}, tc["status"])
				assert.LessOrEqual(t, tc["score"], tc["max_score"])
				for _, tag := range tc["tags"].([]any) {
					assert.Equal(t, "string", kind(tag))
				}
			}
		})
	}
}

type results struct {
	Score         int    `json:"score"`
	ExecutionTime int    `json:"execution_time"`
	Output        string `json:"output"`
	Tests         []struct {
		Score    int      `json:"score"`
		MaxScore int      `json:"max_score"`
		Status   string   `json:"status"`
		Name     string   `json:"name"`
		Number   string   `json:"number"`
		Output   string   `json:"output"`
		Tags     []string `json:"tags"`
	} `json:"tests"`
}

func decode(t *testing.T, r *report.Report) results {
	t.Helper()
	var res results
	require.NoError(t, json.Unmarshal(write(t, r), &res))
	return res
}

func TestMixed(t *testing.T) {
	t.Parallel()
	res := decode(t, reporttest.Mixed())
	assert.Equal(t, 10, res.Score)
	assert.Equal(t, 3, res.ExecutionTime)
	assert.Contains(t, res.Output, "QueueLab: 10/20 points, 1 of 4 objectives met\n✓ LO1 "+reporttest.LO1+": 5/5\n✗ LO2")
	assert.Contains(t, res.Output, "Warning: exercises/03_sqs_consume/consumer_test.go differs")
	assert.Contains(t, res.Output, "Next: 03_sqs_consume/TestDeletesAfterProcessing: Delete a message")
	require.Len(t, res.Tests, 7)

	failed := res.Tests[2]
	assert.Equal(t, "03_sqs_consume/TestDeletesAfterProcessing", failed.Name)
	assert.Equal(t, "2.1", failed.Number)
	assert.Equal(t, "failed", failed.Status)
	assert.Equal(t, []int{0, 3}, []int{failed.Score, failed.MaxScore})
	assert.Equal(t, []string{"LO2", "03_sqs_consume"}, failed.Tags)
	assert.Equal(t, "Hint: Delete a message with its receipt handle only after it was processed.\n\n"+
		"exercises/03_sqs_consume/consumer.go:42: message was received 3 times: delete it after processing", failed.Output)

	passed := res.Tests[3]
	assert.Equal(t, "passed", passed.Status)
	assert.Equal(t, "2.2", passed.Number)
	assert.Equal(t, 3, passed.Score)

	skipped := res.Tests[6]
	assert.Equal(t, "failed", skipped.Status)
	assert.Equal(t, "Skipped: the backend lacks fifo_deduplication", skipped.Output)
}

func TestScoresAddUp(t *testing.T) {
	t.Parallel()
	for _, s := range reporttest.All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			res := decode(t, s.Report)
			sum, maxSum := 0, 0
			for _, tc := range res.Tests {
				sum += tc.Score
				maxSum += tc.MaxScore
			}
			assert.Equal(t, s.Report.Score, res.Score)
			assert.Equal(t, s.Report.Score, sum)
			assert.Equal(t, s.Report.MaxScore, maxSum)
		})
	}
}

func TestEmpty(t *testing.T) {
	t.Parallel()
	out := string(write(t, reporttest.Empty()))
	assert.Contains(t, out, `"tests": []`)
	assert.Contains(t, out, `"score": 0`)
}

func TestEscaping(t *testing.T) {
	t.Parallel()
	out := write(t, reporttest.Escaping())
	require.True(t, json.Valid(out))
	res := decode(t, reporttest.Escaping())
	assert.Contains(t, res.Tests[0].Output, "<b>bold</b>", "text format: markup stays as written")
	assert.Contains(t, res.Tests[0].Output, "Output:\n=== RUN TestÜnicode_Name\n<output> & more")
	assert.Contains(t, res.Tests[0].Output, "want \"b\": 50% done", "the rest of a multi-line message")
	assert.Equal(t, "01_dummy_queue/TestÜnicode_Name", res.Tests[0].Name)
}

func TestNilReport(t *testing.T) {
	t.Parallel()
	assert.Error(t, gradescope.Write(&bytes.Buffer{}, nil))
}

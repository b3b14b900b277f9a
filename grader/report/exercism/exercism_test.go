package exercism_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/exercism"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

func write(t *testing.T, r *report.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, exercism.Write(&buf, r))
	return buf.Bytes()
}

func kind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case []any:
		return "array"
	case nil:
		return "null"
	}
	return "other"
}

// TestInterface checks every results.json against the test runner
// interface, version 3: fields, types, presence and allowed values.
func TestInterface(t *testing.T) {
	t.Parallel()
	for _, s := range reporttest.All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			var doc map[string]any
			require.NoError(t, json.Unmarshal(write(t, s.Report), &doc))
			for field := range doc {
				assert.Contains(t, []string{"version", "status", "message", "tests"}, field)
			}
			assert.Equal(t, float64(3), doc["version"])
			require.Contains(t, []any{"pass", "fail", "error"}, doc["status"])
			if doc["status"] == "error" {
				require.Equal(t, "string", kind(doc["message"]), "message is required with status error")
				assert.NotEmpty(t, doc["message"])
			} else {
				assert.NotContains(t, doc, "message", "message is omitted unless status is error")
			}
			require.Equal(t, "array", kind(doc["tests"]))
			for _, raw := range doc["tests"].([]any) {
				tc := raw.(map[string]any)
				for field, v := range tc {
					want := map[string]string{"name": "string", "status": "string", "message": "string", "output": "string", "test_code": "string", "task_id": "number"}[field]
					require.NotEmpty(t, want, "field %q is not in the interface", field)
					assert.Equal(t, want, kind(v), field)
				}
				assert.Equal(t, "string", kind(tc["name"]), "name is required")
				assert.Equal(t, "string", kind(tc["test_code"]), "test_code is always given")
				assert.Contains(t, []any{"pass", "fail", "error"}, tc["status"])
				if out, ok := tc["output"].(string); ok {
					assert.LessOrEqual(t, utf8.RuneCountInString(out), 500)
				}
				if id, ok := tc["task_id"].(float64); ok {
					assert.Equal(t, float64(int(id)), id, "task_id is an integer")
					assert.GreaterOrEqual(t, id, float64(1), "task ids start at 1")
				}
			}
		})
	}
}

type results struct {
	Status  string  `json:"status"`
	Message *string `json:"message"`
	Tests   []struct {
		Name     string `json:"name"`
		Status   string `json:"status"`
		Message  string `json:"message"`
		Output   string `json:"output"`
		TestCode string `json:"test_code"`
		TaskID   int    `json:"task_id"`
	} `json:"tests"`
}

func decode(t *testing.T, out []byte) results {
	t.Helper()
	var res results
	require.NoError(t, json.Unmarshal(out, &res))
	return res
}

func TestStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sample  *report.Report
		status  string
		message string
	}{
		{reporttest.AllPass(), "pass", ""},
		{reporttest.Mixed(), "fail", ""},
		{reporttest.CompileError(), "fail", ""},
		{reporttest.NeverRan(), "error", "No check ran."},
		{reporttest.Empty(), "error", "No checks were selected, so nothing was graded."},
		{reporttest.Escaping(), "fail", ""},
	}
	for _, tt := range tests {
		res := decode(t, write(t, tt.sample))
		assert.Equal(t, tt.status, res.Status)
		if tt.message != "" {
			require.NotNil(t, res.Message)
			assert.Equal(t, tt.message, *res.Message)
		}
	}
}

func TestCompileErrorOfEveryExerciseIsAnError(t *testing.T) {
	t.Parallel()
	r := reporttest.NeverRan()
	r.Objectives[0].Checks[0].Message = "exercises/00_quiz/answers.go:3:1: syntax error: unexpected }"
	res := decode(t, write(t, r))
	assert.Equal(t, "error", res.Status)
	assert.Equal(t, "No check ran: exercises/00_quiz/answers.go:3:1: syntax error: unexpected }", *res.Message)
}

func TestTestsInCatalogueOrderWithTaskIDs(t *testing.T) {
	t.Parallel()
	res := decode(t, write(t, reporttest.Mixed()))
	var names []string
	var tasks []int
	for _, tc := range res.Tests {
		names = append(names, tc.Name)
		tasks = append(tasks, tc.TaskID)
	}
	assert.Equal(t, []string{
		"00_quiz/TestQuizAnswers",
		"01_dummy_queue/TestDummyQueueIsFIFO",
		"02_sqs_send/TestCreatesEncryptedQueue",
		"03_sqs_consume/TestDeletesAfterProcessing",
		"04_dlq/TestRedrivePolicySendsToDLQ",
		"05_sns_fanout/TestFanOutToTwoQueues",
		"06_fifo/TestDeduplicatesSales",
	}, names)
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6, 7}, tasks)

	failed := res.Tests[3]
	assert.Equal(t, "fail", failed.Status)
	assert.Equal(t, "Hint: Delete a message with its receipt handle only after it was processed.\n\n"+
		"exercises/03_sqs_consume/consumer.go:42: message was received 3 times: delete it after processing", failed.Message)
	assert.Equal(t, "go test -run '^TestDeletesAfterProcessing$' ./exercises/03_sqs_consume", failed.TestCode)
	assert.Equal(t, "error", res.Tests[6].Status, "a skipped check did not run")
	assert.Equal(t, "Skipped: the backend lacks fifo_deduplication", res.Tests[6].Message)
	assert.Empty(t, res.Tests[0].Message, "no message on a pass")
}

// TestOrderFromTheReport: the lesson's order and the task ids come from
// the report (Report.Exercises), not from a catalogue this package reads.
func TestOrderFromTheReport(t *testing.T) {
	t.Parallel()
	r := reporttest.Mixed()
	r.Exercises = []string{"04_dlq", "03_sqs_consume"}
	var buf bytes.Buffer
	require.NoError(t, exercism.Write(&buf, r))
	res := decode(t, buf.Bytes())
	require.Len(t, res.Tests, 7)
	assert.Equal(t, "04_dlq/TestRedrivePolicySendsToDLQ", res.Tests[0].Name)
	assert.Equal(t, 1, res.Tests[0].TaskID)
	assert.Equal(t, "03_sqs_consume/TestDeletesAfterProcessing", res.Tests[1].Name)
	assert.Equal(t, 2, res.Tests[1].TaskID)
	assert.Equal(t, "00_quiz/TestQuizAnswers", res.Tests[2].Name, "the rest keep the report's order")
	assert.Zero(t, res.Tests[2].TaskID)
	assert.NotContains(t, buf.String(), `"task_id": 0`)
}

// TestScopedRunKeepsLessonTaskIDs: a run of one exercise numbers it by its
// place in the whole lesson, as a full run does.
func TestScopedRunKeepsLessonTaskIDs(t *testing.T) {
	t.Parallel()
	r := reporttest.Scoped()
	require.NotEmpty(t, r.Scope)
	res := decode(t, write(t, r))
	require.NotEmpty(t, res.Tests)
	for _, tc := range res.Tests {
		exercise, _, _ := strings.Cut(tc.Name, "/")
		assert.Equal(t, slices.Index(reporttest.Lesson, exercise)+1, tc.TaskID, tc.Name)
	}
	assert.Equal(t, 3, res.Tests[0].TaskID, "02_sqs_send is the lesson's third exercise")
}

func TestOutputIsTruncatedTo500Characters(t *testing.T) {
	t.Parallel()
	r := reporttest.Mixed()
	r.Objectives[1].Checks[0].Output = strings.Repeat("é", 600)
	res := decode(t, write(t, r))
	out := res.Tests[3].Output
	assert.Equal(t, 500, utf8.RuneCountInString(out))
	assert.True(t, strings.HasSuffix(out, "Output was truncated. Please limit to 500 chars"))

	r.Objectives[1].Checks[0].Output = strings.Repeat("é", 500)
	res = decode(t, write(t, r))
	assert.Equal(t, strings.Repeat("é", 500), res.Tests[3].Output, "exactly 500 is kept whole")
}

func TestEscaping(t *testing.T) {
	t.Parallel()
	out := write(t, reporttest.Escaping())
	require.True(t, json.Valid(out))
	res := decode(t, out)
	require.Len(t, res.Tests, 3)
	assert.Equal(t, "01_dummy_queue/TestÜnicode_Name", res.Tests[0].Name)
	assert.Contains(t, res.Tests[0].Message, "<b>bold</b>")
	assert.Contains(t, res.Tests[0].Output, "<output> & more")
}

func TestNilReport(t *testing.T) {
	t.Parallel()
	assert.Error(t, exercism.Write(&bytes.Buffer{}, nil))
}

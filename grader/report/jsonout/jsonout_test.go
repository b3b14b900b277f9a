package jsonout_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/jsonout"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

func encode(t *testing.T, r *report.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, jsonout.Write(&buf, r))
	return buf.Bytes()
}

// kind names the JSON type of a decoded value.
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
	case nil:
		return "null"
	}
	return "unknown"
}

// requireFields checks that obj has every required field with its type, and
// that each optional field it has is of its type.
func requireFields(t *testing.T, obj map[string]any, required, optional map[string]string) {
	t.Helper()
	for field, want := range required {
		v, ok := obj[field]
		require.True(t, ok, "missing field %q in %v", field, obj)
		assert.Equal(t, want, kind(v), "type of %q", field)
	}
	for field, want := range optional {
		if v, ok := obj[field]; ok {
			assert.Equal(t, want, kind(v), "type of %q", field)
		}
	}
	for field := range obj {
		_, req := required[field]
		_, opt := optional[field]
		assert.True(t, req || opt, "field %q is not in the documented schema", field)
	}
}

func TestSchema(t *testing.T) {
	t.Parallel()
	for _, s := range reporttest.All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			var doc map[string]any
			require.NoError(t, json.Unmarshal(encode(t, s.Report), &doc))
			requireFields(t, doc,
				map[string]string{"score": "number", "max_score": "number", "passed": "bool", "objectives": "array", "duration_ns": "number"},
				map[string]string{"learner": "string", "confidence": "object", "backend": "string", "warnings": "array", "warning_details": "array", "exercises": "array", "scope": "array"})
			for _, o := range doc["objectives"].([]any) {
				obj := o.(map[string]any)
				requireFields(t, obj,
					map[string]string{"id": "string", "title": "string", "passed": "bool", "score": "number", "max_score": "number", "checks": "array"},
					map[string]string{"catalogue_max_score": "number"})
				for _, c := range obj["checks"].([]any) {
					check := c.(map[string]any)
					requireFields(t, check,
						map[string]string{"name": "string", "exercise": "string", "status": "string", "passed": "bool", "score": "number", "max_score": "number", "duration_ns": "number"},
						map[string]string{"hint": "string", "message": "string", "output": "string", "file": "string", "line": "number",
							"step": "number", "reason": "string", "expected": "string", "actual": "string", "function": "string", "seed": "string"})
					assert.Contains(t, []any{"pass", "fail", "error", "skip"}, check["status"])
				}
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, s := range reporttest.All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			var got report.Report
			require.NoError(t, json.Unmarshal(encode(t, s.Report), &got))
			want := *s.Report
			if want.Objectives == nil {
				want.Objectives = []report.ObjectiveResult{}
			}
			assert.Equal(t, want, got)
		})
	}
}

func TestValues(t *testing.T) {
	t.Parallel()
	out := encode(t, reporttest.Mixed())
	var doc struct {
		Score      int `json:"score"`
		MaxScore   int `json:"max_score"`
		Objectives []struct {
			ID     string `json:"id"`
			Passed bool   `json:"passed"`
			Checks []struct {
				Name    string `json:"name"`
				Status  string `json:"status"`
				Message string `json:"message"`
				Line    int    `json:"line"`
			} `json:"checks"`
		} `json:"objectives"`
	}
	require.NoError(t, json.Unmarshal(out, &doc))
	assert.Equal(t, 10, doc.Score)
	assert.Equal(t, 20, doc.MaxScore)
	require.Len(t, doc.Objectives, 4)
	assert.Equal(t, "LO2", doc.Objectives[1].ID)
	assert.False(t, doc.Objectives[1].Passed)
	assert.Equal(t, "TestDeletesAfterProcessing", doc.Objectives[1].Checks[0].Name)
	assert.Equal(t, "fail", doc.Objectives[1].Checks[0].Status)
	assert.Equal(t, 42, doc.Objectives[1].Checks[0].Line)
}

func TestEmptyReportHasArrays(t *testing.T) {
	t.Parallel()
	r := reporttest.Empty()
	r.Objectives = []report.ObjectiveResult{{ID: "LO1", Title: "t"}}
	out := string(encode(t, r))
	assert.Contains(t, out, `"checks": []`)
	assert.NotContains(t, out, "null")
	assert.Contains(t, string(encode(t, reporttest.Empty())), `"objectives": []`)
}

func TestMarkupIsNotEscaped(t *testing.T) {
	t.Parallel()
	out := string(encode(t, reporttest.Escaping()))
	assert.Contains(t, out, `<b>bold</b>`)
	assert.Contains(t, out, `“ünïcødé” 🚀`)
	assert.Contains(t, out, `\u001b[31m`, "control characters are escaped")
	assert.True(t, json.Valid([]byte(out)))
}

func TestDoesNotChangeTheReport(t *testing.T) {
	t.Parallel()
	r := reporttest.Empty()
	encode(t, r)
	assert.Nil(t, r.Objectives)
}

func TestNilReport(t *testing.T) {
	t.Parallel()
	assert.Error(t, jsonout.Write(&bytes.Buffer{}, nil))
}

func TestReadWhatWriteWrote(t *testing.T) {
	t.Parallel()
	for _, s := range reporttest.All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			got, err := jsonout.Read(bytes.NewReader(encode(t, s.Report)))
			require.NoError(t, err)
			assert.Equal(t, encode(t, s.Report), encode(t, got))
		})
	}
}

func TestReadRejectsWhatIsNotAReport(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "[]", `{"score": "ten"}`, "{"} {
		_, err := jsonout.Read(bytes.NewReader([]byte(in)))
		assert.ErrorContains(t, err, "read json report", "input %q", in)
	}
}

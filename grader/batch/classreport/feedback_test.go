package classreport

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report/reporttest"
)

// TestFeedbackGolden keeps what a student reads when their code panicked
// or hung, or their submission could not be read, as golden text
// (go test ./grader/batch/classreport -run Golden -update rewrites it).
func TestFeedbackGolden(t *testing.T) {
	t.Parallel()
	cat := testCatalogue(t)
	cases := []struct {
		golden string
		res    Result
	}{
		{"feedback_panicked.md", Result{ID: "ken", Status: StatusGraded, Report: panicked()}},
		{"feedback_hung.md", Result{ID: "hedy", Status: StatusGraded, Report: hung()}},
		{"feedback_unreadable.md", Result{ID: "olivia", Entry: "olivia.zip", Status: StatusUnreadable,
			Error:  "read olivia.zip: open zip: zip: not a valid zip file",
			Report: Failed(cat, "your submission could not be read: read olivia.zip: open zip: zip: not a valid zip file")}},
	}
	for _, tc := range cases {
		t.Run(tc.golden, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteFeedback(&buf, cat, tc.res))
			reporttest.Golden(t, tc.golden, buf.Bytes())
		})
	}
}

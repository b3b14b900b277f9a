package text_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/reporttest"
	"github.com/queuelab/queuelab/grader/report/text"
)

func render(t *testing.T, r *report.Report, opts text.Options) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, text.Write(&buf, r, opts))
	return buf.String()
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, s := range reporttest.All() {
		for _, colour := range []bool{false, true} {
			name := s.Name
			if colour {
				name += "_colour"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				reporttest.Golden(t, name, []byte(render(t, s.Report, text.Options{Colour: colour})))
			})
		}
	}
}

func TestNarrowTerminalWrapsHints(t *testing.T) {
	t.Parallel()
	got := render(t, reporttest.Mixed(), text.Options{Width: 50})
	reporttest.Golden(t, "mixed_width50", []byte(got))
	for _, line := range strings.Split(got, "\n") {
		// Only an unbreakable word (a path) may overflow.
		if n := len([]rune(line)); n > 50 {
			assert.NotContains(t, strings.TrimSpace(line[strings.LastIndex(line, " ")+1:]), " ", "line too long: %q", line)
		}
	}
}

func TestNoColourMeansNoEscapeCodes(t *testing.T) {
	t.Parallel()
	for _, s := range reporttest.All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			got := render(t, s.Report, text.Options{})
			assert.NotContains(t, got, "\x1b", "escape code in plain output")
			assert.NotContains(t, got, "\r")
		})
	}
}

func TestColourPaintsMarks(t *testing.T) {
	t.Parallel()
	got := render(t, reporttest.Mixed(), text.Options{Colour: true})
	assert.Contains(t, got, "\x1b[32m✓\x1b[0m")
	assert.Contains(t, got, "\x1b[31m✗\x1b[0m")
	assert.Contains(t, got, "\x1b[33m○\x1b[0m")
}

func TestContent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		report  *report.Report
		want    []string
		notWant []string
	}{
		{
			name:    "all pass ends with praise",
			report:  reporttest.AllPass(),
			want:    []string{"Total 20/20 · 4 of 4 objectives met", "All objectives met", "✓ LO4  " + reporttest.LO4},
			notWant: []string{"hint:", "Next:"},
		},
		{
			name:   "mixed shows hint and why under failed checks and the first hint as next step",
			report: reporttest.Mixed(),
			want: []string{
				"✗ 03_sqs_consume/TestDeletesAfterProcessing",
				"hint: Delete a message with its receipt handle only after it was",
				"why:  exercises/03_sqs_consume/consumer.go:42: message was received 3\n              times: delete it after processing",
				"why:  exercises/05_sns_fanout/fanout.go:17: not implemented yet",
				"○ 06_fifo/TestDeduplicatesSales",
				"skipped",
				"Next: 03_sqs_consume/TestDeletesAfterProcessing: Delete a message",
				"Total 10/20 · 1 of 4 objectives met",
				"Confidence (1-5): queues 3 · sqs 2\n",
				"! exercises/03_sqs_consume/consumer_test.go differs",
			},
			notWant: []string{"never shown", "topics 0"},
		},
		{
			name:    "compile error shows the compiler's file:line once",
			report:  reporttest.CompileError(),
			want:    []string{"why:  exercises/02_sqs_send/queue.go:12:5: undefined:\n              sqs.CreateQueueInputt"},
			notWant: []string{"queue.go:12: exercises/"},
		},
		{
			name:   "never ran says so",
			report: reporttest.NeverRan(),
			want:   []string{"why:  did not run", "Total 0/20 · 0 of 4 objectives met", "localstack backend"},
		},
		{
			name:    "empty says nothing was graded",
			report:  reporttest.Empty(),
			want:    []string{"No checks were selected", "Total 0/0 · 0 of 0 objectives met"},
			notWant: []string{"All objectives met"},
		},
		{
			name:    "escaping keeps unicode and drops control characters",
			report:  reporttest.Escaping(),
			want:    []string{"“ünïcødé” 🚀", "TestÜnicode_Name", "zoë", `why:  exercises/01_dummy_queue/queue,odd:name.go:7: got "a"`},
			notWant: []string{"\x1b", "\x00", "want \"b\""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := render(t, tt.report, text.Options{})
			for _, w := range tt.want {
				assert.Contains(t, got, w)
			}
			for _, w := range tt.notWant {
				assert.NotContains(t, got, w)
			}
		})
	}
}

func TestNoConfidenceAnsweredNudges(t *testing.T) {
	t.Parallel()
	r := reporttest.AllPass()
	r.Confidence = map[string]int{"queues": 0}
	assert.Contains(t, render(t, r, text.Options{}), "Confidence (1-5): not answered yet: rate each topic 1-5 in learner.yaml")
	r.Confidence = nil
	assert.NotContains(t, render(t, r, text.Options{}), "Confidence")
}

func TestNilReport(t *testing.T) {
	t.Parallel()
	assert.Error(t, text.Write(&bytes.Buffer{}, nil, text.Options{}))
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	t.Parallel()
	err := text.Write(failingWriter{}, reporttest.Mixed(), text.Options{})
	require.ErrorContains(t, err, "disk full")
}

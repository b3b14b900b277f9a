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
			name:   "mixed shows hint and why under failed checks and the first unmet check as next step",
			report: reporttest.Mixed(),
			want: []string{
				"✗ 03_sqs_consume/TestDeletesAfterProcessing",
				"hint: Delete a message with its receipt handle only after it was",
				"why:  exercises/03_sqs_consume/consumer.go:42: message was received 3\n              times: delete it after processing",
				"why:  exercises/05_sns_fanout/fanout.go:17: not implemented yet",
				"○ 06_fifo/TestDeduplicatesSales",
				"skipped",
				"Next: 03_sqs_consume/TestDeletesAfterProcessing\n      hint: Delete a message",
				"      why:  exercises/03_sqs_consume/consumer.go:42: message was received 3\n",
				"      more: go run ./grader/cmd/grader hint 03\n",
				"Total 10/20 · 1 of 4 objectives met",
				"Confidence (1-5): queues 3 · sqs 2\n",
				"! exercises/03_sqs_consume/consumer_test.go differs",
			},
			notWant: []string{"never shown", "topics 0", "expected:", "replay:"},
		},
		{
			name:   "compile error is told once, above the objectives, and fixing it comes first",
			report: reporttest.CompileError(),
			want: []string{
				"\n✗ 02_sqs_send did not compile, so its check did not run\n    exercises/02_sqs_send/queue.go:12:5: undefined: sqs.CreateQueueInputt\n\n✓ LO1",
				"    ✗ 02_sqs_send/TestCreatesEncryptedQueue (did not compile)                0/2\n",
				"Next: Fix the compile error in exercises/02_sqs_send/queue.go:12 first:\n      undefined: sqs.CreateQueueInputt\n",
			},
			notWant: []string{"queue.go:12: exercises/", "hint:", "why:"},
		},
		{
			name:   "a compile error comes before an earlier exercise's failure, and its checks show no hints",
			report: reporttest.NotCompiled(),
			want: []string{
				"✗ 06_fifo did not compile, so its 3 checks did not run",
				"06_fifo/TestGroupsOrdersByTill (did not compile)",
				"hint: Add MessageAttributes to SendMessage",
				"Next: Fix the compile error in exercises/06_fifo/orders.go:12 first: undefined:",
			},
			notWant: []string{"hint: Write", "Next: 02_sqs_send"},
		},
		{
			name:   "a panic says where, in a goroutine",
			report: reporttest.Panicked(),
			want:   []string{"why:  panicked in a goroutine started by Produce\n              (exercises/01_dummy_queue/queue.go:27): assignment to entry in nil\n              map"},
		},
		{
			name:   "an endless loop says how long and where",
			report: reporttest.Stuck(),
			want:   []string{"why:  stuck for 10s in Consume (exercises/01_dummy_queue/queue.go:31):"},
		},
		{
			name:   "a scoped run says what it graded and does not claim the objectives",
			report: reporttest.Scoped(),
			want: []string{
				"QueueLab check for ada · embedded backend · 700ms\nGraded: 02_sqs_send only, not the whole lesson\n",
				"✓ LO4  Create/use a queue and a notification topic in AWS                  15/15\n                                               (of 44 in LO4 over all exercises)\n",
				"Total 15/15 for 02_sqs_send\nEvery check of 02_sqs_send passes. Run `make check` for every exercise.\n",
			},
			notWant: []string{"All objectives met", "objectives met", "Next:"},
		},
		{
			name:    "a full run says nothing of other exercises",
			report:  reporttest.AllPass(),
			notWant: []string{"Graded:", "over all exercises"},
		},
		{
			name:   "expected and got are shown, a long value broken under itself",
			report: reporttest.ExpectedActual(),
			want: []string{
				"        expected: \"Sold a coffee\"\n        got:      \"Sold a latte\"\n",
				"        expected: map[string]any{\"author\":\"ada\", \"item\":\"latte\", \"price\":3.5,\n                   \"quantity\":2,",
			},
		},
		{
			name:   "a randomised check prints the command that replays it",
			report: reporttest.Seeded(),
			want:   []string{"        replay:   QUEUELAB_SEED=1234 make check EXERCISES=01\n"},
		},
		{
			name:   "next is the first unmet check in lesson order, not objective order",
			report: reporttest.LessonOrder(),
			want: []string{
				"Next: 02_sqs_send/TestSaleHasAuthorAttribute\n      hint: Add MessageAttributes",
				"      why:  exercises/02_sqs_send/send.go:31: the Author attribute has DataType",
			},
			notWant: []string{"Next: 03_sqs_consume", "Next: 02_sqs_send/TestSendsSaleAsJSON"},
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

func TestScopedRunWithFailures(t *testing.T) {
	t.Parallel()
	r := reporttest.Scoped()
	c := &r.Objectives[0].Checks[5]
	c.Status, c.Passed, c.Score, c.Message = report.StatusFail, false, 0, "the message has no Author attribute"
	r.Objectives[0].Score, r.Objectives[0].Passed, r.Score, r.Passed = 13, false, 13, false
	r.Scope = []string{"02_sqs_send", "03_sqs_consume"}
	got := render(t, r, text.Options{})
	assert.Contains(t, got, "Graded: 02_sqs_send and 03_sqs_consume only, not the whole lesson\n")
	assert.Contains(t, got, "Total 13/15 for 02_sqs_send and 03_sqs_consume\nNext: 02_sqs_send/TestSaleHasAuthorAttribute\n")
	assert.NotContains(t, got, "Every check")
}

func TestCommandOption(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, command, want string
	}{
		{"default runs from the kit's root with Go alone", "", "more: go run ./grader/cmd/grader hint 03\n"},
		{"the CLI's own command", "bin/grader", "more: bin/grader hint 03\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Contains(t, render(t, reporttest.Mixed(), text.Options{Command: tt.command}), tt.want)
		})
	}
}

func TestValuesKeepSpacesAndEscapeControls(t *testing.T) {
	t.Parallel()
	r := reporttest.ExpectedActual()
	c := &r.Objectives[0].Checks[0]
	c.Expected, c.Actual = "\"a  b\"", "\"a b\x1b[31m\n\""
	got := render(t, r, text.Options{})
	assert.Contains(t, got, "expected: \"a  b\"\n")
	assert.Contains(t, got, `got:      "a b\x1b[31m\n"`)
	assert.NotContains(t, got, "\x1b")
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

package github_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/github"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

func annotations(t *testing.T, r *report.Report) []string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, github.WriteAnnotations(&buf, r))
	out := buf.String()
	require.True(t, strings.HasSuffix(out, "\n"))
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

func summary(t *testing.T, r *report.Report) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, github.WriteSummary(&buf, r))
	return buf.String()
}

func TestAnnotationsAreOneCommandPerLine(t *testing.T) {
	t.Parallel()
	for _, s := range reporttest.All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			lines := annotations(t, s.Report)
			notPassed := 0
			for _, c := range s.Report.Checks() {
				if c.Status != report.StatusPass {
					notPassed++
				}
			}
			require.Len(t, lines, notPassed+len(s.Report.Warnings)+1)
			for _, l := range lines {
				assert.Regexp(t, `^::(error|warning|notice)( [a-z]+=[^:,]*(,[a-z]+=[^:,]*)*)?::`, l)
				assert.NotContains(t, l, "\r")
			}
			assert.True(t, strings.HasPrefix(lines[len(lines)-1], "::notice title=QueueLab::"))
		})
	}
}

func TestAnnotations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		report *report.Report
		want   []string
	}{
		{"failure on its line with hint then why", reporttest.Mixed(), []string{
			"::error file=exercises/03_sqs_consume/consumer.go,line=42,title=LO2 03_sqs_consume/TestDeletesAfterProcessing (0/3)::" +
				"Delete a message with its receipt handle only after it was processed.%0Aexercises/03_sqs_consume/consumer.go:42: message was received 3 times: delete it after processing",
			"::warning title=LO4 06_fifo/TestDeduplicatesSales (0/3)::skipped: the backend lacks fifo_deduplication",
			"::warning title=QueueLab::exercises/03_sqs_consume/consumer_test.go differs from the grader's copy; the grader's copy was used",
			"::notice title=QueueLab::10/20 points, 1 of 4 objectives met",
		}},
		{"compile error keeps the compiler's position", reporttest.CompileError(), []string{
			"::error file=exercises/02_sqs_send/queue.go,line=12,title=LO4 02_sqs_send/TestCreatesEncryptedQueue (0/2)::" +
				"Create the queue with SqsManagedSseEnabled set to true.%0Aexercises/02_sqs_send/queue.go:12:5: undefined: sqs.CreateQueueInputt",
		}},
		{"never ran has no file", reporttest.NeverRan(), []string{
			"::error title=LO1 00_quiz/TestQuizAnswers (0/2)::Re-read \"What is a queue?\" and answer every question in answers.go.%0Adid not run",
		}},
		{"all pass is one notice", reporttest.AllPass(), []string{
			"::notice title=QueueLab::20/20 points, 4 of 4 objectives met. All objectives met",
		}},
		{"empty", reporttest.Empty(), []string{"::notice title=QueueLab::0/0 points, 0 of 0 objectives met"}},
		{"escaping", reporttest.Escaping(), []string{
			"::error file=exercises/01_dummy_queue/queue%2Codd%3Aname.go,line=7,title=LO1 01_dummy_queue/TestÜnicode_Name (0/2)::" +
				"Use `Enqueue` | not *Push* & <b>bold</b> 100%25 [link](x)%0Aexercises/01_dummy_queue/queue,odd:name.go:7: got \"a\"",
			"::error title=LO2 03_sqs_consume/TestControl (0/1)::hint with ]]> and \x00 nul%0Aline1",
			"::warning title=QueueLab::warning with <xml> & 100%25",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lines := annotations(t, tt.report)
			for _, w := range tt.want {
				assert.Contains(t, lines, w)
			}
		})
	}
}

func TestAnnotationCannotInjectACommand(t *testing.T) {
	t.Parallel()
	r := reporttest.Mixed()
	r.Objectives[1].Checks[0].Hint = "a\n::set-output name=score::100\r\n::error::fake"
	r.Objectives[1].Checks[0].File = "x.go,line=1::pwned"
	lines := annotations(t, r)
	// Still one command per check: the injected lines stay inside the data.
	require.Len(t, lines, len(annotations(t, reporttest.Mixed())))
	for _, l := range lines {
		assert.Regexp(t, `^::(error|warning|notice) `, l)
	}
	assert.True(t, strings.HasPrefix(lines[0], "::error file=x.go%2Cline=1%3A%3Apwned,line=42,title="), lines[0])
	assert.Contains(t, lines[0], "::a%0A::set-output name=score::100%0D%0A::error::fake%0A")
}

func TestSummaryGolden(t *testing.T) {
	t.Parallel()
	for _, s := range reporttest.All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			reporttest.Golden(t, s.Name+".md", []byte(summary(t, s.Report)))
		})
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		report  *report.Report
		want    []string
		notWant []string
	}{
		{"mixed", reporttest.Mixed(), []string{
			"## QueueLab: 10/20 points, 1 of 4 objectives met",
			"Learner: **grace** · backend: endpoint · 3.1s",
			"| ✅ | **LO1** Understand what a queue is, and its use cases | 5/5 |",
			"| ❌ | **LO2** Understand how system design can change to utilise queues | 3/6 |",
			"### ❌ LO2 Understand how system design can change to utilise queues (3/6)",
			"| ❌ | 03\\_sqs\\_consume/TestDeletesAfterProcessing | 0/3 |",
			"| ⏭️ | 06\\_fifo/TestDeduplicatesSales | skipped |",
			"- ❌ **03\\_sqs\\_consume/TestDeletesAfterProcessing**: Delete a message with its receipt handle only after it was processed.<br>exercises/03\\_sqs\\_consume/consumer.go:42: message was received 3 times: delete it after processing",
			"> ⚠️ exercises/03\\_sqs\\_consume/consumer\\_test.go differs",
			"**Next:** 03\\_sqs\\_consume/TestDeletesAfterProcessing: Delete a message",
		}, []string{"never shown"}},
		{"all pass", reporttest.AllPass(), []string{"4 of 4 objectives met. All objectives met"}, []string{"**Next:**", "- ❌"}},
		{"empty", reporttest.Empty(), []string{"No checks were selected"}, []string{"| Objective |"}},
		{"escaping", reporttest.Escaping(), []string{
			"### ❌ LO1 Queues &amp; \\<topics\\>: “ünïcødé” 🚀 (1/3)",
			"Use \\`Enqueue\\` \\| not \\*Push\\* &amp; \\<b\\>bold\\</b\\> 100% \\[link\\](x)",
			"hint with \\]\\]\\> and   nul",
			"Learner: **zoë**",
		}, []string{"<b>", "\x00", "\x1b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := summary(t, tt.report)
			for _, w := range tt.want {
				assert.Contains(t, got, w)
			}
			for _, w := range tt.notWant {
				assert.NotContains(t, got, w)
			}
		})
	}
}

func TestWriteEnvAppendsToStepSummary(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "step_summary.md")
	require.NoError(t, os.WriteFile(path, []byte("earlier step\n"), 0o644))
	getenv := func(k string) string {
		if k == github.SummaryEnv {
			return path
		}
		return ""
	}
	var stdout bytes.Buffer
	require.NoError(t, github.WriteEnv(&stdout, getenv, reporttest.Mixed()))
	assert.True(t, strings.HasPrefix(stdout.String(), "::error "))
	assert.NotContains(t, stdout.String(), "## QueueLab")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(got), "earlier step\n## QueueLab: 10/20 points"), string(got))
}

func TestWriteEnvWithoutStepSummaryPrintsBoth(t *testing.T) {
	t.Parallel()
	var stdout bytes.Buffer
	require.NoError(t, github.WriteEnv(&stdout, func(string) string { return "" }, reporttest.Mixed()))
	assert.Contains(t, stdout.String(), "::notice title=QueueLab::")
	assert.Contains(t, stdout.String(), "## QueueLab: 10/20 points")
}

func TestWriteEnvBadSummaryPath(t *testing.T) {
	t.Parallel()
	getenv := func(string) string { return filepath.Join(t.TempDir(), "missing", "dir", "summary.md") }
	err := github.WriteEnv(&bytes.Buffer{}, getenv, reporttest.Mixed())
	assert.ErrorContains(t, err, "open step summary")
}

func TestNilReport(t *testing.T) {
	t.Parallel()
	assert.Error(t, github.Write(&bytes.Buffer{}, &bytes.Buffer{}, nil))
	assert.Error(t, github.WriteSummary(&bytes.Buffer{}, nil))
}

package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

func TestWriteHints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		report  *report.Report
		all     bool
		want    string
		notWant []string
	}{
		{
			name:   "first unmet in lesson order, then the next, then how to see the rest",
			report: reporttest.LessonOrder(),
			want: `Next: 02_sqs_send/TestSaleHasAuthorAttribute
  hint: Add MessageAttributes to SendMessage: "Author" with DataType aws.String("String") and StringValue the author.
  why:  exercises/02_sqs_send/send.go:31: the Author attribute has DataType "string": SQS knows "String"
Then: 03_sqs_consume/TestConsumerUsesLongPolling
  hint: In PollOnce set WaitTimeSeconds 20 and MaxNumberOfMessages 10 on ReceiveMessage.
  why:  exercises/03_sqs_consume/consumer.go:40: ReceiveMessage was called with WaitTimeSeconds 0
(2 more unmet: go run ./grader/cmd/grader hint 02 --all)
`,
		},
		{
			name:    "all of them, an exercise's LO4 check before its LO2 check",
			report:  reporttest.LessonOrder(),
			all:     true,
			want:    "Then: 04_dlq/TestCreatesDeadLetterQueue\n",
			notWant: []string{"more unmet"},
		},
		{
			name:   "a compile error first, and no hint of a check that did not run",
			report: reporttest.NotCompiled(),
			want: `Next: Fix the compile error in exercises/06_fifo/orders.go:12 first: undefined: sqs.SendMessageInputt (and 1 more compile errors)
(then go run ./grader/cmd/grader hint 06 again: none of its checks ran)
`,
		},
		{
			name:   "expected, got and the seed",
			report: reporttest.Seeded(),
			want:   "  expected: \"a\"\n  got: \"b\"\n  seed: QUEUELAB_SEED=1234\n",
		},
		{
			name:   "every check passes",
			report: reporttest.AllPass(),
			want:   "Every check of this exercise passes: on to the next one (go run ./grader/cmd/grader list).\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			writeHints(&buf, tt.report, tt.all, "go run ./grader/cmd/grader")
			assert.Contains(t, buf.String(), tt.want)
			for _, w := range tt.notWant {
				assert.NotContains(t, buf.String(), w)
			}
			assert.NotContains(t, buf.String(), "(grader ", "a command that is not on PATH")
		})
	}
}

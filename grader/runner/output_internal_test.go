package runner

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/report"
)

func TestOutputByTest(t *testing.T) {
	t.Parallel()
	out := "\x16=== RUN   TestA\n\x16=== PAUSE TestA\n\x16=== RUN   TestB\n" +
		"    b_test.go:9: b says\n" +
		"\x16=== CONT  TestA\n    a_test.go:3: a says\n" +
		"\x16=== RUN   TestA/sub\n    a_test.go:5: sub says\n" +
		"\x16--- FAIL: TestC (0.00s)\npanic: boom [recovered]\n" +
		"\x16=== NAME  \nstray line\n" +
		"learner print \x16--- PASS: TestB (0.01s)\n"
	byTest, outside := outputByTest(out)
	assert.Equal(t, []string{"    a_test.go:3: a says", "    a_test.go:5: sub says"}, byTest["TestA"])
	assert.Equal(t, []string{"    b_test.go:9: b says"}, byTest["TestB"])
	assert.Equal(t, []string{"panic: boom [recovered]"}, byTest["TestC"])
	assert.Equal(t, []string{"stray line", "learner print "}, outside)
}

func TestWhy(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		lines []string
		msg   string
		file  string
		line  int
	}{
		{"stub through testify", []string{
			"    topic_test.go:21: ",
			"        \tError Trace:\t/x/topic_test.go:21",
			"        \tError:      \tReceived unexpected error:",
			"        \t            \tCreateTopic: not implemented yet: create the topic (README step 1)",
			"        \tTest:       \tTestCreatesTopic",
		}, "CreateTopic: not implemented yet: create the topic (README step 1)", "", 0},
		{"testify with messages", []string{
			"    q_test.go:12: ",
			"        \tError:      \tNot equal: ",
			"        \t            \texpected: 1",
			"        \t            \tactual  : 2",
			"        \tTest:       \tTestX",
			"        \tMessages:   \tone message expected",
			"    q_test.go:40: HINT: do the thing",
		}, "Not equal (one message expected)", "", 0},
		{"plain log", []string{"    q_test.go:40: HINT: do the thing", "    q_test.go:12: got 2 messages, want 1"}, "got 2 messages, want 1", "", 0},
		{"panic in the learner's code", []string{
			"panic: runtime error: index out of range [recovered]",
			"goroutine 7 [running]:",
			"github.com/queuelab/queuelab/exercises/01_dummy_queue.(*Queue).Consume(...)",
			"\tgithub.com/queuelab/queuelab/exercises/01_dummy_queue/queue_test.go:40 +0x1d",
			"\tgithub.com/queuelab/queuelab/exercises/01_dummy_queue/queue.go:31 +0x1d",
		}, "panic: runtime error: index out of range", "exercises/01_dummy_queue/queue.go", 31},
		{"timeout", []string{"panic: test timed out after 30s"}, "timed out after 30s (an endless loop, or waiting for a message that never comes?)", "", 0},
		{"nothing", nil, "", "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			msg, file, line := why(tc.lines)
			assert.Equal(t, tc.msg, msg)
			assert.Equal(t, tc.file, file)
			assert.Equal(t, tc.line, line)
		})
	}
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	out := "# github.com/queuelab/queuelab/exercises/02_sqs_send [github.com/queuelab/queuelab/exercises/02_sqs_send.test]\n" +
		"exercises/02_sqs_send/send.go:12:5: undefined: foo\n" +
		"exercises/02_sqs_send/send.go:14:2: declared and not used: x\n" +
		"# github.com/queuelab/queuelab/exercises/05_sns_fanout_test [github.com/queuelab/queuelab/exercises/05_sns_fanout.test]\n" +
		"grader/labtest/x.go:1:1: odd\n" +
		"FAIL\tgithub.com/queuelab/queuelab/exercises/02_sqs_send [build failed]\n"
	errs := compileErrors(out, []string{"02_sqs_send", "05_sns_fanout"})
	assert.Equal(t, []compileError{
		{text: "exercises/02_sqs_send/send.go:12:5: undefined: foo", file: "exercises/02_sqs_send/send.go", line: 12},
		{text: "exercises/02_sqs_send/send.go:14:2: declared and not used: x", file: "exercises/02_sqs_send/send.go", line: 14},
	}, errs["02_sqs_send"])
	assert.Equal(t, []compileError{{text: "grader/labtest/x.go:1:1: odd", file: "grader/labtest/x.go", line: 1}}, errs["05_sns_fanout"])
}

func TestScan(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"package p\nimport \"fmt\"\nvar _ = fmt.Sprint\n":                                             "",
		"package p\nimport \"unsafe\"\nvar _ unsafe.Pointer\n":                                        `x.go:2: import "unsafe" is not allowed`,
		"package p\n// #include <stdio.h>\nimport \"C\"\n":                                            `x.go:3: cgo (import "C") is not allowed`,
		"package p\nimport _ \"github.com/queuelab/queuelab/exercises/02_sqs_send\"\n":                "x.go:2: importing another exercise",
		"package p\n\n//go:linkname f runtime.f\nfunc f()\n":                                          "x.go:3: //go:linkname is not allowed",
		"package p\n\n//line queue_test.go:1\nfunc TestX() {}\n":                                      "x.go:3: //line directives are not allowed",
		"package p\nimport \"github.com/queuelab/queuelab/exercises\"\nvar _ = exercises.Catalogue\n": "",
		"this does not parse": "",
	}
	for src, want := range cases {
		p := scan("x.go", []byte(src))
		if want == "" {
			assert.Nil(t, p, src)
			continue
		}
		if assert.NotNil(t, p, src) {
			assert.Contains(t, p.message, want)
		}
	}
}

func TestSelectExercises(t *testing.T) {
	t.Parallel()
	cat := &catalogue.Catalogue{Exercises: []catalogue.Exercise{{ID: "01_dummy_queue"}, {ID: "02_sqs_send"}, {ID: "05_sns_fanout"}}}
	got, err := selectExercises(cat, []string{"05", "exercises/01_dummy_queue/"})
	assert.NoError(t, err)
	assert.Equal(t, []catalogue.Exercise{{ID: "01_dummy_queue"}, {ID: "05_sns_fanout"}}, got)
	all, err := selectExercises(cat, nil)
	assert.NoError(t, err)
	assert.Len(t, all, 3)
	_, err = selectExercises(cat, []string{"09"})
	assert.ErrorContains(t, err, `no exercise "09"`)
}

func TestExplain(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 150)
	cases := []struct {
		name  string
		lines []string
		want  explanation
	}{
		{"strings differ", []string{
			"        \tError:      \tNot equal: ",
			"        \t            \texpected: \"Sold a coffee\"",
			"        \t            \tactual  : \"Sold a latte\"",
			"        \t            \t",
			"        \t            \tDiff:",
			"        \t            \t-Sold a coffee",
			"        \tTest:       \tTestLessonExample",
			"        \tMessages:   \tfirst in, first out",
		}, explanation{message: "Not equal (first in, first out)", expected: `"Sold a coffee"`, actual: `"Sold a latte"`}},
		{"multi-line maps collapse", []string{
			"        \tError:      \tNot equal: ",
			"        \t            \texpected: map[string]int{",
			"        \t            \t  \"a\": 1,",
			"        \t            \t}",
			"        \t            \tactual  : map[string]int{",
			"        \t            \t  \"a\": 2,",
			"        \t            \t}",
		}, explanation{message: "Not equal", expected: `map[string]int{ "a": 1, }`, actual: `map[string]int{ "a": 2, }`}},
		{"error chain", []string{
			"        \tError:      \tTarget error should be in err chain:",
			"        \t            \texpected: \"No message to consume.\"",
			"        \t            \tin chain: \"queue is empty\"",
		}, explanation{message: "Target error should be in err chain", expected: `"No message to consume."`, actual: `"queue is empty"`}},
		{"long values keep their difference", []string{
			"        \tError:      \tNot equal: ",
			"        \t            \texpected: \"" + long + "A" + long + "\"",
			"        \t            \tactual  : \"" + long + "B" + long + "\"",
		}, explanation{message: "Not equal",
			expected: "…" + strings.Repeat("x", 30) + "A" + strings.Repeat("x", 30) + "…",
			actual:   "…" + strings.Repeat("x", 30) + "B" + strings.Repeat("x", 30) + "…"}},
		{"stub wrapped by its own name reads once", []string{
			"        \tError:      \tReceived unexpected error:",
			"        \t            \tProduce: Produce: not implemented yet: append the message",
		}, explanation{message: "Produce: not implemented yet: append the message", reason: report.ReasonNotImplemented}},
		{"a panic the check recovered", []string{
			"        \tError:      \tTarget error should be in err chain:",
			"        \t            \tin chain: \"Consume panicked: runtime error: index out of range [-1] (at exercises/01_dummy_queue/queue.go:31 in Consume; return an error instead of panicking)\"",
		}, explanation{message: "runtime error: index out of range [-1]", reason: report.ReasonPanic,
			where: place{function: "Consume", file: "exercises/01_dummy_queue/queue.go", line: 31}}},
		{"AWS's error without the SDK's framing", []string{
			"        \tError:      \tReceived unexpected error:",
			"        \t            \tsend sale of latte: operation error SQS: SendMessage, https response error StatusCode: 400, RequestID: 12b0352e-c215-4dcd-8923-ef79f8e557d1, api error InvalidParameterValue: The type of message (user) attribute 'Author' is invalid.",
		}, explanation{message: "send sale of latte: SQS SendMessage: InvalidParameterValue: The type of message (user) attribute 'Author' is invalid."}},
		{"AWS's typed error without the SDK's framing", []string{
			"        \tError:      \tReceived unexpected error:",
			"        \t            \tsubscribe arn:aws:sqs:us-east-1:000000000000:ada-latte-sales-queue: operation error SNS: Subscribe, https response error StatusCode: 400, RequestID: 7b8f1dc7-8d50-47d2-9209-2ad033e5f871, InvalidParameter: Invalid parameter: Attributes Reason: FilterPolicy: \"item\" must be an object or an array",
		}, explanation{message: "subscribe arn:aws:sqs:us-east-1:000000000000:ada-latte-sales-queue: SNS Subscribe: InvalidParameter: Invalid parameter: Attributes Reason: FilterPolicy: \"item\" must be an object or an array"}},
		{"seed of a randomised check", []string{
			"    queue_test.go:70: got 2",
			"    helpers_test.go:31: random seed 42: replay this exact run with QUEUELAB_SEED=42 go test",
		}, explanation{message: "got 2", seed: "42"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, explain(tc.lines))
		})
	}
}

func TestFindPanicInAGoroutineOfTheLearner(t *testing.T) {
	t.Parallel()
	out := "queuelab: TestLessonExample runs in goroutine 21\n" +
		"panic: assignment to entry in nil map\n\n" +
		"goroutine 40 [running]:\n" +
		"github.com/queuelab/queuelab/exercises/01_dummy_queue.(*Queue).Produce.func1()\n" +
		"\tgithub.com/queuelab/queuelab/exercises/01_dummy_queue/queue.go:24 +0x45\n" +
		"created by github.com/queuelab/queuelab/exercises/01_dummy_queue.(*Queue).Produce in goroutine 21\n" +
		"\tgithub.com/queuelab/queuelab/exercises/01_dummy_queue/queue.go:23 +0x1b9\n"
	p, ok := findPanic(out, checkGoroutines(out))
	assert.True(t, ok)
	assert.Equal(t, panicked{message: "panic: assignment to entry in nil map", check: "TestLessonExample",
		where: place{function: "Produce.func1", file: "exercises/01_dummy_queue/queue.go", line: 24}}, p)
}

func TestStuckCheckPlace(t *testing.T) {
	t.Parallel()
	out := "SIGQUIT: quit\nPC=0x4 m=0 sigcode=0\n\n" +
		"goroutine 7 gp=0xc000 m=nil [semacquire]:\n" +
		"github.com/queuelab/queuelab/exercises/01_dummy_queue.concurrentRound(0xc0, 0x7d0)\n" +
		"\tgithub.com/queuelab/queuelab/exercises/01_dummy_queue/queue_test.go:146 +0x2\n" +
		"github.com/queuelab/queuelab/exercises/01_dummy_queue.TestConcurrentProducersAndConsumers(0xc0)\n" +
		"\tgithub.com/queuelab/queuelab/exercises/01_dummy_queue/queue_test.go:98 +0x2\n\n" +
		"goroutine 9 [runnable]:\n" +
		"github.com/queuelab/queuelab/exercises/01_dummy_queue.(*Queue).Consume(0xc0)\n" +
		"\tgithub.com/queuelab/queuelab/exercises/01_dummy_queue/queue.go:31 +0x2\n" +
		"github.com/queuelab/queuelab/exercises/01_dummy_queue.concurrentRound.func3()\n" +
		"\tgithub.com/queuelab/queuelab/exercises/01_dummy_queue/queue_test.go:130 +0x2\n" +
		"created by github.com/queuelab/queuelab/exercises/01_dummy_queue.concurrentRound in goroutine 7\n" +
		"\tgithub.com/queuelab/queuelab/exercises/01_dummy_queue/queue_test.go:125 +0x2\n"
	p, ok := newDump(out).learnerPlaceOf("TestConcurrentProducersAndConsumers")
	assert.True(t, ok)
	assert.Equal(t, "Consume (exercises/01_dummy_queue/queue.go:31)", p.String())
	_, ok = newDump(out).learnerPlaceOf("TestLessonExample")
	assert.False(t, ok)
}

package runner

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/queuelab/queuelab/grader/catalogue"
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
		}, "Not equal: expected: 1 (one message expected)", "", 0},
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

package junit_test

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/junit"
	"github.com/queuelab/queuelab/grader/report/reporttest"
)

// The JUnit schema as a reader parses it, independent of the writer's types.
type doc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Time     float64  `xml:"time,attr"`
	Suites   []suite  `xml:"testsuite"`
}

type suite struct {
	Name       string     `xml:"name,attr"`
	Tests      int        `xml:"tests,attr"`
	Failures   int        `xml:"failures,attr"`
	Errors     int        `xml:"errors,attr"`
	Skipped    int        `xml:"skipped,attr"`
	Time       float64    `xml:"time,attr"`
	Properties []property `xml:"properties>property"`
	Cases      []tcase    `xml:"testcase"`
}

type property struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type tcase struct {
	Name      string   `xml:"name,attr"`
	Classname string   `xml:"classname,attr"`
	Time      *float64 `xml:"time,attr"`
	File      string   `xml:"file,attr"`
	Line      int      `xml:"line,attr"`
	Failure   *outcome `xml:"failure"`
	Error     *outcome `xml:"error"`
	Skipped   *outcome `xml:"skipped"`
	SystemOut string   `xml:"system-out"`
}

type outcome struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func parse(t *testing.T, out []byte) doc {
	t.Helper()
	require.True(t, bytes.HasPrefix(out, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)))
	var d doc
	require.NoError(t, xml.Unmarshal(out, &d), "output is not well-formed JUnit XML:\n%s", out)
	return d
}

func write(t *testing.T, r *report.Report) doc {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, junit.Write(&buf, r))
	return parse(t, buf.Bytes())
}

func TestCounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sample                                 reporttest.Sample
		tests, failures, errors, skipped, pass int
	}{
		{reporttest.All()[0], 7, 0, 0, 0, 7},
		{reporttest.All()[1], 7, 2, 0, 1, 4},
		{reporttest.All()[2], 7, 0, 1, 0, 6},
		{reporttest.All()[3], 7, 0, 7, 0, 0},
		{reporttest.All()[4], 0, 0, 0, 0, 0},
		{reporttest.All()[5], 3, 1, 1, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.sample.Name, func(t *testing.T) {
			t.Parallel()
			d := write(t, tt.sample.Report)
			assert.Equal(t, "QueueLab", d.Name)
			assert.Equal(t, []int{tt.tests, tt.failures, tt.errors, tt.skipped}, []int{d.Tests, d.Failures, d.Errors, d.Skipped})
			require.Len(t, d.Suites, 1)
			s := d.Suites[0]
			assert.Equal(t, []int{tt.tests, tt.failures, tt.errors, tt.skipped}, []int{s.Tests, s.Failures, s.Errors, s.Skipped})
			require.Len(t, s.Cases, tt.tests)
			pass := 0
			for _, c := range s.Cases {
				require.NotNil(t, c.Time, "every testcase has a time")
				n := 0
				for _, o := range []*outcome{c.Failure, c.Error, c.Skipped} {
					if o != nil {
						n++
					}
				}
				assert.LessOrEqual(t, n, 1, "at most one outcome per testcase")
				if n == 0 {
					pass++
				}
			}
			assert.Equal(t, tt.pass, pass)
		})
	}
}

func TestAttributes(t *testing.T) {
	t.Parallel()
	s := write(t, reporttest.Mixed()).Suites[0]
	assert.Equal(t, "grace", s.Name)
	assert.InDelta(t, 3.1, s.Time, 0.0005)
	assert.Contains(t, s.Properties, property{"score", "10"})
	assert.Contains(t, s.Properties, property{"max_score", "20"})
	assert.Contains(t, s.Properties, property{"backend", "endpoint"})

	byName := map[string]tcase{}
	for _, c := range s.Cases {
		byName[c.Name] = c
	}
	failed := byName["03_sqs_consume/TestDeletesAfterProcessing"]
	assert.Equal(t, "LO2 "+reporttest.LO2, failed.Classname)
	assert.InDelta(t, 0.12, *failed.Time, 0.0005)
	assert.Equal(t, "exercises/03_sqs_consume/consumer.go", failed.File)
	assert.Equal(t, 42, failed.Line)
	require.NotNil(t, failed.Failure)
	assert.Equal(t, "fail", failed.Failure.Type)
	assert.Equal(t, "exercises/03_sqs_consume/consumer.go:42: message was received 3 times: delete it after processing", failed.Failure.Message)
	assert.True(t, strings.HasPrefix(failed.Failure.Text, "Hint: Delete a message with its receipt handle"), failed.Failure.Text)
	assert.Equal(t, 1, strings.Count(failed.Failure.Text, "message was received"), "why is not repeated")

	skipped := byName["06_fifo/TestDeduplicatesSales"]
	require.NotNil(t, skipped.Skipped)
	assert.Equal(t, "the backend lacks fifo_deduplication", skipped.Skipped.Message)

	passed := byName["02_sqs_send/TestCreatesEncryptedQueue"]
	assert.Equal(t, "LO4 "+reporttest.LO4, passed.Classname)
	assert.Empty(t, passed.File)
	assert.Nil(t, passed.Failure)
}

func TestCompileErrorIsAnError(t *testing.T) {
	t.Parallel()
	for _, c := range write(t, reporttest.CompileError()).Suites[0].Cases {
		if c.Name != "02_sqs_send/TestCreatesEncryptedQueue" {
			continue
		}
		require.NotNil(t, c.Error)
		assert.Equal(t, "error", c.Error.Type)
		assert.Equal(t, "exercises/02_sqs_send/queue.go:12:5: undefined: sqs.CreateQueueInputt", c.Error.Message)
		return
	}
	t.Fatal("no testcase for the check that did not compile")
}

func TestNeverRanSaysSo(t *testing.T) {
	t.Parallel()
	for _, c := range write(t, reporttest.NeverRan()).Suites[0].Cases {
		require.NotNil(t, c.Error, c.Name)
		assert.Equal(t, "did not run", c.Error.Message)
	}
}

func TestEscaping(t *testing.T) {
	t.Parallel()
	s := write(t, reporttest.Escaping()).Suites[0]
	assert.Equal(t, "zoë", s.Name)
	c := s.Cases[0]
	assert.Equal(t, "LO1 Queues & <topics>: “ünïcødé” 🚀", c.Classname)
	assert.Equal(t, "01_dummy_queue/TestÜnicode_Name", c.Name)
	assert.Equal(t, "exercises/01_dummy_queue/queue,odd:name.go", c.File)
	assert.Contains(t, c.Failure.Text, "<b>bold</b>")
	assert.Contains(t, c.Failure.Text, "::error::injected\uFFFD[31m", "control characters XML cannot hold are replaced")
	assert.Equal(t, "=== RUN TestÜnicode_Name\n<output> & more\n--- FAIL", c.SystemOut)
	assert.Contains(t, s.Cases[2].Error.Text, "]]> and \uFFFD nul")
}

func TestWriteSuites(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, junit.WriteSuites(&buf, []junit.Suite{
		{Name: "ada", Report: reporttest.AllPass()},
		{Name: "grace", Report: reporttest.Mixed()},
		{Name: "linus", Report: reporttest.CompileError()},
	}))
	d := parse(t, buf.Bytes())
	require.Len(t, d.Suites, 3)
	assert.Equal(t, []string{"ada", "grace", "linus"}, []string{d.Suites[0].Name, d.Suites[1].Name, d.Suites[2].Name})
	assert.Equal(t, 21, d.Tests)
	assert.Equal(t, 2, d.Failures)
	assert.Equal(t, 1, d.Errors)
	assert.Equal(t, 1, d.Skipped)
	assert.InDelta(t, 2.3+3.1+1.8, d.Time, 0.002)
}

func TestWriteSuitesEmpty(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, junit.WriteSuites(&buf, nil))
	d := parse(t, buf.Bytes())
	assert.Empty(t, d.Suites)
	assert.Zero(t, d.Tests)
}

func TestUnnamedLearner(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "QueueLab", write(t, reporttest.NeverRan()).Suites[0].Name)
}

func TestNilReport(t *testing.T) {
	t.Parallel()
	assert.Error(t, junit.Write(&bytes.Buffer{}, nil))
	assert.ErrorContains(t, junit.WriteSuites(&bytes.Buffer{}, []junit.Suite{{Name: "x"}}), `"x"`)
}

func TestGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, junit.Write(&buf, reporttest.Mixed()))
	reporttest.Golden(t, "mixed.xml", buf.Bytes())
}

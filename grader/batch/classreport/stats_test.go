package classreport

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/catalogue"
)

func TestCheckGroupsInLessonOrder(t *testing.T) {
	t.Parallel()
	// Objectives listed out of their numbers' order, an exercise whose
	// checks serve two objectives, and an objective with no check.
	cat, err := catalogue.Parse([]byte(`
objectives:
  - {id: LO1, title: Queues}
  - {id: LO3, title: Topics}
  - {id: LO2, title: Design}
  - {id: LO4, title: Unused}
exercises:
  - id: 01_dummy_queue
    title: Dummy queue
    checks:
      - {name: TestB, objective: LO1, points: 1, hint: h}
      - {name: TestA, objective: LO1, points: 1, hint: h}
  - id: 03_sqs_consume
    title: Consume
    checks:
      - {name: TestConsumes, objective: LO2, points: 1, hint: h}
  - id: 04_dlq
    title: DLQ
    checks:
      - {name: TestCreatesDLQ, objective: LO1, points: 1, hint: h}
      - {name: TestPoison, objective: LO2, points: 1, hint: h}
      - {name: TestRedrive, objective: LO2, points: 1, hint: h}
  - id: 05_sns_fanout
    title: Fan-out
    checks:
      - {name: TestFansOut, objective: LO3, points: 1, hint: h}
`))
	require.NoError(t, err)
	type row struct{ objective, exercise, check string }
	var got []row
	var headings []string
	for _, g := range Compute(cat, nil).CheckGroups {
		headings = append(headings, g.ID+" "+g.Title)
		for _, e := range g.Exercises {
			for _, c := range e.Checks {
				assert.Equal(t, g.ID, c.Objective)
				got = append(got, row{g.ID, e.ID, c.Name})
			}
		}
	}
	assert.Equal(t, []string{"LO1 Queues", "LO3 Topics", "LO2 Design"}, headings, "the catalogue's objectives, without the empty one")
	assert.Equal(t, []row{
		{"LO1", "01_dummy_queue", "TestB"},
		{"LO1", "01_dummy_queue", "TestA"},
		{"LO1", "04_dlq", "TestCreatesDLQ"},
		{"LO3", "05_sns_fanout", "TestFansOut"},
		{"LO2", "03_sqs_consume", "TestConsumes"},
		{"LO2", "04_dlq", "TestPoison"},
		{"LO2", "04_dlq", "TestRedrive"},
	}, got)
}

func TestWordsOf(t *testing.T) {
	t.Parallel()
	cases := map[string][]string{
		"TestConcurrentProducersAndConsumers": {"Test", "Concurrent", "Producers", "And", "Consumers"},
		"TestDummyQueueIsFIFO":                {"Test", "Dummy", "Queue", "Is", "FIFO"},
		"TestSQS2SNS":                         {"Test", "SQS2", "SNS"},
		"Test_snake_case":                     {"Test_", "snake_", "case"},
		"T":                                   {"T"},
	}
	for name, want := range cases {
		assert.Equal(t, want, wordsOf(name), name)
	}
}

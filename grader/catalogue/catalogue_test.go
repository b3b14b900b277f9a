package catalogue_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/catalogue"
)

const valid = `
objectives:
  - {id: LO1, title: Queues}
  - {id: LO4, title: AWS}
exercises:
  - id: 01_dummy_queue
    title: Dummy queue
    checks:
      - {name: TestFIFO, objective: LO1, points: 2, hint: Pop from the front.}
  - id: 02_sqs_send
    title: Send
    checks:
      - {name: TestCreatesQueue, objective: LO4, points: 3, hint: Call CreateQueue., needs: [sse]}
lesson:
  title: The lesson's steps
  checks:
    - {name: SalesQueue, objective: LO4, points: 2, hint: Create the queue.}
    - {name: Topic, objective: LO1, points: 1, hint: Create the topic.}
`

func TestParseValidCatalogue(t *testing.T) {
	t.Parallel()
	c, err := catalogue.Parse([]byte(valid))
	require.NoError(t, err)
	assert.Equal(t, 5, c.MaxScore(), "the lesson's steps count toward no exercise")
	assert.Equal(t, 3, c.LessonMaxScore(""))
	assert.Equal(t, 2, c.LessonMaxScore("LO4"))
	assert.Equal(t, "SalesQueue", c.Lesson.Checks[0].Name)
	assert.Equal(t, 2, c.ObjectiveMaxScore("LO1"))
	assert.Equal(t, 3, c.ObjectiveMaxScore("LO4"))
	assert.Zero(t, c.ObjectiveMaxScore("LO9"))

	check, ok := c.Lookup("02_sqs_send", "TestCreatesQueue/subtest")
	require.True(t, ok)
	assert.Equal(t, "LO4", check.Objective)
	assert.Equal(t, []string{"sse"}, check.Needs)

	_, ok = c.Lookup("02_sqs_send", "TestMissing")
	assert.False(t, ok)
	_, ok = c.Lookup("99_none", "TestFIFO")
	assert.False(t, ok)

	o, ok := c.Objective("LO1")
	require.True(t, ok)
	assert.Equal(t, "Queues", o.Title)
}

func TestParseRefusesInvalidCatalogues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown field", "objectives: []\nexercise: []\n", "field exercise not found"},
		{"objective without title", "objectives: [{id: LO1}]\n", "needs an id and a title"},
		{"duplicate objective", "objectives: [{id: LO1, title: a}, {id: LO1, title: b}]\n", "listed twice"},
		{"bad exercise id", "objectives: []\nexercises: [{id: sqs, title: x}]\n", "must look like"},
		{"check not a test func", "objectives: [{id: LO1, title: a}]\nexercises: [{id: 01_x, title: x, checks: [{name: fifo, objective: LO1, points: 1, hint: h}]}]\n", "Go test function"},
		{"unknown objective", "objectives: [{id: LO1, title: a}]\nexercises: [{id: 01_x, title: x, checks: [{name: TestA, objective: LO9, points: 1, hint: h}]}]\n", "unknown objective"},
		{"no points", "objectives: [{id: LO1, title: a}]\nexercises: [{id: 01_x, title: x, checks: [{name: TestA, objective: LO1, points: 0, hint: h}]}]\n", "points must be positive"},
		{"no hint", "objectives: [{id: LO1, title: a}]\nexercises: [{id: 01_x, title: x, checks: [{name: TestA, objective: LO1, points: 1}]}]\n", "needs a hint"},
		{"duplicate check", "objectives: [{id: LO1, title: a}]\nexercises: [{id: 01_x, title: x, checks: [{name: TestA, objective: LO1, points: 1, hint: h}, {name: TestA, objective: LO1, points: 1, hint: h}]}]\n", "listed twice"},
		{"lesson step not a word", "objectives: [{id: LO1, title: a}]\nlesson: {title: l, checks: [{name: sales-queue, objective: LO1, points: 1, hint: h}]}\n", "lesson step's name"},
		{"lesson step unknown objective", "objectives: [{id: LO1, title: a}]\nlesson: {title: l, checks: [{name: Queue, objective: LO9, points: 1, hint: h}]}\n", "unknown objective"},
		{"lesson step without hint", "objectives: [{id: LO1, title: a}]\nlesson: {title: l, checks: [{name: Queue, objective: LO1, points: 1}]}\n", "needs a hint"},
		{"lesson step twice", "objectives: [{id: LO1, title: a}]\nlesson: {title: l, checks: [{name: Queue, objective: LO1, points: 1, hint: h}, {name: Queue, objective: LO1, points: 1, hint: h}]}\n", "lesson/Queue is listed twice"},
		{"duplicate exercise", "objectives: []\nexercises: [{id: 01_x, title: x}, {id: 01_x, title: y}]\n", "listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := catalogue.Parse([]byte(tt.yaml))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

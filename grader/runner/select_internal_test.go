package runner

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/catalogue"
)

// TestSelectExercisesByPrefix: any prefix that names one exercise selects
// it; one that names several, or none, is an *ExerciseError that lists
// them.
func TestSelectExercisesByPrefix(t *testing.T) {
	t.Parallel()
	cat := &catalogue.Catalogue{Exercises: []catalogue.Exercise{{ID: "00_quiz"}, {ID: "01_dummy_queue"}, {ID: "02_sqs_send"}}}
	tests := []struct {
		arg     string
		want    string
		wantErr *ExerciseError
		msg     string
	}{
		{arg: "02", want: "02_sqs_send"},
		{arg: "02_sqs", want: "02_sqs_send"},
		{arg: "02_sqs_send", want: "02_sqs_send"},
		{arg: "exercises/00_quiz/", want: "00_quiz"},
		{arg: "0", wantErr: &ExerciseError{Arg: "0", Matches: []string{"00_quiz", "01_dummy_queue", "02_sqs_send"}},
			msg: `exercise "0" is ambiguous: it could be 00_quiz, 01_dummy_queue, 02_sqs_send`},
		{arg: "9", wantErr: &ExerciseError{Arg: "9", All: []string{"00_quiz", "01_dummy_queue", "02_sqs_send"}},
			msg: `no exercise "9": the exercises are 00_quiz, 01_dummy_queue, 02_sqs_send`},
		{arg: "/", wantErr: &ExerciseError{Arg: "/", All: []string{"00_quiz", "01_dummy_queue", "02_sqs_send"}}},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			t.Parallel()
			got, err := selectExercises(cat, []string{tt.arg})
			if tt.wantErr != nil {
				var ee *ExerciseError
				require.ErrorAs(t, err, &ee)
				assert.Equal(t, tt.wantErr, ee)
				if tt.msg != "" {
					assert.EqualError(t, err, tt.msg)
				}
				return
			}
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, tt.want, got[0].ID)
		})
	}
}

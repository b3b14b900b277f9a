package learner_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/learner"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml, wantErr string
		want                learner.Learner
	}{
		{
			name: "name and confidence",
			yaml: "name: ada-l\nconfidence:\n  queues: 4\n  topics: 0\n",
			want: learner.Learner{Name: "ada-l", Confidence: map[string]int{"queues": 4, "topics": 0}},
		},
		{name: "no name", yaml: "confidence: {}\n", wantErr: "set name:"},
		{name: "name with a space", yaml: "name: ada lovelace\n", wantErr: "can't be used in queue names"},
		{name: "name too long", yaml: "name: " + string(make41()) + "\n", wantErr: "1 to 40"},
		{name: "unknown topic", yaml: "name: ada\nconfidence: {lambda: 3}\n", wantErr: "unknown confidence topic"},
		{name: "confidence out of range", yaml: "name: ada\nconfidence: {sqs: 6}\n", wantErr: "answer 1"},
		{name: "unknown field", yaml: "nam: ada\n", wantErr: "field nam not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := learner.Parse([]byte(tt.yaml))
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func make41() []byte {
	b := make([]byte, 41)
	for i := range b {
		b[i] = 'a'
	}
	return b
}

func TestFindWalksUp(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	deep := filepath.Join(root, "exercises", "02_sqs_send")
	require.NoError(t, os.MkdirAll(deep, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, learner.FileName), []byte("name: grace\n"), 0o644))

	l, path, err := learner.Find(deep)
	require.NoError(t, err)
	assert.Equal(t, "grace", l.Name)
	assert.Equal(t, filepath.Join(root, learner.FileName), path)
}

func TestFindSaysWhatToDoWhenMissing(t *testing.T) {
	t.Parallel()
	_, _, err := learner.Find(t.TempDir())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "create one at the repository root")
}

func TestTheShippedLearnerFileIsValid(t *testing.T) {
	t.Parallel()
	l, err := learner.Load(filepath.Join("..", "..", learner.FileName))
	require.NoError(t, err)
	assert.NotEmpty(t, l.Name)
}

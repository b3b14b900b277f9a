package learner_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/learner"
	"github.com/queuelab/queuelab/grader/report/reporttest"
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
		{name: "blank answer is 0", yaml: "name: ada\nconfidence:\n  sqs:\n", want: learner.Learner{Name: "ada", Confidence: map[string]int{"sqs": 0}}},
		{name: "windows line ends", yaml: "name: ada\r\nconfidence:\r\n  sqs: 2\r\n", want: learner.Learner{Name: "ada", Confidence: map[string]int{"sqs": 2}}},
		{name: "no name", yaml: "confidence: {}\n", wantErr: "learner.yaml: no name: add a line name: your-name"},
		{name: "empty name", yaml: "name:\n", wantErr: "learner.yaml:1: name is empty"},
		{name: "empty file", yaml: "# nothing\n", wantErr: "learner.yaml: the file is empty"},
		{name: "name with a space", yaml: "name: ada lovelace\n", wantErr: `learner.yaml:1: name "ada lovelace" can't be used in queue names: it has a space (use - or _, as in ada-lovelace)`},
		{name: "name too long", yaml: "name: " + strings.Repeat("a", 41) + "\n", wantErr: "it is 41 characters long, and the most is 40"},
		{name: "name with a bang", yaml: "name: 'bad!'\n", wantErr: `it has '!'`},
		{name: "name a list", yaml: "name: [ada]\n", wantErr: "learner.yaml:1: name must be one word"},
		{name: "unknown topic", yaml: "name: ada\nconfidence: {lambda: 3}\n", wantErr: `learner.yaml:2: unknown confidence topic "lambda"`},
		{name: "confidence out of range", yaml: "name: ada\nconfidence:\n  sqs: 6\n", wantErr: "learner.yaml:3: confidence sqs is 6: answer 1"},
		{name: "confidence a word", yaml: "name: ada\nconfidence:\n  sqs: four\n", wantErr: `learner.yaml:3: confidence sqs is "four"`},
		{name: "confidence a scalar", yaml: "name: ada\nconfidence: 3\n", wantErr: "learner.yaml:2: confidence holds one line per topic"},
		{name: "unknown field", yaml: "nam: ada\n", wantErr: `learner.yaml:1: unknown field "nam"`},
		{name: "field twice", yaml: "name: ada\nname: bob\n", wantErr: "learner.yaml:2: name is set twice (first on line 1)"},
		{name: "topic twice", yaml: "name: ada\nconfidence:\n  sqs: 1\n  sqs: 2\n", wantErr: "learner.yaml:4: confidence sqs is set twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := learner.Parse([]byte(tt.yaml))
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.NotContains(t, err.Error(), "\n", "one line, for batch warnings")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// shipped is the repository's learner.yaml, one string per line.
func shipped(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", learner.FileName))
	require.NoError(t, err)
	return strings.Split(string(data), "\n")
}

// TestSyntaxErrorsNameTheLineToFix: each mistake is made on one line of
// the shipped file, and the error names that line, whatever line yaml's
// own message gives.
func TestSyntaxErrorsNameTheLineToFix(t *testing.T) {
	t.Parallel()
	lines := shipped(t)
	require.Equal(t, "  queues: 0          # the concept of queues", lines[8], "line 9 of learner.yaml")
	tests := []struct {
		name    string
		line    int // from 1
		text    string
		wantMsg string
	}{
		{name: "missing colon", line: 9, text: "  queues 3", wantMsg: `"queues 3" has no colon`},
		{name: "missing colon on the last topic", line: 13, text: "  overall 3", wantMsg: "has no colon"},
		{name: "tab", line: 9, text: "\tqueues: 3", wantMsg: "a tab"},
		{name: "unclosed quote", line: 3, text: `name: "ada`, wantMsg: "a quote opened on this line is never closed"},
		{name: "unclosed bracket", line: 9, text: "  queues: [3", wantMsg: "a [ opened on this line is never closed"},
		{name: "first child indented more", line: 9, text: "   queues: 3", wantMsg: "indented by 3 spaces where the lines beside it have 2"},
		{name: "child indented more", line: 10, text: "    sqs: 3", wantMsg: "indented by 4 spaces"},
		{name: "child indented less", line: 10, text: " sqs: 3", wantMsg: "indented by 1 spaces"},
		{name: "second colon", line: 3, text: "name: ada: lovelace", wantMsg: `a second ":"`},
		{name: "unknown field", line: 3, text: "nmae: ada", wantMsg: `unknown field "nmae"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			broken := append([]string(nil), lines...)
			broken[tt.line-1] = tt.text
			_, err := learner.Parse([]byte(strings.Join(broken, "\n")))
			var fe *learner.Error
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.line, fe.Line, "%v", err)
			assert.Equal(t, tt.text, fe.Text)
			assert.Contains(t, fe.Msg, tt.wantMsg)
		})
	}
}

// TestAdvice: the text a learner reads for each mistake, as golden files
// (go test ./grader/learner -update rewrites them).
func TestAdvice(t *testing.T) {
	t.Parallel()
	lines := shipped(t)
	tests := []struct {
		name string
		line int    // the line of the shipped file replaced, from 1
		text string // its new text; with line 0, no file at all
	}{
		{name: "name_with_spaces", line: 3, text: "name: ada lovelace"},
		{name: "name_60_characters", line: 3, text: "name: " + strings.Repeat("ada", 20)},
		{name: "missing_file"},
		{name: "unknown_field", line: 3, text: "nmae: ada"},
		{name: "syntax_error_line_9", line: 9, text: "  queues: [3"},
		{name: "confidence_7", line: 10, text: "  sqs: 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), learner.FileName)
			if tt.line > 0 {
				broken := append([]string(nil), lines...)
				broken[tt.line-1] = tt.text
				require.NoError(t, os.WriteFile(path, []byte(strings.Join(broken, "\n")), 0o644))
			}
			_, err := learner.Load(path)
			require.Error(t, err)
			reporttest.Golden(t, "advice_"+tt.name, []byte(learner.Advice(err, "make check")+"\n"))
		})
	}
}

func TestTemplateIsValidAndMatchesTheShippedFile(t *testing.T) {
	t.Parallel()
	tmpl, err := learner.Parse([]byte(learner.Template))
	require.NoError(t, err)
	assert.Equal(t, "your-name", tmpl.Name)
	l, err := learner.Load(filepath.Join("..", "..", learner.FileName))
	require.NoError(t, err)
	assert.Equal(t, l.Confidence, tmpl.Confidence, "the template asks what the shipped file asks")
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

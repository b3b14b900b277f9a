// Package learner reads the learner file (learner.yaml at the repository
// root): the learner's name, used as <your-name> in every resource name, and
// the lesson's 1-5 confidence ("emoji") checks.
//
// A mistake in the file is an *Error that names the line as an editor
// numbers it; Advice turns it into the text a learner reads.
package learner

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// FileName is the learner file's name at the repository root.
const FileName = "learner.yaml"

// EnvName overrides the learner's name, for the grader and for CI.
const EnvName = "QUEUELAB_LEARNER"

// Confidence topics, in the lesson's order.
var Topics = []string{"queues", "sqs", "failure_handling", "topics", "overall"}

// MaxNameLen is the longest learner name: the longest suffix an exercise
// appends is "-coffee-sales-notifications" (27 characters) plus ".fifo", and
// SQS names stop at 80 characters.
const MaxNameLen = 40

// Rules says, in one sentence, what the learner file may hold.
const Rules = "The valid fields are name (1 to 40 letters, digits, - or _) and confidence (queues, sqs, failure_handling, topics, overall: 0-5)."

// Learner is the content of the learner file.
type Learner struct {
	Name       string         `yaml:"name"`
	Confidence map[string]int `yaml:"confidence"`
}

var validName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}$`)

// ValidateName checks a learner name against the rules every queue and topic
// name built from it must follow.
func ValidateName(name string) error {
	if p := nameProblem(name); p != "" {
		return fmt.Errorf("%s: %s", FileName, p)
	}
	return nil
}

// nameProblem says what is wrong with name, or "".
func nameProblem(name string) string {
	if name == "" {
		return "name is empty: set name: to your name (1 to 40 letters, digits, - or _)"
	}
	if validName.MatchString(name) {
		return ""
	}
	bad := fmt.Sprintf("name %q can't be used in queue names: ", name)
	if n := len([]rune(name)); n > MaxNameLen {
		return bad + fmt.Sprintf("it is %d characters long, and the most is %d", n, MaxNameLen)
	}
	if strings.ContainsAny(name, " \t") {
		if dashed := strings.Join(strings.Fields(name), "-"); validName.MatchString(dashed) {
			return bad + fmt.Sprintf("it has a space (use - or _, as in %s)", dashed)
		}
		return bad + "it has a space (use - or _)"
	}
	for _, r := range name {
		if !validName.MatchString(string(r)) {
			return bad + fmt.Sprintf("it has %q (use only letters, digits, - or _)", r)
		}
	}
	return bad + "use 1 to 40 letters, digits, - or _"
}

func known(topic string) bool {
	for _, t := range Topics {
		if t == topic {
			return true
		}
	}
	return false
}

// Load reads the learner file at path. A file that is not there gives an
// error that wraps fs.ErrNotExist.
func Load(path string) (Learner, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Learner{}, fmt.Errorf("read learner file: %w", err)
	}
	return Parse(data)
}

// Find looks for the learner file in dir and its parents and loads it.
func Find(dir string) (Learner, string, error) {
	for {
		path := filepath.Join(dir, FileName)
		if _, err := os.Stat(path); err == nil {
			l, err := Load(path)
			return l, path, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return Learner{}, "", errors.New("no learner.yaml found: create one at the repository root with name: <your-name>")
		}
		dir = parent
	}
}

// Template is a learner file to start from, with your-name in place of the
// learner's name.
const Template = `name: your-name
confidence:
  queues: 0
  sqs: 0
  failure_handling: 0
  topics: 0
  overall: 0
`

// Advice is the text a learner reads for err, an error of Load: what is
// wrong, the line quoted as the file numbers it, the rules, and then what to
// run again (rerun, such as "make check").
func Advice(err error, rerun string) string {
	var b strings.Builder
	var fe *Error
	switch {
	case errors.As(err, &fe):
		b.WriteString(fe.Error() + "\n")
		if fe.Line > 0 {
			fmt.Fprintf(&b, "%5d | %s\n", fe.Line, fe.Text)
		}
		b.WriteString(Rules + "\n")
		fmt.Fprintf(&b, "Fix %s, then run %s again.", FileName, rerun)
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(&b, "%s is missing: create it at the root of your repository with this content, your name in place of your-name:\n\n", FileName)
		for _, line := range strings.Split(strings.TrimSuffix(Template, "\n"), "\n") {
			b.WriteString("    " + line + "\n")
		}
		fmt.Fprintf(&b, "\nThen run %s again.", rerun)
	default:
		fmt.Fprintf(&b, "%v\nFix %s, then run %s again.", err, FileName, rerun)
	}
	return b.String()
}

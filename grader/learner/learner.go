// Package learner reads the learner file (learner.yaml at the repository
// root): the learner's name, used as <your-name> in every resource name, and
// the lesson's 1-5 confidence ("emoji") checks.
package learner

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"go.yaml.in/yaml/v3"
)

// FileName is the learner file's name at the repository root.
const FileName = "learner.yaml"

// EnvName overrides the learner's name, for the grader and for CI.
const EnvName = "QUEUELAB_LEARNER"

// Confidence topics, in the lesson's order.
var Topics = []string{"queues", "sqs", "failure_handling", "topics", "overall"}

// Learner is the content of the learner file.
type Learner struct {
	Name       string         `yaml:"name"`
	Confidence map[string]int `yaml:"confidence"`
}

// The longest suffix an exercise appends is "-coffee-sales-notifications"
// (27 characters) plus ".fifo"; SQS names stop at 80 characters.
var validName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}$`)

// Parse reads and validates a learner file's content.
func Parse(data []byte) (Learner, error) {
	var l Learner
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&l); err != nil {
		return Learner{}, fmt.Errorf("read %s: %w", FileName, err)
	}
	if err := ValidateName(l.Name); err != nil {
		return Learner{}, err
	}
	for topic, v := range l.Confidence {
		if !known(topic) {
			return Learner{}, fmt.Errorf("%s: unknown confidence topic %q: use one of %v", FileName, topic, Topics)
		}
		if v < 0 || v > 5 {
			return Learner{}, fmt.Errorf("%s: confidence %s is %d: answer 1 (haven't a clue) to 5 (ready to work on it), or 0 for not answered", FileName, topic, v)
		}
	}
	return l, nil
}

// ValidateName checks a learner name against the rules every queue and topic
// name built from it must follow.
func ValidateName(name string) error {
	if name == "" {
		return fmt.Errorf("%s: set name: to your name (letters, digits, - and _)", FileName)
	}
	if !validName.MatchString(name) {
		return fmt.Errorf("%s: name %q can't be used in queue names: use 1 to 40 letters, digits, hyphens or underscores", FileName, name)
	}
	return nil
}

func known(topic string) bool {
	for _, t := range Topics {
		if t == topic {
			return true
		}
	}
	return false
}

// Load reads the learner file at path.
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

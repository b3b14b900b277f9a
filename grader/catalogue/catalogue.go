// Package catalogue is the one list of QueueLab's learning objectives,
// exercises and checks: for every check, the objective it grades, its points
// and the hint that tells a learner what to do next. The grader, the reports
// and the checks themselves read it; `make test` proves it against the code.
package catalogue

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"

	"go.yaml.in/yaml/v3"
)

// Catalogue is the parsed catalogue file.
type Catalogue struct {
	Objectives []Objective `yaml:"objectives"`
	Exercises  []Exercise  `yaml:"exercises"`
	// Lesson lists the checks of the lesson's own steps (console, AWS CLI,
	// boto3), graded by observing an endpoint (`grader check --lesson`),
	// not by running Go tests. They count toward no exercise.
	Lesson Lesson `yaml:"lesson"`
}

// LessonID is the exercise name the lesson's checks are reported under.
const LessonID = "lesson"

// Lesson is the lesson's own steps as checks, in the order the slides
// take them.
type Lesson struct {
	Title  string  `yaml:"title"`
	Checks []Check `yaml:"checks"`
}

// Objective is one of the lesson's learning objectives.
type Objective struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
}

// Exercise is one folder under exercises/ (and solutions/).
type Exercise struct {
	// ID is the folder name, for example "02_sqs_send".
	ID    string  `yaml:"id"`
	Title string  `yaml:"title"`
	Check []Check `yaml:"checks"`
}

// Check is one graded test function of an exercise.
type Check struct {
	// Name is the Go test function, for example "TestCreatesEncryptedQueue".
	Name      string `yaml:"name"`
	Objective string `yaml:"objective"`
	Points    int    `yaml:"points"`
	// Hint tells the learner what to do next when the check fails.
	Hint string `yaml:"hint"`
	// Needs lists backend features the check relies on, so that a backend
	// lacking one skips the check by name instead of failing it.
	Needs []string `yaml:"needs,omitempty"`
}

var (
	exerciseID = regexp.MustCompile(`^[0-9]{2}_[a-z0-9_]+$`)
	checkName  = regexp.MustCompile(`^Test[A-Za-z0-9_]+$`)
	stepName   = regexp.MustCompile(`^[A-Z][A-Za-z0-9]+$`)
)

// Parse reads and validates a catalogue.
func Parse(data []byte) (*Catalogue, error) {
	var c Catalogue
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("parse catalogue: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	return &c, nil
}

func (c *Catalogue) validate() error {
	objectives := map[string]bool{}
	for _, o := range c.Objectives {
		if o.ID == "" || o.Title == "" {
			return errors.New("an objective needs an id and a title")
		}
		if objectives[o.ID] {
			return fmt.Errorf("objective %s is listed twice", o.ID)
		}
		objectives[o.ID] = true
	}
	exercises := map[string]bool{}
	for _, e := range c.Exercises {
		if !exerciseID.MatchString(e.ID) {
			return fmt.Errorf("exercise id %q must look like 02_sqs_send", e.ID)
		}
		if exercises[e.ID] {
			return fmt.Errorf("exercise %s is listed twice", e.ID)
		}
		exercises[e.ID] = true
		if err := validateChecks(e.ID, e.Check, checkName, "a check's name is its Go test function, TestXxx", objectives); err != nil {
			return err
		}
	}
	return validateChecks(LessonID, c.Lesson.Checks, stepName, "a lesson step's name is a word such as SalesQueue", objectives)
}

// validateChecks checks the checks of owner (an exercise, or the lesson):
// each named as name says (nameRule, when not), listed once, under a known
// objective, worth points, with a hint.
func validateChecks(owner string, checks []Check, name *regexp.Regexp, nameRule string, objectives map[string]bool) error {
	seen := map[string]bool{}
	for _, ch := range checks {
		where := owner + "/" + ch.Name
		switch {
		case !name.MatchString(ch.Name):
			return fmt.Errorf("%s: %s", where, nameRule)
		case seen[ch.Name]:
			return fmt.Errorf("%s is listed twice", where)
		case !objectives[ch.Objective]:
			return fmt.Errorf("%s: unknown objective %q", where, ch.Objective)
		case ch.Points <= 0:
			return fmt.Errorf("%s: points must be positive", where)
		case ch.Hint == "":
			return fmt.Errorf("%s: every check needs a hint", where)
		}
		seen[ch.Name] = true
	}
	return nil
}

// LessonMaxScore is what the lesson's steps are worth for an objective
// ("" for all of them).
func (c *Catalogue) LessonMaxScore(objective string) int {
	total := 0
	for _, ch := range c.Lesson.Checks {
		if objective == "" || ch.Objective == objective {
			total += ch.Points
		}
	}
	return total
}

// Exercise returns the exercise with the given id.
func (c *Catalogue) Exercise(id string) (Exercise, bool) {
	for _, e := range c.Exercises {
		if e.ID == id {
			return e, true
		}
	}
	return Exercise{}, false
}

// Lookup returns the check named name in exercise id. A subtest name
// ("TestX/case") finds its top-level check.
func (c *Catalogue) Lookup(exercise, name string) (Check, bool) {
	if i := bytes.IndexByte([]byte(name), '/'); i >= 0 {
		name = name[:i]
	}
	e, ok := c.Exercise(exercise)
	if !ok {
		return Check{}, false
	}
	for _, ch := range e.Check {
		if ch.Name == name {
			return ch, true
		}
	}
	return Check{}, false
}

// Objective returns the objective with the given id.
func (c *Catalogue) Objective(id string) (Objective, bool) {
	for _, o := range c.Objectives {
		if o.ID == id {
			return o, true
		}
	}
	return Objective{}, false
}

// MaxScore is the sum of every check's points.
func (c *Catalogue) MaxScore() int {
	total := 0
	for _, e := range c.Exercises {
		for _, ch := range e.Check {
			total += ch.Points
		}
	}
	return total
}

// ObjectiveMaxScore is what an objective is worth: the points of every
// check of every exercise that grades it.
func (c *Catalogue) ObjectiveMaxScore(objective string) int {
	total := 0
	for _, e := range c.Exercises {
		for _, ch := range e.Check {
			if ch.Objective == objective {
				total += ch.Points
			}
		}
	}
	return total
}

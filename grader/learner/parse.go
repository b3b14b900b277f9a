package learner

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Error is a mistake in the learner file.
type Error struct {
	// Line is the line to fix, numbered from 1 as editors do; 0 when the
	// mistake is about the whole file.
	Line int
	// Text is that line as written.
	Text string
	// Msg says what is wrong.
	Msg string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return FileName + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d: %s", FileName, e.Line, e.Msg)
}

// Parse reads and validates a learner file's content.
func Parse(data []byte) (Learner, error) {
	p := parser{lines: strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")}
	if err := p.lint(); err != nil {
		return Learner{}, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Learner{}, p.syntaxError(err)
	}
	if len(doc.Content) == 0 {
		return Learner{}, p.at(0, "the file is empty: set name: to your name")
	}
	return p.learner(doc.Content[0])
}

type parser struct{ lines []string }

// at is the mistake msg on line (from 1; 0 for the whole file).
func (p parser) at(line int, msg string, args ...any) *Error {
	e := &Error{Line: line, Msg: fmt.Sprintf(msg, args...)}
	if line > 0 && line <= len(p.lines) {
		e.Text = p.lines[line-1]
	} else {
		e.Line = 0
	}
	return e
}

// content reports whether line holds YAML, not only a comment or space.
func content(line string) bool {
	t := strings.TrimSpace(line)
	return t != "" && !strings.HasPrefix(t, "#") && t != "---" && t != "..."
}

func indent(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

// lint finds, line by line, the mistakes for which YAML's own errors name a
// line other than the one to fix: a tab, a missing colon, a child indented
// unlike its siblings.
func (p parser) lint() error {
	for i, line := range p.lines {
		if !content(line) {
			continue
		}
		if strings.HasPrefix(strings.TrimLeft(line, " "), "\t") {
			return p.at(i+1, "a tab before the text: indent with spaces (YAML does not allow tabs)")
		}
		if t := strings.TrimSpace(line); !strings.Contains(t, ":") && !strings.HasPrefix(t, "-") &&
			!strings.ContainsAny(t[:1], `"'[{|>`) {
			return p.at(i+1, "%q has no colon: write it as field: value", t)
		}
	}
	// The children of each top-level field share one indentation.
	var block []int // line indexes of the current field's children
	check := func() error {
		counts := map[int]int{}
		for _, i := range block {
			counts[indent(p.lines[i])]++
		}
		usual := 0
		for n, c := range counts {
			if c > counts[usual] || (c == counts[usual] && n < usual) {
				usual = n
			}
		}
		for _, i := range block {
			if n := indent(p.lines[i]); n != usual {
				return p.at(i+1, "indented by %d spaces where the lines beside it have %d: line them up", n, usual)
			}
		}
		return nil
	}
	for i, line := range p.lines {
		switch {
		case !content(line):
		case indent(line) == 0:
			if err := check(); err != nil {
				return err
			}
			block = block[:0]
		default:
			block = append(block, i)
		}
	}
	return check()
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserErrors are the messages of yaml's parser, whose line is counted
// from 0 and is where the structure holding the problem starts (a [, a
// block); the scanner's other messages name their own line, counted from 1.
var parserErrors = []string{
	"did not find expected <", "found undefined tag handle", "did not find expected node content",
	"did not find expected '-' indicator", "did not find expected key",
	"did not find expected ',' or", "found duplicate %", "found incompatible YAML document",
}

// friendlier says some of yaml's messages in a learner's words.
var friendlier = map[string]string{
	"mapping values are not allowed in this context": `a second ":" on this line: a value can't hold ": " unless it is in quotes`,
	"found unexpected end of stream":                 "a quote opened on this line is never closed",
	"did not find expected ',' or ']'":               "a [ opened on this line is never closed",
	"did not find expected ',' or '}'":               "a { opened on this line is never closed",
}

// syntaxError turns yaml's error into the line to fix.
func (p parser) syntaxError(err error) error {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return p.at(0, "not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	line, _ := strconv.Atoi(m[1])
	msg := m[2]
	for _, pe := range parserErrors {
		if strings.HasPrefix(msg, pe) {
			line++
			break
		}
	}
	if f, ok := friendlier[msg]; ok {
		msg = f
	} else {
		msg = "not valid YAML: " + msg
	}
	return p.at(line, "%s", msg)
}

// learner reads the document's top-level mapping.
func (p parser) learner(root *yaml.Node) (Learner, error) {
	if root.Kind != yaml.MappingNode {
		return Learner{}, p.at(root.Line, "expected fields such as name: ada, one to a line")
	}
	var l Learner
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if first, dup := seen[k.Value]; dup {
			return Learner{}, p.at(k.Line, "%s is set twice (first on line %d): keep one", k.Value, first)
		}
		seen[k.Value] = k.Line
		switch k.Value {
		case "name":
			if v.Kind != yaml.ScalarNode {
				return Learner{}, p.at(k.Line, "name must be one word such as ada-lovelace")
			}
			if v.Tag != "!!null" {
				l.Name = v.Value
			}
			if msg := nameProblem(l.Name); msg != "" {
				return Learner{}, p.at(v.Line, "%s", msg)
			}
		case "confidence":
			c, err := p.confidence(k, v)
			if err != nil {
				return Learner{}, err
			}
			l.Confidence = c
		default:
			return Learner{}, p.at(k.Line, "unknown field %q", k.Value)
		}
	}
	if _, ok := seen["name"]; !ok {
		return Learner{}, p.at(0, "no name: add a line name: your-name")
	}
	return l, nil
}

// confidence reads the confidence mapping: topic: 0-5.
func (p parser) confidence(k, v *yaml.Node) (map[string]int, error) {
	if v.Tag == "!!null" {
		return nil, nil
	}
	if v.Kind != yaml.MappingNode {
		return nil, p.at(k.Line, "confidence holds one line per topic, indented under it, such as   queues: 3")
	}
	c := map[string]int{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		tk, tv := v.Content[i], v.Content[i+1]
		if !known(tk.Value) {
			return nil, p.at(tk.Line, "unknown confidence topic %q: use %s", tk.Value, strings.Join(Topics, ", "))
		}
		if _, dup := c[tk.Value]; dup {
			return nil, p.at(tk.Line, "confidence %s is set twice: keep one", tk.Value)
		}
		n := 0
		if tv.Tag != "!!null" {
			var err error
			if n, err = strconv.Atoi(tv.Value); err != nil || tv.Kind != yaml.ScalarNode {
				return nil, p.at(tv.Line, "confidence %s is %q: answer a whole number, 1 (haven't a clue) to 5 (ready to work on it), or 0 for not answered", tk.Value, tv.Value)
			}
		}
		if n < 0 || n > 5 {
			return nil, p.at(tv.Line, "confidence %s is %d: answer 1 (haven't a clue) to 5 (ready to work on it), or 0 for not answered", tk.Value, n)
		}
		c[tk.Value] = n
	}
	return c, nil
}

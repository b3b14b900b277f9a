// Package text writes the report a learner reads after `make check`: every
// objective with its mark and points, every check under it, and under each
// failed check its hint, the first useful line of why it failed, what it
// expected and got, and how to replay a randomised check. An exercise that
// did not compile is told once, above the objectives. It ends with the total
// and the next step: the first unmet check in lesson order.
//
//	✗ LO2  Understand how system design can change to utilise queues    3/6
//	    ✗ 03_sqs_consume/TestDeletesAfterProcessing                      0/3
//	        hint: Delete a message with its receipt handle only after it was
//	              processed.
//	        why:  exercises/03_sqs_consume/consumer.go:42: message was received 3 times
//
// Colour is ANSI and only written when asked for; without it the output holds
// no escape codes at all, so it reads the same in a CI log or a file.
package text

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/queuelab/queuelab/grader/report"
)

// Options shape the text.
type Options struct {
	// Colour writes ANSI colours; use it only on a terminal.
	Colour bool
	// Width is the terminal's width in columns; points are aligned to it
	// and hints wrapped within it. Zero or less means DefaultWidth.
	Width int
	// Command is the command that runs the grader where the learner is,
	// for the grader commands the report suggests ("<Command> hint 02").
	// Empty means DefaultCommand.
	Command string
}

// DefaultWidth is the width used when Options.Width is not set.
const DefaultWidth = 80

// DefaultCommand runs the grader from the root of the kit with nothing but
// Go installed.
const DefaultCommand = "go run ./grader/cmd/grader"

// minWidth keeps wrapping sane on absurdly narrow terminals.
const minWidth = 40

// Write writes r as text to w.
func Write(w io.Writer, r *report.Report, opts Options) error {
	if r == nil {
		return errors.New("write text report: no report")
	}
	p := printer{w: bufio.NewWriter(w), style: newStyle(opts.Colour), width: opts.Width, command: opts.Command}
	if p.width <= 0 {
		p.width = DefaultWidth
	}
	p.width = max(p.width, minWidth)
	if p.command == "" {
		p.command = DefaultCommand
	}
	p.report(r)
	if err := p.w.Flush(); err != nil {
		return fmt.Errorf("write text report: %w", err)
	}
	return nil
}

// Indentation of the three levels of the report.
const (
	checkIndent  = "    "
	detailIndent = "        "
)

type printer struct {
	w       *bufio.Writer
	style   style
	width   int
	command string
}

func (p *printer) report(r *report.Report) {
	p.header(r)
	if len(r.Objectives) == 0 {
		p.line("")
		p.line("No checks were selected, so nothing was graded.")
	}
	p.notCompiled(r)
	scoped := len(r.Scope) > 0
	for _, o := range r.Objectives {
		p.line("")
		p.objective(o, scoped)
	}
	if len(r.Warnings) > 0 {
		p.line("")
	}
	for _, warning := range r.Warnings {
		p.wrapped("", p.style.warn("! "), clean(warning.Message))
	}
	p.line("")
	p.summary(r)
}

func (p *printer) header(r *report.Report) {
	parts := []string{"QueueLab check for " + clean(r.Learner)}
	if r.Learner == "" {
		parts[0] = "QueueLab"
	}
	if r.Backend != "" {
		parts = append(parts, clean(r.Backend)+" backend")
	}
	if r.Duration > 0 {
		parts = append(parts, formatDuration(r.Duration))
	}
	p.line(p.style.bold(strings.Join(parts, " · ")))
	if len(r.Scope) > 0 {
		p.wrapped("", "", "Graded: "+exerciseList(r.Scope)+" only, not the whole lesson")
	}
}

// notCompiled tells each exercise that did not compile once, with the
// compiler's words: none of its checks ran, and the objectives below only
// list them.
func (p *printer) notCompiled(r *report.Report) {
	for _, c := range r.NotCompiled() {
		n := 0
		for _, other := range r.Checks() {
			if other.Exercise == c.Exercise && other.Reason == report.ReasonCompile && other.Unmet() {
				n++
			}
		}
		p.line("")
		what := fmt.Sprintf("%s did not compile, so its %d checks did not run", clean(c.Exercise), n)
		if n == 1 {
			what = clean(c.Exercise) + " did not compile, so its check did not run"
		}
		p.wrapped("", p.style.fail("✗")+" ", p.style.bold(what))
		for _, line := range strings.Split(c.Details(), "\n") {
			if line = clean(line); line != "" {
				p.wrapped(checkIndent, "", line)
			}
		}
	}
}

func (p *printer) objective(o report.ObjectiveResult, scoped bool) {
	mark := p.style.pass("✓")
	if !o.Passed {
		mark = p.style.fail("✗")
	}
	label := clean(o.ID) + "  " + clean(o.Title)
	p.aligned(mark+" "+p.style.bold(label), 2+width(label), points(o.Score, o.MaxScore))
	if scoped && o.CatalogueMaxScore > o.MaxScore {
		note := fmt.Sprintf("(of %d in %s over all exercises)", o.CatalogueMaxScore, clean(o.ID))
		p.aligned("", 0, p.style.dim(note))
	}
	for _, c := range o.Checks {
		p.check(c)
	}
}

func (p *printer) check(c report.CheckResult) {
	label := checkLabel(c)
	notCompiled := c.Reason == report.ReasonCompile && c.Unmet()
	if notCompiled {
		label += " (did not compile)"
	}
	var mark, pts string
	switch {
	case c.Status == report.StatusSkip:
		mark, pts = p.style.warn("○"), "skipped"
	case c.Status == report.StatusPass:
		mark, pts = p.style.pass("✓"), points(c.Score, c.MaxScore)
	default:
		mark, pts = p.style.fail("✗"), points(c.Score, c.MaxScore)
	}
	p.aligned(checkIndent+mark+" "+label, len(checkIndent)+2+width(label), pts)
	if c.Status == report.StatusPass || notCompiled {
		return
	}
	if c.Status != report.StatusSkip && c.Hint != "" {
		p.wrapped(detailIndent, p.style.hint("hint: "), clean(c.Hint))
	}
	p.wrapped(detailIndent, p.style.dim("why:  "), clean(c.Why()))
	p.comparison(detailIndent, c)
}

// comparison writes what a check expected and got, kept as they are (a
// space may be the difference) and broken where the line ends, and the
// command that replays a randomised check.
func (p *printer) comparison(indent string, c report.CheckResult) {
	if c.Expected != "" || c.Actual != "" {
		p.value(indent, "expected: ", c.Expected)
		p.value(indent, "got:      ", c.Actual)
	}
	if c.Seed != "" {
		p.wrapped(indent, p.style.dim("replay:   "),
			"QUEUELAB_SEED="+clean(c.Seed)+" "+recheck([]string{c.Exercise}))
	}
}

func (p *printer) value(indent, label, v string) {
	room := max(p.width-width(indent)-width(label), 20)
	for i, l := range breakValue(escapeControls(v), room) {
		if i > 0 {
			label = strings.Repeat(" ", width(label))
		} else {
			label = p.style.dim(label)
		}
		p.line(indent + label + l)
	}
}

func (p *printer) summary(r *report.Report) {
	total := fmt.Sprintf("Total %s · %d of %d objectives met",
		points(r.Score, r.MaxScore), r.ObjectivesMet(), len(r.Objectives))
	if len(r.Scope) > 0 {
		total = fmt.Sprintf("Total %s for %s", points(r.Score, r.MaxScore), exerciseList(r.Scope))
	}
	p.line(p.style.bold(total))
	c, ok := r.NextStep()
	switch {
	case ok:
		p.next(c)
	case len(r.Scope) > 0:
		p.wrapped("", "", p.style.pass("Every check of "+exerciseList(r.Scope)+" passes.")+
			" Run `make check` for every exercise.")
	case len(r.Objectives) > 0:
		p.line(p.style.pass("All objectives met. Well done!"))
	}
	if line := confidence(r.Confidence); line != "" {
		p.wrapped("", p.style.dim("Confidence (1-5): "), line)
	}
}

// next says what to do next: fix the compile error, or work on the check
// c, with its own hint and why.
func (p *printer) next(c report.CheckResult) {
	label := p.style.hint("Next: ")
	if c.Reason == report.ReasonCompile {
		what := "Fix the compile error"
		if loc := c.Location(); loc != "" {
			what += " in " + clean(loc)
		}
		what += " first"
		if cause := clean(c.Cause()); cause != "" {
			what += ": " + cause
		}
		p.wrapped("", label, what)
		return
	}
	p.wrapped("", label, checkLabel(c))
	const indent = "      " // under the text after "Next: "
	if c.Hint != "" {
		p.wrapped(indent, p.style.hint("hint: "), clean(c.Hint))
	}
	p.wrapped(indent, p.style.dim("why:  "), clean(c.Why()))
	if c.Exercise != "" {
		p.wrapped(indent, p.style.dim("more: "),
			p.command+" hint "+exerciseArg(c.Exercise))
	}
}

// aligned writes left, then right flush with the terminal's right edge, or
// after one space when the line is too long for that.
func (p *printer) aligned(left string, leftWidth int, right string) {
	gap := p.width - leftWidth - width(stripANSI(right))
	if gap < 1 {
		gap = 1
	}
	p.line(left + strings.Repeat(" ", gap) + right)
}

// wrapped writes label and text, wrapping text at word boundaries so that
// continuation lines start under the text, not under the label.
func (p *printer) wrapped(indent, label, text string) {
	labelCols := width(stripANSI(label))
	room := p.width - width(indent) - labelCols
	lines := wrap(text, max(room, 20))
	for i, l := range lines {
		if i == 0 {
			p.line(indent + label + l)
			continue
		}
		p.line(indent + strings.Repeat(" ", labelCols) + l)
	}
}

func (p *printer) line(s string) {
	p.w.WriteString(strings.TrimRight(s, " "))
	p.w.WriteByte('\n')
}

func points(score, maxScore int) string {
	return fmt.Sprintf("%d/%d", score, maxScore)
}

func checkLabel(c report.CheckResult) string {
	if c.Exercise == "" {
		return clean(c.Name)
	}
	return clean(c.Exercise) + "/" + clean(c.Name)
}

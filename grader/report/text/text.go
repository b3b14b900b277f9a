// Package text writes the report a learner reads after `make check`: every
// objective with its mark and points, every check under it, and under each
// failed check its hint and the first useful line of why it failed. It ends
// with the total and what to do next.
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
}

// DefaultWidth is the width used when Options.Width is not set.
const DefaultWidth = 80

// minWidth keeps wrapping sane on absurdly narrow terminals.
const minWidth = 40

// Write writes r as text to w.
func Write(w io.Writer, r *report.Report, opts Options) error {
	if r == nil {
		return errors.New("write text report: no report")
	}
	p := printer{w: bufio.NewWriter(w), style: newStyle(opts.Colour), width: opts.Width}
	if p.width <= 0 {
		p.width = DefaultWidth
	}
	p.width = max(p.width, minWidth)
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
	w     *bufio.Writer
	style style
	width int
}

func (p *printer) report(r *report.Report) {
	p.header(r)
	if len(r.Objectives) == 0 {
		p.line("")
		p.line("No checks were selected, so nothing was graded.")
	}
	for _, o := range r.Objectives {
		p.line("")
		p.objective(o)
	}
	if len(r.Warnings) > 0 {
		p.line("")
	}
	for _, warning := range r.Warnings {
		p.wrapped("", p.style.warn("! "), clean(warning))
	}
	p.line("")
	p.summary(r)
}

func (p *printer) header(r *report.Report) {
	parts := []string{"QueueLab"}
	if r.Learner != "" {
		parts[0] += " check for " + clean(r.Learner)
	}
	if r.Backend != "" {
		parts = append(parts, clean(r.Backend)+" backend")
	}
	if r.Duration > 0 {
		parts = append(parts, formatDuration(r.Duration))
	}
	p.line(p.style.bold(strings.Join(parts, " · ")))
}

func (p *printer) objective(o report.ObjectiveResult) {
	mark := p.style.pass("✓")
	if !o.Passed {
		mark = p.style.fail("✗")
	}
	label := clean(o.ID) + "  " + clean(o.Title)
	p.aligned(mark+" "+p.style.bold(label), 2+width(label), points(o.Score, o.MaxScore))
	for _, c := range o.Checks {
		p.check(c)
	}
}

func (p *printer) check(c report.CheckResult) {
	label := checkLabel(c)
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
	if c.Status == report.StatusPass {
		return
	}
	if c.Status != report.StatusSkip && c.Hint != "" {
		p.wrapped(detailIndent, p.style.hint("hint: "), clean(c.Hint))
	}
	p.wrapped(detailIndent, p.style.dim("why:  "), clean(c.Why()))
}

func (p *printer) summary(r *report.Report) {
	total := fmt.Sprintf("Total %s · %d of %d objectives met",
		points(r.Score, r.MaxScore), r.ObjectivesMet(), len(r.Objectives))
	p.line(p.style.bold(total))
	if c, ok := r.NextStep(); ok {
		next := clean(c.Hint)
		if next == "" {
			next = clean(c.Why())
		}
		p.wrapped("", p.style.hint("Next: "), checkLabel(c)+": "+next)
	} else if len(r.Objectives) > 0 {
		p.line(p.style.pass("All objectives met. Well done!"))
	}
	if line := confidence(r.Confidence); line != "" {
		p.wrapped("", p.style.dim("Confidence (1-5): "), line)
	}
}

// aligned writes left, then right flush with the terminal's right edge, or
// after one space when the line is too long for that.
func (p *printer) aligned(left string, leftWidth int, right string) {
	gap := p.width - leftWidth - width(right)
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

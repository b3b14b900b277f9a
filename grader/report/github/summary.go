package github

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/report"
)

// WriteSummary writes r as markdown for a step summary: the total, a table
// of objectives, then a table of checks per objective with the hint and why
// of each check that did not pass.
func WriteSummary(w io.Writer, r *report.Report) error {
	if r == nil {
		return errNoReport
	}
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	p("## QueueLab: %s\n\n", total(r))
	var about []string
	if r.Learner != "" {
		about = append(about, "Learner: **"+md(r.Learner)+"**")
	}
	if r.Backend != "" {
		about = append(about, "backend: "+md(r.Backend))
	}
	if r.Duration > 0 {
		about = append(about, duration(r.Duration))
	}
	if len(about) > 0 {
		p("%s\n\n", strings.Join(about, " · "))
	}
	for _, warning := range r.Warnings {
		p("> ⚠️ %s\n\n", md(warning.Message))
	}
	if len(r.Objectives) == 0 {
		p("No checks were selected, so nothing was graded.\n")
		return flush(bw)
	}

	p("| | Objective | Points |\n|:-:|:--|--:|\n")
	for _, o := range r.Objectives {
		p("| %s | **%s** %s | %d/%d |\n", mark(o.Passed), md(o.ID), md(o.Title), o.Score, o.MaxScore)
	}
	for _, o := range r.Objectives {
		p("\n### %s %s %s (%d/%d)\n\n", mark(o.Passed), md(o.ID), md(o.Title), o.Score, o.MaxScore)
		if len(o.Checks) == 0 {
			p("No checks.\n")
			continue
		}
		p("| | Check | Points |\n|:-:|:--|--:|\n")
		for _, c := range o.Checks {
			points := fmt.Sprintf("%d/%d", c.Score, c.MaxScore)
			if c.Status == report.StatusSkip {
				points = "skipped"
			}
			p("| %s | %s | %s |\n", checkMark(c), md(c.Exercise+"/"+c.Name), points)
		}
		var failed bool
		for _, c := range o.Checks {
			if c.Status == report.StatusPass {
				continue
			}
			if !failed {
				p("\n")
				failed = true
			}
			p("- %s **%s**", checkMark(c), md(c.Exercise+"/"+c.Name))
			if c.Hint != "" && c.Status != report.StatusSkip {
				p(": %s", md(c.Hint))
			}
			p("<br>%s", md(c.Why()))
			for _, line := range c.Comparison() {
				p("<br>%s", md(line))
			}
			p("\n")
		}
	}
	if c, ok := r.NextStep(); ok {
		p("\n**Next:** %s: %s\n", md(c.Exercise+"/"+c.Name), md(c.Advice()))
	}
	return flush(bw)
}

func flush(bw *bufio.Writer) error {
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write github summary: %w", err)
	}
	return nil
}

func mark(passed bool) string {
	if passed {
		return "✅"
	}
	return "❌"
}

func checkMark(c report.CheckResult) string {
	switch c.Status {
	case report.StatusPass:
		return "✅"
	case report.StatusSkip:
		return "⏭️"
	default:
		return "❌"
	}
}

// mdEscaper makes text from a submission or the catalogue show as written
// in GitHub-flavoured markdown: it backslash-escapes the punctuation that
// starts emphasis, code, links, tables and HTML, turns & into an entity so
// no entity is decoded, and keeps everything on one line, as a table cell
// or list item needs.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "~", `\~`,
	"[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "|", `\|`,
	"#", `\#`, "!", `\!`, "&", "&amp;",
	"\r\n", " ", "\r", " ", "\n", " ",
)

func md(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, mdEscaper.Replace(s))
	return strings.TrimSpace(s)
}

// duration rounds a run's duration for people: 2.3s, 850ms.
func duration(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}

package classreport

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/report"
)

// WriteFeedback writes what one student reads: the score, which objectives
// are met, and under each unmet one the checks that failed, each with its
// hint (what to do next) and its reason. Text that came from the student's
// code is escaped so it shows as written and cannot restyle the page.
func WriteFeedback(w io.Writer, cat *catalogue.Catalogue, res Result) error {
	bw := bufio.NewWriter(w)
	r := res.Report
	fmt.Fprintf(bw, "# QueueLab feedback for %s\n\n", mdEscape(res.ID))
	fmt.Fprintf(bw, "**Score: %d / %d** (%d%%) · objectives met: %d of %d\n\n",
		r.Score, maxScore(cat, r), percent(r.Score, maxScore(cat, r)), r.ObjectivesMet(), len(cat.Objectives))
	switch res.Status {
	case StatusUnreadable:
		// Nothing was graded: the checks' hints would be about code that
		// nobody read. Say what was wrong and how to hand it in again.
		writeUnreadable(bw, res)
		return flush(bw, res)
	case StatusTimeout:
		fmt.Fprintf(bw, "> Grading your submission took too long and was stopped: %s\n\n", mdEscape(res.Error))
	case StatusError:
		fmt.Fprintf(bw, "> The grader could not grade your submission (not your fault): %s\n\n", mdEscape(res.Error))
	}

	if troubles := Troubles(r); len(troubles) > 0 {
		bw.WriteString("> **Your code stopped some checks before they could finish.** Fix this first: the checks it stopped count as failed below.\n>\n")
		for _, t := range troubles {
			fmt.Fprintf(bw, "> - %s\n", mdEscape(t.String()))
		}
		bw.WriteString("\n")
	}

	bw.WriteString("| Objective | Result | Points |\n|---|---|---|\n")
	for _, o := range cat.Objectives {
		or, _ := objectiveOf(r, o.ID)
		mark := "not met yet"
		if or.Passed {
			mark = "met"
		}
		fmt.Fprintf(bw, "| %s %s | %s | %d / %d |\n", o.ID, mdEscape(o.Title), mark, or.Score, or.MaxScore)
	}
	bw.WriteString("\n")

	wrote := false
	for _, o := range cat.Objectives {
		or, _ := objectiveOf(r, o.ID)
		var todo []report.CheckResult
		for _, c := range or.Checks {
			if c.Status != report.StatusPass && c.Status != report.StatusSkip {
				todo = append(todo, c)
			}
		}
		if len(todo) == 0 {
			continue
		}
		if !wrote {
			bw.WriteString("## What to do next\n\n")
			wrote = true
		}
		fmt.Fprintf(bw, "### %s %s\n\n", o.ID, mdEscape(o.Title))
		lastWhy := ""
		for _, c := range todo {
			fmt.Fprintf(bw, "- **%s / %s** (0 of %d points)\n", mdEscape(c.Exercise), mdEscape(c.Name), c.MaxScore)
			if c.Hint != "" {
				// Hints are the course's own text, written in markdown.
				fmt.Fprintf(bw, "  - Hint: %s\n", oneLine(c.Hint))
			}
			// An exercise that did not compile or crashed fails every
			// check for one reason: say it once.
			switch why := c.Why(); {
			case why == "":
			case why == lastWhy:
				bw.WriteString("  - Why: as above\n")
			default:
				fmt.Fprintf(bw, "  - Why: %s\n", mdEscape(why))
				lastWhy = why
			}
		}
		bw.WriteString("\n")
	}
	if !wrote {
		bw.WriteString("Every check passed. Well done!\n\n")
	}

	var skipped []report.CheckResult
	for _, c := range r.Checks() {
		if c.Status == report.StatusSkip {
			skipped = append(skipped, c)
		}
	}
	if len(skipped) > 0 {
		bw.WriteString("## Not graded on this backend\n\n")
		for _, c := range skipped {
			fmt.Fprintf(bw, "- %s / %s: %s\n", mdEscape(c.Exercise), mdEscape(c.Name), mdEscape(c.Why()))
		}
		bw.WriteString("\n")
	}
	if len(r.Warnings) > 0 {
		bw.WriteString("## Notes\n\n")
		for _, warn := range r.Warnings {
			fmt.Fprintf(bw, "- %s\n", mdEscape(warn.Message))
		}
		bw.WriteString("\n")
	}
	return flush(bw, res)
}

// writeUnreadable is the feedback of a submission that could not be read.
func writeUnreadable(bw *bufio.Writer, res Result) {
	fmt.Fprintf(bw, "> Your submission could not be read: %s\n>\n> None of your code was graded, so there are no hints for it yet.\n\n", mdEscape(res.Error))
	bw.WriteString(`## What to do

Hand your work in again, packed as one of:

- a ` + "`.zip`" + ` or ` + "`.tar.gz`" + ` of your repository (GitHub's "Download ZIP" is fine), or the repository's folder, or a git bundle (` + "`git bundle create you.bundle --all`" + `);
- with your code where the exercises are: ` + "`exercises/NN_name/*.go`" + `, for example ` + "`exercises/01_dummy_queue/queue.go`" + `, and your ` + "`learner.yaml`" + ` beside ` + "`exercises/`" + `.

Only the ` + "`.go`" + ` files of ` + "`exercises/NN_name/`" + ` (not the tests) and ` + "`learner.yaml`" + ` are graded: leave out build output, downloaded modules and data files. Open the archive on your own computer before you hand it in.

`)
	if r := res.Report; r != nil && len(r.Warnings) > 0 {
		bw.WriteString("## Notes\n\n")
		for _, warn := range r.Warnings {
			fmt.Fprintf(bw, "- %s\n", mdEscape(warn.Message))
		}
		bw.WriteString("\n")
	}
}

func flush(bw *bufio.Writer, res Result) error {
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write feedback for %s: %w", res.ID, err)
	}
	return nil
}

// mdEscape makes text from a submission inert in markdown: one line, no
// control characters, and markdown and HTML punctuation escaped.
func mdEscape(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]()<>#+!|~&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// oneLine joins lines with spaces and drops control characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

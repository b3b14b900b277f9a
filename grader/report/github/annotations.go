package github

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/queuelab/queuelab/grader/report"
)

// WriteAnnotations writes one workflow command per check that did not pass
// (error for a failure, warning for a skip), one warning per report warning,
// and a closing notice with the total.
func WriteAnnotations(w io.Writer, r *report.Report) error {
	if r == nil {
		return errNoReport
	}
	bw := bufio.NewWriter(w)
	for _, o := range r.Objectives {
		for _, c := range o.Checks {
			if c.Status == report.StatusPass {
				continue
			}
			title := fmt.Sprintf("%s %s/%s (%d/%d)", o.ID, c.Exercise, c.Name, c.Score, c.MaxScore)
			level, message := "error", c.Why()
			if c.Status == report.StatusSkip {
				level, message = "warning", "skipped: "+message
			} else if c.Hint != "" {
				message = c.Hint + "\n" + message
			}
			if cmp := c.Comparison(); len(cmp) > 0 {
				message += "\n" + strings.Join(cmp, "\n")
			}
			var props []string
			if c.File != "" {
				props = append(props, "file="+property(c.File))
				if c.Line > 0 {
					props = append(props, "line="+strconv.Itoa(c.Line))
				}
			}
			props = append(props, "title="+property(title))
			command(bw, level, props, message)
		}
	}
	for _, warning := range r.Warnings {
		command(bw, "warning", []string{"title=QueueLab"}, warning.Message)
	}
	command(bw, "notice", []string{"title=QueueLab"}, total(r))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write github annotations: %w", err)
	}
	return nil
}

func command(w *bufio.Writer, level string, props []string, message string) {
	w.WriteString("::" + level)
	if len(props) > 0 {
		w.WriteString(" " + strings.Join(props, ","))
	}
	w.WriteString("::" + data(message) + "\n")
}

// data escapes a command's message as @actions/core does, so a message
// holding a line break cannot start a new command.
var dataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

func data(s string) string { return dataEscaper.Replace(s) }

// property escapes a command property's value, where : and , would end it.
var propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")

func property(s string) string { return propertyEscaper.Replace(s) }

// total is the one line that sums a report up.
func total(r *report.Report) string {
	s := fmt.Sprintf("%d/%d points, %d of %d objectives met", r.Score, r.MaxScore, r.ObjectivesMet(), len(r.Objectives))
	if len(r.Objectives) > 0 && r.ObjectivesMet() == len(r.Objectives) {
		s += ". All objectives met"
	}
	return s
}

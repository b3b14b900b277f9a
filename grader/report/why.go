package report

import (
	"strconv"
	"strings"
)

// Location is where in the learner's code a check failed, "file:line" or
// "file", or "" when the runner did not find one.
func (c CheckResult) Location() string {
	switch {
	case c.File == "":
		return ""
	case c.Line > 0:
		return c.File + ":" + strconv.Itoa(c.Line)
	default:
		return c.File
	}
}

// Why is one line that says why a check did not pass: its place in the
// learner's code when known, then the first non-blank line of its message.
// A check that never ran says so. It is "" for a passing check.
func (c CheckResult) Why() string {
	if c.Status == StatusPass {
		return ""
	}
	msg := firstLine(c.Message)
	if msg == "" {
		switch c.Status {
		case StatusError:
			msg = "did not run"
		case StatusSkip:
			msg = "the backend cannot run this check"
		default:
			msg = "failed"
		}
	}
	// A compiler message already starts with file:line:col.
	if loc := c.Location(); loc != "" && !strings.Contains(msg, c.File) {
		msg = loc + ": " + msg
	}
	return msg
}

// Details is Why followed by the rest of the message, for formats that
// show more than one line: the lines after the first useful one.
func (c CheckResult) Details() string {
	why := c.Why()
	if why == "" {
		return ""
	}
	if rest := afterFirstLine(c.Message); rest != "" {
		return why + "\n" + rest
	}
	return why
}

// NextStep returns the first check, in report order, that did not pass and
// was not skipped: the one a learner should work on next.
func (r *Report) NextStep() (CheckResult, bool) {
	for _, c := range r.Checks() {
		if c.Status != StatusPass && c.Status != StatusSkip {
			return c, true
		}
	}
	return CheckResult{}, false
}

// ObjectivesMet counts the objectives that passed.
func (r *Report) ObjectivesMet() int {
	n := 0
	for _, o := range r.Objectives {
		if o.Passed {
			n++
		}
	}
	return n
}

// afterFirstLine is what follows the first non-blank line of s, trimmed.
func afterFirstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[i+1:])
	}
	return ""
}

func firstLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

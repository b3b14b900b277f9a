package report

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
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

// Unmet reports whether the check is still to do: it neither passed nor
// was skipped.
func (c CheckResult) Unmet() bool {
	return c.Status != StatusPass && c.Status != StatusSkip
}

// Why is one line that says why a check did not pass. A panic or a check
// that was stuck says so, and in which of the learner's functions; any
// other failure gives its place in the learner's code when known, then the
// first non-blank line of its message. A check that never ran says so. It
// is "" for a passing check.
func (c CheckResult) Why() string {
	if c.Status == StatusPass {
		return ""
	}
	switch c.Reason {
	case ReasonPanic:
		return c.stopped("panicked")
	case ReasonTimeout:
		did := "stuck"
		if c.Duration > 0 {
			did += " for " + roundDuration(c.Duration)
		}
		return c.stopped(did)
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

// stopped is "<did> in <function> (<place>): <cause>", leaving out what
// the runner did not find.
func (c CheckResult) stopped(did string) string {
	s := did
	if c.Function != "" {
		s += " in " + FunctionName(c.Function)
	}
	if loc := c.Location(); loc != "" {
		s += " (" + loc + ")"
	}
	if cause := strings.TrimPrefix(c.Cause(), "panic: "); cause != "" {
		s += ": " + cause
	}
	return s
}

// Cause is the first non-blank line of the message without the place in
// the learner's code it may start with (that place is Location): for a
// compile error, the compiler's words alone.
func (c CheckResult) Cause() string {
	msg := firstLine(c.Message)
	if c.File == "" || !strings.HasPrefix(msg, c.File+":") {
		return msg
	}
	if _, rest, ok := strings.Cut(msg[len(c.File)+1:], " "); ok {
		return strings.TrimSpace(rest)
	}
	return msg
}

// closure matches the parts the Go runtime adds to a function literal's
// name ("func1", "gowrap2", "3").
var closure = regexp.MustCompile(`^(func|gowrap)?[0-9]+$`)

// FunctionName says the runtime's name of a learner's function for people:
// "Consume" stays as is, and "Produce.func1", a function literal in
// Produce, becomes "a goroutine started by Produce".
func FunctionName(fn string) string {
	parts := strings.Split(fn, ".")
	n := len(parts)
	for n > 1 && closure.MatchString(parts[n-1]) {
		n--
	}
	if n == len(parts) {
		return fn
	}
	return "a goroutine started by " + strings.Join(parts[:n], ".")
}

// roundDuration rounds how long a check ran for people: 10s, 850ms.
func roundDuration(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

// Details is Why followed by the rest of the message, for formats that
// show more than one line: the lines after the first useful one, then what
// the check expected and what it got, and the seed that replays it.
func (c CheckResult) Details() string {
	why := c.Why()
	if why == "" {
		return ""
	}
	lines := []string{why}
	if rest := afterFirstLine(c.Message); rest != "" {
		lines = append(lines, rest)
	}
	return strings.Join(append(lines, c.Comparison()...), "\n")
}

// Comparison is what a failed check expected and what it got, and the
// QUEUELAB_SEED that replays a randomised check, as "expected: …",
// "got: …" and "seed: QUEUELAB_SEED=…" lines; none for a check that passed
// or set none of them.
func (c CheckResult) Comparison() []string {
	if c.Status == StatusPass {
		return nil
	}
	var lines []string
	if c.Expected != "" || c.Actual != "" {
		lines = append(lines, "expected: "+c.Expected, "got: "+c.Actual)
	}
	if c.Seed != "" {
		lines = append(lines, "seed: QUEUELAB_SEED="+c.Seed)
	}
	return lines
}

// InLessonOrder returns every check in the order the lesson takes them:
// exercise by exercise as Exercises lists them, and within an exercise by
// Step. What Exercises or Step lack keeps the report's order, after what
// they place.
func (r *Report) InLessonOrder() []CheckResult {
	checks := r.Checks()
	place := map[string]int{}
	for i, e := range r.Exercises {
		place[e] = i
	}
	for _, c := range checks {
		if _, ok := place[c.Exercise]; !ok {
			place[c.Exercise] = len(place)
		}
	}
	slices.SortStableFunc(checks, func(a, b CheckResult) int {
		return cmp.Or(cmp.Compare(place[a.Exercise], place[b.Exercise]), cmp.Compare(a.Step, b.Step))
	})
	return checks
}

// NotCompiled returns, in lesson order, the first check of each exercise
// that did not compile: its Why is the compiler's message, which every
// check of that exercise shares.
func (r *Report) NotCompiled() []CheckResult {
	var out []CheckResult
	seen := map[string]bool{}
	for _, c := range r.InLessonOrder() {
		if c.Reason == ReasonCompile && c.Unmet() && !seen[c.Exercise] {
			seen[c.Exercise] = true
			out = append(out, c)
		}
	}
	return out
}

// NextStep returns the check a learner should work on next: the first
// exercise that did not compile, as nothing of it can be checked before it
// does; else the first check, in lesson order, that did not pass and was
// not skipped.
func (r *Report) NextStep() (CheckResult, bool) {
	if nc := r.NotCompiled(); len(nc) > 0 {
		return nc[0], true
	}
	for _, c := range r.InLessonOrder() {
		if c.Unmet() {
			return c, true
		}
	}
	return CheckResult{}, false
}

// Advice is what to do about an unmet check, in one line, for the formats
// that show the next step as a sentence: for an exercise that did not
// compile, to fix that first; else the check's hint, or why it failed when
// it has none.
func (c CheckResult) Advice() string {
	if c.Reason == ReasonCompile {
		s := "Fix the compile error"
		if loc := c.Location(); loc != "" {
			s += " in " + loc
		}
		if cause := c.Cause(); cause != "" {
			return s + " first: " + cause
		}
		return s + " first"
	}
	if c.Hint != "" {
		return c.Hint
	}
	return c.Why()
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

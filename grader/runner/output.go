package runner

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/labtest"
	"github.com/queuelab/queuelab/grader/report"
)

// The test output is read only to explain a verdict (the first useful line
// of why a check failed), never to decide one: the learner's code shares it.

// framing matches the lines `-test.v=test2json` marks with ^V (0x16).
var framing = regexp.MustCompile(`^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\s+(\S*)|--- (?:PASS|FAIL|SKIP): (\S+) \(([0-9.]+)s\))`)

// testOutput is what the output says about each top-level test: its lines
// and how long it took (as testing reported it: for display only).
type testOutput struct {
	lines     map[string][]string
	durations map[string]time.Duration
	outside   []string
}

// outputByTest returns the output lines of each top-level test, and the lines
// printed outside any test.
func outputByTest(out string) (byTest map[string][]string, outside []string) {
	o := parseOutput(out)
	return o.lines, o.outside
}

func parseOutput(out string) testOutput {
	byTest := map[string][]string{}
	durations := map[string]time.Duration{}
	var outside []string
	current := ""
	add := func(line string) {
		// labtest's "runs in goroutine" lines are for reading a dump
		// (see checkGoroutines), not part of what a check said.
		if checkGoroutine.MatchString(line) {
			return
		}
		if current == "" {
			outside = append(outside, line)
			return
		}
		byTest[current] = append(byTest[current], line)
	}
	for line := range strings.SplitSeq(out, "\n") {
		for {
			i := strings.IndexByte(line, 0x16)
			if i < 0 {
				break
			}
			if before := line[:i]; strings.TrimSpace(before) != "" {
				add(before)
			}
			line = line[i+1:]
			m := framing.FindStringSubmatchIndex(line)
			if m == nil {
				continue
			}
			var name string
			if m[2] >= 0 {
				name = line[m[2]:m[3]]
			} else {
				name = line[m[4]:m[5]]
				if secs, err := strconv.ParseFloat(line[m[6]:m[7]], 64); err == nil && !strings.Contains(name, "/") {
					durations[name] = time.Duration(secs * float64(time.Second))
				}
			}
			if j := strings.IndexByte(name, '/'); j >= 0 {
				name = name[:j]
			}
			current = name
			line = line[m[1]:]
		}
		if strings.TrimSpace(line) != "" {
			add(line)
		}
	}
	return testOutput{lines: byTest, durations: durations, outside: outside}
}

var (
	testifyLabel = regexp.MustCompile(`^\s*(Error Trace|Error|Test|Messages):\s*(.*)$`)
	logLine      = regexp.MustCompile(`^\s*(\S+_test\.go):(\d+): ?(.*)$`)
	timedOut     = regexp.MustCompile(`panic: test timed out after (\S+)`)
	seedLine     = regexp.MustCompile(`random seed (\d+): replay this exact run with QUEUELAB_SEED=`)
	doubled      = regexp.MustCompile(`^(\w+): (\w+)(:| panicked)`)
)

// explanation is what a check's output says about why it failed.
type explanation struct {
	message          string
	reason           report.Reason
	expected, actual string
	where            place
	seed             string
}

// why is the first useful line of why a check failed, and where, from its
// output: a stub's "not implemented yet", a panic and the learner's line it
// came from, testify's error, or the first line the check logged.
func why(lines []string) (msg, file string, line int) {
	e := explain(lines)
	return e.message, e.where.file, e.where.line
}

// explain reads why a check failed from its output lines.
func explain(lines []string) explanation {
	e := explainMessage(lines)
	e.message = tidyMessage(e.message)
	for _, l := range lines {
		if m := seedLine.FindStringSubmatch(l); m != nil {
			e.seed = m[1]
		}
	}
	return e
}

func explainMessage(lines []string) explanation {
	for _, l := range lines {
		if p, ok := labtest.ParsePanicError(l); ok {
			// report.CheckResult.Why says "panicked in <function>
			// (<place>)" before the message: the message is the value alone.
			fn := p.Function
			if fn == "" {
				fn = p.What
			}
			return explanation{
				message: p.Value, reason: report.ReasonPanic,
				where: place{function: fn, file: p.File, line: p.Line},
			}
		}
	}
	for _, l := range lines {
		if strings.Contains(l, "not implemented") {
			return explanation{message: stubMessage(l), reason: report.ReasonNotImplemented}
		}
	}
	for i, l := range lines {
		if m := timedOut.FindStringSubmatch(l); m != nil {
			return explanation{message: "timed out after " + m[1] + " (an endless loop, or waiting for a message that never comes?)", reason: report.ReasonTimeout}
		}
		if strings.HasPrefix(strings.TrimSpace(l), "panic: ") {
			p, _ := findPanic(strings.Join(lines[i:], "\n"), nil)
			return explanation{message: p.message, reason: report.ReasonPanic, where: p.where}
		}
	}
	for i, l := range lines {
		m := testifyLabel.FindStringSubmatch(l)
		if m == nil || m[1] != "Error" {
			continue
		}
		msg := strings.TrimSpace(m[2])
		// testify continues a message on lines indented to its column.
		var rest []string
		for _, next := range lines[i+1:] {
			if testifyLabel.MatchString(next) {
				break
			}
			rest = append(rest, testifyValue(next))
			if strings.HasSuffix(msg, ":") || msg == "" {
				msg = strings.TrimSpace(msg + " " + strings.TrimSpace(next))
			}
		}
		for _, next := range lines[i+1:] {
			if mm := testifyLabel.FindStringSubmatch(next); mm != nil && mm[1] == "Messages" && mm[2] != "" {
				msg += " (" + strings.TrimSpace(mm[2]) + ")"
				break
			}
		}
		e := explanation{message: msg}
		e.expected, e.actual = shortenPair(comparedValues(rest))
		if e.expected != "" && e.actual != "" {
			// The values are fields of their own: the message keeps
			// testify's verdict and the check's words.
			e.message = strings.TrimSuffix(strings.TrimSpace(m[2]), ":")
			if i := strings.Index(msg, " ("); i >= 0 && strings.HasSuffix(msg, ")") {
				e.message += msg[i:]
			}
		}
		return e
	}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "HINT:") || seedLine.MatchString(t) {
			continue
		}
		if m := logLine.FindStringSubmatch(l); m != nil {
			if s := strings.TrimSpace(m[3]); s == "" || strings.HasPrefix(s, "HINT:") || seedLine.MatchString(s) {
				continue
			}
			return explanation{message: strings.TrimSpace(m[3])}
		}
		return explanation{message: t}
	}
	return explanation{}
}

// testifyValue is a continuation line of testify's Error without the
// indentation and tab that align it.
func testifyValue(l string) string {
	if i := strings.LastIndex(l, "\t"); i >= 0 && strings.TrimSpace(l[:i]) == "" {
		return l[i+1:]
	}
	return strings.TrimSpace(l)
}

// comparedValues reads testify's "expected: …" and "actual  : …" (or "in
// chain: …") from the lines after Error, each value with its continuation
// lines collapsed to one.
func comparedValues(rest []string) (expected, actual string) {
	var cur *string
	var parts [2][]string
	for _, l := range rest {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "expected:"):
			parts[0] = []string{strings.TrimSpace(strings.TrimPrefix(t, "expected:"))}
			cur = &expected
		case strings.HasPrefix(t, "actual") && strings.Contains(t, ":"):
			_, v, _ := strings.Cut(t, ":")
			parts[1] = []string{strings.TrimSpace(v)}
			cur = &actual
		case strings.HasPrefix(t, "in chain:"):
			parts[1] = []string{strings.TrimSpace(strings.TrimPrefix(t, "in chain:"))}
			cur = &actual
		case t == "" || strings.HasPrefix(t, "Diff:"):
			cur = nil
		case cur == &expected:
			parts[0] = append(parts[0], t)
		case cur == &actual:
			parts[1] = append(parts[1], t)
		}
	}
	return strings.Join(parts[0], " "), strings.Join(parts[1], " ")
}

// maxValue is how many characters of an expected or actual value are kept.
const maxValue = 100

// shortenPair cuts long values in the middle, keeping where they first
// differ visible in both, with "…" where text was left out.
func shortenPair(expected, actual string) (string, string) {
	e, a := []rune(expected), []rune(actual)
	if len(e) <= maxValue && len(a) <= maxValue {
		return expected, actual
	}
	p := 0
	for p < len(e) && p < len(a) && e[p] == a[p] {
		p++
	}
	s := 0
	for s < len(e)-p && s < len(a)-p && e[len(e)-1-s] == a[len(a)-1-s] {
		s++
	}
	return shortenAround(e, p, s), shortenAround(a, p, s)
}

// shortenAround keeps v's first difference at p: some context before it,
// the differing middle (itself cut in its middle when long) and some of the
// common end of length s.
func shortenAround(v []rune, p, s int) string {
	const context = 30
	if len(v) <= maxValue {
		return string(v)
	}
	var b strings.Builder
	start := max(p-context, 0)
	if start > 0 {
		b.WriteString("…")
	}
	b.WriteString(string(v[start:p]))
	mid := v[p : len(v)-s]
	if room := maxValue - 2*context; len(mid) > room {
		b.WriteString(string(mid[:room/2]) + "…" + string(mid[len(mid)-room/2:]))
	} else {
		b.WriteString(string(mid))
	}
	end := len(v) - s
	b.WriteString(string(v[end:min(end+context, len(v))]))
	if end+context < len(v) {
		b.WriteString("…")
	}
	return b.String()
}

// stubMessage is a stub's error without testify's framing around it, and
// without a name a check's wrapping repeated ("Produce: Produce: not
// implemented yet" reads once).
func stubMessage(l string) string {
	l = strings.TrimSpace(l)
	if m := testifyLabel.FindStringSubmatch(l); m != nil {
		l = m[2]
	}
	for _, prefix := range []string{"in chain:", "Received unexpected error:"} {
		l = strings.TrimSpace(strings.TrimPrefix(l, prefix))
	}
	l = strings.Trim(l, `"`)
	if m := doubled.FindStringSubmatch(l); m != nil && m[1] == m[2] {
		l = l[len(m[1])+2:]
	}
	return l
}

// keptOutput is the output shown with a check's result: its lines, without
// the hint (the report has it), at most maxKept bytes.
func keptOutput(lines []string) string {
	const maxKept = 4 << 10
	var b strings.Builder
	for _, l := range lines {
		if strings.Contains(l, "HINT: ") || checkGoroutine.MatchString(l) {
			continue
		}
		if b.Len()+len(l) > maxKept {
			b.WriteString("…\n")
			break
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

var (
	// sdkFraming is what aws-sdk-go-v2 wraps around AWS's own error: the
	// request id changes every run and the status is in AWS's code. An
	// error the SDK has a type for (SNS's InvalidParameter, say) comes
	// without the "api error" its generic errors have.
	sdkFraming = regexp.MustCompile(`operation error ([\w ]+): (\w+), https response error StatusCode: \d+, RequestID: [^,]*, (?:api error )?`)
	// unexpectedError is testify's preface to an error it did not expect.
	unexpectedError = regexp.MustCompile(`^Received unexpected error:\s*`)
)

// tidyMessage keeps what a learner needs of a failure's message: AWS's
// code and words and the operation that got them, without the SDK's
// framing or testify's preface.
func tidyMessage(msg string) string {
	msg = unexpectedError.ReplaceAllString(msg, "")
	return sdkFraming.ReplaceAllString(msg, "$1 $2: ")
}

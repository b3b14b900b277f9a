package runner

import (
	"regexp"
	"strconv"
	"strings"
	"time"
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
	learnerFrame = regexp.MustCompile(`^\s*(?:\S*/)?(exercises/[0-9]{2}_[a-z0-9_]+/[^/\s]+\.go):(\d+)`)
)

// why is the first useful line of why a check failed, and where, from its
// output: a stub's "not implemented yet", a panic and the learner's line it
// came from, testify's error, or the first line the check logged.
func why(lines []string) (msg, file string, line int) {
	for _, l := range lines {
		if strings.Contains(l, "not implemented") {
			return stubMessage(l), "", 0
		}
	}
	for i, l := range lines {
		if m := timedOut.FindStringSubmatch(l); m != nil {
			return "timed out after " + m[1] + " (an endless loop, or waiting for a message that never comes?)", "", 0
		}
		if strings.HasPrefix(strings.TrimSpace(l), "panic: ") {
			msg = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l), "[recovered]"))
			for _, next := range lines[i+1:] {
				if m := learnerFrame.FindStringSubmatch(next); m != nil && !strings.HasSuffix(m[1], "_test.go") {
					n, _ := strconv.Atoi(m[2])
					return msg, m[1], n
				}
			}
			return msg, "", 0
		}
	}
	for i, l := range lines {
		m := testifyLabel.FindStringSubmatch(l)
		if m == nil || m[1] != "Error" {
			continue
		}
		msg = strings.TrimSpace(m[2])
		// testify continues a message on lines indented to its column.
		for _, next := range lines[i+1:] {
			if testifyLabel.MatchString(next) {
				break
			}
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
		return msg, "", 0
	}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "HINT:") {
			continue
		}
		if m := logLine.FindStringSubmatch(l); m != nil {
			if strings.TrimSpace(m[3]) == "" || strings.HasPrefix(strings.TrimSpace(m[3]), "HINT:") {
				continue
			}
			return strings.TrimSpace(m[3]), "", 0
		}
		return t, "", 0
	}
	return "", "", 0
}

// stubMessage is a stub's error without testify's framing around it.
func stubMessage(l string) string {
	l = strings.TrimSpace(l)
	if m := testifyLabel.FindStringSubmatch(l); m != nil {
		l = m[2]
	}
	for _, prefix := range []string{"in chain:", "Received unexpected error:"} {
		l = strings.TrimSpace(strings.TrimPrefix(l, prefix))
	}
	return strings.Trim(l, `"`)
}

// keptOutput is the output shown with a check's result: its lines, without
// the hint (the report has it), at most maxKept bytes.
func keptOutput(lines []string) string {
	const maxKept = 4 << 10
	var b strings.Builder
	for _, l := range lines {
		if strings.Contains(l, "HINT: ") {
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

package runner

import (
	"regexp"
	"strconv"
	"strings"
)

// A goroutine dump (what a panic, a SIGQUIT or -test.timeout prints) is
// read only to explain a verdict: where the learner's code was when a check
// panicked or was stuck. It never decides one.

// goroutine is one goroutine of a dump.
type goroutine struct {
	id        int
	state     string // "running", "chan receive", ...
	frames    []frame
	createdBy string // the function that started it
	createdIn int    // the goroutine that started it, 0 when unknown
}

// frame is one call of a goroutine's stack, innermost first.
type frame struct {
	function string // with its package path
	file     string
	line     int
}

var (
	goroutineHeader = regexp.MustCompile(`^goroutine (\d+)\b[^\[]*\[([^\]]*)\]:\s*$`)
	frameFile       = regexp.MustCompile(`^\t(\S+):(\d+)(?: \+0x[0-9a-f]+)?`)
	createdBy       = regexp.MustCompile(`^created by (\S+)(?: in goroutine (\d+))?`)
	learnerFile     = regexp.MustCompile(`(?:^|/)(exercises/[0-9]{2}_[a-z0-9_]+/[^/\s]+\.go)$`)
)

// parseGoroutines reads every goroutine of a dump in text, in the order
// printed (a panicking goroutine comes first).
func parseGoroutines(text string) []goroutine {
	var all []goroutine
	var g *goroutine
	pending := "" // a function line waiting for its file line
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if m := goroutineHeader.FindStringSubmatch(line); m != nil {
			id, _ := strconv.Atoi(m[1])
			all = append(all, goroutine{id: id, state: m[2]})
			g, pending = &all[len(all)-1], ""
			continue
		}
		if g == nil {
			continue
		}
		switch {
		case strings.TrimSpace(line) == "":
			g, pending = nil, ""
		case strings.HasPrefix(line, "created by "):
			m := createdBy.FindStringSubmatch(line)
			g.createdBy = m[1]
			g.createdIn, _ = strconv.Atoi(m[2])
			pending = ""
		case strings.HasPrefix(line, "\t"):
			m := frameFile.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			n, _ := strconv.Atoi(m[2])
			g.frames = append(g.frames, frame{function: pending, file: m[1], line: n})
			pending = ""
		default:
			pending = funcOfCall(line)
		}
	}
	return all
}

// funcOfCall is the function of a dump's call line, "pkg.(*T).M(0x1, ...)"
// or "pkg.f(...)", without its arguments.
func funcOfCall(line string) string {
	line = strings.TrimSpace(line)
	if i := strings.LastIndex(line, "("); i > 0 && strings.HasSuffix(line, ")") {
		return line[:i]
	}
	return line
}

// learnerPath is file as a path from the module's root when it is one of
// the learner's exercise sources (not a test file), else "".
func learnerPath(file string) string {
	m := learnerFile.FindStringSubmatch(strings.ReplaceAll(file, `\`, "/"))
	if m == nil || strings.HasSuffix(m[1], "_test.go") {
		return ""
	}
	return m[1]
}

// learnerFrame is the innermost frame of g in the learner's sources.
func (g goroutine) learnerFrame() (frame, bool) {
	for _, f := range g.frames {
		if p := learnerPath(f.file); p != "" {
			f.file = p
			return f, true
		}
	}
	return frame{}, false
}

// shortFunc is a function's name without its package path and receiver:
// "github.com/x/exercises/01_q.(*Queue).Produce.func1" is "Produce.func1".
func shortFunc(name string) string {
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.Index(name, "."); i >= 0 {
		name = name[i+1:]
	}
	if strings.HasPrefix(name, "(") {
		if i := strings.Index(name, ")."); i >= 0 {
			name = name[i+2:]
		}
	}
	return name
}

// checkOfFunc is the check a function of an exercise's package belongs to:
// "…/exercises/01_q.TestX.func2" belongs to TestX.
func checkOfFunc(name string) string {
	short := name[strings.LastIndex(name, "/")+1:]
	_, rest, ok := strings.Cut(short, ".")
	if !ok || !strings.HasPrefix(rest, "Test") || !strings.Contains(name, "exercises/") {
		return ""
	}
	check, _, _ := strings.Cut(rest, ".")
	return check
}

// dump is a parsed goroutine dump with what its goroutines belong to.
type dump struct {
	goroutines []goroutine
	byID       map[int]*goroutine
}

func newDump(text string) *dump {
	d := &dump{goroutines: parseGoroutines(text), byID: map[int]*goroutine{}}
	for i := range d.goroutines {
		d.byID[d.goroutines[i].id] = &d.goroutines[i]
	}
	return d
}

// checkOf is the check a goroutine works for: a check function on its
// stack, or that of the goroutine that started it, and so on.
func (d *dump) checkOf(g *goroutine) string {
	for seen := 0; g != nil && seen < 64; seen++ {
		for _, f := range g.frames {
			if c := checkOfFunc(f.function); c != "" {
				return c
			}
		}
		if c := checkOfFunc(g.createdBy); c != "" {
			return c
		}
		g = d.byID[g.createdIn]
	}
	return ""
}

// place is where in the learner's code a check was: the function and its
// file and line.
type place struct {
	function string
	file     string
	line     int
}

func (p place) String() string {
	if p.file == "" {
		return ""
	}
	return p.function + " (" + p.file + ":" + strconv.Itoa(p.line) + ")"
}

// learnerPlaceOf is where the learner's code was in the goroutines of
// check: a running goroutine's innermost learner frame first, else any
// goroutine's.
func (d *dump) learnerPlaceOf(check string) (place, bool) {
	var fallback *place
	for i := range d.goroutines {
		g := &d.goroutines[i]
		f, ok := g.learnerFrame()
		if !ok || d.checkOf(g) != check {
			continue
		}
		p := place{function: shortFunc(f.function), file: f.file, line: f.line}
		if strings.HasPrefix(g.state, "running") || strings.HasPrefix(g.state, "runnable") {
			return p, true
		}
		if fallback == nil {
			fallback = &p
		}
	}
	if fallback != nil {
		return *fallback, true
	}
	return place{}, false
}

// panicked is what a dump says about a panic that ended the process: the
// panic's line, where in the learner's code, and the check it belongs to.
type panicked struct {
	message string
	where   place
	check   string
}

var panicLine = regexp.MustCompile(`^(?:panic|fatal error): (.*)$`)

// checkGoroutine is the line labtest prints as each check starts.
var checkGoroutine = regexp.MustCompile(`(?m)^queuelab: (Test\w+) runs in goroutine (\d+)\s*$`)

// checkGoroutines maps the goroutines that ran checks to their checks.
func checkGoroutines(text string) map[int]string {
	out := map[int]string{}
	for _, m := range checkGoroutine.FindAllStringSubmatch(text, -1) {
		id, _ := strconv.Atoi(m[2])
		out[id] = m[1]
	}
	return out
}

// findPanic reads the panic that ended a process from its output: the
// first "panic: " line outside a test timeout, and the first goroutine
// after it. checks names the goroutines that ran checks, for a goroutine
// whose starter has ended.
func findPanic(text string, checks map[int]string) (panicked, bool) {
	lines := strings.Split(text, "\n")
	at := -1
	for i, l := range lines {
		l = strings.TrimRight(l, "\r")
		if m := panicLine.FindStringSubmatch(l); m != nil && !strings.HasPrefix(m[1], "test timed out") {
			at = i
			break
		}
	}
	if at < 0 {
		return panicked{}, false
	}
	msg := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(lines[at]), "[recovered]"))
	// A panic re-raised by the testing package shows the original first.
	msg = strings.TrimSpace(strings.TrimSuffix(msg, "[recovered, repanicked]"))
	p := panicked{message: msg}
	d := newDump(strings.Join(lines[at:], "\n"))
	if len(d.goroutines) == 0 {
		return p, true
	}
	first := &d.goroutines[0]
	if f, ok := first.learnerFrame(); ok {
		p.where = place{function: shortFunc(f.function), file: f.file, line: f.line}
	} else {
		// testing's tRunner re-panics from its own frames: look deeper.
		for i := range d.goroutines {
			if f, ok := d.goroutines[i].learnerFrame(); ok && strings.HasPrefix(d.goroutines[i].state, "running") {
				p.where = place{function: shortFunc(f.function), file: f.file, line: f.line}
				first = &d.goroutines[i]
				break
			}
		}
	}
	p.check = d.checkOf(first)
	if p.check == "" {
		p.check = checks[first.createdIn]
	}
	return p, true
}

// timedOutChecks are the checks that testing's -test.timeout panic names
// as running, with how long each ran.
var runningTest = regexp.MustCompile(`^\t\t(Test\S*) \(([^)]+)\)$`)

func timedOutChecks(text string) map[string]string {
	i := strings.Index(text, "panic: test timed out after")
	if i < 0 {
		return nil
	}
	out := map[string]string{}
	for line := range strings.SplitSeq(text[i:], "\n") {
		if m := runningTest.FindStringSubmatch(strings.TrimRight(line, "\r")); m != nil && !strings.Contains(m[1], "/") {
			out[m[1]] = m[2]
		}
		if strings.HasPrefix(line, "goroutine ") {
			break
		}
	}
	return out
}

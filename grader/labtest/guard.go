package labtest

import (
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// Guard calls fn, a call into the learner's code, and turns a panic in it
// into a *PanicError naming what panicked and where in the learner's code.
// A check that guards its calls fails alone, with its hint, instead of the
// panic ending the whole test binary and every other check of the exercise
// with it.
//
//	err := labtest.Guard("Consume", func() error { m, err = q.Consume(); return err })
func Guard(what string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			// The deferred call runs on top of the panicking frames.
			pcs := make([]uintptr, 64)
			err = newPanicError(what, r, runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)]))
		}
	}()
	return fn()
}

// PanicError is a panic in the learner's code that Guard recovered.
type PanicError struct {
	// What is the call Guard made, "Consume".
	What string
	// Value is what the code panicked with, as text.
	Value string
	// Function, File and Line are the innermost place in the learner's
	// sources (exercises/NN_name/*.go, not a test file) on the panicking
	// stack; File is from the module's root. Empty when none was found.
	Function string
	File     string
	Line     int
}

func (e *PanicError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("%s panicked: %s (return an error instead of panicking)", e.What, e.Value)
	}
	return fmt.Sprintf("%s panicked: %s (at %s:%d in %s; return an error instead of panicking)", e.What, e.Value, e.File, e.Line, e.Function)
}

var (
	learnerSource = regexp.MustCompile(`(?:^|/)(exercises/[0-9]{2}_[a-z0-9_]+/[^/]+\.go)$`)
	panicText     = regexp.MustCompile(`([\w.()*]+) panicked: (.*?) \((?:at (exercises/\S+\.go):(\d+) in (\S+); )?return an error instead of panicking\)`)
)

func newPanicError(what string, r any, frames *runtime.Frames) *PanicError {
	e := &PanicError{What: what, Value: fmt.Sprint(r)}
	for {
		f, more := frames.Next()
		if m := learnerSource.FindStringSubmatch(strings.ReplaceAll(f.File, `\`, "/")); m != nil && !strings.HasSuffix(m[1], "_test.go") {
			e.File, e.Line, e.Function = m[1], f.Line, shortFunction(f.Function)
			break
		}
		if !more {
			break
		}
	}
	return e
}

// shortFunction is a function's name without package path and receiver.
func shortFunction(name string) string {
	name = name[strings.LastIndex(name, "/")+1:]
	if _, rest, ok := strings.Cut(name, "."); ok {
		name = rest
	}
	if strings.HasPrefix(name, "(") {
		if i := strings.Index(name, ")."); i >= 0 {
			name = name[i+2:]
		}
	}
	return name
}

// ParsePanicError finds a PanicError's text in s (a check's output line,
// where testify may have quoted it) and reads it back. It is for explaining
// a failed check only: the text comes from a process the learner's code
// shares, so it never decides a verdict.
func ParsePanicError(s string) (*PanicError, bool) {
	m := panicText.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	e := &PanicError{What: m[1], Value: m[2], File: m[3], Function: m[5]}
	e.Line, _ = strconv.Atoi(m[4])
	return e, true
}

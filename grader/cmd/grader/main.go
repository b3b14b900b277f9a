// Command grader grades QueueLab's exercises: `grader check` for a learner,
// `grader batch` for an instructor's class, `grader serve` for the lesson's
// CLI steps. `grader help` lists every command.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status: 0 all selected
// checks passed, 1 a check did not, 2 the grader could not run.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ex exitError
	if errors.As(err, &ex) {
		if ex.err != nil {
			fmt.Fprintln(stderr, "grader: "+ex.err.Error())
		}
		return ex.code
	}
	// Bad flags and arguments, and anything else the grader could not do.
	fmt.Fprintln(stderr, "grader: "+err.Error())
	return 2
}

// exitError ends the command with code, printing err (if any) in one line.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

// checksFailed is the error of a run in which a check did not pass: the
// report already said why, so nothing more is printed.
var checksFailed = exitError{code: 1}

package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/report/classroom"
	"github.com/queuelab/queuelab/grader/report/exercism"
	"github.com/queuelab/queuelab/grader/report/github"
	"github.com/queuelab/queuelab/grader/report/gradescope"
	"github.com/queuelab/queuelab/grader/report/jsonout"
	"github.com/queuelab/queuelab/grader/report/junit"
	"github.com/queuelab/queuelab/grader/report/text"
)

// formats are the output formats of --format.
var formats = []string{"text", "json", "junit", "github", "gradescope", "exercism", "classroom"}

// output is one --format NAME[=FILE].
type output struct {
	format string
	file   string // "" is standard output
}

// parseOutputs reads the --format values; --out names the file of a single
// format.
func parseOutputs(values []string, out string) ([]output, error) {
	if len(values) == 0 {
		values = []string{"text"}
	}
	var outs []output
	for _, v := range values {
		name, file, _ := strings.Cut(v, "=")
		if !isFormat(name) {
			return nil, fmt.Errorf("unknown --format %q: use one of %s", name, strings.Join(formats, ", "))
		}
		outs = append(outs, output{format: name, file: file})
	}
	if out != "" {
		if len(outs) != 1 || outs[0].file != "" {
			return nil, fmt.Errorf("--out names the file of one --format; with several, write --format NAME=FILE")
		}
		outs[0].file = out
	}
	return outs, nil
}

func isFormat(name string) bool {
	for _, f := range formats {
		if f == name {
			return true
		}
	}
	return false
}

// textOptions says how text looks on the terminal it goes to.
type textOptions struct {
	colour  bool
	width   int
	command string // how to run the grader, for the commands it suggests
}

// write writes r in o's format to its file, or to stdout.
func (o output) write(stdout io.Writer, r *report.Report, topts textOptions) error {
	w := stdout
	if o.file != "" {
		f, err := os.Create(o.file)
		if err != nil {
			return fmt.Errorf("write the %s report: %w", o.format, err)
		}
		defer f.Close()
		w = f
		topts.colour = false
	}
	var err error
	switch o.format {
	case "text":
		err = text.Write(w, r, text.Options{Colour: topts.colour, Width: topts.width, Command: topts.command})
	case "json":
		err = jsonout.Write(w, r)
	case "junit":
		err = junit.Write(w, r)
	case "github":
		if o.file != "" {
			err = github.WriteSummary(w, r)
		} else {
			err = github.WriteEnv(w, os.Getenv, r)
		}
	case "gradescope":
		err = gradescope.Write(w, r)
	case "exercism":
		err = exercism.Write(w, r)
	case "classroom":
		err = classroom.Write(w, r)
	}
	if err != nil {
		return fmt.Errorf("write the %s report: %w", o.format, err)
	}
	if f, ok := w.(*os.File); ok && o.file != "" {
		if err := f.Close(); err != nil {
			return fmt.Errorf("write the %s report: %w", o.format, err)
		}
	}
	return nil
}

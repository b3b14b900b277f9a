package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/grader/runner"
)

// selfCommand is how to run this grader again where the user is, in a form
// they can type: "bin/grader" (what make check builds), "go run
// ./grader/cmd/grader" (go run in a checkout), "go run
// github.com/queuelab/queuelab/grader/cmd/grader@v1.2.0" (the pinned form),
// or "grader" only when that is what PATH finds. Every message that
// suggests another grader command starts with it.
func selfCommand() string {
	return currentInvocation().command()
}

// invocation is what selfCommand needs to know about this process.
type invocation struct {
	exe     string // this executable, symlinks resolved
	wd      string // the working folder
	onPath  string // what PATH finds for the executable's name, resolved; "" none
	version string // the grader module's version when built at one
	root    string // the checkout the grader was built from, for go run
}

func currentInvocation() invocation {
	var in invocation
	if exe, err := os.Executable(); err == nil {
		in.exe = resolve(exe)
		if p, err := exec.LookPath(filepath.Base(exe)); err == nil {
			in.onPath = resolve(p)
		}
	}
	in.wd, _ = os.Getwd()
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Path == runner.ModulePath && info.Main.Version != "(devel)" {
		in.version = info.Main.Version
	}
	if in.goRun() && in.version == "" {
		in.root, _ = runner.PristineRoot()
	}
	return in
}

func resolve(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	return path
}

// goRun reports whether go run built this executable: it lives in a
// go-build folder (a temporary one, or the build cache).
func (in invocation) goRun() bool {
	for _, part := range strings.Split(filepath.ToSlash(in.exe), "/") {
		if strings.HasPrefix(part, "go-build") {
			return true
		}
	}
	return false
}

func (in invocation) command() string {
	const pkg = runner.ModulePath + "/grader/cmd/grader"
	switch {
	case in.goRun() && in.version != "":
		return "go run " + pkg + "@" + in.version
	case in.goRun():
		if in.root == "" {
			return "go run " + pkg
		}
		return "go run " + relative(in.wd, filepath.Join(in.root, "grader", "cmd", "grader"), true)
	case in.exe == "":
		return "grader"
	case in.onPath != "" && in.onPath == in.exe:
		return filepath.Base(in.exe)
	}
	return relative(in.wd, in.exe, false)
}

// relative is path from wd as a shell or go run takes it: "bin/grader",
// "./grader", "../../bin/grader"; with pkg (a package for go run) always
// "./" or "../" first. Absolute when more than two folders up.
func relative(wd, path string, pkg bool) string {
	rel, err := filepath.Rel(wd, path)
	if err != nil || wd == "" || strings.Count(rel, "..") > 2 {
		return path
	}
	sep := string(filepath.Separator)
	switch {
	case rel == ".":
	case strings.HasPrefix(rel, ".."+sep):
	case pkg || !strings.Contains(rel, sep):
		rel = "." + sep + rel
	}
	return rel
}

// rerun is the command line that runs cmd again as the user ran it: under
// make (MAKELEVEL is set in its recipes) "make check", else selfCommand's
// form with cmd's name and args.
func rerun(cmd *cobra.Command, args []string) string {
	if os.Getenv("MAKELEVEL") != "" && cmd.Name() == "check" {
		return "make check"
	}
	if cmd.Name() == "watch" {
		args = nil // the exercises it was grading when it found the mistake
	}
	return strings.Join(append([]string{selfCommand(), cmd.Name()}, args...), " ")
}

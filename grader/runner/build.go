package runner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/queuelab/queuelab/grader/report"
)

// binDir is where the test binaries are built, inside the work folder,
// unless Options.BinCache names a lasting folder.
const binDir = ".queuelab-bin"

// binaries is the folder the test binaries go to. With BinCache, it lasts
// from run to run, one per learner tree (and per --solutions): the go
// command relinks a binary only when its inputs changed, which is most of
// the time a warm `grader check` would otherwise spend.
func (g *grading) binaries(work string) string {
	if g.opts.BinCache == "" {
		return filepath.Join(work, binDir)
	}
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%t", g.opts.Pristine, g.opts.Sources, g.opts.Solutions)))
	return filepath.Join(g.opts.BinCache, hex.EncodeToString(h[:8]))
}

// build compiles one test binary per graded exercise in a single go command
// (which builds them in parallel and keeps going past a broken one), and
// turns compile errors into the results of that exercise's checks.
func (g *grading) build(ctx context.Context, work string) error {
	if len(g.graded) == 0 {
		return nil
	}
	g.progress(Progress{Phase: "build"})
	bins := g.binaries(work)
	if err := os.MkdirAll(bins, 0o755); err != nil {
		return fmt.Errorf("make the folder for the test binaries: %w", err)
	}
	// -trimpath makes the build cache shared across work folders; without
	// DWARF (-w) and the symbol table (-s) linking is faster, and panics
	// still name files and lines.
	args := []string{"test", "-c", "-trimpath", "-ldflags=-s -w", "-o", bins + string(filepath.Separator)}
	for _, id := range g.graded {
		args = append(args, "./exercises/"+id)
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = work
	cmd.Env = buildEnv()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &limitedBuffer{buf: &out, limit: g.opts.OutputLimit}, nil
	cmd.Stderr = cmd.Stdout
	inProcessGroup(cmd)
	err := cmd.Run()
	killGroup(cmd)
	if errors.Is(err, exec.ErrNotFound) {
		return ErrNoToolchain
	}
	if ctx.Err() != nil {
		for _, id := range g.graded {
			g.setExercise(id, report.StatusError, "the build did not finish in time", "", 0)
		}
		return nil
	}
	errs := compileErrors(out.String(), g.graded)
	var built []string
	for _, id := range g.graded {
		if _, statErr := os.Stat(filepath.Join(bins, id+".test")); statErr == nil && len(errs[id]) == 0 {
			built = append(built, id)
			continue
		}
		ce := errs[id]
		if len(ce) == 0 {
			ce = []compileError{{text: "the exercise did not build: " + firstError(out.String())}}
		}
		msg := ce[0].text
		if len(ce) > 1 {
			msg += fmt.Sprintf(" (and %d more compile errors)", len(ce)-1)
		}
		g.setExercise(id, report.StatusError, msg, ce[0].file, ce[0].line)
	}
	if err != nil && len(built) == len(g.graded) {
		return fmt.Errorf("build the checks: %v: %s", err, firstNonBlank(out.String()))
	}
	g.graded = built
	return nil
}

// buildEnv is the go command's environment: the user's (GOPATH, GOCACHE,
// GOPROXY...), without cgo or a workspace that could bring in other code.
func buildEnv() []string {
	return append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-mod=readonly -buildvcs=false")
}

type compileError struct {
	text string
	file string
	line int
}

var (
	compileHeader = regexp.MustCompile(`^# (\S+)(?: \[(\S+)\.test\])?`)
	compilePos    = regexp.MustCompile(`^(\S+\.go):(\d+)(?::\d+)?: `)
)

// compileErrors sorts the go command's error lines by exercise: by the
// file's folder when it is a graded exercise, else by the package being
// built (the "# pkg [pkg.test]" line above the errors).
func compileErrors(out string, graded []string) map[string][]compileError {
	isGraded := map[string]bool{}
	for _, id := range graded {
		isGraded[id] = true
	}
	errs := map[string][]compileError{}
	current := ""
	for line := range strings.SplitSeq(out, "\n") {
		if m := compileHeader.FindStringSubmatch(line); m != nil {
			pkg := m[1]
			if m[2] != "" {
				pkg = m[2]
			}
			current = strings.TrimSuffix(pkg[strings.LastIndex(pkg, "/")+1:], "_test")
			continue
		}
		m := compilePos.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		file := filepath.ToSlash(m[1])
		owner := current
		if parts := strings.Split(file, "/"); len(parts) >= 3 && parts[0] == "exercises" && isGraded[parts[1]] {
			owner = parts[1]
		}
		if !isGraded[owner] {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		errs[owner] = append(errs[owner], compileError{text: strings.TrimSpace(line), file: file, line: n})
	}
	return errs
}

// firstError is the first line of the go command's output that is not a
// package header.
func firstError(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			return line
		}
	}
	return firstNonBlank(s)
}

func firstNonBlank(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

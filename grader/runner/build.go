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
	"slices"
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
	if g.opts.BinCache == "" || g.opts.SharedBins != nil {
		return filepath.Join(work, binDir)
	}
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%t", g.opts.Pristine, g.opts.Sources, g.opts.Solutions)))
	return filepath.Join(g.opts.BinCache, hex.EncodeToString(h[:8]))
}

// build compiles one test binary per graded exercise in a single go command
// (which builds them in parallel and keeps going past a broken one), and
// turns compile errors into the results of that exercise's checks. With
// Options.SharedBins, binaries already built for the batch are copied from
// there instead, and the ones this run builds are added to it.
func (g *grading) build(ctx context.Context, work string) error {
	if len(g.graded) == 0 {
		return nil
	}
	g.progress(Progress{Phase: "build"})
	bins := g.binaries(work)
	if err := os.MkdirAll(bins, 0o755); err != nil {
		return fmt.Errorf("make the folder for the test binaries: %w", err)
	}
	if g.opts.SharedBins == nil {
		built, _, err := g.buildEach(ctx, work, bins, g.graded)
		g.graded = inOrder(g.graded, built)
		return err
	}
	return g.buildShared(ctx, work, bins)
}

// inOrder is the ids of all that are in some, in the order of all.
func inOrder(all, some []string) []string {
	var out []string
	for _, id := range all {
		if slices.Contains(some, id) {
			out = append(out, id)
		}
	}
	return out
}

// buildShared builds what the batch's store lacks, publishes it, and
// copies the rest from the store. A binary another run is building is
// waited for after this run's own build, so two runs never wait on each
// other.
func (g *grading) buildShared(ctx context.Context, work, bins string) error {
	store := g.opts.SharedBins
	keys, err := g.binaryKeys(ctx, work)
	if err != nil {
		return err
	}
	type claim struct {
		id string
		e  *sharedBinary
	}
	ok := map[string]bool{}
	// Exercises built alone for another run are copied; the others are
	// built together, as one binary that runs shared only by runs whose
	// every exercise in it has the same sources (see combined.go).
	var theirs []claim
	var rest []string
	for _, id := range g.graded {
		if e := store.lookup(keys[id]); e != nil {
			theirs = append(theirs, claim{id, e})
		} else {
			rest = append(rest, id)
		}
	}
	if canCombine(rest) {
		ck := combinedKey(rest, keys)
		e, owner := store.claim(ck)
		combined := filepath.Join(bins, combinedName)
		switch {
		case owner:
			built, together, err := g.buildEach(ctx, work, bins, rest)
			if together && err == nil {
				store.publish(ck, e, combined)
			} else {
				store.abandon(ck, e)
			}
			if err != nil {
				return err
			}
			for _, id := range built {
				ok[id] = true
			}
			rest = nil
		case store.install(ctx, ck, e, combined):
			if err := linkEach(bins, combined, rest); err != nil {
				return err
			}
			for _, id := range rest {
				ok[id] = true
			}
			rest = nil
		}
	}
	var mine []claim
	var build []string
	for _, id := range rest {
		e, owner := store.claim(keys[id])
		if owner {
			mine = append(mine, claim{id, e})
			build = append(build, id)
		} else {
			theirs = append(theirs, claim{id, e})
		}
	}
	// Whatever happens, release the claims this run made.
	published := map[string]bool{}
	defer func() {
		for _, c := range mine {
			if !published[c.id] {
				store.abandon(keys[c.id], c.e)
			}
		}
	}()
	if len(build) > 0 {
		built, err := g.goBuild(ctx, work, bins, build)
		if err != nil {
			return err
		}
		for _, id := range built {
			ok[id] = true
		}
		for _, c := range mine {
			if ok[c.id] {
				store.publish(keys[c.id], c.e, filepath.Join(bins, c.id+".test"))
				published[c.id] = true
			}
		}
	}
	var rebuild []string
	for _, c := range theirs {
		if store.install(ctx, keys[c.id], c.e, filepath.Join(bins, c.id+".test")) {
			ok[c.id] = true
		} else {
			rebuild = append(rebuild, c.id)
		}
	}
	if len(rebuild) > 0 {
		built, err := g.goBuild(ctx, work, bins, rebuild)
		if err != nil {
			return err
		}
		for _, id := range built {
			ok[id] = true
		}
	}
	var graded []string
	for _, id := range g.graded {
		if ok[id] {
			graded = append(graded, id)
		}
	}
	g.graded = graded
	return nil
}

// goBuild runs one go command that builds the test binaries of ids into
// bins, and returns the ids that built; the others get their compile error.
func (g *grading) goBuild(ctx context.Context, work, bins string, ids []string) ([]string, error) {
	args := append(append([]string{}, buildArgs...), "-o", bins+string(filepath.Separator))
	for _, id := range ids {
		args = append(args, "./exercises/"+id)
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = work
	cmd.Env = buildEnv()
	var out bytes.Buffer
	cmd.Stdout = &limitedBuffer{buf: &out, limit: g.opts.OutputLimit}
	cmd.Stderr = cmd.Stdout
	inProcessGroup(cmd)
	err := cmd.Run()
	killGroup(cmd)
	if errors.Is(err, exec.ErrNotFound) {
		return nil, ErrNoToolchain
	}
	if ctx.Err() != nil {
		for _, id := range ids {
			g.setExercise(id, report.StatusError, report.ReasonTimeout, "the build did not finish in time", "", 0)
		}
		return nil, nil
	}
	errs := compileErrors(out.String(), ids)
	var built []string
	for _, id := range ids {
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
		g.setExercise(id, report.StatusError, report.ReasonCompile, msg, ce[0].file, ce[0].line)
	}
	if err != nil && len(built) == len(ids) {
		return built, fmt.Errorf("build the checks: %v: %s", err, firstNonBlank(out.String()))
	}
	return built, nil
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

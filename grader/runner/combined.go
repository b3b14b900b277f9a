package runner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// One test binary for several exercises.
//
// Linking is most of what building the checks costs: every exercise's test
// binary carries the AWS SDK, testify and the emulator, and the linker
// writes all of it again for each of them. So the runner links the checks
// of all the exercises it builds into one binary, and still runs one
// process per exercise, with -test.run naming that exercise's checks only.
//
// The go command links the tests of one package per binary, so the grader
// lays the others out for it, through an overlay (the work folder itself
// is left as it is, for the build of one exercise at a time):
//
//   - every _test.go file of an exercise that this build would compile is
//     added to its package under another name (x_test.go as
//     x_test.queuelab.go), or, for an external test package (package
//     x_test), to the package ".../exercises/<id>_test" in a folder of that
//     name: the import path and function names the go command gives an
//     external test package;
//   - each such file starts with a //line directive naming the file it was
//     copied from, as -trimpath would have named it, so that every position
//     (stack traces, panics, labtest's look at the stack) reads exactly as
//     in an exercise's own test binary;
//   - a test package, checksPkg, whose test functions carry the checks'
//     names and call the checks, so that t.Name() and -test.run are the
//     check's own and the check's function, from the pristine test file, is
//     on the stack when labtest asks for it.
//
// What an exercise's process shares with the others is the code of the
// other exercises of the same submission: their package initialisation
// runs in it too. labtest initialises first all the same (each exercise
// package imports it, through the seal file). Before any check runs, the
// binary is started once with no check to run: when that does not end
// cleanly (a learner's init panics, exits or hangs) the exercises are built
// one binary each, so that one exercise's broken init costs only its own
// checks, as it always did.
//
// Exercises that cannot share a binary are built one by one: a TestMain,
// the same check name in two exercises, a check whose function is missing.

// checksPkg is the folder, in the work folder, of the generated test
// package that runs the checks of several exercises.
const checksPkg = "queuelab_checks"

// combinedName is the combined binary's file in the binaries' folder.
const combinedName = "queuelab_checks.test"

// overlayDir holds what the overlay adds, in the work folder.
const overlayDir = ".queuelab-overlay"

// combinedOff is the environment variable that, set to 1, builds one test
// binary per exercise as before: for comparisons and for debugging.
const combinedOff = "QUEUELAB_SEPARATE_BINARIES"

// canCombine reports whether ids should be built into one binary.
func canCombine(ids []string) bool {
	return len(ids) > 1 && os.Getenv(combinedOff) != "1"
}

// writeCombined writes the overlay that builds the checks of ids into one
// test binary, and returns its path. ok is false when they cannot share
// one (see above).
func writeCombined(work string, cat checkLister, ids []string) (overlay string, ok bool, err error) {
	ctx := build.Default
	ctx.CgoEnabled = false
	root := filepath.Join(work, overlayDir)
	if err := os.RemoveAll(root); err != nil {
		return "", false, err
	}
	replace := map[string]string{}
	add := func(path string, data []byte) error {
		backing := filepath.Join(root, strconv.Itoa(len(replace))+".go")
		if err := os.MkdirAll(root, 0o755); err != nil {
			return err
		}
		replace[path] = backing
		return os.WriteFile(backing, data, 0o644)
	}
	var wrappers bytes.Buffer
	var imports []string
	owner := map[string]string{} // check name -> exercise
	for i, id := range ids {
		dir := filepath.Join(work, "exercises", id)
		entries, err := os.ReadDir(dir)
		if err != nil {
			return "", false, err
		}
		internal, external := fmt.Sprintf("x%d", i), fmt.Sprintf("x%dt", i)
		declared := map[string]string{} // test function -> alias of its package
		usesInternal, usesExternal := false, false
		for _, e := range entries {
			name := e.Name()
			if !e.Type().IsRegular() || !strings.HasSuffix(name, "_test.go") {
				continue
			}
			if match, err := ctx.MatchFile(dir, name); err != nil || !match {
				continue
			}
			src, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				return "", false, err
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
			if err != nil {
				return "", false, nil // does not compile: one by one, for its errors
			}
			alias, target := internal, filepath.Join(dir, strings.TrimSuffix(name, ".go")+".queuelab.go")
			if strings.HasSuffix(f.Name.Name, "_test") {
				alias, target = external, filepath.Join(work, "exercises", id+"_test", strings.TrimSuffix(name, ".go")+".queuelab.go")
			}
			for _, d := range f.Decls {
				fn, isFunc := d.(*ast.FuncDecl)
				if !isFunc || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") {
					continue
				}
				if fn.Name.Name == "TestMain" {
					return "", false, nil
				}
				declared[fn.Name.Name] = alias
			}
			// As -trimpath names the file in an exercise's own binary.
			line := "//line " + ModulePath + "/exercises/" + id + "/" + name + ":1\n"
			if err := add(target, append([]byte(line), src...)); err != nil {
				return "", false, err
			}
		}
		for _, check := range cat.checkNames(id) {
			alias, found := declared[check]
			if !found {
				return "", false, nil
			}
			if other, dup := owner[check]; dup && other != id {
				return "", false, nil
			}
			owner[check] = id
			usesInternal = usesInternal || alias == internal
			usesExternal = usesExternal || alias == external
			fmt.Fprintf(&wrappers, "func %s(t *testing.T) { %s.%s(t) }\n", check, alias, check)
		}
		if usesInternal {
			imports = append(imports, fmt.Sprintf("%s %q", internal, ModulePath+"/exercises/"+id))
		}
		if usesExternal {
			imports = append(imports, fmt.Sprintf("%s %q", external, ModulePath+"/exercises/"+id+"_test"))
		}
	}
	var main bytes.Buffer
	main.WriteString("// Code generated by the grader: the checks of several exercises in one test binary.\n\npackage queuelab_checks\n\nimport (\n\t\"flag\"\n\t\"os\"\n\t\"testing\"\n\n")
	for _, imp := range imports {
		main.WriteString("\t" + imp + "\n")
	}
	fmt.Fprintf(&main, `)

var startOnly = flag.Bool(%q, false, "run no check: exit %d once every package initialised")

func TestMain(m *testing.M) {
	flag.Parse()
	if *startOnly {
		os.Exit(%d)
	}
	os.Exit(m.Run())
}

`, startOnlyFlag, startedStatus, startedStatus)
	main.Write(wrappers.Bytes())
	if err := add(filepath.Join(work, checksPkg, "checks_test.go"), main.Bytes()); err != nil {
		return "", false, err
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", false, err
	}
	overlay = filepath.Join(root, "overlay.json")
	return overlay, true, os.WriteFile(overlay, data, 0o644)
}

// checkLister names an exercise's checks, in catalogue order.
type checkLister interface {
	checkNames(id string) []string
}

func (g *grading) checkNames(id string) []string {
	e, _ := g.cat.Exercise(id)
	names := make([]string, 0, len(e.Check))
	for _, c := range e.Check {
		names = append(names, c.Name)
	}
	return names
}

// goBuildCombined builds the checks of ids into bins/combinedName and
// gives each id its name for it (bins/<id>.test, a hard link). It returns
// false when they cannot share a binary, the build failed, or the binary
// does not start cleanly; failing then names the exercises whose packages
// did not compile, when the go command said which (the caller builds those
// one by one, for their compile errors, and may try the others together).
func (g *grading) goBuildCombined(ctx context.Context, work, bins string, ids []string) (ok bool, failing []string, err error) {
	overlay, ok, err := writeCombined(work, g, ids)
	if err != nil || !ok {
		return false, nil, err
	}
	out := filepath.Join(bins, combinedName)
	args := append(append([]string{}, buildArgs...), "-overlay", overlay, "-o", out, "./"+checksPkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = work
	cmd.Env = buildEnv()
	var log bytes.Buffer
	cmd.Stdout = &limitedBuffer{buf: &log, limit: 256 << 10}
	cmd.Stderr = cmd.Stdout
	inProcessGroup(cmd)
	err = cmd.Run()
	killGroup(cmd)
	if errors.Is(err, exec.ErrNotFound) {
		return false, nil, ErrNoToolchain
	}
	if err != nil || ctx.Err() != nil {
		os.Remove(out)
		return false, failedExercises(log.String(), ids), nil
	}
	if !g.startsCleanly(ctx, work, out) {
		os.Remove(out) // never shared, never run
		return false, nil, nil
	}
	return true, nil, linkEach(bins, out, ids)
}

// failedExercises are the exercises of ids whose package, or external test
// package, the go command's output names above an error ("# .../exercises/<id>").
// It only routes the build: whatever it misses, the build one by one finds.
func failedExercises(out string, ids []string) []string {
	named := map[string]bool{}
	for line := range strings.SplitSeq(out, "\n") {
		if m := compileHeader.FindStringSubmatch(line); m != nil {
			if rest, ok := strings.CutPrefix(m[1], ModulePath+"/exercises/"); ok {
				named[strings.TrimSuffix(rest, "_test")] = true
			}
		}
	}
	var failing []string
	for _, id := range ids {
		if named[id] {
			failing = append(failing, id)
		}
	}
	return failing
}

// buildEach builds ids: together when they can share a binary, else, and
// for the exercises that do not compile, one binary each. It returns the
// ids that built (the others have their compile error), and whether they
// all share bins/combinedName.
func (g *grading) buildEach(ctx context.Context, work, bins string, ids []string) (built []string, together bool, err error) {
	if !canCombine(ids) {
		built, err := g.goBuild(ctx, work, bins, ids)
		return built, false, err
	}
	ok, failing, err := g.goBuildCombined(ctx, work, bins, ids)
	if err != nil || ok {
		return ids, ok, err
	}
	if len(failing) == 0 || len(failing) == len(ids) {
		built, err := g.goBuild(ctx, work, bins, ids)
		return built, false, err
	}
	built, err = g.goBuild(ctx, work, bins, failing)
	if err != nil {
		return built, false, err
	}
	rest := without(ids, failing)
	if canCombine(rest) {
		if ok, _, err := g.goBuildCombined(ctx, work, bins, rest); err != nil || ok {
			return append(built, rest...), false, err
		}
	}
	more, err := g.goBuild(ctx, work, bins, rest)
	return append(built, more...), false, err
}

// without is ids less drop, in order.
func without(ids, drop []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(drop, id) {
			out = append(out, id)
		}
	}
	return out
}

// linkEach gives each id's binary name to the file at bin.
func linkEach(bins, bin string, ids []string) error {
	for _, id := range ids {
		dst := filepath.Join(bins, id+".test")
		os.Remove(dst) // a binary cache may hold an older one
		if err := os.Link(bin, dst); err != nil {
			if _, err := copyHashing(bin, dst); err != nil {
				return fmt.Errorf("install the checks of %s: %w", id, err)
			}
		}
	}
	return nil
}

// startsCleanly runs the binary once to initialise its packages and exit,
// as the checks run (environment, memory limit, process group), and
// reports whether it ended as the generated TestMain does, printing
// nothing, within a check's time limit: whether every exercise's package
// initialisation, the learner's included, is harmless to the others (an
// init that prints 40 MiB would flood every exercise's process). It
// decides only how the checks are built, never a verdict.
func (g *grading) startsCleanly(ctx context.Context, work, bin string) bool {
	ctx, cancel := context.WithTimeout(ctx, g.opts.CheckTimeout)
	defer cancel()
	cmd := g.testCommand(bin, []string{"-test.run=^$", "-test.count=1", "-" + startOnlyFlag})
	cmd.Dir = work
	cmd.Env = g.testEnv(work)
	var out bytes.Buffer
	printed := &limitedBuffer{buf: &out, limit: 4 << 10}
	cmd.Stdout, cmd.Stderr = printed, printed
	inProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		return false
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		killGroup(cmd)
		<-done
		err = ctx.Err()
	}
	killGroup(cmd) // whatever an init forked
	var exit *exec.ExitError
	printed.mu.Lock()
	quiet := printed.total == 0
	printed.mu.Unlock()
	return errors.As(err, &exit) && exit.ExitCode() == startedStatus && quiet
}

// startOnlyFlag makes the combined binary exit with startedStatus, having
// printed nothing of its own, once every package initialised: an exit
// status the learner's code does not make by accident (a "PASS" line and
// os.Exit(0) in an init would pass for a clean start;
// fixtures/hostile/exit-zero-init does both).
const (
	startOnlyFlag = "queuelab.startonly"
	startedStatus = 86
)

// combinedKey is the store's key of the one binary built from ids with
// the given per-exercise keys: it is shared only by runs whose every
// exercise in it has the same sources, since each exercise's process runs
// the others' package initialisation too.
func combinedKey(ids []string, keys map[string]string) string {
	sorted := append([]string{}, ids...)
	sort.Strings(sorted)
	h := sha256.New()
	writeField(h, "combined")
	for _, id := range sorted {
		writeField(h, id)
		writeField(h, keys[id])
	}
	return hex.EncodeToString(h.Sum(nil))
}

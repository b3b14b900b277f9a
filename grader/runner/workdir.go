package runner

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/queuelab/queuelab/grader/report"
)

// Limits on what is taken from a learner's exercise folder.
const (
	maxSourceFile  = 1 << 20
	maxSourceFiles = 200
)

// skipped are the paths of the pristine module (slash-separated, from its
// root) that are never needed to build and run the checks; some hold solved
// exercises.
var skipped = map[string]bool{
	".git": true, "solutions": true, "results": true, "bin": true, ".queuelab": true,
	"node_modules": true, "handouts": true, ".github": true, ".ci": true,
	"fixtures/submissions": true, "fixtures/hostile": true,
}

// sealFile is the test file Run adds to every graded exercise package so that
// labtest initialises before any of the learner's code (see the package doc).
const sealFile = "queuelab_seal_test.go"

// prepare fills work with the pristine module and the learner's sources.
// Exercises whose sources cannot be graded get their reason and are left out
// of g.graded.
func (g *grading) prepare(work string) error {
	if err := copyPristine(g.opts.Pristine, work); err != nil {
		return fmt.Errorf("copy the grader's checks to the work folder: %w", err)
	}
	if data, err := os.ReadFile(g.opts.learnerFile()); err == nil {
		if err := os.WriteFile(filepath.Join(work, "learner.yaml"), data, 0o644); err != nil {
			return fmt.Errorf("copy the learner file: %w", err)
		}
	} else {
		os.Remove(filepath.Join(work, "learner.yaml")) // not the pristine one
	}
	for _, e := range g.selected {
		dst := filepath.Join(work, "exercises", e.ID)
		pkg, err := packageName(dst)
		if err != nil {
			g.setExercise(e.ID, report.StatusError, report.ReasonGrader, fmt.Sprintf("the grader's copy of exercise %s is incomplete: %v", e.ID, err), "", 0)
			continue
		}
		if err := removeSources(dst); err != nil {
			return fmt.Errorf("prepare exercise %s: %w", e.ID, err)
		}
		problem, err := copySources(g.opts.exerciseDir(e.ID), dst, e.ID)
		if err != nil {
			return fmt.Errorf("copy the sources of exercise %s: %w", e.ID, err)
		}
		if problem != nil {
			g.setExercise(e.ID, report.StatusError, report.ReasonCompile, problem.message, problem.file, problem.line)
			continue
		}
		seal := "// Added by the grader: labtest must initialise before the learner's code.\npackage " + pkg +
			"\n\nimport _ \"" + ModulePath + "/grader/labtest\"\n"
		if err := os.WriteFile(filepath.Join(dst, sealFile), []byte(seal), 0o644); err != nil {
			return fmt.Errorf("prepare exercise %s: %w", e.ID, err)
		}
		g.graded = append(g.graded, e.ID)
	}
	return nil
}

// copyPristine copies the module at src to dst, without the folders a build
// does not need.
func copyPristine(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			slash := filepath.ToSlash(rel)
			if skipped[slash] || (d.Name() == "testdata" && !strings.HasPrefix(slash, "exercises/")) {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(path, filepath.Join(dst, rel))
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// packageName reads the package clause of the pristine stubs in dir.
func packageName(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if isSource(e.Name()) {
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, e.Name()), nil, parser.PackageClauseOnly)
			if err != nil {
				return "", err
			}
			return f.Name.Name, nil
		}
	}
	return "", errors.New("no Go source files (stubs)")
}

func isSource(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
}

// removeSources deletes the pristine stubs (non-test files) of an exercise
// folder; the learner's files take their place.
func removeSources(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasSuffix(e.Name(), "_test.go") && e.Name() != "README.md" {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// problem is why a learner's exercise cannot be graded, with where.
type problem struct {
	message string
	file    string
	line    int
}

// copySources copies the learner's files of one exercise folder: regular
// files only (no links, no folders), never a test file, within size limits,
// and only Go sources that pass scan.
func copySources(src, dst, exercise string) (*problem, error) {
	entries, err := os.ReadDir(src)
	if errors.Is(err, fs.ErrNotExist) {
		return &problem{message: "exercises/" + exercise + " is missing from the sources graded"}, nil
	}
	if err != nil {
		return nil, err
	}
	copied, gofiles := 0, 0
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasSuffix(name, "_test.go") || name == "README.md" {
			continue
		}
		if copied++; copied > maxSourceFiles {
			return &problem{message: fmt.Sprintf("exercises/%s has more than %d files", exercise, maxSourceFiles)}, nil
		}
		info, err := e.Info()
		if err != nil {
			return nil, err
		}
		rel := "exercises/" + exercise + "/" + name
		if info.Size() > maxSourceFile {
			return &problem{message: fmt.Sprintf("%s is larger than %d bytes", rel, maxSourceFile), file: rel}, nil
		}
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(name, ".go") {
			gofiles++
			if p := scan(rel, data); p != nil {
				return p, nil
			}
		}
		if err := os.WriteFile(filepath.Join(dst, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	if gofiles == 0 {
		return &problem{message: "exercises/" + exercise + " has no Go source files in the sources graded"}, nil
	}
	return nil, nil
}

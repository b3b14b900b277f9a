// Package template exports a student starter repository from a pristine
// tree of the QueueLab kit (see Pristine): everything but the solutions and
// the developers' own files, with a learner's Makefile and README, and a CI
// workflow that grades every push with the pinned grader (and a GitHub
// Classroom variant). Fork makes a full copy of the kit under another
// module path, so that a course's own copy can pin its own grader.
package template

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/queuelab/queuelab/grader/catalogue"
)

var (
	//go:embed files/grade.yml
	gradeWorkflow string
	//go:embed files/classroom.yml
	classroomWorkflow string
	//go:embed files/Makefile
	learnerMakefile string
	//go:embed files/README.md
	learnerReadme string
)

// Options shape the exported repository.
type Options struct {
	// Version is the grader version the workflows pin ("v1.2.0"): a tag of
	// the repository the tree was read from.
	Version string
	// Classroom also writes the GitHub Classroom autograding workflow.
	Classroom bool
}

// Excluded are the paths (slash-separated, relative to the repository root)
// never exported: they hold solved or nearly solved exercises, or are the
// developers' own (their CI, their Makefile and README, which the export
// replaces with the learner's).
var Excluded = []string{
	".git", "solutions", "fixtures/submissions", "fixtures/hostile", "fixtures/mistakes/testdata",
	"results", "bin", ".queuelab", "node_modules", ".github", ".ci",
	"handouts/instructor-guide.md", "handouts/grading-at-scale", "Makefile", "README.md",
}

// Export copies the pristine tree at src (see Pristine: never a working
// tree, whose exercises may be solved) to dst, which must not exist or be
// empty, and adds the learner's Makefile and README and the workflows. The
// workflows pin the module src's go.mod declares, at opts.Version.
func Export(src, dst string, opts Options) error {
	if opts.Version == "" {
		return errors.New("template: a grader version to pin is needed (for example v1.0.0)")
	}
	if entries, err := os.ReadDir(dst); err == nil && len(entries) > 0 {
		return fmt.Errorf("template: %s is not empty", dst)
	}
	src = filepath.Clean(src)
	if inside(dst, src) {
		return fmt.Errorf("template: %s is inside the repository; export somewhere else", dst)
	}
	module, err := modulePath(src)
	if err != nil {
		return fmt.Errorf("template: %w", err)
	}
	cat, err := readCatalogue(src)
	if err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if err := copyTree(src, dst, excluded); err != nil {
		return fmt.Errorf("template: export %s: %w", src, err)
	}
	vars := strings.NewReplacer("{{MODULE}}", module, "{{VERSION}}", opts.Version,
		"{{EXERCISES}}", exercisesTable(cat), "{{OBJECTIVES}}", objectivesList(cat))
	files := map[string]string{
		".github/workflows/grade.yml": gradeWorkflow,
		"Makefile":                    learnerMakefile,
		"README.md":                   learnerReadme,
	}
	if opts.Classroom {
		files[".github/workflows/classroom.yml"] = classroomWorkflow
	}
	for name, content := range files {
		path := filepath.Join(dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("template: %w", err)
		}
		if err := os.WriteFile(path, []byte(vars.Replace(content)), 0o644); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}
	return nil
}

// GradeWorkflow and ClassroomWorkflow are the workflow files, pinning the
// grader of module at version.
func GradeWorkflow(module, version string) string { return fill(gradeWorkflow, module, version) }
func ClassroomWorkflow(module, version string) string {
	return fill(classroomWorkflow, module, version)
}

// LearnerMakefile is the starter repository's Makefile.
func LearnerMakefile(module, version string) string { return fill(learnerMakefile, module, version) }

func fill(content, module, version string) string {
	return strings.NewReplacer("{{MODULE}}", module, "{{VERSION}}", version).Replace(content)
}

// exercisesTable is the learner README's table of exercises, from the
// catalogue, so that an exercise an instructor adds is listed.
func exercisesTable(cat *catalogue.Catalogue) string {
	var b strings.Builder
	b.WriteString("| exercise | you build | objective(s) | checks | points |\n|---|---|---|---|---|\n")
	for _, e := range cat.Exercises {
		var objectives []string
		points := 0
		for _, c := range e.Check {
			points += c.Points
			if !contains(objectives, c.Objective) {
				objectives = append(objectives, c.Objective)
			}
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %d | %d |\n", e.ID, e.Title, strings.Join(objectives, ", "), len(e.Check), points)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func objectivesList(cat *catalogue.Catalogue) string {
	var b strings.Builder
	for _, o := range cat.Objectives {
		fmt.Fprintf(&b, "- **%s** %s\n", o.ID, o.Title)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func readCatalogue(root string) (*catalogue.Catalogue, error) {
	data, err := os.ReadFile(filepath.Join(root, "exercises", "catalogue.yaml"))
	if err != nil {
		return nil, fmt.Errorf("read the catalogue: %w", err)
	}
	return catalogue.Parse(data)
}

// modulePath is the module root's go.mod declares.
func modulePath(root string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("read the module's go.mod: %w", err)
	}
	if path := modfile.ModulePath(data); path != "" {
		return path, nil
	}
	return "", fmt.Errorf("%s declares no module", filepath.Join(root, "go.mod"))
}

func excluded(rel string) bool {
	for _, x := range Excluded {
		if rel == x || strings.HasPrefix(rel, x+"/") {
			return true
		}
	}
	return false
}

// inside reports whether dir is src or a folder under it.
func inside(dir, src string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	srcAbs, err := filepath.Abs(src)
	if err != nil {
		return false
	}
	return strings.HasPrefix(abs+string(filepath.Separator), srcAbs+string(filepath.Separator))
}

// copyTree copies the regular files of src to dst, but for the paths skip
// names (slash-separated, relative to src). Links and devices are not part
// of a repository and are left out.
func copyTree(src, dst string, skip func(rel string) bool) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if rel == "." {
			return os.MkdirAll(dst, 0o755)
		}
		if skip(filepath.ToSlash(rel)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			return copyFile(path, target)
		}
		return nil
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	// The module cache's copy is read-only: the export is the user's to edit.
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, info.Mode().Perm()|0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Package template exports a student starter repository from the QueueLab
// repository: everything but the solutions (and the sample submissions,
// which hold solved exercises), with a CI workflow that grades every push
// with the pinned grader, and a GitHub Classroom variant.
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
)

var (
	//go:embed files/grade.yml
	gradeWorkflow string
	//go:embed files/classroom.yml
	classroomWorkflow string
)

// Options shape the exported repository.
type Options struct {
	// Version is the grader version the workflows pin ("v1.2.0").
	Version string
	// Classroom also writes the GitHub Classroom autograding workflow.
	Classroom bool
}

// Excluded are the paths (slash-separated, relative to the repository root)
// never exported: they hold solved exercises or the project's own CI.
var Excluded = []string{
	".git", "solutions", "fixtures/submissions", "results", "bin", ".queuelab",
	"node_modules", ".github", ".ci",
}

// Export copies the repository at src to dst (which must not exist or be
// empty) and adds the workflows.
func Export(src, dst string, opts Options) error {
	if opts.Version == "" {
		return errors.New("template: a grader version to pin is needed (for example v1.0.0)")
	}
	if entries, err := os.ReadDir(dst); err == nil && len(entries) > 0 {
		return fmt.Errorf("template: %s is not empty", dst)
	}
	src = filepath.Clean(src)
	if abs, err := filepath.Abs(dst); err == nil {
		if srcAbs, err := filepath.Abs(src); err == nil && strings.HasPrefix(abs+string(filepath.Separator), srcAbs+string(filepath.Separator)) {
			return fmt.Errorf("template: %s is inside the repository; export somewhere else", dst)
		}
	}
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
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
		if excluded(filepath.ToSlash(rel)) {
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
		return nil // links and devices are not part of a starter repository
	})
	if err != nil {
		return fmt.Errorf("template: export %s: %w", src, err)
	}
	files := map[string]string{".github/workflows/grade.yml": gradeWorkflow}
	if opts.Classroom {
		files[".github/workflows/classroom.yml"] = classroomWorkflow
	}
	for name, content := range files {
		path := filepath.Join(dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("template: %w", err)
		}
		if err := os.WriteFile(path, []byte(Workflow(content, opts.Version)), 0o644); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}
	return nil
}

// Workflow fills the grader version into a workflow file.
func Workflow(content, version string) string {
	return strings.ReplaceAll(content, "{{VERSION}}", version)
}

// GradeWorkflow and ClassroomWorkflow are the workflow files, pinned to version.
func GradeWorkflow(version string) string     { return Workflow(gradeWorkflow, version) }
func ClassroomWorkflow(version string) string { return Workflow(classroomWorkflow, version) }

func excluded(rel string) bool {
	for _, x := range Excluded {
		if rel == x || strings.HasPrefix(rel, x+"/") {
			return true
		}
	}
	return false
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
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, info.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

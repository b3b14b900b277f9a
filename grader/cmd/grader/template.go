package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/grader/runner"
	"github.com/queuelab/queuelab/grader/template"
)

func newTemplateCmd() *cobra.Command {
	var opts template.Options
	var ref string
	cmd := &cobra.Command{
		Use:   "template DIR",
		Short: "Export a student starter repository (no solutions) with a grading workflow",
		Long: `Export the QueueLab kit to DIR as a student starter repository: the exercises
as committed (never the working tree: solved exercises and an edited
learner.yaml stay out), without solutions/ and the developers' files, with a
learner's Makefile (check, hint, watch, serve, lesson) and README, and
.github/workflows/grade.yml, which grades every push with the grader pinned to
--version (JUnit report and step summary); with --classroom a GitHub
Classroom autograding workflow as well.

The tree exported is the commit --ref (default HEAD) of the git checkout the
grader was built from, or, run as go run MODULE/grader/cmd/grader@VERSION, that
version's copy in the module cache. The workflows pin the module the tree's
go.mod declares: in a fork made with "grader fork", the fork's own.`,
		Example: `  grader template ../queuelab-starter --version v1.0.0
  grader template ../queuelab-starter --version v1.0.0 --ref v1.0.0
  grader template ../queuelab-classroom --version v1.0.0 --classroom`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Version == "" {
				return exitError{code: 2, err: fmt.Errorf("--version is needed: the tag of this repository that the workflows pin (for example v1.0.0)")}
			}
			tree, err := pristineTree(cmd, ref)
			if err != nil {
				return err
			}
			defer tree.Close()
			if err := template.Export(tree.Dir, args[0], opts); err != nil {
				return exitError{code: 2, err: err}
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Exported a starter repository to %s from %s (grader pinned at %s).\n", args[0], tree.From, opts.Version)
			writeLeftOut(out, tree.LeftOut)
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Version, "version", builtVersion(), "the grader version (tag) the workflows pin")
	cmd.Flags().BoolVar(&opts.Classroom, "classroom", false, "also write the GitHub Classroom autograding workflow")
	cmd.Flags().StringVar(&ref, "ref", "", "the commit or tag of the git checkout to export (default HEAD)")
	return cmd
}

func newForkCmd() *cobra.Command {
	var modulePath, ref string
	cmd := &cobra.Command{
		Use:   "fork DIR --module PATH",
		Short: "Copy the kit, solutions included, under a course's own module path",
		Long: `Write a full copy of the QueueLab kit as committed (solutions included) to DIR
with its module path changed to --module everywhere: go.mod (module, require,
replace), solutions/go.mod, every import and string literal in the Go
sources, the workflows and the docs. Commit it to that repository, adapt it,
tag it (git tag v1.0.0) and push; then, in the fork,
"grader template DIR --version v1.0.0" exports a starter repository whose
workflow runs PATH/grader/cmd/grader@v1.0.0: the course's own grader and checks.`,
		Example: `  grader fork ../school-queuelab --module github.com/school/queuelab`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if modulePath == "" {
				return exitError{code: 2, err: fmt.Errorf("--module is needed: the fork's module path (for example github.com/school/queuelab)")}
			}
			tree, err := pristineTree(cmd, ref)
			if err != nil {
				return err
			}
			defer tree.Close()
			res, err := template.Fork(tree.Dir, args[0], modulePath)
			if err != nil {
				return exitError{code: 2, err: err}
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Forked %s to %s as module %s: %d go.mod, %d Go and %d other files rewritten.\n",
				tree.From, args[0], res.To, res.GoMod, res.GoFiles, res.Other)
			writeLeftOut(out, tree.LeftOut)
			fmt.Fprintf(out, "Next: commit it to %s, tag it (git tag v1.0.0), push, then run grader template from the fork.\n", res.To)
			return nil
		},
	}
	cmd.Flags().StringVar(&modulePath, "module", "", "the fork's module path (its repository, for example github.com/school/queuelab)")
	cmd.Flags().StringVar(&ref, "ref", "", "the commit or tag of the git checkout to fork (default HEAD)")
	return cmd
}

// pristineTree is the committed tree of the grader's own module.
func pristineTree(cmd *cobra.Command, ref string) (*template.Tree, error) {
	root, err := runner.PristineRoot()
	if err != nil {
		return nil, exitError{code: 2, err: err}
	}
	tree, err := template.Pristine(cmd.Context(), root, ref)
	if err != nil {
		return nil, exitError{code: 2, err: err}
	}
	return tree, nil
}

// writeLeftOut names the working tree's uncommitted changes, which an
// export never carries, so that nobody wonders where their edits went.
func writeLeftOut(w io.Writer, files []string) {
	if len(files) == 0 {
		return
	}
	const most = 8
	shown := files
	if len(shown) > most {
		shown = shown[:most]
	}
	more := ""
	if len(files) > most {
		more = fmt.Sprintf(", and %d more", len(files)-most)
	}
	fmt.Fprintf(w, "Left out: %d uncommitted change(s) of the working tree: %s%s (commit them to export them).\n",
		len(files), strings.Join(shown, ", "), more)
}

// builtVersion is the grader's module version when it was built at one.
func builtVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return ""
}

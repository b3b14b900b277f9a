package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/grader/runner"
	"github.com/queuelab/queuelab/grader/template"
)

func newTemplateCmd() *cobra.Command {
	var opts template.Options
	cmd := &cobra.Command{
		Use:   "template DIR",
		Short: "Export a student starter repository (no solutions) with a grading workflow",
		Long: `Export the QueueLab repository to DIR as a student starter repository:
everything but solutions/ and the sample submissions, with
.github/workflows/grade.yml, which grades every push with the grader pinned
to --version (JUnit report and step summary), and with --classroom a GitHub
Classroom autograding workflow as well.`,
		Example: `  grader template ../queuelab-starter --version v1.0.0
  grader template ../queuelab-classroom --version v1.0.0 --classroom`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root, err := runner.PristineRoot()
			if err != nil {
				return exitError{code: 2, err: err}
			}
			if opts.Version == "" {
				return exitError{code: 2, err: fmt.Errorf("--version is needed: the tag of this repository that the workflows pin (for example v1.0.0)")}
			}
			if err := template.Export(root, args[0], opts); err != nil {
				return exitError{code: 2, err: err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Exported a starter repository to %s (grader pinned at %s).\n", args[0], opts.Version)
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Version, "version", builtVersion(), "the grader version (tag) the workflows pin")
	cmd.Flags().BoolVar(&opts.Classroom, "classroom", false, "also write the GitHub Classroom autograding workflow")
	return cmd
}

// builtVersion is the grader's module version when it was built at one.
func builtVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return ""
}

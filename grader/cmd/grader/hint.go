package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/grader/report"
)

func newHintCmd() *cobra.Command {
	var f checkFlags
	var l lessonFlags
	var all bool
	cmd := &cobra.Command{
		Use:   "hint [EXERCISE]",
		Short: "Show the hint of the next unmet check, then the next",
		Long: `Run the checks of one exercise (without EXERCISE, of every exercise, in
order) and show the hint of the first check that does not pass yet, and the
one after it (--all: every unmet check).`,
		Example: `  grader hint
  grader hint 02
  grader hint 05_sns_fanout --all
  grader hint lesson`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return fmt.Errorf("hint takes one exercise, such as `%s hint 02`, or none for the next unmet check of all", selfCommand())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := f.gradeWhat(cmd, &l, args)
			if err != nil {
				return err
			}
			writeHints(cmd.OutOrStdout(), r, all, selfCommand())
			return nil
		},
	}
	f.register(cmd)
	l.register(cmd)
	cmd.Flags().BoolVar(&all, "all", false, "show the hint of every unmet check")
	for _, name := range []string{"format", "out"} {
		_ = cmd.Flags().MarkHidden(name)
	}
	return cmd
}

// writeHints writes what to do next in the exercises graded: fixing a
// compile error comes first, as no check of that exercise ran; then the
// hint and why of the first unmet check in lesson order, and of the one
// after it (all with all). command runs the grader here, for the commands
// it suggests.
func writeHints(w io.Writer, r *report.Report, all bool, command string) {
	if nc := r.NotCompiled(); len(nc) > 0 {
		for _, c := range nc {
			fmt.Fprintf(w, "Next: %s\n", c.Advice())
		}
		fmt.Fprintf(w, "(then %s hint %s again: none of its checks ran)\n", command, exerciseArg(nc[0].Exercise))
		return
	}
	var unmet []report.CheckResult
	for _, c := range r.InLessonOrder() {
		if c.Unmet() {
			unmet = append(unmet, c)
		}
	}
	if len(unmet) == 0 {
		fmt.Fprintf(w, "Every check of this exercise passes: on to the next one (%s list).\n", command)
		return
	}
	shown := unmet
	if !all && len(shown) > 2 {
		shown = shown[:2]
	}
	for i, c := range shown {
		label := "Next"
		if i > 0 {
			label = "Then"
		}
		fmt.Fprintf(w, "%s: %s/%s\n", label, c.Exercise, c.Name)
		if c.Hint != "" {
			fmt.Fprintf(w, "  hint: %s\n", c.Hint)
		}
		if why := c.Why(); why != "" {
			fmt.Fprintf(w, "  why:  %s\n", why)
		}
		for _, line := range c.Comparison() {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
	if rest := len(unmet) - len(shown); rest > 0 {
		fmt.Fprintf(w, "(%d more unmet: %s hint %s --all)\n", rest, command, exerciseArg(shown[0].Exercise))
	}
}

// exerciseArg is how a command names an exercise: its number ("02" for
// 02_sqs_send).
func exerciseArg(id string) string {
	if n, _, ok := strings.Cut(id, "_"); ok && n != "" && strings.Trim(n, "0123456789") == "" {
		return n
	}
	return id
}

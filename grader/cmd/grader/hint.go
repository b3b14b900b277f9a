package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/grader/report"
)

func newHintCmd() *cobra.Command {
	var f checkFlags
	var all bool
	cmd := &cobra.Command{
		Use:   "hint EXERCISE",
		Short: "Show the hint of the exercise's next unmet check, then the next",
		Long: `Run the checks of one exercise and show the hint of the first check that does
not pass yet, and the one after it (--all: every unmet check).`,
		Example: `  grader hint 02
  grader hint 05_sns_fanout --all`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := f.grade(cmd, args)
			if err != nil {
				return err
			}
			writeHints(cmd.OutOrStdout(), r, all)
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&all, "all", false, "show the hint of every unmet check")
	for _, name := range []string{"format", "out"} {
		_ = cmd.Flags().MarkHidden(name)
	}
	return cmd
}

func writeHints(w io.Writer, r *report.Report, all bool) {
	var unmet []report.CheckResult
	for _, c := range r.Checks() {
		if c.Status != report.StatusPass && c.Status != report.StatusSkip {
			unmet = append(unmet, c)
		}
	}
	if len(unmet) == 0 {
		fmt.Fprintln(w, "Every check of this exercise passes: on to the next one (grader list).")
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
		fmt.Fprintf(w, "%s: %s/%s\n  hint: %s\n", label, c.Exercise, c.Name, c.Hint)
		if why := c.Why(); why != "" {
			fmt.Fprintf(w, "  why:  %s\n", why)
		}
	}
	if rest := len(unmet) - len(shown); rest > 0 {
		fmt.Fprintf(w, "(%d more unmet: grader hint --all)\n", rest)
	}
}

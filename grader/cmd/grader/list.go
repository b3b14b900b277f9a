package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/catalogue"
)

func newListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the objectives, exercises and checks, with their points",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writeList(cmd.OutOrStdout(), exercises.Catalogue())
		},
	}
}

func writeList(w io.Writer, cat *catalogue.Catalogue) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Objectives")
	for _, o := range cat.Objectives {
		fmt.Fprintf(tw, "  %s\t%s\t%d points\n", o.ID, o.Title, cat.ObjectiveMaxScore(o.ID))
	}
	fmt.Fprintf(tw, "  \ttotal\t%d points\n", cat.MaxScore())
	for _, e := range cat.Exercises {
		fmt.Fprintf(tw, "\n%s\t%s\n", e.ID, e.Title)
		if len(e.Check) == 0 {
			fmt.Fprintln(tw, "  (no checks yet)")
		}
		for _, c := range e.Check {
			fmt.Fprintf(tw, "  %s\t%s\t%d\n", c.Name, c.Objective, c.Points)
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("list: %w", err)
	}
	return nil
}

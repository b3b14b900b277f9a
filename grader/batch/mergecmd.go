package batch

import (
	"fmt"

	"github.com/spf13/cobra"
)

// NewMergeCommand returns the `merge` command: grader merge DIR... --out DIR.
func NewMergeCommand() *cobra.Command {
	var opts MergeOptions
	cmd := &cobra.Command{
		Use:   "merge SHARD_DIR... --out DIR",
		Short: "Merge a class graded in shards (grader batch --shard I/N) into one gradebook and class report",
		Long: `Merge the journals of a class graded in shards, each by
"grader batch SUBMISSIONS --shard I/N --out SHARD_DIR" (on several machines,
CI jobs or pods), and write to DIR what one batch over the whole class
writes: grades.csv, results.json, feedback/, report.html and junit.xml.

Each SHARD_DIR is a shard's --out folder, or only its journal/ folder (the
part that needs to travel). The merge refuses journals written by another
grader or checks, shards given twice or of different splits, a missing
shard, and a shard whose batch did not finish (rerun it with --resume).

With --roster, as with "grader batch --roster", DIR lists one row per roster
student in roster order, those with a submission in no shard as missing,
and flags the submissions the roster does not list. Grade the shards with
the same --roster, so that each student's feedback names them as one batch
over the whole class would.`,
		Example: `  grader batch submissions/ --shard 0/3 --out shards/0    # on three machines,
  grader batch submissions/ --shard 1/3 --out shards/1    # or CI jobs, or pods
  grader batch submissions/ --shard 2/3 --out shards/2
  grader merge shards/0 shards/1 shards/2 --out results/
  grader merge shards/* --out results/ --roster classroom_roster.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Journals = args
			sum, err := Merge(opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Merged %d shards.\n", len(args))
			sum.Write(cmd.OutOrStdout())
			return nil
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "folder for the outputs (required)")
	cmd.Flags().StringVar(&opts.Roster, "roster", "", "CSV of the class, as for grader batch: one row per roster student, in its order, the missing ones too")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

package main

import (
	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/grader/batch"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "grader",
		Short: "QueueLab's grader: run the checks of the Message Queues with AWS exercises",
		Long: `QueueLab's grader runs the checks of the exercises and reports, per learning
objective of the lesson "Message Queues with AWS", what passes and what to do next.

Learners run "grader check" (make check). Instructors run "grader batch" on a
folder of submissions (make grade). "grader serve" runs the embedded SQS/SNS
emulator for the lesson's AWS CLI and boto3 steps.

Exit status: 0 every selected check passed, 1 a check did not, 2 the grader
could not run (with a one-line reason).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(
		newCheckCmd(),
		newListCmd(),
		newHintCmd(),
		newWatchCmd(),
		newTemplateCmd(),
		newForkCmd(),
		newServeCmd(),
		batch.NewCommand(),
		batch.NewMergeCommand(),
	)
	return root
}

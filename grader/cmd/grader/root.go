package main

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/grader/backend"
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
		batch.NewCommand(batch.WithBackend(backend.LocalStack, startSharedLocalStack)),
		batch.NewMergeCommand(),
	)
	return root
}

// startSharedLocalStack starts one LocalStack container for a whole batch.
func startSharedLocalStack(ctx context.Context, _ string) (string, func(), error) {
	b, err := backend.New(backend.Config{Name: backend.LocalStack})
	if err != nil {
		return "", nil, err
	}
	target, err := b.Start(ctx)
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = b.Stop(ctx)
	}
	if err != nil {
		stop()
		return "", nil, err
	}
	return target.URL, stop, nil
}

package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/grader/emulator/server"
)

func newServeCmd() *cobra.Command {
	var cfg server.Config
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the embedded SQS/SNS emulator on a port, for the AWS CLI and boto3",
		Long: `Serve the embedded SQS/SNS emulator until Ctrl-C, for the lesson's AWS CLI and
boto3 steps: point them at it with --endpoint-url http://127.0.0.1:4566.`,
		Example: `  grader serve
  aws --endpoint-url http://127.0.0.1:4566 sqs list-queues`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			cfg.Out = cmd.OutOrStdout()
			if err := server.Run(ctx, cfg); err != nil {
				return exitError{code: 2, err: err}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&cfg.Host, "host", server.DefaultHost, "address to listen on (0.0.0.0 to reach it from containers)")
	cmd.Flags().IntVar(&cfg.Port, "port", server.DefaultPort, "port to listen on")
	return cmd
}

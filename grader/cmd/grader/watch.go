package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/grader/watch"
)

func newWatchCmd() *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Re-run an exercise's checks each time you save one of its files",
		Long: `Watch the exercise folders and, when a file changes, re-run the checks of that
exercise and print its report. Ctrl-C stops. On WSL keep the repository in the
Linux file system (not /mnt/c), where file changes are reported.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := f.checkLearner(cmd, nil); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Watching %s/exercises: save a file to re-run its checks (Ctrl-C stops).\n", f.sources)
			err := watch.Run(ctx, watch.Config{
				Root: f.sources,
				Changed: func(ctx context.Context, ids []string) {
					fmt.Fprintf(out, "\n── %s changed ──\n", strings.Join(ids, ", "))
					r, err := f.grade(cmd, ids)
					if err != nil {
						fmt.Fprintln(cmd.ErrOrStderr(), "grader: "+err.Error())
						return
					}
					outs, _ := parseOutputs(nil, "")
					_ = outs[0].write(out, r, textOptions{colour: colourWanted(out), width: terminalWidth(), command: selfCommand()})
				},
			})
			if err != nil {
				return exitError{code: 2, err: err}
			}
			return nil
		},
	}
	f.register(cmd)
	for _, name := range []string{"format", "out"} {
		_ = cmd.Flags().MarkHidden(name)
	}
	return cmd
}

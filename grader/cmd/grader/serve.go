package main

import (
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/grader/emulator"
	"github.com/queuelab/queuelab/grader/emulator/egress"
	"github.com/queuelab/queuelab/grader/emulator/faults"
	"github.com/queuelab/queuelab/grader/emulator/server"
)

func newServeCmd() *cobra.Command {
	var cfg server.Config
	var allow deliveryTargets
	var faultFile faultsFlag
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the embedded SQS/SNS emulator on a port, for the AWS CLI and boto3",
		Long: `Serve the embedded SQS/SNS emulator until Ctrl-C, for the lesson's AWS CLI and
boto3 steps: point them at it with --endpoint-url http://127.0.0.1:4566.

SNS HTTP/HTTPS subscriptions are delivered to loopback addresses only, so that
a server reachable from other machines (--host 0.0.0.0) cannot be made to send
requests into its network; --allow-deliveries-to widens that.

--state DIR keeps every account's queues and messages (with their receive
counts and visibility), tags and policies in DIR across restarts, so that the
lesson can span days; a killed server loses nothing it acknowledged. A folder
in use by another server, corrupt, or written by a newer version is refused
(exit status 2) and left as it is. POST /_queuelab/reset (?account=ID for one
account) empties the state.

A web console modelled on the AWS SQS and SNS consoles, for the lesson's console
steps, is at http://127.0.0.1:4566/console/ (--no-console turns it off).

--faults FILE makes a seeded share of calls fail with a named AWS error
(ThrottlingException, InternalError, ServiceUnavailable, ...) or wait first,
per service, operation, queue or topic, and account, to show what retries,
visibility timeouts and dead-letter queues are for. The same seed gives the
same faults for the same calls in the same order. The rules can be listed,
added and removed while it runs at /_queuelab/faults (GET, POST, DELETE).
A fault file (YAML or JSON):

` + indent(faults.Example, "  "),
		Example: `  grader serve
  aws --endpoint-url http://127.0.0.1:4566 sqs list-queues
  grader serve --host 0.0.0.0 --allow-deliveries-to 172.17.0.0/16 --allow-deliveries-to hooks.example.com
  grader serve --faults faults.yaml
  grader serve --state .queuelab`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			cfg.Out = cmd.OutOrStdout()
			cfg.Options = append(cfg.Options,
				emulator.WithLogger(slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))),
				emulator.WithAllowedDeliveryTargets(allow...))
			if faultFile.path != "" {
				cfg.Options = append(cfg.Options, emulator.WithFaults(faultFile.cfg))
				out, ready := cmd.OutOrStdout(), cfg.Ready
				cfg.Ready = func(endpoint string) {
					fmt.Fprintf(out, "  Faults: %d rules from %s (seed %d); list and change them at %s%s\n",
						len(faultFile.cfg.Rules), faultFile.path, faultFile.cfg.Seed, endpoint, faults.Path)
					if ready != nil {
						ready(endpoint)
					}
				}
			}
			if err := server.Run(ctx, cfg); err != nil {
				return exitError{code: 2, err: err}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&cfg.Host, "host", server.DefaultHost, "address to listen on (0.0.0.0 to reach it from containers)")
	cmd.Flags().IntVar(&cfg.Port, "port", server.DefaultPort, "port to listen on")
	cmd.Flags().BoolVar(&cfg.NoConsole, "no-console", false, "do not serve the web console under /console/")
	cmd.Flags().StringVar(&cfg.StateDir, "state", "", "a folder where queues, messages, topics and subscriptions are kept across restarts (default: memory only)")
	cmd.Flags().Var(&allow, "allow-deliveries-to",
		"a host name, address or CIDR network that SNS HTTP/HTTPS subscriptions may deliver to besides loopback (repeatable)")
	cmd.Flags().Var(&faultFile, "faults", "a fault file (YAML or JSON): rules that make a seeded share of calls fail or wait")
	return cmd
}

// faultsFlag is the --faults flag: the file is read and checked as the flag
// is parsed, so a bad one stops the command (exit 2) with the line to fix.
type faultsFlag struct {
	path string
	cfg  faults.Config
}

func (f *faultsFlag) Set(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	cfg, err := faults.Parse(data, emulator.FaultValidator())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	f.path, f.cfg = path, cfg
	return nil
}

func (f *faultsFlag) String() string { return f.path }

func (f *faultsFlag) Type() string { return "FILE" }

// indent puts prefix before every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// deliveryTargets is the --allow-deliveries-to flag: each use adds one
// target, checked as it is parsed, so a bad one stops the command (exit 2).
type deliveryTargets []egress.Target

func (d *deliveryTargets) Set(s string) error {
	t, err := egress.ParseTarget(s)
	if err != nil {
		return err
	}
	*d = append(*d, t)
	return nil
}

func (d *deliveryTargets) String() string {
	s := make([]string, len(*d))
	for i, t := range *d {
		s[i] = t.String()
	}
	return strings.Join(s, ",")
}

func (d *deliveryTargets) Type() string { return "HOST|CIDR" }

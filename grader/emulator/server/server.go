// Package server runs the embedded emulator as a real HTTP server on a TCP
// port, for the AWS CLI, boto3 and any other client that needs an endpoint
// URL: what `grader serve` runs.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/console"
	"github.com/queuelab/queuelab/grader/emulator"
	"github.com/queuelab/queuelab/grader/emulator/store"
)

// Defaults for Config fields left empty.
const (
	DefaultHost = "127.0.0.1"
	DefaultPort = 4566
)

// shutdownGrace bounds how long Run waits for requests in flight when ctx is
// cancelled before it drops their connections.
const shutdownGrace = 5 * time.Second

// Config says where and how to serve.
type Config struct {
	// Host to listen on. Default 127.0.0.1 (loopback only).
	Host string
	// Port to listen on. Default 4566, LocalStack's port; a negative Port
	// picks a free one (for tests; Ready and the banner show which).
	Port int
	// Out receives the banner: the endpoint and a ready-to-paste AWS CLI
	// example. Nil means io.Discard.
	Out io.Writer
	// Options configure the emulator (clock, region, logger, ...).
	Options []emulator.Option
	// Ready, if set, is called with the endpoint URL once the server accepts
	// connections.
	Ready func(endpoint string)
	// NoConsole turns off the web console that is otherwise served under
	// /console/ (grader serve --no-console).
	NoConsole bool
	// StateDir, if set, is the folder where the emulator keeps its state
	// across restarts (grader serve --state; see store.Open). A folder
	// that is in use by another server, corrupt, or from a newer version
	// stops Run with an error before it listens. Default: memory only.
	StateDir string
}

// Run serves a new emulator until ctx is cancelled, then stops accepting
// connections, lets requests in flight finish (up to a few seconds), stops
// the emulator's background work and returns nil. It returns an error when
// it cannot listen (for example, the port is taken).
func Run(ctx context.Context, cfg Config) error {
	host := cfg.Host
	if host == "" {
		host = DefaultHost
	}
	port := cfg.Port
	switch {
	case port == 0:
		port = DefaultPort
	case port < 0:
		port = 0
	}
	out := cfg.Out
	if out == nil {
		out = io.Discard
	}
	opts := cfg.Options
	if cfg.StateDir != "" {
		st, err := store.Open(cfg.StateDir)
		if err != nil {
			return err
		}
		// Closed after the emulator, once nothing writes to it. A last
		// checkpoint that fails leaves its records in the journal, for the
		// next start: say so, nothing is lost.
		defer func() {
			if err := st.Close(); err != nil {
				fmt.Fprintf(out, "state folder %s: %v (the journal keeps the changes; the next start writes them)\n", cfg.StateDir, err)
			}
		}()
		opts = append(append([]emulator.Option(nil), opts...), emulator.WithStore(st))
	}
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another emulator or LocalStack running? choose another port with --port)", addr, err)
	}
	endpoint := "http://" + displayAddr(host, ln.Addr())

	emu := emulator.New(opts...)
	srv := HTTPServer(ctx, Handler(emu, endpoint, !cfg.NoConsole))
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	writeBanner(out, endpoint, !cfg.NoConsole)
	if cfg.StateDir != "" {
		fmt.Fprintf(out, "  State: kept in %s across restarts (empty it with POST %s%s)\n", cfg.StateDir, endpoint, emulator.ResetPath)
	}
	if cfg.Ready != nil {
		cfg.Ready(endpoint)
	}

	select {
	case err := <-serveErr:
		emu.Close()
		return fmt.Errorf("serve on %s: %w", endpoint, err)
	case <-ctx.Done():
	}
	// Stop accepting and wait for requests in flight; closing the emulator
	// at the same time ends long polls at once instead of after 20 s.
	shutCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	shutErr := make(chan error, 1)
	go func() { shutErr <- srv.Shutdown(shutCtx) }()
	emu.Close()
	if err := <-shutErr; err != nil {
		_ = srv.Close()
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve on %s: %w", endpoint, err)
	}
	fmt.Fprintln(out, "QueueLab emulator stopped.")
	return nil
}

// HTTPServer is the http.Server that Run serves h with: requests get
// contexts that outlive ctx's cancellation (Run stops them itself, with a
// grace period), and slow headers are cut off. The emulator's benchmarks
// serve their baseline handler with it too, so that both run alike.
func HTTPServer(ctx context.Context, h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
}

// Handler is what Run serves: the emulator, and with withConsole the web
// console under /console/, acting on the emulator as a client at endpoint.
func Handler(emu *emulator.Emulator, endpoint string, withConsole bool) http.Handler {
	if !withConsole {
		return emu
	}
	c := console.New(emu, console.Config{Endpoint: endpoint})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/console":
			http.Redirect(w, r, console.Prefix, http.StatusFound)
		case strings.HasPrefix(r.URL.Path, console.Prefix):
			c.ServeHTTP(w, r)
		default:
			emu.ServeHTTP(w, r)
		}
	})
}

// displayAddr is the address clients should use: a wildcard host becomes
// 127.0.0.1, and the port is the one actually bound.
func displayAddr(host string, bound net.Addr) string {
	port := "0"
	if tcp, ok := bound.(*net.TCPAddr); ok {
		port = strconv.Itoa(tcp.Port)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

func writeBanner(out io.Writer, endpoint string, withConsole bool) {
	fmt.Fprintf(out, `QueueLab emulator: SQS and SNS on %[1]s (stop with Ctrl-C)

  Try it (any credentials work; a 12-digit AWS_ACCESS_KEY_ID is the account id):
    aws --endpoint-url %[1]s sqs create-queue --queue-name coffee-sales-queue
    aws --endpoint-url %[1]s sns create-topic --name coffee-sales-notifications

  boto3:  boto3.client("sqs", endpoint_url="%[1]s", region_name="us-east-1")
  Go:     set AWS_ENDPOINT_URL=%[1]s (or QUEUELAB_ENDPOINT for the checks)
  Health: %[1]s/_localstack/health
`, endpoint)
	if withConsole {
		fmt.Fprintf(out, "  Console: %s/console/ (the lesson's SQS and SNS console steps, in a browser)\n", endpoint)
	}
}

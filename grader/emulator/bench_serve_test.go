package emulator_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/queuelab/queuelab/grader/emulator"
	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
	"github.com/queuelab/queuelab/grader/emulator/server"
	"github.com/queuelab/queuelab/grader/emulator/store"
)

// The server's CPU per request, measured where a server spends it: in a
// process of its own behind a real HTTP server on loopback, driven by
// aws-sdk-go-v2 from this one. The server process is this test binary run
// again with serveEnv set (TestMain); it serves the emulator or the baseline
// with the same http.Server settings as `grader serve` and, asked on its
// standard input, answers with the CPU time it has used. The client's work,
// the SDK's signing and parsing, is then left out of the figure, and so is
// everything the benchmark itself does.

// serveEnv names the handler a server process serves: "baseline",
// "emulator", or "emulator-state" (the emulator writing its state through
// to a store, as grader serve --state does, in the folder stateEnv names or
// a temporary one).
const serveEnv = "QUEUELAB_BENCH_SERVE"

// stateEnv names the state folder of an emulator-state server process.
const stateEnv = "QUEUELAB_BENCH_STATE"

// profileEnv, if set, is where a server process writes a CPU profile of
// its whole life, for `go tool pprof`: the benchmark's own profile
// (-cpuprofile) is the client's.
const profileEnv = "QUEUELAB_BENCH_SERVER_CPUPROFILE"

func TestMain(m *testing.M) {
	if kind := os.Getenv(serveEnv); kind != "" {
		if err := serveForBenchmark(kind, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "bench server:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serveForBenchmark serves kind on a free loopback port, writes the
// endpoint to out, then answers each line read from in with the process's
// CPU time and its user-space part, in nanoseconds, until in is closed.
func serveForBenchmark(kind string, in io.Reader, out io.Writer) error {
	if path := os.Getenv(profileEnv); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var h http.Handler
	switch kind {
	case "baseline":
		h = newBaseline("")
	case "emulator":
		e := emulator.New()
		defer e.Close()
		h = e
	case "emulator-state":
		dir := os.Getenv(stateEnv)
		if dir == "" {
			tmp, err := os.MkdirTemp("", "queuelab-bench-state-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			dir = tmp
		}
		st, err := store.Open(dir)
		if err != nil {
			return err
		}
		defer st.Close()
		e := emulator.New(emulator.WithStore(st))
		defer e.Close()
		h = e
	default:
		return fmt.Errorf("unknown handler %q: want baseline, emulator or emulator-state", kind)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := server.HTTPServer(context.Background(), h)
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	if _, err := fmt.Fprintf(out, "http://%s\n", ln.Addr()); err != nil {
		return err
	}
	lines := bufio.NewScanner(in)
	for lines.Scan() {
		cpu, ok := processCPU()
		if !ok {
			return fmt.Errorf("cannot read the process's CPU time here")
		}
		if _, err := fmt.Fprintln(out, int64(cpu.total), int64(cpu.user)); err != nil {
			return err
		}
	}
	return lines.Err()
}

// serverProcess is a running server process and a way to read its CPU time.
type serverProcess struct {
	URL   string
	stdin io.WriteCloser
	out   *bufio.Reader
	cmd   *exec.Cmd
}

// startServerProcess starts a server process serving kind, with env added
// to its environment, stopped when b ends.
func startServerProcess(tb testing.TB, kind string, env ...string) *serverProcess {
	tb.Helper()
	if _, ok := processCPU(); !ok {
		tb.Skip("the process's CPU time cannot be read on this platform")
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(os.Environ(), serveEnv+"="+kind), env...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start the %s server process: %v", kind, err)
	}
	tb.Cleanup(func() {
		_ = stdin.Close() // the process exits when its input ends
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	p := &serverProcess{stdin: stdin, out: bufio.NewReader(stdout), cmd: cmd}
	url, err := p.out.ReadString('\n')
	if err != nil {
		tb.Fatalf("read the %s server's endpoint: %v", kind, err)
	}
	p.URL = strings.TrimSpace(url)
	return p
}

// CPU asks the server process for the CPU time it has used so far.
func (p *serverProcess) CPU(tb testing.TB) cpuTimes {
	tb.Helper()
	if _, err := io.WriteString(p.stdin, "cpu\n"); err != nil {
		tb.Fatalf("ask the server process for its CPU time: %v", err)
	}
	line, err := p.out.ReadString('\n')
	if err != nil {
		tb.Fatalf("read the server process's CPU time: %v", err)
	}
	var total, user int64
	if _, err := fmt.Sscan(line, &total, &user); err != nil {
		tb.Fatalf("read the server process's CPU time: %q: %v", line, err)
	}
	return cpuTimes{time.Duration(total), time.Duration(user)}
}

// warmRounds are run before the measurement: they open the connection and
// warm the server's goroutines and buffers.
const warmRounds = 50

// serverCPUBench runs b.N rounds of one client operation against a server
// process of each kind and reports the server's CPU per round as
// server-cpu-ns/op, and the part of it spent in user space as
// server-user-ns/op. stock, if set, prepares the emulator's queue for a
// number of rounds (the baseline's replies are fixed). The emulator runs
// twice: in memory, and writing its state through to a store in a
// temporary folder (emulator-state, as grader serve --state).
func serverCPUBench(b *testing.B, stock func(b *testing.B, client *sqs.Client, url string, rounds int), round func(b *testing.B, client *sqs.Client, url string)) {
	for _, kind := range []string{"baseline", "emulator", "emulator-state"} {
		b.Run(kind, func(b *testing.B) {
			p := startServerProcess(b, kind)
			client := sqs.NewFromConfig(emulatortest.ClientConfig(p.URL, &http.Client{}, emulatortest.Account))
			url := p.URL + "/" + emulatortest.Account + "/bench"
			if kind != "baseline" {
				_, err := client.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String("bench"),
					Attributes: map[string]string{"VisibilityTimeout": "43200"}})
				if err != nil {
					b.Fatal(err)
				}
				if stock != nil {
					stock(b, client, url, warmRounds+b.N)
				}
			}
			for range warmRounds {
				round(b, client, url)
			}
			cpu0 := p.CPU(b)
			b.ResetTimer()
			for range b.N {
				round(b, client, url)
			}
			b.StopTimer()
			cpu1 := p.CPU(b)
			b.ReportMetric(float64(cpu1.total-cpu0.total)/float64(b.N), "server-cpu-ns/op")
			b.ReportMetric(float64(cpu1.user-cpu0.user)/float64(b.N), "server-user-ns/op")
		})
	}
}

// BenchmarkServerCPUSendMessage is the server's CPU per SendMessage sent by
// aws-sdk-go-v2 over loopback: the goal the emulator is held to is within
// 1.2x of the baseline's.
func BenchmarkServerCPUSendMessage(b *testing.B) {
	serverCPUBench(b, nil, func(b *testing.B, client *sqs.Client, url string) {
		in := &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String(benchBody)}
		if _, err := client.SendMessage(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkServerCPUReceiveAndDeleteBatch is the server's CPU per
// ReceiveMessage of ten messages and the DeleteMessageBatch of them.
func BenchmarkServerCPUReceiveAndDeleteBatch(b *testing.B) {
	serverCPUBench(b, func(b *testing.B, client *sqs.Client, url string, rounds int) {
		fill(b, client, url, rounds*10)
	}, func(b *testing.B, client *sqs.Client, url string) {
		receiveAndDeleteTen(context.Background(), b, client, url)
	})
}

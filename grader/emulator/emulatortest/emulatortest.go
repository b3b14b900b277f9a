// Package emulatortest starts an embedded emulator for a test in one line,
// the way net/http/httptest starts a server: New returns the emulator with
// ready aws-sdk-go-v2 SQS and SNS clients reaching it in memory (or over a
// loopback socket with WithServer), and stops it through t.Cleanup.
package emulatortest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/queuelab/queuelab/grader/emulator"
	"github.com/queuelab/queuelab/grader/emulator/clock"
)

// Account is the account the clients act in: a 12-digit access key id is the
// account id.
const Account = "123456789012"

// Region is the clients' region.
const Region = "us-east-1"

// Env is an emulator for one test, with clients for it.
type Env struct {
	Emulator *emulator.Emulator
	// URL is the endpoint the clients use: http://sqs.test in memory, the
	// server's address with WithServer.
	URL string
	// HTTP is the http.Client that reaches the emulator.
	HTTP *http.Client
	// Config is the aws.Config the clients were made from.
	Config aws.Config
	SQS    *sqs.Client
	SNS    *sns.Client
	// Clock is the fake clock when WithFakeClock was given, else nil.
	Clock *clock.Fake
	// Dialer is what SNS HTTP deliveries resolve and connect through: it
	// connects to loopback only, and records every address asked for.
	Dialer *Dialer
}

type settings struct {
	server  bool
	fake    bool
	account string
	emuOpts []emulator.Option
}

// Option configures New.
type Option func(*settings)

// WithServer serves the emulator on a loopback socket (httptest.NewServer)
// instead of in memory.
func WithServer() Option { return func(s *settings) { s.server = true } }

// WithFakeClock gives the emulator a fake clock, returned in Env.Clock, that
// starts at a fixed date and moves only when the test advances it.
func WithFakeClock() Option { return func(s *settings) { s.fake = true } }

// WithAccount sets the account (12 digits) the clients act in.
func WithAccount(account string) Option { return func(s *settings) { s.account = account } }

// WithEmulatorOptions passes options on to emulator.New.
func WithEmulatorOptions(opts ...emulator.Option) Option {
	return func(s *settings) { s.emuOpts = append(s.emuOpts, opts...) }
}

// New starts an emulator for t and returns it with its clients. The emulator
// (and server) stop when t ends.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	st := settings{account: Account}
	for _, o := range opts {
		o(&st)
	}
	env := &Env{Dialer: &Dialer{Loopback: true}}
	emuOpts := append([]emulator.Option{emulator.WithDialer(env.Dialer)}, st.emuOpts...)
	if st.fake {
		env.Clock = clock.NewFake(time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC))
		emuOpts = append([]emulator.Option{emulator.WithClock(env.Clock)}, emuOpts...)
	}
	env.Emulator = emulator.New(emuOpts...)
	t.Cleanup(env.Emulator.Close)
	if st.server {
		srv := httptest.NewServer(env.Emulator)
		t.Cleanup(srv.Close)
		env.URL, env.HTTP = srv.URL, srv.Client()
	} else {
		env.URL, env.HTTP = "http://sqs.test", env.Emulator.Client()
	}
	env.Config = ClientConfig(env.URL, env.HTTP, st.account)
	env.SQS = sqs.NewFromConfig(env.Config)
	env.SNS = sns.NewFromConfig(env.Config)
	return env
}

// ClientConfig returns an aws.Config for the emulator at url, acting in
// account, without retries (a test wants the first answer).
func ClientConfig(url string, hc *http.Client, account string) aws.Config {
	return aws.Config{
		Region:           Region,
		Credentials:      credentials.NewStaticCredentialsProvider(account, "queuelab", ""),
		BaseEndpoint:     aws.String(url),
		HTTPClient:       hc,
		RetryMaxAttempts: 1,
	}
}

// Context returns a context for one test, cancelled when the test ends.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}

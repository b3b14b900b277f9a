package backend

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// RegisterFlags adds the flags that choose a backend to fs, filling cfg:
// --backend, --endpoint, --localstack-image, --like and --lacks. `grader
// check` and `grader batch` both take them, and both start what they
// chose with Start.
func (cfg *Config) RegisterFlags(fs *pflag.FlagSet) {
	fs.StringVar(&cfg.Name, "backend", Embedded, "where the checks run: "+strings.Join(Names, ", "))
	fs.StringVar(&cfg.Endpoint, "endpoint", "", "with --backend endpoint: the SQS/SNS endpoint URL (default $AWS_ENDPOINT_URL; neither: real AWS with your profile)")
	fs.StringVar(&cfg.LocalStackImage, "localstack-image", DefaultLocalStackImage, "with --backend localstack: the image (newer than 4.14.0 need LOCALSTACK_AUTH_TOKEN)")
	fs.StringVar(&cfg.Like, "like", "", "with --backend endpoint: a known emulator behind it (fauxqs), whose missing features are skipped by name")
	fs.StringToStringVar(&cfg.Lacks, "lacks", nil, "a feature the backend lacks, and why: skips the checks that need it (FEATURE=REASON, repeatable)")
}

// Session is a started backend: what the checks reach, and how to stop it.
type Session struct {
	Backend Backend
	Target  Target
}

// Start chooses the backend cfg names and starts it, the one way every
// command does. --endpoint alone means the endpoint backend. Stop the
// session when the run ends, also when it was interrupted.
func Start(ctx context.Context, cfg Config) (*Session, error) {
	if cfg.Endpoint != "" && (cfg.Name == Embedded || cfg.Name == "") {
		cfg.Name = Endpoint
	}
	be, err := New(cfg)
	if err != nil {
		return nil, err
	}
	target, err := be.Start(ctx)
	if err != nil {
		stop(be)
		return nil, err
	}
	return &Session{Backend: be, Target: target}, nil
}

// Name is the backend's name, as the reports say it.
func (s *Session) Name() string { return s.Backend.Name() }

// Stop stops the backend, even when the run's context was cancelled
// (Ctrl-C): it has 30 seconds of its own.
func (s *Session) Stop() { stop(s.Backend) }

func stop(be Backend) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = be.Stop(ctx)
}

package main

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/queuelab/queuelab/grader/backend"
)

// backendFlags are the flags that choose where the checks run.
type backendFlags struct {
	name     string
	endpoint string
	image    string
	like     string
	lacks    map[string]string
}

func (b *backendFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&b.name, "backend", backend.Embedded, "where the checks run: "+strings.Join(backend.Names, ", "))
	fs.StringVar(&b.endpoint, "endpoint", "", "with --backend endpoint: the SQS/SNS endpoint URL (default $AWS_ENDPOINT_URL; neither: real AWS with your profile)")
	fs.StringVar(&b.image, "localstack-image", backend.DefaultLocalStackImage, "with --backend localstack: the image (newer than 4.14.0 need LOCALSTACK_AUTH_TOKEN)")
	fs.StringVar(&b.like, "like", "", "with --backend endpoint: a known emulator behind it (fauxqs), whose missing features are skipped by name")
	fs.StringToStringVar(&b.lacks, "lacks", nil, "a feature the backend lacks, and why: skips the checks that need it (FEATURE=REASON, repeatable)")
}

// session is a started backend: stop it when the run ends.
type session struct {
	b      backend.Backend
	target backend.Target
}

func (b *backendFlags) start(ctx context.Context) (*session, error) {
	if b.endpoint != "" && b.name == backend.Embedded {
		b.name = backend.Endpoint // --endpoint alone means the endpoint backend
	}
	be, err := backend.New(backend.Config{Name: b.name, Endpoint: b.endpoint, LocalStackImage: b.image, Like: b.like, Lacks: b.lacks})
	if err != nil {
		return nil, err
	}
	target, err := be.Start(ctx)
	if err != nil {
		stopBackend(be)
		return nil, err
	}
	return &session{b: be, target: target}, nil
}

func (s *session) stop() { stopBackend(s.b) }

// stopBackend stops be even when the run's context was cancelled (Ctrl-C).
func stopBackend(be backend.Backend) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = be.Stop(ctx)
}

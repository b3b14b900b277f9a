package backend

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
)

// DefaultLocalStackImage is the newest LocalStack image that runs without an
// auth token; newer ones need LOCALSTACK_AUTH_TOKEN (passed through).
const DefaultLocalStackImage = "localstack/localstack:4.14.0"

// ErrNoDocker says, in the one line the grader prints, that the localstack
// backend cannot start and what needs nothing.
//
//lint:ignore ST1005 the product's name, printed as the grader's one-line reason
var ErrNoDocker = errors.New("Docker is not available (no Docker host found); the localstack backend needs it, --backend embedded needs nothing")

// docker is the part of the localstack backend that talks to Docker, behind
// an interface so that the rest is tested without it.
type docker interface {
	// Available reports ErrNoDocker (wrapped) when there is no Docker host.
	Available(ctx context.Context) error
	// Run starts LocalStack from image with env and returns it running.
	Run(ctx context.Context, image string, env map[string]string) (container, error)
}

// container is one running LocalStack.
type container interface {
	// Endpoint is the URL of its edge port (4566) as the host sees it.
	Endpoint(ctx context.Context) (string, error)
	Terminate(ctx context.Context) error
}

// localStack runs one LocalStack container for the whole run.
type localStack struct {
	image  string
	docker docker
	lacks  map[string]string

	mu  sync.Mutex
	ctr container
}

func (l *localStack) Name() string { return LocalStack }

func (l *localStack) Start(ctx context.Context) (Target, error) {
	if err := l.docker.Available(ctx); err != nil {
		return Target{}, err
	}
	env := map[string]string{"SERVICES": "sqs,sns"}
	if token := os.Getenv("LOCALSTACK_AUTH_TOKEN"); token != "" {
		env["LOCALSTACK_AUTH_TOKEN"] = token
	}
	ctr, err := l.docker.Run(ctx, l.image, env)
	if err != nil {
		return Target{}, fmt.Errorf("start LocalStack (%s): %w", l.image, err)
	}
	l.mu.Lock()
	l.ctr = ctr
	l.mu.Unlock()
	url, err := ctr.Endpoint(ctx)
	if err != nil {
		return Target{}, fmt.Errorf("find LocalStack's port: %w", err)
	}
	return Target{URL: url, Lacks: l.lacks}, nil
}

// Stop terminates the container; it is safe to call more than once and
// before Start finished (after Ctrl-C).
func (l *localStack) Stop(ctx context.Context) error {
	l.mu.Lock()
	ctr := l.ctr
	l.ctr = nil
	l.mu.Unlock()
	if ctr == nil {
		return nil
	}
	if err := ctr.Terminate(ctx); err != nil {
		return fmt.Errorf("stop LocalStack: %w", err)
	}
	return nil
}

package backend

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/modules/localstack"
)

// dockerRuntime is the real Docker, through testcontainers-go.
type dockerRuntime struct{}

// Available looks for a Docker host the way testcontainers-go does and pings
// it, because the localstack module panics instead of returning an error
// when there is none.
func (dockerRuntime) Available(ctx context.Context) error {
	for _, host := range dockerHostCandidates() {
		if pingDocker(ctx, host) == nil {
			return nil
		}
	}
	return ErrNoDocker
}

// dockerHostCandidates are the places testcontainers-go looks, in its order.
func dockerHostCandidates() []string {
	var hosts []string
	props := testcontainersProperties()
	if h := props["tc.host"]; h != "" {
		hosts = append(hosts, h)
	}
	if h := os.Getenv("DOCKER_HOST"); h != "" {
		hosts = append(hosts, h)
	}
	hosts = append(hosts, "unix:///var/run/docker.sock")
	if h := props["docker.host"]; h != "" {
		hosts = append(hosts, h)
	}
	home, _ := os.UserHomeDir()
	for _, p := range []string{
		filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), "docker.sock"),
		filepath.Join(home, ".docker", "run", "docker.sock"),
		filepath.Join(home, ".docker", "desktop", "docker.sock"),
		filepath.Join(home, ".colima", "default", "docker.sock"),
		fmt.Sprintf("/run/user/%d/docker.sock", os.Getuid()),
	} {
		hosts = append(hosts, "unix://"+p)
	}
	return hosts
}

func testcontainersProperties() map[string]string {
	props := map[string]string{}
	home, err := os.UserHomeDir()
	if err != nil {
		return props
	}
	f, err := os.Open(filepath.Join(home, ".testcontainers.properties"))
	if err != nil {
		return props
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), "="); ok {
			props[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return props
}

// pingDocker asks the Docker API at host for /_ping.
func pingDocker(ctx context.Context, host string) error {
	scheme, addr, ok := strings.Cut(host, "://")
	if !ok {
		return fmt.Errorf("docker host %q: no scheme", host)
	}
	transport := &http.Transport{}
	base := "http://docker"
	switch scheme {
	case "unix":
		if _, err := os.Stat(addr); err != nil {
			return err
		}
		transport.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", addr)
		}
	case "tcp", "http":
		base = "http://" + addr
	default:
		return fmt.Errorf("docker host %q: unsupported scheme", host)
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_ping", nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Transport: transport}).Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("docker ping: %s", resp.Status)
	}
	return nil
}

// Run starts LocalStack. A panic inside testcontainers-go (it panics on a
// missing Docker host) becomes ErrNoDocker instead of a stack trace.
func (dockerRuntime) Run(ctx context.Context, image string, env map[string]string) (c container, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("%w (%v)", ErrNoDocker, r)
		}
	}()
	ctr, err := localstack.Run(ctx, image, testcontainers.WithEnv(env))
	if err != nil {
		if ctr != nil {
			_ = testcontainers.TerminateContainer(ctr)
		}
		return nil, err
	}
	return lsContainer{ctr}, nil
}

type lsContainer struct {
	c *localstack.LocalStackContainer
}

func (l lsContainer) Endpoint(ctx context.Context) (string, error) {
	return l.c.PortEndpoint(ctx, "4566/tcp", "http")
}

func (l lsContainer) Terminate(ctx context.Context) error { return l.c.Terminate(ctx) }

package backend

import (
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeDocker stands in for Docker: it records what the backend asked for.
type fakeDocker struct {
	available error
	runErr    error
	image     string
	env       map[string]string
	ctr       *fakeContainer
}

func (f *fakeDocker) Available(context.Context) error { return f.available }

func (f *fakeDocker) Run(_ context.Context, image string, env map[string]string) (container, error) {
	f.image, f.env = image, env
	if f.runErr != nil {
		return nil, f.runErr
	}
	f.ctr = &fakeContainer{}
	return f.ctr, nil
}

type fakeContainer struct{ terminated int }

func (c *fakeContainer) Endpoint(context.Context) (string, error) {
	return "http://127.0.0.1:32768", nil
}
func (c *fakeContainer) Terminate(context.Context) error { c.terminated++; return nil }

func TestLocalStackWithoutDockerNeverRunsTheModule(t *testing.T) {
	t.Parallel()
	d := &fakeDocker{available: ErrNoDocker}
	ls := &localStack{image: DefaultLocalStackImage, docker: d}
	_, err := ls.Start(context.Background())
	require.ErrorIs(t, err, ErrNoDocker)
	assert.Empty(t, d.image, "the module (which panics without Docker) was not called")
	assert.NoError(t, ls.Stop(context.Background()), "stopping what never started is fine")
	assert.NotContains(t, ErrNoDocker.Error(), "\n", "one line")
	assert.Contains(t, ErrNoDocker.Error(), "--backend embedded")
}

func TestLocalStackRunsOneContainerAndStopsIt(t *testing.T) {
	t.Setenv("LOCALSTACK_AUTH_TOKEN", "ls-token")
	d := &fakeDocker{}
	ls := &localStack{image: "localstack/localstack:4.15.0", docker: d}
	target, err := ls.Start(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:32768", target.URL)
	assert.Equal(t, "localstack/localstack:4.15.0", d.image)
	assert.Equal(t, "ls-token", d.env["LOCALSTACK_AUTH_TOKEN"], "the auth token is passed through")
	assert.Equal(t, "sqs,sns", d.env["SERVICES"])
	require.NoError(t, ls.Stop(context.Background()))
	require.NoError(t, ls.Stop(context.Background()), "a second Stop (Ctrl-C after the end) is harmless")
	assert.Equal(t, 1, d.ctr.terminated)
}

func TestLocalStackReportsAFailedStart(t *testing.T) {
	t.Parallel()
	d := &fakeDocker{runErr: errors.New("pull access denied")}
	ls := &localStack{image: "localstack/localstack:nope", docker: d}
	_, err := ls.Start(context.Background())
	require.ErrorContains(t, err, "pull access denied")
	assert.ErrorContains(t, err, "localstack/localstack:nope")
}

func TestNew(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4999")
	cases := []struct {
		cfg     Config
		name    string
		url     string
		realAWS bool
		wantErr string
	}{
		{cfg: Config{}, name: Embedded},
		{cfg: Config{Name: LocalStack}, name: LocalStack},
		{cfg: Config{Name: Endpoint, Endpoint: "http://127.0.0.1:4566"}, name: Endpoint, url: "http://127.0.0.1:4566"},
		{cfg: Config{Name: Endpoint}, name: Endpoint, url: "http://127.0.0.1:4999"},
		{cfg: Config{Name: "docker"}, wantErr: "unknown backend"},
		{cfg: Config{Name: Endpoint, Like: "nope"}, wantErr: "unknown --like"},
	}
	for _, tc := range cases {
		b, err := New(tc.cfg)
		if tc.wantErr != "" {
			assert.ErrorContains(t, err, tc.wantErr)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tc.name, b.Name())
		if tc.name == Endpoint {
			target, err := b.Start(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tc.url, target.URL)
			assert.Equal(t, tc.realAWS, target.RealAWS)
		}
	}
}

func TestEndpointWithoutURLIsRealAWS(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "")
	b, err := New(Config{Name: Endpoint, Like: "fauxqs", Lacks: map[string]string{"x": "why"}})
	require.NoError(t, err)
	target, err := b.Start(context.Background())
	require.NoError(t, err)
	assert.True(t, target.RealAWS)
	assert.Equal(t, "why", target.Lacks["x"])
	assert.Contains(t, target.Lacks, "sns-message-structure", "the fauxqs profile")
}

func TestEmbeddedServesOnLoopback(t *testing.T) {
	t.Parallel()
	b, err := New(Config{})
	require.NoError(t, err)
	target, err := b.Start(context.Background())
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Stop(context.Background()) })
	assert.Regexp(t, `^http://127\.0\.0\.1:[0-9]+$`, target.URL)
	resp, err := http.Get(target.URL + "/_localstack/health")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestPingDocker(t *testing.T) {
	t.Parallel()
	sock := filepath.Join(t.TempDir(), "docker.sock")
	l, err := net.Listen("unix", sock)
	require.NoError(t, err)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/_ping" {
			_, _ = w.Write([]byte("OK"))
			return
		}
		http.NotFound(w, r)
	})}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })

	assert.NoError(t, pingDocker(context.Background(), "unix://"+sock))
	assert.Error(t, pingDocker(context.Background(), "unix://"+filepath.Join(t.TempDir(), "none.sock")))
	assert.Error(t, pingDocker(context.Background(), "ssh://host"))
	assert.Error(t, pingDocker(context.Background(), "no-scheme"))
}

package backend

import (
	"context"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLacksReachTheEmbeddedBackend: --lacks on the embedded backend (the
// default) skips the checks that need the feature; it used to be dropped.
func TestLacksReachTheEmbeddedBackend(t *testing.T) {
	t.Parallel()
	for _, perCheck := range []bool{false, true} {
		s, err := Start(context.Background(), Config{Lacks: map[string]string{"fifo": "not today"}, PerCheck: perCheck})
		require.NoError(t, err)
		assert.Equal(t, Embedded, s.Name())
		assert.Equal(t, map[string]string{"fifo": "not today"}, s.Target.Lacks, "per check: %v", perCheck)
		s.Stop()
	}
}

func TestPerCheckEmbeddedServesNothing(t *testing.T) {
	t.Parallel()
	s, err := Start(context.Background(), Config{Name: Embedded, PerCheck: true})
	require.NoError(t, err)
	defer s.Stop()
	assert.Empty(t, s.Target.URL, "each check starts its own emulator")
	assert.False(t, s.Target.RealAWS)
}

func TestStartFromFlags(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "")
	var cfg Config
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	cfg.RegisterFlags(fs)
	require.NoError(t, fs.Parse([]string{"--endpoint", "http://127.0.0.1:4566", "--like", "fauxqs", "--lacks", "x=why"}))
	s, err := Start(context.Background(), cfg)
	require.NoError(t, err)
	defer s.Stop()
	assert.Equal(t, Endpoint, s.Name(), "--endpoint alone means the endpoint backend")
	assert.Equal(t, "http://127.0.0.1:4566", s.Target.URL)
	assert.Equal(t, "why", s.Target.Lacks["x"])
	assert.Contains(t, s.Target.Lacks, "sns-message-structure")

	_, err = Start(context.Background(), Config{Name: "docker"})
	assert.ErrorContains(t, err, "unknown backend")
}

package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServeAllowDeliveriesToFlag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
		err  string
	}{
		{name: "repeatable", args: []string{"203.0.113.5", "10.1.0.0/16", "Hooks.Example.com"}, want: "203.0.113.5,10.1.0.0/16,hooks.example.com"},
		{name: "url", args: []string{"https://hooks.example.com/x"}, err: `is a URL: give its host only, for example "hooks.example.com"`},
		{name: "bad prefix", args: []string{"10.0.0.0/40"}, err: "is not a CIDR network"},
		{name: "host and port", args: []string{"hooks.example.com:443"}, err: "neither an address, a CIDR network nor a host name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var d deliveryTargets
			var err error
			for _, a := range tt.args {
				if err = d.Set(a); err != nil {
					break
				}
			}
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, d.String())
		})
	}
}

// A bad value stops `grader serve` before it listens, with exit status 2 and
// a message that names the flag.
func TestServeBadAllowDeliveriesToExits2(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"serve", "--port", "-1", "--allow-deliveries-to", "not a host"}, &stdout, &stderr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), `invalid argument "not a host" for "--allow-deliveries-to" flag`)
	assert.Empty(t, stdout.String(), "nothing was served")
}

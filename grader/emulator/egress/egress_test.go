package egress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want, err string
	}{
		{in: "203.0.113.5", want: "203.0.113.5"},
		{in: " 10.1.2.3/8 ", want: "10.0.0.0/8"},
		{in: "2001:db8::/32", want: "2001:db8::/32"},
		{in: "::ffff:192.0.2.1", want: "192.0.2.1"},
		{in: "Hooks.Example.COM.", want: "hooks.example.com"},
		{in: "", err: "empty"},
		{in: "10.0.0.0/33", err: "not a CIDR network"},
		{in: "http://hooks.example.com:8080/x", err: `is a URL: give its host only, for example "hooks.example.com"`},
		{in: "hooks.example.com:8080", err: "neither an address"},
		{in: "hooks.example.com/x", err: "not a CIDR network"},
		{in: "-bad.example", err: "neither an address"},
		{in: "under_score.example", err: "neither an address"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseTarget(tt.in)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String())
		})
	}
}

func TestPolicyAllowsAddr(t *testing.T) {
	t.Parallel()
	p := NewPolicy(mustTarget(t, "10.0.0.0/8"), mustTarget(t, "2001:db8::1"), mustTarget(t, "hooks.example.com"))
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1", true},
		{"127.255.0.9", true},
		{"::1", true},
		{"::ffff:127.0.0.1", true},
		{"10.9.8.7", true},
		{"::ffff:10.9.8.7", true},
		{"2001:db8::1", true},
		{"2001:db8::2", false},
		{"11.0.0.1", false},
		{"169.254.169.254", false},
		{"0.0.0.0", false},
		{"192.168.1.10", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, p.AllowsAddr(netip.MustParseAddr(tt.addr)))
			assert.Equal(t, tt.addr == "127.0.0.1" || tt.addr == "127.255.0.9" || tt.addr == "::1" || tt.addr == "::ffff:127.0.0.1",
				Policy{}.AllowsAddr(netip.MustParseAddr(tt.addr)), "zero policy: loopback only")
		})
	}
}

// fakeDialer records every lookup and dial and refuses every dial, unless
// realLoopback is set: then it connects to loopback addresses (and only
// those) for real. Names resolve from hosts; nothing reaches a DNS server.
type fakeDialer struct {
	hosts        map[string][]string
	realLoopback bool

	mu      sync.Mutex
	lookups []string
	dials   []string
}

var errFakeRefused = errors.New("fake dialer: refused")

func (f *fakeDialer) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lookups = append(f.lookups, host)
	var out []netip.Addr
	for _, s := range f.hosts[strings.ToLower(host)] {
		out = append(out, netip.MustParseAddr(s))
	}
	if out == nil {
		return nil, fmt.Errorf("fake dialer: no such host %s", host)
	}
	return out, nil
}

func (f *fakeDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	f.mu.Lock()
	f.dials = append(f.dials, address)
	f.mu.Unlock()
	if f.realLoopback {
		if ap, err := netip.ParseAddrPort(address); err == nil && ap.Addr().IsLoopback() {
			var d net.Dialer
			return d.DialContext(ctx, network, address)
		}
	}
	return nil, errFakeRefused
}

func (f *fakeDialer) dialed() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.dials...)
}

func mustTarget(t *testing.T, s string) Target {
	t.Helper()
	tg, err := ParseTarget(s)
	require.NoError(t, err)
	return tg
}

func TestPolicyDialContext(t *testing.T) {
	t.Parallel()
	hosts := map[string][]string{
		"localhost":            {"127.0.0.1", "::1"},
		"rebound.example":      {"127.0.0.1", "198.51.100.7"},
		"metadata.example":     {"169.254.169.254"},
		"hooks.example.com":    {"198.51.100.20"},
		"internal.example.com": {"10.1.2.3"},
	}
	tests := []struct {
		name    string
		allow   []string
		address string
		// dials is what reached the dialer; refused names the address the
		// policy refused (so nothing was dialled).
		dials   []string
		refused string
	}{
		{name: "loopback literal", address: "127.0.0.1:8080", dials: []string{"127.0.0.1:8080"}},
		{name: "ipv6 loopback literal", address: "[::1]:8080", dials: []string{"[::1]:8080"}},
		{name: "localhost dials its addresses", address: "localhost:80", dials: []string{"127.0.0.1:80", "[::1]:80"}},
		{name: "public literal refused", address: "203.0.113.5:80", refused: "203.0.113.5"},
		{name: "metadata literal refused", address: "169.254.169.254:80", refused: "169.254.169.254"},
		{name: "name resolving elsewhere refused", address: "metadata.example:80", refused: "169.254.169.254"},
		{name: "name resolving partly elsewhere refused", address: "rebound.example:80", refused: "198.51.100.7"},
		{name: "literal allowed by address", allow: []string{"203.0.113.5"}, address: "203.0.113.5:80", dials: []string{"203.0.113.5:80"}},
		{name: "literal allowed by network", allow: []string{"203.0.113.0/24"}, address: "203.0.113.5:443", dials: []string{"203.0.113.5:443"}},
		{name: "literal outside the network", allow: []string{"203.0.113.0/24"}, address: "203.0.114.5:80", refused: "203.0.114.5"},
		{name: "name allowed by its network", allow: []string{"10.0.0.0/8"}, address: "internal.example.com:80", dials: []string{"10.1.2.3:80"}},
		{name: "name allowed by name", allow: []string{"hooks.example.com"}, address: "HOOKS.example.com:80", dials: []string{"198.51.100.20:80"}},
		{name: "allowed name does not allow its address literal", allow: []string{"hooks.example.com"}, address: "198.51.100.20:80", refused: "198.51.100.20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var targets []Target
			for _, s := range tt.allow {
				targets = append(targets, mustTarget(t, s))
			}
			d := &fakeDialer{hosts: hosts}
			_, err := NewPolicy(targets...).DialContext(context.Background(), d, "tcp", tt.address)
			require.Error(t, err)
			if tt.refused != "" {
				require.ErrorIs(t, err, ErrRefused)
				var re *RefusedError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, tt.refused, re.Addr.String())
				assert.Contains(t, err.Error(), "--allow-deliveries-to "+re.Allow())
				assert.Empty(t, d.dialed(), "a refused destination is never dialled")
				return
			}
			require.ErrorIs(t, err, errFakeRefused)
			assert.Equal(t, tt.dials, d.dialed())
		})
	}
}

func TestRefusedErrorAllow(t *testing.T) {
	t.Parallel()
	byName := &RefusedError{Host: "hooks.example.com", Addr: netip.MustParseAddr("198.51.100.20")}
	assert.Equal(t, "hooks.example.com", byName.Allow())
	assert.Equal(t, "delivery to hooks.example.com (198.51.100.20) refused: only loopback addresses are allowed by default; allow it with `grader serve --allow-deliveries-to hooks.example.com`", byName.Error())
	literal := &RefusedError{Host: "203.0.113.5", Addr: netip.MustParseAddr("203.0.113.5")}
	assert.Equal(t, "203.0.113.5", literal.Allow())
	assert.Equal(t, "delivery to 203.0.113.5 refused: only loopback addresses are allowed by default; allow it with `grader serve --allow-deliveries-to 203.0.113.5`", literal.Error())
}

// A loopback endpoint that redirects elsewhere does not lead the client
// there: the redirect's host is checked when it is dialled.
func TestClientRefusesRedirectsThatLeave(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "http://203.0.113.9:8080/stolen", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	d := &fakeDialer{realLoopback: true}
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/hook", http.NoBody)
	require.NoError(t, err)
	resp, err := NewClient(Policy{}, d).Do(req)
	if resp != nil {
		_ = resp.Body.Close()
	}
	require.ErrorIs(t, err, ErrRefused)
	assert.Equal(t, int32(1), hits.Load())
	assert.Equal(t, []string{srv.Listener.Addr().String()}, d.dialed(), "only the loopback endpoint was dialled")
}

// The delivery client never sends through a proxy: the policy would have
// checked the proxy's address, not the destination's.
func TestClientIgnoresProxy(t *testing.T) {
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:1")
	d := &fakeDialer{}
	req, err := http.NewRequest(http.MethodPost, "http://203.0.113.5/hook", http.NoBody)
	require.NoError(t, err)
	resp, err := NewClient(Policy{}, d).Do(req)
	if resp != nil {
		_ = resp.Body.Close()
	}
	require.ErrorIs(t, err, ErrRefused)
	assert.Empty(t, d.dialed())
}

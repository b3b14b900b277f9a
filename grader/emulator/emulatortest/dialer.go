package emulatortest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"
)

// ErrDialRefused is what a Dialer answers for every address it does not
// connect to.
var ErrDialRefused = errors.New("emulatortest: dial refused")

// Dialer is an egress.Dialer for tests: it records every name it is asked to
// resolve and every address it is asked to dial, and refuses them all (the
// zero Dialer), except that with Loopback it connects to loopback addresses
// for real.
// It resolves only "localhost" (to 127.0.0.1 and ::1) and never asks a DNS
// server, so a test that uses it cannot open a connection beyond loopback.
// New gives every emulator one (Env.Dialer) unless the test passes its own
// through WithEmulatorOptions(emulator.WithDialer(...)).
type Dialer struct {
	// Loopback lets dials to loopback addresses through.
	Loopback bool

	mu      sync.Mutex
	lookups []string
	dials   []string
}

// LookupNetIP resolves localhost; any other name fails.
func (d *Dialer) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	d.mu.Lock()
	d.lookups = append(d.lookups, host)
	d.mu.Unlock()
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback()}, nil
	}
	return nil, fmt.Errorf("emulatortest: %s is not resolved in tests", host)
}

// DialContext records address and refuses it, unless Loopback is set and it
// is a loopback address.
func (d *Dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	d.mu.Lock()
	d.dials = append(d.dials, address)
	loopback := d.Loopback
	d.mu.Unlock()
	if ap, err := netip.ParseAddrPort(address); err == nil && loopback && ap.Addr().IsLoopback() {
		var nd net.Dialer
		return nd.DialContext(ctx, network, address)
	}
	return nil, fmt.Errorf("%w: %s", ErrDialRefused, address)
}

// Dials returns the addresses asked for so far, in order.
func (d *Dialer) Dials() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.dials...)
}

// Lookups returns the names asked for so far, in order.
func (d *Dialer) Lookups() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.lookups...)
}

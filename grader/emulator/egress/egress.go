// Package egress decides where the emulator may open connections of its own:
// the POSTs of SNS HTTP/HTTPS subscriptions.
//
// Threat model: any client of `grader serve` can subscribe a URL and make the
// server POST to it. On a server that listens beyond loopback (a classroom
// running it with --host 0.0.0.0) that would be an open request forwarder
// into whatever network the server sits in. So by default the emulator
// connects to loopback addresses only; a Policy widens that to the hosts
// and networks its operator names. The check runs where the connection is
// opened, on every address a name resolves to, so a name that resolves
// elsewhere and a redirect to another host are refused too, and a refused
// destination never sees a request.
package egress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"
)

// Target is one destination a Policy allows besides loopback: a network
// (CIDR), one address, or a host name as it appears in a subscription URL.
type Target struct {
	prefix netip.Prefix
	host   string
}

// ParseTarget parses an address ("203.0.113.5", "2001:db8::1"), a network
// ("10.0.0.0/8", "2001:db8::/32") or a host name ("hooks.example.com").
// A host name allows URLs that name that host, whatever it resolves to.
func ParseTarget(s string) (Target, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Target{}, errors.New("empty: want an address, a CIDR network or a host name")
	}
	if strings.Contains(s, "://") {
		return Target{}, fmt.Errorf("%q is a URL: give its host only, for example %q", s, hostOf(s))
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return Target{}, fmt.Errorf("%q is not a CIDR network (for example 10.0.0.0/8)", s)
		}
		return Target{prefix: p.Masked()}, nil
	}
	if ip, err := netip.ParseAddr(s); err == nil {
		ip = ip.Unmap().WithZone("")
		return Target{prefix: netip.PrefixFrom(ip, ip.BitLen())}, nil
	}
	if !isHostName(s) {
		return Target{}, fmt.Errorf("%q is neither an address, a CIDR network nor a host name (no scheme, port or path)", s)
	}
	return Target{host: canonicalHost(s)}, nil
}

// String is the target as ParseTarget reads it.
func (t Target) String() string {
	if t.host != "" {
		return t.host
	}
	if t.prefix.IsSingleIP() {
		return t.prefix.Addr().String()
	}
	return t.prefix.String()
}

// isHostName reports whether s is a DNS name: dot-separated labels of
// letters, digits and hyphens.
func isHostName(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// hostOf is the host of a URL-like s, for an error message.
func hostOf(s string) string {
	_, rest, _ := strings.Cut(s, "://")
	rest, _, _ = strings.Cut(rest, "/")
	if h, _, err := net.SplitHostPort(rest); err == nil {
		return h
	}
	return rest
}

func canonicalHost(s string) string { return strings.ToLower(strings.TrimSuffix(s, ".")) }

// Policy says where deliveries may connect. The zero Policy allows loopback
// addresses only (127.0.0.0/8 and ::1).
type Policy struct {
	targets []Target
}

// NewPolicy allows loopback and the given targets.
func NewPolicy(targets ...Target) Policy {
	return Policy{targets: append([]Target(nil), targets...)}
}

// Targets returns what the policy allows besides loopback.
func (p Policy) Targets() []Target { return append([]Target(nil), p.targets...) }

// AllowsAddr reports whether the policy allows connecting to ip.
func (p Policy) AllowsAddr(ip netip.Addr) bool {
	ip = ip.Unmap().WithZone("")
	if ip.IsLoopback() {
		return true
	}
	for _, t := range p.targets {
		if t.host == "" && t.prefix.Contains(ip) {
			return true
		}
	}
	return false
}

// allowsHostName reports whether name is one of the policy's host names.
func (p Policy) allowsHostName(name string) bool {
	name = canonicalHost(name)
	for _, t := range p.targets {
		if t.host != "" && t.host == name {
			return true
		}
	}
	return false
}

// Dialer resolves names and opens connections: the system's in production
// (System), one that records and refuses in tests.
type Dialer interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// System is the Dialer of the operating system, with a 10 s connect timeout.
func System() Dialer {
	return systemDialer{d: &net.Dialer{Timeout: 10 * time.Second}, r: net.DefaultResolver}
}

type systemDialer struct {
	d *net.Dialer
	r *net.Resolver
}

func (s systemDialer) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	return s.r.LookupNetIP(ctx, network, host)
}

func (s systemDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	return s.d.DialContext(ctx, network, address)
}

// ErrRefused is matched (errors.Is) by every RefusedError.
var ErrRefused = errors.New("delivery destination not allowed")

// RefusedError is a connection the policy did not allow: no connection was
// opened.
type RefusedError struct {
	// Host is the host as the URL names it; Addr the address it is, or
	// resolved to, that is not allowed.
	Host string
	Addr netip.Addr
}

func (e *RefusedError) Error() string {
	what := e.Addr.String()
	if e.Host != what {
		what = fmt.Sprintf("%s (%s)", e.Host, e.Addr)
	}
	return fmt.Sprintf("delivery to %s refused: only loopback addresses are allowed by default; allow it with `grader serve --allow-deliveries-to %s`", what, e.Allow())
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// Allow is the --allow-deliveries-to value that would allow this
// destination: the host name, or the address.
func (e *RefusedError) Allow() string {
	if _, err := netip.ParseAddr(e.Host); err != nil && e.Host != "" {
		return e.Host
	}
	return e.Addr.String()
}

// DialContext opens a connection to address ("host:port") through d if the
// policy allows it: an address literal is checked as it is; a name is
// resolved once and every address it resolves to must be allowed (unless the
// name itself is allowed), and then one of those addresses is dialled, never
// the name again, so that a second resolution cannot lead elsewhere.
func (p Policy) DialContext(ctx context.Context, d Dialer, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", address, err)
	}
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip}
	} else {
		addrs, err = d.LookupNetIP(ctx, lookupNetwork(network), host)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", host, err)
		}
		if len(addrs) == 0 {
			return nil, fmt.Errorf("resolve %s: no addresses", host)
		}
	}
	if !p.allowsHostName(host) {
		for _, ip := range addrs {
			if !p.AllowsAddr(ip) {
				return nil, &RefusedError{Host: host, Addr: ip.Unmap().WithZone("")}
			}
		}
	}
	var firstErr error
	for _, ip := range addrs {
		conn, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

func lookupNetwork(network string) string {
	switch network {
	case "tcp4":
		return "ip4"
	case "tcp6":
		return "ip6"
	}
	return "ip"
}

// NewClient returns the HTTP client for deliveries: every connection it
// opens goes through p and d, it never uses a proxy (a proxy would be the
// one address the policy saw), and a request gives up after 10 s.
// Redirects are followed as AWS does, each new host checked when it is
// dialled.
func NewClient(p Policy, d Dialer) *http.Client {
	if d == nil {
		d = System()
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.DialContext = func(ctx context.Context, network, address string) (net.Conn, error) {
		return p.DialContext(ctx, d, network, address)
	}
	tr.DialTLSContext = nil
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

package filterpolicy

import (
	"net/netip"
	"strconv"
	"strings"
)

// parseCIDR checks a cidr pattern in the order AWS does and returns AWS's
// message for the first fault. These messages carry no position: AWS reports
// them without one.
func parseCIDR(s string) (netip.Prefix, *Error) {
	parts := javaSplit(s, '/')
	if len(parts) != 2 {
		return netip.Prefix{}, policyError("Malformed CIDR, one '/' required")
	}
	bits, err := strconv.ParseInt(parts[1], 10, 32) // like Java's Integer.parseInt
	if err != nil {
		return netip.Prefix{}, policyError("Malformed CIDR, mask bits must be an integer")
	}
	if bits < 0 {
		return netip.Prefix{}, policyError("Malformed CIDR, mask bits must not be negative")
	}
	addr, ok := parseIP(parts[0])
	if !ok {
		return netip.Prefix{}, policyError("Nonstandard IP address: " + parts[0])
	}
	if addr.Is4() && bits > 32 {
		return netip.Prefix{}, policyError("IPv4 mask bits must be <= 32")
	}
	if addr.Is6() && bits > 128 {
		return netip.Prefix{}, policyError("IPv6 mask bits must be <= 128")
	}
	return netip.PrefixFrom(addr, int(bits)).Masked(), nil
}

// parseIP accepts a plain IPv4 or IPv6 address (no zone).
func parseIP(s string) (netip.Addr, bool) {
	addr, err := netip.ParseAddr(s)
	if err != nil || addr.Zone() != "" {
		return netip.Addr{}, false
	}
	return addr, true
}

// javaSplit splits like Java's String.split with a one-character pattern:
// trailing empty strings are dropped, so "a/" has one part and "/" none.
func javaSplit(s string, sep byte) []string {
	parts := strings.Split(s, string(sep))
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}

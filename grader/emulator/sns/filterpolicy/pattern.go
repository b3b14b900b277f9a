package filterpolicy

import (
	"net/netip"
	"strings"
)

// pattern is one entry of a policy key's list of values. A key matches when
// any of its patterns matches one of the message's values for that key.
type pattern struct {
	op   patternOp
	text string              // exact string or literal, prefix, suffix
	kind valueKind           // exact literal (true, false, null)
	cn   int64               // exact number: comparable form
	cnOK bool                // exact number: cn is valid
	set  map[string]struct{} // anything-but strings
	nums map[int64]struct{}  // anything-but numbers
	rng  numericRange
	net  netip.Prefix
}

type patternOp uint8

const (
	opExactString patternOp = iota
	opExactNumber
	opExactLiteral
	opPrefix
	opSuffix
	opEqualsIgnoreCase
	opAnythingBut
	opAnythingButNumbers
	opAnythingButPrefix
	opNumeric
	opExists
	opAbsent
	opCIDR
)

// numericRange is a range of comparable numbers; a missing bound is open.
type numericRange struct {
	lo, hi         int64
	hasLo, hasHi   bool
	loOpen, hiOpen bool // the bound itself is excluded
}

func (r numericRange) contains(cn int64) bool {
	if r.hasLo && (cn < r.lo || (r.loOpen && cn == r.lo)) {
		return false
	}
	if r.hasHi && (cn > r.hi || (r.hiOpen && cn == r.hi)) {
		return false
	}
	return true
}

// matches reports whether v satisfies the pattern. exists and absence are
// about keys rather than values and are decided by the caller.
func (p *pattern) matches(v value) bool {
	switch p.op {
	case opExactString:
		return v.kind == valString && v.text == p.text
	case opExactNumber:
		return v.kind == valNumber && (v.text == p.text || (p.cnOK && v.cnOK && v.cn == p.cn))
	case opExactLiteral:
		return v.kind == p.kind
	case opPrefix:
		return v.kind == valString && strings.HasPrefix(v.text, p.text)
	case opSuffix:
		return v.kind == valString && strings.HasSuffix(v.text, p.text)
	case opEqualsIgnoreCase:
		return v.kind == valString && strings.EqualFold(v.text, p.text)
	case opAnythingBut:
		if v.kind != valString {
			return true
		}
		_, excluded := p.set[v.text]
		return !excluded
	case opAnythingButNumbers:
		if v.kind != valNumber || !v.cnOK {
			return true
		}
		_, excluded := p.nums[v.cn]
		return !excluded
	case opAnythingButPrefix:
		return v.kind != valString || !strings.HasPrefix(v.text, p.text)
	case opNumeric:
		return v.kind == valNumber && v.cnOK && p.rng.contains(v.cn)
	case opExists:
		return true
	case opCIDR:
		if v.kind != valString {
			return false
		}
		addr, ok := parseIP(v.text)
		return ok && p.net.Contains(addr)
	}
	return false
}

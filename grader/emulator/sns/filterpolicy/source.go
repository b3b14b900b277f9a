package filterpolicy

import (
	"math"
	"strconv"
	"strings"
)

// AWS parses a FilterPolicy into a JSON tree and hands the rule compiler the
// tree written back without white space; the positions in its error messages
// count in that text. The tree keeps member order, and a repeated key keeps its
// first position and its last value.

type nodeKind uint8

const (
	kindObject nodeKind = iota
	kindArray
	kindString
	kindNumber
	kindTrue
	kindFalse
	kindNull
)

type node struct {
	kind    nodeKind
	text    string // string value, or the number's literal
	members []member
	items   []*node
}

type member struct {
	key   string
	value *node
}

// compact writes the tree without white space, as Jackson writes a tree.
func compact(n *node) string {
	var b strings.Builder
	writeNode(&b, n)
	return b.String()
}

func writeNode(b *strings.Builder, n *node) {
	switch n.kind {
	case kindObject:
		b.WriteByte('{')
		for i, m := range n.members {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, m.key)
			b.WriteByte(':')
			writeNode(b, m.value)
		}
		b.WriteByte('}')
	case kindArray:
		b.WriteByte('[')
		for i, item := range n.items {
			if i > 0 {
				b.WriteByte(',')
			}
			writeNode(b, item)
		}
		b.WriteByte(']')
	case kindString:
		writeString(b, n.text)
	case kindNumber:
		b.WriteString(javaNumber(n.text))
	case kindTrue:
		b.WriteString("true")
	case kindFalse:
		b.WriteString("false")
	case kindNull:
		b.WriteString("null")
	}
}

// writeString quotes s as Jackson does: quote, backslash and control
// characters escaped, everything else as is.
func writeString(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\f':
			b.WriteString(`\f`)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xF])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// javaNumber writes a JSON number literal as a Jackson tree writes it back:
// integers as they are ("-0" as "0"), numbers with a fraction or an exponent
// as Java's Double.toString does ("1.5", "100.0", "1.0E9").
func javaNumber(lit string) string {
	if !strings.ContainsAny(lit, ".eE") {
		if strings.TrimLeft(lit, "-0") == "" {
			return "0"
		}
		return lit
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil || math.IsInf(f, 0) {
		return lit
	}
	return javaDouble(f)
}

// javaDouble formats f like Java's Double.toString: plain decimal notation
// with at least one fraction digit for 1e-3 <= |f| < 1e7, else "d.dddE±n".
func javaDouble(f float64) string {
	if f == 0 {
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	// strconv gives "d.ddde+XX" with the shortest digits.
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

package filterpolicy

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// readTree parses the policy document into a tree. Its errors are worded as
// AWS words a policy that is not JSON: Jackson's message after "failed to
// parse JSON. ", then Jackson's position in the text as sent, with the source
// redacted, for example
//
//	failed to parse JSON. Unexpected character ('i' (code 105)): was expecting
//	double-quote to start field name
//	 at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2]
//
// As with Jackson's tree reader, text after the first complete value is
// ignored.

const maxDepth = 1000

type jsonParser struct {
	src       string
	pos       int
	line      int // 1-based
	lineStart int // byte offset where the current line starts
	depth     int
}

type syntaxError struct {
	msg          string
	line, column int
}

func readTree(doc string) (*node, *Error) {
	p := &jsonParser{src: doc, line: 1}
	p.skipSpace()
	if p.pos >= len(p.src) {
		return nil, p.errorAt(syntaxError{msg: "No content to map due to end-of-input", line: p.line, column: p.col(p.pos)})
	}
	n, serr := p.value()
	if serr != nil {
		return nil, p.errorAt(*serr)
	}
	return n, nil
}

func (p *jsonParser) errorAt(e syntaxError) *Error {
	return &Error{
		Param:  paramPolicy,
		Reason: "failed to parse JSON. " + e.msg,
		Location: fmt.Sprintf("at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: %d, column: %d]",
			e.line, e.column),
	}
}

// col is the 1-based column of byte offset off on the current line.
func (p *jsonParser) col(off int) int { return utf16Len(p.src[p.lineStart:off]) + 1 }

func (p *jsonParser) fail(msg string, off int) *syntaxError {
	return &syntaxError{msg: msg, line: p.line, column: p.col(off)}
}

// unexpected reports the character at pos.
func (p *jsonParser) unexpected(what string) *syntaxError {
	if p.pos >= len(p.src) {
		return p.fail("Unexpected end-of-input: "+what, p.pos)
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return p.fail("Unexpected character ("+describeChar(r)+"): "+what, p.pos)
}

// unexpectedInNumber reports the character at pos inside a number.
func (p *jsonParser) unexpectedInNumber(what string) *syntaxError {
	if p.pos >= len(p.src) {
		return p.fail("Unexpected end-of-input in numeric value: "+what, p.pos)
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return p.fail("Unexpected character ("+describeChar(r)+") in numeric value: "+what, p.pos)
}

func describeChar(r rune) string {
	if r < 0x20 {
		return fmt.Sprintf("(CTRL-CHAR, code %d)", r)
	}
	if r > 0xFF {
		return fmt.Sprintf("'%c' (code %d / 0x%x)", r, r, r)
	}
	return fmt.Sprintf("'%c' (code %d)", r, r)
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case '\n':
			p.pos++
			p.line++
			p.lineStart = p.pos
		case ' ', '\t', '\r':
			p.pos++
		default:
			return
		}
	}
}

const validValues = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"

func (p *jsonParser) value() (*node, *syntaxError) {
	if p.pos >= len(p.src) {
		return nil, p.fail("Unexpected end-of-input: expected a valid value "+validValues, p.pos)
	}
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &node{kind: kindString, text: s}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	for _, kw := range []struct {
		word string
		kind nodeKind
	}{{"true", kindTrue}, {"false", kindFalse}, {"null", kindNull}} {
		if strings.HasPrefix(p.src[p.pos:], kw.word) && !p.identAt(p.pos+len(kw.word)) {
			p.pos += len(kw.word)
			return &node{kind: kw.kind}, nil
		}
	}
	if r, _ := utf8.DecodeRuneInString(p.src[p.pos:]); unicode.IsLetter(r) || r == '_' || r == '$' {
		return nil, p.invalidToken()
	}
	return nil, p.unexpected("expected a valid value " + validValues)
}

// identAt reports whether an identifier character is at off.
func (p *jsonParser) identAt(off int) bool {
	if off >= len(p.src) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p.src[off:])
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '$'
}

// invalidToken reports the identifier-like token at pos, as Jackson does:
// the whole token is quoted and the position is after it.
func (p *jsonParser) invalidToken() *syntaxError {
	end := p.pos
	for end < len(p.src) && p.identAt(end) && end-p.pos < 256 {
		_, size := utf8.DecodeRuneInString(p.src[end:])
		end += size
	}
	return p.fail("Unrecognized token '"+p.src[p.pos:end]+"': was expecting "+validValues, end)
}

func (p *jsonParser) enter() *syntaxError {
	p.depth++
	if p.depth > maxDepth {
		return p.fail(fmt.Sprintf("Document nesting depth (%d) exceeds the maximum allowed (%d, from `StreamReadConstraints.getMaxNestingDepth()`)", p.depth, maxDepth), p.pos+1)
	}
	return nil
}

func (p *jsonParser) object() (*node, *syntaxError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	p.pos++ // '{'
	n := &node{kind: kindObject}
	var index map[string]int // built once an object is large enough
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		return n, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.fail("Unexpected end-of-input: expected close marker for Object", p.pos)
		}
		if p.src[p.pos] != '"' {
			return nil, p.unexpected("was expecting double-quote to start field name")
		}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return nil, p.unexpected("was expecting a colon to separate field name and value")
		}
		p.pos++
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		// A repeated key keeps its first position and takes the last value.
		if i := memberIndex(n.members, index, key); i >= 0 {
			n.members[i].value = v
		} else {
			n.members = append(n.members, member{key: key, value: v})
			if index != nil {
				index[key] = len(n.members) - 1
			} else if len(n.members) == indexThreshold {
				index = make(map[string]int, 2*indexThreshold)
				for i, m := range n.members {
					index[m.key] = i
				}
			}
		}
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.fail("Unexpected end-of-input: expected close marker for Object", p.pos)
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return n, nil
		default:
			return nil, p.unexpected("was expecting comma to separate Object entries")
		}
	}
}

// indexThreshold is the member count from which an object indexes its keys
// instead of scanning them.
const indexThreshold = 16

func memberIndex(members []member, index map[string]int, key string) int {
	if index != nil {
		if i, ok := index[key]; ok {
			return i
		}
		return -1
	}
	for i := range members {
		if members[i].key == key {
			return i
		}
	}
	return -1
}

func (p *jsonParser) array() (*node, *syntaxError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	p.pos++ // '['
	n := &node{kind: kindArray}
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		return n, nil
	}
	for {
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		n.items = append(n.items, v)
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.fail("Unexpected end-of-input: expected close marker for Array", p.pos)
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return n, nil
		default:
			return nil, p.unexpected("was expecting comma to separate Array entries")
		}
	}
}

// str reads a string literal at pos and returns its value.
func (p *jsonParser) str() (string, *syntaxError) {
	p.pos++ // opening quote
	// Fast path: no escapes and nothing to check byte by byte.
	for i := p.pos; i < len(p.src); i++ {
		c := p.src[i]
		if c == '"' {
			s := p.src[p.pos:i]
			if utf8.ValidString(s) {
				p.pos = i + 1
				return s, nil
			}
			break
		}
		if c == '\\' || c < 0x20 {
			break
		}
	}
	var b strings.Builder
	for {
		if p.pos >= len(p.src) {
			return "", p.fail("Unexpected end-of-input in VALUE_STRING", p.pos)
		}
		c := p.src[p.pos]
		switch {
		case c == '"':
			p.pos++
			return b.String(), nil
		case c == '\\':
			if err := p.escape(&b); err != nil {
				return "", err
			}
		case c < 0x20:
			return "", p.fail(fmt.Sprintf("Illegal unquoted character ((CTRL-CHAR, code %d)): has to be escaped using backslash to be included in string value", c), p.pos+1)
		default:
			r, size := utf8.DecodeRuneInString(p.src[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", p.fail("Invalid UTF-8 start byte 0x"+strconv.FormatUint(uint64(c), 16), p.pos+1)
			}
			b.WriteString(p.src[p.pos : p.pos+size])
			p.pos += size
		}
	}
}

func (p *jsonParser) escape(b *strings.Builder) *syntaxError {
	p.pos++ // backslash
	if p.pos >= len(p.src) {
		return p.fail("Unexpected end-of-input in character escape sequence", p.pos)
	}
	c := p.src[p.pos]
	p.pos++
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r, err := p.hex4()
		if err != nil {
			return err
		}
		// A surrogate pair is two escapes; Java keeps a lone surrogate, which
		// Go strings cannot hold, so it becomes U+FFFD.
		if r >= 0xD800 && r < 0xDC00 && strings.HasPrefix(p.src[p.pos:], `\u`) {
			save := p.pos
			p.pos += 2
			lo, err := p.hex4()
			if err == nil && lo >= 0xDC00 && lo < 0xE000 {
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
			} else {
				p.pos = save
			}
		}
		b.WriteRune(r)
	default:
		r, _ := utf8.DecodeRuneInString(p.src[p.pos-1:])
		return p.fail(fmt.Sprintf("Unrecognized character escape %s", describeChar(r)), p.pos)
	}
	return nil
}

func (p *jsonParser) hex4() (rune, *syntaxError) {
	if len(p.src)-p.pos < 4 {
		return 0, p.fail("Unexpected end-of-input in character escape sequence", len(p.src))
	}
	v, err := strconv.ParseUint(p.src[p.pos:p.pos+4], 16, 32)
	if err != nil {
		return 0, p.fail("Unexpected character in character escape sequence: expected a hex-digit", p.pos+1)
	}
	p.pos += 4
	return rune(v), nil
}

// number reads a JSON number literal at pos.
func (p *jsonParser) number() (*node, *syntaxError) {
	start := p.pos
	if p.src[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		n := 0
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	intStart := p.pos
	if digits() == 0 {
		return nil, p.unexpectedInNumber("expected digit (0-9) to follow minus sign, for valid numeric value")
	}
	if p.src[intStart] == '0' && p.pos-intStart > 1 {
		return nil, p.fail("Invalid numeric value: Leading zeroes not allowed", intStart+1)
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return nil, p.unexpectedInNumber("Decimal point not followed by a digit")
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return nil, p.unexpectedInNumber("Exponent indicator not followed by a digit")
		}
	}
	return &node{kind: kindNumber, text: p.src[start:p.pos]}, nil
}

package filterpolicy

import "encoding/json"

// lexer reads the compact policy text token by token and reports positions
// the way Jackson's streaming parser does, because AWS's messages quote them:
//
//   - after a field name the parser has already read the start of the value
//     (all of a number or keyword, the bracket of an object or array, the
//     opening quote of a string);
//   - a string value is read only up to its opening quote until its text is
//     asked for.
//
// The text is the output of compact, so it is valid JSON without white space.
type lexer struct {
	src string
	pos int // bytes consumed

	tok  tokKind
	name string // field name of the current tokField
	// Current value token: start offset and end offset (after the closing
	// quote for strings). pending is true while a string's body is unread.
	start, end int
	pending    bool

	// ahead holds the value token read with a field name.
	ahead                bool
	aheadTok             tokKind
	aheadStart, aheadEnd int

	stack []byte // '{' or '[' per open container
}

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStartObject
	tokEndObject
	tokStartArray
	tokEndArray
	tokField
	tokString
	tokNumber
	tokTrue
	tokFalse
	tokNull
	tokInvalid
)

func newLexer(src string) *lexer { return &lexer{src: src} }

// next moves to the next token and returns its kind.
func (l *lexer) next() tokKind {
	if l.ahead {
		l.ahead = false
		l.tok, l.start, l.end = l.aheadTok, l.aheadStart, l.aheadEnd
		l.pending = l.tok == tokString
		return l.tok
	}
	if l.pending { // skip the unread body of the last string
		l.pos = l.end
		l.pending = false
	}
	if l.pos < len(l.src) && (l.src[l.pos] == ',' || l.src[l.pos] == ':') {
		l.pos++
	}
	if l.pos >= len(l.src) {
		l.tok = tokEOF
		return l.tok
	}
	if l.src[l.pos] == '"' && l.expectingKey() {
		l.readField()
		return l.tok
	}
	l.tok, l.start, l.end = l.scanValue(l.pos)
	l.consumeValueStart()
	return l.tok
}

// expectingKey reports whether a string at pos is an object key: it is when
// the innermost container is an object and the string follows '{' or ','.
func (l *lexer) expectingKey() bool {
	if len(l.stack) == 0 || l.stack[len(l.stack)-1] != '{' || l.pos == 0 {
		return false
	}
	prev := l.src[l.pos-1]
	return prev == '{' || prev == ','
}

// readField reads a field name, the colon, and the start of the value, which
// next then returns without reading more.
func (l *lexer) readField() {
	end := stringEnd(l.src, l.pos)
	l.name = decodeString(l.src[l.pos:end])
	l.pos = end
	if l.pos < len(l.src) && l.src[l.pos] == ':' {
		l.pos++
	}
	l.tok = tokField
	l.pending = false
	if l.pos >= len(l.src) {
		return
	}
	tok, start, end := l.scanValue(l.pos)
	l.ahead, l.aheadTok, l.aheadStart, l.aheadEnd = true, tok, start, end
	l.consume(tok, start, end)
}

// scanValue classifies the token at pos and finds where it ends.
func (l *lexer) scanValue(pos int) (tokKind, int, int) {
	switch c := l.src[pos]; {
	case c == '{':
		return tokStartObject, pos, pos + 1
	case c == '}':
		return tokEndObject, pos, pos + 1
	case c == '[':
		return tokStartArray, pos, pos + 1
	case c == ']':
		return tokEndArray, pos, pos + 1
	case c == '"':
		return tokString, pos, stringEnd(l.src, pos)
	case c == 't' && hasAt(l.src, pos, "true"):
		return tokTrue, pos, pos + 4
	case c == 'f' && hasAt(l.src, pos, "false"):
		return tokFalse, pos, pos + 5
	case c == 'n' && hasAt(l.src, pos, "null"):
		return tokNull, pos, pos + 4
	case c == '-' || (c >= '0' && c <= '9'):
		end := pos + 1
		for end < len(l.src) && isNumberByte(l.src[end]) {
			end++
		}
		return tokNumber, pos, end
	}
	return tokInvalid, pos, pos + 1
}

// consumeValueStart advances past what Jackson reads of the current token.
func (l *lexer) consumeValueStart() {
	l.consume(l.tok, l.start, l.end)
	l.pending = l.tok == tokString
}

// consume advances past what Jackson reads of a token when it meets it (all
// of it, but only the opening quote of a string) and tracks containers.
func (l *lexer) consume(tok tokKind, start, end int) {
	switch tok {
	case tokStartObject:
		l.stack = append(l.stack, '{')
	case tokStartArray:
		l.stack = append(l.stack, '[')
	case tokEndObject, tokEndArray:
		if len(l.stack) > 0 {
			l.stack = l.stack[:len(l.stack)-1]
		}
	}
	if tok == tokString {
		l.pos = start + 1
		return
	}
	l.pos = end
}

// text returns the current token's text as Jackson's getText does: a string's
// value (reading the rest of it), a field's name, a number's literal, or the
// punctuation or keyword itself.
func (l *lexer) text() string {
	switch l.tok {
	case tokField:
		return l.name
	case tokString:
		if l.pending {
			l.pos = l.end
			l.pending = false
		}
		return decodeString(l.src[l.start:l.end])
	case tokEOF:
		return ""
	}
	return l.src[l.start:l.end]
}

// column is the 1-based position of the next unread character.
func (l *lexer) column() int { return utf16Len(l.src[:l.pos]) + 1 }

func hasAt(s string, pos int, word string) bool {
	return len(s)-pos >= len(word) && s[pos:pos+len(word)] == word
}

func isNumberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
}

// stringEnd returns the offset after the closing quote of the string that
// starts at pos.
func stringEnd(s string, pos int) int {
	for i := pos + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(s)
}

// decodeString unquotes a JSON string literal.
func decodeString(lit string) string {
	var s string
	if err := json.Unmarshal([]byte(lit), &s); err != nil {
		return lit
	}
	return s
}

package filterpolicy

// value is one leaf of a message as the matcher sees it: a string, a number
// (kept as its literal and, when in range, its comparable form), true, false
// or null.
type value struct {
	kind valueKind
	text string // the string, or the number's literal
	cn   int64  // comparable form of a number
	cnOK bool
}

type valueKind uint8

const (
	valString valueKind = iota
	valNumber
	valTrue
	valFalse
	valNull
)

func stringValue(s string) value { return value{kind: valString, text: s} }

func numberValue(lit string) value {
	cn, ok := comparable(parseNumber(lit))
	return value{kind: valNumber, text: lit, cn: cn, cnOK: ok}
}

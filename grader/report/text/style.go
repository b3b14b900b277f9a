package text

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// style colours text with ANSI codes, or leaves it alone.
type style struct{ on bool }

func newStyle(colour bool) style { return style{on: colour} }

const reset = "\x1b[0m"

func (s style) paint(code, text string) string {
	if !s.on || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + reset
}

func (s style) pass(t string) string { return s.paint("32", t) } // green
func (s style) fail(t string) string { return s.paint("31", t) } // red
func (s style) warn(t string) string { return s.paint("33", t) } // yellow
func (s style) hint(t string) string { return s.paint("36", t) } // cyan
func (s style) dim(t string) string  { return s.paint("2", t) }  // faint
func (s style) bold(t string) string { return s.paint("1", t) }  // bold

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// stripANSI removes the colours this package writes, to measure text.
func stripANSI(s string) string { return ansi.ReplaceAllString(s, "") }

// clean makes a string from a submission or a test's output safe to print
// on a terminal: control characters (an escape sequence could clear the
// screen or fake a colour) become spaces, and runs of white space one space.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// width is the number of columns s takes, counting one per rune: close
// enough for the names and hints of the catalogue.
func width(s string) int { return utf8.RuneCountInString(s) }

// wrap breaks text into lines of at most limit columns at spaces; a word
// longer than the limit (a path, say) gets a line of its own.
func wrap(text string, limit int) []string {
	var lines []string
	var line strings.Builder
	for _, word := range strings.Fields(text) {
		if line.Len() > 0 && width(stripANSI(line.String()))+1+width(stripANSI(word)) > limit {
			lines = append(lines, line.String())
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(word)
	}
	if line.Len() > 0 || len(lines) == 0 {
		lines = append(lines, line.String())
	}
	return lines
}

// escapeControls makes a value from a check safe to print without changing
// what it says: control characters are written as Go escapes (\n, \x1b),
// and spaces are kept, runs and all.
func escapeControls(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// breakValue cuts v into lines of at most limit columns, before a space
// when one falls in the second half of the line (the space starts the next
// line, so none is lost), else wherever the limit falls.
func breakValue(v string, limit int) []string {
	runes := []rune(v)
	var lines []string
	for len(runes) > limit {
		cut := limit
		for i := limit; i > limit/2; i-- {
			if runes[i] == ' ' {
				cut = i
				break
			}
		}
		lines = append(lines, string(runes[:cut]))
		runes = runes[cut:]
	}
	return append(lines, string(runes))
}

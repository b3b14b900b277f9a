package filterpolicy

import (
	"strconv"
	"unicode/utf8"
)

// Error is a rejected filter policy, worded as AWS words it. See the package
// documentation for how the SNS service turns it into an InvalidParameter
// error.
type Error struct {
	// Param labels the message: "FilterPolicy", "FilterPolicyScope", or empty
	// when AWS sends the reason alone.
	Param string
	// Reason is AWS's explanation, for example "Filter policy is too complex".
	Reason string
	// Location is the JSON parser's position, for example
	// `at [Source: (String)"{"key":[]}"; line: 1, column: 10]`, or empty.
	Location string
}

// Error returns the text that follows "Invalid parameter: " in AWS's message.
func (e *Error) Error() string {
	msg := e.Reason
	if e.Param != "" {
		msg = e.Param + ": " + msg
	}
	if e.Location != "" {
		msg += "\n " + e.Location
	}
	return msg
}

// policyError is a FilterPolicy error without a position.
func policyError(reason string) *Error {
	return &Error{Param: paramPolicy, Reason: reason}
}

const (
	paramPolicy = "FilterPolicy"
	paramScope  = "FilterPolicyScope"
	// snippetLimit is how many characters of the policy the JSON parser quotes
	// in a position before it truncates (Jackson's MAX_CONTENT_SNIPPET).
	snippetLimit = 500
)

// location formats a position in the compact policy text the way Jackson does:
// column is 1-based and counts UTF-16 code units, like Java strings.
func location(src string, column int) string {
	quoted := src
	truncated := 0
	if n := utf16Len(src); n > snippetLimit {
		quoted = utf16Prefix(src, snippetLimit)
		truncated = n - snippetLimit
	}
	s := `at [Source: (String)"` + quoted + `"`
	if truncated > 0 {
		s += "[truncated " + strconv.Itoa(truncated) + " chars]"
	}
	return s + "; line: 1, column: " + strconv.Itoa(column) + "]"
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Units(r)
	}
	return n
}

// utf16Prefix returns the longest prefix of s that is at most limit UTF-16
// code units long.
func utf16Prefix(s string, limit int) string {
	n := 0
	for i, r := range s {
		u := utf16Units(r)
		if n+u > limit {
			return s[:i]
		}
		n += u
	}
	return s
}

func utf16Units(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

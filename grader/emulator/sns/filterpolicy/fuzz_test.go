package filterpolicy

import (
	"errors"
	"testing"
)

// FuzzParseMatch checks that no policy text and no message make Parse or
// Match panic, that every rejection is an *Error, and that Match does not
// depend on anything but its input.
func FuzzParseMatch(f *testing.F) {
	seeds := []struct{ policy, body, attr string }{
		{`{"key": [["value"]]}`, `{"key": "value"}`, "value"},
		{`{"attr1": [{"numeric": [">", 0, "<=", 100]}]}`, `{"attr1": 99}`, "99"},
		{`{"store": [{"exists": false}], "a": [{"anything-but": {"prefix": "x"}}]}`, `{"a": "y"}`, `["value1"]`},
		{`{"$or": [{"a": ["1"]}, {"b": {"c": [{"cidr": "10.0.0.0/8"}]}}]}`, `{"b": {"c": "10.1.2.3"}}`, "10.1.2.3"},
		{`{"Records": {"s3": {"object": {"key": [{"prefix": "auto-"}]}}}}`, `{"Records": [{"s3": {"object": [[{"key": "auto-x"}]]}}]}`, ""},
		{`{"a": [{"equals-ignore-case": "X"}, {"suffix": "z"}, null, true, 1.5e3]}`, `{"a": [null, true, 1500]}`, "x"},
		{`{invalidjson}`, `not json`, ""},
		{"{\"a\":[\"\\u00e9\\ud83d\\ude00\"]}", `{"a": "é😀"}`, "é"},
	}
	for _, s := range seeds {
		f.Add(s.policy, true, s.body, s.attr)
		f.Add(s.policy, false, s.body, s.attr)
	}
	f.Fuzz(func(t *testing.T, policy string, body bool, msgBody, attr string) {
		scope := MessageAttributes
		if body {
			scope = MessageBody
		}
		p, err := Parse(policy, scope)
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) || perr.Reason == "" {
				t.Fatalf("Parse(%q) error %v is not a filterpolicy *Error with a reason", policy, err)
			}
			return
		}
		msg := Message{Body: msgBody, Attributes: attrs{
			"a": str(attr), "attr1": num(attr), "store": list(attr), "key": str(attr),
		}}
		first := p.Match(msg)
		if p.Match(msg) != first {
			t.Fatalf("Match is not deterministic for policy %q", policy)
		}
	})
}

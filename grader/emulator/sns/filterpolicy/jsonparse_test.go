package filterpolicy

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const redacted = " at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); "

func TestParseInvalidJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, policy, want string
	}{
		// Recorded (test_sns.snapshot.json, SetSubscriptionAttributes).
		{"invalid-json-filter-policy", "{invalidjson}",
			"FilterPolicy: failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start field name\n" + redacted + "line: 1, column: 2]"},
		// Message recorded for Subscribe; the input is reconstructed.
		{"subscribe-invalid-filter-policy", "invalid-policy",
			"FilterPolicy: failed to parse JSON. Unrecognized token 'invalid': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n" + redacted + "line: 1, column: 8]"},
		{"missing colon", `{"a" ["b"]}`,
			"FilterPolicy: failed to parse JSON. Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value\n" + redacted + "line: 1, column: 6]"},
		{"missing comma in array", "{\n  \"a\": [\"b\" \"c\"]\n}",
			"FilterPolicy: failed to parse JSON. Unexpected character ('\"' (code 34)): was expecting comma to separate Array entries\n" + redacted + "line: 2, column: 13]"},
		{"unclosed object", `{"a": ["b"]`,
			"FilterPolicy: failed to parse JSON. Unexpected end-of-input: expected close marker for Object\n" + redacted + "line: 1, column: 12]"},
		{"leading zero", `{"a": [01]}`,
			"FilterPolicy: failed to parse JSON. Invalid numeric value: Leading zeroes not allowed\n" + redacted + "line: 1, column: 9]"},
		{"empty", "  ",
			"FilterPolicy: failed to parse JSON. No content to map due to end-of-input\n" + redacted + "line: 1, column: 3]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.policy, MessageAttributes)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestParseRuleErrors(t *testing.T) {
	t.Parallel()
	// Messages of AWS's rule compiler that the recordings do not cover; the
	// positions follow the same rules as the recorded ones.
	tests := []struct {
		name, policy, reason string
		scope                Scope
	}{
		{"not an object", `["a"]`, "Filter is not an object", MessageBody},
		{"empty object", `{"a": {}}`, "Empty objects are not allowed", MessageBody},
		{"empty policy", `{}`, "Empty objects are not allowed", MessageBody},
		{"or not array", `{"$or": {"a": ["b"]}}`, "It must be an Array followed with $or.", MessageBody},
		{"or with one object", `{"$or": [{"a": ["b"]}]}`, "There must have at least 2 Objects in $or relationship.", MessageBody},
		{"or with a string", `{"$or": [{"a": ["b"]}, "c"]}`, "Only JSON object is allowed in array of $or relationship.", MessageBody},
		{"operator as key in or", `{"$or": [{"prefix": ["b"]}, {"c": ["d"]}]}`, "prefix is Ruler reserved fieldName which cannot be used inside $or.", MessageBody},
		{"match expression without key", `{"a": [{}]}`, "Match expression name not found", MessageBody},
		{"equals-ignore-case number", `{"a": [{"equals-ignore-case": 1}]}`, "equals-ignore-case match pattern must be a string", MessageBody},
		{"numeric not array", `{"a": [{"numeric": 5}]}`, "Value of numeric must be an array.", MessageBody},
		{"numeric out of range", `{"a": [{"numeric": [">", 6e9]}]}`, "Value must be between -5.0E9 and 5.0E9, inclusive", MessageBody},
		{"anything-but null", `{"a": [{"anything-but": null}]}`, "Value of anything-but must be an array or single string/number value.", MessageBody},
		{"anything-but mixed list", `{"a": [{"anything-but": ["x", 1]}]}`, "Inside anything but list, either all values are number or string, mixed type is not supported", MessageBody},
		{"anything-but empty list", `{"a": [{"anything-but": []}]}`, "Inside anything but list, either all values are number or string, mixed type is not supported", MessageBody},
		{"anything-but bool in list", `{"a": [{"anything-but": ["x", true]}]}`, "Inside anything but list, start|null|boolean is not supported.", MessageBody},
		{"anything-but equals-ignore-case", `{"a": [{"anything-but": {"equals-ignore-case": "x"}}]}`, "Unsupported anything-but pattern: equals-ignore-case", MessageBody},
		{"anything-but empty prefix", `{"a": [{"anything-but": {"prefix": ""}}]}`, "Null prefix not allowed", MessageBody},
		{"wildcard", `{"a": [{"wildcard": "x*"}]}`, "Unrecognized match type wildcard", MessageBody},
		{"exists two keys", `{"a": [{"exists": true, "prefix": "x"}]}`, "Only one key allowed in match expression", MessageBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.policy, tt.scope)
			var perr *Error
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, tt.reason, perr.Reason)
			assert.Contains(t, perr.Location, "; line: 1, column: ")
		})
	}
}

func TestErrorLocationTruncatesLongPolicies(t *testing.T) {
	t.Parallel()
	long := make([]byte, 0, 700)
	long = append(long, `{"key":["`...)
	for len(long) < 600 {
		long = append(long, 'x')
	}
	long = append(long, `"],"bad":"v"}`...)
	_, err := Parse(string(long), MessageBody)
	var perr *Error
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, `"bad" must be an object or an array`, perr.Reason)
	assert.Contains(t, perr.Location, `"[truncated 113 chars]; line: 1, column: 611]`)
}

func TestCompactNumbers(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"1": "1", "-0": "0", "100": "100", "1.5": "1.5", "1.50": "1.5", "100.0": "100.0",
		"1e3": "1000.0", "1E7": "1.0E7", "0.0001": "1.0E-4", "2.5e-3": "0.0025", "-1.0E9": "-1.0E9",
	}
	for in, want := range tests {
		assert.Equal(t, want, javaNumber(in), in)
	}
}

package filterpolicy

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subscribePrefix is what AWS puts before the policy error in Subscribe's
// InvalidParameter message; SetSubscriptionAttributes uses "Invalid parameter: ".
const subscribePrefix = "Invalid parameter: Attributes Reason: "

// The policies below are sent as Python's json.dumps writes them (with
// spaces); the messages are the ones real AWS returned for them through
// Subscribe (shared/aws-parity/test_sns_filter_policy.snapshot.json). AWS
// quotes the policy without spaces and counts columns in that form.
func TestParseRecordedSyntaxErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, policy, want string
	}{
		{"error-condition-list", `{"key": [["value"]]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Match value must be String, number, true, false, or null\n at [Source: (String)\"{\"key\":[[\"value\"]]}\"; line: 1, column: 10]"},
		{"error-condition-operator", `{"key": [{"wrong-operator": true}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Unrecognized match type wrong-operator\n at [Source: (String)\"{\"key\":[{\"wrong-operator\":true}]}\"; line: 1, column: 31]"},
		{"error-condition-two-operators", `{"key": [{"suffix": "value", "prefix": "value2"}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Only one key allowed in match expression\n at [Source: (String)\"{\"key\":[{\"suffix\":\"value\",\"prefix\":\"value2\"}]}\"; line: 1, column: 37]"},
		{"error-condition-is-numeric", `{"key": [{"suffix": 100}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: suffix match pattern must be a string\n at [Source: (String)\"{\"key\":[{\"suffix\":100}]}\"; line: 1, column: 22]"},
		{"error-condition-is-none", `{"key": [{"suffix": null}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: suffix match pattern must be a string\n at [Source: (String)\"{\"key\":[{\"suffix\":null}]}\"; line: 1, column: 23]"},
		{"error-condition-is-not-list-and-operator", `{"key": {"suffix": "value"}}`, "Invalid parameter: Attributes Reason: FilterPolicy: \"suffix\" must be an object or an array\n at [Source: (String)\"{\"key\":{\"suffix\":\"value\"}}\"; line: 1, column: 19]"},
		{"error-condition-empty-list", `{"key": [{"suffix": []}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: suffix match pattern must be a string\n at [Source: (String)\"{\"key\":[{\"suffix\":[]}]}\"; line: 1, column: 20]"},
		{"error-condition-list-wrong-type", `{"key": [{"suffix": ["test", "test2"]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: suffix match pattern must be a string\n at [Source: (String)\"{\"key\":[{\"suffix\":[\"test\",\"test2\"]}]}\"; line: 1, column: 20]"},
		{"error-condition-is-not-list-two-ops", `{"key": {"suffix": "value", "prefix": "value"}}`, "Invalid parameter: Attributes Reason: FilterPolicy: \"suffix\" must be an object or an array\n at [Source: (String)\"{\"key\":{\"suffix\":\"value\",\"prefix\":\"value\"}}\"; line: 1, column: 19]"},
		{"error-condition-is-not-list-and-no-operator", `{"key": {"not-an-operator": "value"}}`, "Invalid parameter: Attributes Reason: FilterPolicy: \"not-an-operator\" must be an object or an array\n at [Source: (String)\"{\"key\":{\"not-an-operator\":\"value\"}}\"; line: 1, column: 28]"},
		{"error-condition-bad-type", `{"key": [{"cidr": ["bad-filter"]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: prefix match pattern must be a string\n at [Source: (String)\"{\"key\":[{\"cidr\":[\"bad-filter\"]}]}\"; line: 1, column: 18]"},
		{"error-condition-empty-array", `{"key": []}`, "Invalid parameter: Attributes Reason: FilterPolicy: Empty arrays are not allowed\n at [Source: (String)\"{\"key\":[]}\"; line: 1, column: 10]"},
		{"error-numeric-empty", `{"key": [{"numeric": []}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Invalid member in numeric match: ]\n at [Source: (String)\"{\"key\":[{\"numeric\":[]}]}\"; line: 1, column: 22]"},
		{"error-numeric-wrong-operator", `{"key": [{"numeric": ["operator"]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Unrecognized numeric range operator: operator\n at [Source: (String)\"{\"key\":[{\"numeric\":[\"operator\"]}]}\"; line: 1, column: 32]"},
		{"error-numeric-operator-order", `{"key": [{"numeric": [1, "<="]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Invalid member in numeric match: 1\n at [Source: (String)\"{\"key\":[{\"numeric\":[1,\"<=\"]}]}\"; line: 1, column: 22]"},
		{"error-numeric-type", `{"key": [{"numeric": ["=", "000"]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Value of equals must be numeric\n at [Source: (String)\"{\"key\":[{\"numeric\":[\"=\",\"000\"]}]}\"; line: 1, column: 26]"},
		{"error-numeric-missing-value", `{"key": [{"numeric": [">="]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Value of >= must be numeric\n at [Source: (String)\"{\"key\":[{\"numeric\":[\">=\"]}]}\"; line: 1, column: 26]"},
		{"error-numeric-wrong-range-order", `{"key": [{"numeric": ["<", 100, ">", 10]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Too many elements in numeric expression\n at [Source: (String)\"{\"key\":[{\"numeric\":[\"<\",100,\">\",10]}]}\"; line: 1, column: 30]"},
		{"error-numeric-wrong-range-operators", `{"key": [{"numeric": [">=", 1, ">", 2]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Bad numeric range operator: >\n at [Source: (String)\"{\"key\":[{\"numeric\":[\">=\",1,\">\",2]}]}\"; line: 1, column: 31]"},
		{"error-numeric-wrong-value-order", `{"key": [{"numeric": [">", 3, "<", 1]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Bottom must be less than top\n at [Source: (String)\"{\"key\":[{\"numeric\":[\">\",3,\"<\",1]}]}\"; line: 1, column: 33]"},
		{"error-numeric-missing-range-value", `{"key": [{"numeric": [">", 20, "<="]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Value of <= must be numeric\n at [Source: (String)\"{\"key\":[{\"numeric\":[\">\",20,\"<=\"]}]}\"; line: 1, column: 33]"},
		{"error-numeric-missing-range-operator", `{"key": [{"numeric": [">", 20, 30]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Bad value in numeric range: 30\n at [Source: (String)\"{\"key\":[{\"numeric\":[\">\",20,30]}]}\"; line: 1, column: 30]"},
		{"error-numeric-wrong-second-range-operator", `{"key": [{"numeric": [">", 20, "test"]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Bad numeric range operator: test\n at [Source: (String)\"{\"key\":[{\"numeric\":[\">\",20,\"test\"]}]}\"; line: 1, column: 34]"},
		{"error-numeric-wrong-range-value-1-type", `{"key": [{"numeric": [">", "20", "<", "30"]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Value of > must be numeric\n at [Source: (String)\"{\"key\":[{\"numeric\":[\">\",\"20\",\"<\",\"30\"]}]}\"; line: 1, column: 26]"},
		{"error-numeric-wrong-range-value-2-type", `{"key": [{"numeric": [">", 20, "<", "30"]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Value of < must be numeric\n at [Source: (String)\"{\"key\":[{\"numeric\":[\">\",20,\"<\",\"30\"]}]}\"; line: 1, column: 33]"},
		{"error-numeric-too-many-range", `{"key": [{"numeric": [">", 20, "<", 30, "<", 50]}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Too many terms in numeric range expression\n at [Source: (String)\"{\"key\":[{\"numeric\":[\">\",20,\"<\",30,\"<\",50]}]}\"; line: 1, column: 36]"},
		{"error-condition-none", `{"key": [{"exists": null}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: exists match pattern must be either true or false.\n at [Source: (String)\"{\"key\":[{\"exists\":null}]}\"; line: 1, column: 23]"},
		{"error-condition-string", `{"key": [{"exists": "no"}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: exists match pattern must be either true or false.\n at [Source: (String)\"{\"key\":[{\"exists\":\"no\"}]}\"; line: 1, column: 20]"},
		{"error-condition-wrong-operator", `{"key": [{"anything-but": {"wrong-operator": null}}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Unsupported anything-but pattern: wrong-operator\n at [Source: (String)\"{\"key\":[{\"anything-but\":{\"wrong-operator\":null}}]}\"; line: 1, column: 47]"},
		{"error-condition-anything-but-suffix", `{"key": [{"anything-but": {"suffix": "test"}}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Unsupported anything-but pattern: suffix\n at [Source: (String)\"{\"key\":[{\"anything-but\":{\"suffix\":\"test\"}}]}\"; line: 1, column: 36]"},
		{"error-condition-anything-but-exists", `{"key": [{"anything-but": {"exists": false}}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: Unsupported anything-but pattern: exists\n at [Source: (String)\"{\"key\":[{\"anything-but\":{\"exists\":false}}]}\"; line: 1, column: 40]"},
		{"error-condition-anything-but-prefix-wrong-type", `{"key": [{"anything-but": {"prefix": false}}]}`, "Invalid parameter: Attributes Reason: FilterPolicy: prefix match pattern must be a string\n at [Source: (String)\"{\"key\":[{\"anything-but\":{\"prefix\":false}}]}\"; line: 1, column: 40]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse(tt.policy, MessageAttributes)
			require.Nil(t, p)
			var perr *Error
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, tt.want, subscribePrefix+err.Error())
			assert.Equal(t, "FilterPolicy", perr.Param)
			assert.Equal(t, strings.SplitN(strings.TrimPrefix(tt.want, subscribePrefix+"FilterPolicy: "), "\n", 2)[0], perr.Reason)
		})
	}
}

// Errors AWS reports without a position: the SNS limits (recorded) and the
// cidr checks (messages recorded; the inputs are reconstructed to produce
// them). SetSubscriptionAttributes prefixes them with "Invalid parameter: ".
func TestParseErrorsWithoutPosition(t *testing.T) {
	t.Parallel()
	values := func(prefix string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("%s%d", prefix, i)
		}
		return out
	}
	tests := []struct {
		name   string
		policy any
		scope  Scope
		want   string
	}{
		{"error-complexity-in-one-condition", map[string]any{"key": values("value", 151)}, MessageAttributes,
			"FilterPolicy: Filter policy is too complex"},
		{"error-complexity-in-two-conditions", map[string]any{"key1": values("value", 100), "key2": values("value", 51)}, MessageAttributes,
			"FilterPolicy: Filter policy is too complex"},
		{"error-complexity-too-many-fields", map[string]any{
			"key1": []string{"value1"}, "key2": []string{"value2"}, "key3": []string{"value3"},
			"key4": []string{"value4"}, "key5": []string{"value5"}, "key6": []string{"value6"},
		}, MessageAttributes, "FilterPolicy: Filter policy can not have more than 5 keys"},
		// (4*6) + (4*4*4) + (4*4*4) = 152
		{"error-complexity-or-flat", `{
			"source": ["aws.cloudwatch", "aws.events", "aws.test", "aws.test2"],
			"$or": [
				{"metricName": ["CPUUtilization", "ReadLatency", "t1", "t2", "t3", "t4"]},
				{"metricType": ["MetricType", "TestType", "TestType2", "TestType3"],
				 "$or": [{"metricId": [1234, 4321, 5678, 9012]}, {"spaceId": [1, 2, 3, 4]}]}
			]}`, MessageAttributes, "FilterPolicy: Filter policy is too complex"},
		// Nested keys count their depth: (3*4*2) + (3*4*6) + (2*4*2) + (2*4*6) = 160
		{"error-complexity-or-nested", `{
			"$or": [
				{"metricName": ["CPUUtilization", "ReadLatency", "TestValue"]},
				{"namespace": ["AWS/EC2", "AWS/ES"]}
			],
			"detail": {
				"scope": ["Service", "Test"],
				"$or": [
					{"source": ["aws.cloudwatch"]},
					{"type": ["CloudWatch Alarm State Change", "TestValue", "TestValue2"]}
				]
			}}`, MessageBody, "FilterPolicy: Filter policy is too complex"},
		// 3x4 (depth 3) * 3x2 (depth 2) * 3x1 = 216
		{"sub-filter-policy-nested-error-too-many-combinations", `{
			"key_a": {"key_b": {"key_c": ["value_one", "value_two", "value_three", "value_four"]}},
			"key_d": {"key_e": ["value_one", "value_two", "value_three"]},
			"key_f": ["value_one", "value_two", "value_three"]}`, MessageBody,
			"FilterPolicy: Filter policy is too complex"},
		{"sub-filter-policy-nested-error", map[string]any{"object": map[string]any{"key": []any{map[string]any{"prefix": "auto-"}}}}, MessageAttributes,
			"Filter policy scope MessageAttributes does not support nested filter policy"},
		{"error-condition-bad-cidr-str", map[string]any{"key": []any{map[string]any{"cidr": "bad-filter"}}}, MessageBody,
			"FilterPolicy: Malformed CIDR, one '/' required"},
		{"error-condition-bad-cidr-str-slash", map[string]any{"key": []any{map[string]any{"cidr": "bad-filter/64"}}}, MessageBody,
			"FilterPolicy: Nonstandard IP address: bad-filter"},
		{"error-condition-bad-cidr-str-slash-2", map[string]any{"key": []any{map[string]any{"cidr": "bad-filter/xx"}}}, MessageBody,
			"FilterPolicy: Malformed CIDR, mask bits must be an integer"},
		{"error-condition-bad-cidr-v4", map[string]any{"key": []any{map[string]any{"cidr": "xx.11.xx/8"}}}, MessageBody,
			"FilterPolicy: Nonstandard IP address: xx.11.xx"},
		{"error-condition-bad-cidr-v6", map[string]any{"key": []any{map[string]any{"cidr": "xxxx:db8:1234:1a00::/64"}}}, MessageBody,
			"FilterPolicy: Nonstandard IP address: xxxx:db8:1234:1a00::"},
		{"cidr-trailing-slash", map[string]any{"key": []any{map[string]any{"cidr": "10.0.0.0/"}}}, MessageBody,
			"FilterPolicy: Malformed CIDR, one '/' required"},
		{"cidr-negative-mask", map[string]any{"key": []any{map[string]any{"cidr": "10.0.0.0/-1"}}}, MessageBody,
			"FilterPolicy: Malformed CIDR, mask bits must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, ok := tt.policy.(string)
			if !ok {
				b, err := json.Marshal(tt.policy)
				require.NoError(t, err)
				doc = string(b)
			}
			p, err := Parse(doc, tt.scope)
			require.Nil(t, p)
			var perr *Error
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, tt.want, err.Error())
			assert.Empty(t, perr.Location)
		})
	}
}

func TestParseRecordedAccepted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, policy string
		scope        Scope
	}{
		// Exactly 150 combinations: (3*6) + (3*4*4) + (3*4*7).
		{"complexity-150", `{"source": ["aws.cloudwatch", "aws.events", "aws.test"],
			"$or": [{"metricName": ["CPUUtilization", "ReadLatency", "TestVal", "TestVal2", "TestVal3", "TestVal4"]},
				{"metricType": ["MetricType", "TestType", "TestType2", "TestType3"],
				 "$or": [{"metricId": [1234, 4321, 5678, 9012]}, {"spaceId": [1, 2, 3, 4, 5, 6, 7]}]}]}`, MessageAttributes},
		{"anything-but-prefix", `{"key": [{"anything-but": {"prefix": "test-"}}]}`, MessageAttributes},
		{"anything-but-list", `{"key": [{"anything-but": ["test", "test2"]}]}`, MessageAttributes},
		{"anything-but-single", `{"key": [{"anything-but": "test"}]}`, MessageAttributes},
		{"nested-body", `{"object": {"key": [{"prefix": "auto-"}]}}`, MessageBody},
		{"null-or-anything-but", `{"attr1": [null, {"anything-but": "whatever"}]}`, MessageAttributes},
		{"default-scope", `{"attr": ["match-this"]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse(tt.policy, tt.scope)
			require.NoError(t, err)
			require.NotNil(t, p)
		})
	}
}

func TestParseScope(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"MessageAttributes", "MessageBody"} {
		got, err := ParseScope(s)
		require.NoError(t, err)
		assert.Equal(t, Scope(s), got)
	}
	_, err := ParseScope("RandomValue")
	require.Error(t, err)
	// Recorded: "Invalid parameter: FilterPolicyScope: Invalid value [RandomValue]. ..."
	assert.Equal(t, "Invalid parameter: FilterPolicyScope: Invalid value [RandomValue]. Please use either MessageBody or MessageAttributes",
		"Invalid parameter: "+err.Error())
	_, err = Parse(`{"a":["b"]}`, Scope("RandomValue"))
	require.Error(t, err)
}

// Recorded through SetSubscriptionAttributes, whose prefix is "Invalid parameter: ".
func TestParseRecordedSetAttributesError(t *testing.T) {
	t.Parallel()
	_, err := Parse(`{"key_a": "value_one"}`, MessageBody)
	require.Error(t, err)
	assert.Equal(t, "Invalid parameter: FilterPolicy: \"key_a\" must be an object or an array\n at [Source: (String)\"{\"key_a\":\"value_one\"}\"; line: 1, column: 11]",
		"Invalid parameter: "+err.Error())
}

package filterpolicy

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

func str(v string) msgattr.Value  { return msgattr.Value{DataType: "String", StringValue: v} }
func num(v string) msgattr.Value  { return msgattr.Value{DataType: "Number", StringValue: v} }
func list(v string) msgattr.Value { return msgattr.Value{DataType: "String.Array", StringValue: v} }

type attrs = map[string]msgattr.Value

// matchCase is one message and whether AWS delivered it.
type matchCase struct {
	name  string
	attrs attrs
	body  string
	want  bool
}

func runMatchCases(t *testing.T, policy string, scope Scope, cases []matchCase) {
	t.Helper()
	p, err := Parse(policy, scope)
	require.NoError(t, err)
	for _, c := range cases {
		got := p.Match(Message{Attributes: c.attrs, Body: c.body})
		assert.Equal(t, c.want, got, "%s: policy %s", c.name, policy)
	}
}

// Outcomes recorded against AWS (test_sns_filter_policy.snapshot.json,
// TestSNSFilterPolicyAttributes and test_filter_policy_for_batch).
func TestMatchAttributesRecorded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, policy string
		cases        []matchCase
	}{
		{"numeric range", `{"attr1": [{"numeric": [">", 0, "<=", 100]}]}`, []matchCase{
			{"99 passes", attrs{"attr1": num("99")}, "", true},
			{"99.12 passes", attrs{"attr1": num("99.12")}, "", true},
			{"111 is filtered", attrs{"attr1": num("111")}, "", false},
		}},
		{"null or anything-but", `{"attr1": [null, {"anything-but": "whatever"}]}`, []matchCase{
			{"no attributes is filtered", nil, "", false},
		}},
		{"exists true", `{"store": [{"exists": true}]}`, []matchCase{
			{"store present passes", attrs{"store": num("99"), "def": num("99")}, "", true},
			{"store absent is filtered", attrs{"attr1": num("111")}, "", false},
		}},
		{"exists false", `{"store": [{"exists": false}]}`, []matchCase{
			{"store absent passes", attrs{"def": num("99")}, "", true},
			{"store present is filtered", attrs{"store": num("99"), "def": num("99")}, "", false},
		}},
		{"string and String.Array", `{"store": ["value1"]}`, []matchCase{
			{"String passes", attrs{"store": str("value1")}, "", true},
			{"String.Array with the value passes", attrs{"store": list(`["value1", "value2"]`)}, "", true},
			{"String.Array without it is filtered", attrs{"store": list(`["value2", "value3"]`)}, "", false},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runMatchCases(t, tt.policy, MessageAttributes, tt.cases)
		})
	}
}

// Operator semantics from the AWS SNS filtering documentation, on attributes.
func TestMatchAttributeOperators(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, policy string
		cases        []matchCase
	}{
		{"exact string is case sensitive", `{"color": ["red", "blue"]}`, []matchCase{
			{"red", attrs{"color": str("red")}, "", true},
			{"Red", attrs{"color": str("Red")}, "", false},
			{"absent", nil, "", false},
			{"number 1 is not string", attrs{"color": num("1")}, "", false},
		}},
		{"exact number", `{"price": [301.5, 10]}`, []matchCase{
			{"301.5", attrs{"price": num("301.5")}, "", true},
			{"301.50", attrs{"price": num("301.50")}, "", true},
			{"1e1", attrs{"price": num("1e1")}, "", true},
			{"string 10 is not a number", attrs{"price": str("10")}, "", false},
		}},
		{"numeric equals", `{"price": [{"numeric": ["=", 301.5]}]}`, []matchCase{
			{"301.5", attrs{"price": num("301.5")}, "", true},
			{"301.500001", attrs{"price": num("301.500001")}, "", false},
			{"301.5000001 is equal at six decimals", attrs{"price": num("301.5000001")}, "", true},
		}},
		{"numeric bounds", `{"p": [{"numeric": [">=", 0, "<", 100]}]}`, []matchCase{
			{"0", attrs{"p": num("0")}, "", true},
			{"-0.000001", attrs{"p": num("-0.000001")}, "", false},
			{"99.99999", attrs{"p": num("99.99999")}, "", true},
			{"100", attrs{"p": num("100")}, "", false},
			{"out of range value", attrs{"p": num("6e9")}, "", false},
		}},
		{"numeric one sided", `{"p": [{"numeric": ["<=", -5]}, {"numeric": [">", 1e9]}]}`, []matchCase{
			{"-5", attrs{"p": num("-5")}, "", true},
			{"-4", attrs{"p": num("-4")}, "", false},
			{"1000000001", attrs{"p": num("1000000001")}, "", true},
		}},
		{"prefix and suffix", `{"f": [{"prefix": "auto-"}, {"suffix": ".png"}]}`, []matchCase{
			{"prefix", attrs{"f": str("auto-insurance")}, "", true},
			{"suffix", attrs{"f": str("image.png")}, "", true},
			{"neither", attrs{"f": str("home-insurance.jpg")}, "", false},
		}},
		{"equals-ignore-case", `{"f": [{"equals-ignore-case": "ReD"}]}`, []matchCase{
			{"red", attrs{"f": str("red")}, "", true},
			{"RED", attrs{"f": str("RED")}, "", true},
			{"reds", attrs{"f": str("reds")}, "", false},
		}},
		{"anything-but list", `{"f": [{"anything-but": ["rugby", "tennis"]}]}`, []matchCase{
			{"football", attrs{"f": str("football")}, "", true},
			{"rugby", attrs{"f": str("rugby")}, "", false},
			{"absent", nil, "", false},
			{"String.Array with another value", attrs{"f": list(`["rugby", "golf"]`)}, "", true},
			{"String.Array of excluded values", attrs{"f": list(`["rugby", "tennis"]`)}, "", false},
		}},
		{"anything-but number", `{"n": [{"anything-but": 100}]}`, []matchCase{
			{"100", attrs{"n": num("100")}, "", false},
			{"100.0", attrs{"n": num("100.0")}, "", false},
			{"101", attrs{"n": num("101")}, "", true},
		}},
		{"anything-but prefix", `{"f": [{"anything-but": {"prefix": "order-"}}]}`, []matchCase{
			{"order-1", attrs{"f": str("order-1")}, "", false},
			{"invoice-1", attrs{"f": str("invoice-1")}, "", true},
		}},
		{"exists with value", `{"a": [{"exists": false}, "x"]}`, []matchCase{
			{"absent", nil, "", true},
			{"x", attrs{"a": str("x")}, "", true},
			{"y", attrs{"a": str("y")}, "", false},
		}},
		{"cidr", `{"ip": [{"cidr": "10.0.0.0/24"}, {"cidr": "2001:db8::/32"}]}`, []matchCase{
			{"10.0.0.255", attrs{"ip": str("10.0.0.255")}, "", true},
			{"10.0.1.0", attrs{"ip": str("10.0.1.0")}, "", false},
			{"v6", attrs{"ip": str("2001:0db8:0000:0000:0000:0000:0000:0001")}, "", true},
			{"not an ip", attrs{"ip": str("host")}, "", false},
		}},
		{"and of keys", `{"a": ["1"], "b": ["2"]}`, []matchCase{
			{"both", attrs{"a": str("1"), "b": str("2")}, "", true},
			{"one", attrs{"a": str("1")}, "", false},
		}},
		{"or of keys", `{"$or": [{"a": ["1"]}, {"b": ["2"]}]}`, []matchCase{
			{"a", attrs{"a": str("1")}, "", true},
			{"b", attrs{"b": str("2")}, "", true},
			{"neither", attrs{"a": str("2"), "b": str("1")}, "", false},
		}},
		{"binary attributes are ignored", `{"b": [{"exists": false}]}`, []matchCase{
			{"binary", attrs{"b": {DataType: "Binary", BinaryValue: []byte("x")}}, "", true},
			{"string", attrs{"b": str("x")}, "", false},
		}},
		{"custom data types", `{"a": ["x"], "n": [{"numeric": [">", 1]}]}`, []matchCase{
			{"String.custom and Number.int", attrs{"a": {DataType: "String.custom", StringValue: "x"}, "n": {DataType: "Number.int", StringValue: "2"}}, "", true},
		}},
		{"attribute scope ignores the body", `{"a": ["x"]}`, []matchCase{
			{"body has it", nil, `{"a": "x"}`, false},
		}},
		{"true false null literals", `{"a": [true], "b": [null]}`, []matchCase{
			{"String.Array holds JSON values", attrs{"a": list(`[true]`), "b": list(`[null, 1]`)}, "", true},
			{"string true is a string", attrs{"a": str("true"), "b": list(`[null]`)}, "", false},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runMatchCases(t, tt.policy, MessageAttributes, tt.cases)
		})
	}
}

func TestNilPolicyMatchesEverything(t *testing.T) {
	t.Parallel()
	var p *Policy
	assert.True(t, p.Match(Message{Body: "anything"}))
}

// A compiled policy is shared by every publish on its subscription.
func TestMatchConcurrently(t *testing.T) {
	t.Parallel()
	p, err := Parse(`{"Records": {"eventName": [{"prefix": "ObjectCreated:"}], "size": [{"numeric": [">", 1]}]}}`, MessageBody)
	require.NoError(t, err)
	in := Message{Body: `{"Records": [{"eventName": "ObjectRemoved", "size": 5}, {"eventName": "ObjectCreated:Put", "size": 2}]}`}
	out := Message{Body: `{"Records": [{"eventName": "ObjectRemoved", "size": 5}, {"eventName": "ObjectCreated:Put", "size": 1}]}`}
	results := make(chan [2]bool, 8)
	for range 8 {
		go func() { results <- [2]bool{p.Match(in), p.Match(out)} }()
	}
	for range 8 {
		assert.Equal(t, [2]bool{true, false}, <-results)
	}
}

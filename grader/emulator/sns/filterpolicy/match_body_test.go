package filterpolicy

import (
	"strings"
	"testing"
)

func body(b string, want bool) matchCase { return matchCase{name: b, body: b, want: want} }

// Outcomes recorded against AWS (test_sns_filter_policy.snapshot.json,
// TestSNSFilterPolicyBody): which published bodies reached the queue.
func TestMatchBodyRecorded(t *testing.T) {
	t.Parallel()
	s3Created := `{"Records": [{"eventSource": "aws:s3", "eventTime": "2022-11-21T03:41:29.743Z",
		"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "insurance-bucket-demo", "arn": "arn:aws:s3:::insurance-bucket-demo"},
		"object": {"key": "auto-insurance-2314.xml", "size": 17}}}]}`
	tests := []struct {
		name, policy string
		cases        []matchCase
	}{
		{"nested with prefix, value and exists false", `{"object": {"key": [{"prefix": "auto-"}, "hardcodedvalue"],
			"nested_key": [{"exists": false}]}, "test": [{"exists": false}]}`, []matchCase{
			body(`{"object": {"key": "auto-test"}}`, true),
			body(`{"object": {"key": "hardcodedvalue"}}`, true),
			body(`{"object": {"key": "test-auto"}}`, false),
			body(`{"object": {"key": "auto-test"}, "test": "just-exists"}`, false),
			body(`{"object": {"key": "auto-test", "nested_key": "just-exists"}}`, false),
			body(`{"object": {"test": "auto-test"}}`, false),
			body(`{"test": "auto-test"}`, false),
			body(`Regular string message`, false),
			body(`"Regular string message"`, false),
		}},
		{"dotted key", `{"object.nested": ["string.value"]}`, []matchCase{
			body(`{"object": {"nested": "string.value"}}`, true),
			body(`{"object.nested": "string.value"}`, true),
			body(`{"object": {"nested": "test-auto"}}`, false),
		}},
		{"deep dotted key", `{"object.nested.test": ["string.value"]}`, []matchCase{
			body(`{"object": {"nested": {"test": "string.value"}}}`, true),
			body(`{"object.nested.test": "string.value"}`, true),
			body(`{"object.nested": {"test": "string.value"}}`, true),
			body(`{"object": {"nested.test": "string.value"}}`, true),
			body(`{"object": {"nested": {"test": "string.notvalue"}}}`, false),
		}},
		{"array values queue1", `{"headers": {"route-to": ["queue1"]}}`, []matchCase{
			body(`{"headers": {"route-to": ["queue3"]}}`, false),
			body(`{"headers": {"route-to": ["queue1"]}}`, true),
			body(`{"headers": {"route-to": ["queue2"]}}`, false),
			body(`{"headers": {"route-to": ["queue1", "queue2"]}}`, true),
		}},
		{"array values queue2", `{"headers": {"route-to": ["queue2"]}}`, []matchCase{
			body(`{"headers": {"route-to": ["queue3"]}}`, false),
			body(`{"headers": {"route-to": ["queue1"]}}`, false),
			body(`{"headers": {"route-to": ["queue2"]}}`, true),
			body(`{"headers": {"route-to": ["queue1", "queue2"]}}`, true),
		}},
		{"array of objects", `{"Records": {"s3": {"object": {"key": [{"prefix": "auto-"}]}}, "eventName": [{"prefix": "ObjectCreated:"}]}}`, []matchCase{
			body(`{"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
				"s3": {"object": [[{"key": "auto-insurance-2314.xml", "size": 17}]]}},
				{"eventSource": "aws:s3", "eventName": "ObjectRemoved:Delete",
				"s3": {"object": {"key": "home-insurance-2314.xml", "size": 17}}}]}`, true),
			body(s3Created, true),
			body(strings.ReplaceAll(s3Created, "ObjectCreated:Put", "ObjectRemoved:Delete"), false),
			body(strings.ReplaceAll(s3Created, "auto-insurance", "home-insurance"), false),
		}},
		{"$or at two levels", `{"$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}],
			"detail": {"scope": ["Service"], "$or": [{"source": ["aws.cloudwatch"]}, {"type": ["CloudWatch Alarm State Change"]}]}}`, []matchCase{
			body(`{"metricName": "CPUUtilization", "detail": {"scope": "aws.cloudwatch", "type": "CloudWatch Alarm State Change"}}`, false),
			body(`{"metricName": "CPUUtilization", "detail": {"scope": "Service", "type": "CPUUtilization"}}`, false),
			body(`{"metricName": "CPUUtilization", "detail": {"type": "CloudWatch Alarm State Change"}}`, false),
			body(`{"metricName": "CPUUtilization", "detail": {"scope": "Service"}}`, false),
			body(`{"metricName": "CPUUtilization", "scope": "Service"}`, false),
			body(`{"metricName": "CPUUtilization", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}`, true),
			body(`{"metricName": "ReadLatency", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}`, true),
			body(`{"namespace": "AWS/EC2", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}`, true),
			body(`{"namespace": "AWS/ES", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}`, true),
			body(`{"metricName": "CPUUtilization", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}}`, true),
			body(`{"metricName": "AWS/EC2", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}}`, false),
			body(`{"namespace": "CPUUtilization", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}}`, false),
		}},
		// The recorded messages that passed; the policies are reconstructed.
		{"ip addresses", `{"detail": {"$or": [{"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]},
			{"sourceIPAddressV6": [{"cidr": "2001:db8:1234:1a00::/64"}]}]}}`, []matchCase{
			body(`{"id": "1", "detail": {"sourceIPAddress": "10.0.0.255"}}`, true),
			body(`{"id": "2", "detail": {"sourceIPAddress": "10.0.1.0"}}`, false),
			body(`{"id": "3", "detail": {"sourceIPAddressV6": "2001:0db8:1234:1a00:0000:0000:0000:0000"}}`, true),
			body(`{"id": "4", "detail": {"sourceIPAddressV6": "2001:0db8:1234:1a01::"}}`, false),
		}},
		{"empty array and null in the payload", `{"source": ["aws.autoscaling"], "resources": [{"exists": false}],
			"detail": {"eventVersion": [""], "responseElements": [null]}}`, []matchCase{
			body(`{"source": "aws.autoscaling", "resources": [], "detail": {"eventVersion": "", "responseElements": null}}`, true),
			body(`{"source": "aws.autoscaling", "resources": ["r"], "detail": {"eventVersion": "", "responseElements": null}}`, false),
			body(`{"source": "aws.autoscaling", "resources": [], "detail": {"eventVersion": ""}}`, false),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runMatchCases(t, tt.policy, MessageBody, tt.cases)
		})
	}
}

// Body semantics from the documentation and AWS's event-ruler.
func TestMatchBodySemantics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, policy string
		cases        []matchCase
	}{
		{"values for different keys come from the same array element",
			`{"Records": {"eventName": ["ObjectCreated:Put"], "key": [{"prefix": "auto-"}]}}`, []matchCase{
				body(`{"Records": [{"eventName": "ObjectCreated:Put", "key": "home"}, {"eventName": "ObjectRemoved", "key": "auto-x"}]}`, false),
				body(`{"Records": [{"eventName": "ObjectRemoved", "key": "auto-x"}, {"eventName": "ObjectCreated:Put", "key": "auto-y"}]}`, true),
			}},
		{"numbers in the body", `{"price": [{"numeric": [">", 10]}], "qty": [3]}`, []matchCase{
			body(`{"price": 10.5, "qty": 3}`, true),
			body(`{"price": "10.5", "qty": 3}`, false),
			body(`{"price": 10.5, "qty": 3.0}`, true),
			body(`{"price": [1, 20], "qty": [3]}`, true),
		}},
		{"exists needs a value, not an object", `{"a": [{"exists": true}]}`, []matchCase{
			body(`{"a": null}`, true),
			body(`{"a": {"b": 1}}`, false),
			body(`{"a": []}`, false),
		}},
		{"anything-but needs the key", `{"a": [{"anything-but": "x"}]}`, []matchCase{
			body(`{"a": "y"}`, true),
			body(`{"a": 1}`, true),
			body(`{"b": "y"}`, false),
		}},
		{"body that is not an object", `{"a": [{"exists": false}]}`, []matchCase{
			body(`[]`, false),
			body(``, false),
			body(`{}`, true),
			body(`{} trailing`, true), // like AWS's JSON reader, text after the value is ignored
		}},
		{"a key written twice keeps the last list", `{"a.b": ["x"], "a": {"b": ["y"]}}`, []matchCase{
			body(`{"a": {"b": "y"}}`, true),
			body(`{"a": {"b": "x"}}`, false),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runMatchCases(t, tt.policy, MessageBody, tt.cases)
		})
	}
}

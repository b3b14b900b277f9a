// Package filterpolicy is the emulator's SNS subscription filter-policy
// engine: Parse validates a FilterPolicy document the way AWS does and
// compiles it, and Policy.Match decides whether a published message reaches
// the subscription. A nil *Policy (no filter policy) matches every message.
//
// # Errors
//
// Parse returns an *Error. Its Error method returns the whole text that AWS
// puts after "Invalid parameter: " in the InvalidParameter error, for example
//
//	FilterPolicy: Match value must be String, number, true, false, or null
//	 at [Source: (String)"{"key":[["value"]]}"; line: 1, column: 10]
//
// so the SNS service wraps it as
//
//	SetSubscriptionAttributes: "Invalid parameter: " + err.Error()
//	Subscribe (Attributes):    "Invalid parameter: Attributes Reason: " + err.Error()
//
// The fields say where the parts come from: Param is the label ("FilterPolicy",
// "FilterPolicyScope", or empty for the scope/nesting error, which AWS sends
// without a label), Reason is the first line, and Location is the JSON
// parser's position suffix that AWS appends (empty when AWS sends none).
//
// Three kinds of fault are reported, in this order, as AWS reports them:
//
//   - text that is not JSON: "failed to parse JSON. " and the Jackson parser's
//     message, with a redacted source and the line and column in the text as
//     sent;
//   - rule syntax (event-ruler's messages): the source is quoted as AWS quotes
//     it, the policy written back without white space, and the column counts
//     in that compact text (Jackson's rules: after a field name the start of
//     its value has been read, a string value only up to its opening quote);
//     cidr faults carry no position;
//   - SNS limits, without a position: more than 5 top-level keys, a nested
//     policy with the MessageAttributes scope, and a total combination count
//     over 150 (the product over keys of values × nesting depth, $or branches
//     adding up).
//
// # Matching
//
// A policy key matches when at least one of its values matches (OR); all keys
// must match (AND); $or, at any level, offers alternative sets of keys. The
// values are: exact strings (case-sensitive), numbers, true, false and null;
// {"prefix"}, {"suffix"}, {"equals-ignore-case"}; {"anything-but"} with one
// string or number, a list of strings or of numbers, or {"prefix"};
// {"numeric"} with =, <, <=, >, >= and two-sided ranges; {"exists": bool};
// {"cidr"} for IPv4 and IPv6. anything-but and exists:true need the key to
// be present; exists:false needs it absent.
//
// Numbers compare as AWS compares them: between -5e9 and 5e9, to six decimal
// places (a numeric pattern outside that range is refused; a message number
// outside it matches no numeric pattern). Strings never equal numbers:
// "100" is not 100.
//
// With the MessageAttributes scope, a String attribute is a string, a Number
// attribute a number, a String.Array attribute the JSON values of its
// elements (any element may match); Binary attributes are ignored, as if
// absent; the body is not looked at. With the MessageBody scope the body
// must be a JSON object (otherwise nothing matches, whatever the policy);
// nested policy objects mirror nested body objects, a dotted key ("a.b") is
// the same as nesting, in the policy and in the body; an array in the body
// matches when any element matches; values matched for different keys must
// come from the same element of any array they share (as AWS's event-ruler
// requires); a key whose value is an object or an empty array has no value
// (exists is false for it).
package filterpolicy

package sqs

import (
	"encoding/json"
	"path"
	"strings"
)

// Evaluation of a queue policy for deliveries from another AWS service
// (SNS to SQS), enough for the lesson's policy: Allow (or Deny) statements
// with a Principal of "*", {"AWS": "*"} or {"Service": "sns.amazonaws.com"},
// an Action of sqs:SendMessage (or a wildcard), a Resource matching the
// queue, and an optional aws:SourceArn condition under ArnEquals, ArnLike,
// StringEquals or StringLike. An explicit Deny wins; no Allow means deny.

type policyStatement struct {
	Effect    string                                `json:"Effect"`
	Principal json.RawMessage                       `json:"Principal"`
	Action    json.RawMessage                       `json:"Action"`
	Resource  json.RawMessage                       `json:"Resource"`
	Condition map[string]map[string]json.RawMessage `json:"Condition"`
}

// PolicyAllowsSend reports whether the queue policy raw lets principal (a
// service such as sns.amazonaws.com) send to queueARN on behalf of
// sourceARN, as EnforcePolicies decides it: for observers that judge a
// policy without sending.
func PolicyAllowsSend(raw, queueARN, principal, sourceARN string) bool {
	return policyAllowsSend(raw, queueARN, principal, sourceARN)
}

func policyAllowsSend(raw, queueARN, principal, sourceARN string) bool {
	if raw == "" {
		return false
	}
	var doc struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if json.Unmarshal([]byte(raw), &doc) != nil {
		return false
	}
	var stmts []policyStatement
	if json.Unmarshal(doc.Statement, &stmts) != nil {
		var one policyStatement
		if json.Unmarshal(doc.Statement, &one) != nil {
			return false
		}
		stmts = []policyStatement{one}
	}
	allowed := false
	for _, st := range stmts {
		if !st.matches(queueARN, principal, sourceARN) {
			continue
		}
		switch st.Effect {
		case "Deny":
			return false
		case "Allow":
			allowed = true
		}
	}
	return allowed
}

func (st policyStatement) matches(queueARN, principal, sourceARN string) bool {
	return principalMatches(st.Principal, principal) &&
		anyMatches(stringsOf(st.Action), func(a string) bool { return actionMatches(a) }) &&
		(len(st.Resource) == 0 || anyMatches(stringsOf(st.Resource), func(r string) bool { return globMatch(r, queueARN) })) &&
		conditionsMatch(st.Condition, sourceARN)
}

func principalMatches(raw json.RawMessage, principal string) bool {
	if len(raw) == 0 {
		return false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s == "*"
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	for kind, v := range m {
		for _, p := range stringsOf(v) {
			if p == "*" || kind == "Service" && p == principal {
				return true
			}
		}
	}
	return false
}

func actionMatches(a string) bool {
	a = strings.ToLower(a)
	return a == "*" || a == "sqs:*" || a == "sqs:sendmessage" || a == "sqs:send*"
}

// conditionsMatch checks aws:SourceArn conditions; other condition keys are
// not known to the emulator and fail closed.
func conditionsMatch(cond map[string]map[string]json.RawMessage, sourceARN string) bool {
	for op, keys := range cond {
		for key, raw := range keys {
			if !strings.EqualFold(key, "aws:SourceArn") {
				return false
			}
			values := stringsOf(raw)
			var ok bool
			switch op {
			case "ArnEquals", "StringEquals":
				ok = anyMatches(values, func(v string) bool { return v == sourceARN })
			case "ArnLike", "StringLike":
				ok = anyMatches(values, func(v string) bool { return globMatch(v, sourceARN) })
			default:
				return false
			}
			if !ok {
				return false
			}
		}
	}
	return true
}

// stringsOf reads a policy value that is a string or a list of strings.
func stringsOf(raw json.RawMessage) []string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}
	}
	var list []string
	_ = json.Unmarshal(raw, &list)
	return list
}

func anyMatches(values []string, f func(string) bool) bool {
	for _, v := range values {
		if f(v) {
			return true
		}
	}
	return false
}

// globMatch matches IAM wildcards: * any run, ? one character.
func globMatch(pattern, s string) bool {
	if pattern == "*" {
		return true
	}
	// path.Match treats '/' specially and knows '[': escape those first.
	p := strings.NewReplacer("[", `\[`, "]", `\]`, `\`, `\\`).Replace(pattern)
	ok, err := path.Match(strings.ReplaceAll(p, "/", "\x00"), strings.ReplaceAll(s, "/", "\x00"))
	return err == nil && ok
}

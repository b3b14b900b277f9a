package sns

import (
	"encoding/json"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/sns/filterpolicy"
)

// Subscription attribute names.
const (
	attrRawMessageDelivery  = "RawMessageDelivery"
	attrFilterPolicy        = "FilterPolicy"
	attrFilterPolicyScope   = "FilterPolicyScope"
	attrRedrivePolicy       = "RedrivePolicy"
	attrSubDeliveryPolicy   = "DeliveryPolicy"
	attrSubscriptionRoleArn = "SubscriptionRoleArn"
	attrReplayPolicy        = "ReplayPolicy"
)

const (
	scopeAttributes = "MessageAttributes"
	scopeBody       = "MessageBody"
)

func settableSubscriptionAttribute(name string) bool {
	switch name {
	case attrRawMessageDelivery, attrFilterPolicy, attrFilterPolicyScope, attrRedrivePolicy,
		attrSubDeliveryPolicy, attrSubscriptionRoleArn, attrReplayPolicy:
		return true
	}
	return false
}

// rawCapable reports whether a protocol can deliver raw messages.
func rawCapable(protocol string) bool {
	switch protocol {
	case "sqs", "http", "https", "firehose":
		return true
	}
	return false
}

// subscriptionContext is what validating a subscription attribute needs to
// know of the subscription and its topic.
type subscriptionContext struct {
	protocol  string
	topicFifo bool
	// fifoEndpoint: the endpoint is a FIFO queue. AWS lets a standard queue
	// subscribed to a FIFO topic keep a standard DLQ.
	fifoEndpoint bool
	// scope is the FilterPolicyScope in force (for FilterPolicy) and
	// policy the FilterPolicy in force (for FilterPolicyScope).
	scope  string
	policy string
}

// attrProblem is a validation failure: reason is AWS's text after
// "Invalid parameter: " (Set) or "Invalid parameter: Attributes Reason: "
// (Subscribe).
type attrProblem struct{ reason string }

func (p *attrProblem) Error() string { return p.reason }

// validateSubscriptionAttribute checks one attribute and returns the value to
// store and, for FilterPolicy and FilterPolicyScope, the compiled policy
// (nil when there is none).
func validateSubscriptionAttribute(name, value string, sc subscriptionContext) (string, *filterpolicy.Policy, *attrProblem) {
	switch name {
	case attrRawMessageDelivery:
		b, err := parseBool(value)
		if err != nil {
			return "", nil, &attrProblem{"RawMessageDelivery: Invalid value [" + value + "]. Must be true or false."}
		}
		if b && !rawCapable(sc.protocol) {
			return "", nil, &attrProblem{"Delivery protocol [" + sc.protocol + "] does not support raw message delivery."}
		}
		if b {
			return "true", nil, nil
		}
		return "false", nil, nil
	case attrFilterPolicy:
		if strings.TrimSpace(value) == "" {
			return "", nil, nil
		}
		p, err := compileFilterPolicy(value, sc.scope)
		if err != nil {
			return "", nil, err
		}
		return value, p, nil
	case attrFilterPolicyScope:
		if value != scopeAttributes && value != scopeBody {
			return "", nil, &attrProblem{"FilterPolicyScope: Invalid value [" + value + "]. Please use either MessageBody or MessageAttributes"}
		}
		if sc.policy == "" {
			return value, nil, nil
		}
		p, err := compileFilterPolicy(sc.policy, value)
		if err != nil {
			return "", nil, err
		}
		return value, p, nil
	case attrRedrivePolicy:
		if value == "" {
			return "", nil, nil
		}
		return value, nil, validateRedrivePolicy(value, sc)
	case attrSubDeliveryPolicy, attrReplayPolicy:
		if value != "" && !json.Valid([]byte(value)) {
			return "", nil, &attrProblem{name + ": failed to parse JSON."}
		}
		return value, nil, nil
	case attrSubscriptionRoleArn:
		return value, nil, nil
	}
	return "", nil, &attrProblem{"AttributeName"}
}

func compileFilterPolicy(policy, scope string) (*filterpolicy.Policy, *attrProblem) {
	s := filterpolicy.MessageAttributes
	if scope == scopeBody {
		s = filterpolicy.MessageBody
	}
	p, err := filterpolicy.Parse(policy, s)
	if err != nil {
		// filterpolicy words its errors as the text AWS puts after
		// "Invalid parameter: ".
		return nil, &attrProblem{err.Error()}
	}
	return p, nil
}

type redrivePolicy struct {
	DeadLetterTargetArn string `json:"deadLetterTargetArn"`
}

func parseRedrivePolicy(value string) (redrivePolicy, error) {
	var rp redrivePolicy
	err := json.Unmarshal([]byte(value), &rp)
	return rp, err
}

func validateRedrivePolicy(value string, sc subscriptionContext) *attrProblem {
	rp, err := parseRedrivePolicy(value)
	if err != nil {
		return &attrProblem{"RedrivePolicy: " + jsonSyntaxReason(value, err)}
	}
	q, ok := sqsARN(rp.DeadLetterTargetArn)
	if !ok {
		return &attrProblem{"RedrivePolicy: deadLetterTargetArn is an invalid arn"}
	}
	if sc.topicFifo && sc.protocol == "sqs" && sc.fifoEndpoint && !strings.HasSuffix(q.Resource, ".fifo") {
		return &attrProblem{"RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic."}
	}
	return nil
}

// subscriptionAttributes returns what GetSubscriptionAttributes shows.
func subscriptionAttributes(sub *subscription) map[string]string {
	out := make(map[string]string, len(sub.attrs)+10)
	for k, v := range sub.attrs {
		if v != "" {
			out[k] = v
		}
	}
	out["SubscriptionArn"] = sub.arn
	out["TopicArn"] = sub.topicARN
	out["Protocol"] = sub.protocol
	out["Endpoint"] = sub.endpoint
	out["Owner"] = sub.owner
	out["SubscriptionPrincipal"] = "arn:aws:iam::" + sub.owner + ":root"
	out["PendingConfirmation"] = boolString(!sub.confirmed)
	out["ConfirmationWasAuthenticated"] = boolString(sub.authenticated)
	out[attrRawMessageDelivery] = boolString(sub.raw())
	if out[attrFilterPolicy] != "" && out[attrFilterPolicyScope] == "" {
		out[attrFilterPolicyScope] = scopeAttributes
	}
	if sub.protocol == "http" || sub.protocol == "https" {
		out["EffectiveDeliveryPolicy"] = defaultEffectiveDeliveryPolicy
		if dp := sub.attrs[attrSubDeliveryPolicy]; dp != "" {
			out["EffectiveDeliveryPolicy"] = dp
		}
	}
	return out
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// jsonSyntaxReason words a JSON syntax error as AWS does (its parser's
// message and position). filterpolicy already reproduces that parser's
// messages for FilterPolicy; the same text serves any attribute.
func jsonSyntaxReason(value string, err error) string {
	const prefix = "FilterPolicy: failed to parse JSON."
	if _, perr := filterpolicy.Parse(value, filterpolicy.MessageAttributes); perr != nil && strings.HasPrefix(perr.Error(), prefix) {
		return strings.TrimPrefix(perr.Error(), "FilterPolicy: ")
	}
	return "failed to parse JSON. " + err.Error()
}

package sqs

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// redrivePolicy is a queue's RedrivePolicy attribute, parsed.
type redrivePolicy struct {
	DeadLetterTargetArn string `json:"deadLetterTargetArn"`
	MaxReceiveCount     int    `json:"maxReceiveCount"`
}

// parseRedrivePolicy reads a RedrivePolicy; maxReceiveCount may be a number
// or a string, as AWS accepts both.
func parseRedrivePolicy(raw string) (*redrivePolicy, *awserr.Error) {
	if raw == "" {
		return nil, nil
	}
	bad := func(reason string) *awserr.Error { return invalidParam(raw, "RedrivePolicy", reason) }
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &m); err != nil || m == nil {
		return nil, bad("Redrive policy is not a valid JSON map.")
	}
	arnRaw, ok := m["deadLetterTargetArn"]
	if !ok {
		return nil, bad("Redrive policy does not contain mandatory attribute: deadLetterTargetArn.")
	}
	countRaw, ok := m["maxReceiveCount"]
	if !ok {
		return nil, bad("Redrive policy does not contain mandatory attribute: maxReceiveCount.")
	}
	var rp redrivePolicy
	if err := json.Unmarshal(arnRaw, &rp.DeadLetterTargetArn); err != nil {
		return nil, bad("Invalid value for deadLetterTargetArn.")
	}
	if _, ok := parseQueueARN(rp.DeadLetterTargetArn); !ok {
		return nil, bad("Invalid value for deadLetterTargetArn.")
	}
	countText := string(bytes.Trim(countRaw, `"`))
	n, err := strconv.Atoi(countText)
	if err != nil || n < 1 || n > 1000 {
		return nil, bad("Invalid value for maxReceiveCount: " + countText + ", valid values are from 1 to 1000 both inclusive.")
	}
	rp.MaxReceiveCount = n
	return &rp, nil
}

func checkRedrivePolicy(_, v string) (string, *awserr.Error) {
	rp, err := parseRedrivePolicy(v)
	if err != nil {
		return "", err
	}
	b, _ := json.Marshal(rp)
	return string(b), nil
}

// redriveAllowPolicy is a queue's RedriveAllowPolicy attribute, parsed.
type redriveAllowPolicy struct {
	RedrivePermission string   `json:"redrivePermission"`
	SourceQueueArns   []string `json:"sourceQueueArns,omitempty"`
}

func parseRedriveAllowPolicy(raw string) (*redriveAllowPolicy, *awserr.Error) {
	if raw == "" {
		return nil, nil
	}
	bad := func(reason string) *awserr.Error { return invalidParam(raw, "RedriveAllowPolicy", reason) }
	var p redriveAllowPolicy
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return nil, bad("Amazon SQS can't create the redrive allow policy, as it's in an unsupported format.")
	}
	switch p.RedrivePermission {
	case "allowAll", "denyAll":
		if len(p.SourceQueueArns) > 0 {
			return nil, bad("Only byQueue redrivePermission supports sourceQueueArns.")
		}
	case "byQueue":
		if len(p.SourceQueueArns) == 0 || len(p.SourceQueueArns) > 10 {
			return nil, bad("Amazon SQS can't create the redrive allow policy. When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values (up to 10).")
		}
	default:
		return nil, bad("Amazon SQS can't create the redrive allow policy, as it's in an unsupported format.")
	}
	return &p, nil
}

func checkRedriveAllowPolicy(_, v string) (string, *awserr.Error) {
	p, err := parseRedriveAllowPolicy(v)
	if err != nil {
		return "", err
	}
	b, _ := json.Marshal(p)
	return string(b), nil
}

// allows reports whether a queue with ARN source may use the queue owning p
// as its dead-letter queue.
func (p *redriveAllowPolicy) allows(source string) bool {
	if p == nil {
		return true
	}
	switch p.RedrivePermission {
	case "denyAll":
		return false
	case "byQueue":
		for _, a := range p.SourceQueueArns {
			if a == source {
				return true
			}
		}
		return false
	}
	return true
}

func checkPolicy(name, v string) (string, *awserr.Error) {
	if !json.Valid([]byte(v)) {
		return "", invalidAttributeValue(name)
	}
	return v, nil
}

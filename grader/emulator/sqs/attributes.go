package sqs

import (
	"strconv"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// attrSpec describes one settable queue attribute.
type attrSpec struct {
	fifoOnly   bool
	createOnly bool
	// check validates a value and returns its canonical form.
	check func(name, value string) (string, *awserr.Error)
}

// settableAttributes are the attributes CreateQueue and SetQueueAttributes
// accept. The read-only ones are computed in renderAttributes.
var settableAttributes = map[string]attrSpec{
	"DelaySeconds":                  {check: intRange(0, 900)},
	"MaximumMessageSize":            {check: intRange(1024, 1048576)},
	"MessageRetentionPeriod":        {check: intRange(60, 1209600)},
	"ReceiveMessageWaitTimeSeconds": {check: intRange(0, 20)},
	"VisibilityTimeout":             {check: intRange(0, 43200)},
	"Policy":                        {check: checkPolicy},
	"RedrivePolicy":                 {check: checkRedrivePolicy},
	"RedriveAllowPolicy":            {check: checkRedriveAllowPolicy},
	"KmsMasterKeyId":                {check: anyString},
	"KmsDataKeyReusePeriodSeconds":  {check: intRange(60, 86400)},
	"SqsManagedSseEnabled":          {check: boolean},
	"FifoQueue":                     {createOnly: true, check: boolean},
	"ContentBasedDeduplication":     {fifoOnly: true, check: boolean},
	"DeduplicationScope":            {fifoOnly: true, check: oneOf("messageGroup", "queue")},
	"FifoThroughputLimit":           {fifoOnly: true, check: oneOf("perQueue", "perMessageGroupId")},
}

// readOnlyAttributes are computed on every GetQueueAttributes.
var readOnlyAttributes = []string{
	"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
	"ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn",
}

func defaultAttributes(fifo bool) map[string]string {
	a := map[string]string{
		"DelaySeconds":                  "0",
		"MaximumMessageSize":            "1048576",
		"MessageRetentionPeriod":        "345600",
		"ReceiveMessageWaitTimeSeconds": "0",
		"VisibilityTimeout":             "30",
		"SqsManagedSseEnabled":          "true",
	}
	if fifo {
		a["FifoQueue"] = "true"
		a["ContentBasedDeduplication"] = "false"
		a["DeduplicationScope"] = "queue"
		a["FifoThroughputLimit"] = "perQueue"
	}
	return a
}

// validateAttributes checks attributes given to CreateQueue (create=true) or
// SetQueueAttributes for a queue of the given type, and returns them in
// canonical form. It checks each attribute on its own; rules that involve
// other queues (the redrive target) are checked by the caller.
func validateAttributes(in map[string]string, fifo, create bool) (map[string]string, *awserr.Error) {
	out := make(map[string]string, len(in))
	for _, name := range sortedKeys(in) {
		v := in[name]
		spec, ok := settableAttributes[name]
		switch {
		case !ok:
			return nil, unknownAttribute(name)
		case spec.createOnly && !fifo:
			// AWS refuses FifoQueue on a standard queue, even "false".
			return nil, unknownAttribute(name)
		case spec.createOnly && !create:
			if fifo && v == "false" {
				return nil, errInvalidAttributeValue.Newf("Invalid value for the parameter %s. Reason: Modifying queue type is not supported.", name)
			}
			return nil, unknownAttribute(name)
		case spec.fifoOnly && !fifo:
			if name == "ContentBasedDeduplication" {
				return nil, unknownAttribute(name)
			}
			return nil, errInvalidAttributeName.Newf("You can specify the %s only when FifoQueue is set to true.", name)
		}
		if v == "" && (name == "Policy" || name == "RedrivePolicy" || name == "RedriveAllowPolicy" || name == "KmsMasterKeyId") {
			out[name] = "" // an empty value removes the attribute
			continue
		}
		canon, err := spec.check(name, v)
		if err != nil {
			return nil, err
		}
		out[name] = canon
	}
	if out["KmsMasterKeyId"] != "" && out["SqsManagedSseEnabled"] == "true" {
		return nil, sseExclusive()
	}
	return out, nil
}

func sseExclusive() *awserr.Error {
	return errInvalidAttributeName.Newf("You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.")
}

// renderAttributes returns the requested attributes ("All" for every one) as
// GetQueueAttributes answers. The caller holds q.mu.
func (q *queue) renderAttributes(names []string, now time.Time) (map[string]string, *awserr.Error) {
	want := map[string]bool{}
	all := false
	for _, n := range names {
		if n == "All" {
			all = true
			continue
		}
		if _, ok := settableAttributes[n]; !ok && !isReadOnlyAttribute(n) {
			return nil, unknownAttribute(n)
		}
		want[n] = true
	}
	if len(names) == 0 {
		return map[string]string{}, nil
	}
	visible, inflight, delayed := q.counts(now)
	computed := map[string]string{
		"ApproximateNumberOfMessages":           strconv.Itoa(visible),
		"ApproximateNumberOfMessagesNotVisible": strconv.Itoa(inflight),
		"ApproximateNumberOfMessagesDelayed":    strconv.Itoa(delayed),
		"CreatedTimestamp":                      strconv.FormatInt(q.created.Unix(), 10),
		"LastModifiedTimestamp":                 strconv.FormatInt(q.modified.Unix(), 10),
		"QueueArn":                              q.arn,
	}
	out := map[string]string{}
	for n, v := range computed {
		if all || want[n] {
			out[n] = v
		}
	}
	for n, v := range q.attrs {
		if all || want[n] {
			out[n] = v
		}
	}
	return out, nil
}

func isReadOnlyAttribute(name string) bool {
	for _, n := range readOnlyAttributes {
		if n == name {
			return true
		}
	}
	return false
}

func intRange(lo, hi int) func(string, string) (string, *awserr.Error) {
	return func(name, v string) (string, *awserr.Error) {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return "", invalidAttributeValue(name)
		}
		return strconv.Itoa(n), nil
	}
}

func boolean(name, v string) (string, *awserr.Error) {
	switch v {
	case "true", "True", "TRUE":
		return "true", nil
	case "false", "False", "FALSE":
		return "false", nil
	}
	return "", invalidAttributeValue(name)
}

func oneOf(values ...string) func(string, string) (string, *awserr.Error) {
	return func(name, v string) (string, *awserr.Error) {
		for _, ok := range values {
			if v == ok {
				return v, nil
			}
		}
		return "", invalidAttributeValue(name)
	}
}

func anyString(_, v string) (string, *awserr.Error) { return v, nil }

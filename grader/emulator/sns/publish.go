package sns

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
	"github.com/queuelab/queuelab/grader/emulator/query"
)

// Limits AWS applies to Publish.
const (
	maxMessageBytes    = 256 * 1024
	maxSubjectLength   = 100
	maxDedupIDLength   = 128
	maxGroupIDLength   = 128
	fifoDedupWindow    = 5 * time.Minute
	firstSequenceValue = uint64(10000000000000000000)
)

// publishInput is one message to publish, as read from a Publish request or
// one PublishBatch entry.
type publishInput struct {
	message    string
	subject    string
	hasSubject bool
	// perProtocol holds MessageStructure=json's entries ("default", "sqs",
	// "http", ...); nil for a plain message.
	perProtocol map[string]string
	attrs       map[string]msgattr.Value
	groupID     string
	dedupID     string
}

// publishMessage is one message on the wire: Publish's, or a PublishBatch
// entry's.
type publishMessage struct {
	Message string
	// Subject is a pointer: AWS tells an empty Subject apart from none.
	Subject                *string
	MessageStructure       string
	MessageAttributes      []messageAttributeEntry `query:"MessageAttributes.entry"`
	MessageGroupID         string                  `query:"MessageGroupId"`
	MessageDeduplicationID string                  `query:"MessageDeduplicationId"`
}

// readPublishInput validates what does not depend on the topic. attrPath
// is the member path AWS names in validation errors.
func readPublishInput(m *publishMessage, attrPath string) (publishInput, *awserr.Error) {
	in := publishInput{
		message: m.Message,
		groupID: m.MessageGroupID,
		dedupID: m.MessageDeduplicationID,
	}
	attrs, err := messageAttributes(m.MessageAttributes, attrPath)
	if err != nil {
		return in, err
	}
	in.attrs = attrs
	if in.message == "" {
		return in, invalidParam("Empty message")
	}
	if m.Subject != nil {
		in.subject, in.hasSubject = *m.Subject, true
	}
	if in.hasSubject && !validSubject(in.subject) {
		return in, invalidParam("Subject")
	}
	switch structure := m.MessageStructure; structure {
	case "":
	case "json":
		var m map[string]string
		if err := json.Unmarshal([]byte(in.message), &m); err != nil {
			return in, invalidParam("Message Structure - JSON message body failed to parse")
		}
		if _, ok := m["default"]; !ok {
			return in, invalidParam("Message Structure - No default entry in JSON message body")
		}
		in.perProtocol = m
	default:
		return in, invalidParam("MessageStructure")
	}
	if len(in.message)+attributesSize(in.attrs) > maxMessageBytes {
		return in, invalidParam("Message too long")
	}
	if len(in.groupID) > maxGroupIDLength {
		return in, invalidParamReason("MessageGroupId", "The MessageGroupId can contain up to 128 characters.")
	}
	if len(in.dedupID) > maxDedupIDLength {
		return in, invalidParamReason("MessageDeduplicationId", "The MessageDeduplicationId can contain up to 128 characters.")
	}
	return in, nil
}

// validSubject applies AWS's Subject rule: 1 to 100 printable ASCII
// characters, no line breaks.
func validSubject(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > maxSubjectLength {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return false
		}
	}
	return true
}

// checkTopic applies the rules that depend on the topic's type.
func (in *publishInput) checkTopic(t *topic) *awserr.Error {
	if !t.fifo {
		if in.dedupID != "" {
			return invalidParamReason("MessageDeduplicationId", "The request includes MessageDeduplicationId parameter that is not valid for this topic type")
		}
		return nil
	}
	if in.groupID == "" {
		return invalidParam("The MessageGroupId parameter is required for FIFO topics")
	}
	if in.dedupID == "" && t.attrs[attrContentBasedDeduplication] != "true" {
		return invalidParam("The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
	}
	return nil
}

// messageFor returns the message a protocol's subscribers get.
func (in *publishInput) messageFor(protocol string) string {
	if in.perProtocol == nil {
		return in.message
	}
	if m, ok := in.perProtocol[protocol]; ok {
		return m
	}
	return in.perProtocol["default"]
}

// sequenceLocked stamps a FIFO message: its deduplication id (explicit or
// the SHA-256 of the message, as AWS computes it) and a sequence number. It
// reports a duplicate within the 5-minute window, returning the first
// message's id and sequence number. The caller holds s.mu.
func (s *Service) sequenceLocked(t *topic, in *publishInput, messageID string) (id, seq string, dup bool) {
	now := s.cfg.Clock.Now()
	if in.dedupID == "" {
		sum := sha256.Sum256([]byte(in.message))
		in.dedupID = hex.EncodeToString(sum[:])
	}
	if e, ok := t.dedup[in.dedupID]; ok && now.Before(e.until) {
		return e.messageID, e.seq, true
	}
	if len(t.dedup) > 1000 {
		for k, e := range t.dedup {
			if !now.Before(e.until) {
				delete(t.dedup, k)
			}
		}
	}
	t.seq++
	s.changedLocked(t.account)
	seq = strconv.FormatUint(firstSequenceValue+t.seq, 10)
	t.dedup[in.dedupID] = dedupEntry{until: now.Add(fifoDedupWindow), messageID: messageID, seq: seq}
	return messageID, seq, false
}

type publishResult struct {
	MessageId      string `xml:"MessageId"`
	SequenceNumber string `xml:"SequenceNumber,omitempty"`
}

// AppendXML writes the result without encoding/xml: Publish is the hot path.
func (r publishResult) AppendXML(buf *bytes.Buffer) {
	query.AppendElement(buf, "MessageId", r.MessageId)
	if r.SequenceNumber != "" {
		query.AppendElement(buf, "SequenceNumber", r.SequenceNumber)
	}
}

type publishRequest struct {
	publishMessage
	// TopicArn and TargetArn are pointers: sending both, even empty, is
	// AWS's error.
	TopicArn, TargetArn *string
	PhoneNumber         string
}

func (s *Service) publish(rq *request, req *publishRequest) (*publishResult, *awserr.Error) {
	topicARNStr, param, err := publishTarget(req)
	if err != nil {
		return nil, err
	}
	in, err := readPublishInput(&req.publishMessage, "messageAttributes")
	if err != nil {
		return nil, err
	}
	switch param {
	case "PhoneNumber":
		return s.publishToPhone(rq, req.PhoneNumber, &in), nil
	case paramEndpoint:
		return s.publishToEndpoint(rq, topicARNStr, &in)
	}
	s.mu.Lock()
	t, err := s.topicLocked(rq.caller, param, topicARNStr, "Publish")
	if err == nil {
		err = in.checkTopic(t)
	}
	if err != nil {
		s.mu.Unlock()
		if param == "TargetArn" && isKind(err, errInvalidParameter) {
			return nil, invalidParamReason("TargetArn", "No endpoint found for the target arn specified")
		}
		return nil, err
	}
	n, targets := s.prepareLocked(t, &in, rq.caller.BaseURL())
	s.mu.Unlock()

	if !n.duplicate {
		s.fanOut(rq.ctx, t.account, n, targets)
	}
	return &publishResult{MessageId: n.messageID, SequenceNumber: n.sequence}, nil
}

// paramEndpoint is publishTarget's name for a TargetArn that names a
// mobile push endpoint.
const paramEndpoint = "TargetArn(endpoint)"

// publishTarget returns the target ARN of a Publish request and the name of
// the parameter that carried it: "TopicArn", "TargetArn" (a topic),
// paramEndpoint, or "PhoneNumber" with an empty ARN.
func publishTarget(req *publishRequest) (string, string, *awserr.Error) {
	hasTopic, hasTarget, phone := req.TopicArn != nil, req.TargetArn != nil, req.PhoneNumber
	var topicARN, targetARN string
	if hasTopic {
		topicARN = *req.TopicArn
	}
	if hasTarget {
		targetARN = *req.TargetArn
	}
	switch {
	case hasTopic && hasTarget:
		return "", "", invalidParamReason("TopicArn", "Only one of TopicArn or TargetArn may be specified")
	case hasTopic:
		return topicARN, "TopicArn", nil
	case hasTarget:
		a, err := parseARN("TargetArn", targetARN)
		if err != nil {
			return "", "", err
		}
		if a.Service == "sns" && strings.HasPrefix(a.Resource, "endpoint/") {
			return targetARN, paramEndpoint, nil
		}
		if a.Service != "sns" || strings.ContainsAny(a.Resource, "/:") {
			return "", "", invalidParamReason("TargetArn", "No endpoint found for the target arn specified")
		}
		return targetARN, "TargetArn", nil
	case phone != "":
		if !validPhoneNumber(phone, true) {
			return "", "", invalidParamReason("PhoneNumber", phone+" is not valid to publish to")
		}
		return "", "PhoneNumber", nil
	}
	return "", "", invalidParamReason("TopicArn or TargetArn", "no value for required parameter")
}

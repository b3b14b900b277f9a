package sns

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/caller"
)

// Topic attribute names.
const (
	attrDisplayName               = "DisplayName"
	attrPolicy                    = "Policy"
	attrDeliveryPolicy            = "DeliveryPolicy"
	attrFifoTopic                 = "FifoTopic"
	attrContentBasedDeduplication = "ContentBasedDeduplication"
	attrSignatureVersion          = "SignatureVersion"
	attrTracingConfig             = "TracingConfig"
	attrKmsMasterKeyID            = "KmsMasterKeyId"
)

// settableTopicAttributes are the attributes CreateTopic and
// SetTopicAttributes accept (FifoTopic only at creation).
func settableTopicAttribute(name string) bool {
	switch name {
	case attrDisplayName, attrPolicy, attrDeliveryPolicy, attrContentBasedDeduplication,
		attrSignatureVersion, attrTracingConfig, attrKmsMasterKeyID,
		"ArchivePolicy", "FifoThroughputScope", "DataProtectionPolicy",
		"ApplicationSuccessFeedbackRoleArn", "ApplicationSuccessFeedbackSampleRate", "ApplicationFailureFeedbackRoleArn",
		"HTTPSuccessFeedbackRoleArn", "HTTPSuccessFeedbackSampleRate", "HTTPFailureFeedbackRoleArn",
		"LambdaSuccessFeedbackRoleArn", "LambdaSuccessFeedbackSampleRate", "LambdaFailureFeedbackRoleArn",
		"FirehoseSuccessFeedbackRoleArn", "FirehoseSuccessFeedbackSampleRate", "FirehoseFailureFeedbackRoleArn",
		"SQSSuccessFeedbackRoleArn", "SQSSuccessFeedbackSampleRate", "SQSFailureFeedbackRoleArn":
		return true
	}
	return false
}

// defaultEffectiveDeliveryPolicy is what AWS reports for a topic without a
// DeliveryPolicy.
const defaultEffectiveDeliveryPolicy = `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}`

// defaultTopicPolicy is the access policy AWS gives a new topic.
func defaultTopicPolicy(topicARN, owner string) string {
	return `{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"` +
		topicARN + `","Condition":{"StringEquals":{"AWS:SourceOwner":"` + owner + `"}}}]}`
}

// maxTopicNameLength bounds a topic name, including a ".fifo" suffix.
const maxTopicNameLength = 256

// validTopicName applies AWS's naming rule: 1 to 256 letters, digits,
// hyphens and underscores; FIFO topics (and only they) end in ".fifo".
func validTopicName(name string, fifo bool) bool {
	if len(name) == 0 || len(name) > maxTopicNameLength {
		return false
	}
	base, isFifoName := strings.CutSuffix(name, ".fifo")
	if isFifoName != fifo || base == "" {
		return false
	}
	for _, r := range base {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func topicARN(region, account, name string) string {
	return "arn:aws:sns:" + region + ":" + account + ":" + name
}

type createTopicResult struct {
	TopicArn string `xml:"TopicArn"`
}

type createTopicInput struct {
	Name       string
	Attributes map[string]string `query:"Attributes.entry,key,value"`
	Tags       []pair            `query:"Tags.member"`
}

func (s *Service) createTopic(rq *request, in *createTopicInput) (*createTopicResult, *awserr.Error) {
	name, attrs, tags := in.Name, in.Attributes, in.Tags
	fifo := false
	if v, ok := attrs[attrFifoTopic]; ok {
		b, err := parseBool(v)
		if err != nil {
			return nil, invalidParamReason("Attributes", "FifoTopic: Invalid value ["+v+"]. Must be true or false.")
		}
		fifo = b
		attrs[attrFifoTopic] = strconv.FormatBool(b)
	}
	if !validTopicName(name, fifo) {
		return nil, invalidParam("Topic Name")
	}
	for k, v := range attrs {
		if k == attrFifoTopic {
			continue
		}
		norm, err := validateTopicAttribute(k, v, fifo)
		if err != nil {
			return nil, err
		}
		attrs[k] = norm
	}
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	arnStr := topicARN(rq.caller.Region, rq.caller.Account, name)

	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accountLocked(rq.caller.Account)
	if t := acct.topics[arnStr]; t != nil {
		for k, v := range attrs {
			if effectiveTopicAttribute(t, k) != v {
				return nil, invalidParamReason("Attributes", "Topic already exists with different attributes")
			}
		}
		if len(tags) > 0 && !sameTags(t.tags, tags) {
			return nil, invalidParamReason("Tags", "Topic already exists with different tags")
		}
		return &createTopicResult{TopicArn: arnStr}, nil
	}
	t := &topic{
		arn: arnStr, name: name, region: rq.caller.Region, account: rq.caller.Account,
		fifo: fifo, attrs: map[string]string{}, dedup: map[string]dedupEntry{},
	}
	for k, v := range attrs {
		t.attrs[k] = v
	}
	if fifo {
		t.attrs[attrFifoTopic] = "true"
		if _, ok := t.attrs[attrContentBasedDeduplication]; !ok {
			t.attrs[attrContentBasedDeduplication] = "false"
		}
	} else {
		delete(t.attrs, attrFifoTopic)
	}
	t.tags = mergeTags(nil, tags)
	acct.topics[arnStr] = t
	acct.order = append(acct.order, arnStr)
	s.changedLocked(acct.id)
	return &createTopicResult{TopicArn: arnStr}, nil
}

// validateTopicAttribute checks one settable attribute's value and returns it
// as AWS stores it.
func validateTopicAttribute(name, value string, fifo bool) (string, *awserr.Error) {
	if !settableTopicAttribute(name) {
		return "", invalidParam("AttributeName")
	}
	switch name {
	case attrContentBasedDeduplication:
		b, err := parseBool(value)
		if err != nil {
			return "", invalidParam("ContentBasedDeduplication: Invalid value [" + value + "]. Must be true or false.")
		}
		if !fifo {
			return "", invalidParamReason("ContentBasedDeduplication", "Content based deduplication can only be set for FIFO topics")
		}
		return strconv.FormatBool(b), nil
	case attrPolicy, attrDeliveryPolicy, "ArchivePolicy", "DataProtectionPolicy":
		if value != "" && !json.Valid([]byte(value)) {
			return "", invalidParamReason(name, "failed to parse JSON")
		}
	case attrSignatureVersion:
		if value != "1" && value != "2" {
			return "", invalidParamReason("SignatureVersion", "Invalid value ["+value+"]. Must be 1 or 2.")
		}
	case attrTracingConfig:
		if value != "Active" && value != "PassThrough" {
			return "", invalidParamReason("TracingConfig", "Invalid value ["+value+"]. Must be Active or PassThrough.")
		}
	}
	return value, nil
}

// effectiveTopicAttribute is the value GetTopicAttributes shows for name.
func effectiveTopicAttribute(t *topic, name string) string {
	if v, ok := t.attrs[name]; ok && v != "" {
		return v
	}
	switch name {
	case attrPolicy:
		return defaultTopicPolicy(t.arn, t.account)
	case attrFifoTopic:
		return strconv.FormatBool(t.fifo)
	case attrSignatureVersion:
		return "1"
	}
	return ""
}

type topicAttributesResult struct {
	Attributes xmlAttributes `xml:"Attributes"`
}

// topicInput is the input of the operations on one topic.
type topicInput struct {
	TopicArn string
}

func (s *Service) getTopicAttributes(rq *request, in *topicInput) (*topicAttributesResult, *awserr.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicLocked(rq.caller, "TopicArn", in.TopicArn, "GetTopicAttributes")
	if err != nil {
		return nil, err
	}
	return &topicAttributesResult{Attributes: toXMLAttributes(s.topicAttributesLocked(t))}, nil
}

// topicAttributesLocked returns every attribute AWS shows for t, with
// AWS's defaults. The caller holds s.mu.
func (s *Service) topicAttributesLocked(t *topic) map[string]string {
	out := make(map[string]string, len(t.attrs)+8)
	for k, v := range t.attrs {
		if v != "" {
			out[k] = v
		}
	}
	out["TopicArn"] = t.arn
	out["Owner"] = t.account
	out[attrDisplayName] = t.attrs[attrDisplayName]
	out[attrPolicy] = effectiveTopicAttribute(t, attrPolicy)
	out["EffectiveDeliveryPolicy"] = defaultEffectiveDeliveryPolicy
	if dp := t.attrs[attrDeliveryPolicy]; dp != "" {
		out["EffectiveDeliveryPolicy"] = dp
	}
	confirmed, pending := 0, 0
	acct := s.accounts[t.account]
	for _, arn := range t.subs {
		if sub := acct.subs[arn]; sub != nil {
			if sub.confirmed {
				confirmed++
			} else {
				pending++
			}
		}
	}
	out["SubscriptionsConfirmed"] = strconv.Itoa(confirmed)
	out["SubscriptionsPending"] = strconv.Itoa(pending)
	// Deleted subscriptions are removed at once, so none is ever pending
	// deletion (AWS shows 0 too once its cleanup has run).
	out["SubscriptionsDeleted"] = "0"
	return out
}

type setTopicAttributesInput struct {
	TopicArn, AttributeName, AttributeValue string
}

func (s *Service) setTopicAttributes(rq *request, in *setTopicAttributesInput) (*noResult, *awserr.Error) {
	name, value := in.AttributeName, in.AttributeValue
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicLocked(rq.caller, "TopicArn", in.TopicArn, "SetTopicAttributes")
	if err != nil {
		return nil, err
	}
	if name == attrFifoTopic {
		return nil, invalidParam("AttributeName")
	}
	norm, err := validateTopicAttribute(name, value, t.fifo)
	if err != nil {
		return nil, err
	}
	if norm == "" && name != attrDisplayName {
		delete(t.attrs, name)
	} else {
		t.attrs[name] = norm
	}
	s.changedLocked(t.account)
	return nil, nil
}

func (s *Service) deleteTopic(rq *request, in *topicInput) (*noResult, *awserr.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicLocked(rq.caller, "TopicArn", in.TopicArn, "DeleteTopic")
	if err != nil {
		if isKind(err, errNotFound) {
			return nil, nil // deleting a topic that is gone succeeds, as on AWS
		}
		return nil, err
	}
	acct := s.accounts[t.account]
	for _, subARN := range t.subs {
		if sub := acct.subs[subARN]; sub != nil {
			delete(acct.tokens, sub.token)
			delete(acct.subs, subARN)
		}
	}
	delete(acct.topics, t.arn)
	s.changedLocked(acct.id)
	for i, a := range acct.order {
		if a == t.arn {
			acct.order = append(acct.order[:i:i], acct.order[i+1:]...)
			break
		}
	}
	return nil, nil
}

type listTopicsResult struct {
	Topics    xmlList[topicMember] `xml:"Topics"`
	NextToken string               `xml:"NextToken,omitempty"`
}

type topicMember struct {
	TopicArn string `xml:"TopicArn"`
}

// pageSize is how many items one List* call returns, as on AWS.
const pageSize = 100

func (s *Service) listTopics(rq *request, in *nextTokenInput) (*listTopicsResult, *awserr.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var arns []string
	if acct := s.accounts[rq.caller.Account]; acct != nil {
		for _, a := range acct.order {
			if acct.topics[a].region == rq.caller.Region {
				arns = append(arns, a)
			}
		}
	}
	page, next, err := paginate(arns, in.NextToken)
	if err != nil {
		return nil, err
	}
	out := listTopicsResult{NextToken: next}
	for _, a := range page {
		out.Topics.Members = append(out.Topics.Members, topicMember{TopicArn: a})
	}
	return &out, nil
}

// topicLocked resolves a topic ARN parameter for caller c: AWS's errors for a
// malformed ARN, another region, another account and a missing topic. The
// caller holds s.mu.
func (s *Service) topicLocked(c caller.Caller, param, arnStr, action string) (*topic, *awserr.Error) {
	a, err := topicARNOf(param, arnStr, c.Region)
	if err != nil {
		return nil, err
	}
	acct := s.accounts[a.Account]
	var t *topic
	if acct != nil {
		t = acct.topics[arnStr]
	}
	if a.Account != c.Account {
		if t == nil {
			return nil, topicNotFound()
		}
		return nil, errAuthorization.Newf("User: arn:aws:iam::%s:root is not authorized to perform: SNS:%s on resource: %s because no resource-based policy allows the SNS:%s action", c.Account, action, arnStr, action)
	}
	if t == nil {
		return nil, topicNotFound()
	}
	return t, nil
}

// parseBool accepts "true" and "false" in any case, as AWS does.
func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, strconv.ErrSyntax
}

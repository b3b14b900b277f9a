package sns

import (
	"net/url"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/ids"
	"github.com/queuelab/queuelab/grader/emulator/sns/filterpolicy"
)

// pendingConfirmation is what Subscribe answers for a subscription that
// waits for ConfirmSubscription.
const pendingConfirmation = "pending confirmation"

// validProtocol lists the protocols SNS accepts.
func validProtocol(p string) bool {
	switch p {
	case "http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose":
		return true
	}
	return false
}

// needsConfirmation reports whether a protocol's subscriptions start pending.
func needsConfirmation(p string) bool {
	switch p {
	case "http", "https", "email", "email-json":
		return true
	}
	return false
}

// validateEndpoint checks a subscription endpoint for its protocol.
func validateEndpoint(protocol, endpoint string, topicFifo bool) *awserr.Error {
	switch protocol {
	case "sqs":
		q, ok := sqsARN(endpoint)
		if !ok {
			return invalidParam("SQS endpoint ARN")
		}
		if strings.HasSuffix(q.Resource, ".fifo") && !topicFifo {
			return invalidParam("Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics")
		}
	case "http", "https":
		u, err := url.Parse(endpoint)
		if err != nil || u.Scheme != protocol || u.Host == "" {
			return invalidParam("Endpoint must match the specified protocol")
		}
	case "email", "email-json":
		if at := strings.IndexByte(endpoint, '@'); at <= 0 || at == len(endpoint)-1 {
			return invalidParam("Email address")
		}
	case "sms":
		if !validPhoneNumber(endpoint, true) {
			return errInvalidParameter.Newf("Invalid SMS endpoint: %s", endpoint)
		}
	case "application":
		if _, err := checkResourceARN("Endpoint", endpoint, "endpoint", 4); err != nil {
			return invalidParam("ApplicationEndpoint ARN")
		}
	default:
		if endpoint == "" {
			return invalidParam("Endpoint")
		}
	}
	return nil
}

type subscribeResult struct {
	SubscriptionArn string `xml:"SubscriptionArn"`
}

type subscribeInput struct {
	TopicArn, Protocol, Endpoint string
	// ReturnSubscriptionArn is read as AWS reads it: "true" in any case.
	ReturnSubscriptionArn string
	Attributes            map[string]string `query:"Attributes.entry,key,value"`
}

func (s *Service) subscribe(rq *request, in *subscribeInput) (*subscribeResult, *awserr.Error) {
	topicARNStr := in.TopicArn
	if _, err := topicARNOf("TopicArn", topicARNStr, rq.caller.Region); err != nil {
		return nil, err
	}
	protocol := in.Protocol
	if !validProtocol(protocol) {
		return nil, invalidParam("Amazon SNS does not support this protocol string: " + protocol)
	}
	endpoint := in.Endpoint
	returnARN, _ := parseBool(in.ReturnSubscriptionArn)
	attrs := in.Attributes

	s.mu.Lock()
	t, err := s.topicLocked(rq.caller, "TopicArn", topicARNStr, "Subscribe")
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if err := validateEndpoint(protocol, endpoint, t.fifo); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	stored, filter, problem := validateSubscribeAttributes(attrs, protocol, endpoint, t.fifo)
	if problem != nil {
		s.mu.Unlock()
		return nil, invalidParamReason("Attributes", problem.reason)
	}
	acct := s.accounts[t.account]
	for _, subARN := range t.subs {
		sub := acct.subs[subARN]
		if sub == nil || sub.protocol != protocol || sub.endpoint != endpoint {
			continue
		}
		for k, v := range stored {
			if sub.attrs[k] != v && !(k == attrRawMessageDelivery && v == "false" && !sub.raw()) {
				s.mu.Unlock()
				return nil, invalidParamReason("Attributes", "Subscription already exists with different attributes")
			}
		}
		arn := sub.arn
		confirmed := sub.confirmed
		if !confirmed {
			// AWS sends the confirmation again for a repeated Subscribe.
			s.requestConfirmationLocked(acct, t, sub, rq.caller.BaseURL())
		}
		s.mu.Unlock()
		if !confirmed && !returnARN {
			return &subscribeResult{SubscriptionArn: pendingConfirmation}, nil
		}
		return &subscribeResult{SubscriptionArn: arn}, nil
	}
	sub := &subscription{
		arn:      t.arn + ":" + ids.UUID(),
		topicARN: t.arn,
		protocol: protocol,
		endpoint: endpoint,
		owner:    rq.caller.Account,
		attrs:    map[string]string{},
		filter:   filter,
	}
	for k, v := range stored {
		sub.setAttribute(k, v)
	}
	if needsConfirmation(protocol) {
		sub.token = newToken()
		acct.tokens[sub.token] = sub.arn
	} else {
		sub.confirmed = true
		sub.authenticated = true
	}
	acct.subs[sub.arn] = sub
	t.subs = append(t.subs, sub.arn)
	s.changedLocked(acct.id)
	if !sub.confirmed {
		s.requestConfirmationLocked(acct, t, sub, rq.caller.BaseURL())
	}
	s.mu.Unlock()

	if !sub.confirmed && !returnARN {
		return &subscribeResult{SubscriptionArn: pendingConfirmation}, nil
	}
	return &subscribeResult{SubscriptionArn: sub.arn}, nil
}

// validateSubscribeAttributes checks the Attributes of a Subscribe call.
func validateSubscribeAttributes(attrs map[string]string, protocol, endpoint string, topicFifo bool) (map[string]string, *filterpolicy.Policy, *attrProblem) {
	stored := make(map[string]string, len(attrs))
	sc := subscriptionContext{protocol: protocol, topicFifo: topicFifo, fifoEndpoint: strings.HasSuffix(endpoint, ".fifo"),
		scope: attrs[attrFilterPolicyScope]}
	var filter *filterpolicy.Policy
	for _, k := range sortedKeys(attrs) {
		if !settableSubscriptionAttribute(k) {
			return nil, nil, &attrProblem{"Unknown attribute " + k}
		}
		if k == attrFilterPolicyScope {
			// Checked for its value only; the policy is compiled with it below.
			if v := attrs[k]; v != scopeAttributes && v != scopeBody {
				return nil, nil, &attrProblem{"FilterPolicyScope: Invalid value [" + v + "]. Please use either MessageBody or MessageAttributes"}
			}
			stored[k] = attrs[k]
			continue
		}
		v, p, problem := validateSubscriptionAttribute(k, attrs[k], sc)
		if problem != nil {
			return nil, nil, problem
		}
		if p != nil {
			filter = p
		}
		if v != "" {
			stored[k] = v
		}
	}
	return stored, filter, nil
}

type subscriptionAttributesResult struct {
	Attributes xmlAttributes `xml:"Attributes"`
}

// subscriptionInput is the input of the operations on one subscription.
type subscriptionInput struct {
	SubscriptionArn string
}

func (s *Service) getSubscriptionAttributes(rq *request, in *subscriptionInput) (*subscriptionAttributesResult, *awserr.Error) {
	subARN := in.SubscriptionArn
	a, err := subscriptionARNOf(subARN)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := s.subscriptionLocked(a.Account, subARN)
	if sub == nil || a.Account != rq.caller.Account {
		return nil, subscriptionNotFound()
	}
	return &subscriptionAttributesResult{Attributes: toXMLAttributes(subscriptionAttributes(sub))}, nil
}

type setSubscriptionAttributesInput struct {
	SubscriptionArn, AttributeName, AttributeValue string
}

func (s *Service) setSubscriptionAttributes(rq *request, in *setSubscriptionAttributesInput) (*noResult, *awserr.Error) {
	subARN, name, value := in.SubscriptionArn, in.AttributeName, in.AttributeValue
	a, err := subscriptionARNOf(subARN)
	if err != nil {
		return nil, err
	}
	if !settableSubscriptionAttribute(name) {
		return nil, invalidParam("AttributeName")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := s.subscriptionLocked(a.Account, subARN)
	if sub == nil || a.Account != rq.caller.Account {
		return nil, subscriptionNotFound()
	}
	topicFifo := false
	if t := s.accounts[a.Account].topics[sub.topicARN]; t != nil {
		topicFifo = t.fifo
	}
	sc := subscriptionContext{
		protocol: sub.protocol, topicFifo: topicFifo, fifoEndpoint: strings.HasSuffix(sub.endpoint, ".fifo"),
		scope: sub.attrs[attrFilterPolicyScope], policy: sub.attrs[attrFilterPolicy],
	}
	v, p, problem := validateSubscriptionAttribute(name, value, sc)
	if problem != nil {
		return nil, invalidParam(problem.reason)
	}
	switch name {
	case attrFilterPolicy:
		sub.filter = p
	case attrFilterPolicyScope:
		if sc.policy != "" {
			sub.filter = p
		}
	}
	sub.setAttribute(name, v)
	s.changedLocked(a.Account)
	return nil, nil
}

type confirmSubscriptionResult struct {
	SubscriptionArn string `xml:"SubscriptionArn"`
}

// confirmSubscription confirms a pending subscription by its token. Like AWS
// it needs no signature (the SubscribeURL is a plain GET), so the topic's
// account comes from the TopicArn, not from the caller.
type confirmSubscriptionInput struct {
	TopicArn, Token string
	// AuthenticateOnUnsubscribe is read as AWS reads it: "true" in any case.
	AuthenticateOnUnsubscribe string
}

func (s *Service) confirmSubscription(rq *request, in *confirmSubscriptionInput) (*confirmSubscriptionResult, *awserr.Error) {
	topicARNStr := in.TopicArn
	a, err := parseARN("TopicArn", topicARNStr)
	if err != nil || a.Service != "sns" || a.Region != rq.caller.Region {
		return nil, invalidParam("Topic")
	}
	token := in.Token
	if strings.Trim(token, "0123456789abcdefABCDEF") != "" {
		// Tokens are hex: AWS words a token that cannot be one differently
		// from one it does not know (recorded: "randomtoken" vs "abc123").
		return nil, errInvalidParameter.Newf("Invalid token")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accounts[a.Account]
	if acct == nil || acct.topics[topicARNStr] == nil {
		// A well-formed ARN of a missing topic: AWS looks the token up first.
		return nil, invalidParam("Token")
	}
	sub := acct.subs[acct.tokens[token]]
	if token == "" || sub == nil || sub.topicARN != topicARNStr {
		return nil, invalidParam("Token")
	}
	if !sub.confirmed {
		sub.confirmed = true
		auth, _ := parseBool(in.AuthenticateOnUnsubscribe)
		sub.authenticated = auth || rq.caller.Service != ""
		s.changedLocked(acct.id)
	}
	return &confirmSubscriptionResult{SubscriptionArn: sub.arn}, nil
}

// unsubscribe deletes a subscription. It succeeds for subscriptions that are
// gone, as on AWS; the UnsubscribeURL of a notification reaches it unsigned,
// so the account comes from the ARN.
func (s *Service) unsubscribe(rq *request, in *subscriptionInput) (*noResult, *awserr.Error) {
	subARN := in.SubscriptionArn
	a, err := subscriptionARNOf(subARN)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := s.subscriptionLocked(a.Account, subARN)
	if sub == nil {
		return nil, nil
	}
	if a.Account != rq.caller.Account && rq.caller.Service != "" {
		return nil, errAuthorization.Newf("User: arn:aws:iam::%s:root is not authorized to perform: SNS:Unsubscribe on resource: %s", rq.caller.Account, subARN)
	}
	acct := s.accounts[a.Account]
	s.removeSubscriptionLocked(acct, sub)
	if sub.protocol == "http" || sub.protocol == "https" {
		s.sendUnsubscribeConfirmationLocked(acct, sub, rq.caller.BaseURL())
	}
	return nil, nil
}

func (s *Service) removeSubscriptionLocked(acct *account, sub *subscription) {
	s.changedLocked(acct.id)
	delete(acct.subs, sub.arn)
	if sub.token != "" {
		delete(acct.tokens, sub.token)
	}
	if t := acct.topics[sub.topicARN]; t != nil {
		for i, arn := range t.subs {
			if arn == sub.arn {
				t.subs = append(t.subs[:i:i], t.subs[i+1:]...)
				break
			}
		}
	}
}

// subscriptionLocked finds a subscription by ARN in an account.
func (s *Service) subscriptionLocked(accountID, subARN string) *subscription {
	acct := s.accounts[accountID]
	if acct == nil {
		return nil
	}
	return acct.subs[subARN]
}

type subscriptionMember struct {
	SubscriptionArn string `xml:"SubscriptionArn"`
	Owner           string `xml:"Owner"`
	Protocol        string `xml:"Protocol"`
	Endpoint        string `xml:"Endpoint"`
	TopicArn        string `xml:"TopicArn"`
}

type listSubscriptionsResult struct {
	Subscriptions xmlList[subscriptionMember] `xml:"Subscriptions"`
	NextToken     string                      `xml:"NextToken,omitempty"`
}

func (s *Service) listSubscriptions(rq *request, in *nextTokenInput) (*listSubscriptionsResult, *awserr.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var arns []string
	acct := s.accounts[rq.caller.Account]
	if acct != nil {
		for _, tARN := range acct.order {
			t := acct.topics[tARN]
			if t.region == rq.caller.Region {
				arns = append(arns, t.subs...)
			}
		}
	}
	return s.subscriptionPageLocked(acct, arns, in.NextToken)
}

type listSubscriptionsByTopicInput struct {
	TopicArn, NextToken string
}

func (s *Service) listSubscriptionsByTopic(rq *request, in *listSubscriptionsByTopicInput) (*listSubscriptionsResult, *awserr.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicLocked(rq.caller, "TopicArn", in.TopicArn, "ListSubscriptionsByTopic")
	if err != nil {
		return nil, err
	}
	return s.subscriptionPageLocked(s.accounts[t.account], t.subs, in.NextToken)
}

func (s *Service) subscriptionPageLocked(acct *account, arns []string, token string) (*listSubscriptionsResult, *awserr.Error) {
	page, next, err := paginate(arns, token)
	if err != nil {
		return nil, err
	}
	out := listSubscriptionsResult{NextToken: next}
	for _, arn := range page {
		sub := acct.subs[arn]
		m := subscriptionMember{SubscriptionArn: sub.arn, Owner: sub.owner, Protocol: sub.protocol, Endpoint: sub.endpoint, TopicArn: sub.topicARN}
		if !sub.confirmed {
			m.SubscriptionArn = "PendingConfirmation"
		}
		out.Subscriptions.Members = append(out.Subscriptions.Members, m)
	}
	return &out, nil
}

package sns

// Inspection: read-only views of an account's topics, subscriptions and
// delivery log for the grader and tests. They copy what they return, so a
// caller can keep them while the service runs on.

// TopicInfo describes one topic.
type TopicInfo struct {
	ARN        string
	Name       string
	Region     string
	Fifo       bool
	Attributes map[string]string
	Tags       map[string]string
}

// SubscriptionInfo describes one subscription.
type SubscriptionInfo struct {
	ARN        string
	TopicARN   string
	Protocol   string
	Endpoint   string
	Confirmed  bool
	Attributes map[string]string
}

// Topics returns the account's topics in every region, in creation order.
func (s *Service) Topics(accountID string) []TopicInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accounts[accountID]
	if acct == nil {
		return nil
	}
	out := make([]TopicInfo, 0, len(acct.order))
	for _, arn := range acct.order {
		t := acct.topics[arn]
		tags := make(map[string]string, len(t.tags))
		for _, tag := range t.tags {
			tags[tag.Key] = tag.Value
		}
		out = append(out, TopicInfo{
			ARN: t.arn, Name: t.name, Region: t.region, Fifo: t.fifo,
			Attributes: s.topicAttributesLocked(t), Tags: tags,
		})
	}
	return out
}

// Subscriptions returns the account's subscriptions, topic by topic.
func (s *Service) Subscriptions(accountID string) []SubscriptionInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accounts[accountID]
	if acct == nil {
		return nil
	}
	var out []SubscriptionInfo
	for _, arn := range acct.order {
		for _, subARN := range acct.topics[arn].subs {
			sub := acct.subs[subARN]
			if sub == nil {
				continue
			}
			out = append(out, SubscriptionInfo{
				ARN: sub.arn, TopicARN: sub.topicARN, Protocol: sub.protocol, Endpoint: sub.endpoint,
				Confirmed: sub.confirmed, Attributes: subscriptionAttributes(sub),
			})
		}
	}
	return out
}

// Deliveries returns the account's delivery log, oldest first (at most the
// last 1000 entries, give or take half).
func (s *Service) Deliveries(accountID string) []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accounts[accountID]
	if acct == nil {
		return nil
	}
	return append([]Delivery(nil), acct.log.entries...)
}

package sns

import (
	"time"

	"github.com/queuelab/queuelab/grader/emulator/sns/filterpolicy"
)

// account holds one account's topics and subscriptions. Topics of every
// region live here, keyed by ARN, which names the region.
type account struct {
	id     string
	topics map[string]*topic
	// order keeps topics in creation order, so listings are stable.
	order []string
	subs  map[string]*subscription
	// tokens maps confirmation tokens to the subscription they confirm.
	tokens map[string]string
	log    deliveryLog

	// Mobile push: platform applications (creation order kept for
	// listings) and their endpoints, by ARN; ARNs name the region.
	apps      map[string]*platformApp
	appOrder  []string
	endpoints map[string]*platformEndpoint
	// SMS: the account's SMS attributes per region, the numbers that
	// opted out, and the SMS sandbox's destination numbers.
	smsAttrs map[string]map[string]string
	optedOut map[string]bool
	sandbox  map[string]*sandboxNumber
}

func newAccount(id string) *account {
	return &account{
		id:     id,
		topics: map[string]*topic{},
		subs:   map[string]*subscription{},
		tokens: map[string]string{},
		log:    deliveryLog{max: maxLogEntries},

		apps:      map[string]*platformApp{},
		endpoints: map[string]*platformEndpoint{},
		smsAttrs:  map[string]map[string]string{},
		optedOut:  map[string]bool{},
		sandbox:   map[string]*sandboxNumber{},
	}
}

// topic is one SNS topic.
type topic struct {
	arn     string
	name    string
	region  string
	account string
	fifo    bool
	// attrs holds the attributes a caller set (DisplayName, Policy,
	// DeliveryPolicy, ContentBasedDeduplication, ...); defaults are added when
	// they are read.
	attrs map[string]string
	tags  []pair
	// subs lists subscription ARNs in creation order.
	subs []string
	// seq numbers FIFO messages; dedup remembers FIFO deduplication ids.
	seq   uint64
	dedup map[string]dedupEntry
	// dataProtection is the policy PutDataProtectionPolicy stored; like
	// AWS, GetTopicAttributes does not show it.
	dataProtection string
}

type dedupEntry struct {
	until     time.Time
	messageID string
	seq       string
}

// subscription is one subscription of a topic.
type subscription struct {
	arn      string
	topicARN string
	protocol string
	endpoint string
	owner    string
	attrs    map[string]string
	filter   *filterpolicy.Policy
	// dlq is the RedrivePolicy's deadLetterTargetArn, kept parsed.
	dlq string
	// confirmed is false while an HTTP or email subscription waits for
	// ConfirmSubscription.
	confirmed bool
	token     string
	// authenticated records how the subscription was confirmed.
	authenticated bool
}

// raw reports whether the subscription delivers the bare message.
func (s *subscription) raw() bool { return s.attrs[attrRawMessageDelivery] == "true" }

// setAttribute stores (or, for an empty value, removes) an attribute and
// keeps the parsed dead-letter queue in step.
func (s *subscription) setAttribute(name, value string) {
	if value == "" {
		delete(s.attrs, name)
	} else {
		s.attrs[name] = value
	}
	if name == attrRedrivePolicy {
		s.dlq = ""
		if p, err := parseRedrivePolicy(value); value != "" && err == nil {
			s.dlq = p.DeadLetterTargetArn
		}
	}
}

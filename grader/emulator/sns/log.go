package sns

import (
	"errors"
	"time"
)

// errNoQueues is the delivery error when the service has no QueueTarget.
var errNoQueues = errors.New("sns: no SQS service to deliver to")

// Message types, as in the x-amz-sns-message-type header and the Type field.
const (
	TypeNotification             = "Notification"
	TypeSubscriptionConfirmation = "SubscriptionConfirmation"
	TypeUnsubscribeConfirmation  = "UnsubscribeConfirmation"
)

// DeliveryStatus is the outcome of one delivery.
type DeliveryStatus string

// The outcomes a delivery log records.
const (
	// StatusDelivered: the endpoint accepted the message.
	StatusDelivered DeliveryStatus = "delivered"
	// StatusFiltered: the subscription's filter policy did not match.
	StatusFiltered DeliveryStatus = "filtered"
	// StatusFailed: the endpoint refused it (after retries, for HTTP) and
	// there was no dead-letter queue to take it.
	StatusFailed DeliveryStatus = "failed"
	// StatusRedriven: delivery failed and the message went to the
	// subscription's dead-letter queue.
	StatusRedriven DeliveryStatus = "redriven"
	// StatusNotEmulated: the protocol (email, sms, lambda, ...) is accepted
	// but nothing is sent; the body shows what would have been.
	StatusNotEmulated DeliveryStatus = "not-emulated"
)

// Delivery is one entry of an account's delivery log.
type Delivery struct {
	Time            time.Time
	TopicARN        string
	SubscriptionARN string
	Protocol        string
	Endpoint        string
	MessageID       string
	// Type is Notification, SubscriptionConfirmation or
	// UnsubscribeConfirmation.
	Type string
	// Body is what was (or would have been) sent.
	Body            string
	Status          DeliveryStatus
	Attempts        int
	Error           string
	DeadLetterQueue string
	// Token is the confirmation token of a SubscriptionConfirmation, so that
	// a test can confirm an email or HTTP subscription without a mailbox.
	Token string
}

// maxLogEntries bounds each account's delivery log; older entries go first.
const maxLogEntries = 1000

// deliveryLog is a bounded log, oldest first.
type deliveryLog struct {
	max     int
	entries []Delivery
}

func (l *deliveryLog) add(d Delivery) {
	if len(l.entries) >= l.max {
		// Drop the older half at once: amortised O(1) per entry.
		n := copy(l.entries, l.entries[l.max/2:])
		clear(l.entries[n:])
		l.entries = l.entries[:n]
	}
	l.entries = append(l.entries, d)
}

// record appends d to the account's delivery log, stamped with the clock.
func (s *Service) record(accountID string, d Delivery) {
	d.Time = s.cfg.Clock.Now().UTC()
	s.mu.Lock()
	s.accountLocked(accountID).log.add(d)
	s.mu.Unlock()
}

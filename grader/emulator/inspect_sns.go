package emulator

import "github.com/queuelab/queuelab/grader/emulator/sns"

// The SNS half of the inspection API: what an account's topics and
// subscriptions look like and what SNS delivered, read without going through
// the wire protocol and without changing anything.

// Topic describes one SNS topic: ARN, name, region, FIFO, every attribute
// GetTopicAttributes would show, and tags.
type Topic = sns.TopicInfo

// Subscription describes one SNS subscription and its attributes.
type Subscription = sns.SubscriptionInfo

// Delivery is one entry of an account's SNS delivery log: a notification or
// confirmation sent (or filtered out, failed, redriven to a dead-letter
// queue) to one subscription.
type Delivery = sns.Delivery

// DeliveryStatus is the outcome of one delivery.
type DeliveryStatus = sns.DeliveryStatus

// The delivery outcomes.
const (
	DeliveryDelivered   = sns.StatusDelivered
	DeliveryFiltered    = sns.StatusFiltered
	DeliveryFailed      = sns.StatusFailed
	DeliveryRedriven    = sns.StatusRedriven
	DeliveryNotEmulated = sns.StatusNotEmulated
)

// Topics returns the account's SNS topics in every region, in creation order.
func (e *Emulator) Topics(account string) []Topic { return e.sns.Topics(account) }

// Subscriptions returns the account's SNS subscriptions, topic by topic.
func (e *Emulator) Subscriptions(account string) []Subscription {
	return e.sns.Subscriptions(account)
}

// Deliveries returns the account's SNS delivery log, oldest first. It keeps
// the most recent deliveries (about the last thousand) per account.
func (e *Emulator) Deliveries(account string) []Delivery { return e.sns.Deliveries(account) }

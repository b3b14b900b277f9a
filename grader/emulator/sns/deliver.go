package sns

import (
	"context"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/ids"
	"github.com/queuelab/queuelab/grader/emulator/sns/filterpolicy"
)

// notification is one published message on its way to the subscribers.
type notification struct {
	messageID string
	topicARN  string
	region    string
	topicFifo bool
	sigV2     bool
	in        publishInput
	timestamp time.Time
	sequence  string
	duplicate bool
	baseURL   string
	// sig caches the signature of sigMessage; fan-out is sequential, so no
	// lock is needed.
	sig, sigMessage string
}

// target is a copy of what delivering to one subscription needs, taken under
// the lock so that delivery runs without it.
type target struct {
	subARN   string
	protocol string
	endpoint string
	raw      bool
	filter   *filterpolicy.Policy
	dlq      string
}

// prepareLocked stamps a message for topic t and snapshots the confirmed
// subscriptions to deliver it to. The caller holds s.mu.
func (s *Service) prepareLocked(t *topic, in *publishInput, baseURL string) (*notification, []target) {
	n := &notification{
		messageID: ids.UUID(),
		topicARN:  t.arn,
		region:    t.region,
		topicFifo: t.fifo,
		sigV2:     t.attrs[attrSignatureVersion] == "2",
		timestamp: s.cfg.Clock.Now().UTC(),
		baseURL:   baseURL,
	}
	if t.fifo {
		n.messageID, n.sequence, n.duplicate = s.sequenceLocked(t, in, n.messageID)
	}
	n.in = *in
	if n.duplicate {
		return n, nil
	}
	acct := s.accounts[t.account]
	targets := make([]target, 0, len(t.subs))
	for _, subARN := range t.subs {
		sub := acct.subs[subARN]
		if sub == nil || !sub.confirmed {
			continue
		}
		targets = append(targets, target{
			subARN: sub.arn, protocol: sub.protocol, endpoint: sub.endpoint,
			raw: sub.raw(), filter: sub.filter, dlq: sub.dlq,
		})
	}
	return n, targets
}

// fanOut delivers n to every target: SQS at once, HTTP in the background.
func (s *Service) fanOut(ctx context.Context, accountID string, n *notification, targets []target) {
	ctx = context.WithoutCancel(ctx)
	for _, tg := range targets {
		message := n.in.messageFor(tg.protocol)
		if tg.filter != nil && !tg.filter.Match(filterpolicy.Message{Attributes: n.in.attrs, Body: message}) {
			s.record(accountID, Delivery{
				TopicARN: n.topicARN, SubscriptionARN: tg.subARN, Protocol: tg.protocol, Endpoint: tg.endpoint,
				MessageID: n.messageID, Type: TypeNotification, Status: StatusFiltered,
			})
			continue
		}
		switch tg.protocol {
		case "sqs":
			s.deliverToQueue(ctx, accountID, n, tg, message)
		case "http", "https":
			body := message
			if !tg.raw {
				body = notificationEnvelope(n, tg.subARN, message)
			}
			s.startHTTP(accountID, httpDelivery{
				url: tg.endpoint, body: body, messageType: TypeNotification, messageID: n.messageID,
				topicARN: n.topicARN, subARN: tg.subARN, raw: tg.raw, protocol: tg.protocol,
				dlq: tg.dlq, attrs: n.in.attrs,
			})
		case "sms":
			d := Delivery{
				TopicARN: n.topicARN, SubscriptionARN: tg.subARN, Protocol: tg.protocol, Endpoint: tg.endpoint,
				MessageID: n.messageID, Type: TypeNotification, Body: message, Status: StatusNotEmulated,
			}
			s.mu.Lock()
			if s.accountLocked(accountID).optedOut[tg.endpoint] {
				d.Error = notSentOptedOut
			}
			s.mu.Unlock()
			s.record(accountID, d)
		case "application":
			s.mu.Lock()
			d, err := s.endpointDeliveryLocked(accountID, tg.endpoint, &n.in)
			s.mu.Unlock()
			d.TopicARN, d.SubscriptionARN, d.MessageID = n.topicARN, tg.subARN, n.messageID
			if err != nil {
				d.Status, d.Error = StatusFailed, err.Message
			}
			s.record(accountID, d)
		default:
			s.record(accountID, Delivery{
				TopicARN: n.topicARN, SubscriptionARN: tg.subARN, Protocol: tg.protocol, Endpoint: tg.endpoint,
				MessageID: n.messageID, Type: TypeNotification, Body: notificationEnvelope(n, tg.subARN, message),
				Status: StatusNotEmulated,
			})
		}
	}
}

// deliverToQueue sends one notification to an SQS subscription, and to the
// subscription's dead-letter queue when that fails.
func (s *Service) deliverToQueue(ctx context.Context, accountID string, n *notification, tg target, message string) {
	d := QueueDelivery{QueueARN: tg.endpoint, TopicARN: n.topicARN, Body: message}
	if tg.raw {
		d.Attributes = n.in.attrs
	} else {
		d.Body = notificationEnvelope(n, tg.subARN, message)
	}
	setGroup(&d, n, tg.endpoint)
	rec := Delivery{
		TopicARN: n.topicARN, SubscriptionARN: tg.subARN, Protocol: tg.protocol, Endpoint: tg.endpoint,
		MessageID: n.messageID, Type: TypeNotification, Body: d.Body, Attempts: 1, Status: StatusDelivered,
	}
	err := s.sendToQueue(ctx, d)
	if err != nil {
		rec.Status, rec.Error = StatusFailed, err.Error()
		if tg.dlq != "" {
			dd := d
			dd.QueueARN = tg.dlq
			setGroup(&dd, n, tg.dlq)
			if dlqErr := s.sendToQueue(ctx, dd); dlqErr == nil {
				rec.Status, rec.DeadLetterQueue = StatusRedriven, tg.dlq
			} else {
				rec.Error += "; dead-letter queue: " + dlqErr.Error()
			}
		}
		s.cfg.Logger.Info("sns delivery to sqs failed", "subscription", tg.subARN, "queue", tg.endpoint, "error", err, "status", rec.Status)
	}
	s.record(accountID, rec)
}

func (s *Service) sendToQueue(ctx context.Context, d QueueDelivery) error {
	if s.cfg.Queues == nil {
		return errNoQueues
	}
	return s.cfg.Queues.DeliverToQueue(ctx, d)
}

// setGroup passes FIFO ids on as AWS does: a FIFO queue gets the group and
// deduplication ids; a standard queue gets the group id of a standard topic's
// message (standard queues accept it) and nothing from a FIFO topic.
func setGroup(d *QueueDelivery, n *notification, queueARN string) {
	d.MessageGroupID, d.DeduplicationID = "", ""
	switch {
	case strings.HasSuffix(queueARN, ".fifo"):
		d.MessageGroupID = n.in.groupID
		d.DeduplicationID = n.in.dedupID
	case !n.topicFifo:
		d.MessageGroupID = n.in.groupID
	}
}

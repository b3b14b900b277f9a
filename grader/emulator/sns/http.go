package sns

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/egress"
	"github.com/queuelab/queuelab/grader/emulator/ids"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// HTTP delivery follows the topic's default delivery policy: the first try
// and then httpRetries more, httpRetryDelay apart on the service's clock.
const (
	httpRetries    = 3
	httpRetryDelay = 20 * time.Second
)

// httpDelivery is one POST to an HTTP/HTTPS subscriber.
type httpDelivery struct {
	url         string
	body        string
	messageType string
	messageID   string
	topicARN    string
	subARN      string
	protocol    string
	raw         bool
	token       string
	// dlq and attrs let a failed notification go to the subscription's
	// dead-letter queue.
	dlq   string
	attrs map[string]msgattr.Value
}

// startHTTP delivers d in the background unless the service is closed. It
// must not be called with s.mu held.
func (s *Service) startHTTP(accountID string, d httpDelivery) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.startHTTPLocked(accountID, d)
}

// startHTTPLocked is startHTTP for callers that hold s.mu. Adding to the
// wait group under the lock, after checking closed, keeps Close's Wait from
// racing with a new delivery.
func (s *Service) startHTTPLocked(accountID string, d httpDelivery) {
	if s.closed {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.runHTTP(accountID, d)
	}()
}

func (s *Service) runHTTP(accountID string, d httpDelivery) {
	rec := Delivery{
		TopicARN: d.topicARN, SubscriptionARN: d.subARN, Protocol: d.protocol, Endpoint: d.url,
		MessageID: d.messageID, Type: d.messageType, Body: d.body, Token: d.token,
	}
	var err error
	for attempt := 0; attempt <= httpRetries; attempt++ {
		if attempt > 0 {
			select {
			case <-s.ctx.Done():
				rec.Status, rec.Error = StatusFailed, "stopped: "+err.Error()
				s.record(accountID, rec)
				return
			case <-s.cfg.Clock.After(httpRetryDelay):
			}
		}
		rec.Attempts++
		if err = s.post(s.ctx, d); err == nil {
			rec.Status = StatusDelivered
			s.record(accountID, rec)
			return
		}
		if s.ctx.Err() != nil || errors.Is(err, egress.ErrRefused) {
			// Retrying cannot change the policy's answer.
			break
		}
	}
	rec.Status, rec.Error = StatusFailed, err.Error()
	// A refusal says why and how to allow it, without the URL's wrapping.
	var refused *egress.RefusedError
	isRefused := errors.As(err, &refused)
	if isRefused {
		rec.Error = refused.Error()
	}
	if d.dlq != "" && d.messageType == TypeNotification {
		dd := QueueDelivery{QueueARN: d.dlq, TopicARN: d.topicARN, Body: d.body}
		if d.raw {
			dd.Attributes = d.attrs
		}
		if dlqErr := s.sendToQueue(context.Background(), dd); dlqErr == nil {
			rec.Status, rec.DeadLetterQueue = StatusRedriven, d.dlq
		} else {
			rec.Error += "; dead-letter queue: " + dlqErr.Error()
		}
	}
	if isRefused {
		s.cfg.Logger.Warn("sns delivery to http refused", "subscription", d.subARN, "url", d.url,
			"type", d.messageType, "status", rec.Status, "reason", rec.Error)
	} else {
		s.cfg.Logger.Info("sns delivery to http failed", "subscription", d.subARN, "url", d.url, "error", rec.Error)
	}
	s.record(accountID, rec)
}

// post makes one attempt, with the headers AWS sends.
func (s *Service) post(ctx context.Context, d httpDelivery) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, bytes.NewReader([]byte(d.body)))
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	h := req.Header
	h.Set("Content-Type", "text/plain; charset=UTF-8")
	h.Set("User-Agent", "Amazon Simple Notification Service Agent")
	h.Set("x-amz-sns-message-type", d.messageType)
	h.Set("x-amz-sns-message-id", d.messageID)
	h.Set("x-amz-sns-topic-arn", d.topicARN)
	if d.messageType != TypeSubscriptionConfirmation {
		h.Set("x-amz-sns-subscription-arn", d.subARN)
	}
	if d.raw {
		h.Set("x-amz-sns-rawdelivery", "true")
	}
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("post to %s: %w", d.url, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("post to %s: status %s", d.url, strconv.Itoa(resp.StatusCode))
	}
	return nil
}

// requestConfirmationLocked sends (HTTP) or logs (email) the
// SubscriptionConfirmation of a new pending subscription. The caller holds
// s.mu.
func (s *Service) requestConfirmationLocked(acct *account, t *topic, sub *subscription, baseURL string) {
	messageID := ids.UUID()
	ts := s.cfg.Clock.Now().UTC().Format(timestampLayout)
	body := confirmationMessage(TypeSubscriptionConfirmation, messageID, sub.token, t.arn, sub.arn, baseURL, t.region, ts)
	if sub.protocol == "http" || sub.protocol == "https" {
		s.startHTTPLocked(acct.id, httpDelivery{
			url: sub.endpoint, body: body, messageType: TypeSubscriptionConfirmation, messageID: messageID,
			topicARN: t.arn, subARN: sub.arn, protocol: sub.protocol, token: sub.token,
		})
		return
	}
	acct.log.add(Delivery{
		Time: s.cfg.Clock.Now().UTC(), TopicARN: t.arn, SubscriptionARN: sub.arn, Protocol: sub.protocol,
		Endpoint: sub.endpoint, MessageID: messageID, Type: TypeSubscriptionConfirmation, Body: body,
		Status: StatusNotEmulated, Token: sub.token,
	})
}

// sendUnsubscribeConfirmationLocked tells an HTTP endpoint it was
// unsubscribed, as AWS does. The caller holds s.mu.
func (s *Service) sendUnsubscribeConfirmationLocked(acct *account, sub *subscription, baseURL string) {
	t := acct.topics[sub.topicARN]
	if t == nil {
		return
	}
	token := newToken()
	messageID := ids.UUID()
	ts := s.cfg.Clock.Now().UTC().Format(timestampLayout)
	s.startHTTPLocked(acct.id, httpDelivery{
		url: sub.endpoint, messageType: TypeUnsubscribeConfirmation, messageID: messageID,
		body:     confirmationMessage(TypeUnsubscribeConfirmation, messageID, token, t.arn, sub.arn, baseURL, t.region, ts),
		topicARN: t.arn, subARN: sub.arn, protocol: sub.protocol, token: token,
	})
}

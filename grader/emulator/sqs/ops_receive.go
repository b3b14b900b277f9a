package sqs

import (
	"context"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// ReceiveMessage, with long polling.

func (s *Service) receiveMessage(r *request, in *receiveMessageInput) (*receiveMessageOutput, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	max := 1
	if in.MaxNumberOfMessages != nil {
		if max = *in.MaxNumberOfMessages; max < 1 || max > 10 {
			return nil, invalidParam(max, "MaxNumberOfMessages", "Must be between 1 and 10, if provided.")
		}
	}
	q.mu.Lock()
	wait, visibility := q.cfg.wait, q.cfg.visibility
	q.mu.Unlock()
	if in.WaitTimeSeconds != nil {
		if wait = *in.WaitTimeSeconds; wait < 0 || wait > 20 {
			return nil, invalidParam(wait, "WaitTimeSeconds", "Must be >= 0 and <= 20, if provided.")
		}
	}
	if in.VisibilityTimeout != nil {
		if visibility = *in.VisibilityTimeout; visibility < 0 || visibility > 43200 {
			return nil, invalidParam(visibility, "VisibilityTimeout", "Must be >= 0 and <= 43200, if provided.")
		}
	}
	attempt := ""
	if q.fifo && in.ReceiveRequestAttemptID != "" {
		attempt = in.ReceiveRequestAttemptID
		if err := checkGroupOrDedupID("ReceiveRequestAttemptId", &attempt); err != nil {
			return nil, err
		}
	}
	var got []received
	retried := false
	if attempt != "" {
		got, retried = q.retryAttempt(attempt, r.now, time.Duration(visibility)*time.Second)
	}
	if !retried {
		got = s.pollQueue(r, q, max, time.Duration(visibility)*time.Second, time.Duration(wait)*time.Second)
		if attempt != "" {
			q.rememberAttempt(attempt, got, s.cfg.Clock.Now())
		}
	}
	wantSys := nameFilter(append(in.AttributeNames, in.MessageSystemAttributeNames...), false)
	keepAttr := nameFilter(in.MessageAttributeNames, true)
	out := &receiveMessageOutput{}
	if len(got) > 0 {
		out.Messages = make([]wireMessage, 0, len(got))
	}
	for _, g := range got {
		out.Messages = append(out.Messages, wireFor(g, wantSys, keepAttr))
	}
	return out, nil
}

// pollQueue receives from q, waiting up to wait for a message to arrive or
// become visible. It returns early when the client goes away, the queue is
// deleted or the service closes.
func (s *Service) pollQueue(r *request, q *queue, max int, visibility, wait time.Duration) []received {
	deadline := s.cfg.Clock.Now().Add(wait)
	for {
		now := s.cfg.Clock.Now()
		dlq := s.deadLetterQueueOf(q)
		res := q.receive(now, max, visibility, dlq)
		if len(res.toDLQ) > 0 {
			res.dlq.enqueueMoved(now, res.toDLQ, q.arn)
			q.forgetMoved(res.toDLQ)
		}
		remaining := deadline.Sub(now)
		if len(res.got) > 0 || res.gone || remaining <= 0 {
			return res.got
		}
		if len(res.toDLQ) > 0 {
			continue // what was moved may have unblocked others
		}
		d := remaining
		if !res.next.IsZero() && res.next.Sub(now) < d {
			d = res.next.Sub(now)
		}
		if !s.wait(r.ctx, q, res.notify, d) {
			return nil
		}
	}
}

// wait blocks until q may have a message for a poller (notify), d passes on
// the clock, the client goes away or the service closes; it reports whether
// polling should go on. Waiting pollers are counted, for inspection.
func (s *Service) wait(ctx context.Context, q *queue, notify <-chan struct{}, d time.Duration) bool {
	q.mu.Lock()
	q.waiting++
	q.mu.Unlock()
	defer func() {
		q.mu.Lock()
		q.waiting--
		q.mu.Unlock()
	}()
	select {
	case <-notify:
	case <-s.cfg.Clock.After(d):
	case <-ctx.Done():
		return false
	case <-s.closed:
		return false
	}
	return true
}

func (s *Service) deadLetterQueueOf(q *queue) *queue {
	rp := q.redrive()
	if rp == nil {
		return nil
	}
	return s.queueByARN(rp.DeadLetterTargetArn)
}

// nameFilter returns a predicate for AttributeNames-style lists: "All"
// selects everything; for message attributes ".*" and "*" do too and
// "prefix.*" selects a prefix ("Hel.*" selects Hello and Help.Me, as recorded).
func nameFilter(names []string, wildcards bool) func(string) bool {
	if len(names) == 0 {
		return func(string) bool { return false }
	}
	exact := map[string]bool{}
	var prefixes []string
	for _, n := range names {
		switch {
		case n == "All" || wildcards && (n == ".*" || n == "*"):
			return func(string) bool { return true }
		case wildcards && strings.HasSuffix(n, ".*"):
			prefixes = append(prefixes, strings.TrimSuffix(n, ".*"))
		default:
			exact[n] = true
		}
	}
	return func(name string) bool {
		if exact[name] {
			return true
		}
		for _, p := range prefixes {
			if strings.HasPrefix(name, p) {
				return true
			}
		}
		return false
	}
}

func wireFor(g received, wantSys, keepAttr func(string) bool) wireMessage {
	m := &g.m
	wm := wireMessage{
		MessageID:     m.id.String(),
		ReceiptHandle: g.handle,
		MD5OfBody:     m.md5Body.String(),
		Body:          m.body,
		Attributes:    m.systemAttributes(wantSys),
	}
	d := m.more()
	if attrs := wireAttributes(d.attrs, keepAttr); len(attrs) > 0 {
		wm.MessageAttributes = attrs
		wm.MD5OfMessageAttributes = d.md5Attrs
		if len(attrs) != len(d.attrs) {
			kept := make(map[string]msgattr.Value, len(attrs))
			for name := range attrs {
				kept[name] = d.attrs[name]
			}
			wm.MD5OfMessageAttributes = msgattr.MD5(kept)
		}
	}
	return wm
}

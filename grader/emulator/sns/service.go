// Package sns is the emulator's Simple Notification Service: topics,
// subscriptions, filter policies and delivery to SQS and HTTP endpoints,
// served over the query protocol (form-encoded requests, XML responses).
//
// Every account is isolated: a request acts in the account of its caller, and
// ARNs name it (arn:aws:sns:<region>:<account>:<name>). Time comes from the
// configured clock. Deliveries to SQS happen before Publish answers, so that a
// receive right after a publish sees the message; deliveries to HTTP
// endpoints run in the background with bounded retries until Close.
package sns

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"

	"github.com/queuelab/queuelab/grader/emulator/caller"
	"github.com/queuelab/queuelab/grader/emulator/clock"
	"github.com/queuelab/queuelab/grader/emulator/egress"
	"github.com/queuelab/queuelab/grader/emulator/ids"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// Version is the query-protocol API version of SNS.
const Version = "2010-03-31"

// QueueTarget is where SNS delivers to SQS subscriptions.
type QueueTarget interface {
	DeliverToQueue(ctx context.Context, d QueueDelivery) error
}

// QueueDelivery is one message for one SQS subscription: the envelope (or the
// raw message) as the body, and, for raw delivery, the message attributes.
type QueueDelivery struct {
	QueueARN        string
	TopicARN        string
	Body            string
	Attributes      map[string]msgattr.Value
	MessageGroupID  string
	DeduplicationID string
}

// Config configures a Service. Zero fields get defaults: the wall clock, no
// logging, no queues (SQS deliveries fail) and HTTP deliveries to loopback
// addresses only, through the system's network.
type Config struct {
	Clock  clock.Clock
	Logger *slog.Logger
	Queues QueueTarget
	// DeliveryPolicy says where HTTP/HTTPS deliveries may connect; the zero
	// policy allows loopback only. A refused destination is a failed
	// delivery, never a request.
	DeliveryPolicy egress.Policy
	// Dialer resolves and connects for HTTP/HTTPS deliveries, under
	// DeliveryPolicy. Default: egress.System().
	Dialer egress.Dialer
	// HTTPClient, when set, replaces the delivery client, and with it
	// DeliveryPolicy and Dialer: for clients that open no connections (an
	// in-memory transport) or enforce their own rules.
	HTTPClient *http.Client
}

// Service is one SNS: every account's topics and subscriptions.
type Service struct {
	cfg Config

	mu       sync.Mutex
	accounts map[string]*account
	closed   bool

	// ctx is cancelled by Close, which then waits for wg: the background HTTP
	// deliveries.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New returns a Service with no topics.
func New(cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = clock.Real()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = egress.NewClient(cfg.DeliveryPolicy, cfg.Dialer)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Service{cfg: cfg, accounts: map[string]*account{}, ctx: ctx, cancel: cancel}
}

// Close stops background deliveries and waits for them to end. Requests
// after Close answer ServiceUnavailable.
func (s *Service) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
}

// request is what a handler gets: the caller, the form and the request id.
type request struct {
	ctx    context.Context
	caller caller.Caller
	form   url.Values
	id     string
	action string
}

type handlerFunc func(s *Service, rq *request) (any, error)

// handlerFor is the routing table: one handler per SNS action.
func handlerFor(action string) handlerFunc {
	switch action {
	case "CreateTopic":
		return (*Service).createTopic
	case "DeleteTopic":
		return (*Service).deleteTopic
	case "ListTopics":
		return (*Service).listTopics
	case "GetTopicAttributes":
		return (*Service).getTopicAttributes
	case "SetTopicAttributes":
		return (*Service).setTopicAttributes
	case "Subscribe":
		return (*Service).subscribe
	case "ConfirmSubscription":
		return (*Service).confirmSubscription
	case "Unsubscribe":
		return (*Service).unsubscribe
	case "ListSubscriptions":
		return (*Service).listSubscriptions
	case "ListSubscriptionsByTopic":
		return (*Service).listSubscriptionsByTopic
	case "GetSubscriptionAttributes":
		return (*Service).getSubscriptionAttributes
	case "SetSubscriptionAttributes":
		return (*Service).setSubscriptionAttributes
	case "Publish":
		return (*Service).publish
	case "PublishBatch":
		return (*Service).publishBatch
	case "TagResource":
		return (*Service).tagResource
	case "UntagResource":
		return (*Service).untagResource
	case "ListTagsForResource":
		return (*Service).listTagsForResource
	case "AddPermission":
		return (*Service).addPermission
	case "RemovePermission":
		return (*Service).removePermission
	}
	return nil
}

// IsAction reports whether action is an SNS query action. The router asks it
// for unsigned requests, so it says no for the names SQS has too
// (AddPermission, RemovePermission): signed requests reach SNS by their
// signing scope.
func IsAction(action string) bool { return handlerFor(action) != nil && !sharedWithSQS(action) }

// ServeQuery serves one query-protocol request.
func (s *Service) ServeQuery(w http.ResponseWriter, r *http.Request, c caller.Caller, form url.Values) {
	rq := &request{ctx: r.Context(), caller: c, form: form, id: ids.UUID(), action: form.Get("Action")}
	result, err := s.serve(rq)
	if err != nil {
		s.cfg.Logger.Debug("sns request failed", "action", rq.action, "account", c.Account, "error", err)
		writeError(w, rq.id, err)
		return
	}
	writeResult(w, rq.action, rq.id, result)
}

func (s *Service) serve(rq *request) (any, error) {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil, errServiceUnavailable.New()
	}
	if rq.action == "" {
		return nil, errMissingAction.Newf("Could not find operation for version %s", Version)
	}
	h := handlerFor(rq.action)
	if h == nil {
		return nil, errInvalidAction.Newf("Could not find operation %s for version %s", rq.action, Version)
	}
	return h(s, rq)
}

// accountLocked returns the account with the given id, creating it. The
// caller holds s.mu.
func (s *Service) accountLocked(id string) *account {
	a := s.accounts[id]
	if a == nil {
		a = newAccount(id)
		s.accounts[id] = a
	}
	return a
}

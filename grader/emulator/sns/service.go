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

// operation is one entry of the routing table: it reads its input from the
// form, guards, then acts.
type operation func(s *Service, rq *request) (any, error)

// op adapts a typed handler to the routing table: decode reads the
// operation's input from the form (decoding never fails: what is missing or
// malformed is the handler's guards' business), then the handler runs.
func op[In any](decode func(url.Values) In, fn func(*Service, *request, In) (any, error)) operation {
	return func(s *Service, rq *request) (any, error) { return fn(s, rq, decode(rq.form)) }
}

// operations is the routing table: every SNS operation of the API reference,
// once. It is built once and never changed.
var operations = sync.OnceValue(func() map[string]operation {
	return map[string]operation{
		// Topics (topics.go, tags.go, permissions.go, dataprotection.go).
		"CreateTopic":             (*Service).createTopic,
		"DeleteTopic":             (*Service).deleteTopic,
		"ListTopics":              (*Service).listTopics,
		"GetTopicAttributes":      (*Service).getTopicAttributes,
		"SetTopicAttributes":      (*Service).setTopicAttributes,
		"TagResource":             (*Service).tagResource,
		"UntagResource":           (*Service).untagResource,
		"ListTagsForResource":     (*Service).listTagsForResource,
		"AddPermission":           (*Service).addPermission,
		"RemovePermission":        (*Service).removePermission,
		"GetDataProtectionPolicy": op(decodeGetDataProtectionPolicy, (*Service).getDataProtectionPolicy),
		"PutDataProtectionPolicy": op(decodePutDataProtectionPolicy, (*Service).putDataProtectionPolicy),
		// Subscriptions (subscriptions.go).
		"Subscribe":                 (*Service).subscribe,
		"ConfirmSubscription":       (*Service).confirmSubscription,
		"Unsubscribe":               (*Service).unsubscribe,
		"ListSubscriptions":         (*Service).listSubscriptions,
		"ListSubscriptionsByTopic":  (*Service).listSubscriptionsByTopic,
		"GetSubscriptionAttributes": (*Service).getSubscriptionAttributes,
		"SetSubscriptionAttributes": (*Service).setSubscriptionAttributes,
		// Publishing (publish.go, publish_batch.go).
		"Publish":      (*Service).publish,
		"PublishBatch": (*Service).publishBatch,
		// SMS (sms.go, sms_sandbox.go).
		"CheckIfPhoneNumberIsOptedOut": op(decodePhoneNumberInput, (*Service).checkIfPhoneNumberIsOptedOut),
		"ListPhoneNumbersOptedOut":     op(decodeListPhoneNumbersOptedOut, (*Service).listPhoneNumbersOptedOut),
		"OptInPhoneNumber":             op(decodePhoneNumberInput, (*Service).optInPhoneNumber),
		"GetSMSAttributes":             op(decodeGetSMSAttributes, (*Service).getSMSAttributes),
		"SetSMSAttributes":             op(decodeSetSMSAttributes, (*Service).setSMSAttributes),
		"GetSMSSandboxAccountStatus":   op(decodeNothing, (*Service).getSMSSandboxAccountStatus),
		"CreateSMSSandboxPhoneNumber":  op(decodeCreateSandboxNumber, (*Service).createSMSSandboxPhoneNumber),
		"VerifySMSSandboxPhoneNumber":  op(decodeVerifySandboxNumber, (*Service).verifySMSSandboxPhoneNumber),
		"DeleteSMSSandboxPhoneNumber":  op(decodeSandboxNumber, (*Service).deleteSMSSandboxPhoneNumber),
		"ListSMSSandboxPhoneNumbers":   op(decodeListPage, (*Service).listSMSSandboxPhoneNumbers),
		"ListOriginationNumbers":       op(decodeListPage, (*Service).listOriginationNumbers),
		// Mobile push (platform.go, endpoints.go).
		"CreatePlatformApplication":          op(decodeCreatePlatformApplication, (*Service).createPlatformApplication),
		"DeletePlatformApplication":          op(decodeApplicationARN, (*Service).deletePlatformApplication),
		"ListPlatformApplications":           op(decodeListPage, (*Service).listPlatformApplications),
		"GetPlatformApplicationAttributes":   op(decodeApplicationARN, (*Service).getPlatformApplicationAttributes),
		"SetPlatformApplicationAttributes":   op(decodeSetPlatformApplicationAttributes, (*Service).setPlatformApplicationAttributes),
		"CreatePlatformEndpoint":             op(decodeCreatePlatformEndpoint, (*Service).createPlatformEndpoint),
		"ListEndpointsByPlatformApplication": op(decodeListEndpoints, (*Service).listEndpointsByPlatformApplication),
		"GetEndpointAttributes":              op(decodeEndpointARN, (*Service).getEndpointAttributes),
		"SetEndpointAttributes":              op(decodeSetEndpointAttributes, (*Service).setEndpointAttributes),
		"DeleteEndpoint":                     op(decodeEndpointARN, (*Service).deleteEndpoint),
	}
})

// Operations returns the names of every operation the service serves.
func (s *Service) Operations() []string { return sortedKeys(operations()) }

// IsAction reports whether action is an SNS query action. The router asks it
// for unsigned requests, so it says no for the names SQS has too
// (AddPermission, RemovePermission): signed requests reach SNS by their
// signing scope.
func IsAction(action string) bool { return operations()[action] != nil && !sharedWithSQS(action) }

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
	o := operations()[rq.action]
	if o == nil {
		return nil, errInvalidAction.Newf("Could not find operation %s for version %s", rq.action, Version)
	}
	return s.dispatch(rq, o)
}

// dispatch runs one operation. A bug must cost one request an
// InternalError, never the process.
func (s *Service) dispatch(rq *request, o operation) (out any, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.cfg.Logger.Error("sns handler panicked", "action", rq.action, "panic", p)
			out, err = nil, errInternal.New()
		}
	}()
	return o(s, rq)
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
